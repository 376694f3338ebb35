package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

var enterpriseSizes = []option{{models.SizeLarge, "大型"}, {models.SizeMedium, "中型"}, {models.SizeSmall, "小型"}, {models.SizeMicro, "微型"}}

// enterprises are shared by all schools; an enterprise user sees and edits only
// its own profile (not its credit code or name).
func (w *Handler) enterprises() *resource[models.Enterprise, models.EnterpriseFields, models.EnterpriseFilter] {
	return &resource[models.Enterprise, models.EnterpriseFields, models.EnterpriseFilter]{
		path: "/enterprises", noun: "企业", sheet: sheets.Enterprises,
		search:  "企业名称、统一社会信用代码或联系人",
		filters: []formField{{Name: "industry", Label: "所属行业"}, {Name: "size", Label: "企业规模", Options: enterpriseSizes}},
		sorts:   []option{{"name", "企业名称"}, {"creditCode", "统一社会信用代码"}, {"-onPostStaff", "在岗职工（多到少）"}, {"-updatedAt", "最近修改"}},
		columns: []string{"企业名称", "统一社会信用代码", "所属行业", "企业规模", "在岗职工人数", "联系人", "联系电话"},
		filter: func(lp models.ListParams, q map[string]string) models.EnterpriseFilter {
			return models.EnterpriseFilter{ListParams: lp, Industry: q["industry"], Size: q["size"]}
		},
		find: w.Enterprises.FindEnterprises,
		row: func(e *models.Enterprise) (string, []string) {
			return "/enterprises/" + e.ID.Hex(), []string{e.Name, e.CreditCode, e.Industry, labelOf(enterpriseSizes, e.Size),
				strconv.Itoa(e.OnPostStaff), e.ContactName, e.ContactPhone}
		},
		get:   w.Enterprises.FindEnterpriseByID,
		about: func(e *models.Enterprise) (bson.ObjectID, string, int64) { return e.ID, e.Name, e.Version },
		detail: func(e *models.Enterprise) []pair {
			return append([]pair{{"企业名称", e.Name}, {"统一社会信用代码", e.CreditCode}, {"所属行业", e.Industry},
				{"企业规模", labelOf(enterpriseSizes, e.Size)}, {"地址", e.Address}, {"在岗职工人数", strconv.Itoa(e.OnPostStaff)},
				{"在岗职工统计日期", e.OnPostStaffAsOf.String()}, {"联系人", e.ContactName}, {"联系电话", e.ContactPhone}}, stamp(&e.Meta)...)
		},
		form: func(c *fiber.Ctx, e *models.Enterprise) ([]formField, error) {
			p, _ := models.PrincipalFrom(c.UserContext())
			own := p.Role == models.RoleEnterprise
			sizes := append([]option{{"", "未填写"}}, enterpriseSizes...)
			return []formField{
				{Name: "name", Label: "企业名称", Required: true, ReadOnly: own, Hint: hintIf(own, "企业名称和统一社会信用代码如需更正，请联系学校教务处")},
				{Name: "creditCode", Label: "统一社会信用代码", Required: true, ReadOnly: own, Hint: hintIf(!own, "18位，见营业执照")},
				{Name: "industry", Label: "所属行业"},
				{Name: "size", Label: "企业规模", Options: sizes},
				{Name: "address", Label: "地址"},
				{Name: "onPostStaff", Label: "在岗职工人数", Type: "number"},
				{Name: "onPostStaffAsOf", Label: "在岗职工统计日期", Type: "date", Hint: "填写在岗职工人数时必填"},
				{Name: "contactName", Label: "联系人"},
				{Name: "contactPhone", Label: "联系电话", Type: "tel"},
			}, nil
		},
		read: func(v map[string]string) (models.EnterpriseFields, map[string]string) {
			errs := map[string]string{}
			return models.EnterpriseFields{Version: version(v), CreditCode: text(v, "creditCode"), Name: text(v, "name"),
				Industry: text(v, "industry"), Size: text(v, "size"), Address: text(v, "address"),
				OnPostStaff:     number(v, "onPostStaff", "在岗职工人数须为整数", errs),
				OnPostStaffAsOf: text(v, "onPostStaffAsOf"), ContactName: text(v, "contactName"), ContactPhone: text(v, "contactPhone")}, errs
		},
		values: func(e *models.Enterprise) map[string]string {
			return map[string]string{"name": e.Name, "creditCode": e.CreditCode, "industry": e.Industry, "size": e.Size,
				"address": e.Address, "onPostStaff": strconv.Itoa(e.OnPostStaff), "onPostStaffAsOf": e.OnPostStaffAsOf.String(),
				"contactName": e.ContactName, "contactPhone": e.ContactPhone}
		},
		defaults: map[string]string{"onPostStaff": "0"},
		create:   w.Enterprises.CreateEnterprise,
		update:   w.Enterprises.UpdateEnterprise,
		remove:   w.Enterprises.DeleteEnterprise,
		mayWrite: func(p *models.Principal, e *models.Enterprise) bool {
			return officeOrAdmin(p) || p.Role == models.RoleEnterprise && e != nil && e.ID == p.EnterpriseID
		},
		mayDelete: func(p *models.Principal, _ *models.Enterprise) bool {
			return p.Role == models.RoleOfficeAdmin || p.Role == models.RoleSystemAdmin
		},
	}
}

func hintIf(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// enterpriseOptions lists enterprises by name for a choice, after a first "none"
// option labelled none.
func (w *Handler) enterpriseOptions(c *fiber.Ctx, none string) ([]option, error) {
	res, err := w.Enterprises.FindEnterprises(c.UserContext(), models.EnterpriseFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "name"}})
	if err != nil {
		return nil, err
	}
	opts := []option{{"", none}}
	for _, e := range res.Items {
		opts = append(opts, option{e.ID.Hex(), e.Name + "（" + e.CreditCode + "）"})
	}
	return opts, nil
}
