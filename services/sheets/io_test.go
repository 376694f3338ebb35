package sheets_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

func creditCode(first17 string) string { return first17 + string(models.CreditCodeCheckChar(first17)) }

func TestTeachers(t *testing.T) {
	e := setup(t)
	ent, err := e.ent.CreateEnterprise(e.office, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例科技有限公司")})
	if err != nil {
		t.Fatal(err)
	}
	unknown := creditCode("91120106MA0000001")
	data := book(t, headers(t, sheets.Teachers),
		[]any{"T1", "甲", "", "专业课", "企业兼职", "9144030071526726xg", "2020-09-01", 36},
		[]any{"T2", "乙", idNumber("11010519800101001"), "公共基础课", "专任", "", 44075, ""},
		[]any{"T3", "丙", "", "实习指导", "企业兼职", unknown, "2020/9/1", 0},
		[]any{"T4", "丁", "", "专业课", "企业兼职", "123", "2020-09-01", 0},
		[]any{"T5", "戊", "", "专业课", "专任", "", "2020-02-30", 700},
	)
	p := e.parse(t, e.office, sheets.Teachers, data)
	want := []sheets.CellError{
		{Row: 4, Column: "所在企业统一社会信用代码", Field: "employerEnterpriseId", Message: "未找到统一社会信用代码为" + unknown + "的企业，请先在企业管理中添加"},
		{Row: 5, Column: "所在企业统一社会信用代码", Field: "employerEnterpriseId", Message: "统一社会信用代码须为18位"},
		{Row: 6, Column: "入职日期", Field: "hireDate", Message: "日期须为有效日期，格式为YYYY-MM-DD"},
		{Row: 6, Column: "入职前企业工作经历（月）", Field: "enterpriseExperienceMonths", Message: "入职前企业工作经历（月）不能大于600"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if f := p.Rows[0].Fields; f["employerEnterpriseId"] != ent.ID.Hex() || f["employment"] != "enterprise_part_time" {
		t.Fatalf("row 2 fields = %v", f)
	}
	if f := p.Rows[1].Fields; f["hireDate"] != "2020-09-01" || f["enterpriseExperienceMonths"] != 0 {
		t.Fatalf("row 3 fields = %v (Excel date serial 44075 is 2020-09-01)", f)
	}
	if res := e.commit(t, e.office, p); res.Created != 2 || res.Skipped != 3 {
		t.Fatalf("result = %+v", res)
	}
	again := e.parse(t, e.office, sheets.Teachers, data)
	if got := actions(again)[:2]; !reflect.DeepEqual(got, []string{"unchanged", "unchanged"}) {
		t.Fatalf("actions = %v", got)
	}
	t.Run("Export gives the credit code back", func(t *testing.T) {
		rows := export(t, e, e.office, sheets.Teachers, nil)
		if len(rows) != 3 || rows[1][5] != "9144030071526726XG" || rows[1][6] != "2020-09-01" || rows[2][3] != "公共基础课" {
			t.Fatalf("rows = %q", rows)
		}
	})
}

func TestEnterprisesRoundTrip(t *testing.T) {
	e := setup(t)
	second := creditCode("91120106MA0000001")
	data := book(t, headers(t, sheets.Enterprises),
		[]any{"9144030071526726XG", "示例科技有限公司", "软件和信息技术服务业", "中型", "天津市红桥区示例路1号", 350, "2025-12-31", "王经理", "13800138000"},
		[]any{second, "第二公司", "", "", "", "", "", "", "022-12345678"},
		[]any{creditCode("91120106MA0000002"), "第三公司", "", "巨型", "", 10, "2027-01-01", "", "12345"},
	)
	p := e.parse(t, e.office, sheets.Enterprises, data)
	want := []sheets.CellError{
		{Row: 4, Column: "企业规模", Field: "size", Message: "企业规模须为以下之一：大型、中型、小型、微型"},
		{Row: 4, Column: "统计日期", Field: "onPostStaffAsOf", Message: "统计日期不能晚于今天"},
		{Row: 4, Column: "联系电话", Field: "contactPhone", Message: "联系电话须为11位手机号或带区号的固定电话"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if res := e.commit(t, e.office, p); res.Created != 2 {
		t.Fatalf("result = %+v", res)
	}
	exported := exportBytes(t, e, e.office, sheets.Enterprises, models.EnterpriseFilter{ListParams: models.ListParams{Sort: "name"}})
	again := e.parse(t, e.office, sheets.Enterprises, exported)
	if got := actions(again); !reflect.DeepEqual(got, []string{"unchanged", "unchanged"}) || again.Bad != 0 {
		t.Fatalf("actions = %v, errors = %+v", got, errorsOf(again))
	}
}

// TestCommitReportsRowsChangedMeanwhile: a row someone else changed or created
// between preview and commit is reported, and the others are still written.
func TestCommitReportsRowsChangedMeanwhile(t *testing.T) {
	e := setup(t)
	year := 2025
	st, err := e.people.CreateStudent(e.office, models.StudentFields{StudentNo: str("S001"), Name: str("甲"), IDNumber: str(idNumber("11010520080101001")), MajorCode: str("710201"), CohortYear: &year})
	if err != nil {
		t.Fatal(err)
	}
	p := e.parse(t, e.office, sheets.Students, book(t, headers(t, sheets.Students),
		studentRow("S001", idNumber("11010520080101001"), "710201"),
		studentRow("S002", idNumber("11010520080101002"), "710201"),
		studentRow("S003", idNumber("11010520080101003"), "710201"),
	))
	if got := actions(p); !reflect.DeepEqual(got, []string{"update", "create", "create"}) {
		t.Fatalf("actions = %v", got)
	}
	v := st.Version
	if _, err := e.people.UpdateStudent(e.office, st.ID, models.StudentFields{Version: &v, ClassName: str("别的班")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.people.CreateStudent(e.office, models.StudentFields{StudentNo: str("S002"), Name: str("乙"), IDNumber: str(idNumber("11010520080101009")), MajorCode: str("710201"), CohortYear: &year}); err != nil {
		t.Fatal(err)
	}
	res := e.commit(t, e.office, p)
	want := []sheets.RowFailure{
		{Row: 2, Key: "S001", Errors: []sheets.CellError{{Row: 2, Message: "记录已被他人修改，请刷新后重试"}}},
		{Row: 3, Key: "S002", Errors: []sheets.CellError{{Row: 3, Column: "学号", Field: "studentNo", Message: "本校已有该学号的学生"}}},
	}
	if res.Created != 1 || res.Updated != 0 || !reflect.DeepEqual(res.Failed, want) {
		t.Fatalf("result = %+v", res)
	}
}

func TestExport(t *testing.T) {
	e := setup(t)
	const n = 401 // three pages of 200
	rows := [][]any{headers(t, sheets.Students)}
	for i := 0; i < n; i++ {
		rows = append(rows, studentRow(fmt.Sprintf("S%04d", i), manyID(i), "710201"))
	}
	data := book(t, rows...)
	if res := e.commit(t, e.office, e.parse(t, e.office, sheets.Students, data)); res.Created != n {
		t.Fatalf("result = %+v", res)
	}
	t.Run("OK all pages, re-imports unchanged", func(t *testing.T) {
		got := export(t, e, e.office, sheets.Students, models.StudentFilter{ListParams: models.ListParams{Sort: "studentNo", Page: 3, PageSize: 5}})
		if len(got) != n+1 || got[1][0] != "S0000" || got[n][0] != fmt.Sprintf("S%04d", n-1) || got[1][2] != manyID(0) || got[1][6] != "在籍" {
			t.Fatalf("%d rows, first %q", len(got), got[1])
		}
		p := e.parse(t, e.office, sheets.Students, exportBytes(t, e, e.office, sheets.Students, nil))
		for _, r := range p.Rows {
			if r.Action != sheets.ActionUnchanged || len(r.Errors) > 0 {
				t.Fatalf("row = %+v", r)
			}
		}
	})
	t.Run("OK filter", func(t *testing.T) {
		if got := export(t, e, e.office, sheets.Students, &models.StudentFilter{ListParams: models.ListParams{Q: "S000"}}); len(got) != 11 {
			t.Fatalf("%d rows, want header + 10", len(got))
		}
	})
	t.Run("OK auditor sees masked ID numbers", func(t *testing.T) {
		got := export(t, e, e.auditor, sheets.Students, models.StudentFilter{ListParams: models.ListParams{Sort: "studentNo"}})
		if len(got) != n+1 || got[1][2] != models.MaskIDNumber(manyID(0)) {
			t.Fatalf("%d rows, first %q", len(got), got[1])
		}
	})
	t.Run("ErrOtherSchool", func(t *testing.T) {
		if got := export(t, e, e.officeB, sheets.Students, nil); len(got) != 1 {
			t.Fatalf("school B sees %d rows", len(got)-1)
		}
	})
	t.Run("ErrFilterType", func(t *testing.T) {
		if err := e.sheets.Export(e.office, sheets.Students, models.TeacherFilter{}, &bytes.Buffer{}); err == nil {
			t.Fatal("a teacher filter was accepted for students")
		}
	})
}

func exportBytes(t *testing.T, e *env, ctx context.Context, kind sheets.Kind, filter any) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := e.sheets.Export(ctx, kind, filter, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func export(t *testing.T, e *env, ctx context.Context, kind sheets.Kind, filter any) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(exportBytes(t, e, ctx, kind, filter)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheets.DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows[0]), len(headers(t, kind)); got != want {
		t.Fatalf("header has %d columns, want %d", got, want)
	}
	return rows
}

// manyID returns a distinct valid ID number for i < 28,000.
func manyID(i int) string {
	return idNumber(fmt.Sprintf("1101052008%02d%02d%03d", i/28000+1, i/1000%28+1, i%1000))
}
