package certs_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

func TestPilotRules(t *testing.T) {
	e := setup(t)
	pl := e.pilot(t, e.web)
	t.Run("OK", func(t *testing.T) {
		if pl.SchoolID != e.schoolA || pl.SchoolYear != 2025 || len(pl.MajorCodes) != 1 {
			t.Fatalf("pilot = %+v", pl)
		}
	})
	t.Run("ErrDuplicateSchoolEntryYear", func(t *testing.T) {
		conflictOn(t, mustFail(e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(e.web.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710202"}})), "entryId")
	})
	t.Run("OK same certificate next year and in another school", func(t *testing.T) {
		_, err := e.certs.CreatePilot(e.staff, models.PilotFields{EntryID: str(e.web.ID.Hex()), SchoolYear: num(2026), MajorCodes: &[]string{"710202", "710201", "710202"}})
		must(t, err)
		_, err = e.certs.CreatePilot(e.officeB, models.PilotFields{EntryID: str(e.web.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710201"}})
		must(t, err)
	})
	t.Run("ErrMajorNotOffered", func(t *testing.T) {
		// 710202 is offered by school A only
		msg := fieldErr(t, mustFail(e.certs.CreatePilot(e.officeB, models.PilotFields{EntryID: str(e.bim.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710202"}})), "majorCodes")
		if msg != "本校未开设专业710202，请先在专业管理中添加" {
			t.Fatalf("msg = %s", msg)
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		err := mustFail(e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str("nope"), SchoolYear: num(2018)}))
		for _, f := range []string{"entryId", "schoolYear", "majorCodes"} {
			fieldErr(t, err, f)
		}
	})
	t.Run("ErrAdminMustNameSchool", func(t *testing.T) {
		fieldErr(t, mustFail(e.certs.CreatePilot(e.admin, models.PilotFields{EntryID: str(e.bim.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710201"}})), "schoolId")
		_, err := e.certs.CreatePilot(e.admin, models.PilotFields{SchoolID: str(e.schoolA.Hex()), EntryID: str(e.bim.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710201"}})
		must(t, err)
	})
	t.Run("OK update and stale version", func(t *testing.T) {
		up, err := e.certs.UpdatePilot(e.office, pl.ID, models.PilotFields{Version: ver(pl.Version), ApprovalRef: str("津教职成〔2025〕1号")})
		must(t, err)
		if up.Version != pl.Version+1 || up.ApprovalRef != "津教职成〔2025〕1号" {
			t.Fatalf("pilot = %+v", up)
		}
		isErr(t, mustFail(e.certs.UpdatePilot(e.office, pl.ID, models.PilotFields{Version: ver(pl.Version), AssessmentSite: str("实训楼")})), models.ErrStaleVersion)
	})
	t.Run("OK list by year", func(t *testing.T) {
		page, err := e.certs.FindPilots(e.office, models.PilotFilter{SchoolYear: 2025})
		must(t, err)
		if page.Total != 2 { // web and bim of school A
			t.Fatalf("total = %d", page.Total)
		}
		page, err = e.certs.FindPilots(e.auditor, models.PilotFilter{EntryID: e.web.ID.Hex()})
		must(t, err)
		if page.Total != 2 { // school A only: 2025 and 2026
			t.Fatalf("auditor total = %d", page.Total)
		}
	})
}
