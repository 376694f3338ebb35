package people_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

func as(p *models.Principal) context.Context { return models.WithPrincipal(context.Background(), p) }

// studentIDs lists what EachStudent gives, or the error it returns.
func studentIDs(e *env, ctx context.Context, f models.StudentFilter) ([]string, []string, error) {
	var ids, numbers []string
	err := e.people.EachStudent(ctx, f, func(st *models.Student) error {
		ids, numbers = append(ids, st.ID.Hex()), append(numbers, st.IDNumber)
		return nil
	})
	return ids, numbers, err
}

// TestEachStudent: EachStudent lists exactly what FindStudents lists (scope,
// filter, order, masking), without paging.
func TestEachStudent(t *testing.T) {
	e := setup(t)
	for i := 0; i < 5; i++ {
		f := student(fmt.Sprintf("S%d", i), idNumber(fmt.Sprintf("1101052008010100%d", i)))
		f.ClassName = str(fmt.Sprintf("班%d", i%2))
		if _, err := e.people.CreateStudent(e.office, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.people.CreateMajor(e.admin, models.MajorFields{SchoolID: str(e.schoolB.Hex()), Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	inB := student("B1", idNumber("11010520080101009"))
	inB.SchoolID = str(e.schoolB.Hex())
	if _, err := e.people.CreateStudent(e.admin, inB); err != nil {
		t.Fatal(err)
	}
	auditor := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{e.schoolA}})
	enterprise := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleEnterprise, EnterpriseID: bson.NewObjectID()})
	for _, tt := range []struct {
		name string
		ctx  context.Context
		f    models.StudentFilter
		want int
	}{
		{"OK office sorted", e.office, models.StudentFilter{ListParams: models.ListParams{Sort: "-studentNo", Page: 2, PageSize: 2}}, 5},
		{"OK office class", e.office, models.StudentFilter{ClassName: "班1"}, 2},
		{"OK office search", e.office, models.StudentFilter{ListParams: models.ListParams{Q: "s3"}}, 1},
		{"OK admin all schools", e.admin, models.StudentFilter{}, 6},
		{"OK auditor masked", auditor, models.StudentFilter{}, 5},
		{"OK enterprise none", enterprise, models.StudentFilter{}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ids, numbers, err := studentIDs(e, tt.ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			list := tt.f
			list.Page, list.PageSize = 1, models.MaxPageSize
			page, err := e.people.FindStudents(tt.ctx, list)
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs, wantNumbers []string
			for _, st := range page.Items {
				wantIDs, wantNumbers = append(wantIDs, st.ID.Hex()), append(wantNumbers, st.IDNumber)
			}
			if len(ids) != tt.want || !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(numbers, wantNumbers) {
				t.Fatalf("got %v %v\nwant %v %v (%d)", ids, numbers, wantIDs, wantNumbers, tt.want)
			}
		})
	}
	t.Run("ErrForbiddenOtherSchool", func(t *testing.T) {
		if _, _, err := studentIDs(e, e.office, models.StudentFilter{SchoolID: e.schoolB.Hex()}); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
	})
	t.Run("ErrFromFn", func(t *testing.T) {
		stop, n := errors.New("stop"), 0
		err := e.people.EachStudent(e.office, models.StudentFilter{}, func(*models.Student) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Fatalf("err = %v after %d calls", err, n)
		}
	})
}

// TestFindByIDScope: a record is read by _id alone and its scope checked in Go,
// with the answers of a scoped query: out of scope is ErrNotFound, a role without
// schools ErrForbidden whatever the id.
func TestFindByIDScope(t *testing.T) {
	e := setup(t)
	st, err := e.people.CreateStudent(e.office, student("S1", "11010519491231002X"))
	if err != nil {
		t.Fatal(err)
	}
	ent, err := e.ent.CreateEnterprise(e.office, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例公司")})
	if err != nil {
		t.Fatal(err)
	}
	teacher := func(no string, employer *string) *models.Teacher {
		f := models.TeacherFields{StaffNo: str(no), Name: str("李老师"), CourseType: str("professional"), Employment: str("full_time"),
			HireDate: str("2020-09-01"), IDNumber: str(idNumber("11010519800101001"))}
		if employer != nil {
			f.Employment, f.EmployerEnterpriseID = str("enterprise_part_time"), employer
		}
		tc, err := e.people.CreateTeacher(e.office, f)
		if err != nil {
			t.Fatal(err)
		}
		return tc
	}
	fullTime, partTime := teacher("T1", nil), teacher("T2", str(ent.ID.Hex()))
	majors, err := e.people.FindMajors(e.office, models.MajorFilter{})
	if err != nil || majors.Total != 1 {
		t.Fatalf("majors = %+v, %v", majors, err)
	}
	major := majors.Items[0].ID
	officeB := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleOfficeStaff, SchoolID: e.schoolB})
	auditorA := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{e.schoolB, e.schoolA}})
	auditorNone := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleAuditor})
	entUser := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleEnterprise, EnterpriseID: ent.ID})
	entNone := as(&models.Principal{UserID: bson.NewObjectID(), Role: models.RoleEnterprise})
	student := func(ctx context.Context, id bson.ObjectID) (string, error) {
		r, err := e.people.FindStudentByID(ctx, id)
		if err != nil {
			return "", err
		}
		return r.IDNumber, nil
	}
	teacherOf := func(ctx context.Context, id bson.ObjectID) (string, error) {
		r, err := e.people.FindTeacherByID(ctx, id)
		if err != nil {
			return "", err
		}
		return r.IDNumber, nil
	}
	majorOf := func(ctx context.Context, id bson.ObjectID) (string, error) {
		r, err := e.people.FindMajorByID(ctx, id)
		if err != nil {
			return "", err
		}
		return r.Code, nil
	}
	unknown := bson.NewObjectID()
	for _, tt := range []struct {
		name    string
		find    func(context.Context, bson.ObjectID) (string, error)
		ctx     context.Context
		id      bson.ObjectID
		want    string
		wantErr error
	}{
		{"OK office student", student, e.office, st.ID, "11010519491231002X", nil},
		{"OK admin student", student, e.admin, st.ID, "11010519491231002X", nil},
		{"OK auditor student masked", student, auditorA, st.ID, "1101**********002X", nil},
		{"ErrNotFound other school student", student, officeB, st.ID, "", models.ErrNotFound},
		{"ErrNotFound enterprise student", student, entUser, st.ID, "", models.ErrNotFound},
		{"ErrNotFound unknown student", student, e.office, unknown, "", models.ErrNotFound},
		{"ErrForbidden auditor without schools", student, auditorNone, unknown, "", models.ErrForbidden},
		{"OK enterprise its part-time teacher masked", teacherOf, entUser, partTime.ID, models.MaskIDNumber(partTime.IDNumber), nil},
		{"ErrNotFound enterprise full-time teacher", teacherOf, entUser, fullTime.ID, "", models.ErrNotFound},
		{"ErrNotFound enterprise without id", teacherOf, entNone, fullTime.ID, "", models.ErrNotFound},
		{"ErrNotFound other school teacher", teacherOf, officeB, partTime.ID, "", models.ErrNotFound},
		{"OK office major", majorOf, e.office, major, "710201", nil},
		{"ErrNotFound other school major", majorOf, officeB, major, "", models.ErrNotFound},
		{"ErrForbidden enterprise major", majorOf, entUser, unknown, "", models.ErrForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.find(tt.ctx, tt.id)
			if got != tt.want || !errors.Is(err, tt.wantErr) || (err != nil) != (tt.wantErr != nil) {
				t.Fatalf("got %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestDryRunSnapshot: under records.WithSnapshot a dry run validates against the
// records the request read (no read per row), still checks scope, and a real
// write never uses the snapshot.
func TestDryRunSnapshot(t *testing.T) {
	e := setup(t)
	st, err := e.people.CreateStudent(e.office, student("S1", "11010519491231002X"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := records.WithSnapshot(e.office)
	if err := e.people.EachStudent(ctx, models.StudentFilter{}, func(*models.Student) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// Deleted after the read: only the snapshot still has it.
	if err := e.people.DeleteStudent(e.office, st.ID); err != nil {
		t.Fatal(err)
	}
	v := st.Version
	change := models.StudentFields{Version: &v, ClassName: str("新班")}
	t.Run("OK dry run reads the snapshot", func(t *testing.T) {
		if _, err := e.people.UpdateStudent(records.DryRun(ctx), st.ID, change); !errors.Is(err, records.ErrDryRun) {
			t.Fatalf("err = %v, want ErrDryRun", err)
		}
	})
	t.Run("ErrNotFound without snapshot", func(t *testing.T) {
		if _, err := e.people.UpdateStudent(records.DryRun(e.office), st.ID, change); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrNotFound real write", func(t *testing.T) {
		if _, err := e.people.UpdateStudent(ctx, st.ID, change); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrNotFound other school", func(t *testing.T) {
		officeB := models.WithPrincipal(ctx, &models.Principal{UserID: bson.NewObjectID(), Role: models.RoleOfficeAdmin, SchoolID: e.schoolB})
		if _, err := e.people.UpdateStudent(records.DryRun(officeB), st.ID, change); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrForbidden auditor", func(t *testing.T) {
		auditor := models.WithPrincipal(ctx, &models.Principal{UserID: bson.NewObjectID(), Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{e.schoolA}})
		if _, err := e.people.UpdateStudent(records.DryRun(auditor), st.ID, change); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
	})
}
