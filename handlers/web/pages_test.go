package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// post submits form (with the CSRF token of formPath) to path.
func (b *browser) post(formPath, path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	form.Set("_csrf", b.csrf(formPath))
	return b.do("POST", path, form)
}

// upload posts a file as a multipart form, as the import page does.
func (b *browser) upload(formPath, path string, fields map[string]string, name string, data []byte) (int, string, http.Header) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("_csrf", b.csrf(formPath))
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := b.s.app.Test(req, -1)
	if err != nil {
		b.t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), res.Header
}

var fieldError = regexp.MustCompile(`<div class="error" id="([a-zA-Z]+)-error">`)

// errorFields lists the fields a form page marks as wrong.
func errorFields(page string) []string {
	var out []string
	for _, m := range fieldError.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestRecordPages walks each kind through its pages as a user would: a refused
// form names every wrong field and keeps the input, a good one creates the record,
// the detail page shows it, an edit changes it, and delete asks before removing.
func TestRecordPages(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		user, path  string
		bad         url.Values
		badFields   []string
		good        url.Values
		shown, edit string // a value the detail shows; the field the edit changes
	}{
		{"admin", "/schools", url.Values{"code": {""}, "name": {"职"}, "district": {""}, "level": {"secondary"}},
			[]string{"code", "name", "district"},
			url.Values{"code": {"HX2"}, "name": {"红星第二职业学校（一个很长很长的中文校名用来检查版式）"}, "district": {"河北区"}, "level": {"secondary"}},
			"河北区", "district"},
		{"office", "/majors", url.Values{"code": {"410101"}, "name": {""}, "level": {"secondary"}},
			[]string{"name", "level"},
			url.Values{"code": {"660101"}, "name": {"电子信息技术"}, "level": {"secondary"}},
			"660101", "name"},
		{"office", "/teachers", url.Values{"staffNo": {"T1"}, "name": {"李老师"}, "idNumber": {"110105194912310021"}, "courseType": {"professional"},
			"employment": {"full_time"}, "employerEnterpriseId": {""}, "hireDate": {"2020-02-30"}, "enterpriseExperienceMonths": {"三年"}},
			[]string{"idNumber", "hireDate", "enterpriseExperienceMonths"},
			url.Values{"staffNo": {"T1"}, "name": {"李老师"}, "idNumber": {"11010519491231002X"}, "courseType": {"professional"},
				"employment": {"full_time"}, "employerEnterpriseId": {""}, "hireDate": {"2020-09-01"}, "enterpriseExperienceMonths": {"36"}},
			"2020-09-01", "name"},
		{"office", "/enterprises", url.Values{"creditCode": {"9144030071526726XA"}, "name": {"某"}, "onPostStaff": {"10"}, "onPostStaffAsOf": {""}, "contactPhone": {"123"}},
			[]string{"name", "creditCode", "onPostStaffAsOf", "contactPhone"},
			url.Values{"creditCode": {creditCode("91120105MA05L0E3K")}, "name": {"天津示例智能制造有限公司"}, "industry": {"通用设备制造业"}, "size": {"medium"},
				"onPostStaff": {"350"}, "onPostStaffAsOf": {"2025-12-31"}, "contactPhone": {"022-12345678"}},
			"通用设备制造业", "industry"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b := s.browser(t)
			b.login(tt.user, "Passw0rd1")
			status, page, _ := b.post(tt.path+"/new", tt.path, tt.bad)
			if got := errorFields(page); status != 422 || fmt.Sprint(got) != fmt.Sprint(tt.badFields) {
				t.Fatalf("bad form: %d, wrong fields %v, want %v", status, got, tt.badFields)
			}
			status, _, hdr := b.post(tt.path+"/new", tt.path, tt.good)
			if status != fiber.StatusSeeOther {
				t.Fatalf("good form: %d", status)
			}
			detail := hdr.Get("Location")
			if _, page, _ := b.do("GET", detail, nil); !strings.Contains(page, tt.shown) || !strings.Contains(page, "已新增") {
				t.Fatalf("detail lacks %q:\n%s", tt.shown, page)
			}
			_, form, _ := b.do("GET", detail+"/edit", nil)
			v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
			edit := url.Values{"version": {v[1]}}
			for k, vs := range tt.good {
				edit[k] = vs
			}
			edit.Set(tt.edit, "改过的值")
			if status, page, _ := b.post(detail+"/edit", detail, edit); status != fiber.StatusSeeOther {
				t.Fatalf("edit: %d %v", status, errorFields(page))
			}
			if status, page, _ := b.post(detail+"/edit", detail, edit); status != 422 || !strings.Contains(page, "已被他人修改") {
				t.Fatalf("edit from a stale version: %d", status)
			}
			if _, page, _ := b.do("GET", detail+"?confirm=delete", nil); !strings.Contains(page, "确认删除") || !strings.Contains(page, "改过的值") {
				t.Fatalf("no delete confirmation or edit not shown:\n%s", page)
			}
			if status, _, hdr := b.post(detail, detail+"/delete", url.Values{}); status != fiber.StatusSeeOther || hdr.Get("Location") != tt.path {
				t.Fatalf("delete: %d", status)
			}
			if status, _, _ := b.do("GET", detail, nil); status != 404 {
				t.Fatalf("after delete: %d", status)
			}
		})
	}
}

func TestListSearchFilterSortPage(t *testing.T) {
	s := newSite(t)
	office := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	for i := range 25 {
		year := 2024 + i%2
		id := idNumber(fmt.Sprintf("11010520%02d0101%03d", 5+i%3, i))
		if _, err := s.h.People.CreateStudent(office, models.StudentFields{StudentNo: str(fmt.Sprintf("S%03d", i)), Name: str(fmt.Sprintf("学生%02d", i)),
			IDNumber: str(id), MajorCode: str("710201"), CohortYear: &year}); err != nil {
			t.Fatal(err)
		}
	}
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	_, page, _ := b.do("GET", "/students?cohortYear=2025&sort=-updatedAt", nil)
	if !strings.Contains(page, "共 12 条") || strings.Contains(page, ">S000<") {
		t.Fatalf("filter by year: %s", page)
	}
	_, page, _ = b.do("GET", "/students", nil)
	if !strings.Contains(page, "第 1 / 2 页") || !strings.Contains(page, "page=2") {
		t.Fatalf("paging missing")
	}
	_, page, _ = b.do("GET", "/students?page=2", nil)
	if !strings.Contains(page, ">S024<") || strings.Contains(page, ">S000<") {
		t.Fatalf("page 2 does not continue the sort by 学号")
	}
	_, page, _ = b.do("GET", "/students?q=学生07", nil)
	if !strings.Contains(page, "共 1 条") {
		t.Fatalf("search")
	}
	status, body, hdr := b.do("GET", "/students/export.xlsx?cohortYear=2025", nil)
	if status != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "filename*=UTF-8''%E5%AD%A6%E7%94%9F.xlsx") {
		t.Fatalf("export: %d %v", status, hdr)
	}
	if rows := sheetRows(t, []byte(body)); len(rows) != 13 {
		t.Fatalf("export has %d rows, want header + the 12 the filter shows", len(rows))
	}
	a := s.browser(t)
	a.login("auditor", "Passw0rd1")
	_, body, _ = a.do("GET", "/students/export.xlsx?q=学生07", nil)
	if rows := sheetRows(t, []byte(body)); len(rows) != 2 || !strings.Contains(rows[1][2], "*") {
		t.Fatalf("auditor export: %v, want the ID number masked", rows)
	}
}

// idNumber completes 17 digits with the GB 11643 check character.
func idNumber(first17 string) string { return first17 + string(models.IDNumberCheckChar(first17)) }

func creditCode(first17 string) string { return first17 + string(models.CreditCodeCheckChar(first17)) }

func sheetRows(t testing.TB, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheets.DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestEnterprisePortal(t *testing.T) {
	s := newSite(t)
	admin := s.principal(t, "admin", "Passw0rd1")
	str := func(v string) *string { return &v }
	other, err := s.h.Enterprises.CreateEnterprise(admin, models.EnterpriseFields{CreditCode: str(creditCode("91120105MA05L0E3K")), Name: str("另一家企业")})
	if err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	b.login("ent", "Passw0rd1")
	_, home, _ := b.do("GET", "/portal", nil)
	own := regexp.MustCompile(`href="(/enterprises/[0-9a-f]{24})"`).FindStringSubmatch(home)
	if own == nil {
		t.Fatalf("portal has no link to the own profile:\n%s", home)
	}
	_, form, _ := b.do("GET", own[1]+"/edit", nil)
	if !strings.Contains(form, `id="name" value="示例企业" readonly`) {
		t.Fatalf("the name is not read-only for the enterprise:\n%s", form)
	}
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	edit := url.Values{"version": {v[1]}, "industry": {"软件和信息技术服务业"}, "contactName": {"王经理"}, "contactPhone": {"13800138000"},
		"onPostStaff": {"0"}, "size": {""}, "address": {""}, "onPostStaffAsOf": {""}, "name": {"改名"}}
	if status, page, _ := b.post(own[1]+"/edit", own[1], edit); status != fiber.StatusSeeOther {
		t.Fatalf("own profile edit: %d %v", status, errorFields(page))
	}
	if _, page, _ := b.do("GET", own[1], nil); !strings.Contains(page, "王经理") || !strings.Contains(page, "示例企业") || strings.Contains(page, "删除") {
		t.Fatalf("profile after edit (name kept, no delete button):\n%s", page)
	}
	for _, path := range []string{"/enterprises/" + other.ID.Hex(), "/enterprises/" + other.ID.Hex() + "/edit"} {
		if status, page, _ := b.do("GET", path, nil); status != 403 || !strings.Contains(page, "无权访问") {
			t.Fatalf("%s: %d", path, status)
		}
	}
	if _, page, _ := b.do("GET", "/enterprises", nil); strings.Contains(page, "另一家企业") || !strings.Contains(page, "共 1 条") {
		t.Fatalf("the enterprise list shows others")
	}
}

func TestUserAccounts(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	status, page, _ := b.post("/users/new", "/users", url.Values{"username": {"zs"}, "password": {"short"}, "role": {"office_staff"}})
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[username password]" {
		t.Fatalf("bad user: %d %v", status, got)
	}
	if strings.Contains(page, `value="short"`) {
		t.Fatalf("the password is echoed back")
	}
	if strings.Contains(page, `name="enterpriseId"`) || strings.Contains(page, `value="auditor"`) {
		t.Fatalf("an office admin is offered roles and scopes beyond its school")
	}
	status, _, hdr := b.post("/users/new", "/users", url.Values{"username": {"zhangsan"}, "displayName": {"张三"}, "password": {"Start1234"}, "role": {"office_staff"}})
	if status != fiber.StatusSeeOther {
		t.Fatalf("create user: %d", status)
	}
	user := hdr.Get("Location")
	if _, page, _ := b.do("GET", user, nil); !strings.Contains(page, "红星职专") || !strings.Contains(page, "教务处工作人员") {
		t.Fatalf("user detail:\n%s", page)
	}
	if status, _, _ := b.post(user, user+"/disable", url.Values{}); status != fiber.StatusSeeOther {
		t.Fatalf("disable: %d", status)
	}
	if status, page, _ := s.browser(t).login("zhangsan", "Start1234"); status != 403 || !strings.Contains(page, "停用") {
		t.Fatalf("disabled user logs in: %d", status)
	}
	b.post(user, user+"/enable", url.Values{})
	status, page, hdr = b.post(user, user+"/reset-password", url.Values{})
	pw := regexp.MustCompile(`<code>([^<]+)</code>`).FindStringSubmatch(page)
	if status != 200 || pw == nil || hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("reset password: %d\n%s", status, page)
	}
	if status, _, _ := s.browser(t).login("zhangsan", pw[1]); status != fiber.StatusSeeOther {
		t.Fatalf("the new password does not log in: %d", status)
	}
	staff := s.browser(t)
	staff.login("zhangsan", pw[1])
	if status, _, _ := staff.do("GET", "/users", nil); status != 403 {
		t.Fatalf("office staff on /users: %d", status)
	}
}

func TestAuditLogPage(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	b.post("/students/new", "/students", url.Values{"studentNo": {"S1"}, "name": {"张三丰"}, "idNumber": {"11010519491231002X"},
		"majorCode": {"710201"}, "cohortYear": {"2025"}, "status": {"enrolled"}})
	_, page, _ := b.do("GET", "/audit-log?entity=student", nil)
	if !strings.Contains(page, "共 1 条") || !strings.Contains(page, "张三丰") || !strings.Contains(page, "新增") {
		t.Fatalf("audit log:\n%s", page)
	}
	if strings.Contains(page, "11010519491231002X") {
		t.Fatalf("the audit log shows a whole ID number")
	}
	a := s.browser(t)
	a.login("auditor", "Passw0rd1")
	if status, _, _ := a.do("GET", "/audit-log", nil); status != 403 {
		t.Fatalf("auditor on the audit log: %d", status)
	}
}

// studentsSheet is the students template with the example row replaced by rows.
func studentsSheet(t testing.TB, rows [][]any) []byte {
	return filledTemplate(t, sheets.Students, rows)
}

func TestImportPages(t *testing.T) {
	s := newSite(t)
	file := studentsSheet(t, [][]any{
		{"S1", "张三", "11010519491231002X", "710201", "计应1班", 2025, "在籍"},
		{"S2", "李四", "110105194912310021", "710201", "计应1班", 2025, "在籍"}, // wrong check character
		{"S3", "王五", idNumber("11010520060101001"), "710201", "计应1班", 2025, ""},
		{"S4", "赵六", idNumber("11010520060101002"), "999999", "计应1班", 2025, "在籍"}, // no such major
	})
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	if _, page, _ := b.do("GET", "/imports/students/template.xlsx", nil); len(sheetRows(t, []byte(page))) != 2 {
		t.Fatalf("the template is not header + example row")
	}
	status, _, hdr := b.upload("/imports/students", "/imports/students", nil, "学生.xlsx", file)
	if status != fiber.StatusSeeOther {
		t.Fatalf("upload: %d", status)
	}
	preview := hdr.Get("Location")
	_, page, _ := b.do("GET", preview, nil)
	for _, want := range []string{"有错误 <strong class=\"bad\">2</strong> 行", "<td>3</td><td>S2</td><td>身份证号</td>", "<td>5</td><td>S4</td><td>专业代码</td>", "导入无误的 2 行"} {
		if !strings.Contains(page, want) {
			t.Fatalf("preview lacks %q:\n%s", want, page)
		}
	}
	other := s.browser(t)
	other.login("admin", "Passw0rd1")
	if status, _, _ := other.do("GET", preview, nil); status != 404 {
		t.Fatalf("someone else's preview: %d", status)
	}
	if status, page, _ := b.post(preview, preview+"/commit", url.Values{}); status != 200 || !strings.Contains(page, "新增 <strong>2</strong> 行") {
		t.Fatalf("commit: %d\n%s", status, page)
	}
	if status, _, _ := b.post("/imports/students", preview+"/commit", url.Values{}); status != 404 {
		t.Fatalf("second commit of the same preview: %d", status)
	}
	_, _, hdr = b.upload("/imports/students", "/imports/students", nil, "学生.xlsx", file)
	_, page, _ = b.do("GET", hdr.Get("Location"), nil)
	if !strings.Contains(page, "新增 0、更新 0、无变化 2") {
		t.Fatalf("re-upload:\n%s", page)
	}
	if status, _, _ := b.post(hdr.Get("Location"), hdr.Get("Location")+"/cancel", url.Values{}); status != fiber.StatusSeeOther {
		t.Fatalf("cancel: %d", status)
	}
	res, err := s.h.People.FindStudents(s.principal(t, "office", "Passw0rd1"), models.StudentFilter{})
	if err != nil || res.Total != 2 {
		t.Fatalf("students = %d, %v; want the 2 good rows once", res.Total, err)
	}
	status, page, _ = b.upload("/imports/students", "/imports/students", nil, "notes.txt", []byte("not a workbook"))
	if status != 422 || !strings.Contains(page, "请上传用模板填写的.xlsx文件") {
		t.Fatalf("not a workbook: %d", status)
	}
	a := s.browser(t)
	a.login("auditor", "Passw0rd1")
	if status, _, _ := a.do("GET", "/imports", nil); status != 403 {
		t.Fatalf("auditor on imports: %d", status)
	}
}

// A form whose own check fails (a number that is not one) names that field and
// the service's, and writes nothing even when everything else is valid.
func TestFormErrorWritesNothing(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	teacher := url.Values{"staffNo": {"T9"}, "name": {"李老师"}, "idNumber": {"110105194912310021"}, "courseType": {"professional"},
		"employment": {"full_time"}, "employerEnterpriseId": {""}, "hireDate": {"2020-09-01"}, "enterpriseExperienceMonths": {"三年"}}
	status, page, _ := b.post("/teachers/new", "/teachers", teacher)
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[idNumber enterpriseExperienceMonths]" {
		t.Fatalf("status %d, fields %v", status, got)
	}
	teacher.Set("idNumber", "11010519491231002X")
	if status, page, _ := b.post("/teachers/new", "/teachers", teacher); status != 422 || fmt.Sprint(errorFields(page)) != "[enterpriseExperienceMonths]" {
		t.Fatalf("only the months wrong: status %d", status)
	}
	res, err := s.h.People.FindTeachers(s.principal(t, "office", "Passw0rd1"), models.TeacherFilter{})
	if err != nil || res.Total != 0 {
		t.Fatalf("teachers = %d, %v; want nothing written", res.Total, err)
	}
}
