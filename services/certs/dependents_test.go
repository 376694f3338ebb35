package certs_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

// A student registered in a batch and a teacher with a training stay (409) until
// those records go; then they can be deleted.
func TestPeopleInUseAreKept(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	b := e.batch(t, e.web, "2026-06-01")
	b, c := e.register(t, b, e.s1, "")
	conflictOn(t, e.people.DeleteStudent(e.office, e.s1.ID), "id")
	tr, err := e.certs.CreateTraining(e.office, models.TrainingFields{TeacherID: str(e.teacher.ID.Hex()), EntryID: str(e.web.ID.Hex()),
		Event: str("1+X师资培训"), StartDate: str("2026-03-01"), EndDate: str("2026-03-03"), Role: str(models.TrainingTrainer)})
	must(t, err)
	conflictOn(t, e.people.DeleteTeacher(e.office, e.teacher.ID), "id")

	_, err = e.certs.Unregister(e.office, b.ID, c.ID, ver(b.Version))
	must(t, err)
	must(t, e.people.DeleteStudent(e.office, e.s1.ID))
	must(t, e.certs.DeleteTraining(e.office, tr.ID))
	must(t, e.people.DeleteTeacher(e.office, e.teacher.ID))
}
