package certs_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/certs"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// now is 2026-11-26 16:00 in China; "today" is 2026-11-26.
func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

// env is two schools with majors, students and a teacher, the seeded catalogue
// and a caller of every role.
type env struct {
	certs    *certs.Service
	people   *people.Service
	schools  *schools.Service
	audit    *audit.Log
	store    *store.Store
	admin    context.Context // system_admin
	office   context.Context // office_admin of school A
	staff    context.Context // office_staff of school A
	officeB  context.Context // office_admin of school B
	auditor  context.Context // auditor of school A
	company  context.Context // enterprise user
	schoolA  bson.ObjectID
	schoolB  bson.ObjectID
	web      *models.CertEntry // Web前端开发职业技能等级证书 (seeded)
	bim      *models.CertEntry // 建筑信息模型（BIM）职业技能等级证书 (seeded)
	s1, s2   *models.Student   // school A, major 710201 (piloted)
	s3       *models.Student   // school A, major 710202 (not piloted)
	grad     *models.Student   // school A, graduated
	other    *models.Student   // school B
	teacher  *models.Teacher   // school A
	teacherB *models.Teacher   // school B
}

func str(s string) *string { return &s }
func num(n int) *int       { return &n }
func ver(v int64) *int64   { return &v }

func principal(role models.Role, school bson.ObjectID) context.Context {
	p := &models.Principal{UserID: bson.NewObjectID(), Username: string(role), Role: role, SchoolID: school}
	return models.WithPrincipal(context.Background(), p)
}

func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	e := &env{certs: certs.New(s, a, v, sc, pp, now), people: pp, schools: sc, audit: a, store: s}
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
	e.company = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "company", Role: models.RoleEnterprise, EnterpriseID: bson.NewObjectID()})

	for _, m := range [][2]string{{"710201", "计算机应用"}, {"710202", "计算机网络技术"}} {
		_, err := pp.CreateMajor(e.office, models.MajorFields{Code: str(m[0]), Name: str(m[1]), Level: str("secondary")})
		must(t, err)
	}
	_, err := pp.CreateMajor(e.officeB, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")})
	must(t, err)
	e.s1 = e.student(t, e.office, "S1", "11010520080101001", "710201", "")
	e.s2 = e.student(t, e.office, "S2", "11010520080101002", "710201", "")
	e.s3 = e.student(t, e.office, "S3", "11010520080101003", "710202", "")
	e.grad = e.student(t, e.office, "S4", "11010520080101004", "710201", models.StudentGraduated)
	e.other = e.student(t, e.officeB, "B1", "11010520080101005", "710201", "")
	e.teacher, err = pp.CreateTeacher(e.office, models.TeacherFields{StaffNo: str("T1"), Name: str("李老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")})
	must(t, err)
	e.teacherB, err = pp.CreateTeacher(e.officeB, models.TeacherFields{StaffNo: str("T1"), Name: str("王老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")})
	must(t, err)

	must(t, e.certs.Seed(context.Background()))
	entries, err := e.certs.FindEntries(e.admin, models.CertEntryFilter{})
	must(t, err)
	for i := range entries.Items {
		switch entries.Items[i].Name {
		case "Web前端开发职业技能等级证书":
			e.web = &entries.Items[i]
		case "建筑信息模型（BIM）职业技能等级证书":
			e.bim = &entries.Items[i]
		}
	}
	if e.web == nil || e.bim == nil {
		t.Fatalf("seeded entries = %+v", entries.Items)
	}
	return e
}

func (e *env) student(t testing.TB, ctx context.Context, no, id17, major, status string) *models.Student {
	t.Helper()
	f := models.StudentFields{StudentNo: str(no), Name: str("学生" + no), IDNumber: str(id17 + string(models.IDNumberCheckChar(id17))), MajorCode: str(major), CohortYear: num(2024)}
	if status != "" {
		f.Status = str(status)
	}
	if status == models.StudentGraduated {
		f.GraduationDate = str("2026-07-01")
	}
	st, err := e.people.CreateStudent(ctx, f)
	must(t, err)
	return st
}

// pilot records that school A pilots entry in 2025—2026 for major 710201.
func (e *env) pilot(t testing.TB, entry *models.CertEntry) *models.Pilot {
	t.Helper()
	pl, err := e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(entry.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710201"}})
	must(t, err)
	return pl
}

// batch creates a batch of school A at level 初级 on date.
func (e *env) batch(t testing.TB, entry *models.CertEntry, date string) *models.Batch {
	t.Helper()
	b, err := e.certs.CreateBatch(e.office, models.BatchFields{EntryID: str(entry.ID.Hex()), Level: str("初级"), Date: str(date), Label: str("第" + date + "批")})
	must(t, err)
	return b
}

// register registers st (by id) in batch b and returns the batch and the new candidate.
func (e *env) register(t testing.TB, b *models.Batch, st *models.Student, reason string) (*models.Batch, models.Candidate) {
	t.Helper()
	r := models.Registration{Version: ver(b.Version), StudentID: str(st.ID.Hex()), RegisteredAt: str("2026-05-01")}
	if reason != "" {
		r.Reason = str(reason)
	}
	b, err := e.certs.Register(e.office, b.ID, r)
	must(t, err)
	return b, b.Candidates[len(b.Candidates)-1]
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustFail[T any](_ T, err error) error { return err }

func fieldErr(t testing.TB, err error, field string) string {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError on %s", err, field)
	}
	msg, ok := ve.Fields[field]
	if !ok {
		t.Fatalf("fields = %v, want %s", ve.Fields, field)
	}
	return msg
}

func conflictOn(t testing.TB, err error, field string) {
	t.Helper()
	var ce *models.ConflictError
	if !errors.As(err, &ce) || ce.Field != field {
		t.Fatalf("err = %v, want a ConflictError on %s", err, field)
	}
}

func isErr(t testing.TB, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}
