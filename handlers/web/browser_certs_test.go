//go:build browser

package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/models"
)

// certTourSeed adds, through the services, the 1+X catalogue, a pilot for
// 710201, a batch of today with two candidates (one outside the pilot, with a
// reason) and a teacher's training, so that every certificate page has rows.
func certTourSeed(t *testing.T, s *site) (batchID, studentID string) {
	t.Helper()
	students := certSeed(t, s)
	tourSeed(t, s)
	office := s.principal(t, "office", "Passw0rd1")
	if err := s.h.Certs.Seed(office); err != nil {
		t.Fatal(err)
	}
	entries, err := s.h.Certs.FindEntries(office, models.CertEntryFilter{ListParams: models.ListParams{Q: "Web前端"}})
	if err != nil || len(entries.Items) != 1 {
		t.Fatalf("seeded entry: %v", err)
	}
	str := func(v string) *string { return &v }
	entry := entries.Items[0].ID.Hex()
	today := models.DateOf(time.Now().In(models.China))
	year := models.StatYearOf(today).Start
	if _, err := s.h.Certs.CreatePilot(office, models.PilotFields{EntryID: str(entry), SchoolYear: &year, MajorCodes: &[]string{"710201"},
		ApprovalRef: str("津教职〔2026〕1号"), AssessmentSite: str("本校实训楼三层机房")}); err != nil {
		t.Fatal(err)
	}
	b, err := s.h.Certs.CreateBatch(office, models.BatchFields{EntryID: str(entry), Level: str("中级"), Label: str("2026年秋季第1批"),
		Date: str(today.String()), Site: str("本校实训楼三层机房")})
	if err != nil {
		t.Fatal(err)
	}
	for _, no := range []string{"S1", "S2"} {
		if b, err = s.h.Certs.Register(office, b.ID, models.Registration{Version: &b.Version, StudentNo: str(no), Reason: str("学生自愿报考，已获家长同意")}); err != nil {
			t.Fatal(err)
		}
	}
	teachers, err := s.h.People.FindTeachers(office, models.TeacherFilter{})
	if err != nil || len(teachers.Items) == 0 {
		t.Fatalf("teacher: %v", err)
	}
	if _, err := s.h.Certs.CreateTraining(office, models.TrainingFields{TeacherID: str(teachers.Items[0].ID.Hex()), EntryID: str(entry),
		Event: str("Web前端开发职业技能等级证书师资培训（第3期）"), StartDate: str(today.String()), EndDate: str(today.String()),
		Role: str(models.TrainingAssessor), AttendanceRef: str("KPY-2026-018")}); err != nil {
		t.Fatal(err)
	}
	return b.ID.Hex(), students["S1"]
}

// TestBrowserCertificates visits the certificate pages as the office (records a
// pass, sends a result form with a wrong score) and the figures as the office
// and the auditor, with a screenshot of each.
func TestBrowserCertificates(t *testing.T) {
	s := newSite(t)
	batchID, studentID := certTourSeed(t, s)
	batch := "/batches/" + batchID
	base := serve(t, s)
	year := strconv.Itoa(models.StatYearOf(models.DateOf(time.Now().In(models.China))).Start)
	var scoreErr, passRow, student, audited string
	t.Run("office", func(t *testing.T) {
		ctx := chrome(t, 1366, 768)
		err := chromedp.Do(ctx,
			loginAs(base, "office"),
			page(t, "certs-office-home"),
			visit(t, base, "/cert-entries", "certs-office-entries"),
			visit(t, base, "/cert-entries/new", "certs-office-entry-form"),
			visit(t, base, "/pilots", "certs-office-pilots"),
			visit(t, base, "/pilots/new", "certs-office-pilot-form"),
			visit(t, base, "/trainings", "certs-office-trainings"),
			visit(t, base, "/batches", "certs-office-batches"),
			visit(t, base, batch, "certs-office-batch"),
			// S1's form is the first; open it and send a score out of range.
			chromedp.Click(`(//tr[@class='candidate-forms']//summary)[1]`),
			chromedp.SetValue(`(//tr[@class='candidate-forms']//select[@name='result'])[1]`, "pass"),
			chromedp.SendKeys(`(//tr[@class='candidate-forms']//input[@name='scoreTheory'])[1]`, "1000"),
			chromedp.Submit(`(//tr[@class='candidate-forms']//input[@name='scoreTheory'])[1]`),
			chromedp.WaitVisible(`//tr[@class='candidate-forms']//details[@open]//div[@class='error']`),
			text(`//tr[@class='candidate-forms']//details[@open]//div[@class='error']`, &scoreErr),
			page(t, "certs-office-batch-result-error"),
			chromedp.SetValue(`//details[@open]//input[@name='scoreTheory']`, "86"),
			chromedp.SendKeys(`//details[@open]//input[@name='scorePractical']`, "91"),
			chromedp.SendKeys(`//details[@open]//input[@name='certificateNo']`, "X2026-0001"),
			js(`(() => { const d = document.querySelector('details[open] input[name=issueDate]'); d.value = '`+models.DateOf(time.Now().In(models.China)).String()+`'; return true })()`),
			chromedp.Submit(`//details[@open]//input[@name='certificateNo']`),
			chromedp.WaitVisible(`.flash`),
			text(`//tr[contains(., 'X2026-0001')]`, &passRow),
			page(t, "certs-office-batch-passed"),
			visit(t, base, "/students/"+studentID, "certs-office-student"),
			text(`table.pairs`, &student),
			visit(t, base, "/figures?year="+year, "certs-office-figures"),
			chromedp.Click(`//tr[th[contains(., 'x_pass_times')]]//td[1]/a`),
			page(t, "certs-office-figure-records"),
		)
		if err != nil {
			t.Fatal(err)
		}
		if scoreErr != "成绩须在0至100之间" {
			t.Errorf("score message = %q", scoreErr)
		}
		if !strings.Contains(passRow, "王小明") || !strings.Contains(passRow, "通过") {
			t.Errorf("passed row = %q", passRow)
		}
		if !strings.Contains(student, "证书编号 X2026-0001") {
			t.Errorf("the student page does not list the certificate:\n%s", student)
		}
	})
	t.Run("auditor", func(t *testing.T) {
		ctx := chrome(t, 1366, 768)
		err := chromedp.Do(ctx,
			loginAs(base, "auditor"),
			page(t, "certs-auditor-home"),
			// the figures open on the year that ended last; the batch is this year's
			chromedp.Navigate(base+"/figures?year="+year),
			page(t, "certs-auditor-figures"),
			chromedp.Click(`//tr[th[contains(., 'x_pass_times')]]//td[1]/a`),
			chromedp.WaitVisible(`main table`),
			text(`main table tbody`, &audited),
			page(t, "certs-auditor-figure-records"),
			visit(t, base, batch, "certs-auditor-batch"),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(audited, "匿名") || strings.Contains(audited, "王小明") {
			t.Errorf("auditor records = %q", audited)
		}
	})
}
