package placements_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

// clock is a settable now: the figures count by when a placement was
// activated and stopped, and weeks can only be confirmed once they began, so
// the fixture is played out day by day.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// on sets the clock to 10:00 in China on date.
func (c *clock) on(date string) { c.t = day(date).Time().Add(2 * time.Hour) }

// figureFixture is statistical year 2024 (2024-09-01 to 2025-08-31) worked out
// by hand: nine placements of two schools at two enterprises, each named P1–P9
// in ids. School A: P1 (A1 at 甲, matched, completed; two weeks confirmed, one
// not), P2 (A1 again at 乙, related: a student with two placements), P3 (A2 at
// 甲, order class, unmatched, activated with a warning; weeks starting
// 2025-08-25 and 2025-09-01, the day after the year), P4 (A3 at 乙,
// apprenticeship, terminated for INT-10), P5 (A4, 认识实习 at 甲), P6 (A5 at 乙,
// ended 2024-08-31, the day before the year; activated with a warning in 2024-04)
// and P7 (A4 at 乙, a draft). School B: P8 (B1 at 甲, suspended for INT-11) and
// P9 (B2 at 乙, unmatched, activated with a warning, terminated for no rule).
type figureFixture struct {
	svc                    *placements.Service
	figs                   *figures.Service
	st                     *store.Store
	clock                  *clock
	admin, office, officeB context.Context
	auditor, entE1         context.Context
	schoolA, schoolB       bson.ObjectID
	e1, e2                 *models.Enterprise
	teacherA, teacherB     *models.Teacher
	names                  map[string]string // placement id → P1…P9
	pl                     map[string]*placements.Placement
	peopleSvc              *people.Service
	enterprises            *enterprises.Service
	cohorts                *cohorts.Service
	programme, class       bson.ObjectID // A3's apprenticeship with 乙, A2's order class with 甲
}

func newFigureFixture(t *testing.T) *figureFixture {
	t.Helper()
	c := &clock{}
	c.on("2024-04-01")
	s := storetest.Open(t)
	v := validate.New(c.now)
	a := audit.New(s, c.now)
	sc := schools.New(s, a, v, c.now)
	ent := enterprises.New(s, a, v, c.now)
	pp := people.New(s, a, v, sc, ent, c.now)
	rs := rules.New(s, a, c.now)
	must(t, rs.Seed(context.Background()))
	co := cohorts.New(s, a, v, sc, pp, ent, c.now)
	f := &figureFixture{svc: placements.New(s, a, v, sc, pp, ent, rs, co, c.now), st: s, clock: c, peopleSvc: pp, enterprises: ent, cohorts: co,
		names: map[string]string{}, pl: map[string]*placements.Placement{}}
	reg := figures.NewRegistry()
	cf := cohorts.NewFigures(s, pp, c.now)
	reg.Register(placements.NewFigures(f.svc, placements.FigureOptions{Partners: []figures.PartnerSource{cf.Partners}}, c.now))
	reg.Register(cf)
	f.figs = figures.New(reg, c.now)
	f.admin = principal(models.RoleSystemAdmin, bson.NilObjectID)
	for i, code := range []string{"A", "B"} {
		school, err := sc.CreateSchool(f.admin, models.SchoolFields{Code: str(code), Name: str("学校" + code), District: str("红桥区"), Level: str("secondary")})
		must(t, err)
		if i == 0 {
			f.schoolA = school.ID
		} else {
			f.schoolB = school.ID
		}
	}
	f.office, f.officeB = principal(models.RoleOfficeAdmin, f.schoolA), principal(models.RoleOfficeAdmin, f.schoolB)
	f.auditor = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "auditor", Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{f.schoolA}})
	var err error
	f.e1, err = ent.CreateEnterprise(f.admin, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("甲机床有限公司"),
		OnPostStaff: num(100), OnPostStaffAsOf: str("2024-03-01")})
	must(t, err)
	cc := "91110000MA01ABCD1"
	f.e2, err = ent.CreateEnterprise(f.admin, models.EnterpriseFields{CreditCode: str(cc + string(models.CreditCodeCheckChar(cc))), Name: str("乙制造有限公司"),
		OnPostStaff: num(100), OnPostStaffAsOf: str("2024-03-01")})
	must(t, err)
	f.entE1 = enterpriseUser(f.e1.ID)
	for _, office := range []context.Context{f.office, f.officeB} {
		_, err := pp.CreateMajor(office, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")})
		must(t, err)
	}
	f.teacherA, err = pp.CreateTeacher(f.office, models.TeacherFields{StaffNo: str("T1"), Name: str("李老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")})
	must(t, err)
	f.teacherB, err = pp.CreateTeacher(f.officeB, models.TeacherFields{StaffNo: str("T1"), Name: str("王老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")})
	must(t, err)
	f.play(t)
	c.on("2026-11-26")
	return f
}

// student enrols a student of cohort (born 2007 or 2008: 16 or older at every
// start, and past grade 1 for 岗位实习 from 2024-09).
func (f *figureFixture) student(t *testing.T, office context.Context, no, name, birth string, cohort int) *models.Student {
	t.Helper()
	st, err := f.peopleSvc.CreateStudent(office, models.StudentFields{StudentNo: str(no), Name: str(name), IDNumber: str(idNumber(birth, "0"+no[1:]+"1")),
		MajorCode: str("710201"), ClassName: str("计算机1班"), CohortYear: num(cohort), Status: str(models.StudentEnrolled)})
	must(t, err)
	return st
}

// propose creates placement name as good(), changed by change, on the day before.
func (f *figureFixture) propose(t *testing.T, name string, st *models.Student, ent *models.Enterprise, start, end string, change func(*models.PlacementFields)) *placements.Placement {
	t.Helper()
	office, teacher := f.office, f.teacherA
	if st.SchoolID == f.schoolB {
		office, teacher = f.officeB, f.teacherB
	}
	pf := good(st, ent, teacher, start, end)
	if change != nil {
		change(&pf)
	}
	pl, err := f.svc.CreatePlacement(office, pf)
	must(t, err)
	f.names[pl.ID.Hex()], f.pl[name] = name, pl
	return pl
}

func (f *figureFixture) ctxOf(name string) context.Context {
	if f.pl[name].SchoolID == f.schoolB {
		return f.officeB
	}
	return f.office
}

// activate activates placement name, giving a reason for INT-16 when asked.
func (f *figureFixture) activate(t *testing.T, name string, warned bool) {
	t.Helper()
	var reasons map[string]string
	if warned {
		reasons = map[string]string{"INT-16": "学生本人申请，家长同意"}
	}
	pl, err := f.svc.Activate(f.ctxOf(name), f.pl[name].ID, placements.Activation{Version: ver(f.pl[name].Version), Reasons: reasons})
	must(t, err)
	f.pl[name] = pl
}

// weeks confirms weeks of placement name as ctx: week start → days (8 hours each).
func (f *figureFixture) weeks(t *testing.T, ctx context.Context, name string, days map[string]int) {
	t.Helper()
	var in []placements.WeekFields
	for start, d := range days {
		in = append(in, placements.WeekFields{WeekStart: start, DaysWorked: d, Hours: float64(8 * d)})
	}
	pl, err := f.svc.ConfirmWeeks(ctx, f.pl[name].ID, placements.Weeks{Version: ver(f.pl[name].Version), Weeks: in})
	must(t, err)
	f.pl[name] = pl
}

func (f *figureFixture) complete(t *testing.T, name string) {
	t.Helper()
	pl, err := f.svc.Complete(f.ctxOf(name), f.pl[name].ID, placements.Completion{Version: ver(f.pl[name].Version)})
	must(t, err)
	f.pl[name] = pl
}

func (f *figureFixture) terminate(t *testing.T, name, rule string) {
	t.Helper()
	tm := placements.Termination{Version: ver(f.pl[name].Version), Reason: str("终止实习")}
	if rule != "" {
		tm.RuleID = str(rule)
	}
	pl, err := f.svc.Terminate(f.ctxOf(name), f.pl[name].ID, tm)
	must(t, err)
	f.pl[name] = pl
}

func mentor(name, phone string) func(*models.PlacementFields) {
	return func(pf *models.PlacementFields) {
		pf.Mentors.EnterpriseMentorName, pf.Mentors.EnterpriseMentorPhone = name, phone
	}
}

func match(m string, then func(*models.PlacementFields)) func(*models.PlacementFields) {
	return func(pf *models.PlacementFields) {
		pf.Post.Match = m
		then(pf)
	}
}

func within(ctxKind string, id bson.ObjectID, then func(*models.PlacementFields)) func(*models.PlacementFields) {
	return func(pf *models.PlacementFields) {
		pf.Context, pf.ContextID = str(ctxKind), str(id.Hex())
		then(pf)
	}
}

// enrolCohorts records A3's apprenticeship with 乙 (contract from 2024-10-01) and A2's
// order class with 甲 (member from 2024-09-16).
func (f *figureFixture) enrolCohorts(t *testing.T, a2, a3 *models.Student) {
	t.Helper()
	pr, err := f.cohorts.CreateProgramme(f.office, models.ProgrammeFields{Name: str("数控学徒制"), EnterpriseIDs: &[]string{f.e2.ID.Hex()},
		MajorCode: str("710201"), CohortYear: num(2023), StartDate: str("2024-09-01"), EndDate: str("2026-06-30")})
	must(t, err)
	_, err = f.cohorts.CreateContract(f.office, models.ContractFields{ProgrammeID: str(pr.ID.Hex()), StudentID: str(a3.ID.Hex()),
		EnterpriseID: str(f.e2.ID.Hex()), SignedAt: str("2024-09-20"), StartDate: str("2024-10-01"), EndDate: str("2026-06-30"),
		MasterName: str("赵师傅"), GuardianName: str("张父"), Doc: str("XT-2024-01")})
	must(t, err)
	oc, err := f.cohorts.CreateOrderClass(f.office, models.OrderClassFields{Name: str("甲机床订单班"), EnterpriseID: str(f.e1.ID.Hex()),
		MajorCode: str("710201"), CohortYear: num(2023), AgreementDoc: str("DD-2025-01"), AgreementSignedAt: str("2024-09-15"),
		Members: &[]models.MemberInput{{StudentNo: "A2", JoinedAt: "2024-09-16"}}})
	must(t, err)
	f.programme, f.class = pr.ID, oc.ID
}

// play records the placements in the order things happened.
func (f *figureFixture) play(t *testing.T) {
	c := f.clock
	a1 := f.student(t, f.office, "A1", "张一", "20080502", 2023)
	a2 := f.student(t, f.office, "A2", "张二", "20080603", 2023)
	a3 := f.student(t, f.office, "A3", "张三", "20080704", 2023)
	a4 := f.student(t, f.office, "A4", "张四", "20080805", 2023)
	a5 := f.student(t, f.office, "A5", "张五", "20070906", 2022)
	b1 := f.student(t, f.officeB, "B1", "王一", "20080101", 2023)
	b2 := f.student(t, f.officeB, "B2", "王二", "20080202", 2023)

	c.on("2024-04-29")
	f.propose(t, "P6", a5, f.e2, "2024-05-06", "2024-08-31", match(models.MatchUnmatched, mentor("钱师傅", "")))
	f.activate(t, "P6", true)
	c.on("2024-08-26")
	f.propose(t, "P1", a1, f.e1, "2024-09-02", "2024-12-27", mentor("王师傅", "13800000001"))
	f.activate(t, "P1", false)
	f.propose(t, "P8", b1, f.e1, "2024-09-02", "2024-12-27", mentor("王师傅", "13900000002"))
	f.activate(t, "P8", false)
	c.on("2024-09-02")
	f.weeks(t, f.office, "P6", map[string]int{"2024-08-26": 5}) // in year 2023
	f.complete(t, "P6")
	c.on("2024-09-20")
	f.weeks(t, f.entE1, "P1", map[string]int{"2024-09-02": 5, "2024-09-09": 5})
	f.weeks(t, f.officeB, "P8", map[string]int{"2024-09-02": 5})
	f.unconfirmedWeek(t, "P1", "2024-09-16", 5)
	f.enrolCohorts(t, a2, a3)
	c.on("2024-09-30")
	f.propose(t, "P4", a3, f.e2, "2024-10-08", "2025-01-24", within(models.ContextApprenticeship, f.programme, mentor("赵师傅", "")))
	f.activate(t, "P4", false)
	c.on("2024-10-10")
	pl, err := f.svc.Suspend(f.officeB, f.pl["P8"].ID, placements.Suspension{Version: ver(f.pl["P8"].Version), Reason: str("周工时超标"), RuleID: str("INT-11")})
	must(t, err)
	f.pl["P8"] = pl
	c.on("2024-10-28")
	f.propose(t, "P5", a4, f.e1, "2024-11-04", "2024-11-08", func(pf *models.PlacementFields) {
		pf.Kind = str(models.PlacementCognitive)
		mentor("王师傅", "")(pf) // the same 王师傅 as P1's, phone not given
	})
	f.activate(t, "P5", false)
	f.propose(t, "P7", a4, f.e2, "2025-01-06", "2025-04-25", mentor("周师傅", "")) // stays a draft
	c.on("2024-11-11")
	f.weeks(t, f.office, "P5", map[string]int{"2024-11-04": 5})
	f.complete(t, "P5")
	c.on("2024-11-15")
	f.weeks(t, f.office, "P4", map[string]int{"2024-10-14": 3})
	f.terminate(t, "P4", "INT-10")
	c.on("2024-12-30")
	f.complete(t, "P1")
	f.propose(t, "P9", b2, f.e2, "2025-01-06", "2025-04-25", match(models.MatchUnmatched, mentor("孙师傅", "")))
	f.activate(t, "P9", true)
	c.on("2025-02-24")
	f.propose(t, "P2", a1, f.e2, "2025-03-03", "2025-06-27", match(models.MatchRelated, mentor("李师傅", "")))
	f.activate(t, "P2", false)
	c.on("2025-03-10")
	f.weeks(t, f.office, "P2", map[string]int{"2025-03-03": 4})
	c.on("2025-03-31")
	f.terminate(t, "P9", "")
	c.on("2025-05-26")
	f.propose(t, "P3", a2, f.e1, "2025-06-02", "2025-09-26", within(models.ContextOrderClass, f.class, match(models.MatchUnmatched, mentor("王师傅", "13800000001"))))
	f.activate(t, "P3", true)
	c.on("2025-09-03")
	f.weeks(t, f.entE1, "P3", map[string]int{"2025-08-25": 5, "2025-09-01": 5})
}

// unconfirmedWeek stores a week nobody confirmed, as an import or a mentor's
// draft would leave it: it must not count.
func (f *figureFixture) unconfirmedWeek(t *testing.T, name, start string, days int) {
	t.Helper()
	weeks := append(slices.Clone(f.pl[name].Weeks), models.Week{ID: bson.NewObjectID(), WeekStart: day(start),
		WeekConfirmation: models.WeekConfirmation{DaysWorked: days, Hours: float64(8 * days)}})
	_, err := f.st.Collection(store.Placements).UpdateOne(context.Background(), bson.D{{Key: "_id", Value: f.pl[name].ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "weeks", Value: weeks}}}})
	must(t, err)
}

type want struct {
	value    float64
	num, den int64
}

func byID(rep *figures.Report) map[string]figures.Figure {
	m := map[string]figures.Figure{}
	for _, f := range rep.Figures {
		m[f.ID] = f
	}
	return m
}

// compute computes the placement figures as ctx for school ("" for the
// caller's) and year, checking every value against want.
func (f *figureFixture) compute(t *testing.T, ctx context.Context, school string, year int, wants map[string]want) map[string]figures.Figure {
	t.Helper()
	rep, err := f.figs.Compute(ctx, school, year)
	must(t, err)
	got := byID(rep)
	for id, w := range wants {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if g.Value != w.value || g.Numerator != w.num || g.Denominator != w.den {
			t.Errorf("%d %s = %v (%d/%d), want %v (%d/%d)", year, id, g.Value, g.Numerator, g.Denominator, w.value, w.num, w.den)
		}
	}
	return got
}

func parts(fig figures.Figure) string {
	var s []string
	for _, p := range fig.Parts {
		s = append(s, fmt.Sprintf("%s=%v", p.Label, p.Value))
	}
	return strings.Join(s, " ")
}

// records lists the records of figure id (part, when named) by placement name,
// with ":in" after those a rate's numerator counts.
func (f *figureFixture) records(t *testing.T, ctx context.Context, id, part string, year int) string {
	t.Helper()
	_, refs, err := f.figs.Records(ctx, id, part, "", year)
	must(t, err)
	var out []string
	for _, r := range refs {
		n := f.names[r.ID]
		if n == "" || r.Kind != "placement" {
			t.Errorf("%s: record %+v is not a fixture placement", id, r)
		}
		if r.InNumerator {
			n += ":in"
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// schoolA2024 is school A's year 2024, by hand.
var schoolA2024 = map[string]want{
	"coop_enterprise_count":              {2, 2, 0},   // 甲 (P1, P3, P5), 乙 (P2, P4); P6 ended the day before, P7 is a draft
	"intern_student_count":               {3, 3, 0},   // A1 (P1 and P2: once), A2, A3; not A4 (认识实习, a draft), not A5 (before the year)
	"position_student_count":             {3, 3, 0},   // the same
	"cognitive_student_count":            {1, 1, 0},   // A4 (P5)
	"intern_person_days":                 {27, 27, 0}, // P1 5+5 (not the unconfirmed 5), P2 4, P3 5 (not 2025-09-01), P4 3, P5 5
	"intern_match_rate":                  {50, 2, 4},  // P1, P4 matched of P1–P4; P2 related does not count by default
	"order_student_count":                {1, 1, 0},   // A2 (P3)
	"apprentice_student_count":           {1, 1, 0},   // A3 (P4)
	"enterprise_mentor_count":            {3, 3, 0},   // 甲 王师傅 (P1, P3 with the same phone, P5 without); 乙 李师傅, 赵师傅; not 钱师傅 (P6), 周师傅 (draft)
	"placements_activated_with_warnings": {1, 1, 0},   // P3 on 2025-05-26; P6's was 2024-04-29
	"placements_stopped_for_rule":        {1, 1, 0},   // P4, INT-10
}

func TestPlacementFigures(t *testing.T) {
	f := newFigureFixture(t)
	got := f.compute(t, f.office, "", 2024, schoolA2024)
	for id, w := range map[string]string{
		"intern_student_count":        "乙制造有限公司=2 甲机床有限公司=2", // by name, in code-point order
		"cognitive_student_count":     "甲机床有限公司=1",           // A4 (P5)
		"intern_person_days":          "岗位实习=22 认识实习=5",
		"placements_stopped_for_rule": "INT-10 不安排加班和夜班=1",
	} {
		if g := parts(got[id]); g != w {
			t.Errorf("%s parts = %s, want %s", id, g, w)
		}
	}
	t.Run("records", func(t *testing.T) {
		for id, w := range map[string]string{
			"coop_enterprise_count":              "P1 P4", // each enterprise's first placement of the year
			"intern_student_count":               "P1 P3 P4",
			"cognitive_student_count":            "P5",
			"intern_person_days":                 "P1 P2 P3 P4 P5",
			"intern_match_rate":                  "P1:in P2 P3 P4:in",
			"enterprise_mentor_count":            "P1 P2 P4",
			"placements_activated_with_warnings": "P3",
			"placements_stopped_for_rule":        "P4",
		} {
			if g := f.records(t, f.office, id, "", 2024); g != w {
				t.Errorf("%s records = %s, want %s", id, g, w)
			}
		}
		ints := got["intern_student_count"]
		for i, w := range []string{"P2 P4", "P1 P3"} { // 乙: A1, A3; 甲: A1 again, A2
			if g := f.records(t, f.office, "intern_student_count", ints.Parts[i].Key, 2024); g != w {
				t.Errorf("intern_student_count part %s records = %s, want %s", ints.Parts[i].Label, g, w)
			}
		}
		if g := f.records(t, f.office, "cognitive_student_count", f.e1.ID.Hex(), 2024); g != "P5" {
			t.Errorf("cognitive_student_count part 甲 records = %s, want P5", g)
		}
	})
	t.Run("record labels", func(t *testing.T) {
		_, refs, err := f.figs.Records(f.office, "intern_person_days", "", "", 2024)
		must(t, err)
		for _, r := range refs {
			if f.names[r.ID] == "P1" && r.Label != "A1 张一 · 甲机床有限公司 · 岗位实习 · 数控车工 · 已确认2周10天" {
				t.Errorf("P1 person-days label %q", r.Label)
			}
		}
		_, refs, err = f.figs.Records(f.office, "enterprise_mentor_count", "", "", 2024)
		must(t, err)
		var names []string
		for _, r := range refs {
			names = append(names, strings.Split(r.Label, " · ")[0])
		}
		slices.Sort(names)
		if g, w := strings.Join(names, ","), "李师傅,王师傅 13800000001,赵师傅"; g != w {
			t.Errorf("mentors = %s, want %s", g, w)
		}
		_, refs, err = f.figs.Records(f.office, "placements_stopped_for_rule", "", "", 2024)
		must(t, err)
		if len(refs) != 1 || refs[0].Date != "2024-11-15" || !strings.HasSuffix(refs[0].Label, "已终止 · INT-10") {
			t.Errorf("stopped records %+v", refs)
		}
	})
	t.Run("the years either side", func(t *testing.T) {
		f.compute(t, f.office, "", 2025, map[string]want{
			"coop_enterprise_count": {2, 2, 0}, "intern_student_count": {1, 1, 0}, // 甲: P3 runs to 2025-09-26; 乙: A3's contract runs to 2026-06
			"intern_person_days": {5, 5, 0}, // the week of 2025-09-01
			"intern_match_rate":  {0, 0, 1}, "enterprise_mentor_count": {1, 1, 0},
			"placements_activated_with_warnings": {0, 0, 0}, "placements_stopped_for_rule": {0, 0, 0},
		})
		f.compute(t, f.office, "", 2023, map[string]want{
			"coop_enterprise_count": {1, 1, 0}, "intern_student_count": {1, 1, 0}, // P6 to 2024-08-31
			"intern_person_days": {5, 5, 0}, "intern_match_rate": {0, 0, 1},
			"placements_activated_with_warnings": {1, 1, 0}, // P6 on 2024-04-29
			"cognitive_student_count":            {0, 0, 0},
		})
		rep, err := f.figs.Compute(f.office, "", 2026)
		must(t, err)
		if g := byID(rep)["intern_match_rate"]; !g.NoData {
			t.Errorf("2026 match rate without placements = %+v, want no data", g)
		}
	})
}

func TestMatchRateCountingRelated(t *testing.T) {
	f := newFigureFixture(t)
	reg := figures.NewRegistry()
	reg.Register(placements.NewFigures(f.svc, placements.FigureOptions{RelatedCountsAsMatched: true}, f.clock.now))
	f.figs = figures.New(reg, f.clock.now)
	got := f.compute(t, f.office, "", 2024, map[string]want{"intern_match_rate": {75, 3, 4}})
	if def := got["intern_match_rate"].Definition; !strings.Contains(def, "相近的计入分子") {
		t.Errorf("definition %q does not say related counts", def)
	}
	if g, w := f.records(t, f.office, "intern_match_rate", "", 2024), "P1:in P2:in P3 P4:in"; g != w {
		t.Errorf("records = %s, want %s", g, w)
	}
	plain := placements.NewFigures(f.svc, placements.FigureOptions{}, f.clock.now)
	for _, ind := range plain.Indicators() {
		if ind.ID == "intern_match_rate" && !strings.Contains(ind.Definition, "相近的不计入分子") {
			t.Errorf("default definition %q does not say related is left out", ind.Definition)
		}
	}
}

// TestPersonDaysAfterCorrection: 实习人日 counts a corrected week by its
// corrected days. School B's only counted week is P8's 2024-09-02 (5 days);
// the office corrects it to 3 on the enterprise's behalf, P8 being suspended.
func TestPersonDaysAfterCorrection(t *testing.T) {
	f := newFigureFixture(t)
	f.compute(t, f.officeB, "", 2024, map[string]want{"intern_person_days": {5, 5, 0}})
	pl := f.pl["P8"]
	got, err := f.svc.CorrectWeek(f.officeB, pl.ID, placements.WeekCorrection{Version: ver(pl.Version), WeekStart: "2024-09-02",
		DaysWorked: 3, Hours: 24, Reason: str("两天病假误记为出勤")})
	must(t, err)
	if w := got.Weeks[0]; w.DaysWorked != 3 || len(w.Previous) != 1 || w.Previous[0].DaysWorked != 5 {
		t.Fatalf("got week %+v", w)
	}
	f.compute(t, f.officeB, "", 2024, map[string]want{"intern_person_days": {3, 3, 0}})
	f.compute(t, f.admin, "", 2024, map[string]want{"intern_person_days": {30, 30, 0}})
}

func TestPlacementFigureScope(t *testing.T) {
	f := newFigureFixture(t)
	schoolB := map[string]want{
		"coop_enterprise_count": {2, 2, 0}, "intern_student_count": {2, 2, 0}, "position_student_count": {2, 2, 0},
		"cognitive_student_count": {0, 0, 0}, "intern_person_days": {5, 5, 0}, // P8's one week
		"intern_match_rate":   {50, 1, 2}, // P8 matched, P9 not
		"order_student_count": {0, 0, 0}, "apprentice_student_count": {0, 0, 0},
		"enterprise_mentor_count":            {2, 2, 0}, // 甲 王师傅 13900000002, 乙 孙师傅
		"placements_activated_with_warnings": {1, 1, 0}, // P9
		"placements_stopped_for_rule":        {1, 1, 0}, // P8 suspended for INT-11; P9 terminated for no rule
	}
	t.Run("office of another school sees its own", func(t *testing.T) {
		f.compute(t, f.officeB, "", 2024, schoolB)
		if g := f.records(t, f.officeB, "placements_stopped_for_rule", "", 2024); g != "P8" {
			t.Errorf("school B stopped records = %s, want P8", g)
		}
		if _, err := f.figs.Compute(f.officeB, f.schoolA.Hex(), 2024); err == nil {
			t.Error("office of B computed school A")
		}
	})
	t.Run("auditor: the same figures, pseudonymised records", func(t *testing.T) {
		f.compute(t, f.auditor, "", 2024, schoolA2024)
		for _, id := range []string{"intern_student_count", "enterprise_mentor_count", "intern_match_rate"} {
			_, refs, err := f.figs.Records(f.auditor, id, "", "", 2024)
			must(t, err)
			for _, r := range refs {
				// the pseudonym is hex and may hold "A1" or "138": look past it
				pseudonym, rest, _ := strings.Cut(r.Label, " · ")
				if !strings.HasPrefix(pseudonym, "匿名") || strings.ContainsAny(rest, "张王李赵") || strings.Contains(rest, "A1") || strings.Contains(rest, "138") {
					t.Errorf("auditor sees %s record %q", id, r.Label)
				}
			}
		}
		if _, err := f.figs.Compute(f.auditor, f.schoolB.Hex(), 2024); err == nil {
			t.Error("auditor of A computed school B")
		}
	})
	t.Run("system admin rolls up every school", func(t *testing.T) {
		got := f.compute(t, f.admin, "", 2024, map[string]want{
			"coop_enterprise_count":  {2, 2, 0}, // distinct enterprises, not 2 + 2
			"intern_student_count":   {5, 5, 0},
			"position_student_count": {5, 5, 0}, "cognitive_student_count": {1, 1, 0},
			"intern_person_days":  {32, 32, 0},
			"intern_match_rate":   {50, 3, 6},
			"order_student_count": {1, 1, 0}, "apprentice_student_count": {1, 1, 0},
			"enterprise_mentor_count":            {5, 5, 0}, // 甲 王师傅 with two phones is two people
			"placements_activated_with_warnings": {2, 2, 0},
			"placements_stopped_for_rule":        {2, 2, 0},
		})
		if g, w := parts(got["intern_student_count"]), "乙制造有限公司=3 甲机床有限公司=3"; g != w {
			t.Errorf("roll-up interns per enterprise = %s, want %s", g, w)
		}
		if g, w := parts(got["placements_stopped_for_rule"]), "INT-10 不安排加班和夜班=1 INT-11 工作时长符合国家工时规定=1"; g != w {
			t.Errorf("roll-up stops per rule = %s, want %s", g, w)
		}
		if g, w := f.records(t, f.admin, "placements_activated_with_warnings", "", 2024), "P3 P9"; g != w {
			t.Errorf("roll-up activated with warnings = %s, want %s", g, w)
		}
		f.compute(t, f.admin, f.schoolB.Hex(), 2024, schoolB)
	})
}

// TestFindingsByRule: the placements whose latest check has open findings,
// per rule. In 2024 that is P3's INT-16 (accepted with a reason). Then 甲
// reports five staff and P1 and P3 are checked again: P3 now has INT-12 and
// INT-16 (one placement, counted under each rule and once in the total), P1
// INT-12 and two Info findings, which do not count; P6 (ended before the
// year) counts in 2023 only.
func TestFindingsByRule(t *testing.T) {
	f := newFigureFixture(t)
	got := f.compute(t, f.office, "", 2024, map[string]want{"placement_findings_by_rule": {1, 1, 0}})
	if g, w := parts(got["placement_findings_by_rule"]), "INT-16 实习岗位与专业对口或相近=1"; g != w {
		t.Errorf("parts = %s, want %s", g, w)
	}
	e, err := f.enterprises.FindEnterpriseByID(f.admin, f.e1.ID)
	must(t, err)
	_, err = f.enterprises.UpdateEnterprise(f.admin, e.ID, models.EnterpriseFields{Version: &e.Version, OnPostStaff: num(5), OnPostStaffAsOf: str("2025-05-01")})
	must(t, err)
	for _, n := range []string{"P3", "P1"} {
		_, err := f.svc.Check(f.ctxOf(n), f.pl[n].ID, "")
		must(t, err)
	}
	got = f.compute(t, f.office, "", 2024, map[string]want{"placement_findings_by_rule": {2, 2, 0}})
	fig := got["placement_findings_by_rule"]
	if g, w := parts(fig), "INT-12 实习学生不超过单位在岗职工的比例=2 INT-16 实习岗位与专业对口或相近=1"; g != w {
		t.Errorf("parts after the checks = %s, want %s", g, w)
	}
	for key, w := range map[string]string{"": "P1 P3", "INT-12": "P1 P3", "INT-16": "P3"} {
		if g := f.records(t, f.office, "placement_findings_by_rule", key, 2024); g != w {
			t.Errorf("records of %q = %s, want %s", key, g, w)
		}
	}
	if _, refs, err := f.figs.Records(f.office, "placement_findings_by_rule", "", "", 2024); err != nil || len(refs) != 2 ||
		!strings.HasSuffix(refs[0].Label+refs[1].Label, "INT-12、INT-16") {
		t.Errorf("records %+v (%v), want P3's label naming both rules", refs, err)
	}
	f.compute(t, f.office, "", 2023, map[string]want{"placement_findings_by_rule": {1, 1, 0}})  // P6
	f.compute(t, f.officeB, "", 2024, map[string]want{"placement_findings_by_rule": {1, 1, 0}}) // P9
}
