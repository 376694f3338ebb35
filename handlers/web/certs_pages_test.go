package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// certSeed adds a second major and two students to the site: 王小明 (S1) in
// 710201, which the pilot will name, and 李小红 (S2) in 660101, which it will not.
func certSeed(t *testing.T, s *site) (studentIDs map[string]string) {
	t.Helper()
	office := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	if _, err := s.h.People.CreateMajor(office, models.MajorFields{Code: str("660101"), Name: str("电子信息技术"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	year := 2025
	studentIDs = map[string]string{}
	for i, st := range [][3]string{{"S1", "王小明", "710201"}, {"S2", "李小红", "660101"}} {
		created, err := s.h.People.CreateStudent(office, models.StudentFields{StudentNo: str(st[0]), Name: str(st[1]),
			IDNumber: str(idNumber(fmt.Sprintf("1101052008010100%d", i))), MajorCode: str(st[2]), CohortYear: &year})
		if err != nil {
			t.Fatal(err)
		}
		studentIDs[st[0]] = created.ID.Hex()
	}
	return studentIDs
}

var (
	batchVersion = regexp.MustCompile(`name="version" value="(\d+)"`)
	resultAction = regexp.MustCompile(`action="(/batches/[0-9a-f]{24}/candidates/([0-9a-f]{24})/result)#c-[0-9a-f]{24}"`)
)

// created posts a good form and returns where it led (the record's page).
func (b *browser) created(formPath, path string, form url.Values) string {
	b.t.Helper()
	status, page, hdr := b.post(formPath, path, form)
	if status != fiber.StatusSeeOther {
		b.t.Fatalf("POST %s: %d %v\n%s", path, status, errorFields(page), page)
	}
	return hdr.Get("Location")
}

// TestCertificatePages walks a school year of 1+X as the office enters it: a
// catalogue entry, a pilot, a batch, a registration outside the pilot refused
// without a reason and kept with one, a pass with its certificate; then the
// figures and their records as the office and as the auditor, and who is
// refused what.
func TestCertificatePages(t *testing.T) {
	s := newSite(t)
	students := certSeed(t, s)
	today := models.DateOf(time.Now().In(models.China))
	year := strconv.Itoa(models.StatYearOf(today).Start)
	b := s.browser(t)
	b.login("office", "Passw0rd1")

	status, page, _ := b.post("/cert-entries/new", "/cert-entries", url.Values{"type": {"x_cert"}, "name": {"Web前端开发"},
		"evaluationOrg": {""}, "batch": {"1"}, "levels": {"初级", "五级"}, "status": {"active"}})
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[name evaluationOrg levels]" {
		t.Fatalf("bad entry: %d, wrong fields %v", status, got)
	}
	if !strings.Contains(page, `<option value="初级" selected>`) || strings.Contains(page, `value="五级"`) {
		t.Fatalf("the refused form should keep the levels chosen and offer only the 1+X levels:\n%s", page)
	}
	entry := b.created("/cert-entries/new", "/cert-entries", url.Values{"type": {"x_cert"}, "name": {"Web前端开发职业技能等级证书"},
		"evaluationOrg": {"北京新奥时代科技有限责任公司"}, "batch": {"1"}, "levels": {"中级", "初级"}, "status": {"active"}})
	if _, page, _ := b.do("GET", entry, nil); !strings.Contains(page, "初级、中级") || !strings.Contains(page, "第1批") {
		t.Fatalf("entry page:\n%s", page)
	}
	entryID := strings.TrimPrefix(entry, "/cert-entries/")

	pilot := b.created("/pilots/new", "/pilots", url.Values{"entryId": {entryID}, "schoolYear": {year},
		"majorCodes": {"710201"}, "approvalRef": {"津教职〔2026〕1号"}, "assessmentSite": {"本校实训楼"}})
	if _, page, _ := b.do("GET", pilot, nil); !strings.Contains(page, "710201 计算机应用") || !strings.Contains(page, "Web前端开发职业技能等级证书") {
		t.Fatalf("pilot page:\n%s", page)
	}
	if _, page, _ := b.do("GET", "/pilots?schoolYear="+year, nil); !strings.Contains(page, "共 1 条") || !strings.Contains(page, "津教职〔2026〕1号") {
		t.Fatalf("pilot list:\n%s", page)
	}

	batch := b.created("/batches/new", "/batches", url.Values{"entryId": {entryID}, "level": {"初级"}, "label": {"2026年秋季第1批"},
		"date": {today.String()}, "site": {"本校实训楼"}, "evaluationOrg": {""}})
	_, page, _ = b.do("GET", batch, nil)
	if !strings.Contains(page, "北京新奥时代科技有限责任公司") || !strings.Contains(page, "尚无考生报名") {
		t.Fatalf("batch page (evaluation organisation from the catalogue, no candidates):\n%s", page)
	}
	ver := batchVersion.FindStringSubmatch(page)[1]

	register := url.Values{"version": {ver}, "studentNo": {"S2"}, "registeredAt": {today.String()}, "reason": {""}}
	status, page, _ = b.post(batch, batch+"/candidates", register)
	if got := errorFields(page); status != 422 || fmt.Sprint(got) != "[reason]" || !strings.Contains(page, "未对专业660101（电子信息技术）开展") {
		t.Fatalf("outside the pilot without a reason: %d %v\n%s", status, got, page)
	}
	if !strings.Contains(page, `id="studentNo" name="studentNo" value="S2"`) {
		t.Fatalf("the 学号 is not kept")
	}
	register.Set("reason", "学生自愿报考，已获家长同意")
	if status, page, _ := b.post(batch, batch+"/candidates", register); status != fiber.StatusSeeOther {
		t.Fatalf("with a reason: %d %v", status, errorFields(page))
	}
	_, page, _ = b.do("GET", batch, nil)
	if !strings.Contains(page, "已报名：李小红（S2）") || !strings.Contains(page, "学生自愿报考") {
		t.Fatalf("after registering S2:\n%s", page)
	}
	if status, page, _ := b.post(batch, batch+"/candidates", url.Values{"version": {ver}, "studentNo": {"S1"}}); status != fiber.StatusConflict || !strings.Contains(page, "已被他人修改") ||
		!strings.Contains(page, `value="S1"`) {
		t.Fatalf("registering from a stale page: %d\n%s", status, page)
	}
	ver = batchVersion.FindStringSubmatch(page)[1]
	if status, page, _ := b.post(batch, batch+"/candidates", url.Values{"version": {ver}, "studentNo": {"S1"}}); status != fiber.StatusSeeOther {
		t.Fatalf("S1 in the pilot needs no reason: %d %v\n%s", status, errorFields(page), page)
	}

	_, page, _ = b.do("GET", batch, nil)
	ver = batchVersion.FindStringSubmatch(page)[1]
	forms := resultAction.FindAllStringSubmatch(page, -1)
	if len(forms) != 2 {
		t.Fatalf("%d result forms, want one per candidate", len(forms))
	}
	s1 := forms[1] // candidates in the order registered
	pass := url.Values{"version": {ver}, "result": {"pass"}, "scoreTheory": {"九十"}, "scorePractical": {"90"},
		"certificateNo": {"X2026-0001"}, "issueDate": {today.String()}}
	status, page, _ = b.post(batch, s1[1], pass)
	if status != 422 || !strings.Contains(page, `id="c`+s1[2]+`-scoreTheory-error">成绩须为0至100的整数`) || !strings.Contains(page, `value="X2026-0001"`) {
		t.Fatalf("a score that is not a number: %d\n%s", status, page)
	}
	pass.Set("scoreTheory", "85")
	if status, page, _ := b.post(batch, s1[1], pass); status != fiber.StatusSeeOther {
		t.Fatalf("pass: %d\n%s", status, page)
	}
	_, page, _ = b.do("GET", batch, nil)
	if !strings.Contains(page, "X2026-0001") || !strings.Contains(page, "85 / 90") || !strings.Contains(page, "通过 1，未通过 0，缺考 0，待考 1") {
		t.Fatalf("batch after the pass:\n%s", page)
	}
	if _, page, _ := b.do("GET", batch+"/edit", nil); !strings.Contains(page, `<option value="中级">中级</option>`) || strings.Contains(page, `value="高级"`) {
		t.Fatalf("the batch form should offer the entry's levels only:\n%s", page)
	}
	if status, page, _ := b.post(batch, batch+"/delete", url.Values{}); status != fiber.StatusConflict || !strings.Contains(page, "登记了考核结果，不能删除") {
		t.Fatalf("deleting a batch with a result: %d\n%s", status, page)
	}
	if _, page, _ := b.do("GET", "/students/"+students["S1"], nil); !strings.Contains(page, "证书编号 X2026-0001") {
		t.Fatalf("the student page does not list the certificate:\n%s", page)
	}

	_, page, _ = b.do("GET", "/figures?year="+year, nil)
	passed := regexp.MustCompile(`1&#43;X通过人次<div class="muted id">x_pass_times</div></th>\s*<td class="num"><a href="([^"]+)">([^<]+)</a>`).FindStringSubmatch(page)
	if passed == nil || passed[2] != "1 人次" {
		t.Fatalf("figures: 1+X通过人次 = %v\n%s", passed, page)
	}
	records := strings.ReplaceAll(passed[1], "&amp;", "&")
	if _, page, _ := b.do("GET", records, nil); !strings.Contains(page, "S1 王小明") || !strings.Contains(page, "共 1 条记录") {
		t.Fatalf("records behind 1+X通过人次:\n%s", page)
	}

	a := s.browser(t)
	a.login("auditor", "Passw0rd1")
	if status, page, _ := a.do("GET", "/figures?year="+year, nil); status != 200 || !strings.Contains(page, `<a href="/figures/x_pass_times/records?year=`+year+`">1 人次</a>`) {
		t.Fatalf("auditor figures: %d", status)
	}
	_, page, _ = a.do("GET", records, nil)
	if !strings.Contains(page, "匿名") || strings.Contains(page, "王小明") || strings.Contains(page, "S1 ") {
		t.Fatalf("auditor records name the student:\n%s", page)
	}
	_, page, _ = a.do("GET", batch, nil)
	if strings.Contains(page, "王小明") || strings.Contains(page, "登记结果") || !strings.Contains(page, "匿名") {
		t.Fatalf("auditor batch page:\n%s", page)
	}
	if status, _, _ := a.post(batch, batch+"/candidates", url.Values{"version": {ver}, "studentNo": {"S1"}}); status != 403 {
		t.Fatalf("auditor registers: %d", status)
	}
	if status, _, _ := a.post("/batches", "/batches", url.Values{"entryId": {entryID}, "level": {"初级"}, "date": {today.String()}}); status != 403 {
		t.Fatalf("auditor creates a batch: %d", status)
	}
	str := func(v string) *string { return &v }
	if _, err := s.h.Schools.CreateSchool(s.principal(t, "admin", "Passw0rd1"), models.SchoolFields{Code: str("HX2"), Name: str("红星第二职专"),
		District: str("河北区"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	admin := s.browser(t)
	admin.login("admin", "Passw0rd1")
	if status, page, _ := admin.do("GET", "/figures?year="+year, nil); status != 200 || !strings.Contains(page, "全部学校（汇总）") ||
		!strings.Contains(page, `<a href="/figures/x_pass_times/records?year=`+year+`">1 人次</a>`) {
		t.Fatalf("system admin figures: %d\n%s", status, page)
	}
	e := s.browser(t)
	e.login("ent", "Passw0rd1")
	if status, page, _ := e.do("GET", "/figures", nil); status != 403 || !strings.Contains(page, "无权访问") {
		t.Fatalf("enterprise on /figures: %d", status)
	}
	if status, _, _ := e.do("GET", batch, nil); status != 403 {
		t.Fatalf("enterprise on a batch: %d", status)
	}
}

// TestUnregisterAsksFirst: the unregister button leads to a confirmation, and a
// candidate with a result cannot be unregistered.
func TestUnregisterAsksFirst(t *testing.T) {
	s := newSite(t)
	certSeed(t, s)
	office := s.principal(t, "office", "Passw0rd1")
	if err := s.h.Certs.Seed(office); err != nil {
		t.Fatal(err)
	}
	entries, err := s.h.Certs.FindEntries(office, models.CertEntryFilter{ListParams: models.ListParams{Q: "Web前端"}})
	if err != nil || len(entries.Items) != 1 {
		t.Fatalf("seeded entry: %v %v", entries, err)
	}
	today := models.DateOf(time.Now().In(models.China)).String()
	str := func(v string) *string { return &v }
	bt, err := s.h.Certs.CreateBatch(office, models.BatchFields{EntryID: str(entries.Items[0].ID.Hex()), Level: str("初级"), Date: str(today)})
	if err != nil {
		t.Fatal(err)
	}
	bt, err = s.h.Certs.Register(office, bt.ID, models.Registration{Version: &bt.Version, StudentNo: str("S1"), Reason: str("试点外")})
	if err != nil {
		t.Fatal(err)
	}
	batch, cid := "/batches/"+bt.ID.Hex(), bt.Candidates[0].ID.Hex()
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	_, page, _ := b.do("GET", batch+"?unregister="+cid, nil)
	if !strings.Contains(page, "确定取消王小明（S1）的报名吗") {
		t.Fatalf("no confirmation:\n%s", page)
	}
	ver := strconv.FormatInt(bt.Version, 10)
	if status, page, _ := b.post(batch, batch+"/candidates/"+cid+"/delete", url.Values{"version": {ver}}); status != fiber.StatusSeeOther {
		t.Fatalf("unregister: %d\n%s", status, page)
	}
	if _, page, _ := b.do("GET", batch, nil); !strings.Contains(page, "已取消报名：王小明（S1）") || !strings.Contains(page, "尚无考生报名") {
		t.Fatalf("after unregistering:\n%s", page)
	}
	if status, _, _ := b.post(batch, batch+"/candidates/"+bson.NewObjectID().Hex()+"/delete", url.Values{"version": {"3"}}); status != 404 {
		t.Fatalf("an unknown candidate: %d", status)
	}
}
