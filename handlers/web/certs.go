package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

var (
	certTypes    = []option{{models.CertX, "1+X证书"}, {models.CertSkill, "职业技能等级认定"}}
	certStatuses = []option{{models.CertActive, "有效"}, {models.CertWithdrawn, "已退出"}, {models.CertMerged, "已合并"}}
	// skillLevelNames are the 职业技能等级 with the 工 names schools also use.
	skillLevelNames = map[string]string{"五级": "五级/初级工", "四级": "四级/中级工", "三级": "三级/高级工", "二级": "二级/技师", "一级": "一级/高级技师"}
)

// levelOptions are the levels of a certificate type; both types' when typ is
// neither, labelled with their type (a form without JavaScript cannot narrow
// them when the type changes; the service refuses another type's level).
func levelOptions(typ string) []option {
	known := typ == models.CertX || typ == models.CertSkill
	var out []option
	add := func(t string, levels []string, suffix string) {
		if known && typ != t {
			return
		}
		if known {
			suffix = ""
		}
		for _, l := range levels {
			out = append(out, option{l, levelLabel(l) + suffix})
		}
	}
	add(models.CertX, models.XLevels, "（1+X）")
	add(models.CertSkill, models.SkillLevels, "（职业技能等级认定）")
	return out
}

// levelLabel names a level as levelOptions does, without the type.
func levelLabel(l string) string {
	if n, ok := skillLevelNames[l]; ok {
		return n
	}
	return l
}

// catalogueWriters keep the certificate catalogue (domain.md §2: admins keep the
// catalogues); everyone else reads it.
func catalogueWriters(p *models.Principal) bool {
	return p.Role == models.RoleSystemAdmin || p.Role == models.RoleOfficeAdmin
}

// certEntries are the certificate catalogue pages, shared by every school.
func (w *Handler) certEntries() *resource[models.CertEntry, models.CertEntryFields, models.CertEntryFilter] {
	return &resource[models.CertEntry, models.CertEntryFields, models.CertEntryFilter]{
		path: "/cert-entries", noun: "证书", sheet: sheets.CertEntries,
		search:  "证书名称、培训评价组织或工种",
		filters: []formField{{Name: "type", Label: "证书类型", Options: certTypes}, {Name: "status", Label: "状态", Options: certStatuses}},
		sorts:   []option{{"name", "证书名称"}, {"type", "证书类型"}, {"batch", "批次"}, {"occupationCode", "工种代码"}, {"-updatedAt", "最近修改"}},
		columns: []string{"证书名称", "证书类型", "培训评价组织 / 工种", "批次", "等级", "状态"},
		filter: func(lp models.ListParams, q map[string]string) models.CertEntryFilter {
			return models.CertEntryFilter{ListParams: lp, Type: q["type"], Status: q["status"]}
		},
		find: w.Certs.FindEntries,
		row: func(e *models.CertEntry) (string, []string) {
			return "/cert-entries/" + e.ID.Hex(), []string{e.Name, labelOf(certTypes, e.Type), entrySource(e), entryBatch(e),
				levelList(e.Levels), labelOf(certStatuses, e.Status)}
		},
		get:   w.Certs.FindEntryByID,
		about: func(e *models.CertEntry) (bson.ObjectID, string, int64) { return e.ID, e.Name, e.Version },
		detail: func(e *models.CertEntry) []pair {
			pairs := []pair{{"证书名称", e.Name}, {"证书类型", labelOf(certTypes, e.Type)}}
			if e.Type == models.CertSkill {
				pairs = append(pairs, pair{"工种代码", e.OccupationCode}, pair{"工种名称", e.OccupationName})
			} else {
				pairs = append(pairs, pair{"培训评价组织", e.EvaluationOrg}, pair{"批次", entryBatch(e)})
			}
			pairs = append(pairs, pair{"等级", levelList(e.Levels)}, pair{"状态", labelOf(certStatuses, e.Status)}, pair{"来源", e.Source})
			return append(pairs, stamp(&e.Meta)...)
		},
		form: func(c *fiber.Ctx, e *models.CertEntry) ([]formField, error) {
			typ := c.FormValue("type") // the posted or linked type narrows the levels
			if typ == "" && e != nil {
				typ = e.Type
			}
			return []formField{
				{Name: "type", Label: "证书类型", Required: true, Options: certTypes},
				{Name: "name", Label: "证书名称", Hint: "1+X证书填官方全称，以“职业技能等级证书”结尾；职业技能等级认定可不填，默认为工种名称"},
				{Name: "evaluationOrg", Label: "培训评价组织", Hint: "1+X证书必填"},
				{Name: "batch", Label: "批次", Type: "number", Hint: "1+X证书的公布批次，1至4；职业技能等级认定不填"},
				{Name: "occupationCode", Label: "工种代码", Hint: "职业技能等级认定必填，如6-31-01-03"},
				{Name: "occupationName", Label: "工种名称", Hint: "职业技能等级认定必填"},
				{Name: "levels", Label: "等级", Required: true, Multiple: true, Options: levelOptions(typ),
					Hint: "可多选（按住Ctrl，Mac为Command）：1+X证书为初级至高级，职业技能等级认定为五级至一级"},
				{Name: "status", Label: "状态", Options: certStatuses},
				{Name: "source", Label: "来源", Hint: "公布该证书的文件或网址"},
			}, nil
		},
		read: func(v map[string]string) (models.CertEntryFields, map[string]string) {
			errs := map[string]string{}
			f := models.CertEntryFields{Version: version(v), Type: text(v, "type"), Name: text(v, "name"),
				EvaluationOrg: text(v, "evaluationOrg"), Batch: number(v, "batch", "批次须为整数", errs),
				OccupationCode: text(v, "occupationCode"), OccupationName: text(v, "occupationName"),
				Status: text(v, "status"), Source: text(v, "source")}
			if s, ok := v["levels"]; ok {
				levels := splitList(s)
				f.Levels = &levels
			}
			return f, errs
		},
		values: func(e *models.CertEntry) map[string]string {
			return map[string]string{"type": e.Type, "name": e.Name, "evaluationOrg": e.EvaluationOrg, "batch": strconv.Itoa(e.Batch),
				"occupationCode": e.OccupationCode, "occupationName": e.OccupationName, "levels": strings.Join(e.Levels, ","),
				"status": e.Status, "source": e.Source}
		},
		defaults: map[string]string{"type": models.CertX, "status": models.CertActive, "batch": ""},
		create:   w.Certs.CreateEntry,
		update:   w.Certs.UpdateEntry,
		remove:   w.Certs.DeleteEntry,
		mayWrite: func(p *models.Principal, _ *models.CertEntry) bool { return catalogueWriters(p) },
	}
}

func entrySource(e *models.CertEntry) string {
	if e.Type == models.CertSkill {
		return e.OccupationCode + " " + e.OccupationName
	}
	return e.EvaluationOrg
}

func entryBatch(e *models.CertEntry) string {
	if e.Batch == 0 {
		return ""
	}
	return "第" + strconv.Itoa(e.Batch) + "批"
}

func levelList(levels []string) string {
	out := make([]string, len(levels))
	for i, l := range levels {
		out[i] = levelLabel(l)
	}
	return strings.Join(out, "、")
}

// splitList reads a multiple select or a comma list ("710201, 710202" or
// "710201，710202") into its non-empty items.
func splitList(s string) []string {
	out := []string{}
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// catalogue is the certificate catalogue read once for a request (reference data
// is read once per request, not once per row: architecture.md "Storage").
type catalogue struct {
	entries []models.CertEntry
	byID    map[bson.ObjectID]*models.CertEntry
}

func (w *Handler) catalogue(c *fiber.Ctx) (*catalogue, error) {
	cat := &catalogue{byID: map[bson.ObjectID]*models.CertEntry{}}
	for page := 1; ; page++ {
		res, err := w.Certs.FindEntries(c.UserContext(), models.CertEntryFilter{ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "name"}})
		if err != nil {
			return nil, err
		}
		cat.entries = append(cat.entries, res.Items...)
		if len(res.Items) < models.MaxPageSize || int64(len(cat.entries)) >= res.Total {
			break
		}
	}
	for i := range cat.entries {
		cat.byID[cat.entries[i].ID] = &cat.entries[i]
	}
	return cat, nil
}

// name is an entry's name, or a note that it is gone.
func (cat *catalogue) name(id bson.ObjectID) string {
	if e, ok := cat.byID[id]; ok {
		return e.Name
	}
	return "（证书目录中已无此证书）"
}

// options lists the entries of type typ ("" for both) to choose from: the active
// ones and keep, the one a record already names. none labels the empty first
// choice; "" leaves it out.
func (cat *catalogue) options(typ, none string, keep string) []option {
	var out []option
	if none != "" {
		out = append(out, option{"", none})
	}
	for _, e := range cat.entries {
		if (typ != "" && e.Type != typ) || (e.Status != models.CertActive && e.ID.Hex() != keep) {
			continue
		}
		out = append(out, option{e.ID.Hex(), entryChoice(&e)})
	}
	return out
}

// all lists every entry, withdrawn ones too, for the list filters.
func (cat *catalogue) all() []option {
	out := make([]option, len(cat.entries))
	for i := range cat.entries {
		out[i] = option{cat.entries[i].ID.Hex(), entryChoice(&cat.entries[i])}
	}
	return out
}

func entryChoice(e *models.CertEntry) string {
	if e.Type == models.CertSkill {
		return "职业技能等级认定：" + e.OccupationName + "（" + e.OccupationCode + "）"
	}
	return e.Name
}

// statYear is the statistical year (1 September – 31 August) today falls in.
func (w *Handler) statYear() int {
	return models.StatYearOf(models.DateOf(w.now().In(models.China))).Start
}

// today is the calendar date in China.
func (w *Handler) today() string { return models.DateOf(w.now().In(models.China)).String() }

// yearOptions are the statistical years from next year back to 2019, the first
// year of 1+X pilots, labelled as schools write them.
func (w *Handler) yearOptions() []option {
	var out []option
	for y := w.statYear() + 1; y >= 2019; y-- {
		out = append(out, option{strconv.Itoa(y), models.StatYear{Start: y}.Label()})
	}
	return out
}

// majorNames maps the codes of the majors the caller reads to their names.
func (w *Handler) majorNames(c *fiber.Ctx, school string) (map[string]string, []option, error) {
	names := map[string]string{}
	var opts []option
	for page := 1; ; page++ {
		res, err := w.People.FindMajors(c.UserContext(), models.MajorFilter{SchoolID: school,
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "code"}})
		if err != nil {
			return nil, nil, err
		}
		for _, m := range res.Items {
			if _, seen := names[m.Code]; !seen {
				opts = append(opts, option{m.Code, m.Code + " " + m.Name})
			}
			names[m.Code] = m.Name
		}
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			return names, opts, nil
		}
	}
}

// majorList names major codes, "710201 计算机应用、…".
func majorList(codes []string, names map[string]string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.TrimSpace(c + " " + names[c])
	}
	return strings.Join(out, "、")
}
