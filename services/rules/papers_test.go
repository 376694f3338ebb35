package rules_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
)

func selfFound(c *rules.Context) {
	c.Placement.Arrangement = models.SelfFound
	c.Placement.Approval = models.Approval{Ref: "审-7", ApprovedAt: day("2026-02-26")}
}

func TestPaperRules(t *testing.T) {
	run(t, []ruleCase{
		{name: "OK signed before the start", rule: "INT-17"},
		{name: "OK signed on the start date", rule: "INT-17", change: func(c *rules.Context) { c.Placement.Agreement.SignedByUnit = day("2026-03-02") }},
		{name: "ErrSignedAfterStart", rule: "INT-17", want: models.SeverityBlock, msg: "INT-17 三方协议未在实习开始（2026-03-02）前由学校、实习单位和学生三方签订：学生签字日期2026-03-03晚于实习开始日期",
			change: func(c *rules.Context) { c.Placement.Agreement.SignedByStudent = day("2026-03-03") }},
		{name: "ErrUnitMissing", rule: "INT-17", want: models.SeverityBlock, msg: "缺少实习单位签字日期", change: func(c *rules.Context) { c.Placement.Agreement.SignedByUnit = models.Date{} }},
		{name: "ErrNoDocument", rule: "INT-17", want: models.SeverityBlock, msg: "缺少协议编号", change: func(c *rules.Context) { c.Placement.Agreement.DocRef = "" }},

		{name: "OK student and guardian", rule: "INT-18"},
		{name: "ErrNoGuardian", rule: "INT-18", want: models.SeverityBlock, msg: "缺少监护人姓名；缺少监护人签字日期", change: func(c *rules.Context) {
			c.Placement.Consent.GuardianName, c.Placement.Consent.GuardianSignedAt = "", models.Date{}
		}},
		{name: "ErrConsentAfterStart", rule: "INT-18", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Consent.StudentSignedAt = day("2026-03-05") }},
		{name: "ErrAdult still needs the guardian by default", rule: "INT-18", want: models.SeverityBlock, change: func(c *rules.Context) {
			c.Student.BirthDate, c.Placement.Consent.GuardianName, c.Placement.Consent.GuardianSignedAt = day("2007-01-01"), "", models.Date{}
		}},
		{name: "OK adult exempt when configured", rule: "INT-18", rs: with(map[string]any{"consentAdultExempt": true}), change: func(c *rules.Context) {
			c.Student.BirthDate, c.Placement.Consent.GuardianName, c.Placement.Consent.GuardianSignedAt = day("2008-03-02"), "", models.Date{}
		}},
		{name: "ErrMinor not exempt", rule: "INT-18", want: models.SeverityBlock, rs: with(map[string]any{"consentAdultExempt": true}), change: func(c *rules.Context) {
			c.Student.BirthDate, c.Placement.Consent.GuardianName, c.Placement.Consent.GuardianSignedAt = day("2008-03-03"), "", models.Date{}
		}},
		{name: "OK self-found needs no consent", rule: "INT-18", change: func(c *rules.Context) { selfFound(c); c.Placement.Consent = models.Consent{} }},

		{name: "OK school-arranged", rule: "INT-19"},
		{name: "OK self-found approved", rule: "INT-19", change: selfFound},
		{name: "ErrSelfFoundUnapproved", rule: "INT-19", want: models.SeverityBlock, msg: "缺少学校审批", change: func(c *rules.Context) {
			selfFound(c)
			c.Placement.Approval = models.Approval{}
		}},
		{name: "ErrApprovedAfterStart", rule: "INT-19", want: models.SeverityBlock, change: func(c *rules.Context) {
			selfFound(c)
			c.Placement.Approval.ApprovedAt = day("2026-03-03")
		}},
		{name: "ErrSelfFoundNoAgreement", rule: "INT-19", want: models.SeverityBlock, msg: "缺少实习协议", change: func(c *rules.Context) {
			selfFound(c)
			c.Placement.Agreement.DocRef = ""
		}},

		{name: "OK paid 85 percent", rule: "INT-20"},
		{name: "OK exactly 80 percent", rule: "INT-20", change: func(c *rules.Context) { c.Placement.Pay.MonthlyAmountFen = 280000 }},
		{name: "WarnBelowFloor", rule: "INT-20", want: models.SeverityWarn, msg: "INT-20 实习报酬每月2799.99元，低于相同岗位试用期工资3500.00元的80%（2800.00元）",
			change: func(c *rules.Context) { c.Placement.Pay.MonthlyAmountFen = 279999 }},
		{name: "WarnBelowLowestGrade", rule: "INT-20", want: models.SeverityWarn, msg: "最低档工资标准", change: func(c *rules.Context) {
			c.Placement.Pay.SamePostWageFen, c.Placement.Pay.LowestGradeWageFen = 0, 400000
		}},
		{name: "ErrTermsMissing", rule: "INT-20", want: models.SeverityBlock, msg: "缺少：月报酬金额、发放周期", change: func(c *rules.Context) {
			c.Placement.Pay.MonthlyAmountFen, c.Placement.Pay.CycleDays = 0, 0
		}},
		{name: "ErrNoWageToCompare", rule: "INT-20", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Pay.SamePostWageFen = 0 }},
		{name: "OK monthly cycle of 31 days", rule: "INT-20", change: func(c *rules.Context) { c.Placement.Pay.CycleDays = 31 }},
		{name: "ErrCycleTooLong", rule: "INT-20", want: models.SeverityBlock, msg: "发放周期为32天", change: func(c *rules.Context) { c.Placement.Pay.CycleDays = 32 }},
		{name: "ErrInKind", rule: "INT-20", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Pay.Method = models.PayInKind }},
		{name: "ErrNotDirect", rule: "INT-20", want: models.SeverityBlock, msg: "未直接发放", change: func(c *rules.Context) { c.Placement.Pay.PaidDirectly = false }},
		{name: "OK not independent work", rule: "INT-20", change: func(c *rules.Context) { c.Placement.Pay = models.Pay{} }},

		{name: "OK declared none", rule: "INT-21"},
		{name: "ErrDeposit", rule: "INT-21", want: models.SeverityBlock, msg: "INT-21 向学生收取押金500.00元", change: func(c *rules.Context) {
			c.Placement.Fees.Charges = []models.Charge{{Kind: models.FeeDeposit, AmountFen: 50000}}
		}},
		{name: "ErrNotDeclared", rule: "INT-21", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Fees.DeclaredNone = false }},

		{name: "OK covers the whole period", rule: "INT-22"},
		{name: "OK ends on the planned end", rule: "INT-22", change: func(c *rules.Context) { c.Placement.Insurance.To = day("2026-06-30") }},
		{name: "ErrEndsOneDayEarly", rule: "INT-22", want: models.SeverityBlock, msg: "INT-22 实习责任保险期间2026-03-01至2026-06-29未覆盖实习期间2026-03-02至2026-06-30",
			change: func(c *rules.Context) { c.Placement.Insurance.To = day("2026-06-29") }},
		{name: "ErrStartsLate", rule: "INT-22", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Insurance.From = day("2026-03-03") }},
		{name: "ErrStudentPays", rule: "INT-22", want: models.SeverityBlock, msg: "由学生承担", change: func(c *rules.Context) { c.Placement.Insurance.PremiumPaidBy = models.PaidByStudent }},
		{name: "ErrNoInsurance", rule: "INT-22", want: models.SeverityBlock, msg: "缺少：保险公司、保单号、保险期间、保费承担方", change: func(c *rules.Context) { c.Placement.Insurance = models.Insurance{} }},

		{name: "OK both mentors", rule: "INT-23"},
		{name: "ErrNoEnterpriseMentor", rule: "INT-23", want: models.SeverityBlock, msg: "INT-23 未配备企业指导人员", change: func(c *rules.Context) { c.Placement.Mentors.EnterpriseMentorName = "" }},
		{name: "ErrNoMentors", rule: "INT-23", want: models.SeverityBlock, msg: "未配备学校指导教师和企业指导人员", change: func(c *rules.Context) { c.Placement.Mentors = models.Mentors{} }},
	})
	t.Run("INT-22 expiry noted for an active placement", func(t *testing.T) {
		c := good()
		c.Placement.Status, c.Today = models.PlacementActive, day("2026-07-10")
		fs := rules.Check(defaults(), c)
		if !hasInfo(fs, "INT-22") || verdict(fs, "INT-22") != "" {
			t.Fatalf("findings = %+v", fs)
		}
		c.Today = day("2026-06-30") // 31 days before
		if fs := rules.Check(defaults(), c); hasInfo(fs, "INT-22") {
			t.Fatalf("findings = %+v", fs)
		}
	})
}

func TestAssessmentRules(t *testing.T) {
	c := good()
	if fs := rules.Check(defaults(), c); hasInfo(fs, "INT-26") || hasInfo(fs, "INT-27") {
		t.Fatalf("draft: %+v", fs)
	}
	c.Placement.Status = models.PlacementCompleted
	fs := rules.Check(defaults(), c)
	if !hasInfo(fs, "INT-26") || !hasInfo(fs, "INT-27") || len(rules.Blocking(fs)) != 0 {
		t.Fatalf("completed without assessment: %+v", fs)
	}
	c.Placement.Assessment = models.Assessment{Grade: models.GradeGood, Credits: 4, MentorEvaluation: "认真负责"}
	if fs := rules.Check(defaults(), c); len(fs) != 0 {
		t.Fatalf("assessed: %+v", fs)
	}
}

func TestCognitive(t *testing.T) {
	// An observation visit by a first-year of 15 with no agreement, consent, pay
	// terms or mentors breaks none of the 岗位实习 rules: they do not apply.
	c := good()
	c.Placement.Kind = models.PlacementCognitive
	c.Student.CohortYear, c.Student.BirthDate = 2025, day("2011-01-01")
	c.Placement.Agreement, c.Placement.Consent, c.Placement.Mentors = models.Agreement{}, models.Consent{}, models.Mentors{}
	c.Placement.Pay = models.Pay{IndependentWork: true}
	c.Placement.Schedule = models.Schedule{NightWork: true}
	c.Enterprise.OnPostStaff = 0
	if fs := rules.Check(defaults(), c); len(fs) != 0 {
		t.Fatalf("findings = %+v", fs)
	}
	// Venue, agency, fees and insurance apply to every placement.
	c.Placement.Intermediary, c.Placement.Post.EntertainmentVenue = true, true
	c.Placement.Fees, c.Placement.Insurance = models.Fees{}, models.Insurance{}
	fs := rules.Check(defaults(), c)
	for _, id := range []string{"INT-05", "INT-06", "INT-21", "INT-22"} {
		if verdict(fs, id) != models.SeverityBlock {
			t.Errorf("%s: %s", id, messages(fs, id))
		}
	}
	if len(fs) != 4 {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestRegistry(t *testing.T) {
	ids := map[string]bool{}
	prev := ""
	for _, r := range rules.All() {
		if r.ID <= prev || ids[r.ID] || r.Check == nil || r.Title == "" {
			t.Fatalf("rule %+v out of order or incomplete", r.ID)
		}
		ids[r.ID], prev = true, r.ID
		for _, k := range r.Params {
			if _, ok := rules.Defaults()[k]; !ok {
				t.Errorf("%s reads unknown parameter %s", r.ID, k)
			}
		}
	}
	for _, i := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 26, 27} {
		id := "INT-" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		if !ids[id] {
			t.Errorf("%s not implemented", id)
		}
	}
	if r, ok := rules.ByID("INT-20"); !ok || r.Severity != models.SeverityBlock {
		t.Fatalf("ByID = %+v", r)
	}
}
