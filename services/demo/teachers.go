package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// teacher is a teacher as loaded.
type teacher struct {
	rec    *models.Teacher
	school *school
	major  *major // nil for general-course teachers
	// newHire marks a teacher hired in one of the demo's years: no practice
	// before the first term unless experienced (TEP-02).
	newHire bool
}

func (t *teacher) fullTime() bool { return t.rec.Employment == models.EmploymentFullTime }

// inScope is whether the 5-year rule's days apply (practice.InScope).
func (t *teacher) inScope() bool {
	return t.fullTime() && (t.rec.CourseType == models.CourseProfessional || t.rec.CourseType == models.CoursePractice)
}

// hiring is one teacher to hire: course, employment, employer, hire date and
// months of enterprise work before.
type hiring struct {
	major      *major
	course     string
	employer   *firm
	hire       models.Date
	experience int
	newHire    bool
}

// teachers hires each school's teachers: the majors' professional-course
// teachers and 实习指导教师, general-course teachers, enterprise part-time
// teachers, and in every demo year a few new teachers. Those already in post
// are entered on the day the calendar starts, the new ones on their first day.
func (g *gen) teachers() error {
	r := g.rand("teachers")
	ids := &idMaker{r: g.rand("teacher ids"), used: map[string]bool{}}
	for _, sc := range g.all {
		for i, h := range g.hirings(r, sc) {
			if err := g.hire(r, ids, sc, i+1, h); err != nil {
				return err
			}
		}
	}
	return nil
}

// hirings lists a school's teachers to hire, those already in post first.
func (g *gen) hirings(r *rand.Rand, sc *school) []hiring {
	var out []hiring
	veteran := func() models.Date { return birthBetween(r, day(1996, time.July, 1), day(2019, time.August, 31)) }
	for _, m := range sc.majors {
		for i := range m.professional + m.instructors {
			h := hiring{major: m, course: models.CourseProfessional, hire: veteran()}
			if i >= m.professional {
				h.course = models.CoursePractice
			}
			if i%7 == 6 { // a few hired in the last years: not yet due
				h.hire = birthBetween(r, day(2020, time.August, 1), day(2022, time.August, 31))
			}
			if r.IntN(2) == 0 {
				h.experience = 12 + r.IntN(97)
			}
			out = append(out, h)
		}
		for i := range 1 + m.professional/4 { // enterprise part-time teachers, from the hosts
			out = append(out, hiring{major: m, course: models.CourseProfessional, employer: g.firmByKey[m.hosts[i%len(m.hosts)]],
				hire: birthBetween(r, day(LastYear-4, time.August, 15), day(LastYear, time.September, 1))})
		}
	}
	for range sc.spec.teachers {
		out = append(out, hiring{course: models.CoursePublic, hire: veteran()})
	}
	return append(out, g.newHirings(sc)...)
}

// newHirings are the teachers hired in each demo year: at the main school two
// without enterprise experience who start teaching on 1 September before any
// practice (TEP-02's flag) and one with six years in industry; at the second
// school one of the first kind.
func (g *gen) newHirings(sc *school) []hiring {
	var out []hiring
	for _, y := range g.years {
		m := sc.majors[y%len(sc.majors)]
		out = append(out, hiring{major: m, course: models.CourseProfessional, hire: day(y, time.August, 20), newHire: true})
		if sc == g.second { // 红星 and its branches hire more
			continue
		}
		m2 := sc.majors[(y+1)%len(sc.majors)]
		out = append(out, hiring{major: m2, course: models.CoursePractice, hire: day(y, time.August, 20), newHire: true},
			hiring{major: m, course: models.CourseProfessional, hire: day(y, time.August, 20), experience: 72, newHire: true})
	}
	return out
}

// hire enters one teacher as the school's office would, on the day the
// calendar starts or, for a later hire, on the first working day.
func (g *gen) hire(r *rand.Rand, ids *idMaker, sc *school, n int, h hiring) error {
	male := r.IntN(2) == 0
	if h.major != nil && h.major.code == "720201" {
		male = r.IntN(5) == 0 // nursing teachers are mostly women
	}
	birth := birthBetween(r, h.hire.AddYears(-45), h.hire.AddYears(-23))
	f := models.TeacherFields{
		StaffNo: ptr(fmt.Sprintf("%sT%04d", sc.spec.prefix, n)), Name: ptr(name(r, male)), IDNumber: ptr(ids.idNumber(birth, male)),
		CourseType: ptr(h.course), Employment: ptr(models.EmploymentFullTime), HireDate: ptr(h.hire.String()),
		EnterpriseExperienceMonths: ptr(h.experience),
	}
	if h.employer != nil {
		f.Employment, f.EmployerEnterpriseID = ptr(models.EmploymentEnterprisePartTime), ptr(h.employer.rec.ID.Hex())
		f.EnterpriseExperienceMonths = ptr(60 + r.IntN(180))
	}
	when := start(g.opts.Years).Add(3 * time.Hour)
	if on(h.hire, 9, 0).After(when) {
		when = on(h.hire, 9, 0)
	}
	rec, err := g.svc.people.CreateTeacher(g.at(when, sc.office), f)
	if err != nil {
		return err
	}
	t := &teacher{rec: rec, school: sc, major: h.major, newHire: h.newHire}
	sc.teachers = append(sc.teachers, t)
	if h.major != nil && h.employer == nil {
		h.major.teachers = append(h.major.teachers, t)
	}
	g.sum.Teachers++
	return nil
}
