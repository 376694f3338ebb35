//go:build browser

package web_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/models"
)

// TestBrowserAnnualReport walks the "done when" on a small school: the
// office prepares the 2025 report, a second admin approves it, the auditor
// opens it, drills into a figure's records (the teacher under a pseudonym), downloads the
// workbook and verifies it, and an edit made afterwards shows as drift while
// the approved numbers stay.
func TestBrowserAnnualReport(t *testing.T) {
	s := newSite(t)
	training := reportSeed(t, s)
	base := serve(t, s)

	office := chrome(t, 1366, 900)
	var snap string
	err := do(office, loginAs(base, "office"),
		chromedp.Navigate(base+"/report?year=2025"),
		heading("年度报告 · 2025—2026学年"),
		shot(t, "report-live"),
		chromedp.Click(`#prepare-form button[type=submit]`),
		heading("红星职专 · 2025—2026学年年报快照（第1版）"),
		location(&snap),
		shot(t, "snapshot-prepared"),
	)
	if err != nil {
		t.Fatal(err)
	}

	approver := chrome(t, 1366, 900)
	var state string
	err = do(approver, loginAs(base, "office2"),
		chromedp.Navigate(snap),
		heading("红星职专 · 2025—2026学年年报快照（第1版）"),
		chromedp.SendKeys(`#approve-comment`, "核对无误"),
		chromedp.Click(`#approve-form button[type=submit]`),
		js(`true`),
		chromedp.WaitVisible(`//div[contains(@class, "flash")][contains(., "已审定")]`),
		text(`.cover .state`, &state),
		shot(t, "snapshot-approved"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if state != "已审定" {
		t.Fatalf("state after approval = %q", state)
	}

	// The workbook the auditor downloads, written where the upload can find it.
	var buf bytes.Buffer
	id := snap[strings.LastIndex(snap, "/")+1:]
	oid, err := models.ParseID(id)
	if err != nil {
		t.Fatal(err)
	}
	auditorCtx := s.principal(t, "auditor", "Passw0rd1")
	if _, err := s.h.Report.Workbook(auditorCtx, oid, &buf); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.xlsx")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	persons := 15
	if _, err := s.h.Luban.UpdateActivity(s.principal(t, "office", "Passw0rd1"), training.ID, models.ActivityFields{Version: &training.Version, Persons: &persons}); err != nil {
		t.Fatal(err)
	}

	auditor := chrome(t, 1366, 900)
	var frozen, verdict, verified string
	err = do(auditor, loginAs(base, "auditor"),
		chromedp.Navigate(snap),
		heading("红星职专 · 2025—2026学年年报快照（第1版）"),
		text(`#f-luban_short_training_persons td.current`, &frozen),
		chromedp.Click(`#f-teacher_abroad_person_days td.current a`),
		heading("专任教师赴国（境）外指导和开展培训时间 · 快照记录"),
		js(`document.querySelector("main table tbody").textContent.includes("匿名") && !document.body.textContent.includes("孙老师")`),
		shot(t, "snapshot-records-auditor"),
		chromedp.Navigate(snap+"/drift"),
		heading("重算核对 · 2025—2026学年 第1版"),
		text(`#verdict`, &verdict),
		shot(t, "snapshot-drift"),
		chromedp.Navigate(base+"/snapshots/verify"),
		heading("核验年报文件"),
		chromedp.SetUploadFiles(`#file`, []string{file}),
		chromedp.Click(`#verify-form button[type=submit]`),
		chromedp.WaitVisible(`#verification`),
		text(`#verification h2`, &verified),
		shot(t, "snapshot-verified"),
		chromedp.Navigate(snap+"/print"),
		heading("红星职专 · 2025—2026学年年报快照（第1版）"),
		printMedia(),
		js(`document.querySelector("header.top") === null && getComputedStyle(document.querySelectorAll(".report-table")[1]).breakBefore === "page"`),
		shot(t, "snapshot-print"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if frozen != "12 人" {
		t.Errorf("the frozen value moved after the edit: %q", frozen)
	}
	if !strings.Contains(verdict, "数值已变化") {
		t.Errorf("drift verdict = %q", verdict)
	}
	if verified != "核验通过" {
		t.Errorf("verification = %q", verified)
	}
}
