package people_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

type env struct {
	people  *people.Service
	schools *schools.Service
	ent     *enterprises.Service
	audit   *audit.Log
	admin   context.Context
	office  context.Context // office_admin of school A
	schoolA bson.ObjectID
	schoolB bson.ObjectID
}

func str(s string) *string { return &s }
func num(n int) *int       { return &n }

func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	e := &env{people: people.New(s, a, v, sc, ent, now), schools: sc, ent: ent, audit: a}
	e.admin = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "admin", Role: models.RoleSystemAdmin})
	for i, code := range []string{"A", "B"} {
		school, err := sc.CreateSchool(e.admin, models.SchoolFields{Code: str(code), Name: str("学校" + code), District: str("红桥区"), Level: str("secondary")})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.schoolA = school.ID
		} else {
			e.schoolB = school.ID
		}
	}
	e.office = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "officeA", Role: models.RoleOfficeAdmin, SchoolID: e.schoolA})
	if _, err := e.people.CreateMajor(e.office, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	return e
}

func idNumber(first17 string) string { return first17 + string(models.IDNumberCheckChar(first17)) }

func student(no, id string) models.StudentFields {
	return models.StudentFields{StudentNo: str(no), Name: str("学生" + no), IDNumber: str(id), MajorCode: str("710201"), CohortYear: num(2025)}
}

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

func TestCreateStudent(t *testing.T) {
	e := setup(t)
	t.Run("OK derives sex and birth date", func(t *testing.T) {
		st, err := e.people.CreateStudent(e.office, student("S1", "11010519491231002x"))
		if err != nil {
			t.Fatal(err)
		}
		if st.IDNumber != "11010519491231002X" || st.Sex != models.SexFemale || st.BirthDate.String() != "1949-12-31" || st.SchoolID != e.schoolA || st.Status != "enrolled" {
			t.Fatalf("student = %+v", st)
		}
	})
	t.Run("ErrMajorNotOffered", func(t *testing.T) {
		f := student("S2", idNumber("11010520080101001"))
		f.MajorCode = str("710202")
		if msg := fieldErr(t, mustFail(e.people.CreateStudent(e.office, f)), "majorCode"); msg != "本校未开设该专业，请先在专业管理中添加" {
			t.Fatalf("msg = %s", msg)
		}
	})
	t.Run("ErrDuplicateIDNumberInSchool", func(t *testing.T) {
		var ce *models.ConflictError
		err := mustFail(e.people.CreateStudent(e.office, student("S3", "11010519491231002X")))
		if !errors.As(err, &ce) || ce.Field != "idNumber" {
			t.Fatalf("err = %v, want conflict on idNumber", err)
		}
	})
	t.Run("ErrForbiddenOtherSchool", func(t *testing.T) {
		f := student("S4", idNumber("11010520080101002"))
		f.SchoolID = str(e.schoolB.Hex())
		if err := mustFail(e.people.CreateStudent(e.office, f)); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrCohortNextYearPlusOne", func(t *testing.T) {
		f := student("S5", idNumber("11010520080101003"))
		f.CohortYear = num(2028)
		fieldErr(t, mustFail(e.people.CreateStudent(e.office, f)), "cohortYear")
		f.CohortYear = num(2027) // next year is allowed: enrolment is recorded ahead
		if _, err := e.people.CreateStudent(e.office, f); err != nil {
			t.Fatal(err)
		}
	})
}

func mustFail[T any](_ T, err error) error { return err }

// TestConcurrentUpdatesOneWinsPerVersion: many editors name the same version; the
// store hands it to exactly one and the others get ErrStaleVersion.
func TestConcurrentUpdatesOneWinsPerVersion(t *testing.T) {
	e := setup(t)
	st, err := e.people.CreateStudent(e.office, student("S1", "11010519491231002X"))
	if err != nil {
		t.Fatal(err)
	}
	const editors = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, stale := 0, 0
	for i := 0; i < editors; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			v := st.Version
			_, err := e.people.UpdateStudent(e.office, st.ID, models.StudentFields{Version: &v, ClassName: str("班" + string(rune('A'+i)))})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, models.ErrStaleVersion):
				stale++
			default:
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if wins != 1 || stale != editors-1 {
		t.Fatalf("wins = %d, stale = %d", wins, stale)
	}
	got, err := e.people.FindStudentByID(e.office, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != st.Version+1 {
		t.Fatalf("version = %d, want %d", got.Version, st.Version+1)
	}
}

func TestMajorRules(t *testing.T) {
	e := setup(t)
	tests := []struct {
		name, code, level, field string
	}{
		{"ErrLevelDoesNotMatchCode", "510201", "secondary", "level"},
		{"ErrHigherMajorInSecondarySchool", "510201", "higher", "level"},
		{"ErrCodeOutsideRanges", "810201", "secondary", "code"},
		{"ErrDuplicateCode", "710201", "secondary", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.people.CreateMajor(e.office, models.MajorFields{Code: str(tt.code), Name: str("专业"), Level: str(tt.level)})
			if tt.field == "" {
				var ce *models.ConflictError
				if !errors.As(err, &ce) || ce.Field != "code" {
					t.Fatalf("err = %v, want conflict on code", err)
				}
				return
			}
			fieldErr(t, err, tt.field)
		})
	}
	t.Run("ErrDeleteInUse", func(t *testing.T) {
		if _, err := e.people.CreateStudent(e.office, student("S1", "11010519491231002X")); err != nil {
			t.Fatal(err)
		}
		majors, err := e.people.FindMajors(e.office, models.MajorFilter{})
		if err != nil || majors.Total != 1 {
			t.Fatalf("majors = %v, %v", majors, err)
		}
		var ce *models.ConflictError
		if err := e.people.DeleteMajor(e.office, majors.Items[0].ID); !errors.As(err, &ce) {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
}

func TestTeacherEmployerRules(t *testing.T) {
	e := setup(t)
	ent, err := e.ent.CreateEnterprise(e.office, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例公司")})
	if err != nil {
		t.Fatal(err)
	}
	base := func() models.TeacherFields {
		return models.TeacherFields{StaffNo: str("T1"), Name: str("李老师"), CourseType: str("professional"), Employment: str("full_time"), HireDate: str("2020-09-01")}
	}
	t.Run("ErrPartTimeWithoutEmployer", func(t *testing.T) {
		f := base()
		f.Employment = str("enterprise_part_time")
		fieldErr(t, mustFail(e.people.CreateTeacher(e.office, f)), "employerEnterpriseId")
	})
	t.Run("ErrUnknownEmployer", func(t *testing.T) {
		f := base()
		f.Employment, f.EmployerEnterpriseID = str("enterprise_part_time"), str(bson.NewObjectID().Hex())
		if msg := fieldErr(t, mustFail(e.people.CreateTeacher(e.office, f)), "employerEnterpriseId"); msg != "所在企业不存在" {
			t.Fatalf("msg = %s", msg)
		}
	})
	t.Run("ErrBadHireDate", func(t *testing.T) {
		f := base()
		f.HireDate = str("2020-02-30")
		fieldErr(t, mustFail(e.people.CreateTeacher(e.office, f)), "hireDate")
	})
	t.Run("OK part-time and enterprise cannot be deleted", func(t *testing.T) {
		f := base()
		f.Employment, f.EmployerEnterpriseID = str("enterprise_part_time"), str(ent.ID.Hex())
		if _, err := e.people.CreateTeacher(e.office, f); err != nil {
			t.Fatal(err)
		}
		var ce *models.ConflictError
		if err := e.ent.DeleteEnterprise(e.office, ent.ID); !errors.As(err, &ce) {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
}

func TestAuditLogRecordsChangesMasked(t *testing.T) {
	e := setup(t)
	st, err := e.people.CreateStudent(e.office, student("S1", "11010519491231002X"))
	if err != nil {
		t.Fatal(err)
	}
	v := st.Version
	other := idNumber("11010520080101001")
	if _, err := e.people.UpdateStudent(e.office, st.ID, models.StudentFields{Version: &v, IDNumber: str(other)}); err != nil {
		t.Fatal(err)
	}
	page, err := e.audit.FindEntries(e.admin, models.AuditFilter{EntityID: st.ID.Hex(), Action: "update"})
	if err != nil || page.Total != 1 {
		t.Fatalf("page = %+v, %v", page, err)
	}
	changed := map[string]models.Change{}
	for _, c := range page.Items[0].Changes {
		changed[c.Field] = c
	}
	id := changed["idNumber"]
	if id.Before != "1101**********002X" || id.After != models.MaskIDNumber(other) {
		t.Fatalf("idNumber change = %+v", id)
	}
	if _, ok := changed["birthDate"]; !ok {
		t.Fatalf("derived birthDate change missing: %v", changed)
	}
	if _, ok := changed["name"]; ok {
		t.Fatal("unchanged field listed")
	}
}
