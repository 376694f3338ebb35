package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// student is a student as loaded, with a guardian for consent forms and
// contracts (the student record has no guardian field).
type student struct {
	rec      *models.Student
	major    *major
	class    int
	left     models.Date // the day a withdrawn or suspended student left
	guardian string
	relation string
}

// enrolledOn reports whether the student was enrolled on d: entered, and
// neither graduated nor gone by then.
func (s *student) enrolledOn(d models.Date) bool {
	switch {
	case d.Before(day(s.rec.CohortYear, time.September, 1)):
		return false
	case s.rec.Status == models.StudentGraduated:
		return d.Before(s.rec.GraduationDate)
	case !s.left.IsZero():
		return d.Before(s.left)
	}
	return true
}

// asOf is the student record as it stood while enrolled: what the services
// checked when the student registered for an assessment or was placed.
func (s *student) asOf() *models.Student {
	st := *s.rec
	st.Status, st.GraduationDate = models.StudentEnrolled, models.Date{}
	return &st
}

// male is the sex the 17th character of the ID number gives.
func (s *student) male() bool { return s.rec.Sex == models.SexMale }

// maleShare is the share of men among a major's students, in percent.
var maleShare = map[string]int{"710201": 65, "700206": 92, "720201": 12, "730701": 40, "740201": 70}

// students enrols every entry cohort from the first one the demo needs to the
// last: each major's classes, each student entered on 1 September of the
// entry year; by the calendar's end the students of the cohorts that finished
// graduated on 1 July, a few left earlier (退学) and a few are suspended (休学).
// The schools' students are written in one bulk write each.
func (g *gen) students() error {
	r := g.rand("students")
	ids := &idMaker{r: g.rand("student ids"), used: map[string]bool{}}
	for _, sc := range g.all {
		for mi, m := range sc.majors {
			for c := g.firstCohort(); c <= LastYear; c++ {
				for k := 1; k <= m.classes*g.opts.Scale; k++ {
					size := m.size - 2 + r.IntN(4)
					for n := 1; n <= size; n++ {
						s := g.newStudent(r, ids, m, c, k, fmt.Sprintf("%s%d%02d%02d%02d", sc.spec.prefix, c, mi+1, k, n))
						sc.students = append(sc.students, s)
						m.cohorts[c] = append(m.cohorts[c], s)
					}
				}
			}
		}
		recs := make([]*models.Student, len(sc.students))
		for i, s := range sc.students {
			recs[i] = s.rec
		}
		if err := g.svc.people.InsertStudents(g.at(end(), sc.office), recs); err != nil {
			return err
		}
		g.sum.Students += len(recs)
	}
	return nil
}

// newStudent is one student of cohort c, class k, as the calendar's end finds
// them.
func (g *gen) newStudent(r *rand.Rand, ids *idMaker, m *major, c, k int, no string) *student {
	male := r.IntN(100) < maleShare[m.code]
	born := birthBetween(r, day(c-16, time.September, 1), day(c-15, time.August, 31))
	if r.IntN(100) < 6 {
		born = born.AddYears(-1)
	}
	enrolled := on(day(c, time.September, 1), 8, 30)
	rec := &models.Student{Meta: models.Meta{ID: bson.NewObjectID(), Version: 1, CreatedAt: enrolled.UTC(), UpdatedAt: enrolled.UTC()},
		SchoolID: m.school.id, StudentNo: no, Name: name(r, male), IDNumber: ids.idNumber(born, male), MajorCode: m.code,
		ClassName: fmt.Sprintf("%d级%s%d班", c, m.short, k), CohortYear: c, Status: models.StudentEnrolled}
	s := &student{rec: rec, major: m, class: k, relation: "父亲"}
	if r.IntN(2) == 0 {
		s.relation = "母亲"
	}
	s.guardian = name(r, false) // a mother keeps her own surname
	if s.relation == "父亲" {
		s.guardian = surnameOf(rec.Name) + given(r, true)
	}
	graduation := day(c+3, time.July, 1)
	switch roll := r.IntN(1000); {
	case roll < 25:
		g.leave(rec, s, models.StudentWithdrawn, day(c, time.October, 15).AddDays(r.IntN(500)))
	case roll < 30 && graduation.After(models.DateOf(end())):
		g.leave(rec, s, models.StudentSuspended, day(c+1, time.March, 1).AddDays(r.IntN(200)))
	}
	if rec.Status == models.StudentEnrolled && !graduation.After(models.DateOf(end())) {
		rec.Status, rec.GraduationDate = models.StudentGraduated, graduation
		g.change(rec, on(graduation, 10, 0))
		g.sum.Graduates++
	}
	return s
}

// leave records that the student left on d, when the calendar reaches it.
func (g *gen) leave(rec *models.Student, s *student, status string, d models.Date) {
	if d.After(models.DateOf(end())) {
		return
	}
	rec.Status, s.left = status, d
	g.change(rec, on(d, 10, 0))
}

// change is what an update does to a record's Meta.
func (g *gen) change(rec *models.Student, at time.Time) {
	rec.Version++
	rec.UpdatedAt = at.UTC()
}
