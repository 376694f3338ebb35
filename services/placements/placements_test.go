package placements_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// now is 2026-11-26 16:00 in China; "today" is 2026-11-26.
func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

// env is two schools with a major, students and a teacher each, two
// enterprises, the seeded rule set and a caller of every role.
type env struct {
	svc         *placements.Service
	audit       *audit.Log
	schools     *schools.Service
	people      *people.Service
	enterprises *enterprises.Service
	rules       *rules.Service
	cohorts     *cohorts.Service
	admin       context.Context // system_admin
	office      context.Context // office_admin of school A
	staff       context.Context // office_staff of school A
	officeB     context.Context // office_admin of school B
	auditor     context.Context // auditor of school A
	entE1       context.Context // enterprise user of E1
	entE2       context.Context // enterprise user of E2
	schoolA     bson.ObjectID
	schoolB     bson.ObjectID
	e1, e2      *models.Enterprise // E1: 20 on-post staff; E2: 100
	s1, s2, s3  *models.Student    // school A, enrolled, born 2008 (18 in 2026), cohort 2024
	grad        *models.Student    // school A, graduated
	other       *models.Student    // school B
	teacher     *models.Teacher    // school A
	teacherB    *models.Teacher    // school B
	idS1        string             // s1's ID number
}

func str(s string) *string { return &s }
func num(n int) *int       { return &n }
func ver(v int64) *int64   { return &v }
func flag(b bool) *bool    { return &b }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func principal(role models.Role, school bson.ObjectID) context.Context {
	p := &models.Principal{UserID: bson.NewObjectID(), Username: string(role), Role: role, SchoolID: school}
	return models.WithPrincipal(context.Background(), p)
}

func enterpriseUser(e bson.ObjectID) context.Context {
	return models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "ent", Role: models.RoleEnterprise, EnterpriseID: e})
}

// idNumber builds a valid ID number born on birth (YYYYMMDD); seq's last digit
// gives the sex (odd male, even female).
func idNumber(birth, seq string) string {
	first := "110105" + birth + seq
	return first + string(models.IDNumberCheckChar(first))
}

func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	rs := rules.New(s, a, now)
	must(t, rs.Seed(context.Background()))
	co := cohorts.New(s, a, v, sc, pp, ent, now)
	e := &env{svc: placements.New(s, a, v, sc, pp, ent, rs, co, now), cohorts: co, audit: a, schools: sc, people: pp, enterprises: ent, rules: rs}
	e.admin = principal(models.RoleSystemAdmin, bson.NilObjectID)
	for i, code := range []string{"A", "B"} {
		school, err := sc.CreateSchool(e.admin, models.SchoolFields{Code: str(code), Name: str("学校" + code), District: str("红桥区"), Level: str("secondary")})
		must(t, err)
		if i == 0 {
			e.schoolA = school.ID
		} else {
			e.schoolB = school.ID
		}
	}
	e.office = principal(models.RoleOfficeAdmin, e.schoolA)
	e.staff = principal(models.RoleOfficeStaff, e.schoolA)
	e.officeB = principal(models.RoleOfficeAdmin, e.schoolB)
	e.auditor = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "auditor", Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{e.schoolA}})

	var err error
	e.e1, err = ent.CreateEnterprise(e.admin, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("甲机床有限公司"),
		OnPostStaff: num(20), OnPostStaffAsOf: str("2026-09-01")})
	must(t, err)
	cc := "91110000MA01ABCD1"
	e.e2, err = ent.CreateEnterprise(e.admin, models.EnterpriseFields{CreditCode: str(cc + string(models.CreditCodeCheckChar(cc))), Name: str("乙制造有限公司"),
		OnPostStaff: num(100), OnPostStaffAsOf: str("2026-09-01")})
	must(t, err)
	e.entE1, e.entE2 = enterpriseUser(e.e1.ID), enterpriseUser(e.e2.ID)

	for _, office := range []context.Context{e.office, e.officeB} {
		_, err := pp.CreateMajor(office, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")})
		must(t, err)
	}
	e.idS1 = idNumber("20080502", "001")
	e.s1 = e.student(t, e.office, "S1", "张一", e.idS1, "")
	e.s2 = e.student(t, e.office, "S2", "张二", idNumber("20080603", "002"), "")
	e.s3 = e.student(t, e.office, "S3", "张三", idNumber("20080704", "003"), "")
	e.grad = e.student(t, e.office, "S4", "张四", idNumber("20070101", "005"), models.StudentGraduated)
	e.other = e.student(t, e.officeB, "B1", "王一", idNumber("20080101", "007"), "")
	e.teacher, err = pp.CreateTeacher(e.office, models.TeacherFields{StaffNo: str("T1"), Name: str("李老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")})
	must(t, err)
	e.teacherB, err = pp.CreateTeacher(e.officeB, models.TeacherFields{StaffNo: str("T1"), Name: str("王老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")})
	must(t, err)
	return e
}

func (e *env) student(t testing.TB, office context.Context, no, name, id, status string) *models.Student {
	t.Helper()
	f := models.StudentFields{StudentNo: str(no), Name: str(name), IDNumber: str(id), MajorCode: str("710201"), ClassName: str("计算机1班"), CohortYear: num(2024)}
	if status == models.StudentGraduated {
		f.Status, f.GraduationDate = str(status), str("2026-07-01")
	} else {
		f.Status = str(models.StudentEnrolled)
	}
	st, err := e.people.CreateStudent(office, f)
	must(t, err)
	return st
}

// good is a 岗位实习 of st at ent that breaks no rule of the seeded set: from
// start (a Monday) to end, 8 hours a day, 5 days a week, with the agreement
// and consent signed the week before, insurance over the whole period, pay at
// 3 000 yuan against a 3 500 yuan wage, both mentors. The post's same-kind key
// is "数控车工" with 20 staff (INT-13 allows 4 interns).
func good(st *models.Student, ent *models.Enterprise, mentor *models.Teacher, start, end string) models.PlacementFields {
	before := day(start).Time().AddDate(0, 0, -7).Format(models.DateLayout)
	insEnd := day(end).Time().AddDate(0, 1, 0).Format(models.DateLayout)
	return models.PlacementFields{
		Kind: str(models.PlacementPosition), Arrangement: str(models.ArrangedBySchool),
		StudentID: str(st.ID.Hex()), EnterpriseID: str(ent.ID.Hex()),
		Site:      &models.Site{Address: "天津市红桥区", Country: "CN"},
		Post:      &models.Post{Name: "数控车工", SameKindPostKey: "数控车工", SameKindPostStaff: 20, Match: models.MatchMatched, LabourClass: 2},
		StartDate: str(start), PlannedEndDate: str(end),
		Schedule:  &models.Schedule{HoursPerDay: 8, DaysPerWeek: 5},
		Agreement: &models.AgreementFields{DocRef: "SX-001", SignedBySchool: before, SignedByUnit: before, SignedByStudent: before},
		Consent:   &models.ConsentFields{StudentSignedAt: before, GuardianName: "张父", Relation: "父亲", GuardianSignedAt: before},
		Insurance: &models.InsuranceFields{Insurer: "某保险公司", PolicyNo: "PL-1", From: before, To: insEnd, PremiumPaidBy: models.PaidBySchool},
		Pay: &models.Pay{IndependentWork: true, MonthlyAmountFen: 300000, SamePostWageFen: 350000, CycleDays: 30,
			Method: models.PayBankTransfer, PaidDirectly: true},
		Fees:    &models.Fees{DeclaredNone: true},
		Mentors: &models.MentorsFields{SchoolMentorTeacherID: mentor.ID.Hex(), EnterpriseMentorName: "王师傅"},
	}
}

func day(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// create proposes good(st, ent) as the office of st's school.
func (e *env) create(t testing.TB, office context.Context, st *models.Student, ent *models.Enterprise, start, end string) *placements.Placement {
	t.Helper()
	mentor := e.teacher
	if st.SchoolID == e.schoolB {
		mentor = e.teacherB
	}
	pl, err := e.svc.CreatePlacement(office, good(st, ent, mentor, start, end))
	must(t, err)
	return pl
}

// fields returns a ValidationError's fields, failing the test on another error.
func fields(t testing.TB, err error) map[string]string {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got error %v, want a ValidationError", err)
	}
	return ve.Fields
}

// wantFields requires a ValidationError naming exactly want.
func wantFields(t testing.TB, err error, want ...string) map[string]string {
	t.Helper()
	got := fields(t, err)
	for _, f := range want {
		if _, ok := got[f]; !ok {
			t.Errorf("error fields %v lack %q", got, f)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got error fields %v, want exactly %v", got, want)
	}
	return got
}

// wantConflict requires a ConflictError on field whose message contains part.
func wantConflict(t testing.TB, err error, field, part string) {
	t.Helper()
	var ce *models.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("got error %v, want a ConflictError", err)
	}
	if ce.Field != field || !strings.Contains(ce.Message, part) {
		t.Errorf("got conflict %s: %s, want %s containing %q", ce.Field, ce.Message, field, part)
	}
}

func wantErr(t testing.TB, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want %v", err, want)
	}
}
