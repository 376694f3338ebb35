// Package cohorts keeps the students a school trains together with enterprises
// (domain.md §3.10–3.11): 现代学徒制 apprenticeship programmes with one contract
// per apprentice, and 订单班 order classes with their members and hires. The
// company periods of these students are placements (services/placements), which
// name the programme or class they belong to and ask this package whether the
// student really is in it. Every write goes through records.Repo (optimistic
// version, audit); every read is limited to the caller's schools here.
package cohorts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Service manages apprenticeship programmes, contracts and order classes.
type Service struct {
	programmes *records.Repo[models.Programme, *models.Programme]
	contracts  *records.Repo[models.Contract, *models.Contract]
	classes    *records.Repo[models.OrderClass, *models.OrderClass]
	// programmeUsers and classUsers are what refers to a programme or a class
	// (contracts here; placements register themselves).
	programmeUsers *records.Dependents
	classUsers     *records.Dependents
	contractUsers  []ContractUse
	schools        *schools.Service
	people         *people.Service
	enterprises    *enterprises.Service
	v              *validate.Validator
	now            func() time.Time
}

func schoolOf[T interface{ SchoolOf() bson.ObjectID }](r T) bson.ObjectID { return r.SchoolOf() }

// New returns the cohorts service and registers its records as dependents of
// the schools, students and enterprises they name, so that none of those is
// deleted while a programme, contract or class refers to it.
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, pp *people.Service, ent *enterprises.Service, now func() time.Time) *Service {
	svc := &Service{schools: sc, people: pp, enterprises: ent, v: v, now: now,
		programmeUsers: records.NewDependents("学徒制项目"), classUsers: records.NewDependents("订单班"),
		programmes: &records.Repo[models.Programme, *models.Programme]{
			C: s.Collection(store.Programmes), Audit: a, Entity: "apprenticeship_programme", Now: now, School: schoolOf[*models.Programme],
		},
		contracts: &records.Repo[models.Contract, *models.Contract]{
			C: s.Collection(store.Contracts), Audit: a, Entity: "apprenticeship_contract", Now: now, School: schoolOf[*models.Contract],
			Keys: []store.UniqueKey{{Fields: []string{"programmeId", "studentId"}, Field: "studentId",
				Message: "该学生在本学徒制项目中已有合同；续签或变更请修改原合同"}},
		},
		classes: &records.Repo[models.OrderClass, *models.OrderClass]{
			C: s.Collection(store.OrderClasses), Audit: a, Entity: "order_class", Now: now, School: schoolOf[*models.OrderClass],
			Keys: []store.UniqueKey{{Fields: []string{"schoolId", "enterpriseId", "majorCode", "cohortYear"}, Field: "enterpriseId",
				Message: "本校已有该企业同一专业、同一年级的订单班"}},
		},
	}
	count := func(c *store.Collection, field string) func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return c.Count(ctx, bson.D{{Key: field, Value: id}})
		}
	}
	for _, d := range []struct {
		label string
		c     *store.Collection
	}{{"学徒制项目", svc.programmes.C}, {"学徒合同", svc.contracts.C}, {"订单班", svc.classes.C}} {
		sc.AddDependent(records.Dependent{Label: d.label, Count: count(d.c, "schoolId")})
	}
	svc.programmeUsers.Add(records.Dependent{Label: "学徒合同", Count: count(svc.contracts.C, "programmeId")})
	pp.AddStudentDependent(records.Dependent{Label: "学徒合同", Count: count(svc.contracts.C, "studentId")})
	pp.AddStudentDependent(records.Dependent{Label: "订单班", Count: count(svc.classes.C, "members.studentId")})
	ent.AddDependent(records.Dependent{Label: "学徒制项目", Count: count(svc.programmes.C, "enterpriseIds")})
	ent.AddDependent(records.Dependent{Label: "订单班", Count: count(svc.classes.C, "enterpriseId")})
	return svc
}

// AddProgrammeDependent registers records that refer to programmes.
func (s *Service) AddProgrammeDependent(d records.Dependent) { s.programmeUsers.Add(d) }

// AddClassDependent registers records that refer to order classes.
func (s *Service) AddClassDependent(d records.Dependent) { s.classUsers.Add(d) }

func isNotFound(err error) bool { return errors.Is(err, models.ErrNotFound) }

// student returns the school's student named by id, as a record shows it; a
// missing student, or one of another school, is a validation error on field.
func (s *Service) student(ctx context.Context, school, id bson.ObjectID, field string, errs *models.ValidationError) (*models.Student, error) {
	st, err := s.people.FindStudentByID(ctx, id)
	switch {
	case isNotFound(err) || (err == nil && st.SchoolID != school):
		errs.Add(field, "本校没有该学生")
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("cohorts: student: %w", err)
	}
	return st, nil
}

// enterprise requires an existing enterprise, reported on field when missing.
func (s *Service) enterprise(ctx context.Context, id bson.ObjectID, field string, errs *models.ValidationError) (*models.Enterprise, error) {
	if id.IsZero() {
		return nil, nil
	}
	e, err := s.enterprises.FindEnterpriseByID(ctx, id)
	switch {
	case isNotFound(err):
		errs.Add(field, "企业不存在")
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("cohorts: enterprise: %w", err)
	}
	return e, nil
}

func personOf(st *models.Student) models.PersonRef {
	return models.PersonRef{Name: st.Name, StudentNo: st.StudentNo}
}

// overlapFilter limits records whose [from, to] period overlaps the
// statistical year starting in year (0: any year).
func overlapFilter(filter bson.D, from, to string, year int) bson.D {
	if year == 0 {
		return filter
	}
	y := models.StatYear{Start: year}
	return append(filter, bson.E{Key: from, Value: bson.D{{Key: "$lte", Value: y.To()}}},
		bson.E{Key: to, Value: bson.D{{Key: "$gte", Value: y.From()}}})
}
