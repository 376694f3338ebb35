package placements_test

import (
	"context"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/servicetest"
)

// story is what happens to one placement: its fields, then the operations in
// order, each by a caller.
type story struct {
	fields func(e *env) models.PlacementFields
	st     func(e *env) *models.Student
	ops    []func(e *env) (context.Context, op)
}

// op is one operation: a placements.Response, Activation, Weeks, Completion,
// Termination or Evaluation, or recheck (Check).
type op any

type recheck struct{}

func withSchedule(f models.PlacementFields, hours float64) models.PlacementFields {
	f.Schedule = &models.Schedule{HoursPerDay: hours, DaysPerWeek: 5}
	return f
}

// stories cover every operation a replay runs: a warned activation ended by a
// night shift, a checked and completed placement that is evaluated, an
// observation visit, a draft that stays one for a fee, and two interns on a
// post that takes one (the second warned by INT-13 as the first is counted).
var stories = []story{{
	fields: func(e *env) models.PlacementFields {
		return withSchedule(good(e.s1, e.e2, e.teacher, "2026-03-02", "2026-06-26"), 9)
	},
	st: func(e *env) *models.Student { return e.s1 },
	ops: []func(e *env) (context.Context, op){
		func(e *env) (context.Context, op) {
			return e.entE2, placements.Response{Decision: str(models.UnitConfirmed)}
		},
		func(e *env) (context.Context, op) {
			return e.office, placements.Activation{Reasons: map[string]string{"INT-11": "企业生产旺季，已签署加班补偿协议"}}
		},
		func(e *env) (context.Context, op) {
			return e.entE2, placements.Weeks{Weeks: []placements.WeekFields{week("2026-03-02", 5, 45, 0), week("2026-03-09", 5, 40, 6)}}
		},
		func(e *env) (context.Context, op) {
			return e.office, placements.Termination{Reason: str("企业安排夜班，终止实习"), RuleID: str("int-10"), ActualEndDate: str("2026-03-15")}
		},
	},
}, {
	fields: func(e *env) models.PlacementFields { return good(e.s2, e.e2, e.teacher, "2026-03-02", "2026-06-26") },
	st:     func(e *env) *models.Student { return e.s2 },
	ops: []func(e *env) (context.Context, op){
		func(e *env) (context.Context, op) { return e.office, recheck{} },
		func(e *env) (context.Context, op) { return e.office, placements.Activation{} },
		func(e *env) (context.Context, op) {
			return e.office, placements.Weeks{Weeks: []placements.WeekFields{week("2026-03-02", 5, 40, 0), week("2026-03-09", 4, 32, 0)}}
		},
		func(e *env) (context.Context, op) {
			return e.office, placements.Completion{ActualEndDate: str("2026-06-26")}
		},
		func(e *env) (context.Context, op) {
			grade, credits := models.GradeGood, 4.0
			return e.office, placements.Evaluation{MentorEvaluation: str("工作认真"), Grade: &grade, Credits: &credits}
		},
	},
}, {
	fields: func(e *env) models.PlacementFields {
		f := good(e.s3, e.e1, e.teacher, "2026-03-03", "2026-03-05")
		f.Kind = str(models.PlacementCognitive)
		return f
	},
	st: func(e *env) *models.Student { return e.s3 },
	ops: []func(e *env) (context.Context, op){
		func(e *env) (context.Context, op) { return e.office, placements.Activation{} },
		func(e *env) (context.Context, op) {
			return e.office, placements.Weeks{Weeks: []placements.WeekFields{week("2026-03-02", 3, 18, 0)}}
		},
		func(e *env) (context.Context, op) { return e.office, placements.Completion{} },
	},
}, {
	fields: func(e *env) models.PlacementFields {
		f := good(e.s3, e.e1, e.teacher, "2026-07-06", "2026-08-28")
		f.Fees = &models.Fees{Charges: []models.Charge{{Kind: models.FeeMaterials, AmountFen: 20000}}}
		return f
	},
	st:  func(e *env) *models.Student { return e.s3 },
	ops: []func(e *env) (context.Context, op){func(e *env) (context.Context, op) { return e.office, recheck{} }},
}, {
	fields: func(e *env) models.PlacementFields {
		return onSmallPost(good(e.s1, e.e1, e.teacher, "2026-04-06", "2026-06-26"))
	},
	st:  func(e *env) *models.Student { return e.s1 },
	ops: []func(e *env) (context.Context, op){func(e *env) (context.Context, op) { return e.office, placements.Activation{} }},
}, {
	fields: func(e *env) models.PlacementFields {
		return onSmallPost(good(e.s3, e.e1, e.teacher, "2026-04-13", "2026-06-26"))
	},
	st: func(e *env) *models.Student { return e.s3 },
	ops: []func(e *env) (context.Context, op){func(e *env) (context.Context, op) {
		return e.office, placements.Activation{Reasons: map[string]string{"INT-13": "岗位临时扩编"}}
	}},
}}

// onSmallPost puts f on a post of 5 staff, where INT-13 allows one intern.
func onSmallPost(f models.PlacementFields) models.PlacementFields {
	p := *f.Post
	p.SameKindPostStaff = 5
	f.Post = &p
	return f
}

// viaService tells the stories through the service's methods.
func viaService(t *testing.T, e *env) []*placements.Placement {
	var out []*placements.Placement
	for _, s := range stories {
		pl, err := e.svc.CreatePlacement(e.office, s.fields(e))
		must(t, err)
		for _, op := range s.ops {
			ctx, o := op(e)
			pl, err = serviceDo(ctx, e.svc, pl, o)
			must(t, err)
		}
		out = append(out, pl)
	}
	return out
}

// viaReplay tells them through a replay, then writes it.
func viaReplay(t *testing.T, e *env) []*placements.Placement {
	r, err := e.svc.Replay(e.office, []bson.ObjectID{e.schoolA})
	must(t, err)
	for _, s := range stories {
		pl, err := r.Create(e.office, now(), s.fields(e), s.st(e))
		must(t, err)
		for _, op := range s.ops {
			ctx, o := op(e)
			must(t, replayDo(ctx, r, pl, o))
		}
	}
	must(t, e.svc.InsertReplayed(e.office, r))
	var out []*placements.Placement
	for _, pl := range r.Placements() {
		got, err := e.svc.FindPlacementByID(e.office, pl.ID)
		must(t, err)
		out = append(out, got)
	}
	return out
}

// TestReplayMatchesService: the same stories told through the service, in one
// database, and through a replay, in another, leave the same placements, ids
// aside.
func TestReplayMatchesService(t *testing.T) {
	want, got := viaService(t, setup(t)), viaReplay(t, setup(t))
	for i := range want {
		if w, g := servicetest.Idless(t, want[i]), servicetest.Idless(t, got[i]); w != g {
			t.Errorf("story %d:\nservice %s\nreplay  %s", i, w, g)
		}
	}
	if got[0].Status != models.PlacementTerminated || got[0].Stop.RuleID != "INT-10" || got[0].Version != 5 ||
		got[1].Status != models.PlacementCompleted || got[3].Compliance != placements.ComplianceBlock || !slices.Contains(got[5].OpenRules, "INT-13") {
		t.Fatalf("replayed: %s %s %d, %s, %s", got[0].Status, got[0].Stop.RuleID, got[0].Version, got[1].Status, got[3].Compliance)
	}
}

// serviceDo runs o through the service on the placement's current version.
func serviceDo(ctx context.Context, svc *placements.Service, pl *placements.Placement, o op) (*placements.Placement, error) {
	v := ver(pl.Version)
	switch o := o.(type) {
	case placements.Response:
		o.Version = v
		return svc.Respond(ctx, pl.ID, o)
	case placements.Activation:
		o.Version = v
		return svc.Activate(ctx, pl.ID, o)
	case placements.Weeks:
		o.Version = v
		return svc.ConfirmWeeks(ctx, pl.ID, o)
	case placements.Completion:
		o.Version = v
		return svc.Complete(ctx, pl.ID, o)
	case placements.Termination:
		o.Version = v
		return svc.Terminate(ctx, pl.ID, o)
	case placements.Evaluation:
		o.Version = v
		return svc.Evaluate(ctx, pl.ID, o)
	case recheck:
		if _, err := svc.Check(ctx, pl.ID, ""); err != nil {
			return nil, err
		}
		return svc.FindPlacementByID(ctx, pl.ID)
	}
	panic("unknown op")
}

// replayDo runs o through the replay, now.
func replayDo(ctx context.Context, r *placements.Replay, pl *placements.Placement, o op) error {
	switch o := o.(type) {
	case placements.Response:
		return r.Respond(ctx, now(), pl, o)
	case placements.Activation:
		return r.Activate(ctx, now(), pl, o)
	case placements.Weeks:
		return r.ConfirmWeeks(ctx, now(), pl, o)
	case placements.Completion:
		return r.Complete(ctx, now(), pl, o)
	case placements.Termination:
		return r.Terminate(ctx, now(), pl, o)
	case placements.Evaluation:
		return r.Evaluate(ctx, now(), pl, o)
	case recheck:
		return r.Check(ctx, now(), pl)
	}
	panic("unknown op")
}
