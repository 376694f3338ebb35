package certs_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

func TestTrainingRules(t *testing.T) {
	e := setup(t)
	base := func() models.TrainingFields {
		return models.TrainingFields{TeacherID: str(e.teacher.ID.Hex()), EntryID: str(e.web.ID.Hex()), Event: str("Web前端开发师资培训"),
			StartDate: str("2025-10-08"), EndDate: str("2025-10-12"), Role: str(models.TrainingTrainer), AttendanceRef: str("PX-001")}
	}
	tr, err := e.certs.CreateTraining(e.staff, base())
	must(t, err)
	t.Run("OK", func(t *testing.T) {
		if tr.SchoolID != e.schoolA || tr.StartDate.String() != "2025-10-08" || tr.Role != "trainer" {
			t.Fatalf("training = %+v", tr)
		}
	})
	t.Run("OK one day", func(t *testing.T) {
		f := base()
		f.StartDate, f.EndDate, f.Role = str("2026-09-01"), str("2026-09-01"), str(models.TrainingAssessor)
		_, err := e.certs.CreateTraining(e.office, f)
		must(t, err)
	})
	t.Run("ErrTeacherOfAnotherSchool", func(t *testing.T) {
		f := base()
		f.TeacherID = str(e.teacherB.ID.Hex())
		if msg := fieldErr(t, mustFail(e.certs.CreateTraining(e.office, f)), "teacherId"); msg != "本校没有该教师" {
			t.Fatalf("msg = %s", msg)
		}
	})
	t.Run("ErrEndBeforeStart", func(t *testing.T) {
		f := base()
		f.EndDate = str("2025-10-07")
		fieldErr(t, mustFail(e.certs.CreateTraining(e.office, f)), "endDate")
	})
	t.Run("ErrSkillEntry", func(t *testing.T) {
		sk, err := e.certs.CreateEntry(e.office, skill("6-31-01-03", "电工"))
		must(t, err)
		f := base()
		f.EntryID = str(sk.ID.Hex())
		fieldErr(t, mustFail(e.certs.CreateTraining(e.office, f)), "entryId")
	})
	t.Run("ErrFields", func(t *testing.T) {
		err := mustFail(e.certs.CreateTraining(e.office, models.TrainingFields{Role: str("student"), StartDate: str("2025-13-01")}))
		for _, f := range []string{"teacherId", "entryId", "event", "startDate", "endDate", "role"} {
			fieldErr(t, err, f)
		}
	})
	t.Run("OK list by teacher and year", func(t *testing.T) {
		for _, c := range []struct {
			f    models.TrainingFilter
			want int64
		}{
			{models.TrainingFilter{Year: 2025}, 1},
			{models.TrainingFilter{Year: 2026, TeacherID: e.teacher.ID.Hex()}, 1},
			{models.TrainingFilter{TeacherID: e.teacherB.ID.Hex()}, 0},
			{models.TrainingFilter{}, 2},
		} {
			page, err := e.certs.FindTrainings(e.auditor, c.f)
			must(t, err)
			if page.Total != c.want {
				t.Fatalf("%+v: total = %d, want %d", c.f, page.Total, c.want)
			}
		}
	})
	t.Run("OK update, stale, delete", func(t *testing.T) {
		up, err := e.certs.UpdateTraining(e.office, tr.ID, models.TrainingFields{Version: ver(tr.Version), Role: str(models.TrainingAssessor)})
		must(t, err)
		if up.Role != "assessor" || up.Version != 2 {
			t.Fatalf("training = %+v", up)
		}
		isErr(t, mustFail(e.certs.UpdateTraining(e.office, tr.ID, models.TrainingFields{Version: ver(1), Event: str("x")})), models.ErrStaleVersion)
		must(t, e.certs.DeleteTraining(e.staff, tr.ID))
		isErr(t, mustFail(e.certs.FindTrainingByID(e.office, tr.ID)), models.ErrNotFound)
	})
}
