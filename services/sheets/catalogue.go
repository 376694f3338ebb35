package sheets

import (
	"context"
	"slices"
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

// The certificate catalogue (证书目录) as a sheet. An entry's natural key is the
// one the certs service keeps unique: a 1+X certificate's name, a skill
// recognition's 工种代码 and 工种名称.

var (
	certTypes    = []Option{{"1+X", models.CertX}, {"职业技能等级认定", models.CertSkill}}
	certStatuses = []Option{{"有效", models.CertActive}, {"已退出", models.CertWithdrawn}, {"已合并", models.CertMerged}}
	certLevels   = levelOptions()
)

func levelOptions() []Option {
	var out []Option
	for _, l := range append(slices.Clone(models.XLevels), models.SkillLevels...) {
		out = append(out, Option{l, l})
	}
	return out
}

var certEntrySpec = &kindSpec{label: "证书目录", key: "name", keyOf: entryRowKey,
	keyNote: "5. 已在证书目录中的证书（1+X证书按证书名称，职业技能等级认定按工种代码和工种名称识别）按文件内容更新，不会重复创建。",
	columns: []Column{
		{Header: "证书类型", Field: "type", Type: TypeEnum, Options: certTypes, Required: true, width: 18, Example: "1+X"},
		{Header: "证书名称", Field: "name", Type: TypeText, width: 36, Example: "Web前端开发职业技能等级证书",
			Note: "1+X证书必填，填官方全称，以“职业技能等级证书”结尾，全平台唯一；职业技能等级认定可留空，默认为工种名称"},
		{Header: "培训评价组织", Field: "evaluationOrg", Type: TypeText, width: 30, Example: "示例教育科技有限公司",
			Note: "1+X证书必填，不超过100个字"},
		{Header: "批次", Field: "batch", Type: TypeInt, width: 8, Example: "1", Note: "1+X证书的公布批次，1至4；职业技能等级认定留空"},
		{Header: "工种代码", Field: "occupationCode", Type: TypeText, AsText: true, width: 14,
			Note: "职业技能等级认定必填，如6-31-01-03；1+X证书留空"},
		{Header: "工种名称", Field: "occupationName", Type: TypeText, width: 16,
			Note: "职业技能等级认定必填；与工种代码一起识别已有的认定；1+X证书留空"},
		{Header: "等级", Field: "levels", Type: TypeList, Options: certLevels, Required: true, width: 22, Example: "初级,中级,高级",
			Note: "多个等级用逗号分隔：1+X证书为初级、中级、高级，职业技能等级认定为五级至一级"},
		{Header: "状态", Field: "status", Type: TypeEnum, Options: certStatuses, width: 10, Example: "有效", Note: "留空视为有效"},
		{Header: "来源", Field: "source", Type: TypeText, width: 30, Note: "公布该证书的文件或网址，不超过300个字"},
	}}

// entryRowKey is a row's natural key: the name of a 1+X certificate, "工种代码
// 工种名称" of a skill recognition; "" while the type or the key is missing.
func entryRowKey(fields map[string]any) (key, field, name string) {
	text := func(f string) string { s, _ := fields[f].(string); return strings.TrimSpace(s) }
	return entryKey(text("type"), text("name"), text("occupationCode"), text("occupationName"))
}

func entryKey(typ, name, code, occupation string) (key, field, what string) {
	switch typ {
	case models.CertX:
		return name, "name", "证书名称"
	case models.CertSkill:
		if code == "" || occupation == "" {
			return "", "occupationCode", "工种代码和工种名称"
		}
		return code + " " + occupation, "occupationCode", "工种代码和工种名称"
	}
	return "", "type", "证书类型"
}

func (s *Service) entryArea() area {
	return &binding[models.CertEntryFields, models.CertEntry, *models.CertEntry]{
		spec: certEntrySpec, scoped: models.CertEntryFilter{},
		all: eachOf(s.eachEntry),
		key: func(e *models.CertEntry) string {
			k, _, _ := entryKey(e.Type, e.Name, e.OccupationCode, e.OccupationName)
			return k
		},
		apply: func(e *models.CertEntry, f models.CertEntryFields) {
			f.Apply(e)
			normalizeEntry(e)
		},
		create: created(s.certs.CreateEntry),
		update: updated(s.certs.UpdateEntry),
		set:    func(f *models.CertEntryFields, v *int64, _ *string) { f.Version = v },
	}
}

// normalizeEntry does what the certs service does to an entry before it is
// stored (a skill recognition's name defaults to its 工种名称, levels in their
// order), so that a row equal to its entry is seen as unchanged.
func normalizeEntry(e *models.CertEntry) {
	allowed := models.XLevels
	if e.Type == models.CertSkill {
		allowed = models.SkillLevels
		if e.Name == "" {
			e.Name = e.OccupationName
		}
	}
	var levels []string
	for _, l := range allowed {
		if slices.Contains(e.Levels, l) {
			levels = append(levels, l)
		}
	}
	if len(levels) == len(slices.Compact(slices.Sorted(slices.Values(e.Levels)))) {
		e.Levels = levels
	}
}

// eachEntry calls fn with every catalogue entry f lists, page by page through
// the certs service (the catalogue is a few hundred entries).
func (s *Service) eachEntry(ctx context.Context, f models.CertEntryFilter, fn func(*models.CertEntry) error) error {
	f.PageSize = models.MaxPageSize
	seen := 0
	for f.Page = 1; ; f.Page++ {
		page, err := s.certs.FindEntries(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			if err := fn(&page.Items[i]); err != nil {
				return err
			}
		}
		seen += len(page.Items)
		if len(page.Items) < models.MaxPageSize || int64(seen) >= page.Total {
			return nil
		}
	}
}
