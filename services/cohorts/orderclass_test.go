package cohorts_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
)

// class is a valid order class of 甲 for 710201 2024, agreement signed
// 2025-02-20, with members.
func (e *env) class(members ...models.MemberInput) models.OrderClassFields {
	return models.OrderClassFields{Name: tk.Str("甲机床订单班"), EnterpriseID: tk.Str(e.e1.ID.Hex()), MajorCode: tk.Str("710201"), CohortYear: tk.Num(2024),
		AgreementDoc: tk.Str("DD-2025-01"), AgreementSignedAt: tk.Str("2025-02-20"), Members: &members, EmploymentCommitment: tk.Str("考核合格者全部录用")}
}

func TestOrderClassRules(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name   string
		change func(f *models.OrderClassFields)
		want   string
	}{
		{"valid", nil, ""},
		{"ByID", func(f *models.OrderClassFields) {
			(*f.Members)[0] = models.MemberInput{StudentID: e.s1.ID.Hex(), JoinedAt: "2025-03-01"}
		}, ""},
		{"JoinedOnSigningDay", func(f *models.OrderClassFields) { (*f.Members)[0].JoinedAt = "2025-02-20" }, ""},
		{"JoinedBeforeAgreement", func(f *models.OrderClassFields) { (*f.Members)[0].JoinedAt = "2025-02-19" }, "members[0].joinedAt"},
		{"UnknownStudentNo", func(f *models.OrderClassFields) { (*f.Members)[1].StudentNo = "S9" }, "members[1].studentNo"},
		{"AnotherSchoolsStudent", func(f *models.OrderClassFields) {
			(*f.Members)[1] = models.MemberInput{StudentID: e.b1.ID.Hex(), JoinedAt: "2025-03-01"}
		}, "members[1].studentId"},
		{"LeftBeforeJoining", func(f *models.OrderClassFields) { (*f.Members)[1].LeftAt = "2025-02-28" }, "members[1].leftAt"},
		{"TwiceAtOnce", func(f *models.OrderClassFields) {
			*f.Members = append(*f.Members, models.MemberInput{StudentNo: "S1", JoinedAt: "2025-06-01"})
		}, "members[2].studentId"},
		{"TwiceInTurn", func(f *models.OrderClassFields) {
			(*f.Members)[0].LeftAt = "2025-05-31"
			*f.Members = append(*f.Members, models.MemberInput{StudentNo: "S1", JoinedAt: "2025-06-01"})
		}, ""},
		{"LeftOnTheDayTheLaterJoined", func(f *models.OrderClassFields) {
			(*f.Members)[0].JoinedAt = "2025-06-01"
			*f.Members = append(*f.Members, models.MemberInput{StudentNo: "S1", JoinedAt: "2025-03-01", LeftAt: "2025-06-01"})
		}, "members[2].studentId"},
		{"HireOfANonMember", func(f *models.OrderClassFields) {
			f.Hires = &[]models.HireInput{{StudentNo: "S3", HiredAt: "2026-07-01"}}
		}, "hires[0].studentId"},
		{"HireWithoutDate", func(f *models.OrderClassFields) { f.Hires = &[]models.HireInput{{StudentNo: "S1"}} }, "hires[0].hiredAt"},
		{"Missing", func(f *models.OrderClassFields) {
			f.Name, f.EnterpriseID, f.AgreementDoc, f.AgreementSignedAt = tk.Str(""), tk.Str(""), tk.Str(""), tk.Str("")
		}, "agreementDoc agreementSignedAt enterpriseId name"},
		{"BadDates", func(f *models.OrderClassFields) {
			(*f.Members)[0].JoinedAt, f.AgreementSignedAt = "2025-13-01", tk.Str("昨天")
		}, "agreementSignedAt members[0].joinedAt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := e.class(models.MemberInput{StudentNo: "S1", JoinedAt: "2025-03-01"}, models.MemberInput{StudentNo: "S2", JoinedAt: "2025-03-01"})
			if c.change != nil {
				c.change(&f)
			}
			got, err := e.svc.CreateOrderClass(e.office, f)
			if c.want == "" {
				tk.Must(t, err)
				if got.EnterpriseName != "甲机床有限公司" || got.Members[0].Student.Name != "张一" {
					t.Errorf("class %+v", got)
				}
				tk.Must(t, e.svc.DeleteOrderClass(e.office, got.ID))
				return
			}
			if f := fields(t, err); f != c.want {
				t.Errorf("fields = %s, want %s", f, c.want)
			}
		})
	}
}

func TestOneOrderClassAtATime(t *testing.T) {
	e := setup(t)
	first, err := e.svc.CreateOrderClass(e.office, e.class(models.MemberInput{StudentNo: "S1", JoinedAt: "2025-03-01", LeftAt: "2025-08-31"}))
	tk.Must(t, err)
	other := func(joined string) models.OrderClassFields {
		f := e.class(models.MemberInput{StudentNo: "S2", JoinedAt: "2025-09-01"}, models.MemberInput{StudentNo: "S1", JoinedAt: joined})
		f.Name, f.EnterpriseID = tk.Str("乙制造订单班"), tk.Str(e.e2.ID.Hex())
		return f
	}
	_, err = e.svc.CreateOrderClass(e.office, other("2025-08-31")) // the day S1 leaves the first class
	conflictOn(t, err, "members[1].studentId")
	second, err := e.svc.CreateOrderClass(e.office, other("2025-09-01"))
	tk.Must(t, err)
	// reopening S1's first membership now overlaps the second class
	_, err = e.svc.UpdateOrderClass(e.office, first.ID, models.OrderClassFields{Version: tk.Ver(first.Version),
		Members: &[]models.MemberInput{{StudentNo: "S1", JoinedAt: "2025-03-01"}}})
	conflictOn(t, err, "members[0].studentId")
	// one class per enterprise, major and cohort
	f := e.class()
	f.Name = tk.Str("甲机床二班")
	_, err = e.svc.CreateOrderClass(e.office, f)
	conflictOn(t, err, "enterpriseId")
	conflictOn(t, e.people.DeleteStudent(e.office, e.s2.ID), "id")
	conflictOn(t, e.enterprises.DeleteEnterprise(e.admin, e.e2.ID), "id")

	got, err := e.svc.FindOrderClassByID(e.auditor, second.ID)
	tk.Must(t, err)
	for _, m := range got.Members {
		if m.Student.StudentNo != "" || m.Student.Name == "张一" || m.Student.Name == "张二" {
			t.Errorf("auditor sees member %+v", m.Student)
		}
	}
}
