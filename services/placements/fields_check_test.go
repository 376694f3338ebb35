package placements_test

import (
	"context"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// written is what the store holds of placements: how many there are and how
// many audit entries name one.
func (e *env) written(t testing.TB) string {
	t.Helper()
	page, err := e.svc.FindPlacements(e.admin, models.PlacementFilter{})
	must(t, err)
	entries, err := e.audit.FindEntries(e.admin, models.AuditFilter{Entity: "placement"})
	must(t, err)
	return fmt.Sprintf("%d placements, %d audit entries", page.Total, entries.Total)
}

func TestCheckFields(t *testing.T) {
	e := setup(t)
	draft := e.create(t, e.office, e.s2, e.e2, "2027-03-01", "2027-06-30")
	before := e.written(t)

	t.Run("OK a new placement", func(t *testing.T) {
		f := good(e.s1, e.e2, e.teacher, "2027-03-01", "2027-06-30")
		f.Intermediary = flag(true)
		f.Insurance = nil
		res, err := e.svc.CheckFields(e.staff, bson.NilObjectID, f)
		must(t, err)
		if got, want := ruleIDs(res.Findings), "block:INT-06 block:INT-22"; !sameWords(got, want) {
			t.Errorf("got findings %s, want %s", got, want)
		}
		if res.RuleSetVersion != "2021.1" || res.Compliance != placements.ComplianceBlock || !res.PlacementID.IsZero() || res.Unchanged {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("OK a change of a draft", func(t *testing.T) {
		res, err := e.svc.CheckFields(e.office, draft.ID, models.PlacementFields{Version: ver(draft.Version),
			Schedule: &models.Schedule{HoursPerDay: 10, DaysPerWeek: 5, NightWork: true}})
		must(t, err)
		if got, want := ruleIDs(res.Findings), "block:INT-10 warn:INT-11 warn:INT-11"; !sameWords(got, want) {
			t.Errorf("got findings %s, want %s", got, want)
		}
		if res.PlacementID != draft.ID || res.Compliance != placements.ComplianceBlock {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("ErrValidation every field named", func(t *testing.T) {
		f := good(e.s1, e.e2, e.teacher, "2027-03-01", "2027-02-01")
		f.StudentID, f.Mentors.SchoolMentorTeacherID = str(e.other.ID.Hex()), e.teacherB.ID.Hex()
		_, err := e.svc.CheckFields(e.office, bson.NilObjectID, f)
		wantFields(t, err, "studentId", "plannedEndDate", "mentors.schoolMentorTeacherId")
		_, err = e.svc.CheckFields(e.office, draft.ID, models.PlacementFields{Intermediary: flag(true)})
		wantFields(t, err, "version")
	})
	t.Run("ErrConflict overlapping 岗位实习", func(t *testing.T) {
		_, err := e.svc.CheckFields(e.office, bson.NilObjectID, good(e.s2, e.e1, e.teacher, "2027-04-01", "2027-05-31"))
		wantConflict(t, err, "startDate", "乙制造有限公司")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := good(e.s1, e.e2, e.teacher, "2027-03-01", "2027-06-30")
		for _, ctx := range []context.Context{e.auditor, e.entE2} {
			_, err := e.svc.CheckFields(ctx, bson.NilObjectID, f)
			wantErr(t, err, models.ErrForbidden)
		}
		_, err := e.svc.CheckFields(e.officeB, draft.ID, models.PlacementFields{Version: ver(draft.Version)})
		wantErr(t, err, models.ErrNotFound)
	})
	if got := e.written(t); got != before {
		t.Errorf("checking fields wrote: before %s, after %s", before, got)
	}
}

func TestSaveCheckedDraft(t *testing.T) {
	e := setup(t)
	f := good(e.s1, e.e2, e.teacher, "2027-03-01", "2027-06-30")
	f.Intermediary = flag(true)
	res, err := e.svc.SaveCheckedDraft(e.office, bson.NilObjectID, f)
	must(t, err)
	t.Run("OK created with its check in one write", func(t *testing.T) {
		pl, err := e.svc.FindPlacementByID(e.office, res.PlacementID)
		must(t, err)
		if pl.Status != models.PlacementDraft || pl.Version != 1 || len(pl.Checks) != 1 || pl.Checks[0].ID != res.ID ||
			pl.Compliance != placements.ComplianceBlock || pl.RuleSetVersion != "2021.1" {
			t.Errorf("stored %+v", pl)
		}
		if got, want := ruleIDs(res.Findings), "block:INT-06"; got != want {
			t.Errorf("got findings %s, want %s", got, want)
		}
		if got, want := e.written(t), "1 placements, 1 audit entries"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
	t.Run("OK the same fields again are unchanged", func(t *testing.T) {
		f.Version = ver(1)
		chk, err := e.svc.CheckFields(e.office, res.PlacementID, f)
		must(t, err)
		if !chk.Unchanged {
			t.Errorf("the same fields: %+v, want unchanged", chk)
		}
		g := f
		g.Intermediary = flag(false)
		if chk, err = e.svc.CheckFields(e.office, res.PlacementID, g); err != nil || chk.Unchanged {
			t.Errorf("other fields: %+v, %v; want changed", chk, err)
		}
	})
	t.Run("OK a draft updated with a new check", func(t *testing.T) {
		g := f
		g.Version, g.Intermediary = ver(1), flag(false)
		upd, err := e.svc.SaveCheckedDraft(e.office, res.PlacementID, g)
		must(t, err)
		pl, err := e.svc.FindPlacementByID(e.office, res.PlacementID)
		must(t, err)
		if upd.Version != 2 || pl.Version != 2 || len(pl.Checks) != 2 || pl.Intermediary || pl.Compliance != placements.ComplianceClear {
			t.Errorf("got %+v; stored version %d, %d checks, compliance %s", upd, pl.Version, len(pl.Checks), pl.Compliance)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		g := f
		g.Version = ver(1)
		_, err := e.svc.SaveCheckedDraft(e.office, res.PlacementID, g)
		wantErr(t, err, models.ErrStaleVersion)
	})
	t.Run("ErrNotDraft", func(t *testing.T) {
		active := e.activate(t, e.create(t, e.office, e.s3, e.e2, "2027-03-01", "2027-06-30"), nil)
		before := e.written(t)
		g := good(e.s3, e.e2, e.teacher, "2027-03-01", "2027-06-30")
		g.Version = ver(active.Version)
		_, err := e.svc.SaveCheckedDraft(e.office, active.ID, g)
		wantConflict(t, err, "status", "已生效的实习不能通过导入修改")
		if after := e.written(t); after != before {
			t.Errorf("refused save wrote: before %s, after %s", before, after)
		}
	})
}
