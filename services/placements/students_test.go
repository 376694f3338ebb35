package placements_test

import (
	"context"
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// TestEnterpriseReadsPlacedStudents: an enterprise user reads, masked and
// read-only, the students of the placements its portal shows: at E1 s1 (a
// draft of school A), s3 (a draft E1 declined: the portal still lists it until
// the school acts) and other (active, school B). s2's placement moved from E1 to
// E2, so E2 reads s2 and E1 no longer does; grad has no placement.
func TestEnterpriseReadsPlacedStudents(t *testing.T) {
	e := setup(t)
	e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	declined := e.create(t, e.office, e.s3, e.e1, "2027-03-01", "2027-06-30")
	_, err := e.svc.Respond(e.entE1, declined.ID, placements.Response{Version: ver(declined.Version), Decision: str("declined"), Note: str("岗位已满")})
	must(t, err)
	inB := e.create(t, e.officeB, e.other, e.e1, "2026-09-07", "2027-01-29")
	_, err = e.svc.Activate(e.officeB, inB.ID, placements.Activation{Version: ver(inB.Version)})
	must(t, err)
	moved := e.create(t, e.office, e.s2, e.e1, "2027-03-01", "2027-06-30")
	_, err = e.svc.UpdatePlacement(e.office, moved.ID, models.PlacementFields{Version: ver(moved.Version), EnterpriseID: str(e.e2.ID.Hex())})
	must(t, err)

	list := []struct {
		name string
		ctx  context.Context
		f    models.StudentFilter
		want []*models.Student
	}{
		{"E1 across schools", e.entE1, models.StudentFilter{}, []*models.Student{e.s1, e.s3, e.other}},
		{"E1 in school B", e.entE1, models.StudentFilter{SchoolID: e.schoolB.Hex()}, []*models.Student{e.other}},
		{"E1 searching", e.entE1, models.StudentFilter{ListParams: models.ListParams{Q: "张"}}, []*models.Student{e.s1, e.s3}},
		{"E2", e.entE2, models.StudentFilter{}, []*models.Student{e.s2}},
		{"enterprise without placements", enterpriseUser(bson.NewObjectID()), models.StudentFilter{}, nil},
		{"office A unchanged", e.office, models.StudentFilter{}, []*models.Student{e.s1, e.s2, e.s3, e.grad}},
	}
	for _, tt := range list {
		t.Run("OK "+tt.name, func(t *testing.T) {
			page, err := e.people.FindStudents(tt.ctx, tt.f)
			must(t, err)
			var got, want []bson.ObjectID
			for _, st := range page.Items {
				got = append(got, st.ID)
			}
			for _, st := range tt.want {
				want = append(want, st.ID)
			}
			if !sameIDs(got, want) || page.Total != int64(len(want)) {
				t.Fatalf("got %v (total %d), want %v", got, page.Total, want)
			}
			var each []bson.ObjectID
			must(t, e.people.EachStudent(tt.ctx, tt.f, func(st *models.Student) error { each = append(each, st.ID); return nil }))
			if !sameIDs(each, want) {
				t.Errorf("EachStudent gives %v, want %v", each, want)
			}
			if tt.ctx == e.office {
				return
			}
			for _, st := range page.Items {
				if st.IDNumber != models.MaskIDNumber(st.IDNumber) || !st.BirthDate.IsZero() || st.Name == "" {
					t.Errorf("an enterprise lists %s with ID number %q, birth date %s", st.Name, st.IDNumber, st.BirthDate)
				}
			}
		})
	}

	read := []struct {
		name string
		ctx  context.Context
		id   bson.ObjectID
		want error
	}{
		{"OK E1 its placed student", e.entE1, e.s1.ID, nil},
		{"OK E1 the student it declined", e.entE1, e.s3.ID, nil},
		{"OK E1 another school's student placed with it", e.entE1, e.other.ID, nil},
		{"OK E2 the student moved to it", e.entE2, e.s2.ID, nil},
		{"ErrNotFound E1 the student moved away", e.entE1, e.s2.ID, models.ErrNotFound},
		{"ErrNotFound E2 E1's student", e.entE2, e.s1.ID, models.ErrNotFound},
		{"ErrNotFound E1 a student never placed", e.entE1, e.grad.ID, models.ErrNotFound},
		{"ErrNotFound E1 no such student", e.entE1, bson.NewObjectID(), models.ErrNotFound},
	}
	for _, tt := range read {
		t.Run(tt.name, func(t *testing.T) {
			st, err := e.people.FindStudentByID(tt.ctx, tt.id)
			if !errors.Is(err, tt.want) || (err != nil) != (tt.want != nil) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err == nil && (st.IDNumber != models.MaskIDNumber(st.IDNumber) || !st.BirthDate.IsZero()) {
				t.Errorf("read with ID number %q, birth date %s", st.IDNumber, st.BirthDate)
			}
		})
	}
	if st, err := e.people.FindStudentByID(e.entE1, e.s1.ID); err != nil || st.IDNumber != "1101**********"+e.idS1[14:] {
		t.Errorf("E1 reads s1's ID number as %q (%v)", st.IDNumber, err)
	}

	t.Run("ErrForbidden writes", func(t *testing.T) {
		v := e.s1.Version
		_, err := e.people.UpdateStudent(e.entE1, e.s1.ID, models.StudentFields{Version: &v, ClassName: str("企业改的班")})
		wantErr(t, err, models.ErrForbidden)
		wantErr(t, e.people.DeleteStudent(e.entE1, e.s1.ID), models.ErrForbidden)
		_, err = e.people.CreateStudent(e.entE1, models.StudentFields{StudentNo: str("E1"), Name: str("企业新建"), IDNumber: str(idNumber("20080101", "009")),
			MajorCode: str("710201"), CohortYear: num(2024)})
		wantErr(t, err, models.ErrForbidden)
		if st, err := e.people.FindStudentByID(e.office, e.s1.ID); err != nil || st.Version != v || st.ClassName != e.s1.ClassName {
			t.Errorf("a refused write changed s1: %+v, %v", st, err)
		}
	})
	t.Run("OK teachers unchanged", func(t *testing.T) {
		page, err := e.people.FindTeachers(e.entE1, models.TeacherFilter{})
		must(t, err)
		if page.Total != 0 {
			t.Errorf("E1 lists %d teachers, none of them its part-time teachers", page.Total)
		}
	})
}
