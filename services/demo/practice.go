package demo

import (
	"fmt"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/practice"
)

// stint is one period of a teacher's enterprise practice (教师企业实践): from,
// to, the days actually spent in the enterprise and the form.
type stint struct {
	from, to models.Date
	days     int
	form     string
}

// The practice patterns are anchored on the demo's last year (L = LastYear)
// so that the 5-year rule's standing comes out as intended on the last days
// of L-2, L-1 and L: a steady teacher practises in the summers of L-3, L-1, L
// and L+1 and for a spring term on a post in L-2.
func summer(y, days int) stint {
	return stint{day(y, time.July, 6), day(y, time.August, 21), days, models.PracticeTraining}
}

func springTerm(y, days int) stint {
	return stint{day(y, time.February, 20), day(y, time.July, 7), days, models.PracticePost}
}

func autumnTerm(y, days int) stint {
	return stint{day(y, time.September, 1), day(y+1, time.January, 25), days, models.PracticePost}
}

// pattern is a teacher's practice by what the 5-year rule should say of them:
// compliant throughout (steady), short throughout, or compliant but about to
// fall short as a long practice leaves the window (at risk on the last day of
// L-2, L-1 or L).
func pattern(kind string, i int) []stint {
	l := LastYear
	switch kind {
	case "short":
		return []stint{summer(l-1, 45), summer(l+i%2, 30)}
	case "risk-2":
		return []stint{autumnTerm(l-6, 120), summer(l-3, 40), summer(l-1, 30)}
	case "risk-1":
		return []stint{autumnTerm(l-5, 140), summer(l-1, 45)}
	case "risk-0":
		return []stint{autumnTerm(l-4, 130), summer(l-1, 45), summer(l+1, 30)}
	}
	return []stint{summer(l-3, 40), springTerm(l-2, 100), summer(l-1, 45), summer(l, 30), summer(l+1, 30)}
}

// kinds spread the veteran teachers over the patterns, by their order.
var kinds = []string{"steady", "steady", "steady", "steady", "steady", "short", "short", "risk-1", "risk-0", "risk-2"}

// practice records every teacher's enterprise practice at the host
// enterprises of their major: proposed by the office ten days ahead,
// confirmed by the enterprise (in the portal for the enterprise with a user,
// else by the office from its stamped certificate) and approved by the office,
// through the practice service's replay. Teachers in post for less than five
// years practise once in the second-to-last summer; new teachers after their
// first year of teaching (experienced ones are not flagged for it); a
// general-course teacher in four visits an enterprise for a week.
func (g *gen) practice() error {
	r, err := g.svc.practice.Replay(g.as(g.system), g.ids())
	if err != nil {
		return err
	}
	g.practised = map[*teacher][]*models.Practice{}
	for _, sc := range g.all {
		veteran := 0
		for i, t := range sc.teachers {
			var stints []stint
			switch {
			case !t.fullTime():
			case t.rec.CourseType == models.CoursePublic:
				if i%4 == 0 {
					stints = []stint{{day(LastYear-1-i%3, time.July, 13), day(LastYear-1-i%3, time.July, 17), 5, models.PracticeVisit}}
				}
			case t.newHire:
				stints = []stint{summer(t.rec.HireDate.Time().Year()+1, 30)}
			case t.rec.HireDate.After(day(LastYear-6, time.August, 31)):
				stints = []stint{summer(LastYear-1, 40)}
			default:
				stints = pattern(kinds[veteran%len(kinds)], veteran)
				veteran++
			}
			for n, st := range stints {
				if err := g.practise(r, t, i+n, st); err != nil {
					return err
				}
			}
		}
	}
	g.sum.Practices = len(r.Practices())
	return g.svc.practice.InsertReplayed(g.as(g.system), r)
}

// practise records one stint at the k-th host of the teacher's major:
// proposed, confirmed, approved. Practice from before the calendar's start
// is entered on its first day.
func (g *gen) practise(r *practice.Replay, t *teacher, k int, st stint) error {
	f, sc := g.firmByKey["zhizao"], t.school
	if t.major != nil {
		f = g.firmByKey[t.major.hosts[k%len(t.major.hosts)]]
	}
	at := g.notBefore(on(st.from.AddDays(-10), 10, 0))
	pr, err := r.Create(g.as(sc.office), at, models.PracticeFields{
		TeacherID: ptr(t.rec.ID.Hex()), EnterpriseID: ptr(f.rec.ID.Hex()), Form: ptr(st.form), StartDate: ptr(st.from.String()),
		EndDate: ptr(st.to.String()), PracticeDays: ptr(st.days), Post: ptr(practicePost(t, st)), Supervisor: ptr(f.mentors[0].name),
		Outputs: &[]string{"企业实践报告", "教学案例"}})
	if err != nil {
		return err
	}
	by, doc := sc.office, ptr(fmt.Sprintf("QR%s%04d", sc.spec.prefix, len(r.Practices())))
	if f == g.portalFirm {
		by, doc = g.portalUser, nil
	}
	if err := r.Confirm(g.as(by), g.notBefore(on(st.to.AddDays(3), 15, 0)), pr, decide(models.PracticeConfirmed, doc)); err != nil {
		return err
	}
	if err := r.Approve(g.as(sc.office), g.notBefore(on(st.to.AddDays(10), 10, 0)), pr, decide(models.PracticeApproved, nil)); err != nil {
		return err
	}
	g.practised[t] = append(g.practised[t], pr)
	return nil
}

// notBefore is t, or when it is before the calendar's start (a record of
// earlier years), the start's afternoon, when the office entered it.
func (g *gen) notBefore(t time.Time) time.Time {
	if first := start(g.opts.Years).Add(6 * time.Hour); t.Before(first) {
		return first
	}
	return t
}

func decide(decision string, doc *string) practice.Decision {
	return practice.Decision{Decision: &decision, Doc: doc}
}

// practicePost says what the teacher did, by the form.
func practicePost(t *teacher, st stint) string {
	post := "企业生产与服务一线"
	if t.major != nil {
		post = t.major.post
	}
	switch st.form {
	case models.PracticePost:
		return "顶岗实践：" + post
	case models.PracticeVisit:
		return "考察观摩：企业生产流程与用人标准"
	}
	return "企业培训：" + post + "新技术、新工艺"
}

// recognitions records the 双师型 recognitions of a little under half the
// teachers the 5-year rule applies to (new teachers aside): mostly 初级 by the
// school, some 中级 by the district, a few 高级 by the city, each made in a
// December and valid five years, resting on the teacher's approved practice
// by then.
func (g *gen) recognitions() error {
	for _, sc := range g.all {
		n := 0
		for i, t := range sc.teachers {
			if !t.inScope() || t.newHire || i%20 >= 9 {
				continue
			}
			if err := g.recognise(t, n); err != nil {
				return err
			}
			n++
		}
	}
	return nil
}

// recognise records the n-th recognition of a school.
func (g *gen) recognise(t *teacher, n int) error {
	sc := t.school
	at := day(LastYear-1-n%5, time.December, 10)
	level, kind, authority := models.DualJunior, "school", sc.spec.name
	switch n % 6 {
	case 3, 4:
		level, kind, authority = models.DualIntermediate, "district", "天津市"+sc.spec.district+"教育局"
	case 5:
		level, kind, authority = models.DualSenior, "city", "天津市教育委员会"
	}
	ids := []string{}
	for _, pr := range g.practised[t] {
		if pr.EndDate.Before(at) {
			ids = append(ids, pr.ID.Hex())
		}
	}
	_, err := g.svc.practice.CreateRecognition(g.at(g.notBefore(on(at, 10, 0)), sc.office), models.RecognitionFields{
		TeacherID: ptr(t.rec.ID.Hex()), Level: ptr(level), AuthorityKind: ptr(kind), Authority: ptr(authority),
		CertNo: ptr(fmt.Sprintf("SSX%d%s%03d", at.Time().Year(), sc.spec.prefix, n+1)), RecognizedAt: ptr(at.String()),
		ValidUntil: ptr(at.AddYears(5).AddDays(-1).String()), StandardVersion: ptr("教师厅〔2022〕2号"), PracticeIDs: &ids,
		Evidence: &[]string{"职业资格或职业技能等级证书", "企业实践证明"}})
	if err == nil {
		g.sum.Recognitions++
	}
	return err
}
