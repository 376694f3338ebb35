package sheets

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// textFormat is Excel's built-in number format 49, "@" (text).
const textFormat = 49

// Template writes kind's .xlsx template to w: sheet 数据 with the header row (bold,
// required columns in red, frozen), one example row, drop-down lists on the enum
// columns for rows 2 to MaxRows+1 and text format on code columns; sheet 说明
// describing every column.
func Template(kind Kind, w io.Writer) error {
	sp, err := spec(kind)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return fmt.Errorf("sheets: template: %w", err)
	}
	if err := writeDataSheet(f, sp); err != nil {
		return fmt.Errorf("sheets: template: %w", err)
	}
	if err := writeNotesSheet(f, sp); err != nil {
		return fmt.Errorf("sheets: template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheets: template: %w", err)
	}
	return nil
}

// ExampleRow is kind's example row in column order, with the cells named in
// each of changes (by header, later ones winning) replaced: a filled-in row
// for tests and demonstrations that starts from values known to import.
func ExampleRow(kind Kind, changes ...map[string]any) ([]any, error) {
	sp, err := spec(kind)
	if err != nil {
		return nil, err
	}
	row := make([]any, len(sp.columns))
	for i, c := range sp.columns {
		row[i] = c.Example
		for _, change := range changes {
			if v, ok := change[c.Header]; ok {
				row[i] = v
			}
		}
	}
	return row, nil
}

// styles are the cell styles the template and the export share.
type styles struct{ header, required, text int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill}); err != nil {
		return s, err
	}
	if s.required, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill}); err != nil {
		return s, err
	}
	s.text, err = f.NewStyle(&excelize.Style{NumFmt: textFormat})
	return s, err
}

// headerStyle is the style of column c's header cell.
func (s styles) headerStyle(c Column) int {
	if c.Required {
		return s.required
	}
	return s.header
}

// frozenHeader freezes row 1 so the headers stay visible while scrolling.
var frozenHeader = &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}

func writeDataSheet(f *excelize.File, sp *kindSpec) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, c := range sp.columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if c.AsText {
			if err := f.SetColStyle(DataSheet, col, st.text); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(DataSheet, col, col, c.width); err != nil {
			return err
		}
		if err := setCell(f, DataSheet, col, 1, c.Header, st.headerStyle(c)); err != nil {
			return err
		}
		if err := writeExample(f, c, col, st); err != nil {
			return err
		}
		if err := addDropList(f, c, col); err != nil {
			return err
		}
	}
	return f.SetPanes(DataSheet, frozenHeader)
}

// writeExample writes column c's sample value in row 2: numbers (and amounts)
// as numbers, everything else as text.
func writeExample(f *excelize.File, c Column, col string, st styles) error {
	if c.Example != "" && (c.Type == TypeInt || c.Type == TypeDecimal || c.Type == TypeMoney) {
		var n float64
		if _, err := fmt.Sscan(c.Example, &n); err != nil {
			return err
		}
		return f.SetCellFloat(DataSheet, col+"2", n, -1, 64)
	}
	style := 0
	if c.AsText {
		style = st.text
	}
	return setCell(f, DataSheet, col, 2, c.Example, style)
}

func setCell(f *excelize.File, sheet, col string, row int, value string, style int) error {
	ref := fmt.Sprintf("%s%d", col, row)
	if err := f.SetCellStr(sheet, ref, value); err != nil {
		return err
	}
	if style == 0 {
		return nil
	}
	return f.SetCellStyle(sheet, ref, ref, style)
}

// addDropList restricts an enum or yes-no column to its labels on every data row.
func addDropList(f *excelize.File, c Column, col string) error {
	if c.Type != TypeEnum && c.Type != TypeBool {
		return nil
	}
	dv := excelize.NewDataValidation(!c.Required)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, MaxRows+1)
	labels := make([]string, len(c.Options))
	for i, o := range c.Options {
		labels[i] = o.Label
	}
	if err := dv.SetDropList(labels); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "取值不在允许范围内", c.Header+"须为以下之一："+c.Allowed())
	return f.AddDataValidation(DataSheet, dv)
}

// notesHeaders are the columns of the 说明 sheet.
var notesHeaders = []string{"列名", "是否必填", "格式", "可选值", "说明"}

func writeNotesSheet(f *excelize.File, sp *kindSpec) error {
	if _, err := f.NewSheet(NotesSheet); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, h := range notesHeaders {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := setCell(f, NotesSheet, col, 1, h, st.header); err != nil {
			return err
		}
	}
	for i, c := range sp.columns {
		required := "否"
		if c.Required {
			required = "是"
		}
		row := []any{c.Header, required, c.Format(), c.Allowed(), c.Note}
		if err := f.SetSheetRow(NotesSheet, fmt.Sprintf("A%d", i+2), &row); err != nil {
			return err
		}
	}
	general := []string{
		"填写说明：",
		"1. 第1行为表头，请勿修改、删除或调换列名；红色列名为必填项。",
		"2. 第2行为示例数据，导入时按普通数据处理，请改为真实数据或删除该行。",
		fmt.Sprintf("3. 每个文件最多%d行数据；完全空白的行会被忽略。", MaxRows),
		"4. 身份证号、代码类列须为文本格式，否则Excel会把长数字改成科学计数法而丢失末尾数字。",
		"5. 已存在的记录（" + keyHeader(sp) + "相同）按文件内容更新，不会重复创建。",
	}
	if sp.keyNote != "" {
		general[len(general)-1] = sp.keyNote
	}
	general = append(general, sp.notes...)
	for i, line := range general {
		if err := f.SetCellStr(NotesSheet, fmt.Sprintf("A%d", len(sp.columns)+3+i), line); err != nil {
			return err
		}
	}
	for i, w := range []float64{24, 10, 22, 30, 70} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(NotesSheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// keyHeader is the Chinese header of the natural key column.
func keyHeader(sp *kindSpec) string {
	c, _ := sp.column(sp.key)
	return c.Header
}
