package demo

import (
	"fmt"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
)

// positionFields are the fields a 岗位实习 is proposed with: the post on the
// host's same-kind post (half its staff), eight hours a day (nine for a long
// schedule), the agreement and the consent signed two weeks ahead, liability
// insurance from three days before to a month after, pay (a subsidy for
// clinical nursing, which is not independent work) paid monthly into the
// student's account, no fee, the major's teacher and a company mentor.
func positionFields(p *position) models.PlacementFields {
	signed, prefix := p.start.AddDays(-14), p.m.school.spec.prefix
	hours, paidBy := 8.0, models.PaidBySchool
	if p.twist == longSchedule {
		hours = 9
	}
	if p.context == models.ContextApprenticeship {
		paidBy = models.PaidByUnit
	}
	f := models.PlacementFields{
		Kind: ptr(models.PlacementPosition), Arrangement: ptr(models.ArrangedBySchool), StudentID: ptr(p.s.rec.ID.Hex()),
		EnterpriseID: ptr(p.firm.rec.ID.Hex()), Site: &models.Site{Address: p.firm.address, Country: "CN"},
		Post:      &models.Post{Name: p.m.post, SameKindPostKey: p.m.postKey, SameKindPostStaff: p.firm.staff / 2, LabourClass: p.m.labourClass, Match: p.match},
		StartDate: ptr(p.start.String()), PlannedEndDate: ptr(p.end.String()), Schedule: &models.Schedule{HoursPerDay: hours, DaysPerWeek: 5},
		Agreement: &models.AgreementFields{DocRef: fmt.Sprintf("SX%d%s%s%03d", p.y, prefix, p.m.code, p.n+1),
			SignedBySchool: signed.String(), SignedByUnit: signed.String(), SignedByStudent: signed.String()},
		Consent: &models.ConsentFields{StudentSignedAt: signed.String(), GuardianName: p.s.guardian, Relation: p.s.relation,
			GuardianSignedAt: signed.AddDays(2).String()},
		Insurance: &models.InsuranceFields{Insurer: insurer, PolicyNo: fmt.Sprintf("ZR%d%s%s", p.y, prefix, p.m.code),
			From: p.start.AddDays(-3).String(), To: p.end.AddDays(30).String(), PremiumPaidBy: paidBy},
		Pay: &models.Pay{IndependentWork: !p.m.clinical, MonthlyAmountFen: p.monthPay, SamePostWageFen: p.wage, CycleDays: 30,
			Method: models.PayBankTransfer, PaidDirectly: true},
		Fees: &models.Fees{DeclaredNone: true},
		Mentors: &models.MentorsFields{SchoolMentorTeacherID: p.m.teachers[p.n%len(p.m.teachers)].rec.ID.Hex(),
			EnterpriseMentorName: p.mentor.name, EnterpriseMentorPhone: p.mentor.phone},
	}
	if p.context != "" {
		f.Context, f.ContextID = ptr(p.context), ptr(p.contextID)
	}
	if p.selfFound {
		f.Arrangement = ptr(models.SelfFound)
		f.Approval = &models.ApprovalFields{Ref: fmt.Sprintf("ZX%d%s%03d", p.y, prefix, p.n+1), ApprovedAt: p.start.AddDays(-20).String()}
	}
	return f
}

// weeks are the placement's weeks as its enterprise confirms them: the days
// worked (no statutory holiday) at its daily hours, and what its twist adds.
func (t *teller) weeks(p *position) []placements.WeekFields {
	hours, holidayDone := 8.0, false
	if p.twist == longSchedule {
		hours = 9
	}
	var out []placements.WeekFields
	for mon := weekdayOnOrBefore(p.start, time.Monday); !mon.After(p.end); mon = mon.AddDays(7) {
		from, to := mon, mon.AddDays(4)
		if from.Before(p.start) {
			from = p.start
		}
		to = minDate(to, p.end)
		w := placements.WeekFields{WeekStart: mon.String(), DaysWorked: workdays(from, to)}
		w.Hours = float64(w.DaysWorked) * hours
		switch k := len(out); {
		case w.DaysWorked == 0:
			continue
		case p.twist == longWeeks && (k == 3 || k == 4):
			w.Hours += 6
		case p.twist == nightShift && k == 5:
			w.NightHours = 6
		case p.twist == holidayShift && !holidayDone && w.DaysWorked < 5:
			w.DaysWorked, w.Hours, w.HolidayWork, holidayDone = w.DaysWorked+1, w.Hours+hours, true, true
		}
		out = append(out, w)
	}
	return out
}

// evaluations are what company mentors write about interns.
var evaluations = []string{
	"工作认真负责，能按时完成岗位任务，虚心向师傅学习。",
	"专业基础扎实，动手能力强，能独立完成常规工作。",
	"遵守企业规章制度，团队协作好，服务意识强。",
	"学习主动，进步明显，个别操作规范仍需加强。",
}

// assess records the end-of-placement assessment: the company mentor's words
// (in the portal, for the enterprise with a user) and the school's grade,
// score and credits.
func (t *teller) assess(s *story, p *position, unit *models.Principal) {
	grade, score := models.GradeGood, 80+t.rand.IntN(10)
	switch roll := t.rand.IntN(100); {
	case roll < 20:
		grade, score = models.GradeExcellent, 90+t.rand.IntN(9)
	case roll < 52:
		grade, score = models.GradePass, 62+t.rand.IntN(18)
	case roll < 54:
		grade, score = models.GradeFail, 40+t.rand.IntN(20)
	}
	credits := 20.0
	if p.m.clinical {
		credits = 30
	}
	words := evaluations[t.rand.IntN(len(evaluations))]
	school := placements.Evaluation{MentorEvaluation: &words, Grade: &grade, Score: &score, Credits: &credits}
	if unit != s.office() {
		s.evaluate(on(p.end.AddDays(5), 15, 0), unit, placements.Evaluation{MentorEvaluation: &words})
		school.MentorEvaluation = nil
	}
	s.evaluate(on(p.end.AddDays(7), 10, 0), s.office(), school)
}

// refused are four summer 岗位实习 of 红星's second-year students that the
// office proposes in May and checks, and that stay drafts: the rules block
// them (no insurance, a fee, a minor on a post minors may not take, an
// agency).
func (t *teller) refused(y int) {
	proposed := day(y+1, time.May, 11)
	start := weekdayOnOrAfter(day(y+1, time.July, 6), time.Monday)
	end := weekdayOnOrBefore(day(y+1, time.August, 21), time.Friday)
	for i, c := range []struct {
		major, firm string
		minor       bool
		change      func(f *models.PlacementFields)
	}{
		{"710201", "xinghai", false, func(f *models.PlacementFields) { f.Insurance = nil }},
		{"730701", "yijiale", false, func(f *models.PlacementFields) {
			f.Fees = &models.Fees{Charges: []models.Charge{{Kind: models.FeeMaterials, AmountFen: 30000}}}
		}},
		{"700206", "jinqiao", true, func(f *models.PlacementFields) {
			f.Post = &models.Post{Name: "设备安装（高处作业）", Category: "高处作业", SameKindPostKey: "设备安装", SameKindPostStaff: 60, LabourClass: 2,
				Match: models.MatchRelated}
		}},
		{"730701", "wantong", false, func(f *models.PlacementFields) { f.Intermediary = ptr(true) }},
	} {
		m := t.g.main.major(c.major)
		s := t.refusedStudent(m.cohorts[y-1], 7*i+3, proposed, start, c.minor)
		if s == nil {
			continue
		}
		f := t.g.firmByKey[c.firm]
		p := &position{m: m, s: s, y: y, n: 900 + i, start: start, end: end, firm: f, mentor: f.mentors[0], match: models.MatchMatched,
			wage: m.wageYuan * 100, monthPay: m.wageYuan * 90}
		fields := positionFields(p)
		c.change(&fields)
		st := &story{school: m.school, student: s, created: on(proposed, 10, 0), fields: fields}
		st.check(on(proposed.AddDays(2), 10, 0))
		t.add(st)
	}
}

// refusedStudent is the first student from index from on who is enrolled when
// proposed and, if minor, under 18 on start.
func (t *teller) refusedStudent(cohort []*student, from int, proposed, start models.Date, minor bool) *student {
	for i := from; i < len(cohort); i++ {
		s := cohort[i]
		if s.enrolledOn(proposed) && (!minor || rules.AgeAt(s.rec.BirthDate, start) < 18) {
			return s
		}
	}
	return nil
}
