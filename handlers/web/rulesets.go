package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
)

// tagText explains a parameter's confidence tag (domain.md §0).
var tagText = map[string]string{"[C]": "与依据原文一致", "[P]": "依据转引文本", "[U]": "默认值，待学校确认"}

// ruleSetsView is what rulesets.html shows: every version, newest first.
type ruleSetsView struct {
	Rows      []ruleSetRow
	CanCreate bool
}

type ruleSetRow struct {
	Version, EffectiveFrom, Source, CreatedAt string
	InEffect                                  bool
}

// ruleSetView is what ruleset.html shows: a version and its parameters.
type ruleSetView struct {
	Version, EffectiveFrom, Source, CreatedAt, Previous string
	InEffect, CanCreate                                 bool
	Params                                              []paramRow
}

type paramRow struct {
	Key, Label, Value, Rules, Tag, TagText string
	Changed                                bool // differs from the previous version
}

// ruleSetFormView is what ruleset_form.html shows.
type ruleSetFormView struct {
	Base     string
	Fields   []formField
	Params   []formField // Type "list" is a textarea, one item per line
	Problems []string
}

// registerRuleSets mounts the rule-set pages: every role reads them; admins
// add a version, never change one.
func (w *Handler) registerRuleSets(r fiber.Router) {
	r.Get("/rule-sets", w.ruleSetsPage)
	r.Get("/rule-sets/new", w.newRuleSetPage)
	r.Post("/rule-sets", w.csrf, w.createRuleSet)
	r.Get("/rule-sets/:version", w.ruleSetPage)
}

func mayAddRuleSet(p *models.Principal) bool {
	return p.Role == models.RoleSystemAdmin || p.Role == models.RoleOfficeAdmin
}

// allRuleSets are every version, latest effective date first, and the one in
// effect today.
func (w *Handler) allRuleSets(c *fiber.Ctx) ([]models.RuleSet, string, error) {
	res, err := w.Rules.FindRuleSets(c.UserContext(), models.RuleSetFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize}})
	if err != nil {
		return nil, "", err
	}
	current, _ := rules.Select(res.Items, models.DateOf(w.now().In(models.China)))
	return res.Items, current.Version, nil
}

func (w *Handler) ruleSetsPage(c *fiber.Ctx) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	sets, current, err := w.allRuleSets(c)
	if err != nil {
		return err
	}
	v := ruleSetsView{CanCreate: mayAddRuleSet(p)}
	for _, rs := range sets {
		v.Rows = append(v.Rows, ruleSetRow{Version: rs.Version, EffectiveFrom: rs.EffectiveFrom.String(), Source: rs.Source,
			CreatedAt: when(rs.CreatedAt), InEffect: rs.Version == current})
	}
	return w.render(c, fiber.StatusOK, "rulesets", View{Title: "实习规则参数", Data: v})
}

// paramValue renders a parameter as the page shows it.
func paramValue(s rules.ParamSpec, v any) string {
	p := rules.Params{s.Key: v}
	switch s.Kind {
	case rules.KindBool:
		return yesText(p.Bool(s.Key))
	case rules.KindList:
		return strings.Join(p.List(s.Key), "、")
	case rules.KindTime:
		return p.String(s.Key)
	}
	return strings.TrimSpace(num(p.Float(s.Key)) + " " + s.Unit)
}

func (w *Handler) ruleSetPage(c *fiber.Ctx) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	sets, current, err := w.allRuleSets(c)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(sets, func(rs models.RuleSet) bool { return rs.Version == c.Params("version") })
	if i < 0 {
		return models.ErrNotFound
	}
	rs := sets[i]
	var prev *models.RuleSet
	if i+1 < len(sets) { // the list is newest first
		prev = &sets[i+1]
	}
	v := ruleSetView{Version: rs.Version, EffectiveFrom: rs.EffectiveFrom.String(), Source: rs.Source, CreatedAt: when(rs.CreatedAt),
		InEffect: rs.Version == current, CanCreate: mayAddRuleSet(p)}
	if prev != nil {
		v.Previous = prev.Version
	}
	for _, s := range rules.Specs {
		row := paramRow{Key: s.Key, Label: s.Label, Value: paramValue(s, rs.Params[s.Key]), Rules: strings.Join(s.Rules, "、"),
			Tag: s.Tag, TagText: tagText[s.Tag]}
		row.Changed = prev != nil && paramValue(s, prev.Params[s.Key]) != row.Value
		v.Params = append(v.Params, row)
	}
	return w.render(c, fiber.StatusOK, "ruleset", View{Title: "实习规则参数 " + rs.Version, Data: v})
}

// paramInput is one parameter's value as the form shows it.
func paramInput(s rules.ParamSpec, v any) string {
	p := rules.Params{s.Key: v}
	switch s.Kind {
	case rules.KindBool:
		return strconv.FormatBool(p.Bool(s.Key))
	case rules.KindList:
		return strings.Join(p.List(s.Key), "\n")
	case rules.KindTime:
		return p.String(s.Key)
	}
	return num(p.Float(s.Key))
}

// ruleSetForm is the new version's form: its version, date and source, and
// every parameter with its Chinese label, unit and the rules that read it.
func ruleSetForm(values, errs map[string]string) ruleSetFormView {
	v := ruleSetFormView{Base: values["base"], Fields: []formField{
		{Name: "version", Label: "版本号", Required: true, Hint: "年份加修订号，如2021.2；已有的版本不能修改"},
		{Name: "effectiveFrom", Label: "生效日期", Required: true, Type: "date", Hint: "此日及以后开始的实习按本版本检查；已启用的实习仍按其启用时的版本"},
		{Name: "source", Label: "依据", Required: true, Hint: "文件名称、文号或链接"},
	}}
	used := map[string]bool{}
	for i := range v.Fields {
		f := &v.Fields[i]
		f.Value, f.Error, used[f.Name] = values[f.Name], errs[f.Name], true
	}
	for _, s := range rules.Specs {
		name := "params." + s.Key
		f := formField{Name: name, ID: "param-" + s.Key, Label: s.Label, Value: values[name], Error: errs[name], Type: "text",
			Hint: "适用 " + strings.Join(s.Rules, "、") + " · " + s.Tag + " " + tagText[s.Tag], Required: s.Kind != rules.KindList}
		if s.Unit != "" {
			f.Label += "（" + s.Unit + "）"
		}
		switch s.Kind {
		case rules.KindBool:
			f.Options = yesNo
		case rules.KindList:
			f.Type, f.Hint = "list", "每行一项 · "+f.Hint
		case rules.KindTime:
			f.Type = "time"
		}
		used[name] = true
		v.Params = append(v.Params, f)
	}
	for k, msg := range errs {
		if !used[k] {
			v.Problems = append(v.Problems, msg)
		}
	}
	slices.Sort(v.Problems)
	return v
}

// newRuleSetPage starts a version from the one in effect today (or ?from=),
// so that the admin changes only what changed.
func (w *Handler) newRuleSetPage(c *fiber.Ctx) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !mayAddRuleSet(p) {
		return models.ErrForbidden
	}
	sets, current, err := w.allRuleSets(c)
	if err != nil {
		return err
	}
	from := cmpOr(c.Query("from"), current)
	values := map[string]string{"base": from}
	base := rules.Defaults()
	if i := slices.IndexFunc(sets, func(rs models.RuleSet) bool { return rs.Version == from }); i >= 0 {
		base = sets[i].Params
	}
	for _, s := range rules.Specs {
		values["params."+s.Key] = paramInput(s, base[s.Key])
	}
	return w.render(c, fiber.StatusOK, "ruleset_form", View{Title: "新增实习规则参数版本", Data: ruleSetForm(values, nil)})
}

func (w *Handler) createRuleSet(c *fiber.Ctx) error {
	values := map[string]string{"base": c.FormValue("base")}
	for _, n := range []string{"version", "effectiveFrom", "source"} {
		values[n] = strings.TrimSpace(c.FormValue(n))
	}
	errs := map[string]string{}
	params := map[string]any{}
	for _, s := range rules.Specs {
		name := "params." + s.Key
		raw := c.FormValue(name)
		values[name] = strings.TrimSpace(raw)
		switch s.Kind {
		case rules.KindBool:
			params[s.Key] = values[name] == "true"
		case rules.KindList:
			var items []any
			for _, line := range strings.Split(raw, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					items = append(items, line)
				}
			}
			params[s.Key] = items
		case rules.KindTime:
			params[s.Key] = values[name]
		default:
			f, err := strconv.ParseFloat(values[name], 64)
			if err != nil {
				errs[name] = s.Label + "须为数字"
				continue
			}
			params[s.Key] = f
		}
	}
	var err error
	var created *models.RuleSet
	if len(errs) == 0 {
		created, err = w.Rules.CreateRuleSet(c.UserContext(), models.RuleSetFields{Version: ptr(values["version"]),
			EffectiveFrom: ptr(values["effectiveFrom"]), Source: ptr(values["source"]), Params: params})
	}
	if fe := fieldErrors(err, errs); fe != nil {
		return w.render(c, fiber.StatusUnprocessableEntity, "ruleset_form", View{Title: "新增实习规则参数版本", Data: ruleSetForm(values, fe)})
	}
	if err != nil {
		return err
	}
	flash(c, "已新增实习规则参数版本 "+created.Version+"，自 "+created.EffectiveFrom.String()+" 起生效")
	return c.Redirect("/rule-sets/"+created.Version, fiber.StatusSeeOther)
}
