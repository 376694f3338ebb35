package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Practice words, as the office and the enterprise read them.
var (
	practiceForms = []option{{models.PracticeVisit, "考察观摩"}, {models.PracticeTraining, "企业培训"},
		{models.PracticePost, "顶岗或兼职"}, {models.PracticeRD, "参与研发"}}
	practiceStatuses = []option{{models.PracticeProposed, "待企业确认"}, {models.PracticeConfirmed, "企业已确认，待审批"},
		{models.PracticeRejected, "企业不予确认"}, {models.PracticeApproved, "已审批（计入）"}}
)

// practiceBadge is the record's status in words and colour.
func practiceBadge(p *models.Practice) badge {
	return badge{Class: "practice-" + p.Status, Text: labelOf(practiceStatuses, p.Status)}
}

func practicePeriod(p *models.Practice) string {
	return p.StartDate.String() + " 至 " + p.EndDate.String()
}

func staffName(s models.StaffRef) string { return strings.TrimSpace(s.StaffNo + " " + s.Name) }

type practiceResource = resource[models.Practice, models.PracticeFields, models.PracticeFilter]

// practices are teachers' enterprise practice periods (教师企业实践): the
// generic list and form; the record's page adds the decisions
// (practice_page.go) and enterprise users get their portal cards instead.
func (w *Handler) practices() *practiceResource {
	return &practiceResource{
		path: "/teacher-practices", noun: "教师企业实践",
		search: "教师姓名、工号、企业或岗位",
		filters: []formField{{Name: "teacherId", Label: "教师"}, {Name: "enterpriseId", Label: "实践企业"},
			{Name: "status", Label: "状态", Options: practiceStatuses}, {Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts: []option{{"-startDate", "开始日期（新到旧）"}, {"startDate", "开始日期（旧到新）"}, {"teacherName", "教师姓名"},
			{"enterpriseName", "实践企业"}, {"-updatedAt", "最近修改"}},
		columns: []string{"教师", "实践企业", "实践形式", "实践期间", "实践天数", "岗位或项目", "状态"},
		filter: func(lp models.ListParams, q map[string]string) models.PracticeFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.PracticeFilter{ListParams: lp, SchoolID: q["schoolId"], TeacherID: q["teacherId"],
				EnterpriseID: q["enterpriseId"], Status: q["status"], Year: year}
		},
		filterOptions: w.practiceFilterOptions,
		find:          w.Practice.FindPractices,
		row: func(p *models.Practice) (string, []string) {
			return "/teacher-practices/" + p.ID.Hex(), []string{staffName(p.Teacher), p.EnterpriseName, labelOf(practiceForms, p.Form),
				practicePeriod(p), strconv.Itoa(p.PracticeDays), p.Post}
		},
		badge: practiceBadge,
		get:   w.Practice.FindPracticeByID,
		about: func(p *models.Practice) (bson.ObjectID, string, int64) {
			return p.ID, staffName(p.Teacher) + " · " + p.EnterpriseName, p.Version
		},
		detail: practicePairs,
		form:   w.practiceForm,
		read: func(v map[string]string) (models.PracticeFields, map[string]string) {
			errs := map[string]string{}
			return models.PracticeFields{Version: version(v), SchoolID: text(v, "schoolId"), TeacherID: text(v, "teacherId"),
				EnterpriseID: text(v, "enterpriseId"), Form: text(v, "form"), StartDate: text(v, "startDate"), EndDate: text(v, "endDate"),
				PracticeDays: number(v, "practiceDays", "实践天数须为整数", errs), Post: text(v, "post"), Supervisor: text(v, "supervisor"),
				Outputs: listField(v, "outputs")}, errs
		},
		values: func(p *models.Practice) map[string]string {
			return map[string]string{"teacherId": p.TeacherID.Hex(), "enterpriseId": p.EnterpriseID.Hex(), "form": p.Form,
				"startDate": p.StartDate.String(), "endDate": p.EndDate.String(), "practiceDays": strconv.Itoa(p.PracticeDays),
				"post": p.Post, "supervisor": p.Supervisor, "outputs": strings.Join(p.Outputs, "\n")}
		},
		// The teacher's page links here with ?teacherId=.
		initial: func(c *fiber.Ctx) map[string]string {
			return map[string]string{"form": models.PracticePost, "teacherId": c.Query("teacherId")}
		},
		create: w.Practice.CreatePractice,
		update: w.Practice.UpdatePractice,
		remove: w.Practice.DeletePractice,
		// Approved practice is what the 5-year rule counted: the service refuses
		// to change or delete it, so the page does not offer to.
		mayWrite: func(p *models.Principal, pr *models.Practice) bool {
			return officeOrAdmin(p) && (pr == nil || p.CanWriteSchool(pr.SchoolID) && pr.Status != models.PracticeApproved)
		},
	}
}

// listField reads a textarea of one item per line (blank lines dropped by the
// service); nil when the form did not have it.
func listField(v map[string]string, name string) *[]string {
	s, ok := v[name]
	if !ok {
		return nil
	}
	out := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	return &out
}

// practiceFilterOptions offers the caller's teachers and enterprises and the
// statistical years.
func (w *Handler) practiceFilterOptions(c *fiber.Ctx) (map[string][]option, error) {
	teachers, err := w.teacherOptions(c, "", "")
	if err != nil {
		return nil, err
	}
	ents, err := w.enterpriseOptions(c, "")
	if err != nil {
		return nil, err
	}
	return map[string][]option{"teacherId": teachers[1:], "enterpriseId": ents[1:], "year": w.yearOptions()}, nil
}

// practiceForm offers the school's teachers (the record's school when editing)
// and the enterprises.
func (w *Handler) practiceForm(c *fiber.Ctx, pr *models.Practice) ([]formField, error) {
	school := ""
	if pr != nil {
		school = pr.SchoolID.Hex()
	}
	teachers, err := w.teacherOptions(c, school, "请选择教师")
	if err != nil {
		return nil, err
	}
	ents, err := w.enterpriseOptions(c, "请选择企业")
	if err != nil {
		return nil, err
	}
	return w.withSchoolChoice(c, pr == nil, []formField{
		{Name: "teacherId", Label: "教师", Required: true, Options: teachers},
		{Name: "enterpriseId", Label: "实践企业", Required: true, Options: ents},
		{Name: "form", Label: "实践形式", Required: true, Options: practiceForms},
		{Name: "startDate", Label: "开始日期", Required: true, Type: "date"},
		{Name: "endDate", Label: "结束日期", Required: true, Type: "date"},
		{Name: "practiceDays", Label: "实践天数", Required: true, Type: "number",
			Hint: "实际在企业的天数，不超过开始至结束日期的天数；如3个月内累计到企业14天，填14"},
		{Name: "post", Label: "实践岗位或项目", Required: true},
		{Name: "supervisor", Label: "企业指导人员"},
		{Name: "outputs", Label: "实践成果", Type: "textarea", Hint: "实践报告、案例、课程资源等，每行一项，最多20项"},
	})
}

// practicePairs describe the record: who, where, when, what came of it and
// the two answers.
func practicePairs(p *models.Practice) []pair {
	outputs := strings.Join(p.Outputs, "；")
	return append([]pair{{"教师", staffName(p.Teacher)}, {"实践企业", p.EnterpriseName}, {"实践形式", labelOf(practiceForms, p.Form)},
		{"实践期间", practicePeriod(p) + "（共" + strconv.Itoa(p.Span()) + "天）"}, {"实践天数", strconv.Itoa(p.PracticeDays) + "天"},
		{"实践岗位或项目", p.Post}, {"企业指导人员", dash(p.Supervisor)}, {"实践成果", dash(outputs)},
		{"状态", labelOf(practiceStatuses, p.Status)}, {"企业确认", confirmationText(p)}, {"学校审批", approvalText(p)}}, stamp(&p.Meta)...)
}

// confirmationText is the enterprise's answer: the status says which it was,
// the decision when, how and why.
func confirmationText(p *models.Practice) string {
	d := p.Confirmation
	if d.At.IsZero() {
		return "尚未确认"
	}
	s := "已确认"
	if p.Status == models.PracticeRejected {
		s = "不予确认"
	}
	s += " · " + d.At.String()
	if d.ByOffice {
		s += " · 教务处凭企业盖章证明代为登记（证明编号 " + d.Doc + "）"
	} else {
		s += " · 企业在门户中确认"
	}
	return withComment(s, d.Comment)
}

// approvalText is the school's decision: approved, or sent back (the record
// is proposed again, its confirmation voided).
func approvalText(p *models.Practice) string {
	d := p.Approval
	switch {
	case d.At.IsZero():
		return "尚未审批"
	case p.Status == models.PracticeApproved:
		return withComment("审批通过 · "+d.At.String(), d.Comment)
	}
	return withComment("曾退回 · "+d.At.String(), d.Comment)
}

func withComment(s, comment string) string {
	if comment == "" {
		return s
	}
	return s + " · 说明：" + comment
}
