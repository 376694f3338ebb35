package practice

import (
	"math"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Requirement is TEP-01 as configured: Days of practice within every
// WindowYears, warned WarnMonths ahead, with the source the numbers come from.
type Requirement struct {
	WindowYears int    `json:"windowYears"`
	Days        int    `json:"days"`
	WarnMonths  int    `json:"warnMonths"`
	Source      string `json:"source"`
}

// DefaultRequirement is 《职业学校教师企业实践规定》 Art. 4: six months in every
// five years, a month taken as 30 days (domain.md §6.2, [U]), warned a year ahead.
func DefaultRequirement() Requirement {
	return Requirement{WindowYears: 5, Days: 180, WarnMonths: 12,
		Source: "《职业学校教师企业实践规定》（教师〔2016〕3号）第四条：专业课教师（含实习指导教师）每5年累计不少于6个月；6个月按每月30天折算为180天"}
}

// Standings of a teacher under TEP-01.
const (
	StandingMeets       = "meets"        // 达标
	StandingAtRisk      = "at_risk"      // 将不达标：按现有记录将在预警期内不足
	StandingShort       = "short"        // 不达标
	StandingNotYetDue   = "not_yet_due"  // 入职未满5年
	StandingNotRequired = "not_required" // 公共基础课或企业兼职教师，不作天数要求
)

// Period is an approved practice as the rule reads it.
type Period struct {
	ID         bson.ObjectID
	Start, End models.Date
	Days       int // practice days, at most the span
}

// Teacher is what the rule reads of a teacher.
type Teacher struct {
	CourseType       string
	Employment       string
	HireDate         models.Date
	ExperienceMonths int // enterprise work before joining (TEP-02)
}

// Standing is a teacher's position under TEP-01 (and TEP-02) on AsOf.
type Standing struct {
	Status     string      `json:"status"`
	AsOf       models.Date `json:"asOf"`
	WindowFrom models.Date `json:"windowFrom"` // first day of the 5-year window
	Counted    float64     `json:"counted"`    // practice days inside the window, one decimal
	Required   int         `json:"required"`
	Shortfall  float64     `json:"shortfall"`
	// DueFrom is the first day the number applies: five years after hiring.
	DueFrom models.Date `json:"dueFrom,omitzero"`
	// ShortOn is the first day after AsOf on which, if nothing new is added, the
	// window holds too little (zero when short already or not required).
	ShortOn models.Date `json:"shortOn,omitzero"`
	// NewHireUnpractised flags TEP-02: first teaching term within the last year or
	// ahead, no enterprise experience and no approved practice ending before it.
	NewHireUnpractised bool        `json:"newHireUnpractised"`
	FirstTerm          models.Date `json:"firstTerm,omitzero"`
	Periods            []Inside    `json:"periods"`
}

// Inside is how much of one practice falls inside the window.
type Inside struct {
	ID   bson.ObjectID `json:"id"`
	Days float64       `json:"days"`
}

// InScope reports whether TEP-01's number applies to t: full-time
// professional-course teachers and practice instructors.
func InScope(t Teacher) bool {
	return t.Employment == models.EmploymentFullTime && (t.CourseType == models.CourseProfessional || t.CourseType == models.CoursePractice)
}

// Assess computes t's standing on asOf from its approved practice. Each day
// counts at most once: a practice of n days over a span of m contributes n/m of
// each of its days, and overlapping practice is capped at one day per day, so
// a period straddling the window start counts only its inside part and two
// overlapping periods are not double-counted.
func Assess(t Teacher, periods []Period, asOf models.Date, r Requirement) Standing {
	st := Standing{AsOf: asOf, Required: r.Days, WindowFrom: windowFrom(asOf, r), Periods: []Inside{}}
	st.FirstTerm = firstTerm(t.HireDate)
	st.NewHireUnpractised = InScope(t) && newHireUnpractised(t, periods, st.FirstTerm, asOf)
	if !InScope(t) {
		st.Status = StandingNotRequired
		return st
	}
	c := newCoverage(periods, asOf, r)
	st.Counted = round1(c.counted(asOf))
	for _, p := range periods {
		if d := c.inside(p, st.WindowFrom, asOf); d > 0 {
			st.Periods = append(st.Periods, Inside{ID: p.ID, Days: round1(d)})
		}
	}
	if !t.HireDate.IsZero() {
		st.DueFrom = t.HireDate.AddYears(r.WindowYears)
	}
	warnUntil := models.DateOf(asOf.Time().AddDate(0, r.WarnMonths, 0))
	switch {
	case asOf.Before(st.DueFrom):
		st.Status = StandingNotYetDue
		st.ShortOn = c.firstShort(st.DueFrom.AddDays(-1), r)
	case !enough(c.counted(asOf), r):
		st.Status = StandingShort
		st.Shortfall = round1(float64(r.Days) - c.counted(asOf))
		return st
	default:
		st.Status = StandingMeets
		st.ShortOn = c.firstShort(asOf, r)
	}
	if !st.ShortOn.IsZero() && !st.ShortOn.After(warnUntil) {
		st.Status = StandingAtRisk
	}
	return st
}

func enough(days float64, r Requirement) bool { return days+1e-9 >= float64(r.Days) }

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// windowFrom is the first day of the window ending on d: (d − 5 years, d]. The
// same day five years back that does not exist (29 February) is the last day
// of its month, so the window ending 2028-02-29 starts 2023-03-01.
func windowFrom(d models.Date, r Requirement) models.Date {
	back := d.Time().AddDate(-r.WindowYears, 0, 0)
	if back.Month() != d.Time().Month() {
		back = back.AddDate(0, 0, -back.Day())
	}
	return models.DateOf(back).AddDays(1)
}

// firstTerm is the first term start (1 March or 1 September [U]) on or after
// the hiring day.
func firstTerm(hire models.Date) models.Date {
	if hire.IsZero() {
		return hire
	}
	y, m, d := hire.Time().Date()
	switch {
	case m == time.March && d == 1, m == time.September && d == 1:
		return hire
	case m < time.March:
		return models.DateOf(time.Date(y, time.March, 1, 0, 0, 0, 0, time.UTC))
	case m < time.September:
		return models.DateOf(time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC))
	}
	return models.DateOf(time.Date(y+1, time.March, 1, 0, 0, 0, 0, time.UTC))
}

// newHireUnpractised is TEP-02 for a teacher whose first term began within the
// year before asOf or is still ahead.
func newHireUnpractised(t Teacher, periods []Period, term, asOf models.Date) bool {
	if term.IsZero() || t.ExperienceMonths > 0 || term.Before(asOf.AddYears(-1)) {
		return false
	}
	for _, p := range periods {
		if p.End.Before(term) {
			return false
		}
	}
	return true
}

// coverage is the share of each day covered by practice (0…1), over the days
// from the earliest window start to the last day the search may reach, with
// prefix sums so that any window's total is one subtraction.
type coverage struct {
	base   models.Date
	prefix []float64 // prefix[i] = Σ share of days base … base+i−1
	r      Requirement
}

func newCoverage(periods []Period, asOf models.Date, r Requirement) *coverage {
	base, last := windowFrom(asOf, r), asOf
	for _, p := range periods {
		if p.Start.Before(base) {
			base = p.Start
		}
		if p.End.After(last) {
			last = p.End
		}
	}
	last = last.AddYears(r.WindowYears).AddDays(1)
	share := make([]float64, models.DaysBetween(base, last)+1)
	for _, p := range periods {
		span := models.DaysBetween(p.Start, p.End) + 1
		if span <= 0 || p.Days <= 0 {
			continue
		}
		density := math.Min(1, float64(p.Days)/float64(span))
		for i := models.DaysBetween(base, p.Start); i <= models.DaysBetween(base, p.End); i++ {
			share[i] = math.Min(1, share[i]+density)
		}
	}
	c := &coverage{base: base, prefix: make([]float64, len(share)+1), r: r}
	for i, s := range share {
		c.prefix[i+1] = c.prefix[i] + s
	}
	return c
}

// sum is the covered days from a to b, both included, clipped to the range.
func (c *coverage) sum(a, b models.Date) float64 {
	i, j := models.DaysBetween(c.base, a), models.DaysBetween(c.base, b)+1
	i, j = max(i, 0), min(j, len(c.prefix)-1)
	if j <= i {
		return 0
	}
	return c.prefix[j] - c.prefix[i]
}

func (c *coverage) counted(d models.Date) float64 { return c.sum(windowFrom(d, c.r), d) }

// inside is the part of p's own days that falls in [from, to].
func (c *coverage) inside(p Period, from, to models.Date) float64 {
	span := models.DaysBetween(p.Start, p.End) + 1
	a, b := p.Start, p.End
	if a.Before(from) {
		a = from
	}
	if b.After(to) {
		b = to
	}
	if b.Before(a) || span <= 0 {
		return 0
	}
	return float64(p.Days) * float64(models.DaysBetween(a, b)+1) / float64(span)
}

// firstShort is the first day after from on which the window holds too little,
// or zero when none does before the coverage ends.
func (c *coverage) firstShort(from models.Date, r Requirement) models.Date {
	end := c.base.AddDays(len(c.prefix) - 2)
	for d := from.AddDays(1); !d.After(end); d = d.AddDays(1) {
		if !enough(c.counted(d), r) {
			return d
		}
	}
	return models.Date{}
}
