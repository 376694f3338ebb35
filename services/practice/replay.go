package practice

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// Replay runs the service's practice operations (CreatePractice, Confirm,
// Approve) on records held in memory, in the order they happened, each at its
// own time and by the caller in its context, with the service's own code: for
// loads that bring years of teachers' practice at once (the demo), where each
// call would look its record, teacher and enterprise up in the store. The
// schools' teachers and the enterprises are read once. InsertReplayed writes
// the result.
type Replay struct {
	svc         *Service // the service's code, with the replay as its world and clock
	at          time.Time
	teachers    map[bson.ObjectID]*models.Teacher
	enterprises map[bson.ObjectID]*models.Enterprise
	all         []*models.Practice
}

// Replay starts a replay of the practice of schools' teachers, reading the
// teachers and every enterprise once. The caller must be able to read the
// schools.
func (s *Service) Replay(ctx context.Context, schools []bson.ObjectID) (*Replay, error) {
	r := &Replay{teachers: map[bson.ObjectID]*models.Teacher{}, enterprises: map[bson.ObjectID]*models.Enterprise{}}
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
	if err != nil {
		return nil, fmt.Errorf("practice: replay: %w", err)
	}
	return r, nil
}

// Practices are the replayed records, in the order they were created.
func (r *Replay) Practices() []*models.Practice { return r.all }

// Create is CreatePractice at time at; it returns the new record.
func (r *Replay) Create(ctx context.Context, at time.Time, f models.PracticeFields) (*models.Practice, error) {
	r.at = at
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	school, err := r.svc.schools.WriteSchool(ctx, p, f.SchoolID)
	if err != nil {
		return nil, err
	}
	pr := &models.Practice{SchoolID: school, Status: models.PracticeProposed, Outputs: []string{}}
	if err := r.svc.checkPractice(ctx, nil, pr, f); err != nil {
		return nil, err
	}
	pr.Stamp(p.UserID, stamp(at))
	r.all = append(r.all, pr)
	return pr, nil
}

// Confirm is Confirm at time at: the enterprise's user, or the office.
func (r *Replay) Confirm(ctx context.Context, at time.Time, pr *models.Practice, d Decision) error {
	return r.apply(ctx, at, pr, true, func(p *models.Principal, after *models.Practice) models.ValidationError {
		return r.svc.confirm(p, pr, after, d)
	})
}

// Approve is Approve at time at.
func (r *Replay) Approve(ctx context.Context, at time.Time, pr *models.Practice, d Decision) error {
	return r.apply(ctx, at, pr, false, func(p *models.Principal, after *models.Practice) models.ValidationError {
		return r.svc.approve(p, pr, after, d)
	})
}

// apply is the service's write on a replayed record: the caller's right to it
// (the enterprise's for a confirmation), the change on a copy, and the version
// and time a replace gives.
func (r *Replay) apply(ctx context.Context, at time.Time, pr *models.Practice, byEnterprise bool,
	change func(p *models.Principal, after *models.Practice) models.ValidationError) error {
	r.at = at
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	switch {
	case p.Role == models.RoleEnterprise && (!byEnterprise || p.EnterpriseID != pr.EnterpriseID):
		return models.ErrForbidden
	case p.Role != models.RoleEnterprise && !p.CanWriteSchool(pr.SchoolID):
		return models.ErrForbidden
	}
	after := *pr
	errs := change(p, &after)
	if err := errs.Err(); err != nil {
		return err
	}
	after.Touch(p.UserID, stamp(at))
	*pr = after
	return nil
}

// InsertReplayed writes the replayed records in one bulk write, each audited
// as created (records.InsertHistory). The caller must be able to change every
// record's school (ErrForbidden otherwise).
func (s *Service) InsertReplayed(ctx context.Context, r *Replay) error {
	if err := scoped.CheckWritable(ctx, r.all); err != nil {
		return err
	}
	return s.practices.InsertHistory(ctx, r.all)
}

func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// The replay is its service copy's world.

func (r *Replay) teacher(_ context.Context, id bson.ObjectID) (*models.Teacher, error) {
	if t, ok := r.teachers[id]; ok {
		return t, nil
	}
	return nil, models.ErrNotFound
}

func (r *Replay) enterprise(_ context.Context, id bson.ObjectID) (*models.Enterprise, error) {
	if e, ok := r.enterprises[id]; ok {
		return e, nil
	}
	return nil, models.ErrNotFound
}
