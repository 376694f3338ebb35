package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// story is one placement's life as the demo tells it: the fields it was
// proposed with, the student as they were then, and what happened to it
// afterwards, each operation at its time and by its caller.
type story struct {
	seq     int
	school  *school
	student *student
	fields  models.PlacementFields
	created time.Time
	ops     []op
	pl      *placements.Placement
}

// op is one operation on a placement after its proposal.
type op struct {
	at time.Time
	by *models.Principal
	do func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error
}

// placements tells every placement's story through the placements service's
// replay, all operations of all placements in the order they happened (so
// that each check counts the placements activated before it, as the service
// would have), and writes them at once.
func (g *gen) placements() error {
	r, err := g.svc.placements.Replay(g.as(g.system), g.ids())
	if err != nil {
		return err
	}
	stories := g.stories()
	type event struct {
		at    time.Time
		story *story
		n     int // 0: the proposal, then the operations in order
	}
	var events []event
	for _, s := range stories {
		events = append(events, event{s.created, s, 0})
		for i, o := range s.ops {
			events = append(events, event{o.at, s, i + 1})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.story.seq, b.story.seq), cmp.Compare(a.n, b.n))
	})
	for _, e := range events {
		if err := g.tell(r, e.story, e.n); err != nil {
			return fmt.Errorf("%s %s: %w", e.story.student.rec.StudentNo, *e.story.fields.Kind, err)
		}
	}
	for _, pl := range r.Placements() {
		g.sum.Placements++
		if pl.Kind == models.PlacementPosition {
			g.sum.Positions++
		}
		for _, w := range pl.Weeks {
			if w.Confirmed() {
				g.sum.Weeks++
			}
		}
	}
	return g.svc.placements.InsertReplayed(g.as(g.system), r)
}

// tell runs a story's n-th step: its proposal (0) or an operation.
func (g *gen) tell(r *placements.Replay, s *story, n int) error {
	if n == 0 {
		pl, err := r.Create(g.as(s.school.office), s.created, s.fields, s.student.asOf())
		s.pl = pl
		return err
	}
	o := s.ops[n-1]
	return o.do(g.as(o.by), r, s.pl)
}

// stories are every placement of every demo year: each school's first-year
// students' observation visits (认识实习) in November and its third-year
// students' 岗位实习, from October for clinical nursing and from February for
// the others, and at 红星 a few summer proposals the rules refuse.
func (g *gen) stories() []*story {
	t := &teller{g: g, rand: g.rand("placements")}
	for _, y := range g.years {
		for _, sc := range g.all {
			for mi, m := range sc.majors {
				t.visits(m, y, mi)
				t.positions(m, y)
			}
		}
		t.refused(y)
	}
	return t.stories
}

// office is the demo acting for the school's office.
func (s *story) office() *models.Principal { return s.school.office }

// after adds an operation at at by by.
func (s *story) after(at time.Time, by *models.Principal, do func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error) {
	s.ops = append(s.ops, op{at: at, by: by, do: do})
}

func (s *story) activate(at time.Time, reasons map[string]string) {
	s.after(at, s.office(), func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.Activate(ctx, at, pl, placements.Activation{Reasons: reasons})
	})
}

func (s *story) check(at time.Time) {
	s.after(at, s.office(), func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.Check(ctx, at, pl)
	})
}

func (s *story) respond(at time.Time, by *models.Principal) {
	s.after(at, by, func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.Respond(ctx, at, pl, placements.Response{Decision: ptr(models.UnitConfirmed)})
	})
}

func (s *story) confirm(at time.Time, by *models.Principal, weeks []placements.WeekFields) {
	s.after(at, by, func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.ConfirmWeeks(ctx, at, pl, placements.Weeks{Weeks: weeks})
	})
}

func (s *story) complete(at time.Time, end models.Date) {
	s.after(at, s.office(), func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.Complete(ctx, at, pl, placements.Completion{ActualEndDate: ptr(end.String())})
	})
}

func (s *story) terminate(at time.Time, rule, reason string) {
	s.after(at, s.office(), func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.Terminate(ctx, at, pl, placements.Termination{Reason: &reason, RuleID: &rule, ActualEndDate: ptr(models.DateOf(at.In(models.China)).String())})
	})
}

func (s *story) evaluate(at time.Time, by *models.Principal, e placements.Evaluation) {
	s.after(at, by, func(ctx context.Context, r *placements.Replay, pl *placements.Placement) error {
		return r.Evaluate(ctx, at, pl, e)
	})
}
