package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

// reportSeed gives newSite's school a Luban Workshop with a training and a
// teacher's dispatch in 2025—2026 (the figures need records), and a second office admin, office2,
// of the same school to approve what office prepares.
func reportSeed(t *testing.T, s *site) (training *models.Activity) {
	t.Helper()
	str := func(v string) *string { return &v }
	office := s.principal(t, "office", "Passw0rd1")
	p, _ := models.PrincipalFrom(office)
	admin := s.principal(t, "admin", "Passw0rd1")
	if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("office2"), Role: str("office_admin"), SchoolID: str(p.SchoolID.Hex()), Password: str("Passw0rd1")}); err != nil {
		t.Fatal(err)
	}
	ws, err := s.h.Luban.CreateWorkshop(office, models.WorkshopFields{NameZH: str("马里鲁班工坊"), Country: str("ML"), LocalLang: str("fr"),
		HostInstitutions:    &[]string{"Université de Bamako"},
		ChineseInstitutions: &[]models.ChineseInstitution{{Name: "红星职专", Role: models.InstitutionLead, IsThisSchool: true}},
		OpenedDate:          str("2019-03-28"), Status: str(models.WorkshopOperating)})
	if err != nil {
		t.Fatal(err)
	}
	months := 0
	if _, err := s.h.People.CreateTeacher(office, models.TeacherFields{StaffNo: str("T009"), Name: str("孙老师"), CourseType: str(models.CourseProfessional),
		Employment: str(models.EmploymentFullTime), HireDate: str("2015-09-01"), EnterpriseExperienceMonths: &months}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.Luban.CreateActivity(office, models.ActivityFields{WorkshopID: str(ws.ID.Hex()), Type: str(models.ActivityTeacherDispatch),
		Title: str("赴马里指导"), StartDate: str("2026-03-01"), EndDate: str("2026-03-10"), Teachers: &[]models.DispatchField{{StaffNo: "T009"}}}); err != nil {
		t.Fatal(err)
	}
	persons := 12
	training, err = s.h.Luban.CreateActivity(office, models.ActivityFields{WorkshopID: str(ws.ID.Hex()), Type: str(models.ActivityShortTraining),
		Title: str("中医推拿短训"), StartDate: str("2025-10-08"), EndDate: str("2025-10-10"), Persons: &persons})
	if err != nil {
		t.Fatal(err)
	}
	return training
}

var snapshotPath = regexp.MustCompile(`^/snapshots/([0-9a-f]{24})$`)

// TestReportPages: the office sees the year in the bureau's tables and
// prepares a snapshot; it cannot approve its own; the second admin's empty
// return is refused beside the field, the approval freezes it; the auditor
// opens it, its records and its workbook, which verifies; an edit afterwards
// shows as drift; the print page has no navigation.
func TestReportPages(t *testing.T) {
	s := newSite(t)
	training := reportSeed(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")

	status, page, _ := office.do("GET", "/report?year=2025", nil)
	if status != 200 {
		t.Fatalf("report: %d %s", status, page)
	}
	wantIn(t, "report", page, "计分卡", "国际影响表（鲁班工坊）", "落实政策表", "未计算：", "<summary>口径</summary>", "生成年报快照",
		"2024—2025学年", "2025—2026学年", `/figures/luban_short_training_persons/records?year=2025`)

	status, _, hdr := office.post("/report?year=2025", "/snapshots", url.Values{"year": {"2025"}})
	m := snapshotPath.FindStringSubmatch(hdr.Get("Location"))
	if status != 303 || m == nil {
		t.Fatalf("prepare: %d %s", status, hdr.Get("Location"))
	}
	snap := "/snapshots/" + m[1]
	_, page, _ = office.do("GET", snap, nil)
	wantIn(t, "prepared snapshot", page, "待审定", "您生成了此快照，须由另一位教务处管理员审定或退回", "清单根哈希（SHA-256）")
	if strings.Contains(page, `id="approve-form"`) {
		t.Fatal("the preparer is offered the approval")
	}

	approver := s.browser(t)
	approver.login("office2", "Passw0rd1")
	_, page, _ = approver.do("GET", snap, nil)
	wantIn(t, "approver's view", page, `id="approve-form"`, `id="return-form"`)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	status, page, _ = approver.post(snap, snap+"/return", url.Values{"version": {version}, "comment": {" "}})
	if status != 422 {
		t.Fatalf("empty return: %d", status)
	}
	wantIn(t, "refused return", page, `id="err-comment"`, "退回须填写意见")
	status, _, _ = approver.post(snap, snap+"/approve", url.Values{"version": {version}, "comment": {"核对无误"}})
	if status != 303 {
		t.Fatalf("approve: %d", status)
	}
	_, page, _ = approver.do("GET", snap, nil)
	wantIn(t, "approved snapshot", page, "已审定", "office2", "核对无误", "导出Excel", "打印版", "重算核对")

	auditor := s.browser(t)
	auditor.login("auditor", "Passw0rd1")
	_, page, _ = auditor.do("GET", "/snapshots", nil)
	wantIn(t, "auditor's list", page, "已审定", m[1])
	status, page, _ = auditor.do("GET", snap+"/records/luban_short_training_persons", nil)
	if status != 200 {
		t.Fatalf("frozen records: %d", status)
	}
	wantIn(t, "frozen records", page, "中医推拿短训", "记录哈希")
	_, page, _ = auditor.do("GET", snap+"/records/teacher_abroad_person_days", nil)
	wantIn(t, "frozen dispatch", page, "匿名", "赴马里指导")
	if strings.Contains(page, "孙老师") {
		t.Fatal("the auditor sees the teacher's name")
	}
	_, page, _ = office.do("GET", snap+"/records/teacher_abroad_person_days", nil)
	wantIn(t, "frozen dispatch, office", page, "T009 孙老师")
	status, xlsx, hdr := auditor.do("GET", snap+"/export.xlsx", nil)
	if status != 200 || !strings.Contains(hdr.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", status, hdr.Get("Content-Type"))
	}
	status, page, _ = auditor.upload("/snapshots/verify", "/snapshots/verify", nil, "report.xlsx", []byte(xlsx))
	if status != 200 {
		t.Fatalf("verify: %d", status)
	}
	wantIn(t, "verification", page, "核验通过", "文件与系统存档一致，未被修改")
	if status, _, _ := auditor.post("/snapshots", "/snapshots", url.Values{"year": {"2025"}}); status != 403 {
		t.Fatalf("the auditor prepared: %d", status)
	}

	ctx := s.principal(t, "office", "Passw0rd1")
	persons := 15
	if _, err := s.h.Luban.UpdateActivity(ctx, training.ID, models.ActivityFields{Version: &training.Version, Persons: &persons}); err != nil {
		t.Fatal(err)
	}
	_, page, _ = auditor.do("GET", snap+"/drift", nil)
	wantIn(t, "drift", page, "存档快照与其清单哈希一致", "已变化", "修改", "中医推拿短训")
	_, page, _ = auditor.do("GET", snap, nil)
	wantIn(t, "snapshot after the edit", page, ">12 人</a>")

	_, page, _ = auditor.do("GET", snap+"/print", nil)
	if strings.Contains(page, "主导航") || !strings.Contains(page, "report-table") {
		t.Fatal("the print page has the navigation or no tables")
	}
}
