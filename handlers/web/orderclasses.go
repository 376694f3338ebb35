package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// orderClasses are 订单班: a major and cohort trained to one enterprise's
// order. The form takes the members and the hires as lines of 学号 and dates,
// as the office keeps them in a sheet; the page shows them with names.
func (w *Handler) orderClasses() *resource[models.OrderClass, models.OrderClassFields, models.OrderClassFilter] {
	return &resource[models.OrderClass, models.OrderClassFields, models.OrderClassFilter]{
		path: "/order-classes", noun: "订单班",
		search:       "班级名称、企业名称或专业代码",
		filters:      []formField{{Name: "enterpriseId", Label: "订单企业"}, {Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts: []option{{"-cohortYear", "年级（新到旧）"}, {"name", "班级名称"}, {"enterpriseName", "订单企业"},
			{"-agreementSignedAt", "协议签订日期（新到旧）"}, {"-updatedAt", "最近修改"}},
		columns: []string{"班级名称", "订单企业", "专业与年级", "协议编号", "协议签订日期", "在班人数", "录用人数"},
		filter: func(lp models.ListParams, q map[string]string) models.OrderClassFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.OrderClassFilter{ListParams: lp, SchoolID: q["schoolId"], EnterpriseID: q["enterpriseId"], Year: year}
		},
		filterOptions: w.cohortFilterOptions,
		find:          w.Cohorts.FindOrderClasses,
		rowFor: func(c *fiber.Ctx) (func(*models.OrderClass) (string, []string), error) {
			majors, _, err := w.majorNames(c, "")
			if err != nil {
				return nil, err
			}
			today := models.DateOf(w.now().In(models.China))
			return func(o *models.OrderClass) (string, []string) {
				return "/order-classes/" + o.ID.Hex(), []string{o.Name, o.EnterpriseName, cohortLabel(o.MajorCode, o.CohortYear, majors),
					o.AgreementDoc, o.AgreementSignedAt.String(), strconv.Itoa(inClassOn(o, today)), strconv.Itoa(len(o.Hires))}
			}, nil
		},
		get:    w.Cohorts.FindOrderClassByID,
		about:  func(o *models.OrderClass) (bson.ObjectID, string, int64) { return o.ID, o.Name, o.Version },
		detail: func(*models.OrderClass) []pair { return nil },
		more:   w.classPairs,
		tables: w.classTables,
		form:   w.classForm,
		read:   readClass,
		errorsOn: func(v, fe map[string]string) {
			_, members := memberBox(v["members"])
			_, hires := hireBox(v["hires"])
			for _, b := range []box{members, hires, courseBox(v["jointCourses"])} {
				b.place(fe)
			}
		},
		values:   classValues,
		initial:  w.cohortDefaults,
		create:   w.Cohorts.CreateOrderClass,
		update:   w.Cohorts.UpdateOrderClass,
		remove:   w.Cohorts.DeleteOrderClass,
		mayWrite: officeOfSchool[models.OrderClass],
	}
}

// inClassOn counts the students in the class on day d.
func inClassOn(o *models.OrderClass, d models.Date) int {
	in := map[bson.ObjectID]bool{}
	for _, m := range o.Members {
		if m.Covers(d) {
			in[m.StudentID] = true
		}
	}
	return len(in)
}

func (w *Handler) classPairs(c *fiber.Ctx, o *models.OrderClass) ([]pair, error) {
	majors, _, err := w.majorNames(c, o.SchoolID.Hex())
	if err != nil {
		return nil, err
	}
	return append([]pair{{"班级名称", o.Name}, {"订单企业", o.EnterpriseName},
		{"专业", strings.TrimSpace(o.MajorCode + " " + majors[o.MajorCode])}, {"年级", fmt.Sprintf("%d级", o.CohortYear)},
		{"订单培养协议编号", o.AgreementDoc}, {"协议签订日期", o.AgreementSignedAt.String()},
		{"共同开发课程", strings.Join(o.JointCourses, "、")}, {"就业承诺", o.EmploymentCommitment}}, stamp(&o.Meta)...), nil
}

// classTables are the members with their time in the class and the hires;
// auditors see pseudonyms in one column instead of 学号 and name.
func (w *Handler) classTables(c *fiber.Ctx, o *models.OrderClass) ([]detailTable, error) {
	p, _ := models.PrincipalFrom(c.UserContext())
	who, whoCols := func(r models.PersonRef) []string { return []string{r.StudentNo, r.Name} }, []string{"学号", "姓名"}
	if p.Role == models.RoleAuditor {
		who, whoCols = func(r models.PersonRef) []string { return []string{r.Name} }, []string{"学生（匿名）"}
	}
	today := models.DateOf(w.now().In(models.China))
	members := detailTable{Title: fmt.Sprintf("成员（%d人，今日在班%d人）", len(o.Members), inClassOn(o, today)), Empty: "尚未登记成员",
		Columns: slices.Concat(whoCols, []string{"加入日期", "离开日期", "在班情况"})}
	for _, m := range o.Members {
		members.Rows = append(members.Rows, listRow{Href: studentHref(p, m.StudentID),
			Cells: append(who(m.Student), m.JoinedAt.String(), dash(m.LeftAt.String()), memberState(m, today))})
	}
	hires := detailTable{Title: fmt.Sprintf("企业录用（%d人）", len(o.Hires)), Empty: "尚未登记录用",
		Columns: slices.Concat(whoCols, []string{"录用日期", "录用证明"})}
	for _, h := range o.Hires {
		hires.Rows = append(hires.Rows, listRow{Href: studentHref(p, h.StudentID), Cells: append(who(h.Student), h.HiredAt.String(), dash(h.Doc))})
	}
	return []detailTable{members, hires}, nil
}

// memberState says where a member is on day d.
func memberState(m models.OrderMember, d models.Date) string {
	switch {
	case m.Covers(d):
		return "在班"
	case d.Before(m.JoinedAt):
		return "尚未加入"
	}
	return "已离开"
}

// classForm offers the school's majors and every enterprise; members, hires
// and courses are boxes of one item per line.
func (w *Handler) classForm(c *fiber.Ctx, o *models.OrderClass) ([]formField, error) {
	var school bson.ObjectID
	keep := ""
	if o != nil {
		school, keep = o.SchoolID, o.MajorCode
	}
	ents, err := w.enterpriseOptions(c, "请选择订单企业")
	if err != nil {
		return nil, err
	}
	head, err := w.cohortFields(c, school, keep, "班级名称", "常为冠名班名，如“甲科技订单班”")
	if err != nil {
		return nil, err
	}
	return w.withSchoolChoice(c, o == nil, append(head[:1:1],
		formField{Name: "enterpriseId", Label: "订单企业", Required: true, Options: ents},
		head[1], head[2],
		formField{Name: "agreementDoc", Label: "订单培养协议编号", Required: true},
		formField{Name: "agreementSignedAt", Label: "协议签订日期", Required: true, Type: "date", Hint: "协议须在学生入班前签订"},
		formField{Name: "jointCourses", Label: "共同开发课程", Type: "list", Hint: "每行一门课程"},
		formField{Name: "employmentCommitment", Label: "就业承诺", Type: "textarea"},
		formField{Name: "members", Label: "成员", Type: "list",
			Hint: "每行一名成员：学号 加入日期 [离开日期]，以空格分隔，如“S2024001 2024-09-01”；仍在班的不填离开日期。加入日期不能早于协议签订日期；一名学生同一时间只能在一个订单班"},
		formField{Name: "hires", Label: "企业录用", Type: "list",
			Hint: "每行一名被录用的成员：学号 录用日期 [录用证明]，如“S2024001 2027-06-20 录用通知书2027-015”"},
	))
}

func readClass(v map[string]string) (models.OrderClassFields, map[string]string) {
	errs := map[string]string{}
	f := models.OrderClassFields{Version: version(v), SchoolID: text(v, "schoolId"), Name: text(v, "name"), EnterpriseID: text(v, "enterpriseId"),
		MajorCode: text(v, "majorCode"), CohortYear: number(v, "cohortYear", "年级须为入学年份，如2024", errs),
		AgreementDoc: text(v, "agreementDoc"), AgreementSignedAt: text(v, "agreementSignedAt"), EmploymentCommitment: text(v, "employmentCommitment")}
	if s, ok := v["jointCourses"]; ok {
		courses := lines(s)
		f.JointCourses = &courses
	}
	if s, ok := v["members"]; ok {
		members, b := memberBox(s)
		f.Members = &members
		b.shapeErrors(errs)
	}
	if s, ok := v["hires"]; ok {
		hires, b := hireBox(s)
		f.Hires = &hires
		b.shapeErrors(errs)
	}
	return f, errs
}

// classValues are a class's fields as the form shows them, members and hires
// one a line.
func classValues(o *models.OrderClass) map[string]string {
	members := make([]string, len(o.Members))
	for i, m := range o.Members {
		members[i] = strings.TrimSpace(m.Student.StudentNo + " " + m.JoinedAt.String() + " " + m.LeftAt.String())
	}
	hires := make([]string, len(o.Hires))
	for i, h := range o.Hires {
		hires[i] = strings.TrimSpace(h.Student.StudentNo + " " + h.HiredAt.String() + " " + h.Doc)
	}
	return map[string]string{"name": o.Name, "enterpriseId": o.EnterpriseID.Hex(), "majorCode": o.MajorCode,
		"cohortYear": strconv.Itoa(o.CohortYear), "agreementDoc": o.AgreementDoc, "agreementSignedAt": o.AgreementSignedAt.String(),
		"jointCourses": linesOf(o.JointCourses), "employmentCommitment": o.EmploymentCommitment,
		"members": linesOf(members), "hires": linesOf(hires)}
}
