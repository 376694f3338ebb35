// Package certs keeps the certificate area (domain.md §3.5, §3.6): the
// certificate catalogue shared by every school, each school's pilots of a
// certificate for its majors, assessment batches with their candidates, results
// and certificate numbers, and teachers' 1+X training. Every write goes through
// records.Repo (optimistic version, audit); every query is limited to the
// caller's schools here, whatever the handler asked for.
package certs

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Service manages the certificate catalogue, pilots, assessment batches and
// teachers' training.
type Service struct {
	entries   *records.Repo[models.CertEntry, *models.CertEntry]
	pilots    *records.Repo[models.Pilot, *models.Pilot]
	batches   *records.Repo[models.Batch, *models.Batch]
	trainings *records.Repo[models.Training, *models.Training]
	numbers   *store.Collection // claimed certificate numbers, one document per (entry, number)
	inUse     *records.Dependents
	schools   *schools.Service
	people    *people.Service
	v         *validate.Validator
	now       func() time.Time
}

func schoolOf[T interface{ SchoolOf() bson.ObjectID }](r T) bson.ObjectID { return r.SchoolOf() }

// New returns the certificate service. It registers pilots, batches and
// trainings as dependents of schools, so a school is not deleted while it has
// certificate records, and as dependents of catalogue entries, students (their
// registrations) and teachers (their trainings).
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, pp *people.Service, now func() time.Time) *Service {
	svc := &Service{schools: sc, people: pp, v: v, now: now, numbers: s.Collection(store.CertNumbers),
		inUse: records.NewDependents("证书"),
		entries: &records.Repo[models.CertEntry, *models.CertEntry]{
			C: s.Collection(store.CertEntries), Audit: a, Entity: "cert_entry", Now: now,
			Keys: []store.UniqueKey{{Fields: []string{"key"}, Field: "key", Message: "证书目录中已有该证书"}},
		},
		pilots: &records.Repo[models.Pilot, *models.Pilot]{
			C: s.Collection(store.Pilots), Audit: a, Entity: "cert_pilot", Now: now, School: schoolOf[*models.Pilot],
			Keys: []store.UniqueKey{{Fields: []string{"schoolId", "entryId", "schoolYear"}, Field: "entryId", Message: "本校该学年已有该证书的试点记录，请修改原记录"}},
		},
		batches: &records.Repo[models.Batch, *models.Batch]{
			C: s.Collection(store.Batches), Audit: a, Entity: "cert_batch", Now: now, School: schoolOf[*models.Batch],
		},
		trainings: &records.Repo[models.Training, *models.Training]{
			C: s.Collection(store.Trainings), Audit: a, Entity: "cert_training", Now: now, School: schoolOf[*models.Training],
		},
	}
	for _, d := range []struct {
		label string
		c     *store.Collection
	}{{"证书试点", svc.pilots.C}, {"考核批次", svc.batches.C}, {"师资培训", svc.trainings.C}} {
		c := d.c
		sc.AddDependent(records.Dependent{Label: d.label, Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return c.Count(ctx, bson.D{{Key: "schoolId", Value: id}})
		}})
		svc.inUse.Add(records.Dependent{Label: d.label, Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return c.Count(ctx, bson.D{{Key: "entryId", Value: id}})
		}})
	}
	pp.AddStudentDependent(records.Dependent{Label: "证书考核", Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return svc.batches.C.Count(ctx, bson.D{{Key: "candidates.studentId", Value: id}})
	}})
	pp.AddTeacherDependent(records.Dependent{Label: "师资培训", Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return svc.trainings.C.Count(ctx, bson.D{{Key: "teacherId", Value: id}})
	}})
	return svc
}

// today is the current calendar date in China.
func (s *Service) today() models.Date { return models.DateOf(s.now().In(models.China)) }

// entry returns the catalogue entry a record refers to; a missing or unknown id
// is a validation error on field.
func (s *Service) entry(ctx context.Context, id bson.ObjectID, field string) (*models.CertEntry, error) {
	if id.IsZero() {
		return nil, models.Invalid(field, entryMissing(id))
	}
	e, err := s.entries.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if errors.Is(err, models.ErrNotFound) {
		return nil, models.Invalid(field, entryMissing(id))
	}
	return e, err
}

// entryMissing says why no entry was found for id.
func entryMissing(id bson.ObjectID) string {
	if id.IsZero() {
		return "证书为必填项"
	}
	return "证书目录中没有该证书"
}

// yearFilter limits field, a stored date, to the statistical year starting in
// year (0: any year).
func yearFilter(filter bson.D, field string, year int) bson.D {
	if year == 0 {
		return filter
	}
	y := models.StatYear{Start: year}
	return append(filter, bson.E{Key: field, Value: bson.D{{Key: "$gte", Value: y.From().Time()}, {Key: "$lte", Value: y.To().Time()}}})
}
