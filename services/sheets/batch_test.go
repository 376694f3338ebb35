package sheets_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// batchEnv is school A with a 1+X certificate piloted in 2026—2027 for major
// 710201, a batch of it assessed on 2026-11-20 (today is 2026-11-26), and
// students S1, S2, S5, S6 in 710201, S3, S4 in 710202 (not piloted) and G1,
// graduated.
type batchEnv struct {
	*env
	entry *models.CertEntry
	batch *models.Batch
	ids   map[string]bson.ObjectID // 学号 -> student id
}

// warning is the certs service's refusal of a 710202 student without a reason.
const warning = "本校2026—2027学年未对专业710202（计算机网络技术）开展“Web前端开发职业技能等级证书”试点，如确需报名请填写原因"

func setupBatch(t *testing.T) *batchEnv {
	t.Helper()
	e := &batchEnv{env: setup(t), ids: map[string]bson.ObjectID{}}
	if _, err := e.people.CreateMajor(e.office, models.MajorFields{Code: str("710202"), Name: str("计算机网络技术"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	year := 2024
	for i, st := range [][3]string{{"S1", "710201", ""}, {"S2", "710201", ""}, {"S3", "710202", ""}, {"S4", "710202", ""},
		{"S5", "710201", ""}, {"S6", "710201", ""}, {"G1", "710201", models.StudentGraduated}} {
		f := models.StudentFields{StudentNo: str(st[0]), Name: str("学生" + st[0]), IDNumber: str(idNumber(fmt.Sprintf("1101052008010100%d", i))),
			MajorCode: str(st[1]), CohortYear: &year}
		if st[2] != "" {
			f.Status, f.GraduationDate = str(st[2]), str("2026-07-01")
		}
		created, err := e.people.CreateStudent(e.office, f)
		if err != nil {
			t.Fatal(err)
		}
		e.ids[st[0]] = created.ID
	}
	var err error
	e.entry, err = e.certs.CreateEntry(e.office, models.CertEntryFields{Type: str(models.CertX), Name: str("Web前端开发职业技能等级证书"),
		EvaluationOrg: str("示例教育科技有限公司"), Batch: intp(1), Levels: &[]string{"初级", "中级", "高级"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(e.entry.ID.Hex()), SchoolYear: intp(2026), MajorCodes: &[]string{"710201"}}); err != nil {
		t.Fatal(err)
	}
	e.batch, err = e.certs.CreateBatch(e.office, models.BatchFields{EntryID: str(e.entry.ID.Hex()), Level: str("初级"), Date: str("2026-11-20"), Label: str("秋季第1批")})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func intp(n int) *int { return &n }

func (e *batchEnv) target() sheets.Target { return sheets.Target{BatchID: e.batch.ID.Hex()} }

func (e *batchEnv) parseBatch(t *testing.T, kind sheets.Kind, data []byte) *sheets.Preview {
	t.Helper()
	p, err := e.sheets.ParseFor(e.office, kind, e.target(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *batchEnv) current(t *testing.T) *models.Batch {
	t.Helper()
	b, err := e.certs.FindBatchByID(e.office, e.batch.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// register registers 学号 no through the service, outside any sheet.
func (e *batchEnv) register(t *testing.T, no, reason string) {
	t.Helper()
	b := e.current(t)
	r := models.Registration{Version: &b.Version, StudentNo: str(no), RegisteredAt: str("2026-11-01")}
	if reason != "" {
		r.Reason = str(reason)
	}
	if _, err := e.certs.Register(e.office, b.ID, r); err != nil {
		t.Fatal(err)
	}
}

// batchAudits counts the audit entries of changes to the batch.
func (e *batchEnv) batchAudits(t *testing.T) int64 {
	t.Helper()
	page, err := e.audit.FindEntries(e.office, models.AuditFilter{Entity: "cert_batch", EntityID: e.batch.ID.Hex(), Action: models.ActionUpdate})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

func TestRegistrations(t *testing.T) {
	e := setupBatch(t)
	data := book(t, headers(t, sheets.Registrations),
		[]any{"S1", "2026-11-01", ""},
		[]any{"S2", "2026-11-10", ""},
		[]any{"S3", "2026-11-10", ""},      // outside the pilot, no reason
		[]any{"S4", "2026/11/2", "学生自愿报考"}, // outside the pilot, with a reason
		[]any{"S1", "2026-11-01", ""},      // twice in the file
		[]any{"X9", "2026-11-10", ""},      // no such student
		[]any{"S5", "2026-11-25", ""},      // after the assessment
		[]any{"G1", "2026-11-10", ""},      // graduated
		[]any{"S6", "2026-13-01", ""},      // not a date
	)
	p := e.parseBatch(t, sheets.Registrations, data)
	want := []sheets.CellError{
		{Row: 4, Column: "试点外报名原因", Field: "reason", Message: warning},
		{Row: 6, Column: "学号", Field: "studentNo", Message: "与第2行的学号重复"},
		{Row: 7, Column: "学号", Field: "studentNo", Message: "本校没有该学生"},
		{Row: 8, Column: "报名日期", Field: "registeredAt", Message: "报名日期不能晚于考核日期2026-11-20"},
		{Row: 9, Column: "学号", Field: "studentNo", Message: "该学生学籍状态为“已毕业”，只有在籍学生可以报名"},
		{Row: 10, Column: "报名日期", Field: "registeredAt", Message: "日期须为有效日期，格式为YYYY-MM-DD"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if p.Good != 3 || p.Bad != 6 || p.BatchID != e.batch.ID.Hex() || p.SchoolID != e.schoolA.Hex() {
		t.Fatalf("good = %d, bad = %d, batch = %s, school = %s", p.Good, p.Bad, p.BatchID, p.SchoolID)
	}
	if b := e.current(t); len(b.Candidates) != 0 || b.Version != e.batch.Version {
		t.Fatalf("the preview wrote: %d candidates, version %d", len(b.Candidates), b.Version)
	}

	res := e.commit(t, e.office, p)
	if res.Created != 3 || res.Skipped != 6 || len(res.Failed) != 0 {
		t.Fatalf("result = %+v", res)
	}
	b := e.current(t)
	got := map[string]string{}
	for _, c := range b.Candidates {
		got[c.StudentNo] = c.RegisteredAt.String() + " " + c.Reason
	}
	if want := map[string]string{"S1": "2026-11-01 ", "S2": "2026-11-10 ", "S4": "2026-11-02 学生自愿报考"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("candidates = %v, want %v", got, want)
	}
	if b.Version != e.batch.Version+3 {
		t.Fatalf("version = %d, want %d (one write per row)", b.Version, e.batch.Version+3)
	}
	if n := e.batchAudits(t); n != 3 {
		t.Fatalf("%d audit entries, want one per registration", n)
	}

	t.Run("Re-upload changes nothing", func(t *testing.T) {
		again := e.parseBatch(t, sheets.Registrations, data)
		if got := actions(again)[:4]; !reflect.DeepEqual(got, []string{"unchanged", "unchanged", "create", "unchanged"}) {
			t.Fatalf("actions = %v", got)
		}
		if res := e.commit(t, e.office, again); res.Created != 0 || res.Unchanged != 3 {
			t.Fatalf("result = %+v", res)
		}
		if n := len(e.current(t).Candidates); n != 3 {
			t.Fatalf("%d candidates after re-upload, want 3", n)
		}
	})
	t.Run("ErrRegisteredOtherwise", func(t *testing.T) {
		p := e.parseBatch(t, sheets.Registrations, book(t, headers(t, sheets.Registrations),
			[]any{"S1", "2026-11-03", ""}, []any{"S4", "", "别的原因"}))
		want := []sheets.CellError{
			{Row: 2, Column: "报名日期", Field: "registeredAt", Message: "该学生已于2026-11-01报名本批次，报名日期不能通过导入修改"},
			{Row: 3, Column: "试点外报名原因", Field: "reason", Message: "该学生已报名本批次，报名原因不能通过导入修改"},
		}
		if got := errorsOf(p); !reflect.DeepEqual(got, want) {
			t.Fatalf("errors = %+v\nwant %+v", got, want)
		}
	})
	t.Run("Export reads back unchanged", func(t *testing.T) {
		rows := export(t, e.env, e.office, sheets.Registrations, e.target())
		if len(rows) != 4 || rows[3][0] != "S4" || rows[3][1] != "2026-11-02" || rows[3][2] != "学生自愿报考" {
			t.Fatalf("rows = %q", rows)
		}
		p := e.parseBatch(t, sheets.Registrations, exportBytes(t, e.env, e.office, sheets.Registrations, e.target()))
		if got := actions(p); !reflect.DeepEqual(got, []string{"unchanged", "unchanged", "unchanged"}) || p.Bad != 0 {
			t.Fatalf("actions = %v, errors = %+v", got, errorsOf(p))
		}
	})
}

func TestResults(t *testing.T) {
	e := setupBatch(t)
	for _, no := range []string{"S1", "S2", "S5", "S6"} {
		e.register(t, no, "")
	}
	e.register(t, "S4", "学生自愿报考")
	b := e.current(t)
	s2 := b.Candidates[1]
	if _, err := e.certs.RecordResult(e.office, b.ID, s2.ID, models.ResultFields{Version: &b.Version, Result: str(models.ResultPass),
		ScoreTheory: intp(80), ScorePractical: intp(75), CertificateNo: str("X-0001"), IssueDate: str("2026-11-25")}); err != nil {
		t.Fatal(err)
	}
	audits := e.batchAudits(t)
	data := book(t, headers(t, sheets.Results),
		[]any{"S1", "通过", 85, 90, "X-0002", "2026-11-25"},
		[]any{"S4", "缺考", "", "", "", ""},
		[]any{"S3", "通过", 60, 60, "", ""},                 // not registered
		[]any{"S5", "通过", 70, 70, "X-0002", "2026-11-25"}, // the number of row 2
		[]any{"S6", "通过", 70, 70, "X-0001", "2026-11-25"}, // S2's number
		[]any{"S6", "", "", "", "", ""},                   // twice
		[]any{"S5", "缺考", 10, "", "", ""},                 // twice; a score for an absent candidate
	)
	p := e.parseBatch(t, sheets.Results, data)
	want := []sheets.CellError{
		{Row: 4, Column: "学号", Field: "studentNo", Message: "该学生未报名本批次，不能登记考核结果，请先报名"},
		{Row: 5, Column: "证书编号", Field: "certificateNo", Message: "与第2行的证书编号重复"},
		{Row: 6, Column: "证书编号", Field: "certificateNo", Message: "该证书编号已登记给其他考生，同一证书的编号不能重复"},
		{Row: 7, Column: "学号", Field: "studentNo", Message: "与第6行的学号重复"},
		{Row: 8, Column: "学号", Field: "studentNo", Message: "与第5行的学号重复"},
		{Row: 8, Column: "理论成绩", Field: "scoreTheory", Message: "缺考的考生不能填写成绩"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if got := actions(p)[:2]; !reflect.DeepEqual(got, []string{"create", "create"}) {
		t.Fatalf("actions = %v", got)
	}
	// The dry run of row 2 claimed no number: parsing again finds X-0002 free.
	if again := e.parseBatch(t, sheets.Results, data); !reflect.DeepEqual(errorsOf(again), want) {
		t.Fatalf("second parse: errors = %+v", errorsOf(again))
	}

	res := e.commit(t, e.office, p)
	if res.Created != 2 || res.Unchanged != 0 || res.Skipped != 5 || len(res.Failed) != 0 {
		t.Fatalf("result = %+v", res)
	}
	results := func() map[string]string {
		out := map[string]string{}
		for _, c := range e.current(t).Candidates {
			out[c.StudentNo] = fmt.Sprintf("%s %v %v %s %s", c.Result, show(c.ScoreTheory), show(c.ScorePractical), c.CertificateNo, c.IssueDate)
		}
		return out
	}
	if got, want := results(), map[string]string{"S1": "pass 85 90 X-0002 2026-11-25", "S2": "pass 80 75 X-0001 2026-11-25",
		"S4": "absent - -  ", "S5": " - -  ", "S6": " - -  "}; !reflect.DeepEqual(got, want) {
		t.Fatalf("results = %v\nwant %v", got, want)
	}
	if n := e.batchAudits(t); n != audits+2 {
		t.Fatalf("%d audit entries, want %d", n, audits+2)
	}

	t.Run("Re-upload changes nothing", func(t *testing.T) {
		again := e.parseBatch(t, sheets.Results, book(t, headers(t, sheets.Results),
			[]any{"S1", "通过", 85, 90, "X-0002", "2026-11-25"},
			[]any{"S2", "通过", 80, 75, "X-0001", "2026-11-25"},
			[]any{"S4", "缺考", "", "", "", ""},
			[]any{"S5", "", "", "", "", ""}, // still pending
		))
		if got := actions(again); !reflect.DeepEqual(got, []string{"unchanged", "unchanged", "unchanged", "unchanged"}) || again.Bad != 0 {
			t.Fatalf("actions = %v, errors = %+v", got, errorsOf(again))
		}
	})
	t.Run("Export reads back unchanged", func(t *testing.T) {
		rows := export(t, e.env, e.office, sheets.Results, e.target())
		if len(rows) != 6 || rows[1][0] != "S1" || rows[1][1] != "通过" || rows[1][2] != "85" || rows[1][4] != "X-0002" {
			t.Fatalf("rows = %q", rows)
		}
		p := e.parseBatch(t, sheets.Results, exportBytes(t, e.env, e.office, sheets.Results, e.target()))
		if got := actions(p); !reflect.DeepEqual(got, []string{"unchanged", "unchanged", "unchanged", "unchanged", "unchanged"}) || p.Bad != 0 {
			t.Fatalf("actions = %v, errors = %+v", got, errorsOf(p))
		}
	})
	t.Run("Commit reports a result changed meanwhile and writes the rest", func(t *testing.T) {
		p := e.parseBatch(t, sheets.Results, book(t, headers(t, sheets.Results),
			[]any{"S1", "通过", 86, 90, "X-0002", "2026-11-25"},
			[]any{"S5", "未通过", 40, 50, "", ""},
		))
		if got := actions(p); !reflect.DeepEqual(got, []string{"update", "create"}) || p.Bad != 0 {
			t.Fatalf("actions = %v, errors = %+v", got, errorsOf(p))
		}
		b := e.current(t)
		if _, err := e.certs.RecordResult(e.office, b.ID, b.Candidates[0].ID, models.ResultFields{Version: &b.Version, Result: str(models.ResultFail)}); err != nil {
			t.Fatal(err)
		}
		res := e.commit(t, e.office, p)
		want := []sheets.RowFailure{{Row: 2, Key: "S1", Errors: []sheets.CellError{{Row: 2, Message: "记录已被他人修改，请刷新后重试"}}}}
		if res.Created != 1 || res.Updated != 0 || !reflect.DeepEqual(res.Failed, want) {
			t.Fatalf("result = %+v", res)
		}
		if got := results(); got["S1"] != "fail - -  " || got["S5"] != "fail 40 50  " {
			t.Fatalf("results = %v", got)
		}
	})
}

func show(p *int) any {
	if p == nil {
		return "-"
	}
	return *p
}

func TestBatchImportScope(t *testing.T) {
	e := setupBatch(t)
	data := book(t, headers(t, sheets.Registrations), []any{"S1", "2026-11-10", ""})
	tests := []struct {
		name string
		ctx  context.Context
		t    sheets.Target
		want error
	}{
		{"ErrOtherSchool", e.officeB, e.target(), models.ErrNotFound},
		{"ErrAuditor", e.auditor, e.target(), models.ErrForbidden},
		{"ErrNoSuchBatch", e.office, sheets.Target{BatchID: bson.NewObjectID().Hex()}, models.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.sheets.ParseFor(tt.ctx, sheets.Registrations, tt.t, bytes.NewReader(data)); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("ErrNoBatch", func(t *testing.T) {
		_, err := e.sheets.ParseFor(e.office, sheets.Results, sheets.Target{}, bytes.NewReader(data))
		var ve *models.ValidationError
		if !errors.As(err, &ve) || ve.Fields["batchId"] != "请指定考核批次" {
			t.Fatalf("err = %v, want batchId required", err)
		}
	})
	t.Run("ErrTamperedPreviewBatch", func(t *testing.T) {
		p := e.parseBatch(t, sheets.Registrations, data)
		other, err := e.certs.CreateBatch(e.admin, models.BatchFields{SchoolID: str(e.schoolB.Hex()), EntryID: str(e.entry.ID.Hex()),
			Level: str("初级"), Date: str("2026-11-20")})
		if err != nil {
			t.Fatal(err)
		}
		p.BatchID = other.ID.Hex()
		if _, err := e.sheets.Commit(e.office, p); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("OK admin", func(t *testing.T) {
		p, err := e.sheets.ParseFor(e.admin, sheets.Registrations, e.target(), bytes.NewReader(data))
		if err != nil || p.Good != 1 || p.SchoolID != e.schoolA.Hex() {
			t.Fatalf("preview = %+v, %v", p, err)
		}
	})
}

// TestBatchTemplatesParse: the example row of each batch template imports: the
// registration (dated today) into a batch still to come, the result once its
// student is registered in a batch assessed.
func TestBatchTemplatesParse(t *testing.T) {
	e := setupBatch(t)
	year := 2025
	if _, err := e.people.CreateStudent(e.office, models.StudentFields{StudentNo: str("2025001"), Name: str("示例"),
		IDNumber: str(idNumber("11010520090101001")), MajorCode: str("710201"), CohortYear: &year}); err != nil {
		t.Fatal(err)
	}
	e.register(t, "2025001", "")
	coming, err := e.certs.CreateBatch(e.office, models.BatchFields{EntryID: str(e.entry.ID.Hex()), Level: str("初级"), Date: str("2026-12-20")})
	if err != nil {
		t.Fatal(err)
	}
	for kind, batch := range map[sheets.Kind]string{sheets.Registrations: coming.ID.Hex(), sheets.Results: e.batch.ID.Hex()} {
		p, err := e.sheets.ParseFor(e.office, kind, sheets.Target{BatchID: batch}, bytes.NewReader(template(t, kind)))
		if err != nil || p.Good != 1 || p.Rows[0].Action != sheets.ActionCreate {
			t.Fatalf("%s: preview = %+v, %v", kind, p, err)
		}
		if res := e.commit(t, e.office, p); res.Created != 1 || len(res.Failed) != 0 {
			t.Fatalf("%s: result = %+v", kind, res)
		}
	}
}
