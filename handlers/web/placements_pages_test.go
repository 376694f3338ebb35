package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// placementSeed is what the placement pages need beyond newSite: the rule set
// the server seeds at start, an enrolled second-year student, a teacher as
// school mentor, the 示例企业 with its staff counted, and a second enterprise
// with its own portal user (ent2).
type placementSeed struct {
	enterprise, other, teacher string
	start, end, signed, later  time.Time
}

// date renders t as the forms take it.
func date(t time.Time) string { return t.Format(models.DateLayout) }

func seedPlacements(t testing.TB, s *site) placementSeed {
	t.Helper()
	ctx := context.Background()
	if err := s.h.Rules.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	admin, office := s.principal(t, "admin", "Passw0rd1"), s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	today := time.Now().In(models.China)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7 + 21)) // three weeks ago
	seed := placementSeed{start: monday, end: monday.AddDate(0, 0, 90), signed: monday.AddDate(0, 0, -7), later: monday.AddDate(0, 0, 2)}

	ents, err := s.h.Enterprises.FindEnterprises(admin, models.EnterpriseFilter{})
	if err != nil || len(ents.Items) != 1 {
		t.Fatalf("enterprises: %v", err)
	}
	e := ents.Items[0]
	staff := 500
	if _, err := s.h.Enterprises.UpdateEnterprise(admin, e.ID, models.EnterpriseFields{Version: &e.Version, OnPostStaff: &staff,
		OnPostStaffAsOf: str(date(today.AddDate(0, 0, -30)))}); err != nil {
		t.Fatal(err)
	}
	seed.enterprise = e.ID.Hex()
	other, err := s.h.Enterprises.CreateEnterprise(admin, models.EnterpriseFields{CreditCode: str("91110000600037341L"), Name: str("另一家企业")})
	if err != nil {
		t.Fatal(err)
	}
	seed.other = other.ID.Hex()
	if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("ent2"), Role: str("enterprise"), EnterpriseID: str(seed.other),
		Password: str("Passw0rd1")}); err != nil {
		t.Fatal(err)
	}
	id17 := "11010520050101002"
	cohort := models.StatYearOf(models.DateOf(monday)).Start - 1
	if _, err := s.h.People.CreateStudent(office, models.StudentFields{StudentNo: str("S2024001"), Name: str("李小红"),
		IDNumber: str(id17 + string(models.IDNumberCheckChar(id17))), MajorCode: str("710201"), ClassName: str("计应2班"), CohortYear: &cohort}); err != nil {
		t.Fatal(err)
	}
	months := 0
	teacher, err := s.h.People.CreateTeacher(office, models.TeacherFields{StaffNo: str("T001"), Name: str("王老师"), CourseType: str(models.CourseProfessional),
		Employment: str(models.EmploymentFullTime), HireDate: str("2015-09-01"), EnterpriseExperienceMonths: &months})
	if err != nil {
		t.Fatal(err)
	}
	seed.teacher = teacher.ID.Hex()
	return seed
}

// proposal is the placement form as the office fills it: a 岗位实习 with the
// agreement signed by the enterprise two days after the start and no
// insurance, and the labour class not recorded.
func (d placementSeed) proposal() url.Values {
	return url.Values{
		"studentNo": {"S2024001"}, "enterpriseId": {d.enterprise}, "kind": {"position"}, "arrangement": {"school_arranged"},
		"approval.ref": {""}, "approval.approvedAt": {""}, "majorCodeAtStart": {""}, "intermediary": {"false"},
		"site.address": {"天津市红桥区示例路1号"}, "site.country": {"CN"},
		"post.name": {"数控车工"}, "post.category": {""}, "post.sameKindPostKey": {"数控车工"}, "post.sameKindPostStaff": {"40"},
		"post.majorCode": {""}, "post.match": {"matched"}, "post.labourClass": {"0"}, "post.entertainmentVenue": {"false"},
		"post.hazardous": {"false"}, "post.hazardType": {""},
		"startDate": {date(d.start)}, "plannedEndDate": {date(d.end)},
		"schedule.hoursPerDay": {"8"}, "schedule.daysPerWeek": {"5"}, "schedule.nightWork": {"false"}, "schedule.holidayWork": {"false"},
		"schedule.overtime": {"false"},
		"agreement.docRef":  {"SX-2025-001"}, "agreement.signedBySchool": {date(d.signed)}, "agreement.signedByUnit": {date(d.later)},
		"agreement.signedByStudent": {date(d.signed)},
		"consent.studentSignedAt":   {date(d.signed)}, "consent.guardianName": {"李父"}, "consent.relation": {"父亲"}, "consent.guardianSignedAt": {date(d.signed)},
		"insurance.insurer": {""}, "insurance.policyNo": {""}, "insurance.from": {""}, "insurance.to": {""}, "insurance.premiumPaidBy": {""},
		"pay.independentWork": {"true"}, "pay.monthlyAmountFen": {"3000"}, "pay.samePostWageFen": {"3500"}, "pay.lowestGradeWageFen": {""},
		"pay.cycleDays": {"30"}, "pay.method": {"bank_transfer"}, "pay.paidDirectly": {"true"},
		"fees.declaredNone": {"true"}, "fees.charges[0].kind": {""}, "fees.charges[0].amountFen": {""},
		"mentors.schoolMentorTeacherId": {d.teacher}, "mentors.enterpriseMentorName": {""}, "mentors.enterpriseMentorPhone": {""},
		"exceptionFiling.ref": {""}, "exceptionFiling.authority": {""}, "exceptionFiling.filedAt": {""},
		"then": {"check"},
	}
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// pageVersion reads the version the page's forms post.
func pageVersion(t *testing.T, page string) string {
	t.Helper()
	m := versionField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no version on the page:\n%s", page)
	}
	return m[1]
}

func wantIn(t *testing.T, what, page string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(page, p) {
			t.Fatalf("%s lacks %q:\n%s", what, p, page)
		}
	}
}

// TestPlacementPages: the office proposes a placement that breaks rules, sees
// which and why, fixes them and activates it with a reason for a warning; the
// enterprise confirms it and two weeks at once from its portal; another
// enterprise gets 403 and the auditor cannot post.
func TestPlacementPages(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")

	// A wrong amount and an unknown 学号 come back beside their fields, input kept.
	bad := d.proposal()
	bad.Set("studentNo", "S9999")
	bad.Set("pay.monthlyAmountFen", "三千")
	status, page, _ := office.post("/placements/new", "/placements", bad)
	if status != 422 {
		t.Fatalf("bad form: %d", status)
	}
	wantIn(t, "bad form", page, `id="studentNo-error"`, "本校没有学号为S9999的学生", `id="pay-monthlyAmountFen-error"`, `value="天津市红桥区示例路1号"`)

	// Saved and checked: the page lists what the rules found.
	status, _, hdr := office.post("/placements/new", "/placements", d.proposal())
	if status != fiber.StatusSeeOther || !strings.HasSuffix(hdr.Get("Location"), "#check") {
		t.Fatalf("create: %d %s", status, hdr.Get("Location"))
	}
	detail := strings.TrimSuffix(hdr.Get("Location"), "#check")
	_, page, _ = office.do("GET", detail, nil)
	wantIn(t, "checked draft", page, "检查完成：", "INT-17", "三方协议在实习开始前签订", "INT-22", "INT-07", "有禁止项", "badge-block")

	// Activating now is refused: each Block beside its rule, the Warn asks for a reason.
	status, page, _ = office.post(detail, detail+"/activate", url.Values{"version": {pageVersion(t, page)}})
	if status != 422 {
		t.Fatalf("activate with blocks: %d", status)
	}
	wantIn(t, "refused activation", page, "未能启用", `<div class="error" role="alert">存在禁止项，不能生效</div>`, "存在警告，须填写理由后才能生效", `id="reason-INT-07-error"`)

	// The enterprise confirms the proposal from the portal.
	ent := s.browser(t)
	ent.login("ent", "Passw0rd1")
	_, list, _ := ent.do("GET", "/placements", nil)
	wantIn(t, "portal list", list, "李小红", "S2024001", "1101**********", "数控车工", "待企业确认", "<dt>学校</dt><dd>红星职专</dd>")
	_, page, _ = ent.do("GET", detail, nil)
	wantIn(t, "portal draft", page, "确认接收", `value="confirmed"`, "<dt>学校</dt><dd>红星职专</dd>")
	if status, _, _ := ent.post(detail, detail+"/respond", url.Values{"version": {pageVersion(t, page)}, "decision": {"confirmed"}}); status != fiber.StatusSeeOther {
		t.Fatalf("respond: %d", status)
	}

	// Another enterprise sees neither the page nor may it post.
	ent2 := s.browser(t)
	ent2.login("ent2", "Passw0rd1")
	if status, page, _ := ent2.do("GET", detail, nil); status != 403 || !strings.Contains(page, "无权访问") {
		t.Fatalf("another enterprise: %d", status)
	}
	if status, _, _ := ent2.post("/placements", detail+"/respond", url.Values{"version": {"1"}, "decision": {"declined"}, "note": {"x"}}); status != 403 {
		t.Fatalf("another enterprise responding: %d", status)
	}
	if _, list, _ := ent2.do("GET", "/placements", nil); strings.Contains(list, "李小红") {
		t.Fatalf("another enterprise lists the placement:\n%s", list)
	}

	// The office fixes the agreement and the insurance and checks again.
	_, form, _ := office.do("GET", detail+"/edit", nil)
	fixed := d.proposal()
	fixed.Set("version", pageVersion(t, form))
	fixed.Set("agreement.signedByUnit", date(d.signed))
	fixed.Set("insurance.insurer", "某保险公司")
	fixed.Set("insurance.policyNo", "PL-2025-01")
	fixed.Set("insurance.from", date(d.signed))
	fixed.Set("insurance.to", date(d.end.AddDate(0, 0, 30)))
	fixed.Set("insurance.premiumPaidBy", "school")
	fixed.Set("mentors.enterpriseMentorName", "张师傅")
	if status, page, _ := office.post(detail+"/edit", detail, fixed); status != fiber.StatusSeeOther {
		t.Fatalf("fix: %d\n%s", status, page)
	}
	_, page, _ = office.do("GET", detail, nil)
	wantIn(t, "fixed draft", page, "INT-07", "有警告", "企业已确认")
	if strings.Contains(page, "finding-block") {
		t.Fatalf("a Block remains after the fix:\n%s", page)
	}
	status, page, _ = office.post(detail, detail+"/activate", url.Values{"version": {pageVersion(t, page)},
		"reasons.INT-07": {"数控车床操作为Ⅱ级体力劳动，企业证明待补"}})
	if status != fiber.StatusSeeOther {
		t.Fatalf("activate with a reason: %d\n%s", status, page)
	}
	_, page, _ = office.do("GET", detail, nil)
	wantIn(t, "active", page, "实习已启用，已记录 1 项警告的理由", "进行中", "依据实习规则集 2021.1", "已记录理由：数控车床操作为Ⅱ级体力劳动")

	// The enterprise confirms two weeks at once, as the agreed schedule prefills them.
	_, page, _ = ent.do("GET", detail, nil)
	w1, w2 := date(d.start), date(d.start.AddDate(0, 0, 7))
	wantIn(t, "portal weeks", page, "周出勤确认", "全部确认", `name="days.`+w1+`" value="5"`, `name="hours.`+w2+`" value="40"`)
	weeks := url.Values{"version": {pageVersion(t, page)}, "week": {w1, w2}, "only": {""},
		"days." + w1: {"5"}, "hours." + w1: {"40"}, "night." + w1: {"0"},
		"days." + w2: {"2"}, "hours." + w2: {"60"}, "night." + w2: {"0"}}
	status, page, _ = ent.post(detail, detail+"/weeks", weeks)
	if status != 422 || !strings.Contains(page, "工作小时数不能为负，也不能超过出勤天数×24") || !strings.Contains(page, `value="60"`) {
		t.Fatalf("too many hours: %d\n%s", status, page)
	}
	weeks.Set("version", pageVersion(t, page))
	weeks.Set("days."+w2, "4")
	weeks.Set("hours."+w2, "32")
	if status, _, _ := ent.post(detail, detail+"/weeks", weeks); status != fiber.StatusSeeOther {
		t.Fatalf("confirm two weeks: %d", status)
	}
	_, page, _ = ent.do("GET", detail, nil)
	wantIn(t, "confirmed weeks", page, "已确认 2 周出勤", "已确认 2 周", "实习单位确认")
	if strings.Contains(page, `name="days.`+w1+`"`) {
		t.Fatalf("a confirmed week is still pending:\n%s", page)
	}

	// The office enters the third week on the enterprise's behalf.
	w3 := date(d.start.AddDate(0, 0, 14))
	_, page, _ = office.do("GET", detail, nil)
	if status, _, _ := office.post(detail, detail+"/weeks", url.Values{"version": {pageVersion(t, page)}, "only": {w3},
		"days." + w3: {"5"}, "hours." + w3: {"40"}, "night." + w3: {"0"}}); status != fiber.StatusSeeOther {
		t.Fatalf("office week: %d", status)
	}
	_, page, _ = ent.do("GET", detail, nil)
	wantIn(t, "office week", page, "教务处代录", "已确认 3 周")

	// The auditor reads the page without forms, and cannot post.
	aud := s.browser(t)
	aud.login("auditor", "Passw0rd1")
	status, page, _ = aud.do("GET", detail, nil)
	if status != 200 || strings.Contains(page, "李小红") || strings.Contains(page, "/activate") || strings.Contains(page, `action="/placements/`) {
		t.Fatalf("auditor page: %d\n%s", status, page)
	}
	if status, _, _ := aud.post("/placements", detail+"/check", url.Values{}); status != 403 {
		t.Fatalf("auditor check: %d", status)
	}
	if status, _, _ := aud.do("GET", "/placements/new", nil); status != 403 {
		t.Fatalf("auditor form: %d", status)
	}
}

// TestPlacementList: the office's list filters by rule, status and
// enterprise and shows the compliance in words.
func TestPlacementList(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	if status, _, _ := office.post("/placements/new", "/placements", d.proposal()); status != fiber.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	for _, tt := range []struct {
		query string
		found bool
	}{
		{"", true}, {"?ruleId=INT-17", true}, {"?ruleId=INT-06", false}, {"?status=draft", true}, {"?status=active", false},
		{"?enterpriseId=" + d.enterprise, true}, {"?enterpriseId=" + d.other, false}, {"?kind=cognitive", false},
	} {
		_, page, _ := office.do("GET", "/placements"+tt.query, nil)
		if got := strings.Contains(page, "李小红"); got != tt.found {
			t.Errorf("list%s: found %v, want %v", tt.query, got, tt.found)
		}
		if tt.found {
			wantIn(t, "list", page, "✕ 有禁止项", "INT-17", "草稿")
		}
	}
}

// TestRuleSetPages: everyone reads the versions with their parameters in
// Chinese; an office admin adds one from the current values; the auditor may
// not.
func TestRuleSetPages(t *testing.T) {
	s := newSite(t)
	if err := s.h.Rules.Seed(context.Background()); err != nil {
		t.Fatal(err)
	}
	aud := s.browser(t)
	aud.login("auditor", "Passw0rd1")
	_, page, _ := aud.do("GET", "/rule-sets/2021.1", nil)
	wantIn(t, "rule set", page, "实习学生占单位在岗职工比例上限", "10 %", "INT-12", "现行")
	if strings.Contains(page, "新增版本") {
		t.Fatal("the auditor is offered a new version")
	}
	if status, _, _ := aud.do("GET", "/rule-sets/new", nil); status != 403 {
		t.Fatalf("auditor form: %d", status)
	}

	office := s.browser(t)
	office.login("office", "Passw0rd1")
	_, form, _ := office.do("GET", "/rule-sets/new", nil)
	wantIn(t, "rule-set form", form, `name="params.unitCapPct"`, `value="10"`, "酒吧")
	v := url.Values{"version": {"2026.1"}, "effectiveFrom": {"2026-09-01"}, "source": {""}, "base": {"2021.1"}}
	for _, m := range regexp.MustCompile(`name="(params\.\w+)" value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], m[2])
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea id="[^"]+" name="(params\.\w+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], m[2])
	}
	v.Set("params.includeRestDays", "false")
	v.Set("params.consentAdultExempt", "false")
	status, page, _ := office.post("/rule-sets/new", "/rule-sets", v)
	if status != 422 {
		t.Fatalf("no source: %d", status)
	}
	wantIn(t, "no source", page, "依据（文件名称、文号或链接）为必填项", `value="2026.1"`)
	v.Set("source", "津教职〔2026〕1号")
	v.Set("params.unitCapPct", "百分之十五")
	if status, page, _ = office.post("/rule-sets/new", "/rule-sets", v); status != 422 {
		t.Fatalf("bad number: %d", status)
	}
	wantIn(t, "bad number", page, "实习学生占单位在岗职工比例上限须为数字", `value="百分之十五"`)
	v.Set("params.unitCapPct", "15")
	status, _, hdr := office.post("/rule-sets/new", "/rule-sets", v)
	if status != fiber.StatusSeeOther || hdr.Get("Location") != "/rule-sets/2026.1" {
		t.Fatalf("create: %d %s", status, hdr.Get("Location"))
	}
	_, page, _ = office.do("GET", "/rule-sets/2026.1", nil)
	wantIn(t, "new version", page, "15 %", "已调整", "津教职〔2026〕1号", "酒吧")
}

// activePlacement proposes a placement that breaks no Block rule through the
// form and activates it with a reason for the unrecorded labour class; it
// returns the placement's path.
func activePlacement(t *testing.T, office *browser, d placementSeed) string {
	t.Helper()
	v := d.proposal()
	v.Set("agreement.signedByUnit", date(d.signed))
	for k, val := range map[string]string{"insurance.insurer": "某保险公司", "insurance.policyNo": "PL-1", "insurance.from": date(d.signed),
		"insurance.to": date(d.end), "insurance.premiumPaidBy": "school", "mentors.enterpriseMentorName": "张师傅"} {
		v.Set(k, val)
	}
	status, _, hdr := office.post("/placements/new", "/placements", v)
	if status != fiber.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	path := strings.TrimSuffix(hdr.Get("Location"), "#check")
	_, page, _ := office.do("GET", path, nil)
	if status, page, _ := office.post(path, path+"/activate", url.Values{"version": {pageVersion(t, page)}, "reasons.INT-07": {"待补"}}); status != fiber.StatusSeeOther {
		t.Fatalf("activate: %d\n%s", status, page)
	}
	return path
}

// TestPlacementLifecycle: the office suspends (a reason is required), resumes,
// grades and terminates a placement from its page; only the fields of an
// activated placement that may change are offered in its form.
func TestPlacementLifecycle(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	path := activePlacement(t, office, d)

	_, form, _ := office.do("GET", path+"/edit", nil)
	wantIn(t, "running form", form, "实习已启用：只能修改", `id="insurance-insurer" name="insurance.insurer"`, `id="post-name" value="数控车工" readonly`)
	if strings.Contains(form, `name="post.name"`) {
		t.Fatal("the post of a running placement is offered for editing")
	}

	_, page, _ := office.do("GET", path, nil)
	status, page, _ := office.post(path, path+"/suspend", url.Values{"version": {pageVersion(t, page)}, "reason": {""}, "ruleId": {"INT-10"}})
	if status != 422 {
		t.Fatalf("suspend without a reason: %d", status)
	}
	wantIn(t, "suspend refused", page, `id="suspend-reason-error"`, "须填写原因", `<details class="card op" id="suspend" open>`, `<option value="INT-10" selected>`)
	status, _, _ = office.post(path, path+"/suspend", url.Values{"version": {pageVersion(t, page)}, "reason": {"核实夜班"}, "ruleId": {"INT-10"}})
	if status != fiber.StatusSeeOther {
		t.Fatalf("suspend: %d", status)
	}
	_, page, _ = office.do("GET", path, nil)
	wantIn(t, "suspended", page, "暂停中", "暂停原因：核实夜班（涉及 INT-10）", "恢复实习")
	if status, _, _ := office.post(path, path+"/activate", url.Values{"version": {pageVersion(t, page)}}); status != fiber.StatusSeeOther {
		t.Fatalf("resume: %d", status)
	}

	_, page, _ = office.do("GET", path, nil)
	status, page, _ = office.post(path, path+"/evaluation", url.Values{"version": {pageVersion(t, page)}, "grade": {"good"}, "score": {"八十"}, "credits": {"2"}, "mentorEvaluation": {""}})
	if status != 422 || !strings.Contains(page, `id="evaluation-score-error"`) || !strings.Contains(page, `value="八十"`) {
		t.Fatalf("a score in words: %d", status)
	}
	if status, _, _ := office.post(path, path+"/evaluation", url.Values{"version": {pageVersion(t, page)}, "grade": {"good"}, "score": {"85"}, "credits": {"2"}}); status != fiber.StatusSeeOther {
		t.Fatalf("grade: %d", status)
	}

	_, page, _ = office.do("GET", path, nil)
	stale := pageVersion(t, page)
	if status, _, _ := office.post(path, path+"/terminate", url.Values{"version": {stale}, "reason": {"学生身体原因"}}); status != fiber.StatusSeeOther {
		t.Fatalf("terminate: %d", status)
	}
	status, page, _ = office.post(path, path+"/terminate", url.Values{"version": {stale}, "reason": {"再次终止"}})
	if status != 409 || !strings.Contains(page, "已终止") {
		t.Fatalf("terminate again: %d\n%s", status, page)
	}
	_, page, _ = office.do("GET", path, nil)
	wantIn(t, "terminated", page, "终止原因：学生身体原因", "良好", "85")
	if strings.Contains(page, path+"/edit") {
		t.Fatal("an ended placement offers its form")
	}
}

// TestWeekCorrectionPages: the enterprise corrects a confirmed week from its
// portal (the reason is required, a number in words refused, input kept), the
// office corrects it again on its behalf (教务处代录); the page keeps what
// each correction replaced. Another enterprise may not post; once the
// placement ended no week offers 更正 and a stale form is refused.
func TestWeekCorrectionPages(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	office, ent := s.browser(t), s.browser(t)
	office.login("office", "Passw0rd1")
	ent.login("ent", "Passw0rd1")
	path := activePlacement(t, office, d)
	w1 := date(d.start)
	_, page, _ := ent.do("GET", path, nil)
	if status, _, _ := ent.post(path, path+"/weeks", url.Values{"version": {pageVersion(t, page)}, "only": {w1},
		"days." + w1: {"5"}, "hours." + w1: {"40"}, "night." + w1: {"0"}}); status != fiber.StatusSeeOther {
		t.Fatalf("confirm: %d", status)
	}
	_, page, _ = ent.do("GET", path, nil)
	wantIn(t, "confirmed week", page, `href="?correct=`+w1+`#week-correction"`)
	if strings.Contains(page, `id="week-correction"`) {
		t.Fatal("the correction form is open before 更正 was chosen")
	}

	form := path + "?correct=" + w1
	_, page, _ = ent.do("GET", form, nil)
	wantIn(t, "correction form", page, `<details class="card op" id="week-correction" open>`, `name="weekStart" value="`+w1+`"`,
		`id="week-correction-daysWorked" name="daysWorked" value="5"`, `id="week-correction-hours" name="hours" value="40"`, "现记录：5 天 40 小时（实习单位确认）")
	fix := url.Values{"version": {pageVersion(t, page)}, "weekStart": {w1}, "daysWorked": {"4"}, "hours": {"四十"}, "nightHours": {"0"},
		"holidayWork": {"false"}, "reason": {""}}
	status, page, _ := ent.post(form, path+"/week-correction", fix)
	if status != 422 {
		t.Fatalf("no reason, hours in words: %d", status)
	}
	wantIn(t, "refused correction", page, `id="week-correction-reason-error"`, "更正原因为必填项", `id="week-correction-hours-error"`, `value="四十"`,
		`id="week-correction-daysWorked" name="daysWorked" value="4"`)
	fix.Set("hours", "32")
	fix.Set("reason", "周五病假，误记为出勤")
	status, _, hdr := ent.post(form, path+"/week-correction", fix)
	if status != fiber.StatusSeeOther || hdr.Get("Location") != path+"#weeks" {
		t.Fatalf("correct: %d %s", status, hdr.Get("Location"))
	}
	_, page, _ = ent.do("GET", path, nil)
	wantIn(t, "corrected", page, "已更正 "+w1+" 起一周的出勤，原记录已保留", "4 天 32 小时", "更正原因：周五病假，误记为出勤",
		"原记录：5 天 40 小时（实习单位确认", "已更正</span>")

	ent2 := s.browser(t)
	ent2.login("ent2", "Passw0rd1")
	fix.Set("version", pageVersion(t, page))
	if status, _, _ := ent2.post("/placements", path+"/week-correction", fix); status != 403 {
		t.Fatalf("another enterprise correcting: %d", status)
	}

	_, page, _ = office.do("GET", form, nil)
	status, _, _ = office.post(form, path+"/week-correction", url.Values{"version": {pageVersion(t, page)}, "weekStart": {w1},
		"daysWorked": {"5"}, "hours": {"40"}, "nightHours": {"0"}, "holidayWork": {"false"}, "reason": {"企业来函：病假已销，当天补班"}})
	if status != fiber.StatusSeeOther {
		t.Fatalf("office correction: %d", status)
	}
	_, page, _ = ent.do("GET", path, nil)
	wantIn(t, "office correction", page, `<span class="badge badge-office">教务处代录</span> <span class="badge badge-corrected">已更正</span>`,
		"更正原因：企业来函：病假已销，当天补班", "原记录：4 天 32 小时（实习单位确认", "原记录：5 天 40 小时（实习单位确认")

	_, page, _ = office.do("GET", form, nil)
	stale := pageVersion(t, page)
	if status, _, _ := office.post(path, path+"/terminate", url.Values{"version": {stale}, "reason": {"学生身体原因"}}); status != fiber.StatusSeeOther {
		t.Fatalf("terminate: %d", status)
	}
	_, page, _ = ent.do("GET", path, nil)
	if strings.Contains(page, "?correct=") {
		t.Fatal("a week of an ended placement offers 更正")
	}
	status, page, _ = office.post(path, path+"/week-correction", url.Values{"version": {stale}, "weekStart": {w1}, "daysWorked": {"5"},
		"hours": {"40"}, "nightHours": {"0"}, "holidayWork": {"false"}, "reason": {"再改"}})
	if status != 409 || !strings.Contains(page, "只有进行中或暂停中的实习可以更正周出勤") {
		t.Fatalf("correcting an ended placement: %d\n%s", status, page)
	}
}

// TestPortalStudentPages: the enterprise opens the record of a student placed
// with it, read-only with the ID number masked and no birth date; the student
// list holds only its placed students; another enterprise gets 404.
func TestPortalStudentPages(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	office, ent, ent2 := s.browser(t), s.browser(t), s.browser(t)
	office.login("office", "Passw0rd1")
	ent.login("ent", "Passw0rd1")
	ent2.login("ent2", "Passw0rd1")
	_, before, _ := ent.do("GET", "/students", nil)
	if strings.Contains(before, "李小红") {
		t.Fatal("the enterprise lists a student before any placement")
	}
	path := activePlacement(t, office, d)
	_, pl, _ := ent.do("GET", path, nil)
	link := regexp.MustCompile(`<a href="(/students/[0-9a-f]{24})">学生档案</a>`).FindStringSubmatch(pl)
	if link == nil {
		t.Fatalf("the portal's placement page has no link to the student:\n%s", pl)
	}
	status, list, _ := ent.do("GET", "/students", nil)
	if status != 200 {
		t.Fatalf("student list: %d\n%s", status, list)
	}
	wantIn(t, "portal student list", list, "李小红", "S2024001", "1101**********")
	m := regexp.MustCompile(`href="(/students/[0-9a-f]{24})"`).FindStringSubmatch(list)
	if m == nil || m[1] != link[1] {
		t.Fatalf("the list links %v, the placement %s:\n%s", m, link[1], list)
	}
	status, page, _ := ent.do("GET", m[1], nil)
	if status != 200 {
		t.Fatalf("student page: %d", status)
	}
	wantIn(t, "portal student", page, "李小红", "1101**********")
	for _, leak := range []string{"20050101", "2005-01-01", m[1] + "/edit", "删除"} {
		if strings.Contains(page, leak) {
			t.Errorf("the enterprise's student page shows %q", leak)
		}
	}
	if status, _, _ := ent2.do("GET", m[1], nil); status != 404 {
		t.Errorf("another enterprise reads the student: %d", status)
	}
	if _, list, _ := ent2.do("GET", "/students", nil); strings.Contains(list, "李小红") {
		t.Error("another enterprise lists the student")
	}
}
