package sheets_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

func template(t *testing.T, kind sheets.Kind) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sheets.Template(kind, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTemplate(t *testing.T) {
	for _, kind := range append(slices.Clone(sheets.Kinds), sheets.BatchKinds...) {
		t.Run(string(kind), func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(template(t, kind)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, want := f.GetSheetList(), []string{sheets.DataSheet, sheets.NotesSheet}; !reflect.DeepEqual(got, want) {
				t.Fatalf("sheets = %v, want %v", got, want)
			}
			rows, err := f.GetRows(sheets.DataSheet)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := sheets.Columns(kind)
			if len(rows) != 2 || len(rows[0]) != len(cols) {
				t.Fatalf("rows = %q", rows)
			}
			example := append(rows[1], make([]string, len(cols)-len(rows[1]))...) // empty trailing cells are not read
			for i, c := range cols {
				if rows[0][i] != c.Header || example[i] != c.Example {
					t.Errorf("column %d = %q / %q, want %q / %q", i+1, rows[0][i], example[i], c.Header, c.Example)
				}
			}
			checkHeaderFrozen(t, f)
			checkDropLists(t, f, cols)
			checkTextFormat(t, f, cols)
			notes, err := f.GetRows(sheets.NotesSheet)
			if err != nil || len(notes) < len(cols)+1 || notes[1][0] != cols[0].Header {
				t.Fatalf("notes = %q, %v", notes, err)
			}
		})
	}
}

func checkHeaderFrozen(t *testing.T, f *excelize.File) {
	t.Helper()
	panes, err := f.GetPanes(sheets.DataSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v; want row 1 frozen", panes, err)
	}
	style, err := f.GetCellStyle(sheets.DataSheet, "A1")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style = %+v, %v; want bold", s, err)
	}
}

func checkDropLists(t *testing.T, f *excelize.File, cols []sheets.Column) {
	t.Helper()
	dvs, err := f.GetDataValidations(sheets.DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for i, c := range cols {
		if c.Type == sheets.TypeEnum || c.Type == sheets.TypeBool {
			col, _ := excelize.ColumnNumberToName(i + 1)
			want[fmt.Sprintf("%s2:%s%d", col, col, sheets.MaxRows+1)] = c.Allowed()
		}
	}
	if len(dvs) != len(want) {
		t.Fatalf("%d validations, want %d", len(dvs), len(want))
	}
	for _, dv := range dvs {
		labels, ok := want[dv.Sqref]
		if !ok || dv.Type != "list" {
			t.Errorf("validation %s of type %s not expected", dv.Sqref, dv.Type)
			continue
		}
		if got := fmt.Sprintf("%q", strings.ReplaceAll(labels, "、", ",")); dv.Formula1 != got {
			t.Errorf("%s list = %s, want %s", dv.Sqref, dv.Formula1, got)
		}
	}
}

// checkTextFormat: code columns are formatted as text (number format 49, "@") so
// that Excel keeps every digit of what the user types.
func checkTextFormat(t *testing.T, f *excelize.File, cols []sheets.Column) {
	t.Helper()
	for i, c := range cols {
		if !c.AsText {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		id, err := f.GetCellStyle(sheets.DataSheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil || s.NumFmt != 49 {
			t.Errorf("%s (%s) number format = %d, want 49 (text)", cell, c.Header, s.NumFmt)
		}
	}
}

// TestTemplateExampleRowParses: the example row of each template imports without
// a single error, through the real services.
func TestTemplateExampleRowParses(t *testing.T) {
	for _, kind := range sheets.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			e := setup(t)
			ctx := e.office
			switch kind {
			case sheets.Majors:
				ctx = e.officeB // school A already offers 710201
			case sheets.Teachers:
				if _, err := e.ent.CreateEnterprise(e.office, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例科技有限公司")}); err != nil {
					t.Fatal(err)
				}
			case sheets.Placements:
				e.seedExamplePlacement(t)
			case sheets.LubanActivities:
				e.workshop(t, "LW-ID-01", "印尼鲁班工坊")
			}
			p := e.parse(t, ctx, kind, template(t, kind))
			if p.Good != 1 || p.Bad != 0 || len(p.Rows) != 1 || p.Rows[0].Number != 2 || p.Rows[0].Action != sheets.ActionCreate {
				t.Fatalf("preview = %+v", p)
			}
			for _, f := range p.Rows[0].Findings {
				if f.Severity != models.SeverityInfo {
					t.Errorf("the example row breaks a rule: %s", f.Message)
				}
			}
			res := e.commit(t, ctx, p)
			if res.Created != 1 || len(res.Failed) != 0 {
				t.Fatalf("result = %+v", res)
			}
		})
	}
}

func TestUnknownKind(t *testing.T) {
	var bad *models.BadRequestError
	if err := sheets.Template("courses", &bytes.Buffer{}); !errors.As(err, &bad) {
		t.Fatalf("err = %v, want a bad request", err)
	}
	e := setup(t)
	if _, err := e.sheets.Parse(context.Background(), "courses", "", bytes.NewReader(nil)); !errors.As(err, &bad) {
		t.Fatalf("err = %v, want a bad request", err)
	}
}

// seedExamplePlacement adds what the placement template's example row names:
// the students template's example student (a second-year in September 2026),
// the enterprise with its staff counted and the teachers template's teacher.
func (e *env) seedExamplePlacement(t testing.TB) {
	t.Helper()
	if _, err := e.people.CreateStudent(e.office, models.StudentFields{StudentNo: str("2025001"), Name: str("张三"), IDNumber: str("11010519491231002X"),
		MajorCode: str("710201"), CohortYear: num(2025)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ent.CreateEnterprise(e.office, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例科技有限公司"),
		OnPostStaff: num(350), OnPostStaffAsOf: str("2026-06-30")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.people.CreateTeacher(e.office, models.TeacherFields{StaffNo: str("T2020001"), Name: str("李老师"), CourseType: str(models.CourseProfessional),
		Employment: str(models.EmploymentFullTime), HireDate: str("2020-09-01")}); err != nil {
		t.Fatal(err)
	}
}
