package web_test

import (
	"encoding/json"
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

// dashboardSeed is a statistical year of records for the dashboard, all in the
// current year (today's) so that the dashboard's default year shows them:
// S2024001's 岗位实习 at 示例企业 (activated with a reason for INT-07, which
// stays open) and S2024002's 认识实习 at 另一家企业 (INT-07 is not a rule of
// 认识实习); a 1+X batch of today where
// S2024001 passed and S2024002 failed; five days of T001's practice at 示例企业
// ending today (T001, hired 2015, is short of the 5-year rule); and two Luban
// Workshops, one with a short training (4 persons × 3 days) and a visit, the
// other with a visit.
type dashboardSeed struct {
	placementSeed
	year                 int
	mali, indonesia      string // the workshops' ids
	entry, yearS, passID string
}

func seedDashboard(t *testing.T, s *site) dashboardSeed {
	t.Helper()
	d := dashboardSeed{placementSeed: seedPlacements(t, s)}
	s.secondStudent(t)
	today := time.Now().In(models.China)
	d.year = models.StatYearOf(models.DateOf(today)).Start
	d.yearS = strconv.Itoa(d.year)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	activePlacement(t, b, d.placementSeed)
	cognitive := d.proposal()
	cognitive.Set("kind", models.PlacementCognitive)
	cognitive.Set("studentNo", "S2024002")
	cognitive.Set("enterpriseId", d.other)
	cognitive.Set("plannedEndDate", date(d.start.AddDate(0, 0, 4)))
	for k, v := range map[string]string{"agreement.signedByUnit": date(d.signed), "insurance.insurer": "某保险公司", "insurance.policyNo": "PL-2",
		"insurance.from": date(d.signed), "insurance.to": date(d.end), "insurance.premiumPaidBy": "school", "mentors.enterpriseMentorName": "刘师傅"} {
		cognitive.Set(k, v)
	}
	path := strings.TrimSuffix(b.created("/placements/new", "/placements", cognitive), "#check")
	_, page, _ := b.do("GET", path, nil)
	if status, page, _ := b.post(path, path+"/activate", url.Values{"version": {pageVersion(t, page)}, "reasons.INT-07": {"待补"}}); status != fiber.StatusSeeOther {
		t.Fatalf("activate the 认识实习: %d %v\n%s", status, errorFields(page), page)
	}
	d.entry = d.seedBatch(t, b, today)
	day := func(back int) string { // back days ago, but in this year
		dd := models.DateOf(today.AddDate(0, 0, -back))
		if from := (models.StatYear{Start: d.year}).From(); dd.Before(from) {
			dd = from
		}
		return dd.String()
	}
	approvedPractice(t, s, d.teacher, d.enterprise, day(6), day(0), 5)
	d.seedWorkshops(t, s, day)
	return d
}

// seedBatch enters the 1+X year through the pages: an entry, its pilot for
// 710201, a batch of today, both students registered, S2024001 passed and
// S2024002 failed.
func (d dashboardSeed) seedBatch(t *testing.T, b *browser, today time.Time) string {
	t.Helper()
	entry := b.created("/cert-entries/new", "/cert-entries", url.Values{"type": {"x_cert"}, "name": {"Web前端开发职业技能等级证书"},
		"evaluationOrg": {"北京新奥时代科技有限责任公司"}, "batch": {"1"}, "levels": {"初级"}, "status": {"active"}})
	entryID := strings.TrimPrefix(entry, "/cert-entries/")
	b.created("/pilots/new", "/pilots", url.Values{"entryId": {entryID}, "schoolYear": {d.yearS}, "majorCodes": {"710201"},
		"approvalRef": {"津教职〔2026〕1号"}, "assessmentSite": {"本校实训楼"}})
	batch := b.created("/batches/new", "/batches", url.Values{"entryId": {entryID}, "level": {"初级"}, "label": {"第1批"},
		"date": {date(today)}, "site": {"本校实训楼"}, "evaluationOrg": {""}})
	for _, no := range []string{"S2024001", "S2024002"} {
		_, page, _ := b.do("GET", batch, nil)
		if status, page, _ := b.post(batch, batch+"/candidates", url.Values{"version": {batchVersion.FindStringSubmatch(page)[1]}, "studentNo": {no}}); status != fiber.StatusSeeOther {
			t.Fatalf("register %s: %d %v", no, status, errorFields(page))
		}
	}
	for i, result := range []url.Values{
		{"result": {"pass"}, "scoreTheory": {"85"}, "scorePractical": {"90"}, "certificateNo": {"X2026-0001"}, "issueDate": {date(today)}},
		{"result": {"fail"}, "scoreTheory": {"40"}, "scorePractical": {"50"}},
	} {
		_, page, _ := b.do("GET", batch, nil)
		result.Set("version", batchVersion.FindStringSubmatch(page)[1])
		action := resultAction.FindAllStringSubmatch(page, -1)[i][1]
		if status, page, _ := b.post(batch, action, result); status != fiber.StatusSeeOther {
			t.Fatalf("result %d: %d %v", i, status, errorFields(page))
		}
	}
	return entryID
}

func (d *dashboardSeed) seedWorkshops(t *testing.T, s *site, day func(int) string) {
	t.Helper()
	office := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	num := func(n int) *int { return &n }
	for i, w := range [][3]string{{"印尼鲁班工坊", "ID", "id"}, {"马里鲁班工坊", "ML", "fr"}} {
		ws, err := s.h.Luban.CreateWorkshop(office, models.WorkshopFields{NameZH: str(w[0]), Country: str(w[1]), LocalLang: str(w[2]),
			ChineseInstitutions: &[]models.ChineseInstitution{{Name: "红星职专", Role: models.InstitutionLead, IsThisSchool: true}},
			Status:              str(models.WorkshopOperating), StatusSince: str("2017-12-12")})
		if err != nil {
			t.Fatal(err)
		}
		id := ws.ID.Hex()
		acts := []models.ActivityFields{{Type: str(models.ActivityVisitIn), Title: str("来访"), StartDate: str(day(1)), EndDate: str(day(1)), Persons: num(5)}}
		if i == 0 {
			d.indonesia = id
			acts = append(acts, models.ActivityFields{Type: str(models.ActivityShortTraining), Title: str("汽车维修培训"), StartDate: str(day(4)),
				EndDate: str(day(2)), Persons: num(4)})
		} else {
			d.mali = id
		}
		for _, f := range acts {
			f.WorkshopID = &id
			if _, err := s.h.Luban.CreateActivity(office, f); err != nil {
				t.Fatal(err)
			}
		}
	}
}

var (
	sectionTag = regexp.MustCompile(`(?s)<[^>]+>`)
	tableRowRe = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
)

// dashboardTable is the table under chart id as text, a line per row: the
// row's cells, " | " between, a rate's counts after a space.
func dashboardTable(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<h2 id="`+id+`-title">`)
	if i < 0 {
		t.Fatalf("no section %s", id)
	}
	sec := page[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	var out []string
	for _, m := range tableRowRe.FindAllStringSubmatch(sec, -1) {
		var cells []string
		for _, c := range regexp.MustCompile(`</t[hd]>`).Split(m[1], -1) {
			c = strings.ReplaceAll(c, `<span class="sub">`, " ")
			if c = strings.TrimSpace(html.UnescapeString(sectionTag.ReplaceAllString(c, ""))); c != "" {
				cells = append(cells, c)
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return strings.Join(out, "\n")
}

// TestDashboardPage: the dashboard shows each chart's numbers in a table under
// it, the chosen year's the same as the figures page's, each linked to its
// records; the chart data is a JSON block, not a script.
func TestDashboardPage(t *testing.T) {
	s := newSite(t)
	d := seedDashboard(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	status, page, _ := office.do("GET", "/dashboard?year="+strconv.Itoa(d.year), nil)
	if status != 200 {
		t.Fatalf("dashboard: %d\n%s", status, page)
	}
	y := models.StatYear{Start: d.year}
	wantIn(t, "dashboard", page, `<h1>数据看板 · `+y.Label()+`</h1>`, `<a href="/dashboard" class="on" aria-current="page">数据看板</a>`,
		`<script type="application/json" id="dashboard-data">`, `src="/static/vendor/echarts/echarts.min.js?v=`, `src="/static/dashboard.js"`)

	var years []string
	for i := 4; i >= 0; i-- {
		years = append(years, models.StatYear{Start: d.year - i}.Label())
	}
	trend := dashboardTable(t, page, "chart-trend")
	for _, w := range []string{
		"指标 | " + strings.Join(years, " | "),
		"1+X考核通过率（%） | 无数据 | 无数据 | 无数据 | 无数据 | 50.0% 1/2",
		"接收实习学生数（人） | 0 | 0 | 0 | 0 | 1",
		"参加企业实践教师数（人） | 0 | 0 | 0 | 0 | 1",
		"双师型教师比例（%） | 0.0% 0/1 | 0.0% 0/1 | 0.0% 0/1 | 0.0% 0/1 | 0.0% 0/1", // T001, in post since 2015, not recognised
		"合作企业数（个） | 0 | 0 | 0 | 0 | 2",
		"非全日制国（境）外人员培训量（人日） | 0 | 0 | 0 | 0 | 12",
	} {
		if !strings.Contains(trend, w) {
			t.Errorf("trend table lacks %q:\n%s", w, trend)
		}
	}
	for id, want := range map[string]string{
		"chart-x-pass":     "证书（等级） | 实考（人次） | 通过（人次） | 通过率（%）\nWeb前端开发职业技能等级证书 初级 | 2 | 1 | 50.0% 1/2\n全部证书 | 2 | 1 | 50.0% 1/2",
		"chart-placements": "企业 | 岗位实习（人） | 认识实习（人）\n另一家企业 | 0 | 1\n示例企业 | 1 | 0\n合计（按学生去重） | 1 | 1",
		"chart-findings":   "规则 | 实习数（个）\nINT-07 不从事Ⅲ级以上体力劳动强度作业 | 1\n合计（按实习去重） | 1",
		"chart-standing":   "状态 | 教师数（人）\n达标 | 0\n12个月内将不达标 | 0\n不达标 | 1\n入职未满5年 | 0\n不作天数要求 | 0\n全部在岗教师 | 1",
		"chart-luban":      "工坊 | 短期培训（项） | 来访（项） | 合计（项）\n印尼鲁班工坊 | 1 | 1 | 2\n马里鲁班工坊 | 0 | 1 | 1\n全部工坊 | 1 | 2 | 3",
	} {
		if got := dashboardTable(t, page, id); got != want {
			t.Errorf("%s table:\n%s\nwant\n%s", id, got, want)
		}
	}
	// every number opens its records: the year's figure or one of its parts
	ys := strconv.Itoa(d.year)
	for _, href := range []string{
		"/figures/x_pass_rate/records?year=" + strconv.Itoa(d.year-1),
		"/figures/x_pass_rate/records?part=" + url.QueryEscape(d.entry+"|初级"),
		"/figures/intern_student_count/records?part=" + d.enterprise + "&amp;year=" + ys,
		"/figures/cognitive_student_count/records?part=" + d.other + "&amp;year=" + ys,
		"/figures/placement_findings_by_rule/records?part=INT-07&amp;year=" + ys,
		"/figures/tep_standing_count/records?part=short&amp;year=" + ys,
		"/figures/luban_activity_count/records?part=" + url.QueryEscape("ws:"+d.indonesia+"/"+models.ActivityShortTraining) + "&amp;year=" + ys,
		"/figures/luban_activity_count/records?year=" + ys,
	} {
		if !strings.Contains(page, `href="`+href) {
			t.Errorf("no link to %s", href)
		}
	}
	// the links lead to the same numbers
	_, records, _ := office.do("GET", "/figures/luban_activity_count/records?part="+url.QueryEscape("ws:"+d.mali)+"&year="+ys, nil)
	wantIn(t, "records of 马里's activities", records, "共 1 条记录", "马里鲁班工坊 · 来访 · 来访")
	_, figuresPage, _ := office.do("GET", "/figures?year="+ys, nil)
	wantIn(t, "figures page", figuresPage, `<a href="/figures/placement_findings_by_rule/records?year=`+ys+`">1 个</a>`)
}

var dataBlock = regexp.MustCompile(`(?s)<script type="application/json" id="dashboard-data">(.*?)</script>`)

// TestDashboardChartData: the charts' data is JSON in a data block (html/template
// escapes it; the CSP lets no inline script run, and a data block is none),
// the same numbers as the tables.
func TestDashboardChartData(t *testing.T) {
	s := newSite(t)
	d := seedDashboard(t, s)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	_, page, _ := b.do("GET", "/dashboard?year="+d.yearS, nil)
	m := dataBlock.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no data block:\n%s", page)
	}
	var charts map[string]struct {
		Kind       string   `json:"kind"`
		Categories []string `json:"categories"`
		Stack      bool     `json:"stack"`
		Series     []struct {
			Name string     `json:"name"`
			Unit string     `json:"unit"`
			Data []*float64 `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(m[1]), &charts); err != nil {
		t.Fatalf("data block is not JSON: %v\n%s", err, m[1])
	}
	trend := charts["chart-trend"]
	if trend.Kind != "trend" || len(trend.Series) != 6 || len(trend.Categories) != 5 || trend.Categories[4] != strconv.Itoa(d.year)+"—"+strconv.Itoa((d.year+1)%100) {
		t.Fatalf("trend chart %+v", trend)
	}
	if s := trend.Series[0]; s.Unit != "%" || s.Data[0] != nil || *s.Data[4] != 50 {
		t.Errorf("pass rate series %+v: want no data before this year, then 50", s)
	}
	luban := charts["chart-luban"]
	if !luban.Stack || strings.Join(luban.Categories, ",") != "印尼鲁班工坊,马里鲁班工坊" || len(luban.Series) != 2 || luban.Series[1].Name != "来访" ||
		*luban.Series[1].Data[0] != 1 || *luban.Series[1].Data[1] != 1 || *luban.Series[0].Data[1] != 0 {
		t.Errorf("luban chart %+v", luban)
	}
	if _, ok := charts["chart-standing"]; !ok || len(charts) != 6 {
		t.Errorf("charts %v, want six", charts)
	}

	// the year before: T001 in post, nothing else
	_, page, _ = b.do("GET", "/dashboard?year="+strconv.Itoa(d.year-1), nil)
	wantIn(t, "the year before", page, "该学年没有1&#43;X证书考核记录。", "该学年没有已生效的实习。", "该学年已生效的实习没有未消除的阻止项或警告项。",
		"该学年没有鲁班工坊活动记录。")
	charts = nil
	if err := json.Unmarshal([]byte(dataBlock.FindStringSubmatch(page)[1]), &charts); err != nil || len(charts) != 2 ||
		charts["chart-trend"].Kind != "trend" || charts["chart-standing"].Kind != "bar" {
		t.Errorf("charts the year before: %v (%v), want the trend and the standing", charts, err)
	}
}

// TestDashboardScope: the dashboard has the figures page's scope: enterprise
// users get 403, an office user cannot choose another school, an auditor
// reads their schools rolled up or one of them but no other, the system admin
// any.
func TestDashboardScope(t *testing.T) {
	s := newSite(t)
	admin := s.principal(t, "admin", "Passw0rd1")
	str := func(v string) *string { return &v }
	other, err := s.h.Schools.CreateSchool(admin, models.SchoolFields{Code: str("HX9"), Name: str("第九职业学校"), District: str("河北区"), Level: str("secondary")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("office9"), Role: str("office_staff"), SchoolID: str(other.ID.Hex()),
		Password: str("Passw0rd1")}); err != nil {
		t.Fatal(err)
	}
	schools, err := s.h.Schools.FindSchools(admin, models.SchoolFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var home string
	for _, sc := range schools.Items {
		if sc.Code == "HX" {
			home = sc.ID.Hex()
		}
	}
	if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("auditor2"), Role: str("auditor"), SchoolIDs: &[]string{home, other.ID.Hex()},
		Password: str("Passw0rd1")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user, query string
		status      int
		want        string
	}{
		{"ent", "", 403, "无权访问"},
		{"office9", "?schoolId=" + home, 403, "无权访问"},
		{"office9", "?schoolId=not-an-id", 400, ""},
		{"office9", "", 200, "数据看板"},
		{"auditor", "", 200, "数据看板"}, // one school: nothing to choose
		{"auditor", "?schoolId=" + other.ID.Hex(), 403, "无权访问"},
		{"auditor2", "", 200, "全部学校（汇总） · 统计期间"},
		{"auditor2", "?schoolId=" + home, 200, `<option value="` + home + `" selected>红星职专</option>`},
		{"admin", "?schoolId=" + other.ID.Hex(), 200, "第九职业学校 · 统计期间"},
	} {
		b := s.browser(t)
		b.login(c.user, "Passw0rd1")
		status, page, _ := b.do("GET", "/dashboard"+c.query, nil)
		if status != c.status || !strings.Contains(page, c.want) {
			t.Errorf("%s on /dashboard%s: %d, want %d with %q", c.user, c.query, status, c.status, c.want)
		}
	}
}

// TestDashboardAssets: ECharts is served from the site, as JavaScript, kept a
// year under the URL the page gives it (with its content hash); the
// dashboard's own script is kept an hour like the other static files.
func TestDashboardAssets(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	_, page, _ := b.do("GET", "/dashboard", nil)
	src := regexp.MustCompile(`src="(/static/vendor/echarts/echarts\.min\.js\?v=[0-9a-f]{12})"`).FindStringSubmatch(page)
	if src == nil {
		t.Fatalf("no versioned ECharts script on the page")
	}
	anon := s.browser(t) // static files need no login
	status, body, hdr := anon.do("GET", html.UnescapeString(src[1]), nil)
	if status != 200 || !strings.Contains(hdr.Get("Content-Type"), "javascript") || hdr.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		!strings.Contains(body[:200], "Apache") || len(body) < 500_000 {
		t.Errorf("echarts.min.js: %d %q %q, %d bytes", status, hdr.Get("Content-Type"), hdr.Get("Cache-Control"), len(body))
	}
	for _, f := range []string{"LICENSE", "NOTICE", "README.txt"} {
		if status, _, _ := anon.do("GET", "/static/vendor/echarts/"+f, nil); status != 200 {
			t.Errorf("%s: %d", f, status)
		}
	}
	status, _, hdr = anon.do("GET", "/static/dashboard.js", nil)
	if status != 200 || !strings.Contains(hdr.Get("Content-Type"), "javascript") || hdr.Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("dashboard.js: %d %q %q", status, hdr.Get("Content-Type"), hdr.Get("Cache-Control"))
	}
	if status, _, _ := anon.do("GET", "/static/vendor/echarts/missing.js", nil); status == 200 {
		t.Errorf("a missing vendored file: %d", status)
	}
}
