// Package luban keeps the Luban Workshops (鲁班工坊, domain.md §3.12–3.13, §7):
// the register of workshops a school builds abroad with a host institution, and
// their dated activities (enrolments, trainings, teachers dispatched, standards,
// textbooks, equipment, competitions, visits, enterprises served), from which
// the international figures are computed. A workshop belongs to one school of
// this installation; its activities belong to the workshop's school. Every
// write goes through records.Repo (optimistic version, audit).
package luban

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

// Service manages workshops and their activities.
type Service struct {
	workshops  *records.Repo[models.Workshop, *models.Workshop]
	activities *records.Repo[models.Activity, *models.Activity]
	schools    *schools.Service
	people     *people.Service
	v          *validate.Validator
	now        func() time.Time
}

func schoolOf[T interface{ SchoolOf() bson.ObjectID }](r T) bson.ObjectID { return r.SchoolOf() }

// New returns the Luban service and registers workshops and activities as
// dependents of their school, and dispatches as dependents of the teachers
// they name.
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, pp *people.Service, now func() time.Time) *Service {
	svc := &Service{schools: sc, people: pp, v: v, now: now,
		workshops: &records.Repo[models.Workshop, *models.Workshop]{
			C: s.Collection(store.Workshops), Audit: a, Entity: "luban_workshop", Now: now, School: schoolOf[*models.Workshop],
			Keys: []store.UniqueKey{{Fields: []string{"key"}, Field: "hostInstitutions",
				Message: "已有同一国家、同一外方合作院校和同一中方牵头院校的鲁班工坊"}},
		},
		activities: &records.Repo[models.Activity, *models.Activity]{
			C: s.Collection(store.Activities), Audit: a, Entity: "luban_activity", Now: now, School: schoolOf[*models.Activity],
		},
	}
	count := func(c *store.Collection, field string) func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return c.Count(ctx, bson.D{{Key: field, Value: id}})
		}
	}
	sc.AddDependent(records.Dependent{Label: "鲁班工坊", Count: count(svc.workshops.C, "schoolId")})
	sc.AddDependent(records.Dependent{Label: "鲁班工坊活动", Count: count(svc.activities.C, "schoolId")})
	pp.AddTeacherDependent(records.Dependent{Label: "鲁班工坊派出教师", Count: count(svc.activities.C, "teachers.teacherId")})
	return svc
}

func (s *Service) today() models.Date { return models.DateOf(s.now().In(models.China)) }

func isNotFound(err error) bool { return errors.Is(err, models.ErrNotFound) }

// overlapFilter limits activities whose period overlaps the statistical year
// starting in year (0: any year).
func overlapFilter(filter bson.D, year int) bson.D {
	if year == 0 {
		return filter
	}
	y := models.StatYear{Start: year}
	return append(filter, bson.E{Key: "startDate", Value: bson.D{{Key: "$lte", Value: y.To()}}},
		bson.E{Key: "endDate", Value: bson.D{{Key: "$gte", Value: y.From()}}})
}

// CountryName is a country's Chinese name, for the codes the workshops use
// and a few more; other codes show as they are.
func CountryName(code string) string {
	if n, ok := countryNames[code]; ok {
		return n
	}
	return code
}

var countryNames = map[string]string{
	"ML": "马里", "CH": "瑞士", "ID": "印度尼西亚", "TH": "泰国", "GB": "英国", "PK": "巴基斯坦", "IN": "印度",
	"KH": "柬埔寨", "PT": "葡萄牙", "DJ": "吉布提", "KE": "肯尼亚", "ZA": "南非", "NG": "尼日利亚", "EG": "埃及",
	"UG": "乌干达", "MA": "摩洛哥", "ET": "埃塞俄比亚", "CI": "科特迪瓦", "FR": "法国", "DE": "德国",
}

// StatusLabel is a workshop status's Chinese name.
func StatusLabel(status string) string {
	for _, s := range models.WorkshopStatuses {
		if s[0] == status {
			return s[1]
		}
	}
	return status
}
