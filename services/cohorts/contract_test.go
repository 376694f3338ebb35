package cohorts_test

import (
	"errors"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
)

func TestProgrammeRules(t *testing.T) {
	e := setup(t)
	pr := e.programme(t, e.e2)

	_, err := e.svc.CreateProgramme(e.office, models.ProgrammeFields{Name: tk.Str(""), EnterpriseIDs: &[]string{}, MajorCode: tk.Str("7102"),
		CohortYear: tk.Num(1990), StartDate: tk.Str("2024-09-01"), EndDate: tk.Str("2024-08-31")})
	if got := fields(t, err); got != "cohortYear endDate enterpriseIds majorCode name" {
		t.Errorf("bad programme: %s", got)
	}
	_, err = e.svc.CreateProgramme(e.office, models.ProgrammeFields{Name: tk.Str("另一个"), EnterpriseIDs: &[]string{e.e1.ID.Hex(), e.e2.ID.Hex()},
		MajorCode: tk.Str("710201"), CohortYear: tk.Num(2024), StartDate: tk.Str("2024-09-01"), EndDate: tk.Str("2027-06-30")})
	conflictOn(t, err, "enterpriseIds") // 乙 already has 710201 2024 at school A
	_, err = e.svc.CreateProgramme(e.officeB, models.ProgrammeFields{Name: tk.Str("B校"), EnterpriseIDs: &[]string{e.e2.ID.Hex()},
		MajorCode: tk.Str("710201"), CohortYear: tk.Num(2024), StartDate: tk.Str("2024-09-01"), EndDate: tk.Str("2027-06-30")})
	tk.Must(t, err) // another school may
	if _, err := e.svc.FindProgrammes(tk.EnterpriseUser(e.e2.ID), models.ProgrammeFilter{}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("enterprise user listed programmes: %v", err)
	}
	if _, err := e.svc.FindProgrammeByID(e.officeB, pr.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("school B read school A's programme: %v", err)
	}
	if _, err := e.svc.CreateProgramme(e.auditor, models.ProgrammeFields{}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("auditor created a programme: %v", err)
	}

	// an enterprise a contract names cannot be dropped; the programme cannot be
	// deleted while it has contracts, nor the student
	c, err := e.svc.CreateContract(e.office, contract(pr, e.s1, e.e2, "2025-08-01", "2025-09-01", "2026-06-30"))
	tk.Must(t, err)
	_, err = e.svc.UpdateProgramme(e.office, pr.ID, models.ProgrammeFields{Version: tk.Ver(pr.Version), EnterpriseIDs: &[]string{e.e1.ID.Hex()}})
	if got := fields(t, err); got != "enterpriseIds" {
		t.Errorf("dropping the contract's enterprise: %s", got)
	}
	conflictOn(t, e.svc.DeleteProgramme(e.office, pr.ID), "id")
	conflictOn(t, e.people.DeleteStudent(e.office, e.s1.ID), "id")
	conflictOn(t, e.enterprises.DeleteEnterprise(e.admin, e.e2.ID), "id")
	tk.Must(t, e.svc.DeleteContract(e.office, c.ID))
	tk.Must(t, e.svc.DeleteProgramme(e.office, pr.ID))
}

func TestContractRules(t *testing.T) {
	e := setup(t)
	pr := e.programme(t, e.e2)
	other, err := e.svc.CreateProgramme(e.officeB, models.ProgrammeFields{Name: tk.Str("B校"), EnterpriseIDs: &[]string{e.e2.ID.Hex()},
		MajorCode: tk.Str("710201"), CohortYear: tk.Num(2024), StartDate: tk.Str("2024-09-01"), EndDate: tk.Str("2027-06-30")})
	tk.Must(t, err)
	// S1 turns 18 on 2026-05-02
	for _, c := range []struct {
		name   string
		change func(f *models.ContractFields)
		want   string
	}{
		{"valid", nil, ""},
		{"MinorWithoutGuardian", func(f *models.ContractFields) { f.SignedAt, f.GuardianName = tk.Str("2026-05-01"), tk.Str("") }, "guardianName"},
		{"EighteenOnSigningDay", func(f *models.ContractFields) { f.SignedAt, f.GuardianName = tk.Str("2026-05-02"), tk.Str("") }, ""},
		{"SignedAfterStart", func(f *models.ContractFields) { f.SignedAt = tk.Str("2026-05-03") }, "signedAt"},
		{"SignedOnStart", func(f *models.ContractFields) { f.SignedAt = tk.Str("2026-05-02") }, ""},
		{"EnterpriseNotInProgramme", func(f *models.ContractFields) { f.EnterpriseID = tk.Str(e.e1.ID.Hex()) }, "enterpriseId"},
		{"ProgrammeOfAnotherSchool", func(f *models.ContractFields) { f.ProgrammeID = tk.Str(other.ID.Hex()) }, "programmeId"},
		{"StudentOfAnotherSchool", func(f *models.ContractFields) { f.StudentID = tk.Str(e.b1.ID.Hex()) }, "studentId"},
		{"StudentOfAnotherMajor", func(f *models.ContractFields) { f.StudentID = tk.Str(e.x1.ID.Hex()) }, "studentId"},
		{"EndBeforeStart", func(f *models.ContractFields) { f.EndDate = tk.Str("2026-05-01") }, "endDate"},
		{"TerminatedWithoutReasonOrDate", func(f *models.ContractFields) { f.Status = tk.Str(models.ContractTerminated) }, "terminatedAt terminationReason"},
		{"Terminated", func(f *models.ContractFields) {
			f.Status, f.TerminationReason, f.TerminatedAt = tk.Str(models.ContractTerminated), tk.Str("学生退出"), tk.Str("2026-10-31")
		}, ""},
		{"TerminatedBeforeSigning", func(f *models.ContractFields) {
			f.Status, f.TerminationReason, f.TerminatedAt = tk.Str(models.ContractTerminated), tk.Str("学生退出"), tk.Str("2026-03-31")
		}, "terminatedAt"},
		{"WrongEnterpriseAndStudent", func(f *models.ContractFields) {
			f.EnterpriseID, f.StudentID = tk.Str(e.e1.ID.Hex()), tk.Str(e.x1.ID.Hex())
		}, "enterpriseId studentId"},
		{"ReasonWhileActive", func(f *models.ContractFields) { f.TerminationReason = tk.Str("学生退出") }, "terminationReason"},
		{"Missing", func(f *models.ContractFields) {
			f.MasterName, f.Doc, f.SignedAt, f.StartDate = tk.Str(""), tk.Str(""), tk.Str(""), tk.Str("")
		}, "doc masterName signedAt startDate"},
		{"BadPhoneAndWage", func(f *models.ContractFields) { f.MasterPhone, f.WageFen = tk.Str("12345"), new(int64(-1)) }, "masterPhone wageFen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := contract(pr, e.s1, e.e2, "2026-04-01", "2026-05-02", "2027-06-30")
			if c.change != nil {
				c.change(&f)
			}
			got, err := e.svc.CreateContract(e.office, f)
			if c.want == "" {
				tk.Must(t, err)
				tk.Must(t, e.svc.DeleteContract(e.office, got.ID))
				return
			}
			if f := fields(t, err); f != c.want {
				t.Errorf("fields = %s, want %s", f, c.want)
			}
		})
	}
	_, err = e.svc.CreateContract(e.office, contract(pr, e.s2, e.e2, "2025-08-01", "2025-09-01", "2026-06-30"))
	tk.Must(t, err)
	_, err = e.svc.CreateContract(e.office, contract(pr, e.s2, e.e2, "2026-08-01", "2026-09-01", "2027-06-30"))
	conflictOn(t, err, "studentId") // one contract per (programme, student)
}

func TestContractsHideTheApprenticeFromAuditors(t *testing.T) {
	e := setup(t)
	pr := e.programme(t, e.e2)
	c, err := e.svc.CreateContract(e.office, contract(pr, e.s1, e.e2, "2025-08-01", "2025-09-01", "2026-06-30"))
	tk.Must(t, err)
	if c.Student.Name != "张一" || c.Student.StudentNo != "S1" {
		t.Errorf("office sees %+v", c.Student)
	}
	got, err := e.svc.FindContractByID(e.auditor, c.ID)
	tk.Must(t, err)
	if got.Student.Name == "张一" || got.Student.StudentNo != "" || got.GuardianName != "" || got.Student.Name[:len("匿名")] != "匿名" {
		t.Errorf("auditor sees %+v, guardian %q", got.Student, got.GuardianName)
	}
	page, err := e.svc.FindContracts(e.auditor, models.ContractFilter{ListParams: models.ListParams{Q: "张一"}})
	tk.Must(t, err)
	if page.Total != 0 {
		t.Errorf("auditor found the apprentice by name")
	}
}
