package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// teller writes the placements' stories, numbering them in the order written.
type teller struct {
	g       *gen
	rand    *rand.Rand
	stories []*story
}

func (t *teller) add(s *story) {
	s.seq = len(t.stories)
	t.stories = append(t.stories, s)
}

// insurer is the fictional insurer of every placement's liability policy.
const insurer = "天津示范财产保险有限公司"

// visits are major m's first-year students' observation visit (认识实习) to its
// visit enterprise in year y: three days in November, a week apart per major,
// checked by nobody (an observation is judged only by the rules for it),
// entered by the office for the enterprise and assessed by the school.
func (t *teller) visits(m *major, y, mi int) {
	f := t.g.firmByKey[m.visit]
	start := weekdayOnOrAfter(day(y, time.November, 3+7*mi), time.Tuesday)
	end := start.AddDays(2)
	for i, s := range m.cohorts[y] {
		if !s.enrolledOn(start) {
			continue
		}
		st := &story{school: m.school, student: s, created: on(start.AddDays(-14), 10, 0), fields: models.PlacementFields{
			Kind: ptr(models.PlacementCognitive), Arrangement: ptr(models.ArrangedBySchool), StudentID: ptr(s.rec.ID.Hex()),
			EnterpriseID: ptr(f.rec.ID.Hex()), Site: &models.Site{Address: f.address, Country: "CN"},
			Post:      &models.Post{Name: "认识实习（参观学习）", LabourClass: 1, Match: models.MatchMatched},
			StartDate: ptr(start.String()), PlannedEndDate: ptr(end.String()), Schedule: &models.Schedule{HoursPerDay: 6, DaysPerWeek: 3},
			Agreement: &models.AgreementFields{DocRef: fmt.Sprintf("RS%d%s%s", y, m.school.spec.prefix, m.code),
				SignedBySchool: start.AddDays(-20).String(), SignedByUnit: start.AddDays(-18).String()},
			Insurance: &models.InsuranceFields{Insurer: insurer, PolicyNo: fmt.Sprintf("RSBX%d%s%s", y, m.school.spec.prefix, m.code),
				From: start.AddDays(-3).String(), To: end.AddDays(1).String(), PremiumPaidBy: models.PaidBySchool},
			Fees:    &models.Fees{DeclaredNone: true},
			Mentors: &models.MentorsFields{SchoolMentorTeacherID: m.teachers[i%len(m.teachers)].rec.ID.Hex(), EnterpriseMentorName: f.mentors[0].name, EnterpriseMentorPhone: f.mentors[0].phone},
		}}
		st.activate(on(start.AddDays(-3), 11, 0), nil)
		days := workdays(start, end)
		st.confirm(on(end.AddDays(1), 16, 0), st.office(), []placements.WeekFields{{WeekStart: weekdayOnOrBefore(start, time.Monday).String(),
			DaysWorked: days, Hours: float64(6 * days)}})
		st.complete(on(end.AddDays(1), 16, 30), end)
		grade := []string{models.GradeExcellent, models.GradeGood, models.GradeGood, models.GradePass}[t.rand.IntN(4)]
		st.evaluate(on(end.AddDays(2), 10, 0), st.office(), placements.Evaluation{Grade: &grade, Credits: ptr(1.0)})
		t.add(st)
	}
}

// twist is what goes wrong in a 岗位实习, so that the rules find something.
type twist int

const (
	plain        twist = iota
	longSchedule       // nine hours a day agreed: INT-11 at activation, accepted with a reason
	longWeeks          // two weeks confirmed over 40 hours: INT-11 found afterwards
	lowPay             // pay below 80 % of the post's wage: INT-20, accepted with a reason
	sevenMonths        // from December: longer than six months, INT-14, accepted with a reason
	nightShift         // a night shift confirmed: INT-10 blocks, the school ends the placement
	holidayShift       // a statutory holiday worked: INT-09 blocks, the school ends the placement
)

// twists name, by school prefix and major, the year's 岗位实习 (by their order)
// that go wrong.
var twists = map[string]map[int]twist{
	"HX710201": {5: longSchedule, 17: longWeeks, 29: lowPay},
	"HX700206": {7: nightShift, 21: holidayShift, 33: sevenMonths},
	"HX720201": {9: longWeeks, 25: longSchedule, 41: nightShift},
	"HX730701": {6: lowPay, 14: longSchedule, 40: longWeeks},
	"DL700206": {4: longSchedule},
}

// reasons are the office's reasons for accepting each rule's warnings, given
// with every activation; only the rules that warn keep theirs.
var reasons = map[string]string{
	"INT-07": "岗位体力劳动强度经企业书面确认不超过Ⅱ级",
	"INT-11": "企业生产旺季临时调整作息，已与学生和家长确认并安排补休",
	"INT-12": "企业在岗职工人数已更新，实习学生比例经学校与企业共同核实",
	"INT-13": "同类岗位职工人数已与企业核实，实习学生分班次在岗",
	"INT-14": "企业订单培养需要，经学校批准延长实习期，学生和家长同意",
	"INT-16": "学生本人申请，岗位与专业课程相近，经学校审核同意",
	"INT-20": "实习前两个月为企业培训期，培训期后按同岗位标准发放报酬",
}

// term is the 岗位实习 period of major m's third-year students in year y:
// clinical nursing from late October to late June (eight months, INT-15), the
// others from after the Spring Festival to late June.
func term(m *major, y int) (models.Date, models.Date) {
	if m.clinical {
		return weekdayOnOrAfter(day(y, time.October, 20), time.Monday), weekdayOnOrBefore(day(y+1, time.June, 19), time.Friday)
	}
	return weekdayOnOrAfter(day(y+1, time.February, 23), time.Monday), weekdayOnOrBefore(day(y+1, time.June, 26), time.Friday)
}

// positions are major m's third-year students' 岗位实习 in year y: apprentices
// at their contract's company, order-class members at the class's, the others
// spread over the major's hosts.
func (t *teller) positions(m *major, y int) {
	start, end := term(m, y)
	key := m.school.spec.prefix + m.code
	plainHosts := 0
	for n, s := range m.cohorts[y-2] {
		if !s.enrolledOn(start) {
			continue
		}
		p := &position{m: m, s: s, y: y, n: n, start: start, end: end, twist: twists[key][n]}
		if a := t.g.apprentices[s]; a != nil && a.firm != nil {
			p.firm, p.mentor, p.context, p.contextID = a.firm, a.master, models.ContextApprenticeship, a.programme.ID.Hex()
		} else if o := t.g.members[s]; o != nil && o.class.MemberOn(s.rec.ID, start) != nil {
			p.firm, p.context, p.contextID = o.firm, models.ContextOrderClass, o.class.ID.Hex()
		} else {
			p.firm = t.g.firmByKey[m.hosts[plainHosts%len(m.hosts)]]
			plainHosts++
		}
		if p.mentor.name == "" {
			p.mentor = p.firm.mentors[n%len(p.firm.mentors)]
		}
		if p.twist == sevenMonths {
			p.start = weekdayOnOrAfter(day(y, time.December, 1), time.Monday)
		}
		t.add(t.position(p))
	}
}

// position is one 岗位实习 as planned.
type position struct {
	m              *major
	s              *student
	y, n           int
	start, end     models.Date
	firm           *firm
	mentor         mentor
	context        string
	contextID      string
	twist          twist
	selfFound      bool
	match          string
	wage, monthPay int64 // fen
}

// position tells one 岗位实习: proposed forty days ahead, confirmed by the
// enterprise, checked, activated three days ahead, its weeks confirmed four at
// a time, completed and assessed; or ended by the school when a confirmed
// week breaks a rule that blocks.
func (t *teller) position(p *position) *story {
	t.terms(p)
	s := &story{school: p.m.school, student: p.s, created: on(p.start.AddDays(-40), 10, 0), fields: positionFields(p)}
	unit := s.office()
	if p.firm == t.g.portalFirm {
		unit = t.g.portalUser
	}
	s.respond(on(p.start.AddDays(-30), 14, 0), unit)
	s.check(on(p.start.AddDays(-10), 10, 0))
	s.activate(on(p.start.AddDays(-3), 11, 0), reasons)
	weeks := t.weeks(p)
	for i := 0; i < len(weeks); i += 4 {
		chunk := weeks[i:min(i+4, len(weeks))]
		at := on(mustDate(chunk[len(chunk)-1].WeekStart).AddDays(7), 10, 0)
		s.confirm(at, unit, chunk)
		if rule := broken(chunk); rule != "" {
			s.terminate(at.Add(50*time.Hour), rule, map[string]string{"INT-10": "企业安排学生夜班，违反实习管理规定，学校终止该实习并另行安排",
				"INT-09": "企业安排学生法定节假日工作，违反实习管理规定，学校终止该实习"}[rule])
			return s
		}
	}
	s.complete(on(p.end.AddDays(3), 10, 0), p.end)
	t.assess(s, p, unit)
	return s
}

// broken is the rule a chunk of confirmed weeks breaks with a Block, or "".
func broken(weeks []placements.WeekFields) string {
	for _, w := range weeks {
		switch {
		case w.NightHours > 0:
			return "INT-10"
		case w.HolidayWork:
			return "INT-09"
		}
	}
	return ""
}

// terms draws how the placement is arranged and paid: a few students found
// their own placement (approved by the school), most posts match the major,
// pay is 85–95 % of the post's probation wage.
func (t *teller) terms(p *position) {
	p.selfFound = p.context == "" && t.rand.IntN(100) < 4
	switch roll := t.rand.IntN(100); {
	case roll < 3 && p.context == "":
		p.match = models.MatchUnmatched
	case roll < 9:
		p.match = models.MatchRelated
	default:
		p.match = models.MatchMatched
	}
	p.wage = (p.m.wageYuan + int64(p.firm.staff%7)*100) * 100
	p.monthPay = p.wage * int64(85+t.rand.IntN(11)) / 100 / 10000 * 10000
	if p.twist == lowPay {
		p.monthPay = p.wage * 6 / 10 / 10000 * 10000
	}
}
