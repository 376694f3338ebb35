package sheets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/sheets"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// placementFixture is setup plus what placement rows name: students S1 to S4
// of school A (second-years born in 2008), the template's example enterprise
// (20 on-post staff, so INT-12 allows 2 interns at a time), a second one
// named 乙制造有限公司 and teacher T1.
type placementFixture struct {
	*env
	unit, other *models.Enterprise
	students    map[string]*models.Student
	teacher     *models.Teacher
}

func newPlacementFixture(t *testing.T) *placementFixture {
	t.Helper()
	f := &placementFixture{env: setup(t), students: map[string]*models.Student{}}
	var err error
	f.unit, err = f.ent0(t, "9144030071526726XG", "示例科技有限公司")
	if err != nil {
		t.Fatal(err)
	}
	cc := "91110000MA01ABCD1"
	if f.other, err = f.ent0(t, cc+string(models.CreditCodeCheckChar(cc)), "乙制造有限公司"); err != nil {
		t.Fatal(err)
	}
	for i, no := range []string{"S1", "S2", "S3", "S4"} {
		st, err := f.people.CreateStudent(f.office, models.StudentFields{StudentNo: str(no), Name: str("学生" + no),
			IDNumber: str(idNumber(fmt.Sprintf("1101052008050100%d", i+1))), MajorCode: str("710201"), CohortYear: num(2024)})
		if err != nil {
			t.Fatal(err)
		}
		f.students[no] = st
	}
	f.teacher, err = f.people.CreateTeacher(f.office, models.TeacherFields{StaffNo: str("T1"), Name: str("李老师"),
		CourseType: str(models.CourseProfessional), Employment: str(models.EmploymentFullTime), HireDate: str("2020-09-01")})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *placementFixture) ent0(t *testing.T, code, name string) (*models.Enterprise, error) {
	t.Helper()
	return f.env.ent.CreateEnterprise(f.admin, models.EnterpriseFields{CreditCode: str(code), Name: str(name), OnPostStaff: num(20), OnPostStaffAsOf: str("2026-09-01")})
}

// placementRow is the template's example row for student no from start to end,
// with the cells named in change (by header) replaced: a placement that breaks
// no rule, at the example enterprise, mentored by T1.
func placementRow(t testing.TB, no, start, end string, change map[string]any) []any {
	t.Helper()
	cells := map[string]any{"学号": no, "学生姓名": "学生" + no, "开始日期": start, "计划结束日期": end, "学校指导教师工号": "T1",
		"保险起期": start, "保险止期": end}
	row, err := sheets.ExampleRow(sheets.Placements, cells, change)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

func (f *placementFixture) placementBook(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	return book(t, append([][]any{headers(t, sheets.Placements)}, rows...)...)
}

// written is what the store holds of placements: how many, and how many audit
// entries name one.
func (f *placementFixture) written(t *testing.T) string {
	t.Helper()
	page, err := f.plc.FindPlacements(f.admin, models.PlacementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := f.audit.FindEntries(f.admin, models.AuditFilter{Entity: "placement"})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d placements, %d audit entries", page.Total, entries.Total)
}

// findingsOf lists a row's findings as "severity:rule".
func findingsOf(r sheets.Row) string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Severity+":"+f.RuleID)
	}
	return strings.Join(out, " ")
}

// roundTrip is the preview as the pages keep it: through JSON.
func roundTrip(t *testing.T, p *sheets.Preview) *sheets.Preview {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var kept sheets.Preview
	if err := json.Unmarshal(b, &kept); err != nil {
		t.Fatal(err)
	}
	return &kept
}

// TestPlacementImport: a file of five rows, a legacy 顶岗实习 that breaks no
// rule, one that breaks three, two bad ones and one naming its enterprise by
// name alone; the preview gives each row its errors or its findings and
// writes nothing; the commit writes the three good rows as drafts with their
// check; the same file again is unchanged.
func TestPlacementImport(t *testing.T) {
	f := newPlacementFixture(t)
	data := f.placementBook(t,
		placementRow(t, "S1", "2027-03-01", "2027-06-30", map[string]any{"实习类型": "顶岗实习"}),
		placementRow(t, "S2", "2027-03-01", "2027-06-30", map[string]any{"经中介机构安排": "是", "体力劳动强度等级": "",
			"实习单位签订日期": "2027-03-03"}),
		placementRow(t, "S9", "2027-03-01", "2027-06-30", map[string]any{"每日工作小时数": "八"}),
		placementRow(t, "S3", "2027-03-01", "2027-02-01", map[string]any{"实习单位名称": "别的公司"}),
		placementRow(t, "S4", "2027-03-01", "2027-03-05", map[string]any{"实习单位统一社会信用代码": "", "实习单位名称": "乙制造有限公司",
			"实习类型": "认识实习"}),
	)
	before := f.written(t)
	p := f.parse(t, f.office, sheets.Placements, data)

	wantErrors := []sheets.CellError{
		{Row: 4, Column: "学号", Field: "studentNo", Message: "本校没有学号为S9的学生"},
		{Row: 4, Column: "每日工作小时数", Field: "schedule.hoursPerDay", Message: "每日工作小时数须为数字，如7.5"},
		{Row: 5, Column: "实习单位名称", Field: "enterpriseName", Message: "与统一社会信用代码对应的企业名称（示例科技有限公司）不一致"},
		{Row: 5, Column: "计划结束日期", Field: "plannedEndDate", Message: "计划结束日期不能早于开始日期"},
		{Row: 5, Column: "保险止期", Field: "insurance.to", Message: "保险止期不能早于起期"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, wantErrors) {
		t.Fatalf("errors = %+v\nwant %+v", got, wantErrors)
	}
	if p.Good != 3 || p.Bad != 2 {
		t.Fatalf("good %d, bad %d", p.Good, p.Bad)
	}
	wantFindings := map[int]string{2: "", 3: "block:INT-06 warn:INT-07 block:INT-17", 6: ""}
	for _, r := range p.Rows {
		want, good := wantFindings[r.Number]
		if !good {
			if len(r.Findings) != 0 {
				t.Errorf("bad row %d has findings %s", r.Number, findingsOf(r))
			}
			continue
		}
		if got := findingsOf(r); got != want || r.RuleSet != "2021.1" || r.Action != sheets.ActionCreate {
			t.Errorf("row %d: findings %q under %q, action %s; want %q under 2021.1, create", r.Number, got, r.RuleSet, r.Action, want)
		}
	}
	if got := p.Rows[1].Findings[2].Message; !strings.Contains(got, "实习单位") || !strings.Contains(got, "2027-03-03") {
		t.Errorf("INT-17 says %q, want it to name the unit's late signature", got)
	}
	if got := f.written(t); got != before {
		t.Fatalf("the preview wrote: before %s, after %s", before, got)
	}

	t.Run("OK commit writes the good rows as drafts with their check", func(t *testing.T) {
		res := f.commit(t, f.office, roundTrip(t, p))
		if res.Created != 3 || res.Skipped != 2 || len(res.Failed) != 0 {
			t.Fatalf("result = %+v", res)
		}
		if got, want := f.written(t), "3 placements, 3 audit entries"; got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
		page, err := f.plc.FindPlacements(f.office, models.PlacementFilter{StudentID: f.students["S2"].ID.Hex()})
		if err != nil || page.Total != 1 {
			t.Fatalf("S2's placements: %+v, %v", page, err)
		}
		pl := page.Items[0]
		if pl.Status != models.PlacementDraft || len(pl.Checks) != 1 || pl.Compliance != placements.ComplianceBlock ||
			pl.Mentors.SchoolMentorTeacherID != f.teacher.ID || pl.Pay.MonthlyAmountFen != 300000 || pl.Schedule.HoursPerDay != 8 {
			t.Errorf("stored %+v", pl)
		}
		if got := checkOf(pl.Checks[0]); got != "block:INT-06 warn:INT-07 block:INT-17" {
			t.Errorf("stored check %s", got)
		}
		page, err = f.plc.FindPlacements(f.office, models.PlacementFilter{StudentID: f.students["S1"].ID.Hex()})
		if err != nil || page.Total != 1 || page.Items[0].Kind != models.PlacementPosition || page.Items[0].LegacyKind != models.LegacyTop {
			t.Errorf("S1's 顶岗实习: %+v, %v; want a 岗位实习 keeping its legacy kind", page.Items, err)
		}
	})
	t.Run("OK a second commit of the same preview writes nothing", func(t *testing.T) {
		before := f.written(t)
		res := f.commit(t, f.office, roundTrip(t, p))
		if res.Created != 0 || len(res.Failed) != 3 || res.Failed[0].Errors[0].Message != "该学生在该实习单位同一开始日期的实习已经登记（预览之后），请重新上传文件" {
			t.Fatalf("result = %+v", res)
		}
		if got := f.written(t); got != before {
			t.Fatalf("before %s, after %s", before, got)
		}
	})
	t.Run("OK the same file again is unchanged", func(t *testing.T) {
		again := f.parse(t, f.office, sheets.Placements, data)
		if got, want := actions(again), []string{"unchanged", "unchanged", "create", "create", "unchanged"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("actions = %v, want %v", got, want)
		}
		before := f.written(t)
		if res := f.commit(t, f.office, again); res.Unchanged != 3 || res.Created != 0 {
			t.Fatalf("result = %+v", res)
		}
		if got := f.written(t); got != before {
			t.Fatalf("before %s, after %s", before, got)
		}
	})
}

func checkOf(c models.PlacementCheck) string {
	var out []string
	for _, f := range c.Findings {
		out = append(out, f.Severity+":"+f.RuleID)
	}
	return strings.Join(out, " ")
}

// A claimed preview is committed once: the second claim finds nothing.
func TestPlacementPreviewCommittedOnce(t *testing.T) {
	f := newPlacementFixture(t)
	p := f.parse(t, f.office, sheets.Placements, f.placementBook(t, placementRow(t, "S1", "2027-03-01", "2027-06-30", nil)))
	previews := sheets.NewPreviews(storetest.Open(t), now)
	id, err := previews.Save(f.office, p, "实习.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	_, taken, err := previews.Take(f.office, id)
	if err != nil {
		t.Fatal(err)
	}
	if res := f.commit(t, f.office, taken); res.Created != 1 {
		t.Fatalf("result = %+v", res)
	}
	if _, _, err := previews.Take(f.office, id); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("second claim: %v, want ErrNotFound", err)
	}
	if got, want := f.written(t), "1 placements, 1 audit entries"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

// A row matching a draft updates it (its recorded charges kept); one matching
// an activated placement is refused and leaves it alone.
func TestPlacementImportMatchesStored(t *testing.T) {
	f := newPlacementFixture(t)
	withFee := f.fields(t, "S1", "2027-03-01", "2027-06-30")
	withFee.Fees = &models.Fees{Charges: []models.Charge{{Kind: models.FeeMaterials, AmountFen: 5000}}}
	draft, err := f.plc.CreatePlacement(f.office, withFee)
	if err != nil {
		t.Fatal(err)
	}
	activeFields := f.fields(t, "S2", "2027-03-01", "2027-06-30")
	active, err := f.plc.CreatePlacement(f.office, activeFields)
	if err != nil {
		t.Fatal(err)
	}
	if active, err = f.plc.Activate(f.office, active.ID, placements.Activation{Version: &active.Version}); err != nil {
		t.Fatal(err)
	}
	data := f.placementBook(t,
		placementRow(t, "S1", "2027-03-01", "2027-06-30", map[string]any{"岗位名称": "数控编程助理", "每日工作小时数": "7.5"}),
		placementRow(t, "S2", "2027-03-01", "2027-06-30", map[string]any{"岗位名称": "别的岗位"}),
	)
	p := f.parse(t, f.office, sheets.Placements, data)
	up := p.Rows[0]
	if up.Action != sheets.ActionUpdate || up.ID != draft.ID.Hex() || up.Version != draft.Version || len(up.Errors) != 0 {
		t.Fatalf("row 2 = %+v", up)
	}
	want := []sheets.CellError{{Row: 3, Field: "status", Message: "已生效的实习不能通过导入修改"}}
	if got := p.Rows[1].Errors; !reflect.DeepEqual(got, want) {
		t.Fatalf("row 3 errors = %+v, want %+v", got, want)
	}
	res := f.commit(t, f.office, p)
	if res.Updated != 1 || res.Skipped != 1 || len(res.Failed) != 0 {
		t.Fatalf("result = %+v", res)
	}
	got, err := f.plc.FindPlacementByID(f.office, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != draft.Version+1 || got.Post.Name != "数控编程助理" || got.Schedule.HoursPerDay != 7.5 || len(got.Checks) != 1 ||
		len(got.Fees.Charges) != 1 || got.Fees.Charges[0].AmountFen != 5000 {
		t.Errorf("updated draft = %+v", got)
	}
	after, err := f.plc.FindPlacementByID(f.office, active.ID)
	if err != nil || after.Version != active.Version || after.Post.Name != "软件测试助理" {
		t.Errorf("the active placement changed: %+v, %v", after, err)
	}
}

// fields is placementRow's placement as API fields.
func (f *placementFixture) fields(t *testing.T, no, start, end string) models.PlacementFields {
	t.Helper()
	var out models.PlacementFields
	b, _ := json.Marshal(map[string]any{
		"kind": "position", "arrangement": "school_arranged", "studentId": f.students[no].ID.Hex(), "enterpriseId": f.unit.ID.Hex(),
		"post":      map[string]any{"name": "软件测试助理", "sameKindPostKey": "软件测试", "sameKindPostStaff": 20, "match": "matched", "labourClass": 1},
		"startDate": start, "plannedEndDate": end, "schedule": map[string]any{"hoursPerDay": 8, "daysPerWeek": 5},
		"agreement": map[string]any{"docRef": "SX", "signedBySchool": "2026-08-28", "signedByUnit": "2026-08-28", "signedByStudent": "2026-08-28"},
		"consent":   map[string]any{"studentSignedAt": "2026-08-28", "guardianName": "张父", "relation": "父亲", "guardianSignedAt": "2026-08-28"},
		"insurance": map[string]any{"insurer": "示例保险", "policyNo": "P1", "from": start, "to": end, "premiumPaidBy": "school"},
		"pay": map[string]any{"independentWork": true, "monthlyAmountFen": 300000, "samePostWageFen": 350000, "cycleDays": 30,
			"method": "bank_transfer", "paidDirectly": true},
		"fees":    map[string]any{"declaredNone": true},
		"mentors": map[string]any{"schoolMentorTeacherId": f.teacher.ID.Hex(), "enterpriseMentorName": "王师傅"},
	})
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Two rows of one student whose 岗位实习 overlap: the second is refused,
// naming the first; a 认识实习 in the same days is not. A row overlapping a
// stored 岗位实习 of its student is refused too.
func TestPlacementImportOverlaps(t *testing.T) {
	f := newPlacementFixture(t)
	stored := f.fields(t, "S2", "2027-03-01", "2027-06-30")
	stored.EnterpriseID = str(f.other.ID.Hex())
	if _, err := f.plc.CreatePlacement(f.office, stored); err != nil {
		t.Fatal(err)
	}
	otherUnit := map[string]any{"实习单位统一社会信用代码": f.other.CreditCode, "实习单位名称": ""}
	p := f.parse(t, f.office, sheets.Placements, f.placementBook(t,
		placementRow(t, "S1", "2027-03-01", "2027-06-30", nil),
		placementRow(t, "S1", "2027-06-01", "2027-08-31", otherUnit),
		placementRow(t, "S1", "2027-04-01", "2027-04-02", map[string]any{"实习类型": "认识实习", "实习单位统一社会信用代码": f.other.CreditCode, "实习单位名称": ""}),
		placementRow(t, "S2", "2027-05-01", "2027-07-31", nil),
		placementRow(t, "S3", "2027-05-01", "2027-07-31", nil),
	))
	want := []sheets.CellError{
		{Row: 3, Column: "开始日期", Field: "startDate", Message: "与第2行该学生的岗位实习（2027-03-01至2027-06-30）时间重叠，同一学生的岗位实习时间不能重叠"},
		{Row: 5, Column: "开始日期", Field: "startDate", Message: "该学生2027-03-01至2027-06-30已有岗位实习（乙制造有限公司），同一学生的岗位实习时间不能重叠"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
}

// The caps count the enterprise's activated 岗位实习, not the file's other
// rows: with two interns active at a 20-staff unit (cap 2), each new row is
// the third.
func TestPlacementImportCaps(t *testing.T) {
	f := newPlacementFixture(t)
	for _, no := range []string{"S1", "S2"} {
		pl, err := f.plc.CreatePlacement(f.office, f.fields(t, no, "2027-03-01", "2027-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.plc.Activate(f.office, pl.ID, placements.Activation{Version: &pl.Version}); err != nil {
			t.Fatal(err)
		}
	}
	p := f.parse(t, f.office, sheets.Placements, f.placementBook(t,
		placementRow(t, "S3", "2027-03-01", "2027-06-30", map[string]any{"同类岗位": "测试3"}),
		placementRow(t, "S4", "2027-03-01", "2027-06-30", map[string]any{"同类岗位": "测试4"}),
	))
	for _, r := range p.Rows {
		if got := findingsOf(r); got != "warn:INT-12" {
			t.Errorf("row %d: findings %q, want warn:INT-12 (the third intern of 20 staff)", r.Number, got)
		}
	}
}

// Who may import placements: office users into their school, the system admin
// into the school it names; auditors and enterprise users not at all.
func TestPlacementImportScope(t *testing.T) {
	f := newPlacementFixture(t)
	data := f.placementBook(t, placementRow(t, "S1", "2027-03-01", "2027-06-30", nil))
	for name, ctx := range map[string]context.Context{"auditor": f.auditor,
		"enterprise": models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Role: models.RoleEnterprise, EnterpriseID: f.unit.ID})} {
		if _, err := f.sheets.Parse(ctx, sheets.Placements, "", bytes.NewReader(data)); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("%s: err = %v, want ErrForbidden", name, err)
		}
	}
	if _, err := f.sheets.Parse(f.admin, sheets.Placements, "", bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), "schoolId") {
		t.Errorf("admin without a school: err = %v", err)
	}
	p, err := f.sheets.Parse(f.admin, sheets.Placements, f.schoolA.Hex(), bytes.NewReader(data))
	if err != nil || p.Good != 1 {
		t.Fatalf("admin into school A: %+v, %v", p, err)
	}
	p, err = f.sheets.Parse(f.officeB, sheets.Placements, "", bytes.NewReader(data))
	if err != nil || p.Bad != 1 || p.Rows[0].Errors[0].Message != "本校没有学号为S1的学生" {
		t.Fatalf("school B: %+v, %v", p, err)
	}
}
