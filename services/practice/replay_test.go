package practice_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/practice"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
)

// decision is one answer to a practice record and who gives it; confirm says
// whether it is the enterprise's (Confirm) or the school's (Approve).
type decision struct {
	by      func(e *env) context.Context
	confirm bool
	d       practice.Decision
}

// practiceStories: confirmed in the portal and approved; confirmed by the
// office from a stamped certificate and approved; declined by the enterprise.
var practiceStories = []struct {
	fields    func(e *env) models.PracticeFields
	decisions []decision
}{{
	fields: func(e *env) models.PracticeFields { return practiceOf(e.t1, e.e1, "2025-07-01", "2025-07-31", 20) },
	decisions: []decision{
		{func(e *env) context.Context { return e.entE1 }, true, practice.Decision{Decision: tk.Str(models.PracticeConfirmed), Comment: tk.Str("情况属实")}},
		{func(e *env) context.Context { return e.office }, false, practice.Decision{Decision: tk.Str(models.PracticeApproved)}},
	},
}, {
	fields: func(e *env) models.PracticeFields { return practiceOf(e.t2, e.e2, "2025-08-01", "2025-08-20", 15) },
	decisions: []decision{
		{func(e *env) context.Context { return e.office }, true, practice.Decision{Decision: tk.Str(models.PracticeConfirmed), Doc: tk.Str("QR-001")}},
		{func(e *env) context.Context { return e.office }, false, practice.Decision{Decision: tk.Str(models.PracticeApproved)}},
	},
}, {
	fields: func(e *env) models.PracticeFields { return practiceOf(e.t1, e.e1, "2025-09-01", "2025-09-05", 5) },
	decisions: []decision{
		{func(e *env) context.Context { return e.entE1 }, true, practice.Decision{Decision: tk.Str(models.PracticeRejected), Comment: tk.Str("未到岗")}},
	},
}}

// TestReplayMatchesService: the same decisions through the service, in one
// database, and through a replay, in another, leave the same records.
func TestReplayMatchesService(t *testing.T) {
	want, got := practiceViaService(t, setup(t)), practiceViaReplay(t, setup(t))
	for i := range want {
		if w, g := tk.Idless(t, want[i]), tk.Idless(t, got[i]); w != g {
			t.Errorf("story %d:\nservice %s\nreplay  %s", i, w, g)
		}
	}
	if got[0].Status != models.PracticeApproved || got[0].Version != 3 || got[2].Status != models.PracticeRejected {
		t.Fatalf("replayed %+v", got)
	}
}

func practiceViaService(t *testing.T, e *env) []*models.Practice {
	var out []*models.Practice
	for _, s := range practiceStories {
		pr, err := e.svc.CreatePractice(e.office, s.fields(e))
		tk.Must(t, err)
		for _, d := range s.decisions {
			d.d.Version = tk.Ver(pr.Version)
			if d.confirm {
				pr, err = e.svc.Confirm(d.by(e), pr.ID, d.d)
			} else {
				pr, err = e.svc.Approve(d.by(e), pr.ID, d.d)
			}
			tk.Must(t, err)
		}
		out = append(out, pr)
	}
	return out
}

func practiceViaReplay(t *testing.T, e *env) []*models.Practice {
	r, err := e.svc.Replay(e.office, []bson.ObjectID{e.schoolA})
	tk.Must(t, err)
	for _, s := range practiceStories {
		pr, err := r.Create(e.office, now(), s.fields(e))
		tk.Must(t, err)
		for _, d := range s.decisions {
			if d.confirm {
				err = r.Confirm(d.by(e), now(), pr, d.d)
			} else {
				err = r.Approve(d.by(e), now(), pr, d.d)
			}
			tk.Must(t, err)
		}
	}
	tk.Must(t, e.svc.InsertReplayed(e.office, r))
	var out []*models.Practice
	for _, pr := range r.Practices() {
		got, err := e.svc.FindPracticeByID(e.office, pr.ID)
		tk.Must(t, err)
		out = append(out, got)
	}
	return out
}

func TestReplayRefuses(t *testing.T) {
	e := setup(t)
	r, err := e.svc.Replay(e.office, []bson.ObjectID{e.schoolA})
	tk.Must(t, err)
	pr, err := r.Create(e.office, now(), practiceOf(e.t1, e.e1, "2025-07-01", "2025-07-31", 20))
	tk.Must(t, err)
	t.Run("ErrForbidden other enterprise", func(t *testing.T) {
		err := r.Confirm(e.entE2, now(), pr, practice.Decision{Decision: tk.Str(models.PracticeConfirmed)})
		if err != models.ErrForbidden {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrApproveBeforeConfirmation", func(t *testing.T) {
		tk.WantFields(t, r.Approve(e.office, now().Add(time.Hour), pr, practice.Decision{Decision: tk.Str(models.PracticeApproved)}), "decision")
	})
	t.Run("ErrAnotherSchoolsTeacher", func(t *testing.T) {
		_, err := r.Create(e.office, now(), practiceOf(e.tb, e.e1, "2025-07-01", "2025-07-31", 20))
		tk.WantFields(t, err, "teacherId")
	})
}
