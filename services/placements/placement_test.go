package placements_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

func TestCreatePlacement(t *testing.T) {
	e := setup(t)
	t.Run("OK", func(t *testing.T) {
		pl := e.create(t, e.staff, e.s1, e.e1, "2027-03-01", "2027-06-30")
		if got, want := pl.Status, models.PlacementDraft; got != want {
			t.Errorf("got status %q, want %q", got, want)
		}
		if got, want := pl.SchoolID, e.schoolA; got != want {
			t.Errorf("got school %v, want %v", got, want)
		}
		want := placements.StudentRef{Name: "张一", StudentNo: "S1", ClassName: "计算机1班", MajorCode: "710201", IDNumber: models.MaskIDNumber(e.idS1)}
		if pl.Student != want {
			t.Errorf("got student %+v, want %+v", pl.Student, want)
		}
		if got, want := pl.EnterpriseName, "甲机床有限公司"; got != want {
			t.Errorf("got enterprise name %q, want %q", got, want)
		}
		if got, want := pl.MajorCode, "710201"; got != want {
			t.Errorf("got majorCodeAtStart %q, want %q (the student's)", got, want)
		}
		if got, want := pl.Compliance, placements.ComplianceUnchecked; got != want {
			t.Errorf("got compliance %q, want %q", got, want)
		}
		if got, want := pl.EndDate, day("2027-06-30"); got != want {
			t.Errorf("got endDate %v, want %v", got, want)
		}
	})
	t.Run("OK legacy kind", func(t *testing.T) {
		f := good(e.s2, e.e1, e.teacher, "2027-03-01", "2027-06-30")
		f.Kind = str("顶岗")
		_, err := e.svc.CreatePlacement(e.office, f)
		wantFields(t, err, "kind")
		f.Kind = str("top")
		pl, err := e.svc.CreatePlacement(e.office, f)
		must(t, err)
		if pl.Kind != models.PlacementPosition || pl.LegacyKind != models.LegacyTop {
			t.Errorf("got kind %q (legacy %q), want position (top)", pl.Kind, pl.LegacyKind)
		}
	})
	t.Run("ErrValidation references", func(t *testing.T) {
		f := good(e.other, e.e1, e.teacherB, "2027-03-01", "2027-06-30")
		f.EnterpriseID = str(bson.NewObjectID().Hex())
		_, err := e.svc.CreatePlacement(e.office, f)
		got := wantFields(t, err, "studentId", "enterpriseId", "mentors.schoolMentorTeacherId")
		if got["studentId"] != "本校没有该学生" {
			t.Errorf("got studentId message %q", got["studentId"])
		}
	})
	t.Run("ErrValidation graduated", func(t *testing.T) {
		_, err := e.svc.CreatePlacement(e.office, good(e.grad, e.e1, e.teacher, "2027-03-01", "2027-06-30"))
		if got := wantFields(t, err, "studentId")["studentId"]; !strings.Contains(got, "在籍") {
			t.Errorf("got message %q, want it to say only enrolled students", got)
		}
	})
	t.Run("ErrValidation required and order", func(t *testing.T) {
		_, err := e.svc.CreatePlacement(e.office, models.PlacementFields{Kind: str("position"), Arrangement: str("school_arranged"),
			StartDate: str("2027-03-01"), PlannedEndDate: str("2027-02-01"), ActualEndDate: str("2027-03-05")})
		wantFields(t, err, "studentId", "enterpriseId", "plannedEndDate", "actualEndDate")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"auditor": e.auditor, "enterprise": e.entE1} {
			_, err := e.svc.CreatePlacement(ctx, good(e.s3, e.e1, e.teacher, "2027-03-01", "2027-06-30"))
			if !errors.Is(err, models.ErrForbidden) {
				t.Errorf("%s: got %v, want ErrForbidden", name, err)
			}
		}
	})
	t.Run("OK system admin names the school", func(t *testing.T) {
		f := good(e.other, e.e2, e.teacherB, "2027-03-01", "2027-06-30")
		f.SchoolID = str(e.schoolB.Hex())
		pl, err := e.svc.CreatePlacement(e.admin, f)
		must(t, err)
		if pl.SchoolID != e.schoolB {
			t.Errorf("got school %v, want %v", pl.SchoolID, e.schoolB)
		}
	})
}

func TestOverlappingPlacementsOfOneStudent(t *testing.T) {
	e := setup(t)
	e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	t.Run("ErrConflict", func(t *testing.T) {
		for _, span := range [][2]string{{"2027-06-30", "2027-08-31"}, {"2027-01-04", "2027-03-01"}, {"2027-04-01", "2027-04-30"}} {
			_, err := e.svc.CreatePlacement(e.office, good(e.s1, e.e2, e.teacher, span[0], span[1]))
			wantConflict(t, err, "startDate", "2027-03-01至2027-06-30")
		}
	})
	t.Run("OK", func(t *testing.T) {
		e.create(t, e.office, e.s1, e.e2, "2027-07-01", "2027-08-31") // the day after
		f := good(e.s1, e.e2, e.teacher, "2027-04-01", "2027-04-02")
		f.Kind = str(models.PlacementCognitive) // 认识实习 may overlap
		_, err := e.svc.CreatePlacement(e.office, f)
		must(t, err)
	})
	t.Run("ErrConflict update", func(t *testing.T) {
		pl := e.create(t, e.office, e.s2, e.e1, "2027-03-01", "2027-06-30")
		_, err := e.svc.UpdatePlacement(e.office, pl.ID, models.PlacementFields{Version: ver(pl.Version), StudentID: str(e.s1.ID.Hex())})
		wantConflict(t, err, "startDate", "")
	})
}

func TestUpdateAndDeleteDraft(t *testing.T) {
	e := setup(t)
	pl := e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	t.Run("OK", func(t *testing.T) {
		up, err := e.svc.UpdatePlacement(e.staff, pl.ID, models.PlacementFields{Version: ver(pl.Version), EnterpriseID: str(e.e2.ID.Hex()),
			PlannedEndDate: str("2027-07-15")})
		must(t, err)
		if up.EnterpriseName != "乙制造有限公司" || up.EndDate != day("2027-07-15") || up.Version != pl.Version+1 {
			t.Errorf("got %s, %v, version %d", up.EnterpriseName, up.EndDate, up.Version)
		}
		pl = up
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		_, err := e.svc.UpdatePlacement(e.office, pl.ID, models.PlacementFields{Version: ver(pl.Version - 1), Intermediary: flag(false)})
		wantErr(t, err, models.ErrStaleVersion)
	})
	t.Run("ErrNotFound other school", func(t *testing.T) {
		_, err := e.svc.UpdatePlacement(e.officeB, pl.ID, models.PlacementFields{Version: ver(pl.Version)})
		wantErr(t, err, models.ErrNotFound)
		wantErr(t, e.svc.DeletePlacement(e.officeB, pl.ID), models.ErrNotFound)
	})
	t.Run("ErrConflict student in use", func(t *testing.T) {
		err := e.people.DeleteStudent(e.office, e.s1.ID)
		wantConflict(t, err, "id", "实习")
		err = e.enterprises.DeleteEnterprise(e.admin, e.e2.ID)
		wantConflict(t, err, "id", "实习")
	})
	t.Run("OK delete", func(t *testing.T) {
		must(t, e.svc.DeletePlacement(e.office, pl.ID))
		_, err := e.svc.FindPlacementByID(e.office, pl.ID)
		wantErr(t, err, models.ErrNotFound)
		must(t, e.people.DeleteStudent(e.office, e.s1.ID))
	})
}

func TestPlacementScope(t *testing.T) {
	e := setup(t)
	a1 := e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	a2 := e.create(t, e.office, e.s2, e.e2, "2027-03-01", "2027-06-30")
	b1 := e.create(t, e.officeB, e.other, e.e1, "2027-03-01", "2027-06-30")
	ids := func(page models.Page[placements.Placement]) []bson.ObjectID {
		var out []bson.ObjectID
		for _, p := range page.Items {
			out = append(out, p.ID)
		}
		return out
	}
	tests := []struct {
		name string
		ctx  context.Context
		f    models.PlacementFilter
		want []bson.ObjectID
	}{
		{"office A", e.office, models.PlacementFilter{}, []bson.ObjectID{a1.ID, a2.ID}},
		{"office B", e.officeB, models.PlacementFilter{}, []bson.ObjectID{b1.ID}},
		{"auditor A", e.auditor, models.PlacementFilter{}, []bson.ObjectID{a1.ID, a2.ID}},
		{"admin", e.admin, models.PlacementFilter{}, []bson.ObjectID{a1.ID, a2.ID, b1.ID}},
		{"admin E1", e.admin, models.PlacementFilter{EnterpriseID: e.e1.ID.Hex()}, []bson.ObjectID{a1.ID, b1.ID}},
		{"E1 across schools", e.entE1, models.PlacementFilter{}, []bson.ObjectID{a1.ID, b1.ID}},
		{"E1 in school B", e.entE1, models.PlacementFilter{SchoolID: e.schoolB.Hex()}, []bson.ObjectID{b1.ID}},
		{"E2", e.entE2, models.PlacementFilter{}, []bson.ObjectID{a2.ID}},
		{"office A student", e.office, models.PlacementFilter{StudentID: e.s2.ID.Hex()}, []bson.ObjectID{a2.ID}},
		{"office A year 2026", e.office, models.PlacementFilter{Year: 2026}, []bson.ObjectID{a1.ID, a2.ID}},
		{"office A year 2027", e.office, models.PlacementFilter{Year: 2027}, nil},
		{"office A draft", e.office, models.PlacementFilter{Status: "draft", Kind: "position"}, []bson.ObjectID{a1.ID, a2.ID}},
		{"office A search", e.office, models.PlacementFilter{ListParams: models.ListParams{Q: "张二"}}, []bson.ObjectID{a2.ID}},
		{"auditor search by name", e.auditor, models.PlacementFilter{ListParams: models.ListParams{Q: "张二"}}, nil},
	}
	for _, tt := range tests {
		t.Run("OK "+tt.name, func(t *testing.T) {
			page, err := e.svc.FindPlacements(tt.ctx, tt.f)
			must(t, err)
			if got := ids(page); !sameIDs(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("ErrForbidden", func(t *testing.T) {
		for name, c := range map[string]struct {
			ctx context.Context
			f   models.PlacementFilter
		}{
			"office B names A": {e.officeB, models.PlacementFilter{SchoolID: e.schoolA.Hex()}},
			"E1 names E2":      {e.entE1, models.PlacementFilter{EnterpriseID: e.e2.ID.Hex()}},
		} {
			if _, err := e.svc.FindPlacements(c.ctx, c.f); !errors.Is(err, models.ErrForbidden) {
				t.Errorf("%s: got %v, want ErrForbidden", name, err)
			}
		}
	})
	t.Run("ErrNotFound other school", func(t *testing.T) {
		_, err := e.svc.FindPlacementByID(e.officeB, a1.ID)
		wantErr(t, err, models.ErrNotFound)
		_, err = e.svc.FindPlacementByID(e.auditor, b1.ID)
		wantErr(t, err, models.ErrNotFound)
	})
	t.Run("ErrForbidden other enterprise", func(t *testing.T) {
		for _, id := range []bson.ObjectID{a1.ID, b1.ID, bson.NewObjectID()} {
			_, err := e.svc.FindPlacementByID(e.entE2, id)
			wantErr(t, err, models.ErrForbidden)
		}
	})
	t.Run("OK masked", func(t *testing.T) {
		got, err := e.svc.FindPlacementByID(e.entE1, a1.ID)
		must(t, err)
		if got.Student.Name != "张一" || got.Student.IDNumber != "1101**********"+e.idS1[14:] {
			t.Errorf("enterprise sees student %+v", got.Student)
		}
		if got.Consent.GuardianName != "" {
			t.Errorf("enterprise sees the guardian's name %q", got.Consent.GuardianName)
		}
		got, err = e.svc.FindPlacementByID(e.auditor, a1.ID)
		must(t, err)
		if !strings.HasPrefix(got.Student.Name, "匿名") || got.Student.StudentNo != "" || got.Student.IDNumber != "" {
			t.Errorf("auditor sees student %+v, want a pseudonym only", got.Student)
		}
		got, err = e.svc.FindPlacementByID(e.office, a1.ID)
		must(t, err)
		if got.Student.Name != "张一" || got.Consent.GuardianName != "张父" {
			t.Errorf("office sees %+v, guardian %q", got.Student, got.Consent.GuardianName)
		}
		if strings.Contains(got.Student.IDNumber, e.idS1[4:14]) {
			t.Errorf("the placement keeps the full ID number %q", got.Student.IDNumber)
		}
	})
}

// TestSchoolName: every reader of a placement, the enterprise included, is told
// which school it comes from, in a list, a single read and the answer to a
// write, and the name follows a renamed school.
func TestSchoolName(t *testing.T) {
	e := setup(t)
	a1 := e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	b1 := e.create(t, e.officeB, e.other, e.e1, "2027-03-01", "2027-06-30")
	want := map[bson.ObjectID]string{a1.ID: "学校A", b1.ID: "学校B"}
	check := func(t *testing.T, want map[bson.ObjectID]string) {
		t.Helper()
		for name, ctx := range map[string]context.Context{"enterprise": e.entE1, "office": e.office, "auditor": e.auditor, "admin": e.admin} {
			page, err := e.svc.FindPlacements(ctx, models.PlacementFilter{})
			must(t, err)
			for _, pl := range page.Items {
				if pl.SchoolName != want[pl.ID] {
					t.Errorf("%s lists %s with school %q, want %q", name, pl.ID.Hex(), pl.SchoolName, want[pl.ID])
				}
				one, err := e.svc.FindPlacementByID(ctx, pl.ID)
				must(t, err)
				if one.SchoolName != want[pl.ID] {
					t.Errorf("%s reads %s with school %q, want %q", name, pl.ID.Hex(), one.SchoolName, want[pl.ID])
				}
			}
			if len(page.Items) == 0 {
				t.Errorf("%s lists no placement", name)
			}
		}
	}
	check(t, want)
	if a1.SchoolName != "学校A" {
		t.Errorf("the created placement names school %q", a1.SchoolName)
	}
	got, err := e.svc.NameMentor(e.entE1, b1.ID, placements.MentorFields{Version: ver(b1.Version), Name: str("钱师傅")})
	must(t, err)
	if got.SchoolName != "学校B" {
		t.Errorf("the enterprise's write answers with school %q", got.SchoolName)
	}

	sc, err := e.schools.FindSchoolByID(e.admin, e.schoolA)
	must(t, err)
	_, err = e.schools.UpdateSchool(e.admin, e.schoolA, models.SchoolFields{Version: ver(sc.Version), Name: str("天津市第一职业学校")})
	must(t, err)
	want[a1.ID] = "天津市第一职业学校"
	check(t, want)
}

func sameIDs(a, b []bson.ObjectID) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[bson.ObjectID]int{}
	for _, id := range a {
		seen[id]++
	}
	for _, id := range b {
		seen[id]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
