// Package people keeps a school's majors, students and teachers. Every query is
// limited to the caller's schools here, whatever the handler asked for.
package people

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Service manages majors, students and teachers.
type Service struct {
	majors      *records.Repo[models.Major, *models.Major]
	students    *records.Repo[models.Student, *models.Student]
	teachers    *records.Repo[models.Teacher, *models.Teacher]
	schools     *schools.Service
	enterprises *enterprises.Service
	v           *validate.Validator
	now         func() time.Time
	// other areas' records that refer to a student or a teacher
	studentUsers, teacherUsers *records.Dependents
	placed                     PlacedStudents // who an enterprise user may read (ShowPlacedStudents)
}

// AddStudentDependent registers records of another area that refer to students,
// so that a student still referred to is not deleted (409).
func (s *Service) AddStudentDependent(d records.Dependent) { s.studentUsers.Add(d) }

// AddTeacherDependent is AddStudentDependent for teachers.
func (s *Service) AddTeacherDependent(d records.Dependent) { s.teacherUsers.Add(d) }

func schoolOf[T interface{ SchoolOf() bson.ObjectID }](r T) bson.ObjectID { return r.SchoolOf() }

// New returns the people service and registers its records as dependents of
// schools and enterprises, so those are not deleted while in use.
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, ent *enterprises.Service, now func() time.Time) *Service {
	svc := &Service{schools: sc, enterprises: ent, v: v, now: now,
		studentUsers: records.NewDependents("学生"), teacherUsers: records.NewDependents("教师"),
		majors: &records.Repo[models.Major, *models.Major]{
			C: s.Collection(store.Majors), Audit: a, Entity: "major", Now: now, School: schoolOf[*models.Major],
			Keys: []store.UniqueKey{{Fields: []string{"schoolId", "code"}, Field: "code", Message: "本校已有该专业代码"}},
		},
		students: &records.Repo[models.Student, *models.Student]{
			C: s.Collection(store.Students), Audit: a, Entity: "student", Now: now, School: schoolOf[*models.Student],
			Keys: []store.UniqueKey{
				{Fields: []string{"schoolId", "studentNo"}, Field: "studentNo", Message: "本校已有该学号的学生"},
				{Fields: []string{"schoolId", "idNumber"}, Field: "idNumber", Message: "本校已有该身份证号的学生"},
			},
		},
		teachers: &records.Repo[models.Teacher, *models.Teacher]{
			C: s.Collection(store.Teachers), Audit: a, Entity: "teacher", Now: now, School: schoolOf[*models.Teacher],
			Keys: []store.UniqueKey{{Fields: []string{"schoolId", "staffNo"}, Field: "staffNo", Message: "本校已有该工号的教师"}},
		},
	}
	for _, d := range []struct {
		label string
		c     *store.Collection
	}{{"专业", svc.majors.C}, {"学生", svc.students.C}, {"教师", svc.teachers.C}} {
		c := d.c
		sc.AddDependent(records.Dependent{Label: d.label, Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return c.Count(ctx, bson.D{{Key: "schoolId", Value: id}})
		}})
	}
	ent.AddDependent(records.Dependent{Label: "兼职教师", Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return svc.teachers.C.Count(ctx, bson.D{{Key: "employerEnterpriseId", Value: id}})
	}})
	return svc
}

// today is the current calendar date in China.
func (s *Service) today() models.Date { return models.DateOf(s.now().In(models.China)) }

// readable returns the record id if the caller may read it, masked for callers
// who may not see ID numbers. A role the scope refuses is refused first, whatever
// the id (ErrForbidden, as for a list). The record is then loaded by _id alone,
// the one filter the embedded store answers without reading the whole collection
// (stack.md §4), and sees, which must agree with scope, checks it in Go: a record
// out of scope is ErrNotFound, as if it did not exist.
func readable[T any, P masked[T]](ctx context.Context, repo *records.Repo[T, P], scope func(*models.Principal, string) (bson.D, error), sees func(*models.Principal, P) bool, id bson.ObjectID) (P, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := scope(p, ""); err != nil {
		return nil, err
	}
	rec, err := repo.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sees(p, rec) {
		return nil, models.ErrNotFound
	}
	if p.MasksIDNumbers() {
		rec.Mask()
	}
	return rec, nil
}

// masked is a person record whose ID number some callers see masked.
type masked[T any] interface {
	records.Record[T]
	Mask()
}

// findMasked is a list of people: the caller's filter for f, one page, ID
// numbers masked for callers who may not see them.
func findMasked[T any, P masked[T], F any](ctx context.Context, repo *records.Repo[T, P], f F, lp models.ListParams,
	filterOf func(*models.Principal, F) (bson.D, error), sortable map[string]string, search []string) (models.Page[T], error) {
	var zero models.Page[T]
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return zero, err
	}
	filter, err := filterOf(p, f)
	if err != nil {
		return zero, err
	}
	page, err := store.FindPage[T](ctx, repo.C, filter, lp, sortable, search)
	if err == nil && p.MasksIDNumbers() {
		for i := range page.Items {
			P(&page.Items[i]).Mask()
		}
	}
	return page, err
}

// eachMasked calls fn with every record findMasked would list, in the same order
// and masked the same way, ignoring paging, from one query (imports and exports
// read a whole school at once). An error from fn stops it and is returned.
func eachMasked[T any, P masked[T], F any](ctx context.Context, repo *records.Repo[T, P], f F, lp models.ListParams,
	filterOf func(*models.Principal, F) (bson.D, error), sortable map[string]string, search []string, fn func(P) error) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	filter, err := filterOf(p, f)
	if err != nil {
		return err
	}
	return repo.Each(ctx, filter, lp, sortable, search, func(rec P) error {
		if p.MasksIDNumbers() {
			rec.Mask()
		}
		return fn(rec)
	})
}
