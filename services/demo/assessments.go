package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/certs"
)

// assessments replays every year's assessment batches through the certs
// service's replay and writes them at once: for each 1+X pilot a 中级 batch
// in November (grade 3), a 初级 batch in December (grade 2) and a re-sit in
// May; for each skill occupation a 四级 batch in January (grade 3).
func (g *gen) assessments() error {
	schools := g.ids()
	r, err := g.svc.certs.Replay(g.as(g.system), schools)
	if err != nil {
		return err
	}
	a := &assessor{g: g, replay: r, rand: g.rand("assessments"), passed: map[string]bool{}, failed: map[string][]*student{}, numbers: map[string]int{}}
	for _, y := range g.years {
		if err := a.year(y); err != nil {
			return err
		}
	}
	for _, b := range r.Batches() {
		g.sum.Batches++
		g.sum.Candidates += len(b.Candidates)
	}
	return g.svc.certs.InsertReplayed(g.as(g.system), r)
}

// assessor runs one load's batches.
type assessor struct {
	g       *gen
	replay  *certs.Replay
	rand    *rand.Rand
	passed  map[string]bool       // entry|level|student
	failed  map[string][]*student // by failKey
	numbers map[string]int        // last certificate number by prefix
}

// year runs statistical year y's batches, in the order they happen.
func (a *assessor) year(y int) error {
	for _, p := range a.g.pilotList {
		switch {
		case p.from > y:
		case p.skill != nil:
			if err := a.batch(p, "四级", saturday(y+1, time.January, 8), a.pick(p, y-2, "", 55, 0)); err != nil {
				return err
			}
		default:
			if err := a.batch(p, "中级", saturday(y, time.November, 7), a.pick(p, y-2, "初级", 75, 20)); err != nil {
				return err
			}
			first := saturday(y, time.December, 5)
			if err := a.batch(p, "初级", first, a.pick(p, y-1, "", 65, 0)); err != nil {
				return err
			}
			if err := a.batch(p, "初级", saturday(y+1, time.May, 8), a.resitters(p, first)); err != nil {
				return err
			}
		}
	}
	return nil
}

// pick draws the students of the pilot's majors who entered in cohort and
// register: pctHeld percent of those holding the certificate at level held
// (all when held is empty), pctOthers of the others; and, for a pilot with an
// outside major, a few of that major's students too.
func (a *assessor) pick(p *pilot, cohort int, held string, pctHeld, pctOthers int) []*student {
	var out []*student
	for _, code := range p.majors {
		for _, s := range p.school.major(code).cohorts[cohort] {
			pct := pctHeld
			if held != "" && !a.passed[passKey(p.entry, held, s)] {
				pct = pctOthers
			}
			if a.rand.IntN(100) < pct {
				out = append(out, s)
			}
		}
	}
	if p.outside != "" && held == "" {
		for _, s := range p.school.major(p.outside).cohorts[cohort] {
			if a.rand.IntN(100) < 4 {
				out = append(out, s)
			}
		}
	}
	return out
}

// resitters are the students who failed or missed the pilot's batch on
// first, six in ten of whom sit again.
func (a *assessor) resitters(p *pilot, first models.Date) []*student {
	var out []*student
	for _, s := range a.failed[failKey(p, first)] {
		if a.rand.IntN(10) < 6 {
			out = append(out, s)
		}
	}
	return out
}

// failKey names the pilot's batch on date, for its re-sit.
func failKey(p *pilot, date models.Date) string {
	return p.school.id.Hex() + "|" + p.entry.ID.Hex() + "|" + date.String()
}

func passKey(e *models.CertEntry, level string, s *student) string {
	return e.ID.Hex() + "|" + level + "|" + s.rec.ID.Hex()
}

// passRates are the shares of candidates who sat and passed, by level.
var passRates = map[string]int{"初级": 80, "中级": 70, "四级": 78}

// batch runs one batch of the pilot's certificate: created five weeks ahead,
// students enrolled four weeks ahead registered (a reason for those outside
// the pilot's majors), results recorded twelve days after, certificates
// issued forty days after to those who passed.
func (a *assessor) batch(p *pilot, level string, date models.Date, students []*student) error {
	if len(students) == 0 {
		return nil
	}
	by, registered := p.school.office, date.AddDays(-28)
	ctx := a.g.as(by)
	b, err := a.replay.CreateBatch(ctx, on(date.AddDays(-35), 9, 0), models.BatchFields{EntryID: ptr(p.entry.ID.Hex()), Level: ptr(level),
		Label: ptr(fmt.Sprintf("%d年%d月%s", date.Time().Year(), date.Time().Month(), level)), Date: ptr(date.String()),
		Site: ptr(p.school.spec.name + "考核站点")})
	if err != nil {
		return err
	}
	var sat []*student
	for i, s := range students {
		if !s.enrolledOn(registered) {
			continue
		}
		reg := models.Registration{RegisteredAt: ptr(registered.String())}
		if !slices.Contains(p.majors, s.major.code) {
			reg.Reason = ptr("学生自愿报考，拓展就业方向")
		}
		if _, err := a.replay.Register(ctx, on(registered, 10, 0).Add(time.Duration(i)*time.Second), b, s.asOf(), reg); err != nil {
			return fmt.Errorf("%s %s: %w", b.Label, s.rec.StudentNo, err)
		}
		sat = append(sat, s)
	}
	return a.results(p, b, sat, level, date)
}

// results records each candidate's result twelve days after the assessment,
// and the certificate of each who passed on the day it is issued.
func (a *assessor) results(p *pilot, b *models.Batch, students []*student, level string, date models.Date) error {
	ctx, recorded, issued := a.g.as(p.school.office), on(date.AddDays(12), 16, 0), date.AddDays(40)
	key := failKey(p, date)
	var passed []int
	scores := make([][2]int, len(b.Candidates))
	for i, c := range b.Candidates {
		f := models.ResultFields{Result: ptr(models.ResultAbsent)}
		switch roll := a.rand.IntN(100); {
		case roll < 5:
			a.failed[key] = append(a.failed[key], students[i])
		case roll < 5+passRates[level]*95/100:
			scores[i] = [2]int{60 + a.rand.IntN(39), 60 + a.rand.IntN(39)}
			f = models.ResultFields{Result: ptr(models.ResultPass), ScoreTheory: ptr(scores[i][0]), ScorePractical: ptr(scores[i][1])}
			passed = append(passed, i)
		default:
			f = models.ResultFields{Result: ptr(models.ResultFail), ScoreTheory: ptr(30 + a.rand.IntN(30)), ScorePractical: ptr(45 + a.rand.IntN(40))}
			a.failed[key] = append(a.failed[key], students[i])
		}
		if err := a.replay.RecordResult(ctx, recorded.Add(time.Duration(i)*time.Second), b, c.ID, f); err != nil {
			return err
		}
	}
	for n, i := range passed {
		a.numbers[p.prefix]++
		f := models.ResultFields{Result: ptr(models.ResultPass), ScoreTheory: ptr(scores[i][0]), ScorePractical: ptr(scores[i][1]),
			CertificateNo: ptr(fmt.Sprintf("%s%d%05d", p.prefix, issued.Time().Year(), a.numbers[p.prefix])), IssueDate: ptr(issued.String())}
		if err := a.replay.RecordResult(ctx, on(issued, 10, 0).Add(time.Duration(n)*time.Second), b, b.Candidates[i].ID, f); err != nil {
			return err
		}
		a.passed[passKey(p.entry, level, students[i])] = true
	}
	return nil
}
