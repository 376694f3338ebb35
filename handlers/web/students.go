package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

var studentStatuses = []option{{"enrolled", "在籍"}, {"suspended", "休学"}, {"graduated", "毕业"}, {"withdrawn", "退学"}}

var sexes = []option{{models.SexMale, "男"}, {models.SexFemale, "女"}}

func (w *Handler) students() *resource[models.Student, models.StudentFields, models.StudentFilter] {
	return &resource[models.Student, models.StudentFields, models.StudentFilter]{
		path: "/students", noun: "学生", sheet: sheets.Students,
		search: "学号、姓名或班级",
		filters: []formField{{Name: "majorCode", Label: "专业代码"}, {Name: "cohortYear", Label: "入学年份", Type: "number"},
			{Name: "status", Label: "学籍状态", Options: studentStatuses}},
		schoolFilter: true,
		sorts:        []option{{"studentNo", "学号"}, {"name", "姓名"}, {"className", "班级"}, {"-cohortYear", "入学年份（新到旧）"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"学号", "姓名", "身份证号", "性别", "出生日期", "专业代码", "班级", "入学年份", "学籍状态"},
		filter: func(lp models.ListParams, q map[string]string) models.StudentFilter {
			year, _ := strconv.Atoi(q["cohortYear"])
			return models.StudentFilter{ListParams: lp, SchoolID: q["schoolId"], MajorCode: q["majorCode"], CohortYear: year, Status: q["status"]}
		},
		find: w.People.FindStudents,
		row: func(s *models.Student) (string, []string) {
			return "/students/" + s.ID.Hex(), []string{s.StudentNo, s.Name, s.IDNumber, labelOf(sexes, s.Sex), s.BirthDate.String(),
				s.MajorCode, s.ClassName, strconv.Itoa(s.CohortYear), labelOf(studentStatuses, s.Status)}
		},
		get:   w.People.FindStudentByID,
		about: func(s *models.Student) (bson.ObjectID, string, int64) { return s.ID, s.Name, s.Version },
		detail: func(s *models.Student) []pair {
			return append([]pair{{"学号", s.StudentNo}, {"姓名", s.Name}, {"身份证号", s.IDNumber}, {"性别", labelOf(sexes, s.Sex)},
				{"出生日期", s.BirthDate.String()}, {"专业代码", s.MajorCode}, {"班级", s.ClassName},
				{"入学年份", strconv.Itoa(s.CohortYear)}, {"学籍状态", labelOf(studentStatuses, s.Status)},
				{"毕业日期", s.GraduationDate.String()}}, stamp(&s.Meta)...)
		},
		more: w.studentCertificates,
		form: func(c *fiber.Ctx, s *models.Student) ([]formField, error) {
			fields := []formField{
				{Name: "studentNo", Label: "学号", Required: true},
				{Name: "name", Label: "姓名", Required: true},
				{Name: "idNumber", Label: "身份证号", Required: true, Hint: "18位居民身份证号；性别和出生日期由此自动推导"},
				{Name: "majorCode", Label: "专业代码", Required: true, Hint: "须为本校已开设的专业，如710201"},
				{Name: "className", Label: "班级"},
				{Name: "cohortYear", Label: "入学年份", Required: true, Type: "number"},
				{Name: "status", Label: "学籍状态", Options: studentStatuses},
				{Name: "graduationDate", Label: "毕业日期", Type: "date", Hint: "学籍状态为毕业时必填，其他状态留空"},
			}
			return w.withSchoolChoice(c, s == nil, fields)
		},
		read: func(v map[string]string) (models.StudentFields, map[string]string) {
			errs := map[string]string{}
			return models.StudentFields{Version: version(v), SchoolID: text(v, "schoolId"), StudentNo: text(v, "studentNo"),
				Name: text(v, "name"), IDNumber: text(v, "idNumber"), MajorCode: text(v, "majorCode"), ClassName: text(v, "className"),
				CohortYear: number(v, "cohortYear", "入学年份须为整数，如2025", errs), Status: text(v, "status"),
				GraduationDate: text(v, "graduationDate")}, errs
		},
		values: func(s *models.Student) map[string]string {
			return map[string]string{"studentNo": s.StudentNo, "name": s.Name, "idNumber": s.IDNumber, "majorCode": s.MajorCode,
				"className": s.ClassName, "cohortYear": strconv.Itoa(s.CohortYear), "status": s.Status,
				"graduationDate": s.GraduationDate.String()}
		},
		defaults: map[string]string{"status": models.StudentEnrolled},
		create:   w.People.CreateStudent,
		update:   w.People.UpdateStudent,
		remove:   w.People.DeleteStudent,
		mayWrite: func(p *models.Principal, _ *models.Student) bool { return officeOrAdmin(p) },
	}
}
