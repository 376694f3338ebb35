package sheets

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// area binds kind to its service for an import into t, as importScope resolved
// it (the zero Target for exports, which follow the list filter instead).
func (s *Service) area(kind Kind, t Target) area {
	school := t.SchoolID
	var sc *string
	if school != "" {
		sc = &school
	}
	switch kind {
	case Majors:
		return s.majors(sc, school)
	case Students:
		return s.students(sc, school)
	case Teachers:
		return s.teachers(sc, school)
	case CertEntries:
		return s.entryArea()
	case Registrations:
		return s.registrationArea(t.BatchID)
	case Results:
		return s.resultArea(t.BatchID)
	case Placements:
		return s.placementArea(school)
	case LubanActivities:
		return s.activityArea(school)
	}
	return s.enterpriseArea()
}

func (s *Service) majors(sc *string, school string) area {
	return &binding[models.MajorFields, models.Major, *models.Major]{
		spec: specs[Majors], school: sc, scoped: models.MajorFilter{SchoolID: school},
		all:    eachOf(s.people.EachMajor),
		key:    func(m *models.Major) string { return m.Code },
		apply:  func(m *models.Major, f models.MajorFields) { f.Apply(m) },
		create: created(s.people.CreateMajor),
		update: updated(s.people.UpdateMajor),
		set:    func(f *models.MajorFields, v *int64, sc *string) { f.Version, f.SchoolID = v, sc },
	}
}

func (s *Service) students(sc *string, school string) area {
	return &binding[models.StudentFields, models.Student, *models.Student]{
		spec: specs[Students], school: sc, scoped: models.StudentFilter{SchoolID: school},
		all: eachOf(s.people.EachStudent),
		key: func(st *models.Student) string { return st.StudentNo },
		apply: func(st *models.Student, f models.StudentFields) {
			var ignored models.ValidationError // the dry run reports these
			f.Apply(st, &ignored)
		},
		create: created(s.people.CreateStudent),
		update: updated(s.people.UpdateStudent),
		set:    func(f *models.StudentFields, v *int64, sc *string) { f.Version, f.SchoolID = v, sc },
	}
}

func (s *Service) teachers(sc *string, school string) area {
	return &binding[models.TeacherFields, models.Teacher, *models.Teacher]{
		spec: specs[Teachers], school: sc, scoped: models.TeacherFilter{SchoolID: school},
		all: eachOf(s.people.EachTeacher),
		key: func(t *models.Teacher) string { return t.StaffNo },
		apply: func(t *models.Teacher, f models.TeacherFields) {
			var ignored models.ValidationError // the dry run reports these
			f.Apply(t, &ignored)
		},
		create: created(s.people.CreateTeacher),
		update: updated(s.people.UpdateTeacher),
		set:    func(f *models.TeacherFields, v *int64, sc *string) { f.Version, f.SchoolID = v, sc },
	}
}

func (s *Service) enterpriseArea() area {
	return &binding[models.EnterpriseFields, models.Enterprise, *models.Enterprise]{
		spec: specs[Enterprises], scoped: models.EnterpriseFilter{},
		all: eachOf(s.enterprises.EachEnterprise),
		key: func(e *models.Enterprise) string { return e.CreditCode },
		apply: func(e *models.Enterprise, f models.EnterpriseFields) {
			var ignored models.ValidationError
			f.Apply(e, &ignored)
		},
		create: created(s.enterprises.CreateEnterprise),
		update: updated(s.enterprises.UpdateEnterprise),
		set:    func(f *models.EnterpriseFields, v *int64, _ *string) { f.Version = v },
	}
}

// importScope checks that the caller may import kind into t and returns where
// the rows go. Office users import into their own school (naming another is
// ErrForbidden); the system admin must name one (a ValidationError on schoolId
// otherwise). Enterprises go to no school; the catalogue neither, and only the
// system admin and office admins may import it. Registrations and results go
// into the batch t names, which the caller must be allowed to change (a batch
// outside the caller's schools is ErrNotFound, a missing id a ValidationError
// on batchId); the school is then the batch's. Other roles may not import
// (ErrForbidden).
func (s *Service) importScope(ctx context.Context, kind Kind, t Target) (Target, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return Target{}, err
	}
	switch {
	case kind == Enterprises:
		if !p.Role.IsOffice() && p.Role != models.RoleSystemAdmin {
			return Target{}, models.ErrForbidden
		}
		return Target{}, nil
	case kind == CertEntries:
		if p.Role != models.RoleOfficeAdmin && p.Role != models.RoleSystemAdmin {
			return Target{}, models.ErrForbidden
		}
		return Target{}, nil
	case kind.PerBatch():
		return s.batchScope(ctx, p, t.BatchID)
	}
	id, err := s.schools.WriteSchool(ctx, p, &t.SchoolID)
	if err != nil {
		return Target{}, err
	}
	return Target{SchoolID: id.Hex()}, nil
}

func (s *Service) batchScope(ctx context.Context, p *models.Principal, batch string) (Target, error) {
	if batch == "" {
		return Target{}, models.Invalid("batchId", "请指定考核批次")
	}
	id, err := models.ParseID(batch)
	if err != nil {
		return Target{}, err
	}
	b, err := s.certs.FindBatchByID(ctx, id)
	if err != nil {
		return Target{}, err
	}
	if !p.CanWriteSchool(b.SchoolID) {
		return Target{}, models.ErrForbidden
	}
	return Target{SchoolID: b.SchoolID.Hex(), BatchID: b.ID.Hex()}, nil
}

// created and updated adapt a service's create and update, which return the
// record written, to a binding, which needs only whether it was written.
func created[F, R any](fn func(context.Context, F) (R, error)) func(context.Context, F) error {
	return func(ctx context.Context, f F) error { _, err := fn(ctx, f); return err }
}

func updated[F, R any](fn func(context.Context, bson.ObjectID, F) (R, error)) func(context.Context, bson.ObjectID, F) error {
	return func(ctx context.Context, id bson.ObjectID, f F) error { _, err := fn(ctx, id, f); return err }
}
