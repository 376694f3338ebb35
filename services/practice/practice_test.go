package practice_test

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
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/schools"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// now is 2026-11-26 in China.
func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

// env is school A with teachers T1 (professional, hired 2010), T2 (practice
// instructor, hired 2010), T3 (public course), T4 (professional, hired
// 2026-07-01, no enterprise experience), P1 (enterprise part-time, hired
// 2025-03-01); school B with one teacher; enterprises 甲 and 乙.
type env struct {
	svc                    *practice.Service
	people                 *people.Service
	enterprises            *enterprises.Service
	figs                   *figures.Service
	partners               figures.PartnerSource
	admin, office, officeB context.Context
	auditor, entE1, entE2  context.Context
	schoolA, schoolB       bson.ObjectID
	e1, e2                 *models.Enterprise
	t1, t2, t3, t4, p1, tb *models.Teacher
}

func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	e := &env{svc: practice.New(s, a, v, sc, pp, ent, practice.DefaultRequirement(), now), people: pp, enterprises: ent}
	reg := figures.NewRegistry()
	f := practice.NewFigures(e.svc, now)
	reg.Register(f)
	e.figs, e.partners = figures.New(reg, now), f.Partners
	e.admin = tk.As(models.RoleSystemAdmin, bson.NilObjectID)
	for i, code := range []string{"A", "B"} {
		school, err := sc.CreateSchool(e.admin, models.SchoolFields{Code: tk.Str(code), Name: tk.Str("学校" + code), District: tk.Str("红桥区"), Level: tk.Str("secondary")})
		tk.Must(t, err)
		if i == 0 {
			e.schoolA = school.ID
		} else {
			e.schoolB = school.ID
		}
	}
	e.office, e.officeB = tk.As(models.RoleOfficeAdmin, e.schoolA), tk.As(models.RoleOfficeAdmin, e.schoolB)
	e.auditor = tk.Auditor(e.schoolA)
	var err error
	e.e1, err = ent.CreateEnterprise(e.admin, models.EnterpriseFields{CreditCode: tk.Str("9144030071526726XG"), Name: tk.Str("甲机床有限公司")})
	tk.Must(t, err)
	cc := "91110000MA01ABCD1"
	e.e2, err = ent.CreateEnterprise(e.admin, models.EnterpriseFields{CreditCode: tk.Str(cc + string(models.CreditCodeCheckChar(cc))), Name: tk.Str("乙制造有限公司")})
	tk.Must(t, err)
	e.entE1, e.entE2 = tk.EnterpriseUser(e.e1.ID), tk.EnterpriseUser(e.e2.ID)
	teacher := func(office context.Context, no, name, course, employment, hire string, months int) *models.Teacher {
		f := models.TeacherFields{StaffNo: tk.Str(no), Name: tk.Str(name), CourseType: tk.Str(course), Employment: tk.Str(employment), HireDate: tk.Str(hire),
			EnterpriseExperienceMonths: tk.Num(months)}
		if employment == models.EmploymentEnterprisePartTime {
			f.EmployerEnterpriseID = tk.Str(e.e1.ID.Hex())
		}
		te, err := pp.CreateTeacher(office, f)
		tk.Must(t, err)
		return te
	}
	e.t1 = teacher(e.office, "T1", "李一", models.CourseProfessional, models.EmploymentFullTime, "2010-09-01", 0)
	e.t2 = teacher(e.office, "T2", "李二", models.CoursePractice, models.EmploymentFullTime, "2010-09-01", 0)
	e.t3 = teacher(e.office, "T3", "李三", models.CoursePublic, models.EmploymentFullTime, "2010-09-01", 0)
	e.t4 = teacher(e.office, "T4", "李四", models.CourseProfessional, models.EmploymentFullTime, "2026-07-01", 0)
	e.p1 = teacher(e.office, "P1", "赵兼", models.CourseProfessional, models.EmploymentEnterprisePartTime, "2025-03-01", 0)
	e.tb = teacher(e.officeB, "T1", "王一", models.CourseProfessional, models.EmploymentFullTime, "2010-09-01", 0)
	return e
}

func practiceOf(te *models.Teacher, ent *models.Enterprise, start, end string, days int) models.PracticeFields {
	return models.PracticeFields{TeacherID: tk.Str(te.ID.Hex()), EnterpriseID: tk.Str(ent.ID.Hex()), Form: tk.Str(models.PracticePost),
		StartDate: tk.Str(start), EndDate: tk.Str(end), PracticeDays: tk.Num(days), Post: tk.Str("数控加工岗"), Outputs: &[]string{"实践报告", " "}}
}

// approve proposes a practice, has the enterprise confirm it and the school approve it.
func (e *env) approve(t testing.TB, f models.PracticeFields) *models.Practice {
	t.Helper()
	pr, err := e.svc.CreatePractice(e.office, f)
	tk.Must(t, err)
	ent := e.entE1
	if pr.EnterpriseID == e.e2.ID {
		ent = e.entE2
	}
	pr, err = e.svc.Confirm(ent, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed), Comment: tk.Str("情况属实")})
	tk.Must(t, err)
	pr, err = e.svc.Approve(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeApproved)})
	tk.Must(t, err)
	return pr
}

func TestPracticeRecords(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name   string
		change func(f *models.PracticeFields)
		want   string
	}{
		{"valid", nil, ""},
		{"DaysEqualSpan", func(f *models.PracticeFields) { f.PracticeDays = tk.Num(31) }, ""},
		{"DaysBeyondSpan", func(f *models.PracticeFields) { f.PracticeDays = tk.Num(32) }, "practiceDays"},
		{"NoDays", func(f *models.PracticeFields) { f.PracticeDays = tk.Num(0) }, "practiceDays"},
		{"EndBeforeStart", func(f *models.PracticeFields) { f.EndDate = tk.Str("2025-06-30") }, "endDate"},
		{"Missing", func(f *models.PracticeFields) {
			f.TeacherID, f.EnterpriseID, f.Form, f.Post, f.StartDate = tk.Str(""), tk.Str(""), tk.Str(""), tk.Str(""), tk.Str("")
		}, "enterpriseId form post startDate teacherId"},
		{"AnotherSchoolsTeacher", func(f *models.PracticeFields) { f.TeacherID = tk.Str(e.tb.ID.Hex()) }, "teacherId"},
		{"UnknownEnterprise", func(f *models.PracticeFields) { f.EnterpriseID = tk.Str(bson.NewObjectID().Hex()) }, "enterpriseId"},
		{"BadForm", func(f *models.PracticeFields) { f.Form = tk.Str("lecture") }, "form"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := practiceOf(e.t1, e.e1, "2025-07-01", "2025-07-31", 20)
			if c.change != nil {
				c.change(&f)
			}
			pr, err := e.svc.CreatePractice(e.office, f)
			if c.want != "" {
				tk.WantFields(t, err, c.want)
				return
			}
			tk.Must(t, err)
			if pr.Status != models.PracticeProposed || pr.Teacher.Name != "李一" || pr.EnterpriseName != "甲机床有限公司" || len(pr.Outputs) != 1 {
				t.Errorf("created %+v", pr)
			}
			tk.Must(t, e.svc.DeletePractice(e.office, pr.ID))
		})
	}
}

func TestPracticeConfirmation(t *testing.T) {
	e := setup(t)
	pr, err := e.svc.CreatePractice(e.office, practiceOf(e.t1, e.e1, "2025-07-01", "2025-07-31", 20))
	tk.Must(t, err)
	// another enterprise neither sees nor confirms it; the school cannot approve it yet
	if _, err := e.svc.FindPracticeByID(e.entE2, pr.ID); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("another enterprise read it: %v", err)
	}
	_, err = e.svc.Confirm(e.entE2, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed)})
	if !errors.Is(err, models.ErrForbidden) {
		t.Errorf("another enterprise confirmed it: %v", err)
	}
	page, err := e.svc.FindPractices(e.entE2, models.PracticeFilter{})
	tk.Must(t, err)
	if page.Total != 0 {
		t.Errorf("another enterprise lists %d", page.Total)
	}
	_, err = e.svc.Approve(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeApproved)})
	tk.WantFields(t, err, "decision")
	// rejecting needs a reason; the office confirming needs the certificate's number
	_, err = e.svc.Confirm(e.entE1, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeRejected)})
	tk.WantFields(t, err, "comment")
	_, err = e.svc.Confirm(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed)})
	tk.WantFields(t, err, "doc")
	// a comment or a certificate number too long to be one (found by the
	// bad-input corpus, handlers/api/badinput_test.go)
	_, err = e.svc.Confirm(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed),
		Comment: tk.Str(strings.Repeat("长", 501)), Doc: tk.Str(strings.Repeat("号", 101))})
	tk.WantFields(t, err, "comment doc")
	if _, err := e.svc.Confirm(e.auditor, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed), Doc: tk.Str("1")}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("auditor confirmed: %v", err)
	}
	pr, err = e.svc.Confirm(e.entE1, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed)})
	tk.Must(t, err)
	if pr.Status != models.PracticeConfirmed || pr.Confirmation.ByOffice || pr.Confirmation.At.String() != "2026-11-26" {
		t.Errorf("confirmed %+v", pr)
	}
	// changing what was confirmed voids the confirmation
	pr, err = e.svc.UpdatePractice(e.office, pr.ID, models.PracticeFields{Version: tk.Ver(pr.Version), PracticeDays: tk.Num(25)})
	tk.Must(t, err)
	if pr.Status != models.PracticeProposed {
		t.Errorf("a changed practice stays %s", pr.Status)
	}
	pr, err = e.svc.Confirm(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeConfirmed), Doc: tk.Str("甲企〔2025〕7号")})
	tk.Must(t, err)
	if !pr.Confirmation.ByOffice {
		t.Errorf("office confirmation not marked")
	}
	_, err = e.svc.Approve(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeApproved), Comment: tk.Str(strings.Repeat("长", 501))})
	tk.WantFields(t, err, "comment")
	pr, err = e.svc.Approve(e.office, pr.ID, practice.Decision{Version: tk.Ver(pr.Version), Decision: tk.Str(models.PracticeApproved)})
	tk.Must(t, err)
	_, err = e.svc.UpdatePractice(e.office, pr.ID, models.PracticeFields{Version: tk.Ver(pr.Version), PracticeDays: tk.Num(20)})
	var ce *models.ConflictError
	if !errors.As(err, &ce) {
		t.Errorf("approved practice changed: %v", err)
	}
	var ce2 *models.ConflictError
	if err := e.svc.DeletePractice(e.office, pr.ID); !errors.As(err, &ce2) {
		t.Errorf("approved practice deleted: %v", err)
	}
	var ce3 *models.ConflictError
	if err := e.people.DeleteTeacher(e.office, e.t1.ID); !errors.As(err, &ce3) {
		t.Errorf("teacher with practice deleted: %v", err)
	}
}
