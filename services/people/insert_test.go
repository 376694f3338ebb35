package people_test

import (
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// replayed is a student as a replayed history leaves it: enrolled on 1
// September 2023, graduated on 1 July 2026 (version 2).
func replayed(school bson.ObjectID, no, id string) *models.Student {
	enrolled := time.Date(2023, 9, 1, 0, 30, 0, 0, time.UTC)
	graduated := time.Date(2026, 7, 1, 1, 0, 0, 0, time.UTC)
	grad, _ := models.ParseDate("2026-07-01")
	return &models.Student{Meta: models.Meta{ID: bson.NewObjectID(), Version: 2, CreatedAt: enrolled, UpdatedAt: graduated},
		SchoolID: school, StudentNo: no, Name: "学生" + no, IDNumber: id, MajorCode: "710201", CohortYear: 2023,
		Status: models.StudentGraduated, GraduationDate: grad}
}

func TestInsertStudents(t *testing.T) {
	e := setup(t)
	t.Run("OK keeps the history and derives sex and birth date", func(t *testing.T) {
		sts := []*models.Student{replayed(e.schoolA, "R1", idNumber("11010520080101001")), replayed(e.schoolA, "R2", idNumber("11010520080101002"))}
		if err := e.people.InsertStudents(e.office, sts); err != nil {
			t.Fatal(err)
		}
		got, err := e.people.FindStudentByID(e.office, sts[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Sex != models.SexFemale || got.BirthDate.String() != "2008-01-01" || !got.CreatedAt.Equal(sts[1].CreatedAt) {
			t.Fatalf("student = %+v", got)
		}
		log, err := e.audit.FindEntries(e.admin, models.AuditFilter{EntityID: sts[1].ID.Hex()})
		if err != nil || log.Total != 1 || log.Items[0].Action != models.ActionCreate || !log.Items[0].At.Equal(sts[1].CreatedAt) {
			t.Fatalf("audit = %+v, %v", log.Items, err)
		}
	})
	t.Run("ErrMajorNotOffered writes nothing", func(t *testing.T) {
		ok, bad := replayed(e.schoolA, "R3", idNumber("11010520080101003")), replayed(e.schoolA, "R4", idNumber("11010520080101004"))
		bad.MajorCode = "720201"
		err := e.people.InsertStudents(e.office, []*models.Student{ok, bad})
		if msg := fieldErr(t, err, "majorCode"); msg != "本校未开设该专业，请先在专业管理中添加" {
			t.Fatalf("msg = %s", msg)
		}
		if _, err := e.people.FindStudentByID(e.office, ok.ID); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("the good student was written: %v", err)
		}
	})
	t.Run("ErrGraduationInTheFuture", func(t *testing.T) {
		st := replayed(e.schoolA, "R5", idNumber("11010520080101005"))
		st.GraduationDate, _ = models.ParseDate("2026-11-27")
		fieldErr(t, e.people.InsertStudents(e.office, []*models.Student{st}), "graduationDate")
	})
	t.Run("ErrForbiddenOtherSchool", func(t *testing.T) {
		st := replayed(e.schoolB, "R6", idNumber("11010520080101006"))
		if err := e.people.InsertStudents(e.office, []*models.Student{st}); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrDuplicateStudentNo", func(t *testing.T) {
		st := replayed(e.schoolA, "R1", idNumber("11010520080101007"))
		var ce *models.ConflictError
		if err := e.people.InsertStudents(e.office, []*models.Student{st}); !errors.As(err, &ce) {
			t.Fatalf("err = %v, want a conflict", err)
		}
	})
}
