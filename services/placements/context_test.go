package placements_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

// A placement naming an apprenticeship programme or an order class must really
// be the company period of that programme's apprentice or that class's member.
func TestPlacementContext(t *testing.T) {
	e := setup(t)
	pr, err := e.cohorts.CreateProgramme(e.office, models.ProgrammeFields{Name: str("数控学徒制"), EnterpriseIDs: &[]string{e.e2.ID.Hex()},
		MajorCode: str("710201"), CohortYear: num(2024), StartDate: str("2024-09-01"), EndDate: str("2027-06-30")})
	must(t, err)
	contract := func(st *models.Student, status, reason, terminated string) {
		_, err := e.cohorts.CreateContract(e.office, models.ContractFields{ProgrammeID: str(pr.ID.Hex()), StudentID: str(st.ID.Hex()),
			EnterpriseID: str(e.e2.ID.Hex()), SignedAt: str("2026-08-01"), StartDate: str("2026-09-01"), EndDate: str("2027-06-30"),
			MasterName: str("赵师傅"), GuardianName: str("张父"), Doc: str("XT-" + st.StudentNo), Status: str(status), TerminationReason: str(reason), TerminatedAt: str(terminated)})
		must(t, err)
	}
	contract(e.s1, models.ContractActive, "", "")
	contract(e.s2, models.ContractTerminated, "学生退出学徒制", "2026-10-31")
	oc, err := e.cohorts.CreateOrderClass(e.office, models.OrderClassFields{Name: str("甲机床订单班"), EnterpriseID: str(e.e1.ID.Hex()),
		MajorCode: str("710201"), CohortYear: num(2024), AgreementDoc: str("DD-1"), AgreementSignedAt: str("2026-03-01"),
		Members: &[]models.MemberInput{{StudentNo: "S1", JoinedAt: "2026-03-01"}, {StudentNo: "S3", JoinedAt: "2027-01-01"}}})
	must(t, err)
	other, err := e.cohorts.CreateOrderClass(e.officeB, models.OrderClassFields{Name: str("B校订单班"), EnterpriseID: str(e.e1.ID.Hex()),
		MajorCode: str("710201"), CohortYear: num(2024), AgreementDoc: str("DD-2"), AgreementSignedAt: str("2026-03-01")})
	must(t, err)

	for _, c := range []struct {
		name      string
		st        *models.Student
		ent       *models.Enterprise
		context   string
		id        string
		kind      string
		wantField string
	}{
		{"Apprentice", e.s1, e.e2, models.ContextApprenticeship, pr.ID.Hex(), "", ""},
		{"NoContract", e.s3, e.e2, models.ContextApprenticeship, pr.ID.Hex(), "", "contextId"},
		{"TerminatedContract", e.s2, e.e2, models.ContextApprenticeship, pr.ID.Hex(), "", "contextId"},
		{"NotTheProgrammesEnterprise", e.s1, e.e1, models.ContextApprenticeship, pr.ID.Hex(), "", "contextId"},
		{"ProgrammeIDIsAClass", e.s1, e.e2, models.ContextApprenticeship, oc.ID.Hex(), "", "contextId"},
		{"Member", e.s1, e.e1, models.ContextOrderClass, oc.ID.Hex(), "", ""},
		{"NotYetAMemberOnTheStart", e.s3, e.e1, models.ContextOrderClass, oc.ID.Hex(), "", "contextId"},
		{"NotTheClassesEnterprise", e.s1, e.e2, models.ContextOrderClass, oc.ID.Hex(), "", "contextId"},
		{"AnotherSchoolsClass", e.s1, e.e1, models.ContextOrderClass, other.ID.Hex(), "", "contextId"},
		{"CognitiveInAClass", e.s1, e.e1, models.ContextOrderClass, oc.ID.Hex(), models.PlacementCognitive, "kind"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := good(c.st, c.ent, e.teacher, "2026-12-07", "2027-03-26")
			f.Context, f.ContextID = str(c.context), str(c.id)
			if c.kind != "" {
				f.Kind = str(c.kind)
			}
			pl, err := e.svc.CreatePlacement(e.office, f)
			if c.wantField == "" {
				must(t, err)
				wantConflict(t, deleteProgrammeOrClass(e, c.context, c.id), "id", "不能删除") // in use by the placement (and the contracts)
				if c.context == models.ContextApprenticeship {
					page, err := e.cohorts.FindContracts(e.office, models.ContractFilter{StudentID: c.st.ID.Hex()})
					must(t, err)
					wantConflict(t, e.cohorts.DeleteContract(e.office, page.Items[0].ID), "id", "学徒制实习")
				}
				must(t, e.svc.DeletePlacement(e.office, pl.ID))
				return
			}
			wantFields(t, err, c.wantField)
		})
	}
}

func deleteProgrammeOrClass(e *env, context, id string) error {
	oid, _ := models.ParseID(id)
	if context == models.ContextApprenticeship {
		return e.cohorts.DeleteProgramme(e.office, oid)
	}
	return e.cohorts.DeleteOrderClass(e.office, oid)
}
