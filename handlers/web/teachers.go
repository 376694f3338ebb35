package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

var (
	// the labels of the import template, so a sheet and a page say the same
	courseTypes = []option{{models.CourseProfessional, "专业课"}, {models.CoursePublic, "公共基础课"}, {models.CoursePractice, "实习指导"}}
	employments = []option{{models.EmploymentFullTime, "专任"}, {models.EmploymentEnterprisePartTime, "企业兼职"}}
)

func (w *Handler) teachers() *resource[models.Teacher, models.TeacherFields, models.TeacherFilter] {
	return &resource[models.Teacher, models.TeacherFields, models.TeacherFilter]{
		path: "/teachers", noun: "教师", sheet: sheets.Teachers,
		search: "工号或姓名",
		filters: []formField{{Name: "courseType", Label: "课程类别", Options: courseTypes},
			{Name: "employment", Label: "用工形式", Options: employments}},
		schoolFilter: true,
		sorts:        []option{{"staffNo", "工号"}, {"name", "姓名"}, {"-hireDate", "入职日期（新到旧）"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"工号", "姓名", "身份证号", "课程类别", "用工形式", "入职日期", "入职前企业经历（月）"},
		filter: func(lp models.ListParams, q map[string]string) models.TeacherFilter {
			return models.TeacherFilter{ListParams: lp, SchoolID: q["schoolId"], CourseType: q["courseType"], Employment: q["employment"]}
		},
		find: w.People.FindTeachers,
		row: func(t *models.Teacher) (string, []string) {
			return "/teachers/" + t.ID.Hex(), []string{t.StaffNo, t.Name, t.IDNumber, labelOf(courseTypes, t.CourseType),
				labelOf(employments, t.Employment), t.HireDate.String(), strconv.Itoa(t.EnterpriseExperienceMonths)}
		},
		get:   w.People.FindTeacherByID,
		about: func(t *models.Teacher) (bson.ObjectID, string, int64) { return t.ID, t.Name, t.Version },
		detail: func(t *models.Teacher) []pair {
			return append([]pair{{"工号", t.StaffNo}, {"姓名", t.Name}, {"身份证号", t.IDNumber}, {"性别", labelOf(sexes, t.Sex)},
				{"出生日期", t.BirthDate.String()}, {"课程类别", labelOf(courseTypes, t.CourseType)},
				{"用工形式", labelOf(employments, t.Employment)}, {"入职日期", t.HireDate.String()},
				{"入职前企业工作经历（月）", strconv.Itoa(t.EnterpriseExperienceMonths)}}, stamp(&t.Meta)...)
		},
		form: func(c *fiber.Ctx, t *models.Teacher) ([]formField, error) {
			employers, err := w.enterpriseOptions(c, "不适用（专任教师）")
			if err != nil {
				return nil, err
			}
			return w.withSchoolChoice(c, t == nil, []formField{
				{Name: "staffNo", Label: "工号", Required: true},
				{Name: "name", Label: "姓名", Required: true},
				{Name: "idNumber", Label: "身份证号", Hint: "18位居民身份证号，可不填；填写后性别和出生日期由此推导"},
				{Name: "courseType", Label: "课程类别", Required: true, Options: courseTypes},
				{Name: "employment", Label: "用工形式", Required: true, Options: employments},
				{Name: "employerEnterpriseId", Label: "所在企业", Options: employers, Hint: "企业兼职教师须选择其所在企业；专任教师不选"},
				{Name: "hireDate", Label: "入职日期", Required: true, Type: "date"},
				{Name: "enterpriseExperienceMonths", Label: "入职前企业工作经历（月）", Type: "number"},
			})
		},
		read: func(v map[string]string) (models.TeacherFields, map[string]string) {
			errs := map[string]string{}
			return models.TeacherFields{Version: version(v), SchoolID: text(v, "schoolId"), StaffNo: text(v, "staffNo"),
				Name: text(v, "name"), IDNumber: text(v, "idNumber"), CourseType: text(v, "courseType"),
				Employment: text(v, "employment"), EmployerEnterpriseID: text(v, "employerEnterpriseId"), HireDate: text(v, "hireDate"),
				EnterpriseExperienceMonths: number(v, "enterpriseExperienceMonths", "企业工作经历须为整数（月）", errs)}, errs
		},
		values: func(t *models.Teacher) map[string]string {
			v := map[string]string{"staffNo": t.StaffNo, "name": t.Name, "idNumber": t.IDNumber, "courseType": t.CourseType,
				"employment": t.Employment, "hireDate": t.HireDate.String(), "enterpriseExperienceMonths": strconv.Itoa(t.EnterpriseExperienceMonths)}
			if !t.EmployerEnterpriseID.IsZero() {
				v["employerEnterpriseId"] = t.EmployerEnterpriseID.Hex()
			}
			return v
		},
		defaults: map[string]string{"courseType": models.CourseProfessional, "employment": models.EmploymentFullTime, "enterpriseExperienceMonths": "0"},
		create:   w.People.CreateTeacher,
		update:   w.People.UpdateTeacher,
		remove:   w.People.DeleteTeacher,
		mayWrite: func(p *models.Principal, _ *models.Teacher) bool { return officeOrAdmin(p) },
		show:     w.showTeacher,
	}
}
