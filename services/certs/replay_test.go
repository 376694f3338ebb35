package certs_test

import (
	"reflect"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// scrubbed is b without the ids a second run would draw afresh.
func scrubbed(b *models.Batch) models.Batch {
	c := *b
	c.ID = bson.ObjectID{}
	c.Candidates = append([]models.Candidate{}, b.Candidates...)
	for i := range c.Candidates {
		c.Candidates[i].ID = bson.ObjectID{}
	}
	return c
}

// TestReplayMatchesService: the same batch operations through the service and
// through a replay give the same batch.
func TestReplayMatchesService(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	r, err := e.certs.Replay(e.office, []bson.ObjectID{e.schoolA})
	must(t, err)

	f := models.BatchFields{EntryID: str(e.web.ID.Hex()), Level: str("初级"), Date: str("2026-06-15"), Label: str("2026年6月")}
	viaService, err := e.certs.CreateBatch(e.office, f)
	must(t, err)
	replayed, err := r.CreateBatch(e.office, now(), f)
	must(t, err)
	regs := []struct {
		st     *models.Student
		reason string
	}{{e.s1, ""}, {e.s3, "学生自愿报考"}}
	for _, reg := range regs {
		in := models.Registration{StudentID: str(reg.st.ID.Hex()), RegisteredAt: str("2026-05-01")}
		if reg.reason != "" {
			in.Reason = str(reg.reason)
		}
		in.Version = ver(viaService.Version)
		viaService, err = e.certs.Register(e.office, viaService.ID, in)
		must(t, err)
		_, err = r.Register(e.office, now(), replayed, reg.st, in)
		must(t, err)
	}
	results := []models.ResultFields{
		{Result: str(models.ResultPass), ScoreTheory: num(82), ScorePractical: num(90), CertificateNo: str("W2026001"), IssueDate: str("2026-07-20")},
		{Result: str(models.ResultFail), ScoreTheory: num(41), ScorePractical: num(55)},
	}
	for i, res := range results {
		res.Version = ver(viaService.Version)
		viaService, err = e.certs.RecordResult(e.office, viaService.ID, viaService.Candidates[i].ID, res)
		must(t, err)
		must(t, r.RecordResult(e.office, now(), replayed, replayed.Candidates[i].ID, res))
	}
	if got, want := scrubbed(replayed), scrubbed(viaService); !reflect.DeepEqual(got, want) {
		t.Fatalf("replayed\n%+v\nservice\n%+v", got, want)
	}
	if replayed.Version != 5 || replayed.Candidates[1].OutsidePilot == "" {
		t.Fatalf("replayed batch = %+v", replayed)
	}
}

func TestReplayRules(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	r, err := e.certs.Replay(e.office, []bson.ObjectID{e.schoolA})
	must(t, err)
	f := models.BatchFields{EntryID: str(e.web.ID.Hex()), Level: str("初级"), Date: str("2026-06-15")}
	b1, err := r.CreateBatch(e.office, now(), f)
	must(t, err)
	b2, err := r.CreateBatch(e.office, now(), f)
	must(t, err)
	reg := models.Registration{RegisteredAt: str("2026-05-01")}
	c1, err := r.Register(e.office, now(), b1, e.s1, reg)
	must(t, err)
	c2, err := r.Register(e.office, now(), b2, e.s1, reg)
	must(t, err)
	c3, err := r.Register(e.office, now(), b2, e.s2, reg)
	must(t, err)
	pass := models.ResultFields{Result: str(models.ResultPass), CertificateNo: str("W1"), IssueDate: str("2026-07-01")}
	must(t, r.RecordResult(e.office, now(), b1, c1.ID, pass))
	t.Run("ErrSecondPass", func(t *testing.T) {
		conflictOn(t, r.RecordResult(e.office, now(), b2, c2.ID, models.ResultFields{Result: str(models.ResultPass)}), "result")
	})
	t.Run("ErrNumberTaken", func(t *testing.T) {
		conflictOn(t, r.RecordResult(e.office, now(), b2, c3.ID, pass), "certificateNo")
	})
	t.Run("ErrGraduatedStudent", func(t *testing.T) {
		fieldErr(t, mustFail(r.Register(e.office, now(), b2, e.grad, reg)), "studentId")
	})
	t.Run("ErrOtherSchool", func(t *testing.T) {
		other := f
		other.SchoolID = str(e.schoolB.Hex())
		isErr(t, mustFail(r.CreateBatch(e.office, now(), other)), models.ErrForbidden)
	})
	t.Run("OK inserted with the numbers claimed", func(t *testing.T) {
		must(t, e.certs.InsertReplayed(e.office, r))
		got, err := e.certs.FindBatchByID(e.office, b1.ID)
		must(t, err)
		if got.Version != 3 || got.Candidates[0].CertificateNo != "W1" {
			t.Fatalf("batch = %+v", got)
		}
		b3 := e.batch(t, e.web, "2026-06-20")
		b3, c := e.register(t, b3, e.s2, "")
		res := pass
		res.Version = ver(b3.Version)
		conflictOn(t, mustFail(e.certs.RecordResult(e.office, b3.ID, c.ID, res)), "certificateNo")
	})
	t.Run("ErrSchoolWithBatches", func(t *testing.T) {
		conflictOn(t, mustFail(e.certs.Replay(e.office, []bson.ObjectID{e.schoolA})), "schoolId")
	})
}
