package web_test

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// practiceSeed is what the practice pages need beyond newSite: the 示例企业
// (the ent user's), another enterprise with its own portal user (ent2), and
// teachers: T001 short (30 days in 2024), T002 at risk (180 days from
// 2021-09-01, which start leaving the window on 2026-09-01), T003 hired
// 2026-07-01 without enterprise experience or practice, T004 a public-course
// teacher. Practice is approved through the services.
type practiceSeed struct {
	enterprise, other                      string
	short, atRisk, newHire, public         string
	shortPractice, atRiskPractice, pending string // pending: T001 at the 示例企业, proposed
}

func seedPractice(t testing.TB, s *site) practiceSeed {
	t.Helper()
	admin, office := s.principal(t, "admin", "Passw0rd1"), s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	ents, err := s.h.Enterprises.FindEnterprises(admin, models.EnterpriseFilter{})
	if err != nil || len(ents.Items) != 1 {
		t.Fatalf("enterprises: %v", err)
	}
	d := practiceSeed{enterprise: ents.Items[0].ID.Hex()}
	other, err := s.h.Enterprises.CreateEnterprise(admin, models.EnterpriseFields{CreditCode: str("91110000600037341L"), Name: str("另一家企业")})
	if err != nil {
		t.Fatal(err)
	}
	d.other = other.ID.Hex()
	if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("ent2"), Role: str("enterprise"), EnterpriseID: str(d.other),
		Password: str("Passw0rd1")}); err != nil {
		t.Fatal(err)
	}
	teacher := func(no, name, course, hired string) string {
		months := 0
		te, err := s.h.People.CreateTeacher(office, models.TeacherFields{StaffNo: str(no), Name: str(name), CourseType: str(course),
			Employment: str(models.EmploymentFullTime), HireDate: str(hired), EnterpriseExperienceMonths: &months})
		if err != nil {
			t.Fatal(err)
		}
		return te.ID.Hex()
	}
	d.short = teacher("T001", "王老师", models.CourseProfessional, "2015-09-01")
	d.atRisk = teacher("T002", "李老师", models.CourseProfessional, "2015-09-01")
	d.newHire = teacher("T003", "赵老师", models.CoursePractice, "2026-07-01")
	d.public = teacher("T004", "钱老师", models.CoursePublic, "2015-09-01")
	d.shortPractice = approvedPractice(t, s, d.short, d.other, "2024-07-01", "2024-07-30", 30)
	d.atRiskPractice = approvedPractice(t, s, d.atRisk, d.other, "2021-09-01", "2022-02-27", 180)
	d.pending = newPractice(t, s, d.short, d.enterprise, "2025-10-10", "2025-11-08", 20).ID.Hex()
	return d
}

// newPractice proposes a practice period as the office.
func newPractice(t testing.TB, s *site, teacher, enterprise, start, end string, n int) *models.Practice {
	t.Helper()
	str := func(v string) *string { return &v }
	pr, err := s.h.Practice.CreatePractice(s.principal(t, "office", "Passw0rd1"), models.PracticeFields{TeacherID: str(teacher),
		EnterpriseID: str(enterprise), Form: str(models.PracticePost), StartDate: str(start), EndDate: str(end), PracticeDays: &n,
		Post: str("数控车间工艺员"), Outputs: &[]string{"企业实践报告"}})
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// approvedPractice proposes a period, records the enterprise's stamped
// confirmation and approves it, as the office.
func approvedPractice(t testing.TB, s *site, teacher, enterprise, start, end string, n int) string {
	t.Helper()
	office := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	pr := newPractice(t, s, teacher, enterprise, start, end, n)
	pr, err := s.h.Practice.Confirm(office, pr.ID, practice.Decision{Version: &pr.Version, Decision: str(models.PracticeConfirmed), Doc: str("盖章证明")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.Practice.Approve(office, pr.ID, practice.Decision{Version: &pr.Version, Decision: str(models.PracticeApproved)}); err != nil {
		t.Fatal(err)
	}
	return pr.ID.Hex()
}

// practiceSite is a site with the practice seed and the office logged in.
func practiceSite(t *testing.T) (*site, practiceSeed, *browser) {
	t.Helper()
	s := newSite(t)
	d := seedPractice(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	return s, d, office
}

var fieldErrorID = regexp.MustCompile(`<div class="error" id="([^"]+)-error">`)

// fieldErrorsOn lists the fields a form page shows an error beside.
func fieldErrorsOn(page string) string {
	var out []string
	for _, m := range fieldErrorID.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " ")
}

// TestPracticeForm: a wrong form names exactly its wrong fields, keeps the
// input and writes nothing; a good one is saved as proposed.
func TestPracticeForm(t *testing.T) {
	s, d, office := practiceSite(t)
	_, form, _ := office.do("GET", "/teacher-practices/new?teacherId="+d.atRisk, nil)
	wantIn(t, "form", form, `<option value="`+d.atRisk+`" selected>T002 李老师</option>`, "考察观摩", "顶岗或兼职", "参与研发",
		`<textarea id="outputs" name="outputs"`)

	bad := url.Values{"teacherId": {""}, "enterpriseId": {d.enterprise}, "form": {"training"}, "startDate": {"2025-10-10"},
		"endDate": {"2025-10-01"}, "practiceDays": {"二十"}, "post": {""}, "supervisor": {"王工"},
		"outputs": {"企业实践报告\n\n" + strings.Repeat("长", 201)}}
	status, page, _ := office.post("/teacher-practices/new", "/teacher-practices", bad)
	if status != 422 {
		t.Fatalf("bad form: %d", status)
	}
	if got, want := fieldErrorsOn(page), "teacherId endDate practiceDays post outputs"; got != want {
		t.Errorf("errors beside %q, want %q:\n%s", got, want, page)
	}
	wantIn(t, "bad form", page, "教师为必填项", "结束日期不能早于开始日期", "实践天数须为整数", "第2条：实践成果长度不能超过200个字符",
		`value="王工"`, `value="二十"`)
	if n := practiceCount(t, s); n != 3 {
		t.Fatalf("a refused form wrote: %d practice records, want the seed's 3", n)
	}

	good := url.Values{"teacherId": {d.atRisk}, "enterpriseId": {d.enterprise}, "form": {"rd"}, "startDate": {"2025-10-10"},
		"endDate": {"2025-11-08"}, "practiceDays": {"20"}, "post": {"智能产线调试项目"}, "supervisor": {""},
		"outputs": {"企业实践报告\r\n教学案例：产线调试\r\n"}}
	status, _, hdr := office.post("/teacher-practices/new", "/teacher-practices", good)
	if status != fiber.StatusSeeOther {
		t.Fatalf("good form: %d", status)
	}
	_, page, _ = office.do("GET", hdr.Get("Location"), nil)
	wantIn(t, "saved", page, "已新增教师企业实践", "T002 李老师 · 示例企业", "参与研发", "2025-10-10 至 2025-11-08（共30天）",
		"企业实践报告；教学案例：产线调试", "待企业确认", "代企业确认")
}

func practiceCount(t *testing.T, s *site) int64 {
	t.Helper()
	res, err := s.h.Practice.FindPractices(s.principal(t, "office", "Passw0rd1"), models.PracticeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// TestPracticeDecisionPages: the enterprise confirms in the portal (a
// rejection needs a comment), another enterprise gets 403, the office cannot
// approve what the enterprise has not confirmed, records a stamped
// confirmation, and approves.
func TestPracticeDecisionPages(t *testing.T) {
	s := newSite(t)
	d := seedPractice(t, s)
	path := "/teacher-practices/" + d.pending

	ent := s.browser(t)
	ent.login("ent", "Passw0rd1")
	_, home, _ := ent.do("GET", "/portal", nil)
	wantIn(t, "portal home", home, `href="/teacher-practices"`, "教师企业实践")
	_, list, _ := ent.do("GET", "/teacher-practices", nil)
	wantIn(t, "portal cards", list, "T001 王老师", "顶岗或兼职", "2025-10-10 至 2025-11-08（共30天）", "20天", "数控车间工艺员",
		`action="`+path+`/confirm"`, `value="rejected"`)
	if strings.Contains(list, "李老师") {
		t.Fatalf("the portal shows practice at another enterprise:\n%s", list)
	}
	v := pageVersion(t, list)
	status, page, _ := ent.post("/teacher-practices", path+"/confirm", url.Values{"version": {v}, "decision": {"rejected"}, "comment": {""}})
	if status != 422 || !strings.Contains(page, `id="comment-`+d.pending+`-error"`) || !strings.Contains(page, "不予确认时须说明原因") {
		t.Fatalf("rejection without a comment: %d\n%s", status, page)
	}

	ent2 := s.browser(t)
	ent2.login("ent2", "Passw0rd1")
	if status, page, _ := ent2.do("GET", path, nil); status != 403 || !strings.Contains(page, "无权访问") {
		t.Fatalf("another enterprise's practice: %d", status)
	}
	if status, _, _ := ent2.post("/teacher-practices", path+"/confirm", url.Values{"version": {v}, "decision": {"confirmed"}}); status != 403 {
		t.Fatalf("another enterprise confirming: %d", status)
	}

	status, _, hdr := ent.post("/teacher-practices", path+"/confirm", url.Values{"version": {v}, "decision": {"confirmed"}, "comment": {"情况属实"}})
	if status != fiber.StatusSeeOther || hdr.Get("Location") != "/teacher-practices" {
		t.Fatalf("confirm: %d %s", status, hdr.Get("Location"))
	}
	_, list, _ = ent.do("GET", "/teacher-practices", nil)
	wantIn(t, "after confirming", list, "已确认王老师（2025-10-10 至 2025-11-08）在本企业的实践", "没有待确认的实践")
	_, list, _ = ent.do("GET", "/teacher-practices?status=confirmed", nil)
	wantIn(t, "confirmed card", list, "企业已确认，待审批", "企业在门户中确认 · 说明：情况属实")

	office := s.browser(t)
	office.login("office", "Passw0rd1")
	_, page, _ = office.do("GET", path, nil)
	wantIn(t, "confirmed", page, "企业已确认，待审批", "学校审批", `value="approved"`, `value="proposed"`)
	status, _, _ = office.post(path, path+"/approve", url.Values{"version": {pageVersion(t, page)}, "decision": {"approved"}, "comment": {""}})
	if status != fiber.StatusSeeOther {
		t.Fatalf("approve: %d", status)
	}
	_, page, _ = office.do("GET", path, nil)
	wantIn(t, "approved", page, "已审批通过：该实践计入王老师的5年累计企业实践", "已审批（计入）", "审批通过 · ")
	if strings.Contains(page, path+"/edit") || strings.Contains(page, `action="`+path+`/approve`) {
		t.Fatalf("an approved record offers its form or an approval:\n%s", page)
	}

	// A proposed record: no approval before the enterprise's answer; the office
	// records a stamped confirmation, which needs its number.
	other := newPractice(t, s, d.atRisk, d.enterprise, "2025-12-01", "2025-12-10", 10)
	path = "/teacher-practices/" + other.ID.Hex()
	_, page, _ = office.do("GET", path, nil)
	status, page, _ = office.post(path, path+"/approve", url.Values{"version": {pageVersion(t, page)}, "decision": {"approved"}})
	if status != 422 || !strings.Contains(page, "只有企业已确认的实践记录可以审批") {
		t.Fatalf("approving a proposed record: %d\n%s", status, page)
	}
	status, page, _ = office.post(path, path+"/confirm", url.Values{"version": {pageVersion(t, page)}, "decision": {"confirmed"}, "doc": {""}})
	if status != 422 || !strings.Contains(page, `id="confirm-doc-error"`) {
		t.Fatalf("a stamped confirmation without its number: %d\n%s", status, page)
	}
	status, _, _ = office.post(path, path+"/confirm", url.Values{"version": {pageVersion(t, page)}, "decision": {"confirmed"}, "doc": {"QY-2025-018"}})
	if status != fiber.StatusSeeOther {
		t.Fatalf("stamped confirmation: %d", status)
	}
	_, page, _ = office.do("GET", path, nil)
	wantIn(t, "stamped", page, "已代企业登记确认（证明编号 QY-2025-018）", "教务处凭企业盖章证明代为登记（证明编号 QY-2025-018）")

	aud := s.browser(t)
	aud.login("auditor", "Passw0rd1")
	status, page, _ = aud.do("GET", path, nil)
	if status != 200 || strings.Contains(page, `action="`+path+`/approve`) {
		t.Fatalf("auditor page: %d\n%s", status, page)
	}
	if status, _, _ := aud.post("/teacher-practices", path+"/approve", url.Values{"version": {"3"}, "decision": {"approved"}}); status != 403 {
		t.Fatalf("auditor approving: %d", status)
	}
}

// TestPracticeWarningPages: the list shows the short and the at-risk teacher
// with their days and dates, the new hire flagged, no public-course teacher;
// filters narrow it; the export has the same rows and the rule's source.
func TestPracticeWarningPages(t *testing.T) {
	s, d, office := practiceSite(t)
	status, page, _ := office.do("GET", "/practice-warnings?asOf=2026-08-31", nil)
	if status != 200 {
		t.Fatalf("warnings: %d", status)
	}
	wantIn(t, "warnings", page, "每5年累计企业实践不少于180天", "教师〔2016〕3号", "5年窗口 2021-09-01 至 2026-08-31",
		"共 3 名教师，不达标 1 名，将不达标 1 名，入职未满5年 1 名；其中新教师未先实践 1 名",
		`<a href="/teachers/`+d.short+`?asOf=2026-08-31#standing">T001</a>`, `<a href="/teachers/`+d.atRisk+`?asOf=2026-08-31#standing">T002</a>`, "是（首个任教学期 2026-09-01）", "导出Excel")
	// row is a teacher's row as its cells' text, "|" between cells.
	row := func(no string) string {
		m := regexp.MustCompile(`(?s)<tr class="row-[^"]*">\s*<td class="nowrap"><a href="[^"]+">` + no + `</a>.*?</tr>`).FindString(page)
		m = regexp.MustCompile(`\s*<[^>]+>\s*`).ReplaceAllString(m, "|")
		return strings.Trim(regexp.MustCompile(`\|+`).ReplaceAllString(m, "|"), "|")
	}
	for no, want := range map[string]string{
		"T001": "T001|王老师|专业课|不达标|30|180|150|已不足|否",
		"T002": "T002|李老师|专业课|将不达标|180|180|—|2026-09-01|否",
		"T003": "T003|赵老师|实习指导|入职未满5年|0|180|180|2031-07-01|是（首个任教学期 2026-09-01）",
	} {
		if got := row(no); got != want {
			t.Errorf("row %s: %q, want %q", no, got, want)
		}
	}
	if strings.Contains(page, "T004") {
		t.Errorf("a public-course teacher is listed:\n%s", page)
	}
	for query, want := range map[string]string{"status=short": "T001", "status=at_risk": "T002", "status=new_hire": "T003"} {
		_, page, _ := office.do("GET", "/practice-warnings?asOf=2026-08-31&"+query, nil)
		for _, no := range []string{"T001", "T002", "T003"} {
			if got := strings.Contains(page, ">"+no+"</a>"); got != (no == want) {
				t.Errorf("%s: lists %s %v", query, no, got)
			}
		}
	}

	status, body, hdr := office.do("GET", "/practice-warnings/export.xlsx?asOf=2026-08-31&status=", nil)
	if status != 200 || !strings.Contains(hdr.Get("Content-Disposition"), url.PathEscape("企业实践预警_2026-08-31.xlsx")) {
		t.Fatalf("export: %d %s", status, hdr.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheets.DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range rows {
		got = append(got, strings.Join(r, "|"))
	}
	want := []string{"工号|姓名|课程类别|状态|5年内已计天数|要求|差额|不足日期|新教师未先实践",
		"T001|王老师|专业课|不达标|30|180|150|已不足|否",
		"T002|李老师|专业课|将不达标|180|180|0|2026-09-01|否",
		"T003|赵老师|实习指导|入职未满5年|0|180|180|2031-07-01|是（首个任教学期 2026-09-01）"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("export rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if source, _ := f.GetCellValue(sheets.NotesSheet, "B3"); !strings.Contains(source, "教师〔2016〕3号") {
		t.Errorf("export notes: source %q", source)
	}

	ent := s.browser(t)
	ent.login("ent", "Passw0rd1")
	if status, _, _ := ent.do("GET", "/practice-warnings", nil); status != 403 {
		t.Errorf("enterprise on the warnings: %d", status)
	}
}

// TestTeacherPageShowsStanding: the at-risk teacher's page shows the standing,
// the window as a bar with the practice drawn from its first day, the history
// and the recognition; a public-course teacher is not held to the number.
func TestTeacherPageShowsStanding(t *testing.T) {
	s := newSite(t)
	d := seedPractice(t, s)
	str := func(v string) *string { return &v }
	if _, err := s.h.Practice.CreateRecognition(s.principal(t, "office", "Passw0rd1"), models.RecognitionFields{TeacherID: str(d.atRisk),
		Level: str(models.DualIntermediate), AuthorityKind: str("city"), Authority: str("天津市教育委员会"), CertNo: str("SS-2024-007"),
		RecognizedAt: str("2024-06-30"), PracticeIDs: &[]string{d.atRiskPractice}}); err != nil {
		t.Fatal(err)
	}
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	status, page, _ := office.do("GET", "/teachers/"+d.atRisk+"?asOf=2026-08-31", nil)
	if status != 200 {
		t.Fatalf("teacher page: %d", status)
	}
	wantIn(t, "teacher page", page, "企业实践（5年累计要求）", "将不达标", "2021-09-01 至 2026-08-31", "180 天（要求 180 天）",
		"<dt>不足日期</dt><dd>2026-09-01</dd>", `<svg width="100%" height="72" role="img"`,
		`<a href="/teacher-practices/`+d.atRiskPractice+`"><rect x="0.00%" y="18" width="9.86%"`,
		"另一家企业 2021-09-01 至 2022-02-27 · 窗口内计180天", `<text x="6.68%" y="60" text-anchor="middle" class="tl-year">2022</text>`,
		"企业实践记录", "180 天", "已审批（计入）", "双师型认定", "中级", "天津市教育委员会（市级）", "SS-2024-007", "有效",
		`href="/dual-recognitions/new?teacherId=`+d.atRisk+`"`, `href="/teacher-practices/new?teacherId=`+d.atRisk+`"`)
	_, page, _ = office.do("GET", "/teachers/"+d.short+"?asOf=2026-08-31", nil)
	wantIn(t, "short teacher", page, "不达标", "<dt>差额</dt><dd>150 天</dd>", "<dt>不足日期</dt><dd>已不足</dd>", "待企业确认")
	_, page, _ = office.do("GET", "/teachers/"+d.public, nil)
	wantIn(t, "public-course teacher", page, "不作天数要求", "公共基础课教师和企业兼职教师不作天数要求")
	if strings.Contains(page, "<svg") {
		t.Error("a teacher not held to the number gets a timeline")
	}
	_, page, _ = office.do("GET", "/dual-recognitions", nil)
	wantIn(t, "recognitions", page, "T002 李老师", "中级", "SS-2024-007", `<span class="badge recognition-valid">有效</span>`)
}

// TestRecognitionForm: the evidence offered is the teacher's approved
// practice; wrong fields are named beside them and nothing is written; a good
// form is saved and its page names the practice behind it.
func TestRecognitionForm(t *testing.T) {
	s, d, office := practiceSite(t)
	_, form, _ := office.do("GET", "/dual-recognitions/new?teacherId="+d.atRisk, nil)
	wantIn(t, "form", form, `<select id="practiceIds" name="practiceIds" multiple`, `<option value="`+d.atRiskPractice+`">李老师 · 另一家企业`,
		`value="教师厅〔2022〕2号"`, "初级", "中级", "高级", `<option value="province">省</option>`, "已撤销")
	if strings.Contains(form, d.shortPractice) || strings.Contains(form, d.pending) {
		t.Fatalf("the form offers another teacher's or unapproved practice:\n%s", form)
	}

	bad := url.Values{"teacherId": {d.atRisk}, "level": {"senior"}, "authorityKind": {"city"}, "authority": {""}, "certNo": {""},
		"recognizedAt": {"2024-06-30"}, "validUntil": {"2024-01-01"}, "standardVersion": {"教师厅〔2022〕2号"},
		"practiceIds": {d.shortPractice}, "evidence": {""}, "status": {"valid"}}
	status, page, _ := office.post("/dual-recognitions/new", "/dual-recognitions", bad)
	if status != 422 {
		t.Fatalf("bad form: %d", status)
	}
	if got, want := fieldErrorsOn(page), "authority validUntil practiceIds"; got != want {
		t.Errorf("errors beside %q, want %q:\n%s", got, want, page)
	}
	wantIn(t, "bad form", page, "认定机构为必填项", "有效期至不能早于认定日期", "第1条：佐证的企业实践须为该教师已审批的实践记录")
	res, err := s.h.Practice.FindRecognitions(s.principal(t, "office", "Passw0rd1"), models.RecognitionFilter{})
	if err != nil || res.Total != 0 {
		t.Fatalf("a refused form wrote: %d recognitions, %v", res.Total, err)
	}

	good := url.Values{"teacherId": {d.atRisk}, "level": {"senior"}, "authorityKind": {"province"}, "authority": {"天津市教育委员会"},
		"certNo": {"SS-2026-001"}, "recognizedAt": {"2026-06-30"}, "validUntil": {""}, "standardVersion": {"教师厅〔2022〕2号"},
		"practiceIds": {d.atRiskPractice}, "evidence": {"高级技师证书\n工程师职称"}, "status": {"valid"}}
	status, _, hdr := office.post("/dual-recognitions/new", "/dual-recognitions", good)
	if status != fiber.StatusSeeOther {
		t.Fatalf("good form: %d", status)
	}
	_, page, _ = office.do("GET", hdr.Get("Location"), nil)
	wantIn(t, "saved", page, "已新增双师型认定 高级双师型（2026-06-30认定）", "T002 李老师", "天津市教育委员会（省级）", "长期",
		"李老师 · 另一家企业 · 2021-09-01 至 2022-02-27", "高级技师证书；工程师职称")
}

// TestPracticeNavigationAndFigures: the office and the auditor reach the three
// pages, the enterprise its practice; the records behind the practice figures
// open the practice and the teacher for the office, not for the auditor.
func TestPracticeNavigationAndFigures(t *testing.T) {
	s := newSite(t)
	d := seedPractice(t, s)
	for user, links := range map[string][]string{
		"office":  {`href="/teacher-practices">企业实践`, `href="/dual-recognitions">双师型认定`, `href="/practice-warnings">企业实践预警`},
		"auditor": {`href="/teacher-practices">企业实践`, `href="/dual-recognitions">双师型认定`, `href="/practice-warnings">企业实践预警`},
		"ent":     {`href="/teacher-practices">教师企业实践`},
	} {
		b := s.browser(t)
		_, _, hdr := b.login(user, "Passw0rd1")
		_, page, _ := b.do("GET", hdr.Get("Location"), nil)
		wantIn(t, user+" home", page, links...)
	}

	office, aud := s.browser(t), s.browser(t)
	office.login("office", "Passw0rd1")
	aud.login("auditor", "Passw0rd1")
	_, page, _ := office.do("GET", "/figures/tep_teacher_count/records?year=2023", nil)
	wantIn(t, "practice records", page, `<a href="/teacher-practices/`+d.shortPractice+`">`, "教师企业实践")
	_, page, _ = office.do("GET", "/figures/tep_short_count/records?year=2023", nil)
	wantIn(t, "short teachers", page, `<a href="/teachers/`+d.short+`">`, "5年内30.0天，差150.0天")
	_, page, _ = aud.do("GET", "/figures/tep_short_count/records?year=2023", nil)
	if strings.Contains(page, `href="/teachers/`) || strings.Contains(page, "王老师") {
		t.Errorf("the auditor's records name or link the teacher:\n%s", page)
	}
}

// TestPracticePagesForEachRole: every practice page opens for the system
// admin, the office and the auditor; the enterprise user gets its cards and
// the 403 page for the rest.
func TestPracticePagesForEachRole(t *testing.T) {
	s := newSite(t)
	d := seedPractice(t, s)
	pages := []string{"/teacher-practices", "/teacher-practices/" + d.pending, "/dual-recognitions", "/practice-warnings",
		"/practice-warnings/export.xlsx", "/teachers/" + d.atRisk}
	for user, want := range map[string][]int{
		"admin":   {200, 200, 200, 200, 200, 200},
		"office":  {200, 200, 200, 200, 200, 200},
		"auditor": {200, 200, 200, 200, 200, 200},
		"ent":     {200, 200, 403, 403, 403, 404},
	} {
		b := s.browser(t)
		b.login(user, "Passw0rd1")
		for i, path := range pages {
			if status, page, _ := b.do("GET", path, nil); status != want[i] {
				t.Errorf("%s GET %s: %d, want %d\n%s", user, path, status, want[i], page)
			}
		}
	}
}
