package placements

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// Replay runs the service's placement operations (CreatePlacement, Check,
// Respond, Activate, ConfirmWeeks, Complete, Terminate, Evaluate) on
// placements held in memory, in the order they happened, each at its own time
// and by the caller in its context: for loads that bring years of placements at
// once (the demo), where every call of the service reads the store for the
// student, the enterprise and the overlapping placements. It runs the service's
// own code, with a world made of what the replay holds: the enterprises and the
// schools' teachers read once, the rule sets and the apprenticeship and order
// class checks asked of the store once per question, the 岗位实习 already
// stored read once, and every placement replayed so far, as it stands at that
// moment (so a cap counts the placements activated before, as the service
// would have). InsertReplayed writes the result.
//
// The caller must replay the operations of all placements in the order they
// happened, and gives, with each new placement, the student as they were then
// (enrolled, graduated since).
type Replay struct {
	svc         *Service // the service's code, with the replay as its world and clock
	base        *Service
	at          time.Time
	students    map[bson.ObjectID]*models.Student
	enterprises map[bson.ObjectID]*models.Enterprise
	teachers    map[bson.ObjectID]*models.Teacher
	ruleSetsOn  map[models.Date]*models.RuleSet
	ruleSets    map[string]*models.RuleSet
	contexts    map[cohorts.PlacementContext]string
	stored      []storedPosition
	byStudent   map[bson.ObjectID][]*Placement // replayed 岗位实习
	byUnit      map[bson.ObjectID][]*Placement // replayed 岗位实习 by enterprise
	all         []*Placement
}

// storedPosition is a 岗位实习 already in the store, as the overlap checks read it.
type storedPosition struct {
	position     `bson:",inline"`
	EnterpriseID bson.ObjectID `bson:"enterpriseId"`
	Status       string        `bson:"status"`
}

// Replay starts a replay of the placements of schools, reading every
// enterprise, the schools' teachers and the 岗位实习 already stored once. The
// caller must be able to read the schools.
func (s *Service) Replay(ctx context.Context, schools []bson.ObjectID) (*Replay, error) {
	r := &Replay{base: s, students: map[bson.ObjectID]*models.Student{}, enterprises: map[bson.ObjectID]*models.Enterprise{},
		teachers: map[bson.ObjectID]*models.Teacher{}, ruleSetsOn: map[models.Date]*models.RuleSet{}, ruleSets: map[string]*models.RuleSet{},
		contexts: map[cohorts.PlacementContext]string{}, byStudent: map[bson.ObjectID][]*Placement{}, byUnit: map[bson.ObjectID][]*Placement{}}
	svc := *s
	svc.w, svc.now = r, func() time.Time { return r.at }
	r.svc = &svc
	err := s.enterprises.EachEnterprise(ctx, models.EnterpriseFilter{}, func(e *models.Enterprise) error {
		r.enterprises[e.ID] = e
		return nil
	})
	for _, school := range schools {
		if err != nil {
			break
		}
		err = s.people.EachTeacher(ctx, models.TeacherFilter{SchoolID: school.Hex()}, func(t *models.Teacher) error {
			r.teachers[t.ID] = t
			return nil
		})
	}
	if err == nil {
		err = r.readStored(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("placements: replay: %w", err)
	}
	return r, nil
}

// readStored reads the 岗位实习 already in the store, of every school.
func (r *Replay) readStored(ctx context.Context) error {
	proj := append(bson.D{{Key: "enterpriseId", Value: 1}, {Key: "status", Value: 1}}, positionFields...)
	cur, err := r.base.repo.C.Find(ctx, bson.D{{Key: "kind", Value: models.PlacementPosition}}, options.Find().SetProjection(proj))
	if err != nil {
		return err
	}
	return cur.All(ctx, &r.stored)
}

// Placements are the replayed placements, in the order they were created.
func (r *Replay) Placements() []*Placement { return r.all }

// Create is CreatePlacement at time at, st being the student as they were
// then; it returns the new draft.
func (r *Replay) Create(ctx context.Context, at time.Time, f models.PlacementFields, st *models.Student) (*Placement, error) {
	r.at = at
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	school, err := r.svc.schools.WriteSchool(ctx, p, f.SchoolID)
	if err != nil {
		return nil, err
	}
	r.students[st.ID] = st
	pl, err := r.svc.draft(ctx, f)(school)
	if err != nil {
		return nil, err
	}
	pl.Stamp(p.UserID, r.svc.stamp())
	r.all = append(r.all, pl)
	if pl.Kind == models.PlacementPosition {
		r.byStudent[pl.StudentID] = append(r.byStudent[pl.StudentID], pl)
		r.byUnit[pl.EnterpriseID] = append(r.byUnit[pl.EnterpriseID], pl)
	}
	return pl, nil
}

// Check is Check at time at, under the rule set Check would pick.
func (r *Replay) Check(ctx context.Context, at time.Time, pl *Placement) error {
	return r.apply(ctx, at, pl, false, func(_, after *Placement) error {
		_, err := r.svc.checkNow(ctx, after, "")
		return err
	})
}

// Respond is Respond at time at.
func (r *Replay) Respond(ctx context.Context, at time.Time, pl *Placement, resp Response) error {
	return r.apply(ctx, at, pl, true, r.svc.respond(ctx, resp))
}

// Activate is Activate at time at.
func (r *Replay) Activate(ctx context.Context, at time.Time, pl *Placement, a Activation) error {
	return r.apply(ctx, at, pl, false, r.svc.activate(ctx, a))
}

// ConfirmWeeks is ConfirmWeeks at time at.
func (r *Replay) ConfirmWeeks(ctx context.Context, at time.Time, pl *Placement, w Weeks) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	return r.apply(ctx, at, pl, true, r.svc.confirmWeeks(ctx, p, w))
}

// Complete is Complete at time at.
func (r *Replay) Complete(ctx context.Context, at time.Time, pl *Placement, c Completion) error {
	return r.apply(ctx, at, pl, false, r.svc.complete(c))
}

// Terminate is Terminate at time at.
func (r *Replay) Terminate(ctx context.Context, at time.Time, pl *Placement, t Termination) error {
	return r.apply(ctx, at, pl, false, r.svc.terminate(ctx, t))
}

// Evaluate is Evaluate at time at.
func (r *Replay) Evaluate(ctx context.Context, at time.Time, pl *Placement, e Evaluation) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	return r.apply(ctx, at, pl, true, r.svc.evaluate(p, e))
}

// apply is the service's write on a replayed placement: the caller's right to
// the operation (an enterprise's for portal ones), the change on a copy, the
// derived fields, and the version and time a replace gives.
func (r *Replay) apply(ctx context.Context, at time.Time, pl *Placement, portal bool, change func(before, after *Placement) error) error {
	r.at = at
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	if err := may(p, pl, portal); err != nil {
		return err
	}
	after := clone(pl)
	if err := change(pl, after); err != nil {
		return err
	}
	derive(after)
	after.Touch(p.UserID, r.svc.stamp())
	*pl = *after
	return nil
}

// may is what s.office (portal: s.portal) lets p do to pl.
func may(p *models.Principal, pl *Placement, portal bool) error {
	switch {
	case portal && p.Role == models.RoleEnterprise && p.EnterpriseID == pl.EnterpriseID:
		return nil
	case p.Role == models.RoleEnterprise:
		return models.ErrForbidden
	case !p.CanReadSchool(pl.SchoolID):
		return models.ErrNotFound
	case !p.CanWriteSchool(pl.SchoolID):
		return models.ErrForbidden
	}
	return nil
}

// InsertReplayed writes the replayed placements in one bulk write, each
// audited as created (records.InsertHistory). The caller must be able to change
// every placement's school (ErrForbidden otherwise).
func (s *Service) InsertReplayed(ctx context.Context, r *Replay) error {
	if err := scoped.CheckWritable(ctx, r.all); err != nil {
		return err
	}
	return s.repo.InsertHistory(ctx, r.all)
}

// The replay is its service copy's world.

func (r *Replay) student(_ context.Context, id bson.ObjectID) (*models.Student, error) {
	return found(r.students[id])
}

func (r *Replay) enterprise(_ context.Context, id bson.ObjectID) (*models.Enterprise, error) {
	return found(r.enterprises[id])
}

func (r *Replay) teacher(_ context.Context, id bson.ObjectID) (*models.Teacher, error) {
	return found(r.teachers[id])
}

func found[T any](v *T) (*T, error) {
	if v == nil {
		return nil, models.ErrNotFound
	}
	return v, nil
}

func (r *Replay) placementContext(ctx context.Context, pc cohorts.PlacementContext) (string, error) {
	if problem, ok := r.contexts[pc]; ok {
		return problem, nil
	}
	problem, err := r.base.w.placementContext(ctx, pc)
	if err == nil {
		r.contexts[pc] = problem
	}
	return problem, err
}

func (r *Replay) ruleSetOn(ctx context.Context, d models.Date) (*models.RuleSet, error) {
	return memo(r.ruleSetsOn, d, func() (*models.RuleSet, error) { return r.base.w.ruleSetOn(ctx, d) })
}

func (r *Replay) ruleSet(ctx context.Context, version string) (*models.RuleSet, error) {
	return memo(r.ruleSets, version, func() (*models.RuleSet, error) { return r.base.w.ruleSet(ctx, version) })
}

func memo[K comparable](m map[K]*models.RuleSet, k K, load func() (*models.RuleSet, error)) (*models.RuleSet, error) {
	if rs, ok := m[k]; ok {
		return rs, nil
	}
	rs, err := load()
	if err == nil {
		m[k] = rs
	}
	return rs, err
}

func (r *Replay) studentPositions(_ context.Context, pl *Placement) ([]position, error) {
	var out []position
	for _, o := range r.stored {
		if o.StudentID == pl.StudentID && o.ID != pl.ID && overlaps(o.position, pl) {
			out = append(out, o.position)
		}
	}
	for _, o := range r.byStudent[pl.StudentID] {
		if p := positionOf(o); o.ID != pl.ID && overlaps(p, pl) {
			out = append(out, p)
		}
	}
	return out, nil
}

func (r *Replay) enterprisePositions(_ context.Context, pl *Placement) ([]position, error) {
	var out []position
	for _, o := range r.stored {
		if o.EnterpriseID == pl.EnterpriseID && activated(o.Status) && overlaps(o.position, pl) {
			out = append(out, o.position)
		}
	}
	for _, o := range r.byUnit[pl.EnterpriseID] {
		if p := positionOf(o); activated(o.Status) && overlaps(p, pl) {
			out = append(out, p)
		}
	}
	return out, nil
}

// activated reports whether a placement of status counts toward the caps.
func activated(status string) bool {
	for _, c := range counted {
		if c == status {
			return true
		}
	}
	return false
}

// overlaps reports whether p's period overlaps pl's, as positions keeps them.
func overlaps(p position, pl *Placement) bool {
	return !p.StartDate.After(pl.EndDate) && !p.EndDate.Before(pl.StartDate)
}

func positionOf(pl *Placement) position {
	p := position{ID: pl.ID, SchoolID: pl.SchoolID, StudentID: pl.StudentID, StartDate: pl.StartDate, EndDate: pl.EndDate, EnterpriseName: pl.EnterpriseName}
	p.Post.Key = pl.Post.SameKindPostKey
	return p
}
