package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
)

// Placement words, as the office and the enterprise read them.
var (
	placementKinds    = []option{{models.PlacementPosition, "岗位实习"}, {models.PlacementCognitive, "认识实习"}}
	legacyKinds       = []option{{models.LegacyFollow, "跟岗实习（2022年前，按岗位实习管理）"}, {models.LegacyTop, "顶岗实习（2022年前，按岗位实习管理）"}}
	placementStatuses = []option{{models.PlacementDraft, "草稿"}, {models.PlacementActive, "进行中"}, {models.PlacementSuspended, "暂停中"},
		{models.PlacementCompleted, "已完成"}, {models.PlacementTerminated, "已终止"}}
	arrangements = []option{{models.ArrangedBySchool, "学校统一安排"}, {models.SelfFound, "学生自行选择"}}
	postMatches  = []option{{"", "未填写"}, {models.MatchMatched, "对口"}, {models.MatchRelated, "相近"}, {models.MatchUnmatched, "不对口"}}
	labourClass  = []option{{"0", "未记录"}, {"1", "Ⅰ级"}, {"2", "Ⅱ级"}, {"3", "Ⅲ级"}, {"4", "Ⅳ级"}}
	premiumPayer = []option{{"", "未填写"}, {models.PaidBySchool, "学校"}, {models.PaidByUnit, "实习单位"}, {models.PaidByStudent, "学生"}}
	payMethods   = []option{{"", "未填写"}, {models.PayBankTransfer, "转账至学生本人账户"}, {models.PayCash, "现金"}, {models.PayInKind, "实物、代金券等"}}
	feeKinds     = []option{{"", "无"}, {models.FeeDeposit, "押金"}, {models.FeeTraining, "培训费"}, {models.FeeCommission, "介绍费、中介费"},
		{models.FeeManagement, "管理费"}, {models.FeeMaterials, "实习材料费"}, {models.FeeJobService, "就业服务费"}, {models.FeeGuarantee, "担保"}, {models.FeeOther, "其他"}}
	yesNo      = []option{{"false", "否"}, {"true", "是"}}
	grades     = []option{{"", "未评定"}, {models.GradeExcellent, "优秀"}, {models.GradeGood, "良好"}, {models.GradePass, "合格"}, {models.GradeFail, "不合格"}}
	severities = map[string]string{models.SeverityBlock: "禁止", models.SeverityWarn: "警告", models.SeverityInfo: "提示"}
)

// badge is a compliance or status mark: a class for its colour and the words
// that say the same, so that it never rests on colour alone.
type badge struct{ Class, Text, Rules string }

// complianceBadge sums up a placement's latest check.
func complianceBadge(pl *placements.Placement) badge {
	b := badge{Class: "badge-" + pl.Compliance, Rules: strings.Join(pl.OpenRules, "、")}
	switch pl.Compliance {
	case placements.ComplianceClear:
		b.Text = "✓ 未发现问题"
	case placements.ComplianceWarn:
		b.Text = "! 有警告"
	case placements.ComplianceBlock:
		b.Text = "✕ 有禁止项"
	default:
		b.Text, b.Class = "未检查", "badge-unchecked"
	}
	return b
}

// statusBadge is the placement's status, with the enterprise's answer while it
// is a draft.
func statusBadge(pl *placements.Placement) badge {
	b := badge{Class: "status-" + pl.Status, Text: labelOf(placementStatuses, pl.Status)}
	if pl.Status == models.PlacementDraft {
		switch pl.UnitResponse.Decision {
		case models.UnitConfirmed:
			b.Rules = "企业已确认"
		case models.UnitDeclined:
			b.Rules = "企业已拒绝"
		default:
			b.Rules = "待企业确认"
		}
	}
	return b
}

func kindLabel(pl *placements.Placement) string {
	s := labelOf(placementKinds, pl.Kind)
	switch pl.LegacyKind {
	case models.LegacyFollow:
		s += "（原跟岗实习）"
	case models.LegacyTop:
		s += "（原顶岗实习）"
	}
	return s
}

func period(pl *placements.Placement) string {
	s := pl.StartDate.String() + " 至 " + pl.PlannedEndDate.String()
	if !pl.ActualEndDate.IsZero() && pl.ActualEndDate != pl.PlannedEndDate {
		s += "（实际结束 " + pl.ActualEndDate.String() + "）"
	}
	return s
}

// ruleOptions are the rules, by id with their titles, for a filter or a stop's
// cause.
func ruleOptions() []option {
	var out []option
	for _, r := range rules.All() {
		out = append(out, option{r.ID, r.ID + " " + r.Title})
	}
	return out
}

// placementList parses the list's filters and paging; it is the generic list's
// query on the placement filter.
func (w *Handler) placementList() *resource[placements.Placement, models.PlacementFields, models.PlacementFilter] {
	return &resource[placements.Placement, models.PlacementFields, models.PlacementFilter]{
		w: w, path: "/placements", noun: "实习",
		search: "学生姓名、学号、实习单位或岗位",
		filters: []formField{{Name: "enterpriseId", Label: "实习单位"}, {Name: "kind", Label: "实习类型", Options: placementKinds},
			{Name: "status", Label: "状态", Options: placementStatuses}, {Name: "ruleId", Label: "未解决的规则", Options: ruleOptions()},
			{Name: "year", Label: "统计学年", Options: w.yearOptions()}},
		schoolFilter: true,
		sorts: []option{{"-startDate", "开始日期（新到旧）"}, {"startDate", "开始日期（旧到新）"}, {"studentName", "学生姓名"},
			{"enterpriseName", "实习单位"}, {"compliance", "检查结果"}, {"-updatedAt", "最近修改"}},
		filter: func(lp models.ListParams, q map[string]string) models.PlacementFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.PlacementFilter{ListParams: lp, SchoolID: q["schoolId"], EnterpriseID: q["enterpriseId"], Kind: q["kind"],
				Status: q["status"], RuleID: q["ruleId"], Year: year}
		},
	}
}

// placementsView is what placements.html (the office) and
// portal_placements.html (the enterprise) show.
type placementsView struct {
	listView
	Items []placementRow
}

type placementRow struct {
	Href, Student, StudentNo, IDNumber, Class string
	School, Enterprise, Post, Kind, Period    string
	Action, Pending                           string // the portal's card: what to do next
	Status, Compliance                        badge
}

func placementRowOf(pl *placements.Placement) placementRow {
	return placementRow{Href: "/placements/" + pl.ID.Hex(), Student: pl.Student.Name, StudentNo: pl.Student.StudentNo,
		IDNumber: pl.Student.IDNumber, Class: pl.Student.ClassName, School: pl.SchoolName, Enterprise: pl.EnterpriseName, Post: pl.Post.Name,
		Kind: kindLabel(pl), Period: period(pl), Status: statusBadge(pl), Compliance: complianceBadge(pl)}
}

// placementsPage lists the placements the caller reads: the office's list with
// filters and a compliance badge per row, or the enterprise's own placements
// as cards for a phone.
func (w *Handler) placementsPage(c *fiber.Ctx) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	res := w.placementList()
	portal := p.Role == models.RoleEnterprise
	if portal {
		res.filters, res.schoolFilter = res.filters[2:3], false
		res.sorts = res.sorts[:2]
	}
	f, kept := res.query(c)
	page, err := w.Placements.FindPlacements(c.UserContext(), f)
	if err != nil {
		return err
	}
	v := placementsView{listView: listView{Path: res.path, Noun: res.noun, Search: res.search, Q: kept.Get("q"), Sort: kept.Get("sort"),
		Sorts: res.sorts, Total: page.Total, Page: page.Page, query: kept, CanCreate: officeOrAdmin(p),
		Pages: max(1, int((page.Total+int64(page.PageSize)-1)/int64(max(page.PageSize, 1))))}}
	if v.Filters, err = w.placementFilters(c, res, kept); err != nil {
		return err
	}
	today := models.DateOf(w.now().In(models.China))
	for i := range page.Items {
		pl := &page.Items[i]
		row := placementRowOf(pl)
		switch {
		case pl.Status == models.PlacementDraft && pl.UnitResponse.Decision == "":
			row.Action = "查看并确认接收"
		case pl.Status == models.PlacementDraft:
			row.Action = "查看"
		default:
			row.Action = "查看、确认出勤"
			if n := len(pendingWeeks(pl, today)); n > 0 {
				row.Pending = "待确认出勤 " + strconv.Itoa(n) + " 周"
			}
		}
		v.Items = append(v.Items, row)
	}
	if portal {
		return w.render(c, fiber.StatusOK, "portal_placements", View{Title: "实习学生", Data: v})
	}
	return w.render(c, fiber.StatusOK, "placements", View{Title: "实习", Data: v})
}

// placementFilters fills the filters with the values asked for and the
// enterprises to choose from.
func (w *Handler) placementFilters(c *fiber.Ctx, res *resource[placements.Placement, models.PlacementFields, models.PlacementFilter], kept url.Values) ([]formField, error) {
	filters := res.filters
	if res.schoolFilter {
		schools, err := w.schoolOptions(c)
		if err != nil {
			return nil, err
		}
		if len(schools) > 1 {
			filters = append([]formField{{Name: "schoolId", Label: "学校", Options: schools}}, filters...)
		}
	}
	var out []formField
	for _, fl := range filters {
		if fl.Name == "enterpriseId" {
			opts, err := w.enterpriseOptions(c, "")
			if err != nil {
				return nil, err
			}
			fl.Options = opts[1:]
		}
		fl.Value = kept.Get(fl.Name)
		out = append(out, fl)
	}
	return out, nil
}

// registerPlacements mounts the placement pages: the list, the form, a
// placement's page and the forms on it. Each post names the version it was
// shown; the services decide who may do what.
func (w *Handler) registerPlacements(r fiber.Router) {
	r.Get("/placements", w.placementsPage)
	r.Get("/placements/new", w.newPlacementPage)
	r.Post("/placements", w.csrf, w.createPlacement)
	r.Post("/placements/check", w.csrf, w.checkPlacementForm) // before /placements/:id
	r.Post("/placements/:id/edit/check", w.csrf, w.checkPlacementForm)
	r.Get("/placements/:id", w.placementPage)
	r.Get("/placements/:id/edit", w.editPlacementPage)
	r.Post("/placements/:id", w.csrf, w.updatePlacement)
	r.Post("/placements/:id/delete", w.csrf, w.deletePlacement)
	r.Post("/placements/:id/check", w.csrf, w.checkPlacement)
	for name, op := range map[string]placementOp{
		"activate": w.activatePlacement, "complete": w.completePlacement, "suspend": w.suspendPlacement,
		"terminate": w.terminatePlacement, "respond": w.respondPlacement, "mentor": w.namePlacementMentor,
		"weeks": w.confirmPlacementWeeks, "week-correction": w.correctPlacementWeek, "evaluation": w.evaluatePlacement,
	} {
		r.Post("/placements/:id/"+name, w.csrf, w.placementPost(name, op))
	}
	w.registerRuleSets(r)
}
