package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// placementSheetRow is the placement template's example row for student no,
// during the seed's period with the papers signed the week before, at the
// seed's enterprise and mentored by T001, with the cells named in change (by
// header) replaced.
func (d placementSeed) placementSheetRow(t testing.TB, no string, change map[string]any) []any {
	t.Helper()
	signed := date(d.signed)
	cells := map[string]any{"学号": no, "学生姓名": "", "实习单位名称": "", "开始日期": date(d.start), "计划结束日期": date(d.end),
		"学校签订日期": signed, "实习单位签订日期": signed, "学生签订日期": signed, "学生知情同意签字日期": signed, "监护人签字日期": signed,
		"保险起期": signed, "保险止期": date(d.end.AddDate(0, 0, 30)), "学校指导教师工号": "T001"}
	row, err := sheets.ExampleRow(sheets.Placements, cells, change)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// secondStudent adds S2024002 王小明, a second-year like the seed's student.
func (s *site) secondStudent(t testing.TB) {
	t.Helper()
	cohort := 2024
	if _, err := s.h.People.CreateStudent(s.principal(t, "office", "Passw0rd1"), models.StudentFields{StudentNo: strp("S2024002"), Name: strp("王小明"),
		IDNumber: strp(idNumber("11010520050202003")), MajorCode: strp("710201"), CohortYear: &cohort}); err != nil {
		t.Fatal(err)
	}
}

// placementsWritten is what the store holds of placements: how many, and how
// many audit entries name one.
func (s *site) placementsWritten(t testing.TB) string {
	t.Helper()
	admin := s.principal(t, "admin", "Passw0rd1")
	page, err := s.h.Placements.FindPlacements(admin, models.PlacementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := s.h.Audit.FindEntries(admin, models.AuditFilter{Entity: "placement"})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d placements, %d audit entries", page.Total, entries.Total)
}

// TestPlacementImportPages: the office imports placements through the import
// pages; the preview names the bad row's column and lists each good row's
// findings, and writes nothing; the commit writes the good rows as drafts
// with their check, once.
func TestPlacementImportPages(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	s.secondStudent(t)
	file := filledTemplate(t, sheets.Placements, [][]any{
		d.placementSheetRow(t, "S2024001", nil),
		d.placementSheetRow(t, "S2024002", map[string]any{"安排夜班": "是", "体力劳动强度等级": ""}),
		d.placementSheetRow(t, "S2024009", nil),
	})
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	_, list, _ := office.do("GET", "/placements", nil)
	wantIn(t, "placement list", list, `href="/imports/placements"`)
	_, page, _ := office.do("GET", "/imports/placements", nil)
	wantIn(t, "import page", page, "下载实习导入模板", "学校指导教师工号", "实习按学号、实习单位和开始日期")
	if _, tmpl, _ := office.do("GET", "/imports/placements/template.xlsx", nil); len(sheetRows(t, []byte(tmpl))) != 2 {
		t.Fatalf("the template is not header + example row")
	}
	before := s.placementsWritten(t)

	status, page, hdr := office.upload("/imports/placements", "/imports/placements", nil, "实习.xlsx", file)
	if status != fiber.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", status, page)
	}
	preview := hdr.Get("Location")
	_, page, _ = office.do("GET", preview, nil)
	wantIn(t, "preview", page, "导入预览：实习", `有错误 <strong class="bad">1</strong> 行`, "<td>4</td><td>S2024009 9144030071526726XG "+date(d.start)+"</td><td>学号</td>",
		"本校没有学号为S2024009的学生", `有禁止项 <strong class="bad">1</strong> 行`, `有警告 <strong>1</strong> 行`, "导入无误的 2 行",
		`<span class="badge sev-block">禁止</span> <strong>INT-10</strong>`, `<span class="badge sev-warn">警告</span> <strong>INT-07</strong>`,
		"按实习规则集 2021.1 检查", "规则检查未发现问题")
	if got := s.placementsWritten(t); got != before {
		t.Fatalf("the preview wrote: before %s, after %s", before, got)
	}

	status, page, _ = office.post(preview, preview+"/commit", url.Values{})
	if status != 200 {
		t.Fatalf("commit: %d\n%s", status, page)
	}
	wantIn(t, "result", page, "新增 <strong>2</strong> 行", "因有错误未导入 1 行", "导入的实习为草稿", `href="/placements"`)
	if got, want := s.placementsWritten(t), "2 placements, 2 audit entries"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if status, _, _ := office.post("/imports/placements", preview+"/commit", url.Values{}); status != 404 {
		t.Fatalf("second commit of the same preview: %d", status)
	}
	_, list, _ = office.do("GET", "/placements?ruleId=INT-10", nil)
	wantIn(t, "drafts with INT-10", list, "王小明", "草稿", "有禁止项")

	_, _, hdr = office.upload("/imports/placements", "/imports/placements", nil, "实习.xlsx", file)
	_, page, _ = office.do("GET", hdr.Get("Location"), nil)
	wantIn(t, "re-upload", page, "新增 0、更新 0、无变化 2")

	auditor := s.browser(t)
	auditor.login("auditor", "Passw0rd1")
	if status, _, _ := auditor.do("GET", "/imports/placements", nil); status != 403 {
		t.Fatalf("auditor on the placement import: %d", status)
	}
}

// TestPlacementLiveCheckPage: 检查（不保存） on the placement form shows what
// the rules find in the form's values, or each failing field beside it, keeps
// what was typed and writes nothing; on a draft's form it judges the change.
func TestPlacementLiveCheckPage(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	office := s.browser(t)
	office.login("office", "Passw0rd1")
	_, form, _ := office.do("GET", "/placements/new", nil)
	wantIn(t, "new form", form, `formaction="/placements/check"`, "检查（不保存）")
	before := s.placementsWritten(t)

	proposal := d.proposal()
	proposal.Del("then")
	status, page, _ := office.post("/placements/new", "/placements/check", proposal)
	if status != 200 {
		t.Fatalf("live check: %d\n%s", status, page)
	}
	wantIn(t, "live check", page, "检查结果（未保存）", "实习规则集 2021.1", `id="f-INT-17"`, `id="f-INT-22"`, `id="f-INT-07"`,
		"三方协议在实习开始前签订", `value="天津市红桥区示例路1号"`, `formaction="/placements/check"`)

	bad := d.proposal()
	bad.Set("studentNo", "S9999")
	bad.Set("pay.monthlyAmountFen", "三千")
	bad.Set("plannedEndDate", date(d.start.AddDate(0, 0, -1)))
	status, page, _ = office.post("/placements/new", "/placements/check", bad)
	if status != 422 {
		t.Fatalf("live check of a bad form: %d", status)
	}
	wantIn(t, "bad live check", page, `id="studentNo-error"`, "本校没有学号为S9999的学生", `id="pay-monthlyAmountFen-error"`,
		`id="plannedEndDate-error"`, `value="三千"`)
	if strings.Contains(page, "检查结果（未保存）") {
		t.Fatalf("a refused form shows findings:\n%s", page)
	}
	if got := s.placementsWritten(t); got != before {
		t.Fatalf("the live check wrote: before %s, after %s", before, got)
	}

	// On a saved draft's form the check judges the change, and the draft stays as it was.
	saved := d.proposal()
	saved.Set("then", "")
	status, _, hdr := office.post("/placements/new", "/placements", saved)
	if status != fiber.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	detail := hdr.Get("Location")
	_, form, _ = office.do("GET", detail+"/edit", nil)
	wantIn(t, "edit form", form, `formaction="`+detail+`/edit/check"`)
	change := d.proposal()
	change.Del("then")
	change.Set("version", pageVersion(t, form))
	change.Set("schedule.overtime", "true")
	status, page, _ = office.post(detail+"/edit", detail+"/edit/check", change)
	if status != 200 {
		t.Fatalf("live check of a change: %d\n%s", status, page)
	}
	wantIn(t, "change checked", page, "检查结果（未保存）", `id="f-INT-10"`)
	after := s.placementsWritten(t)
	_, page, _ = office.do("GET", detail, nil)
	if pageVersion(t, page) != pageVersion(t, form) || strings.Contains(page, "INT-10") || after != "1 placements, 1 audit entries" {
		t.Fatalf("the live check of a change wrote: %s\n%s", after, page)
	}
}

func strp(s string) *string { return &s }
