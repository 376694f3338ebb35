package sheets_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// studentRow is one student in template column order: 学号 姓名 身份证号 专业代码
// 班级 入学年份 学籍状态.
func studentRow(no, id, major string) []any {
	return []any{no, "学生" + no, id, major, "2025级1班", 2025, "在籍"}
}

// goodAndBad is a file with 3 good rows (2, 4, 6) and 2 bad ones: a wrong ID check
// character (row 3) and a major school A does not offer (row 5).
func goodAndBad(t *testing.T) []byte {
	return book(t, headers(t, sheets.Students),
		studentRow("S001", idNumber("11010520080101001"), "710201"),
		studentRow("S002", "110105194912310021", "710201"),
		studentRow("S003", idNumber("11010520080101003"), "710201"),
		studentRow("S004", idNumber("11010520080101004"), "710202"),
		studentRow("S005", idNumber("11010520080101005"), "710201"),
	)
}

func errorsOf(p *sheets.Preview) []sheets.CellError {
	var out []sheets.CellError
	for _, r := range p.Rows {
		out = append(out, r.Errors...)
	}
	return out
}

func TestParseGoodAndBadRows(t *testing.T) {
	e := setup(t)
	data := goodAndBad(t)
	p := e.parse(t, e.office, sheets.Students, data)
	want := []sheets.CellError{
		{Row: 3, Column: "身份证号", Field: "idNumber", Message: "身份证号校验位不正确"},
		{Row: 5, Column: "专业代码", Field: "majorCode", Message: "本校未开设该专业，请先在专业管理中添加"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if p.Good != 3 || p.Bad != 2 || p.SchoolID != e.schoolA.Hex() {
		t.Fatalf("good = %d, bad = %d, school = %s", p.Good, p.Bad, p.SchoolID)
	}
	if got := p.Rows[0].Fields; got["studentNo"] != "S001" || got["cohortYear"] != 2025 || got["status"] != "enrolled" || p.Rows[0].Key != "S001" {
		t.Fatalf("row 2 = %+v", p.Rows[0])
	}

	if got := p.Rows[1].Cells; !reflect.DeepEqual(got, []string{"S002", "学生S002", "110105194912310021", "710201", "2025级1班", "2025", "在籍", ""}) {
		t.Fatalf("row 3 cells = %q", got)
	}
	t.Run("Commit creates the 3 good rows", func(t *testing.T) {
		// The preview survives a JSON round trip (a handler may keep it as JSON).
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var kept sheets.Preview
		if err := json.Unmarshal(b, &kept); err != nil {
			t.Fatal(err)
		}
		res := e.commit(t, e.office, &kept)
		if res.Created != 3 || res.Skipped != 2 || res.Updated != 0 || len(res.Failed) != 0 {
			t.Fatalf("result = %+v", res)
		}
		if n := e.countStudents(t, e.office); n != 3 {
			t.Fatalf("students = %d, want 3", n)
		}
	})
	t.Run("Re-upload changes nothing", func(t *testing.T) {
		p := e.parse(t, e.office, sheets.Students, data)
		if got, want := actions(p), []string{"unchanged", "create", "unchanged", "create", "unchanged"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("actions = %v, want %v", got, want)
		}
		res := e.commit(t, e.office, p)
		if res.Created != 0 || res.Unchanged != 3 || len(res.Failed) != 0 {
			t.Fatalf("result = %+v", res)
		}
		if n := e.countStudents(t, e.office); n != 3 {
			t.Fatalf("students = %d, want 3", n)
		}
	})
	t.Run("A changed cell updates", func(t *testing.T) {
		changed := studentRow("S003", idNumber("11010520080101003"), "710201")
		changed[4] = "2025级2班"
		p := e.parse(t, e.office, sheets.Students, book(t, headers(t, sheets.Students), changed))
		if p.Rows[0].Action != sheets.ActionUpdate || p.Rows[0].ID == "" || p.Rows[0].Version != 1 || p.Bad != 0 {
			t.Fatalf("row = %+v", p.Rows[0])
		}
		if res := e.commit(t, e.office, p); res.Updated != 1 {
			t.Fatalf("result = %+v", res)
		}
		page, _ := e.people.FindStudents(e.office, models.StudentFilter{ClassName: "2025级2班"})
		if page.Total != 1 || page.Items[0].StudentNo != "S003" || page.Items[0].Version != 2 {
			t.Fatalf("page = %+v", page)
		}
	})
}

func TestParseDuplicates(t *testing.T) {
	e := setup(t)
	year := 2024
	if _, err := e.people.CreateStudent(e.office, models.StudentFields{StudentNo: str("S100"), Name: str("已有"), IDNumber: str(idNumber("11010520080101100")),
		MajorCode: str("710201"), CohortYear: &year}); err != nil {
		t.Fatal(err)
	}
	p := e.parse(t, e.office, sheets.Students, book(t, headers(t, sheets.Students),
		studentRow("S001", idNumber("11010520080101001"), "710201"),
		studentRow("S001", idNumber("11010520080101002"), "710201"),
		studentRow("S003", idNumber("11010520080101001"), "710201"),
		studentRow("S004", idNumber("11010520080101100"), "710201"),
	))
	want := []sheets.CellError{
		{Row: 3, Column: "学号", Field: "studentNo", Message: "与第2行的学号重复"},
		{Row: 4, Column: "身份证号", Field: "idNumber", Message: "与第2行的身份证号重复"},
		{Row: 5, Column: "身份证号", Field: "idNumber", Message: "已有学号为S100的学生使用该身份证号"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
}

func TestParseCells(t *testing.T) {
	e := setup(t)
	rows := [][]any{
		{"S001", "甲", "1.1010519491231E+17", "710201", "", 2025, ""},            // E notation typed or pasted
		{"S002", "乙", 110105194912310021.0, "710201", "", 2025, ""},             // a number cell: Excel keeps 15 digits
		{2025003, "丙", idNumber("11010520080101003"), 710201, "", "2025", "在校"}, // numbers for codes are fine; bad status
		{"S004", "丁", idNumber("11010520080101004"), "710201", "", "二〇二五", "graduated", "2025-07-01"},
		{" S005 ", " 戊 ", strings.ToLower(idNumber("11010519491231002")), "710201", "", 2025.0, "退学"},
	}
	p := e.parse(t, e.office, sheets.Students, book(t, append([][]any{headers(t, sheets.Students)}, rows...)...))
	want := []sheets.CellError{
		{Row: 2, Column: "身份证号", Field: "idNumber", Message: "请将该列设置为文本格式后重新填写"},
		{Row: 3, Column: "身份证号", Field: "idNumber", Message: "请将该列设置为文本格式后重新填写"},
		{Row: 4, Column: "学籍状态", Field: "status", Message: "学籍状态须为以下之一：在籍、休学、毕业、退学"},
		{Row: 5, Column: "入学年份", Field: "cohortYear", Message: "入学年份须为整数"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if f := p.Rows[4].Fields; f["studentNo"] != "S005" || f["name"] != "戊" || f["idNumber"] != "11010519491231002X" || f["status"] != "withdrawn" {
		t.Fatalf("row 6 fields = %v", f)
	}
	if f := p.Rows[2].Fields; f["studentNo"] != "2025003" || f["majorCode"] != "710201" {
		t.Fatalf("row 4 fields = %v", f)
	}
}

func TestParseSkipsEmptyRows(t *testing.T) {
	e := setup(t)
	p := e.parse(t, e.office, sheets.Students, book(t, headers(t, sheets.Students),
		[]any{"", " ", nil},
		studentRow("S001", idNumber("11010520080101001"), "710201"),
	))
	if len(p.Rows) != 1 || p.Rows[0].Number != 3 || p.Good != 1 {
		t.Fatalf("preview = %+v", p)
	}
}

func TestParseFileErrors(t *testing.T) {
	e := setup(t)
	hdr := headers(t, sheets.Students)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ErrNotExcel", []byte("学号,姓名\n"), "无法读取文件，请上传用模板填写的.xlsx文件"},
		{"ErrNoHeader", book(t), "文件中没有表头，请使用模板填写"},
		{"ErrColumns", book(t, append(append([]any{}, hdr[:4]...), "入学年份", "学籍状态", "毕业日期", "备注")),
			"表头与学生导入模板不一致：缺少列“班级”；多余列“备注”。请下载最新模板，勿修改第1行"},
		{"ErrOtherKind", book(t, headers(t, sheets.Majors)),
			"表头与学生导入模板不一致：缺少列“学号”“姓名”“身份证号”“班级”“入学年份”“学籍状态”“毕业日期”；多余列“专业名称”“专业层次”。请下载最新模板，勿修改第1行"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.sheets.Parse(e.office, sheets.Students, "", bytes.NewReader(tt.data))
			if got := fileErr(t, err); got != tt.want {
				t.Fatalf("message = %s\nwant      %s", got, tt.want)
			}
		})
	}
}

// TestImportScope: rows go to the caller's school; an office user cannot import
// into another school, the system admin must name one, auditors cannot import.
func TestImportScope(t *testing.T) {
	e := setup(t)
	data := book(t, headers(t, sheets.Students), studentRow("S001", idNumber("11010520080101001"), "710201"))
	t.Run("ErrForbiddenOtherSchool", func(t *testing.T) {
		if _, err := e.sheets.Parse(e.office, sheets.Students, e.schoolB.Hex(), bytes.NewReader(data)); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
	})
	t.Run("ErrAdminWithoutSchool", func(t *testing.T) {
		_, err := e.sheets.Parse(e.admin, sheets.Students, "", bytes.NewReader(data))
		var ve *models.ValidationError
		if !errors.As(err, &ve) || ve.Fields["schoolId"] != "所属学校为必填项" {
			t.Fatalf("err = %v, want schoolId required", err)
		}
	})
	t.Run("ErrAuditor", func(t *testing.T) {
		for _, kind := range sheets.Kinds {
			if _, err := e.sheets.Parse(e.auditor, kind, "", bytes.NewReader(data)); !errors.Is(err, models.ErrForbidden) {
				t.Fatalf("%s: err = %v, want ErrForbidden", kind, err)
			}
		}
	})
	t.Run("ErrTamperedPreviewSchool", func(t *testing.T) {
		p := e.parse(t, e.office, sheets.Students, data)
		p.SchoolID = e.schoolB.Hex()
		if _, err := e.sheets.Commit(e.office, p); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
	})
	t.Run("OK admin names school B", func(t *testing.T) {
		if res := e.commit(t, e.office, e.parse(t, e.office, sheets.Students, data)); res.Created != 1 {
			t.Fatalf("result A = %+v", res)
		}
		if _, err := e.people.CreateMajor(e.officeB, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")}); err != nil {
			t.Fatal(err)
		}
		p, err := e.sheets.Parse(e.admin, sheets.Students, e.schoolB.Hex(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		// S001 exists in school A only: for school B it is new.
		if p.SchoolID != e.schoolB.Hex() || p.Rows[0].Action != sheets.ActionCreate || p.Bad != 0 {
			t.Fatalf("preview = %+v", p)
		}
		if res := e.commit(t, e.admin, p); res.Created != 1 {
			t.Fatalf("result B = %+v", res)
		}
		if a, b := e.countStudents(t, e.office), e.countStudents(t, e.officeB); a != 1 || b != 1 {
			t.Fatalf("school A has %d, school B %d students; want 1 and 1", a, b)
		}
	})
}
