//go:build browser

package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
// proposal and then all pending weeks at once. Screenshots of each page.
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
