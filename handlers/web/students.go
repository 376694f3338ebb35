package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// option is a value and its Chinese label.
type option struct{ Value, Label string }

var studentStatuses = []option{{"enrolled", "在籍"}, {"suspended", "休学"}, {"graduated", "毕业"}, {"withdrawn", "退学"}}

var studentSorts = []option{{"studentNo", "学号"}, {"name", "姓名"}, {"className", "班级"}, {"-cohortYear", "入学年份（新到旧）"}, {"-updatedAt", "最近修改"}}

func init() {
	funcs["statusLabel"] = func(v string) string { return labelOf(studentStatuses, v) }
	funcs["sexLabel"] = func(v string) string { return map[string]string{models.SexMale: "男", models.SexFemale: "女"}[v] }
}

func labelOf(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

type studentsView struct {
	Page                       models.Page[models.Student]
	Pages                      int
	Q, MajorCode, Status, Sort string
	Statuses, Sorts            []option
	CanWrite                   bool
	query                      url.Values
}

// PageURL keeps the filters and changes the page.
func (v studentsView) PageURL(page int) string {
	q := url.Values{}
	for k, vs := range v.query {
		q[k] = vs
	}
	q.Set("page", strconv.Itoa(page))
	return "/students?" + q.Encode()
}

func (w *Handler) listStudents(c *fiber.Ctx) error {
	page, _ := strconv.Atoi(c.Query("page"))
	sort := c.Query("sort", "studentNo")
	f := models.StudentFilter{
		ListParams: models.ListParams{Page: page, Sort: sort, Q: c.Query("q")},
		MajorCode:  c.Query("majorCode"), Status: c.Query("status"),
	}
	res, err := w.People.FindStudents(c.UserContext(), f)
	if err != nil {
		return err
	}
	p, _ := models.PrincipalFrom(c.UserContext())
	v := studentsView{Page: res, Pages: int((res.Total + int64(res.PageSize) - 1) / int64(res.PageSize)),
		Q: f.Q, MajorCode: f.MajorCode, Status: f.Status, Sort: sort, Statuses: studentStatuses, Sorts: studentSorts,
		CanWrite: canWriteRecords(p), query: url.Values{"q": {f.Q}, "majorCode": {f.MajorCode}, "status": {f.Status}, "sort": {sort}}}
	if v.Pages < 1 {
		v.Pages = 1
	}
	return w.render(c, fiber.StatusOK, "students", View{Title: "学生", Data: v})
}

func canWriteRecords(p *models.Principal) bool {
	return p.Role.IsOffice() || p.Role == models.RoleSystemAdmin
}

// studentFromPath loads the student named by :id, within the caller's scope.
func (w *Handler) studentFromPath(c *fiber.Ctx) (*models.Student, error) {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return nil, err
	}
	return w.People.FindStudentByID(c.UserContext(), id)
}

func (w *Handler) showStudent(c *fiber.Ctx) error {
	st, err := w.studentFromPath(c)
	if err != nil {
		return err
	}
	p, _ := models.PrincipalFrom(c.UserContext())
	data := fiber.Map{"Student": st, "CanWrite": canWriteRecords(p), "Confirm": c.Query("confirm") == "delete" && canWriteRecords(p)}
	return w.render(c, fiber.StatusOK, "student", View{Title: "学生：" + st.Name, Data: data})
}

// formField is one labelled input with the user's value and its error.
type formField struct {
	Name, Label, Value, Hint, Error string
	Required                        bool
	Options                         []option
}

type formView struct {
	Action, Cancel string
	Version        int64
	Fields         []formField
	Errors         map[string]string
}

// studentForm lays out the student form with values and errors.
func studentForm(values map[string]string, errs map[string]string, schoolChoice []option) []formField {
	fields := []formField{
		{Name: "studentNo", Label: "学号", Required: true},
		{Name: "name", Label: "姓名", Required: true},
		{Name: "idNumber", Label: "身份证号", Required: true, Hint: "18位居民身份证号；性别和出生日期由此自动推导"},
		{Name: "majorCode", Label: "专业代码", Required: true, Hint: "须为本校已开设的专业，如710201"},
		{Name: "className", Label: "班级"},
		{Name: "cohortYear", Label: "入学年份", Required: true},
		{Name: "status", Label: "学籍状态", Options: studentStatuses},
	}
	if schoolChoice != nil {
		fields = append([]formField{{Name: "schoolId", Label: "所属学校", Required: true, Options: schoolChoice}}, fields...)
	}
	for i := range fields {
		fields[i].Value, fields[i].Error = values[fields[i].Name], errs[fields[i].Name]
	}
	return fields
}

// studentFields reads the form into the service's write struct; a non-number year
// is reported on its field.
func studentFields(c *fiber.Ctx) (models.StudentFields, map[string]string) {
	val := func(k string) *string { s := strings.TrimSpace(c.FormValue(k)); return &s }
	f := models.StudentFields{StudentNo: val("studentNo"), Name: val("name"), IDNumber: val("idNumber"),
		MajorCode: val("majorCode"), ClassName: val("className"), Status: val("status")}
	if s := c.FormValue("schoolId"); s != "" {
		f.SchoolID = &s
	}
	errs := map[string]string{}
	if y := strings.TrimSpace(c.FormValue("cohortYear")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			errs["cohortYear"] = "入学年份须为整数，如2025"
		}
		f.CohortYear = &n
	}
	if v := c.FormValue("version"); v != "" {
		n, _ := strconv.ParseInt(v, 10, 64)
		f.Version = &n
	}
	return f, errs
}

func formValues(c *fiber.Ctx, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = c.FormValue(n)
	}
	return m
}

var studentFormNames = []string{"schoolId", "studentNo", "name", "idNumber", "majorCode", "className", "cohortYear", "status"}

func (w *Handler) newStudent(c *fiber.Ctx) error {
	return w.renderStudentForm(c, fiber.StatusOK, "新增学生", "/students", 0, map[string]string{"status": "enrolled"}, nil)
}

func (w *Handler) renderStudentForm(c *fiber.Ctx, status int, title, action string, version int64, values, errs map[string]string) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !canWriteRecords(p) {
		return models.ErrForbidden
	}
	var schools []option
	if p.Role == models.RoleSystemAdmin && version == 0 {
		res, err := w.Schools.FindSchools(c.UserContext(), models.SchoolFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "name"}})
		if err != nil {
			return err
		}
		for _, s := range res.Items {
			schools = append(schools, option{s.ID.Hex(), s.Name})
		}
	}
	cancel := "/students"
	if version > 0 {
		cancel = action // the student's own page
	}
	v := formView{Action: action, Cancel: cancel, Version: version, Fields: studentForm(values, errs, schools), Errors: errs}
	return w.render(c, status, "student_form", View{Title: title, Data: v})
}

func (w *Handler) createStudent(c *fiber.Ctx) error {
	f, errs := studentFields(c)
	st, err := w.People.CreateStudent(c.UserContext(), f)
	if fe := fieldErrors(err, errs); fe != nil {
		return w.renderStudentForm(c, fiber.StatusUnprocessableEntity, "新增学生", "/students", 0, formValues(c, studentFormNames...), fe)
	}
	if err != nil {
		return err
	}
	flash(c, "已新增学生 "+st.Name)
	return c.Redirect("/students/"+st.ID.Hex(), fiber.StatusSeeOther)
}

func (w *Handler) editStudent(c *fiber.Ctx) error {
	st, err := w.studentFromPath(c)
	if err != nil {
		return err
	}
	values := map[string]string{"studentNo": st.StudentNo, "name": st.Name, "idNumber": st.IDNumber, "majorCode": st.MajorCode,
		"className": st.ClassName, "cohortYear": strconv.Itoa(st.CohortYear), "status": st.Status}
	return w.renderStudentForm(c, fiber.StatusOK, "编辑学生", "/students/"+st.ID.Hex(), st.Version, values, nil)
}

func (w *Handler) updateStudent(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	f, errs := studentFields(c)
	_, err = w.People.UpdateStudent(c.UserContext(), id, f)
	if fe := fieldErrors(err, errs); fe != nil {
		var version int64
		if f.Version != nil {
			version = *f.Version
		}
		return w.renderStudentForm(c, fiber.StatusUnprocessableEntity, "编辑学生", "/students/"+id.Hex(), version, formValues(c, studentFormNames...), fe)
	}
	if err != nil {
		return err
	}
	flash(c, "已保存")
	return c.Redirect("/students/"+id.Hex(), fiber.StatusSeeOther)
}

func (w *Handler) deleteStudent(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	if err := w.People.DeleteStudent(c.UserContext(), id); err != nil {
		return err
	}
	flash(c, "已删除学生")
	return c.Redirect("/students", fiber.StatusSeeOther)
}

// fieldErrors merges the form's own errors with a service's validation or conflict
// errors into per-field messages; nil when err is neither and the form had none.
func fieldErrors(err error, form map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range form {
		out[k] = v
	}
	var ve *models.ValidationError
	var ce *models.ConflictError
	switch {
	case errors.As(err, &ve):
		for k, v := range ve.Fields {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	case errors.As(err, &ce):
		out[ce.Field] = ce.Message
	case errors.Is(err, models.ErrStaleVersion):
		out["version"] = err.Error()
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
