package certs_test

import (
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// scoped is school A with a pilot, a batch with a candidate and a training.
func scoped(t *testing.T) (*env, *models.Pilot, *models.Batch, *models.Training) {
	e := setup(t)
	pl := e.pilot(t, e.web)
	b := e.batch(t, e.web, "2026-06-15")
	b, _ = e.register(t, b, e.s1, "")
	tr, err := e.certs.CreateTraining(e.office, models.TrainingFields{TeacherID: str(e.teacher.ID.Hex()), EntryID: str(e.web.ID.Hex()),
		Event: str("培训"), StartDate: str("2025-10-08"), EndDate: str("2025-10-08"), Role: str("trainer")})
	must(t, err)
	return e, pl, b, tr
}

func TestScopeAuditorReadsOnly(t *testing.T) {
	e, pl, b, tr := scoped(t)
	ctx := e.auditor
	t.Run("OK reads, candidates pseudonymised", func(t *testing.T) {
		got, err := e.certs.FindBatchByID(ctx, b.ID)
		must(t, err)
		c := got.Candidates[0]
		if !strings.HasPrefix(c.Name, "匿名") || c.StudentNo != "" || c.StudentID != e.s1.ID {
			t.Fatalf("candidate = %+v", c)
		}
		page, err := e.certs.FindBatches(ctx, models.BatchFilter{})
		must(t, err)
		if page.Total != 1 || page.Items[0].Candidates[0].Name != c.Name {
			t.Fatalf("page = %+v", page)
		}
		if _, err := e.certs.FindPilotByID(ctx, pl.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.certs.FindTrainingByID(ctx, tr.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrForbidden writes", func(t *testing.T) {
		v := ver(b.Version)
		for name, err := range map[string]error{
			"CreateBatch":    mustFail(e.certs.CreateBatch(ctx, models.BatchFields{SchoolID: str(e.schoolA.Hex()), EntryID: str(e.web.ID.Hex()), Level: str("初级"), Date: str("2026-06-01")})),
			"UpdateBatch":    mustFail(e.certs.UpdateBatch(ctx, b.ID, models.BatchFields{Version: v, Label: str("x")})),
			"DeleteBatch":    e.certs.DeleteBatch(ctx, b.ID),
			"Register":       mustFail(e.certs.Register(ctx, b.ID, models.Registration{Version: v, StudentID: str(e.s2.ID.Hex())})),
			"Unregister":     mustFail(e.certs.Unregister(ctx, b.ID, b.Candidates[0].ID, v)),
			"RecordResult":   mustFail(e.certs.RecordResult(ctx, b.ID, b.Candidates[0].ID, models.ResultFields{Version: v, Result: str("pass")})),
			"CreatePilot":    mustFail(e.certs.CreatePilot(ctx, models.PilotFields{EntryID: str(e.bim.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710201"}})),
			"UpdatePilot":    mustFail(e.certs.UpdatePilot(ctx, pl.ID, models.PilotFields{Version: ver(pl.Version)})),
			"DeletePilot":    e.certs.DeletePilot(ctx, pl.ID),
			"CreateTraining": mustFail(e.certs.CreateTraining(ctx, models.TrainingFields{})),
			"DeleteTraining": e.certs.DeleteTraining(ctx, tr.ID),
		} {
			t.Run(name, func(t *testing.T) { isErr(t, err, models.ErrForbidden) })
		}
	})
}

func TestScopeEnterpriseForbidden(t *testing.T) {
	e, pl, b, tr := scoped(t)
	ctx := e.company
	for name, err := range map[string]error{
		"FindEntries":      mustFail(e.certs.FindEntries(ctx, models.CertEntryFilter{})),
		"FindPilots":       mustFail(e.certs.FindPilots(ctx, models.PilotFilter{})),
		"FindPilotByID":    mustFail(e.certs.FindPilotByID(ctx, pl.ID)),
		"FindBatches":      mustFail(e.certs.FindBatches(ctx, models.BatchFilter{})),
		"FindBatchByID":    mustFail(e.certs.FindBatchByID(ctx, b.ID)),
		"FindTrainings":    mustFail(e.certs.FindTrainings(ctx, models.TrainingFilter{})),
		"FindTrainingByID": mustFail(e.certs.FindTrainingByID(ctx, tr.ID)),
		"CreateBatch":      mustFail(e.certs.CreateBatch(ctx, models.BatchFields{})),
		"Register":         mustFail(e.certs.Register(ctx, b.ID, models.Registration{Version: ver(b.Version)})),
	} {
		t.Run(name, func(t *testing.T) { isErr(t, err, models.ErrForbidden) })
	}
}

func TestScopeOtherSchoolNotFound(t *testing.T) {
	e, pl, b, tr := scoped(t)
	ctx := e.officeB
	v := ver(b.Version)
	for name, err := range map[string]error{
		"FindPilotByID":    mustFail(e.certs.FindPilotByID(ctx, pl.ID)),
		"UpdatePilot":      mustFail(e.certs.UpdatePilot(ctx, pl.ID, models.PilotFields{Version: ver(pl.Version)})),
		"FindBatchByID":    mustFail(e.certs.FindBatchByID(ctx, b.ID)),
		"UpdateBatch":      mustFail(e.certs.UpdateBatch(ctx, b.ID, models.BatchFields{Version: v, Label: str("x")})),
		"DeleteBatch":      e.certs.DeleteBatch(ctx, b.ID),
		"Register":         mustFail(e.certs.Register(ctx, b.ID, models.Registration{Version: v, StudentID: str(e.other.ID.Hex())})),
		"RecordResult":     mustFail(e.certs.RecordResult(ctx, b.ID, b.Candidates[0].ID, models.ResultFields{Version: v, Result: str("pass")})),
		"FindTrainingByID": mustFail(e.certs.FindTrainingByID(ctx, tr.ID)),
		"DeleteTraining":   e.certs.DeleteTraining(ctx, tr.ID),
		"UnknownBatch":     mustFail(e.certs.FindBatchByID(e.office, bson.NewObjectID())),
	} {
		t.Run(name, func(t *testing.T) { isErr(t, err, models.ErrNotFound) })
	}
	t.Run("OK lists show only the own school", func(t *testing.T) {
		page, err := e.certs.FindBatches(ctx, models.BatchFilter{})
		must(t, err)
		if page.Total != 0 {
			t.Fatalf("total = %d", page.Total)
		}
		isErr(t, mustFail(e.certs.FindBatches(ctx, models.BatchFilter{SchoolID: e.schoolA.Hex()})), models.ErrForbidden)
	})
	t.Run("ErrForbidden naming another school", func(t *testing.T) {
		isErr(t, mustFail(e.certs.CreateBatch(ctx, models.BatchFields{SchoolID: str(e.schoolA.Hex()), EntryID: str(e.web.ID.Hex()), Level: str("初级"), Date: str("2026-06-01")})), models.ErrForbidden)
	})
}

func TestScopeSystemAdmin(t *testing.T) {
	e, _, b, _ := scoped(t)
	f := models.BatchFields{EntryID: str(e.web.ID.Hex()), Level: str("初级"), Date: str("2026-06-01")}
	t.Run("ErrMustNameSchool", func(t *testing.T) {
		fieldErr(t, mustFail(e.certs.CreateBatch(e.admin, f)), "schoolId")
	})
	t.Run("OK writes any school", func(t *testing.T) {
		f.SchoolID = str(e.schoolB.Hex())
		nb, err := e.certs.CreateBatch(e.admin, f)
		must(t, err)
		// school B has no pilot: the reason is required, then accepted
		_, err = e.certs.Register(e.admin, nb.ID, models.Registration{Version: ver(nb.Version), StudentNo: str("B1"), RegisteredAt: str("2026-05-01"), Reason: str("区统一组织")})
		must(t, err)
	})
	t.Run("ErrMoveToAnotherSchool", func(t *testing.T) {
		fieldErr(t, mustFail(e.certs.UpdateBatch(e.admin, b.ID, models.BatchFields{Version: ver(b.Version), SchoolID: str(e.schoolB.Hex())})), "schoolId")
	})
	t.Run("OK dry run writes nothing", func(t *testing.T) {
		_, err := e.certs.UpdateBatch(records.DryRun(e.admin), b.ID, models.BatchFields{Version: ver(b.Version), Label: str("改名")})
		isErr(t, err, records.ErrDryRun)
		got, err := e.certs.FindBatchByID(e.admin, b.ID)
		must(t, err)
		if got.Version != b.Version {
			t.Fatalf("version = %d, want %d", got.Version, b.Version)
		}
	})
}
