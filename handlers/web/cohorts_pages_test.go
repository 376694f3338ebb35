package web_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// seedCohorts is seedPlacements with a second student of the school, 王小明
// (S2024002).
func seedCohorts(t *testing.T, s *site) placementSeed {
	t.Helper()
	d := seedPlacements(t, s)
	str := func(v string) *string { return &v }
	cohort := 2024
	if _, err := s.h.People.CreateStudent(s.principal(t, "office", "Passw0rd1"), models.StudentFields{StudentNo: str("S2024002"),
		Name: str("王小明"), IDNumber: str(idNumber("11010520050202003")), MajorCode: str("710201"), CohortYear: &cohort}); err != nil {
		t.Fatal(err)
	}
	return d
}

// noCohortRecords fails when, after what was done, the school has any
// programme, contract or order class.
func noCohortRecords(t *testing.T, s *site, after string) {
	t.Helper()
	ctx := s.principal(t, "office", "Passw0rd1")
	pr, err1 := s.h.Cohorts.FindProgrammes(ctx, models.ProgrammeFilter{})
	ct, err2 := s.h.Cohorts.FindContracts(ctx, models.ContractFilter{})
	oc, err3 := s.h.Cohorts.FindOrderClasses(ctx, models.OrderClassFilter{})
	if err1 != nil || err2 != nil || err3 != nil || pr.Total+ct.Total+oc.Total != 0 {
		t.Fatalf("after %s: %d programmes, %d contracts, %d classes (%v %v %v)", after, pr.Total, ct.Total, oc.Total, err1, err2, err3)
	}
}

// formValues are the values of the form at path as the page shows them,
// textareas and selected options included, with its version if any.
func formValues(t *testing.T, b *browser, path string) url.Values {
	t.Helper()
	_, page, _ := b.do("GET", path, nil)
	v := url.Values{}
	if m := versionField.FindStringSubmatch(page); m != nil {
		v.Set("version", m[1])
	}
	for _, m := range regexp.MustCompile(`<input id="[^"]+" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(page, -1) {
		for _, o := range regexp.MustCompile(`<option value="([^"]*)" selected>`).FindAllStringSubmatch(m[2], -1) {
			v.Add(m[1], html.UnescapeString(o[1]))
		}
	}
	return v
}

var (
	tableRow = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tableTag = regexp.MustCompile(`<[^>]+>`)
)

// tableRows are the page's table rows, one a line, their cells' text apart by
// " | ".
func tableRows(page string) string {
	var out []string
	for _, m := range tableRow.FindAllStringSubmatch(page, -1) {
		cells := strings.Split(m[1], "</td>")
		for i, c := range cells {
			cells[i] = strings.TrimSpace(html.UnescapeString(tableTag.ReplaceAllString(c, "")))
		}
		out = append(out, strings.Join(cells[:len(cells)-1], " | "))
	}
	return strings.Join(out, "\n")
}

// TestProgrammeAndContractPages: a refused programme form names its wrong
// fields and writes nothing; a programme is added, edited, and gets a contract
// from its page (wage in yuan, student by 学号); it cannot be deleted while the
// contract names it; the auditor reads both under a pseudonym without edit
// buttons; enterprise users get 403.
func TestProgrammeAndContractPages(t *testing.T) {
	s := newSite(t)
	d := seedCohorts(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")

	bad := url.Values{"name": {""}, "majorCode": {""}, "cohortYear": {"二〇二四"}, "startDate": {"2024-09-01"}, "endDate": {"2024-08-31"},
		"trainingPlanDoc": {"方案2024"}}
	status, page, _ := office.post("/apprenticeship-programmes/new", "/apprenticeship-programmes", bad)
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[name enterpriseIds majorCode cohortYear endDate]" {
		t.Fatalf("bad programme: %d, wrong fields %v", status, got)
	}
	wantIn(t, "bad programme", page, "合作企业为必填项", "年级须为入学年份", `value="方案2024"`)
	noCohortRecords(t, s, "a bad programme form")

	good := url.Values{"name": {"数控技术现代学徒制"}, "enterpriseIds": {d.enterprise, d.other}, "majorCode": {"710201"}, "cohortYear": {"2024"},
		"startDate": {date(d.signed)}, "endDate": {date(d.end)}, "trainingPlanDoc": {"数控技术应用专业人才培养方案（2024）"}, "schoolLead": {"周主任"}}
	status, _, hdr := office.post("/apprenticeship-programmes/new", "/apprenticeship-programmes", good)
	if status != fiber.StatusSeeOther {
		t.Fatalf("good programme: %d", status)
	}
	programme := hdr.Get("Location")
	_, page, _ = office.do("GET", programme, nil)
	wantIn(t, "programme", page, "已新增学徒制项目", "示例企业、另一家企业", "710201 计算机应用", "尚未登记学徒合同", "新增学徒合同")

	edit := formValues(t, office, programme+"/edit")
	if got := edit["enterpriseIds"]; len(got) != 2 {
		t.Fatalf("the edit form selects enterprises %v, want both", got)
	}
	edit.Set("enterpriseLead", "钱经理")
	if status, page, _ := office.post(programme+"/edit", programme, edit); status != fiber.StatusSeeOther {
		t.Fatalf("edit programme: %d %v", status, errorFields(page))
	}

	// The programme's page links a contract form with the programme chosen.
	newContract := "/apprenticeship-contracts/new?programmeId=" + strings.TrimPrefix(programme, "/apprenticeship-programmes/")
	_, form, _ := office.do("GET", newContract, nil)
	wantIn(t, "contract form", form, `selected>数控技术现代学徒制（710201 2024级）</option>`, `<option value="active" selected>履行中</option>`)
	contract := url.Values{"programmeId": formValues(t, office, newContract)["programmeId"], "studentNo": {"S9999"}, "enterpriseId": {d.enterprise},
		"signedAt": {date(d.start)}, "startDate": {date(d.signed)}, "endDate": {date(d.end)}, "masterName": {""}, "wageFen": {"两千"},
		"doc": {""}, "status": {"active"}, "terminationReason": {""}}
	status, page, _ = office.post(newContract, "/apprenticeship-contracts", contract)
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[studentNo signedAt masterName wageFen doc]" {
		t.Fatalf("bad contract: %d, wrong fields %v", status, got)
	}
	wantIn(t, "bad contract", page, "本校没有学号为S9999的学生", "须为以元为单位的金额")
	if res, err := s.h.Cohorts.FindContracts(s.principal(t, "office", "Passw0rd1"), models.ContractFilter{}); err != nil || res.Total != 0 {
		t.Fatalf("a bad contract form wrote %d contracts (%v)", res.Total, err)
	}
	contract.Set("studentNo", "S2024001")
	contract.Set("signedAt", date(d.signed))
	contract.Set("masterName", "王师傅")
	contract.Set("wageFen", "2500.5")
	contract.Set("doc", "XT-2024-01")
	status, _, hdr = office.post(newContract, "/apprenticeship-contracts", contract)
	if status != fiber.StatusSeeOther {
		t.Fatalf("good contract: %d", status)
	}
	contractPath := hdr.Get("Location")
	_, page, _ = office.do("GET", contractPath, nil)
	wantIn(t, "contract", page, "S2024001 李小红", "数控技术现代学徒制（710201 2024级）", "示例企业", "2500.50 元/月", "履行中")

	// Terminating needs a reason, beside its field.
	edit = formValues(t, office, contractPath+"/edit")
	if edit.Get("wageFen") != "2500.50" || edit.Get("studentNo") != "S2024001" {
		t.Fatalf("the contract's edit form shows wage %q, 学号 %q", edit.Get("wageFen"), edit.Get("studentNo"))
	}
	edit.Set("status", "terminated")
	if status, page, _ := office.post(contractPath+"/edit", contractPath, edit); status != 422 || fmt.Sprint(errorFields(page)) != "[terminatedAt terminationReason]" {
		t.Fatalf("terminate without a reason: %d %v", status, errorFields(page))
	}
	edit.Set("terminationReason", "学生转专业")
	edit.Set("terminatedAt", "2026-10-31")
	if status, _, _ := office.post(contractPath+"/edit", contractPath, edit); status != fiber.StatusSeeOther {
		t.Fatalf("terminate: %d", status)
	}
	for query, found := range map[string]bool{"": true, "?status=terminated": true, "?status=active": false,
		"?programmeId=" + edit.Get("programmeId"): true, "?q=XT-2024-01": true, "?q=李小红": true} {
		if _, page, _ := office.do("GET", "/apprenticeship-contracts"+query, nil); strings.Contains(page, "XT-2024-01") != found {
			t.Errorf("contracts%s: found %v, want %v", query, !found, found)
		}
	}

	thisYear := models.StatYearOf(models.DateOf(time.Now().In(models.China))).Start
	_, page, _ = office.do("GET", "/figures/apprentice_student_count/records?year="+strconv.Itoa(thisYear), nil)
	wantIn(t, "apprentices' records", page, `<a href="`+contractPath+`">S2024001 李小红 · 学徒合同 XT-2024-01 · 师傅 王师傅</a>`, "<td>学徒合同</td>")

	status, page, _ = office.post(programme, programme+"/delete", url.Values{})
	if status != fiber.StatusConflict || !strings.Contains(page, "该学徒制项目仍有1条学徒合同记录，不能删除") {
		t.Fatalf("delete a programme with a contract: %d\n%s", status, page)
	}
	if _, page, _ := office.do("GET", programme, nil); !strings.Contains(page, "XT-2024-01") {
		t.Fatalf("the refused delete removed something:\n%s", page)
	}

	aud := s.browser(t)
	aud.login("auditor", "Passw0rd1")
	for _, path := range []string{programme, contractPath, "/apprenticeship-contracts"} {
		status, page, _ := aud.do("GET", path, nil)
		if status != 200 || !strings.Contains(page, "匿名") || strings.Contains(page, "李小红") || strings.Contains(page, "S2024001") ||
			strings.Contains(page, "编辑") || strings.Contains(page, "新增") {
			t.Fatalf("auditor on %s: %d\n%s", path, status, page)
		}
	}
	if status, _, _ := aud.do("GET", "/apprenticeship-contracts/new", nil); status != 403 {
		t.Fatalf("auditor on the contract form: %d", status)
	}
	refusedToEnterprises(t, s, programme, contractPath)
	admin := s.browser(t)
	admin.login("admin", "Passw0rd1")
	for _, path := range []string{"/apprenticeship-programmes/new", "/apprenticeship-contracts/new", "/order-classes/new"} {
		if status, page, _ := admin.do("GET", path, nil); status != 200 || !strings.Contains(page, `<select id="schoolId" name="schoolId">`) {
			t.Fatalf("the system admin's %s: %d, no school choice", path, status)
		}
	}

	// A contract entered in error goes; then its programme may go too.
	for _, path := range []string{contractPath, programme} {
		if status, _, _ := office.post(path+"?confirm=delete", path+"/delete", url.Values{}); status != fiber.StatusSeeOther {
			t.Fatalf("delete %s: %d", path, status)
		}
	}
	noCohortRecords(t, s, "deleting the contract and the programme")
}

// refusedToEnterprises: enterprise users are not offered the cohorts' pages
// and get 403 on each.
func refusedToEnterprises(t *testing.T, s *site, paths ...string) {
	t.Helper()
	ent := s.browser(t)
	ent.login("ent", "Passw0rd1")
	_, home, _ := ent.do("GET", "/portal", nil)
	if strings.Contains(home, "学徒") || strings.Contains(home, "订单班") {
		t.Fatalf("the portal offers the cohorts:\n%s", home)
	}
	for _, path := range append([]string{"/apprenticeship-programmes", "/apprenticeship-contracts", "/order-classes"}, paths...) {
		if status, page, _ := ent.do("GET", path, nil); status != 403 || !strings.Contains(page, "无权访问") {
			t.Fatalf("enterprise on %s: %d", path, status)
		}
	}
}

// TestOrderClassPages: members and hires typed one a line come back beside
// their box naming each wrong line, nothing written; a good class shows them
// in tables with names and its edit form gives the same lines back; a
// placement names the class through the placement form's choice, after which
// the class cannot be deleted; the auditor sees pseudonyms; enterprise users
// get 403.
func TestOrderClassPages(t *testing.T) {
	s := newSite(t)
	d := seedCohorts(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")

	class := url.Values{"name": {""}, "enterpriseId": {""}, "majorCode": {"710201"}, "cohortYear": {"2024"}, "agreementDoc": {"DD-2024-01"},
		"agreementSignedAt": {"2024-07-01"}, "jointCourses": {"数控编程\n\n精密测量"}, "employmentCommitment": {"考核合格者全部录用"},
		"members": {"S2024001 2024-09-01\nS9999 2024-09-01\noops\nS2024002 2024-06-01"}, "hires": {"S8888 2027-06-30"}}
	status, page, _ := office.post("/order-classes/new", "/order-classes", class)
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[name enterpriseId members hires]" {
		t.Fatalf("bad class: %d, wrong fields %v", status, got)
	}
	wantIn(t, "bad class", page, "第2行“S9999 2024-09-01”（学号）：本校没有学号为S9999的学生",
		"第3行“oops”格式不正确，应为“学号 加入日期 [离开日期]”",
		"第4行“S2024002 2024-06-01”（加入日期）：订单培养协议须在学生入班前签订",
		"第1行“S8888 2027-06-30”（学号）：本校没有学号为S8888的学生", ">数控编程\n\n精密测量</textarea>")
	if strings.Index(page, "第2行") > strings.Index(page, "第3行") {
		t.Errorf("the members' errors are not in the order of the lines:\n%s", page)
	}
	noCohortRecords(t, s, "a bad class form")

	members := "S2024001 2024-09-01\nS2024002 2024-09-01 2025-01-15"
	hires := "S2024001 2027-06-30 录用通知书 2027-015"
	class.Set("name", "示例企业订单班")
	class.Set("enterpriseId", d.enterprise)
	class.Set("members", members)
	class.Set("hires", hires)
	status, _, hdr := office.post("/order-classes/new", "/order-classes", class)
	if status != fiber.StatusSeeOther {
		t.Fatalf("good class: %d", status)
	}
	path := hdr.Get("Location")
	_, page, _ = office.do("GET", path, nil)
	wantIn(t, "class", page, "成员（2人，今日在班1人）", "企业录用（1人）", "数控编程、精密测量", `<a href="/students/`)
	wantIn(t, "class tables", tableRows(page), "S2024001 | 李小红 | 2024-09-01 | — | 在班", "S2024002 | 王小明 | 2024-09-01 | 2025-01-15 | 已离开",
		"S2024001 | 李小红 | 2027-06-30 | 录用通知书 2027-015")

	edit := formValues(t, office, path+"/edit")
	if edit.Get("members") != members || edit.Get("hires") != hires {
		t.Fatalf("the edit form gives back members %q and hires %q", edit.Get("members"), edit.Get("hires"))
	}
	if status, page, _ := office.post(path+"/edit", path, edit); status != fiber.StatusSeeOther {
		t.Fatalf("save unchanged: %d %v", status, errorFields(page))
	}
	if v := formValues(t, office, path+"/edit"); v.Get("members") != members || v.Get("hires") != hires || v.Get("version") != "2" {
		t.Fatalf("after saving unchanged: version %s, members %q, hires %q", v.Get("version"), v.Get("members"), v.Get("hires"))
	}

	// A placement names the class through the placement form.
	id := strings.TrimPrefix(path, "/order-classes/")
	_, form, _ := office.do("GET", "/placements/new", nil)
	wantIn(t, "placement form", form, `<option value="order_class:`+id+`">订单班：示例企业订单班（示例企业，710201 2024级）</option>`)
	proposal := d.proposal()
	proposal.Set("contextId", "order_class:"+id)
	proposal.Set("studentNo", "S2024002")
	status, page, _ = office.post("/placements/new", "/placements", proposal)
	if status != 422 || !strings.Contains(page, `id="contextId-error">实习开始日（`+date(d.start)+`）该学生不在订单班“示例企业订单班”`) {
		t.Fatalf("a placement of a student gone from the class: %d\n%s", status, page)
	}
	proposal.Set("studentNo", "S2024001")
	status, _, hdr = office.post("/placements/new", "/placements", proposal)
	if status != fiber.StatusSeeOther {
		t.Fatalf("a placement of a member: %d", status)
	}
	placement := strings.TrimSuffix(hdr.Get("Location"), "#check")
	_, page, _ = office.do("GET", placement, nil)
	wantIn(t, "placement", page, "<dt>关联项目或班级</dt><dd>订单班：示例企业订单班（示例企业）</dd>")
	_, form, _ = office.do("GET", placement+"/edit", nil)
	wantIn(t, "placement edit form", form, `<option value="order_class:`+id+`" selected>`)
	_, page, _ = office.do("GET", "/figures/order_student_count/records", nil)
	wantIn(t, "order students' records", page, `<a href="`+path+`">S2024001 李小红 · 订单班 示例企业订单班 · 示例企业</a>`, "<td>订单班</td>")

	status, page, _ = office.post(path, path+"/delete", url.Values{})
	if status != fiber.StatusConflict || !strings.Contains(page, "该订单班仍有1条实习记录，不能删除") {
		t.Fatalf("delete a class a placement names: %d\n%s", status, page)
	}

	aud := s.browser(t)
	aud.login("auditor", "Passw0rd1")
	status, page, _ = aud.do("GET", path, nil)
	if status != 200 || !strings.Contains(page, "学生（匿名）") || strings.Contains(page, "李小红") || strings.Contains(page, "S2024001") ||
		strings.Contains(page, "编辑") || strings.Contains(page, "/students/") {
		t.Fatalf("auditor on the class: %d\n%s", status, page)
	}
	if status, _, _ := aud.post(path, path+"/delete", url.Values{}); status != 403 {
		t.Fatalf("auditor deleting: %d", status)
	}
	refusedToEnterprises(t, s, path)
}
