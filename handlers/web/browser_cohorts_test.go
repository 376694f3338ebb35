//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/models"
)

// cohortPaths are the pages seedCohortRecords made.
type cohortPaths struct{ programme, contract, class string }

// seedCohortRecords adds, as the office, two programmes (the first with both
// enterprises), a contract of 李小红 in the first, and an order class with
// 李小红 in it and hired and 王小明 gone.
func seedCohortRecords(t *testing.T, s *site, d placementSeed) cohortPaths {
	t.Helper()
	ctx := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	cohort, wage := 2024, int64(250000)
	pr, err := s.h.Cohorts.CreateProgramme(ctx, models.ProgrammeFields{Name: str("数控技术应用专业现代学徒制试点（校企双主体育人）"),
		EnterpriseIDs: &[]string{d.enterprise, d.other}, MajorCode: str("710201"), CohortYear: &cohort, StartDate: str(date(d.signed)),
		EndDate: str(date(d.end)), TrainingPlanDoc: str("数控技术应用专业现代学徒制人才培养方案（2024版）"), SchoolLead: str("周主任"), EnterpriseLead: str("钱经理")})
	if err != nil {
		t.Fatal(err)
	}
	older := 2023
	if _, err := s.h.Cohorts.CreateProgramme(ctx, models.ProgrammeFields{Name: str("工业机器人现代学徒制"), EnterpriseIDs: &[]string{d.enterprise},
		MajorCode: str("710201"), CohortYear: &older, StartDate: str("2023-09-01"), EndDate: str("2026-06-30")}); err != nil {
		t.Fatal(err)
	}
	st, err := s.h.People.FindStudents(ctx, models.StudentFilter{ListParams: models.ListParams{Q: "S2024001"}})
	if err != nil || len(st.Items) != 1 {
		t.Fatalf("student S2024001: %v", err)
	}
	ct, err := s.h.Cohorts.CreateContract(ctx, models.ContractFields{ProgrammeID: str(pr.ID.Hex()), StudentID: str(st.Items[0].ID.Hex()),
		EnterpriseID: str(d.enterprise), SignedAt: str(date(d.signed)), StartDate: str(date(d.signed)), EndDate: str(date(d.end)),
		Post: str("数控车工"), MasterName: str("王师傅"), MasterPhone: str("13800138000"), WageFen: &wage, Doc: str("XT-2024-001"),
		Status: str(models.ContractActive)})
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.h.Cohorts.CreateOrderClass(ctx, models.OrderClassFields{Name: str("示例企业智能制造订单班"), EnterpriseID: str(d.enterprise),
		MajorCode: str("710201"), CohortYear: &cohort, AgreementDoc: str("DD-2024-01"), AgreementSignedAt: str("2024-07-01"),
		JointCourses: &[]string{"数控编程与加工", "精密测量技术", "智能产线运维"}, EmploymentCommitment: str("考核合格的毕业生全部录用，起薪不低于本地同岗位平均水平"),
		Members: &[]models.MemberInput{{StudentNo: "S2024001", JoinedAt: "2024-09-01"}, {StudentNo: "S2024002", JoinedAt: "2024-09-01", LeftAt: "2025-01-15"}},
		Hires:   &[]models.HireInput{{StudentNo: "S2024001", HiredAt: "2027-06-20", Doc: "录用通知书 2027-015"}}})
	if err != nil {
		t.Fatal(err)
	}
	return cohortPaths{programme: "/apprenticeship-programmes/" + pr.ID.Hex(), contract: "/apprenticeship-contracts/" + ct.ID.Hex(),
		class: "/order-classes/" + o.ID.Hex()}
}

// TestBrowserCohorts visits the programmes, contracts and order classes as the
// office at 1366×768, sends the order class form with wrong member lines, and
// reads the class as the auditor, with a screenshot of each page.
func TestBrowserCohorts(t *testing.T) {
	s := newSite(t)
	d := seedCohorts(t, s)
	p := seedCohortRecords(t, s, d)
	base := serve(t, s)

	office := chrome(t, 1366, 768)
	var membersErr string
	err := chromedp.Do(office,
		loginAs(base, "office"),
		visit(t, base, "/apprenticeship-programmes", "cohorts-programmes"),
		visit(t, base, p.programme, "cohorts-programme"),
		visit(t, base, "/apprenticeship-contracts", "cohorts-contracts"),
		visit(t, base, p.contract, "cohorts-contract"),
		visit(t, base, "/apprenticeship-contracts/new?programmeId="+strings.TrimPrefix(p.programme, "/apprenticeship-programmes/"), "cohorts-contract-form"),
		visit(t, base, "/order-classes", "cohorts-classes"),
		visit(t, base, p.class, "cohorts-class"),
		visit(t, base, p.class+"/edit", "cohorts-class-form"),
		chromedp.SetValue(`#members`, "S2024001 2024-09-01\nS9999 2024-09-01\nS2024002 2024-09-01 2025-01-15 多余"),
		chromedp.Submit(`#members`),
		chromedp.WaitVisible(`#members-error`),
		text(`#members-error`, &membersErr),
		page(t, "cohorts-class-form-errors"),
		visit(t, base, "/placements/new", "cohorts-placement-form"),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"第2行“S9999 2024-09-01”（学号）：本校没有学号为S9999的学生", "第3行“S2024002 2024-09-01 2025-01-15 多余”格式不正确"} {
		if !strings.Contains(membersErr, want) {
			t.Errorf("beside the members: %q, want %q", membersErr, want)
		}
	}

	auditor := chrome(t, 1366, 768)
	var members string
	err = chromedp.Do(auditor,
		loginAs(base, "auditor"),
		visit(t, base, "/apprenticeship-programmes", "cohorts-programmes-auditor"),
		visit(t, base, p.class, "cohorts-class-auditor"),
		text(`main`, &members),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(members, "匿名") || strings.Contains(members, "李小红") {
		t.Errorf("the auditor's class page:\n%s", members)
	}
}
