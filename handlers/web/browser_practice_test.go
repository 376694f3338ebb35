//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPractice walks teachers' enterprise practice on screen: the office
// at 1366×768 reads the early-warning list and an at-risk teacher's page with
// the window bar; the enterprise on a 390 px phone confirms a proposed period
// from its cards; the office approves it. Screenshots of each page.
func TestBrowserPractice(t *testing.T) {
	s := newSite(t)
	d := seedPractice(t, s)
	approvedPractice(t, s, d.atRisk, d.enterprise, "2024-07-08", "2024-07-26", 15) // a second bar on the timeline
	base := serve(t, s)
	office, phone := chrome(t, 1366, 768), chrome(t, 390, 844)

	var short, risk, standing string
	err := chromedp.Do(office,
		loginAs(base, "office"),
		chromedp.Click(`//header//nav//a[normalize-space()='企业实践预警']`),
		heading("企业实践预警"),
		chromedp.SetValue(`#f-asOf`, "2026-08-31"),
		chromedp.Submit(`#f-asOf`),
		chromedp.WaitVisible(`//td[normalize-space()='已不足']`),
		text(`tr.row-standing-short`, &short),
		text(`tr.row-standing-at_risk`, &risk),
		page(t, "practice-warnings"),
		chromedp.Click(`//table[contains(@class,"warnings")]//a[normalize-space()='T002']`),
		chromedp.WaitVisible(`figure.timeline svg`),
		text(`#standing`, &standing),
		page(t, "practice-teacher"),
		visit(t, base, "/teacher-practices", "practice-office-list"),
		visit(t, base, "/teacher-practices/new", "practice-office-form"),
		visit(t, base, "/dual-recognitions/new?teacherId="+d.atRisk, "practice-recognition-form"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(short, "T001") || !strings.Contains(short, "150") {
		t.Errorf("short row: %q", short)
	}
	if !strings.Contains(risk, "T002") || !strings.Contains(risk, "将不达标") {
		t.Errorf("at-risk row: %q", risk)
	}
	if !strings.Contains(standing, "将不达标") || !strings.Contains(standing, "195 天（要求 180 天）") {
		t.Errorf("teacher standing: %q", standing)
	}

	var confirmed string
	err = chromedp.Do(phone,
		loginAs(base, "ent"),
		chromedp.Click(`//header//nav//a[normalize-space()='教师企业实践']`),
		chromedp.WaitVisible(`.practice-cards`),
		page(t, "practice-portal-cards"),
		chromedp.SendKeys(`#comment-`+d.pending, "已核对考勤，情况属实"),
		page(t, "practice-portal-filled"),
		chromedp.Click(`#p-`+d.pending+` button[value=confirmed]`),
		flashSays("在本企业的实践"),
		text(`.flash`, &confirmed),
		page(t, "practice-portal-confirmed"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(confirmed, "已确认王老师") {
		t.Fatalf("flash after confirming = %q", confirmed)
	}

	var approved string
	err = chromedp.Do(office,
		visit(t, base, "/teacher-practices/"+d.pending, "practice-office-confirmed"),
		chromedp.Click(`#approve button[value=approved]`),
		flashSays("已审批通过"),
		text(`.flash`, &approved),
		page(t, "practice-office-approved"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(approved, "计入王老师的5年累计企业实践") {
		t.Fatalf("flash after approving = %q", approved)
	}
}
