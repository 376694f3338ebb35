package web

import (
	"bytes"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// standingWords name a teacher's standing under the 5-year rule.
var standingWords = []option{{practice.StandingShort, "不达标"}, {practice.StandingAtRisk, "将不达标"}, {practice.StandingMeets, "达标"},
	{practice.StandingNotYetDue, "入职未满5年"}, {practice.StandingNotRequired, "不作天数要求"}}

// warningChoices are the early-warning list's status filter: the standings
// held to the number, and the TEP-02 flag.
var warningChoices = append(standingWords[:4:4], option{"new_hire", "新教师未先实践"})

// warningColumns are the list's columns, on the page and in the export.
var warningColumns = []string{"工号", "姓名", "课程类别", "状态", "5年内已计天数", "要求", "差额", "不足日期", "新教师未先实践"}

func standingBadge(st practice.Standing) badge {
	return badge{Class: "standing-" + st.Status, Text: labelOf(standingWords, st.Status)}
}

// days prints a count of practice days: whole days without a decimal.
func days(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// gap is what the teacher lacks: the shortfall once short, what remains to
// practise before the number applies, nothing otherwise.
func gap(st practice.Standing) float64 {
	switch st.Status {
	case practice.StandingShort:
		return st.Shortfall
	case practice.StandingNotYetDue:
		return max(0, float64(st.Required)-st.Counted)
	}
	return 0
}

// shortOn is when the teacher falls short: already, on a day ahead, or not
// within the records.
func shortOn(st practice.Standing) string {
	switch {
	case st.Status == practice.StandingShort:
		return "已不足"
	case !st.ShortOn.IsZero():
		return st.ShortOn.String()
	}
	return "—"
}

func newHire(st practice.Standing) string {
	if st.NewHireUnpractised {
		return "是（首个任教学期 " + st.FirstTerm.String() + "）"
	}
	return "否"
}

// warningRow is one teacher on the page.
type warningRow struct {
	Href                                     string
	Cells                                    []string // 工号, 姓名, 课程类别
	Status                                   badge
	Counted, Required, Gap, ShortOn, NewHire string
	Flagged                                  bool
}

func warningRowOf(t practice.TeacherStanding) warningRow {
	// The teacher's page, as of the same day.
	r := warningRow{Href: "/teachers/" + t.TeacherID.Hex() + "?asOf=" + t.AsOf.String() + "#standing", Cells: []string{t.StaffNo, t.Name, labelOf(courseTypes, t.CourseType)},
		Status: standingBadge(t.Standing), Counted: days(t.Counted), Required: strconv.Itoa(t.Required), Gap: "—",
		ShortOn: shortOn(t.Standing), NewHire: newHire(t.Standing), Flagged: t.NewHireUnpractised}
	if g := gap(t.Standing); g > 0 {
		r.Gap = days(g)
	}
	return r
}

// warningsView is what practice_warnings.html shows.
type warningsView struct {
	AsOf, Status, SchoolID string
	Statuses, Schools      []option
	Requirement, Source    string
	Window, Summary        string
	Columns                []string
	Rows                   []warningRow
	Export                 string
}

// registerPracticeWarnings mounts the early-warning list and its export.
func (w *Handler) registerPracticeWarnings(r fiber.Router) {
	r.Get("/practice-warnings", w.warningsPage)
	r.Get("/practice-warnings/export.xlsx", w.exportWarnings)
}

// warnings reads the list as the query asks: school, reference date (today
// when empty) and status.
func (w *Handler) warnings(c *fiber.Ctx) (*practice.WarningList, error) {
	asOf, err := api.AsOf(c)
	if err != nil {
		return nil, err
	}
	return w.Practice.Warnings(c.UserContext(), c.Query("schoolId"), asOf, c.Query("status"))
}

// warningsPage lists, for the reference date, every teacher held to the
// 5-year rule with where they stand, and the new hires without practice.
func (w *Handler) warningsPage(c *fiber.Ctx) error {
	list, err := w.warnings(c)
	if err != nil {
		return err
	}
	schools, err := w.schoolOptions(c)
	if err != nil {
		return err
	}
	v := warningsView{AsOf: list.AsOf.String(), Status: c.Query("status"), SchoolID: c.Query("schoolId"), Statuses: warningChoices,
		Requirement: requirementText(list.Requirement), Source: list.Requirement.Source, Columns: warningColumns, Summary: warningSummary(list.Items)}
	if len(schools) > 1 {
		v.Schools = schools
	}
	q := url.Values{"asOf": {v.AsOf}, "status": {v.Status}, "schoolId": {v.SchoolID}}
	v.Export = "/practice-warnings/export.xlsx?" + q.Encode()
	for _, t := range list.Items {
		v.Window = t.WindowFrom.String() + " 至 " + t.AsOf.String()
		v.Rows = append(v.Rows, warningRowOf(t))
	}
	return w.render(c, fiber.StatusOK, "practice_warnings", View{Title: "企业实践预警", Data: v})
}

// warningSummary counts the teachers listed by standing.
func warningSummary(items []practice.TeacherStanding) string {
	n := map[string]int{}
	flagged := 0
	for _, t := range items {
		n[t.Status]++
		if t.NewHireUnpractised {
			flagged++
		}
	}
	s := "共 " + strconv.Itoa(len(items)) + " 名教师"
	for _, o := range standingWords {
		if n[o.Value] > 0 {
			s += "，" + o.Label + " " + strconv.Itoa(n[o.Value]) + " 名"
		}
	}
	if flagged > 0 {
		s += "；其中新教师未先实践 " + strconv.Itoa(flagged) + " 名"
	}
	return s
}

// exportWarnings sends the list as the page shows it, with the reference date
// and the requirement with its source on a second sheet.
func (w *Handler) exportWarnings(c *fiber.Ctx) error {
	list, err := w.warnings(c)
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(list.Items))
	for _, t := range list.Items {
		r := warningRowOf(t)
		rows = append(rows, []any{t.StaffNo, t.Name, r.Cells[2], r.Status.Text, t.Counted, t.Required, gap(t.Standing), r.ShortOn, r.NewHire})
	}
	notes := [][2]string{{"参考日期", list.AsOf.String()}, {"要求", requirementText(list.Requirement)}, {"依据", list.Requirement.Source},
		{"计算方法", "只计企业已确认、学校已审批的实践；实践天数均摊到起止日期的每一天，同一天最多计1天；窗口为参考日期往前5年（不含5年前的同一天）"}}
	var buf bytes.Buffer
	if err := sheets.Table(&buf, warningColumns, rows, notes); err != nil {
		return err
	}
	return sendXLSX(c, "企业实践预警_"+list.AsOf.String()+".xlsx", buf.Bytes())
}

// requirementText says the rule as configured.
func requirementText(r practice.Requirement) string {
	return "专业课教师（含实习指导教师）每" + strconv.Itoa(r.WindowYears) + "年累计企业实践不少于" + strconv.Itoa(r.Days) +
		"天；按现有记录将在" + strconv.Itoa(r.WarnMonths) + "个月内不足的提前预警。公共基础课教师和企业兼职教师不作天数要求。"
}
