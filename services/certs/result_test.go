package certs_test

import (
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// TestRecordResult runs every result rule of domain.md §3.6 as a failing and a
// passing step, in order, over a few batches of school A.
func TestRecordResult(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	b1 := e.batch(t, e.web, "2026-06-15")
	for _, st := range []*models.Student{e.s1, e.s2} {
		b1, _ = e.register(t, b1, st, "")
	}
	b1, _ = e.register(t, b1, e.s3, "学生自愿跨专业报考")
	b2 := e.batch(t, e.web, "2026-07-10") // re-sits
	for _, st := range []*models.Student{e.s1, e.s2} {
		b2, _ = e.register(t, b2, st, "")
	}
	_, err := e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(e.web.ID.Hex()), SchoolYear: num(2026), MajorCodes: &[]string{"710201"}})
	must(t, err)
	future := e.batch(t, e.web, "2026-12-10")
	future, err = e.certs.Register(e.office, future.ID, models.Registration{Version: ver(future.Version), StudentID: str(e.s1.ID.Hex())})
	must(t, err)
	today := e.batch(t, e.web, "2026-11-26")
	today, err = e.certs.Register(e.office, today.ID, models.Registration{Version: ver(today.Version), StudentID: str(e.s1.ID.Hex())})
	must(t, err)
	bim := e.batch(t, e.bim, "2026-06-20")
	bim, _ = e.register(t, bim, e.s1, "校企合作项目")

	pass := func(no, issued string) models.ResultFields {
		return models.ResultFields{Result: str(models.ResultPass), CertificateNo: str(no), IssueDate: str(issued)}
	}
	steps := []struct {
		name     string
		batch    bson.ObjectID
		student  *models.Student
		f        models.ResultFields
		stale    bool
		field    string // ValidationError on field
		conflict string // ConflictError on field
	}{
		{name: "ErrResultRequired", batch: b1.ID, student: e.s1, f: models.ResultFields{}, field: "result"},
		{name: "ErrResultUnknown", batch: b1.ID, student: e.s1, f: models.ResultFields{Result: str("passed")}, field: "result"},
		// a result needs a sitting: not before the assessment date
		{name: "ErrResultBeforeAssessment", batch: future.ID, student: e.s1, f: models.ResultFields{Result: str(models.ResultPass)}, field: "result"},
		{name: "OK result on the assessment day", batch: today.ID, student: e.s1, f: models.ResultFields{Result: str(models.ResultFail)}},
		// absent means not sat: no scores
		{name: "ErrAbsentWithScores", batch: b1.ID, student: e.s3, f: models.ResultFields{Result: str(models.ResultAbsent), ScoreTheory: num(60)}, field: "scoreTheory"},
		{name: "OK absent without scores", batch: b1.ID, student: e.s3, f: models.ResultFields{Result: str(models.ResultAbsent)}},
		{name: "ErrScoreAbove100", batch: b1.ID, student: e.s2, f: models.ResultFields{Result: str(models.ResultFail), ScorePractical: num(101)}, field: "scorePractical"},
		{name: "ErrScoreBelow0", batch: b1.ID, student: e.s2, f: models.ResultFields{Result: str(models.ResultFail), ScoreTheory: num(-1)}, field: "scoreTheory"},
		// a certificate needs a pass
		{name: "ErrCertificateWithoutPass", batch: b1.ID, student: e.s2, f: models.ResultFields{Result: str(models.ResultFail), CertificateNo: str("N9"), IssueDate: str("2026-07-01")}, field: "certificateNo"},
		{name: "OK fail with scores 0 and 100", batch: b1.ID, student: e.s2, f: models.ResultFields{Result: str(models.ResultFail), ScoreTheory: num(0), ScorePractical: num(100)}},
		{name: "ErrIssueDateBeforeAssessment", batch: b1.ID, student: e.s1, f: pass("N1", "2026-06-14"), field: "issueDate"},
		{name: "ErrIssueDateInFuture", batch: b1.ID, student: e.s1, f: pass("N1", "2026-11-27"), field: "issueDate"},
		{name: "ErrNumberWithoutIssueDate", batch: b1.ID, student: e.s1, f: pass("N1", ""), field: "issueDate"},
		{name: "ErrStaleVersion", batch: b1.ID, student: e.s1, f: pass("N1", "2026-06-15"), stale: true},
		{name: "OK pass with certificate issued on the assessment day", batch: b1.ID, student: e.s1, f: pass("N1", "2026-06-15")},
		// one pass per (student, entry, level); re-sits after a fail are fine
		{name: "ErrSecondPass", batch: b2.ID, student: e.s1, f: models.ResultFields{Result: str(models.ResultPass)}, conflict: "result"},
		{name: "OK fail after a pass elsewhere", batch: b2.ID, student: e.s1, f: models.ResultFields{Result: str(models.ResultFail)}},
		// certificate numbers are unique per entry
		{name: "ErrDuplicateCertificateNo", batch: b2.ID, student: e.s2, f: pass("N1", "2026-07-10"), conflict: "certificateNo"},
		{name: "OK re-sit after a fail", batch: b2.ID, student: e.s2, f: pass("N2", "2026-07-10")},
		{name: "OK same number for another certificate", batch: bim.ID, student: e.s1, f: pass("N1", "2026-06-20")},
		{name: "OK number changed", batch: b1.ID, student: e.s1, f: pass("N3", "2026-06-15")},
		{name: "OK released number reused", batch: b2.ID, student: e.s2, f: pass("N1", "2026-07-10")},
		{name: "ErrNumberStillHeld", batch: b1.ID, student: e.s1, f: pass("N1", "2026-06-15"), conflict: "certificateNo"},
		{name: "OK pass without a certificate yet", batch: b1.ID, student: e.s1, f: models.ResultFields{Result: str(models.ResultPass)}},
		{name: "OK N3 released when the certificate is cleared", batch: b2.ID, student: e.s2, f: pass("N3", "2026-07-10")},
	}
	for _, c := range steps {
		t.Run(c.name, func(t *testing.T) {
			cur, err := e.certs.FindBatchByID(e.office, c.batch)
			must(t, err)
			var cand models.Candidate
			for _, x := range cur.Candidates {
				if x.StudentID == c.student.ID {
					cand = x
				}
			}
			c.f.Version = ver(cur.Version)
			if c.stale {
				c.f.Version = ver(cur.Version - 1)
			}
			got, err := e.certs.RecordResult(e.office, c.batch, cand.ID, c.f)
			switch {
			case c.stale:
				isErr(t, err, models.ErrStaleVersion)
			case c.field != "":
				fieldErr(t, err, c.field)
			case c.conflict != "":
				conflictOn(t, err, c.conflict)
			default:
				must(t, err)
				var after models.Candidate
				for _, x := range got.Candidates {
					if x.ID == cand.ID {
						after = x
					}
				}
				if after.Result != *c.f.Result || after.CertificateNo != deref(c.f.CertificateNo) || after.IssueDate.String() != deref(c.f.IssueDate) ||
					got.Version != cur.Version+1 || got.CandidateCount != len(cur.Candidates) {
					t.Fatalf("candidate = %+v, batch version %d", after, got.Version)
				}
			}
		})
	}
	t.Run("ErrUnregisterWithResult", func(t *testing.T) {
		cur, err := e.certs.FindBatchByID(e.office, b1.ID)
		must(t, err)
		conflictOn(t, mustFail(e.certs.Unregister(e.office, b1.ID, cur.Candidates[0].ID, ver(cur.Version))), "result")
		isErr(t, mustFail(e.certs.Unregister(e.office, b1.ID, bson.NewObjectID(), ver(cur.Version))), models.ErrNotFound)
	})
	t.Run("OK unregister without result", func(t *testing.T) {
		got, err := e.certs.Unregister(e.office, future.ID, future.Candidates[0].ID, ver(future.Version))
		must(t, err)
		if len(got.Candidates) != 0 || got.CandidateCount != 0 {
			t.Fatalf("batch = %+v", got)
		}
	})
	t.Run("ErrDeleteBatchWithResults", func(t *testing.T) {
		conflictOn(t, e.certs.DeleteBatch(e.office, b1.ID), "id")
		must(t, e.certs.DeleteBatch(e.office, future.ID))
	})
	t.Run("ErrUnknownCandidate", func(t *testing.T) {
		cur, err := e.certs.FindBatchByID(e.office, b1.ID)
		must(t, err)
		isErr(t, mustFail(e.certs.RecordResult(e.office, b1.ID, bson.NewObjectID(), models.ResultFields{Version: ver(cur.Version), Result: str("fail")})), models.ErrNotFound)
	})
	t.Run("OK dry run leaves the number free", func(t *testing.T) {
		cur, err := e.certs.FindBatchByID(e.office, b1.ID)
		must(t, err)
		f := pass("N5", "2026-06-15")
		f.Version = ver(cur.Version)
		isErr(t, mustFail(e.certs.RecordResult(records.DryRun(e.office), b1.ID, cur.Candidates[0].ID, f)), records.ErrDryRun)
		cur2, err := e.certs.FindBatchByID(e.office, b2.ID)
		must(t, err)
		f.Version, f.IssueDate = ver(cur2.Version), str("2026-07-10")
		_, err = e.certs.RecordResult(e.office, b2.ID, cur2.Candidates[1].ID, f) // s2 in b2
		must(t, err)
	})
	t.Run("OK audited", func(t *testing.T) {
		log, err := e.audit.FindEntries(e.admin, models.AuditFilter{Entity: "cert_batch", EntityID: b1.ID.Hex(), Action: models.ActionUpdate})
		must(t, err)
		cur, err := e.certs.FindBatchByID(e.office, b1.ID)
		must(t, err)
		if log.Total != cur.Version-1 { // every change after the create
			t.Fatalf("audit updates = %d, version = %d", log.Total, cur.Version)
		}
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestCertificateNumberRace: candidates of different batches record the same
// number at once; the claim lets exactly one have it.
func TestCertificateNumberRace(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	students := []*models.Student{e.s1, e.s2,
		e.student(t, e.office, "S7", "11010520080101008", "710201", ""), e.student(t, e.office, "S8", "11010520080101009", "710201", "")}
	type target struct {
		b    *models.Batch
		cand models.Candidate
	}
	var targets []target
	for _, st := range students {
		b := e.batch(t, e.web, "2026-06-15")
		b, c := e.register(t, b, st, "")
		targets = append(targets, target{b, c})
	}
	var wg sync.WaitGroup
	errs := make([]error, len(targets))
	for i, tg := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.certs.RecordResult(e.office, tg.b.ID, tg.cand.ID, models.ResultFields{Version: ver(tg.b.Version),
				Result: str(models.ResultPass), CertificateNo: str("N-RACE"), IssueDate: str("2026-06-20")})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		conflictOn(t, err, "certificateNo")
	}
	if won != 1 {
		t.Fatalf("winners = %d, want 1", won)
	}
}
