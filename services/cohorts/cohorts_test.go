package cohorts_test

import (
	"context"
	"errors"
	"os"
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
	"github.com/chanjiao/chanjiao/services/schools"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

// env is school A with three students of major 710201 (S1 born 2008-05-02,
// S2 2008-06-03, S3 2008-07-04), a graduate G (graduated 2026-06-30), a student
// of another major (X1), school B with one student, and two enterprises.
type env struct {
	svc                    *cohorts.Service
	people                 *people.Service
	enterprises            *enterprises.Service
	figs                   *figures.Service
	partners               figures.PartnerSource
	admin, office, officeB context.Context
	auditor                context.Context
	schoolA, schoolB       bson.ObjectID
	e1, e2                 *models.Enterprise
	s1, s2, s3, g, x1, b1  *models.Student
}

func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	e := &env{svc: cohorts.New(s, a, v, sc, pp, ent, now), people: pp, enterprises: ent}
	reg := figures.NewRegistry()
	cf := cohorts.NewFigures(s, pp, now)
	reg.Register(cf)
	e.partners = cf.Partners
	e.figs = figures.New(reg, now)
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
	for _, m := range []struct {
		office     context.Context
		code, name string
	}{{e.office, "710201", "计算机应用"}, {e.office, "660301", "数控技术应用"}, {e.officeB, "710201", "计算机应用"}} {
		_, err := pp.CreateMajor(m.office, models.MajorFields{Code: tk.Str(m.code), Name: tk.Str(m.name), Level: tk.Str("secondary")})
		tk.Must(t, err)
	}
	e.s1 = e.student(t, e.office, "S1", "张一", tk.IDNumber("20080502", "001"), "710201", "")
	e.s2 = e.student(t, e.office, "S2", "张二", tk.IDNumber("20080603", "002"), "710201", "")
	e.s3 = e.student(t, e.office, "S3", "张三", tk.IDNumber("20080704", "003"), "710201", "")
	e.g = e.student(t, e.office, "G1", "张毕", tk.IDNumber("20060101", "005"), "710201", "2026-06-30")
	e.x1 = e.student(t, e.office, "X1", "李数", tk.IDNumber("20080801", "007"), "660301", "")
	e.b1 = e.student(t, e.officeB, "B1", "王一", tk.IDNumber("20080101", "009"), "710201", "")
	return e
}

func (e *env) student(t testing.TB, office context.Context, no, name, id, major, graduated string) *models.Student {
	t.Helper()
	f := models.StudentFields{StudentNo: tk.Str(no), Name: tk.Str(name), IDNumber: tk.Str(id), MajorCode: tk.Str(major), ClassName: tk.Str("1班"), CohortYear: tk.Num(2024),
		Status: tk.Str(models.StudentEnrolled)}
	if graduated != "" {
		f.Status, f.GraduationDate, f.CohortYear = tk.Str(models.StudentGraduated), tk.Str(graduated), tk.Num(2023)
	}
	st, err := e.people.CreateStudent(office, f)
	tk.Must(t, err)
	return st
}

func (e *env) programme(t testing.TB, ents ...*models.Enterprise) *models.Programme {
	t.Helper()
	ids := []string{}
	for _, en := range ents {
		ids = append(ids, en.ID.Hex())
	}
	pr, err := e.svc.CreateProgramme(e.office, models.ProgrammeFields{Name: tk.Str("数控学徒制"), EnterpriseIDs: &ids, MajorCode: tk.Str("710201"),
		CohortYear: tk.Num(2024), StartDate: tk.Str("2024-09-01"), EndDate: tk.Str("2027-06-30")})
	tk.Must(t, err)
	return pr
}

// contract is a valid contract of st in pr with e2, master 赵师傅, from start to end.
func contract(pr *models.Programme, st *models.Student, ent *models.Enterprise, signed, start, end string) models.ContractFields {
	return models.ContractFields{ProgrammeID: tk.Str(pr.ID.Hex()), StudentID: tk.Str(st.ID.Hex()), EnterpriseID: tk.Str(ent.ID.Hex()),
		SignedAt: tk.Str(signed), StartDate: tk.Str(start), EndDate: tk.Str(end), MasterName: tk.Str("赵师傅"), GuardianName: tk.Str("张父"), Doc: tk.Str("XT-" + st.StudentNo)}
}

// fields returns the failing fields of a ValidationError, sorted, or the error.
func fields(t testing.TB, err error) string {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	var out []string
	for k := range ve.Fields {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func conflictOn(t testing.TB, err error, field string) {
	t.Helper()
	var ce *models.ConflictError
	if !errors.As(err, &ce) || ce.Field != field {
		t.Fatalf("want a conflict on %s, got %v", field, err)
	}
}
