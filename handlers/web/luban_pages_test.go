package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// lubanSeed adds to newSite a full-time teacher T001 王老师 of the school, and
// a second school with its own office user office2.
func lubanSeed(t testing.TB, s *site) (teacher string) {
	t.Helper()
	str := func(v string) *string { return &v }
	months := 0
	te, err := s.h.People.CreateTeacher(s.principal(t, "office", "Passw0rd1"), models.TeacherFields{StaffNo: str("T001"), Name: str("王老师"),
		CourseType: str(models.CourseProfessional), Employment: str(models.EmploymentFullTime), HireDate: str("2015-09-01"),
		EnterpriseExperienceMonths: &months})
	if err != nil {
		t.Fatal(err)
	}
	admin := s.principal(t, "admin", "Passw0rd1")
	other, err := s.h.Schools.CreateSchool(admin, models.SchoolFields{Code: str("HX2"), Name: str("红星第二职专"), District: str("河北区"),
		Level: str("secondary")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("office2"), Role: str("office_admin"),
		SchoolID: str(other.ID.Hex()), Password: str("Passw0rd1")}); err != nil {
		t.Fatal(err)
	}
	return te.ID.Hex()
}

// goodWorkshop is a workshop form as the office fills it in.
func goodWorkshop() url.Values {
	return url.Values{"code": {"LB-ML-01"}, "nameZh": {"马里鲁班工坊"}, "nameEn": {"Luban Workshop in Mali"},
		"nameLocal": {"Atelier Luban du Mali"}, "localLang": {"fr"}, "country": {"ml"}, "city": {"巴马科"},
		"hostInstitutions": {"Université des Sciences\r\n"}, "chineseInstitutions": {"天津职业技术师范大学|牵头|本校\r\n天津某职业学院|共建"},
		"enterprises": {""}, "fields": {"新能源\n电气自动化"}, "majors": {"电气自动化技术"}, "agreementDate": {"2023-03-01"},
		"openedDate": {"2023-10-01"}, "acceptedDate": {""}, "phase": {"一期"}, "areaM2": {"1200"}, "status": {models.WorkshopOperating},
		"statusSince": {""}, "statusNote": {"揭牌运营"}, "unconfirmed": {"city", "areaM2"}, "notes": {"来源：工坊年报"}}
}

func lubanCount(t *testing.T, s *site) (workshops, activities int64) {
	t.Helper()
	ctx := s.principal(t, "office", "Passw0rd1")
	ws, err1 := s.h.Luban.FindWorkshops(ctx, models.WorkshopFilter{})
	as, err2 := s.h.Luban.FindActivities(ctx, models.ActivityFilter{})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return ws.Total, as.Total
}

var checkedBox = regexp.MustCompile(`<input type="checkbox" name="([^"]+)" value="([^"]+)" checked>`)

// TestLubanPages: a refused workshop form names its wrong fields and writes
// nothing; a good one shows every field with 待核实 where marked; a dispatch
// with a wrong line is refused on the teachers box; a training and a dispatch
// appear on the workshop's timeline and the dispatch on the teacher's page;
// the edit forms give back what they show; the office of another school gets
// 404 on the page and on its form.
func TestLubanPages(t *testing.T) {
	s := newSite(t)
	teacher := lubanSeed(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")

	_, form, _ := office.do("GET", "/luban-workshops/new", nil)
	wantIn(t, "workshop form", form, "ISO两位代码，如ML、CH、ID", `<option value="fr">法语</option>`, "名称|角色|本校",
		`<input type="checkbox" name="unconfirmed" value="city">`, "状态变更日期")

	bad := goodWorkshop()
	bad.Set("nameZh", "")
	bad.Set("country", "Mali")
	bad.Set("chineseInstitutions", "天津职业技术师范大学|牵头|本校\n天津某职业学院|主办")
	status, page, _ := office.post("/luban-workshops/new", "/luban-workshops", bad)
	if status != 422 {
		t.Fatalf("bad workshop: %d", status)
	}
	if got, want := fieldErrorsOn(page), "nameZh country chineseInstitutions"; got != want {
		t.Errorf("errors beside %q, want %q:\n%s", got, want, page)
	}
	wantIn(t, "bad workshop", page, "第2行“天津某职业学院|主办”格式不正确", `value="Mali"`, `value="city" checked`)
	if w, a := lubanCount(t, s); w != 0 || a != 0 {
		t.Fatalf("a refused form wrote: %d workshops, %d activities", w, a)
	}

	status, _, hdr := office.post("/luban-workshops/new", "/luban-workshops", goodWorkshop())
	if status != fiber.StatusSeeOther {
		t.Fatalf("good workshop: %d", status)
	}
	wsPath := hdr.Get("Location")
	wsID := strings.TrimPrefix(wsPath, "/luban-workshops/")
	_, page, _ = office.do("GET", wsPath, nil)
	wantIn(t, "workshop page", page, "已新增鲁班工坊", "马里鲁班工坊（马里）", "马里（ML）", "法语", "天津职业技术师范大学（牵头）·本校；天津某职业学院（共建）",
		"新能源；电气自动化", "1200 平方米", "2023-10-01", "揭牌运营", "暂无活动记录", `href="/luban-activities/new?workshopId=`+wsID+`"`,
		`href="`+wsPath+`/summary?year=`)
	if got := strings.Count(page, ">待核实</span>"); got != 2 {
		t.Errorf("待核实 shown %d times, want 2 (city, area)", got)
	}
	wantIn(t, "待核实 beside the city", page, `巴马科 <span class="badge badge-unconfirmed"`)

	// The workshop's edit form gives back what it shows.
	v := formValues(t, office, wsPath+"/edit")
	for _, m := range checkedBox.FindAllStringSubmatch(formBody(t, office, wsPath+"/edit"), -1) {
		v.Add(m[1], m[2])
	}
	if status, page, _ := office.post(wsPath+"/edit", wsPath, v); status != fiber.StatusSeeOther {
		t.Fatalf("workshop edit round trip: %d\n%s", status, page)
	}
	ws, err := s.h.Luban.FindWorkshopByID(s.principal(t, "office", "Passw0rd1"), mustID(t, wsID))
	if err != nil || len(ws.ChineseInstitutions) != 2 || !ws.ChineseInstitutions[0].IsThisSchool || strings.Join(ws.Unconfirmed, ",") != "city,areaM2" {
		t.Fatalf("after the round trip: %+v %v", ws, err)
	}

	_, form, _ = office.do("GET", "/luban-activities/new?workshopId="+wsID, nil)
	wantIn(t, "activity form", form, `<option value="`+wsID+`" selected>马里鲁班工坊（马里）</option>`, "工号,出发日期,返回日期", "设备价值（元）")
	dispatch := url.Values{"workshopId": {wsID}, "type": {models.ActivityTeacherDispatch}, "title": {"2025年春季派出教师"},
		"startDate": {"2025-03-01"}, "endDate": {"2025-03-20"}, "persons": {"3"}, "personDays": {""}, "items": {""}, "valueFen": {""},
		"teachers": {"T001,2025-03-01,2025-03-10\nT999\nT001,2025-03-05"}, "standardKind": {""}, "recognizedBy": {""}, "adoptedOn": {""},
		"award": {""}, "evidence": {"派出通知"}, "note": {""}}
	status, page, _ = office.post("/luban-activities/new", "/luban-activities", dispatch)
	if status != 422 {
		t.Fatalf("bad dispatch: %d", status)
	}
	if got, want := fieldErrorsOn(page), "persons teachers"; got != want {
		t.Errorf("errors beside %q, want %q:\n%s", got, want, page)
	}
	wantIn(t, "bad dispatch", page, "派出教师的人数由派出教师名单得出，不填写", "第2行“T999”（工号）：本校没有工号为T999的教师", "第3行“T001,2025-03-05”格式不正确")
	if _, a := lubanCount(t, s); a != 0 {
		t.Fatalf("a refused dispatch wrote %d activities", a)
	}

	dispatch.Set("persons", "")
	dispatch.Set("teachers", "T001,2025-03-01,2025-03-10")
	status, _, hdr = office.post("/luban-activities/new", "/luban-activities", dispatch)
	if status != fiber.StatusSeeOther {
		t.Fatalf("good dispatch: %d", status)
	}
	dispatchPath := hdr.Get("Location")
	_, page, _ = office.do("GET", dispatchPath, nil)
	wantIn(t, "dispatch page", page, "派出教师", "1 人", "10 人日", "T001 王老师", "10 天", "派出通知")

	training := url.Values{"workshopId": {wsID}, "type": {models.ActivityShortTraining}, "title": {"光伏运维短期培训"},
		"startDate": {"2025-10-08"}, "endDate": {"2025-10-12"}, "persons": {"20"}, "personDays": {""}, "valueFen": {""}, "teachers": {""}}
	if status, page, _ := office.post("/luban-activities/new", "/luban-activities", training); status != fiber.StatusSeeOther {
		t.Fatalf("training: %d\n%s", status, page)
	}

	_, page, _ = office.do("GET", wsPath, nil)
	wantIn(t, "timeline", page, models.StatYear{Start: 2025}.Label(), models.StatYear{Start: 2024}.Label(), "光伏运维短期培训",
		"培训人数 20", "2025年春季派出教师", "派出1人，共10人日")
	if strings.Index(page, "光伏运维短期培训") > strings.Index(page, "2025年春季派出教师") {
		t.Errorf("the timeline is not newest first")
	}
	_, page, _ = office.do("GET", "/luban-activities?type="+models.ActivityShortTraining, nil)
	if got := tableRows(page); !strings.Contains(got, "光伏运维短期培训 | 马里鲁班工坊 | 短期培训 | 2025-10-08 至 2025-10-12 | 20 | 100 | —") ||
		strings.Contains(got, "派出") {
		t.Errorf("filtered activity list:\n%s", got)
	}

	_, page, _ = office.do("GET", "/teachers/"+teacher, nil)
	wantIn(t, "teacher page", page, "鲁班工坊派出", "在外共 <strong>10</strong> 天", `href="`+dispatchPath+`">2025年春季派出教师</a>`)

	// The dispatch's edit form gives back what it shows (persons computed, so blank).
	if status, page, _ := office.post(dispatchPath+"/edit", dispatchPath, formValues(t, office, dispatchPath+"/edit")); status != fiber.StatusSeeOther {
		t.Fatalf("dispatch edit round trip: %d\n%s", status, page)
	}

	other := s.browser(t)
	other.login("office2", "Passw0rd1")
	if status, _, _ := other.do("GET", wsPath, nil); status != 404 {
		t.Fatalf("another school's office on the workshop: %d", status)
	}
	if status, _, _ := other.do("GET", dispatchPath, nil); status != 404 {
		t.Fatalf("another school's office on the activity: %d", status)
	}
	steal := goodWorkshop()
	steal.Set("nameZh", "改名")
	steal.Set("version", "2")
	if status, _, _ := other.post("/luban-workshops", wsPath, steal); status != 404 {
		t.Fatalf("another school's office posting the form: %d", status)
	}
	if _, page, _ := other.do("GET", "/luban-workshops", nil); strings.Contains(page, "马里鲁班工坊") {
		t.Fatalf("another school's list shows the workshop")
	}
	if ws, _ := s.h.Luban.FindWorkshopByID(s.principal(t, "office", "Passw0rd1"), mustID(t, wsID)); ws.NameZH != "马里鲁班工坊" {
		t.Fatalf("another school renamed the workshop: %q", ws.NameZH)
	}

	ent := s.browser(t)
	ent.login("ent", "Passw0rd1")
	if _, home, _ := ent.do("GET", "/portal", nil); strings.Contains(home, "鲁班") {
		t.Fatalf("the portal offers the Luban pages")
	}
	if status, _, _ := ent.do("GET", "/luban-workshops", nil); status != 403 {
		t.Fatalf("enterprise on the workshops: %d", status)
	}
}

func formBody(t *testing.T, b *browser, path string) string {
	t.Helper()
	_, page, _ := b.do("GET", path, nil)
	return page
}

func mustID(t *testing.T, s string) bson.ObjectID {
	t.Helper()
	id, err := models.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
