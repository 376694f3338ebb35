//go:build browser

package web_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/services/sheets"
)

// fill sets the form fields named in v, as a user would type or choose them
// (date inputs take YYYY-MM-DD this way whatever the browser's locale).
func fill(v url.Values) chromedp.Action[chromedp.Void] {
	m := map[string]string{}
	for k := range v {
		m[k] = v.Get(k)
	}
	raw, _ := json.Marshal(m)
	return js(`(() => { for (const [k, v] of Object.entries(` + string(raw) + `)) {
		const el = document.querySelector('[name="' + k + '"]'); if (!el) continue; el.value = v; }
		return true })()`)
}

// flashSays waits for the page whose message says s: a wait on any .flash
// could find the page being left, whose node then never becomes visible.
func flashSays(s string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`//div[contains(@class, "flash")][contains(., "` + s + `")]`)
}

// TestBrowserPlacements walks the placement flow on screen: the office at
// 1366×768 proposes a placement that breaks rules, sees them, fixes them and
// activates it with a reason; the enterprise on a 390 px phone confirms the
// proposal and then all pending weeks at once, and corrects the last of them.
// Screenshots of each page.
func TestBrowserPlacements(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	base := serve(t, s)
	office, phone := chrome(t, 1366, 768), chrome(t, 390, 844)

	proposal := d.proposal()
	proposal.Del("then")
	var detail, blockMsg, reasonErr string
	err := chromedp.Do(office,
		loginAs(base, "office"),
		visit(t, base, "/placements/new", "placements-office-form"),
		fill(proposal),
		chromedp.Click(`button[name=then][value=check]`),
		chromedp.WaitVisible(`#check`),
		location(&detail),
		page(t, "placements-office-findings"),
		chromedp.Click(`#activate-form button[type=submit]`),
		chromedp.WaitVisible(`#reason-INT-07-error`),
		text(`#f-INT-17 .error`, &blockMsg),
		text(`#reason-INT-07-error`, &reasonErr),
		page(t, "placements-office-activate-refused"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if blockMsg != "存在禁止项，不能生效" || !strings.Contains(reasonErr, "须填写理由") {
		t.Fatalf("beside INT-17: %q; beside the INT-07 reason: %q", blockMsg, reasonErr)
	}
	u, _ := url.Parse(detail)
	path := u.Path

	var answered string
	err = chromedp.Do(phone,
		loginAs(base, "ent"),
		chromedp.Click(`//header//nav//a[normalize-space()='实习学生']`),
		chromedp.WaitVisible(`.placement-cards`),
		page(t, "placements-portal-list"),
		chromedp.Click(`.placement-cards a.card-title`),
		chromedp.WaitVisible(`#respond`),
		page(t, "placements-portal-draft"),
		chromedp.Click(`#respond button[value=confirmed]`),
		flashSays("已确认接收"),
		text(`.flash`, &answered),
		page(t, "placements-portal-confirmed"),
		chromedp.SendKeys(`#mentor-name`, "张师傅"),
		chromedp.SendKeys(`#mentor-phone`, "13800138000"),
		chromedp.Click(`#mentor button[type=submit]`),
		flashSays("已保存企业指导人员"),
		page(t, "placements-portal-mentor"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if answered != "已确认接收该实习" {
		t.Fatalf("flash after confirming = %q", answered)
	}

	fixed := url.Values{"agreement.signedByUnit": {date(d.signed)}, "insurance.insurer": {"中国人民财产保险股份有限公司天津市分公司"},
		"insurance.policyNo": {"PL-2025-01"}, "insurance.from": {date(d.signed)}, "insurance.to": {date(d.end.AddDate(0, 0, 30))},
		"insurance.premiumPaidBy": {"school"}}
	var activated string
	err = chromedp.Do(office,
		visit(t, base, path+"/edit", "placements-office-edit"),
		fill(fixed),
		chromedp.Click(`button[name=then][value=check]`),
		chromedp.WaitVisible(`#reason-INT-07`),
		page(t, "placements-office-fixed"),
		chromedp.SendKeys(`#reason-INT-07`, "数控车床操作为Ⅱ级体力劳动，企业证明待补"),
		chromedp.Click(`#activate-form button[type=submit]`),
		flashSays("实习已启用"),
		text(`.flash`, &activated),
		page(t, "placements-office-active"),
		visit(t, base, "/placements", "placements-office-list"),
		visit(t, base, "/rule-sets", "placements-office-rulesets"),
		visit(t, base, "/rule-sets/2021.1", "placements-office-ruleset"),
		visit(t, base, "/rule-sets/new", "placements-office-ruleset-form"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(activated, "实习已启用") {
		t.Fatalf("flash after activating = %q", activated)
	}

	var confirmed string
	err = chromedp.Do(phone,
		visit(t, base, path, "placements-portal-weeks"),
		chromedp.Click(`#weeks button[name=only][value=""]`),
		flashSays("周出勤"),
		text(`.flash`, &confirmed),
		js(`(() => { document.querySelector('#evaluation').open = true; return true })()`),
		page(t, "placements-portal-weeks-confirmed"),
		chromedp.SendKeys(`#evaluation-mentorEvaluation`, "工作认真，能独立完成数控车削加工。"),
		chromedp.Click(`#evaluation button[type=submit]`),
		flashSays("已保存评价"),
		page(t, "placements-portal-evaluated"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(confirmed, "已确认") || !strings.Contains(confirmed, "周出勤") {
		t.Fatalf("flash after confirming the weeks = %q", confirmed)
	}

	// On the phone the enterprise corrects the week it confirmed last: the
	// reason is asked for first, then the week shows what it replaced.
	var wide, refusedReason, corrected, history string
	err = chromedp.Do(phone,
		chromedp.Click(`#weeks a.correct`),
		chromedp.WaitVisible(`#week-correction-reason`),
		sideways(&wide),
		page(t, "placements-portal-week-correction"),
		fill(url.Values{"daysWorked": {"3"}, "hours": {"24"}}),
		chromedp.Click(`#week-correction button[type=submit]`),
		chromedp.WaitVisible(`#week-correction-reason-error`),
		text(`#week-correction-reason-error`, &refusedReason),
		page(t, "placements-portal-week-correction-refused"),
		chromedp.SendKeys(`#week-correction-reason`, "周五病假，误记为出勤"),
		chromedp.Click(`#week-correction button[type=submit]`),
		flashSays("已更正"),
		text(`.flash`, &corrected),
		text(`table.weeks-done tbody tr:first-child`, &history),
		page(t, "placements-portal-week-corrected"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if wide != "" {
		t.Errorf("the correction form is wider than a 390 px phone: %s", wide)
	}
	if refusedReason != "更正原因为必填项" || !strings.HasPrefix(corrected, "已更正") {
		t.Fatalf("beside the missing reason: %q; flash after correcting: %q", refusedReason, corrected)
	}
	if !strings.Contains(history, "3 天 24 小时") || !strings.Contains(history, "更正原因：周五病假，误记为出勤") || !strings.Contains(history, "原记录：") {
		t.Fatalf("the corrected week reads %q", history)
	}

	other := chrome(t, 390, 844)
	var refused string
	err = chromedp.Do(other, loginAs(base, "ent2"), chromedp.Navigate(base+path), chromedp.WaitVisible(`h1`), text(`h1`, &refused),
		shot(t, "placements-portal-other-403"))
	if err != nil {
		t.Fatal(err)
	}
	if refused != "无权访问" {
		t.Fatalf("another enterprise sees %q", refused)
	}
}

// TestBrowserPlacementImport: the office uploads a placement sheet of three
// rows at 1366×768 and sees, before anything is written, the bad row's column
// and each good row's findings; it imports the good rows as drafts. Then it
// checks a proposal on the form without saving it. Screenshots of each page.
func TestBrowserPlacementImport(t *testing.T) {
	s := newSite(t)
	d := seedPlacements(t, s)
	s.secondStudent(t)
	file := filepath.Join(t.TempDir(), "实习导入.xlsx")
	if err := os.WriteFile(file, filledTemplate(t, sheets.Placements, [][]any{
		d.placementSheetRow(t, "S2024001", nil),
		d.placementSheetRow(t, "S2024002", map[string]any{"安排夜班": "是", "体力劳动强度等级": "", "保费承担方": "学生"}),
		d.placementSheetRow(t, "S2024009", nil),
	}), 0o644); err != nil {
		t.Fatal(err)
	}
	base := serve(t, s)
	office := chrome(t, 1366, 768)

	var bad, good, checks [][]string
	var counts, result string
	err := chromedp.Do(office,
		loginAs(base, "office"),
		visit(t, base, "/imports/placements", "placements-import-card"),
		uploadSheet(base, sheets.Placements, file),
		tableCells(`#errors`, &bad),
		rowCells(`#good tbody tr.row-data`, &good),
		rowCells(`#good tbody tr.row-check`, &checks),
		text(`p.rule-counts`, &counts),
		page(t, "placements-import-preview"),
		chromedp.Click(`//button[starts-with(normalize-space(), '导入无误的')]`),
		chromedp.WaitVisible(`.card[role=status]`),
		text(`.card[role=status]`, &result),
		page(t, "placements-import-result"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 1 || bad[0][0] != "4" || bad[0][2] != "学号" || bad[0][3] != "本校没有学号为S2024009的学生" {
		t.Errorf("error rows = %q", bad)
	}
	if len(good) != 2 || good[0][0] != "2" || good[1][0] != "3" || len(checks) != 2 {
		t.Fatalf("good rows = %q, their checks %q", good, checks)
	}
	findings := checks[1][1]
	for _, want := range []string{"禁止 INT-10", "警告 INT-07", "禁止 INT-22", "按实习规则集 2021.1 检查"} {
		if !strings.Contains(whiteSpace.ReplaceAllString(findings, " "), want) {
			t.Errorf("row 3's findings lack %q: %q", want, findings)
		}
	}
	if !strings.Contains(checks[0][1], "规则检查未发现问题") {
		t.Errorf("row 2's findings: %q", checks[0][1])
	}
	if got := unspaced(counts); got != "按实习规则检查：有禁止项1行，有警告1行" {
		t.Errorf("rule counts = %q", counts)
	}
	if got := unspaced(result); !strings.Contains(got, "新增2行") || !strings.Contains(got, "导入的实习为草稿") {
		t.Errorf("result = %q", result)
	}

	proposal := d.proposal()
	proposal.Del("then")
	proposal.Set("studentNo", "S2024002")
	proposal.Set("startDate", date(d.end.AddDate(0, 0, 7)))
	proposal.Set("plannedEndDate", date(d.end.AddDate(0, 0, 60)))
	var summary string
	err = chromedp.Do(office,
		visit(t, base, "/placements/new", "placements-office-form-empty"),
		fill(proposal),
		chromedp.Click(`#live-check-button`),
		chromedp.WaitVisible(`#live-check`),
		text(`#live-check p.muted`, &summary),
		page(t, "placements-office-live-check"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, "禁止") || !strings.Contains(summary, "2021.1") {
		t.Errorf("live check summary = %q", summary)
	}
	if got, want := s.placementsWritten(t), "2 placements, 2 audit entries"; got != want {
		t.Errorf("after the live check the store holds %s, want %s", got, want)
	}
}
