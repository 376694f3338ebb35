package sheets

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Table writes rows under header as an .xlsx to w, for a list a page shows that
// is no import kind (the early-warning list of teachers' enterprise practice):
// sheet 数据 with the header bold and frozen, numbers as numbers and the rest
// as text, and, when notes are given, sheet 说明 with them as label–value rows
// (the reference date, the rule applied and its source).
func Table(w io.Writer, header []string, rows [][]any, notes [][2]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := writeTable(f, header, rows); err != nil {
		return fmt.Errorf("sheets: table: %w", err)
	}
	if len(notes) > 0 {
		if err := writeNotes(f, notes); err != nil {
			return fmt.Errorf("sheets: table: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheets: table: %w", err)
	}
	return nil
}

func writeTable(f *excelize.File, header []string, rows [][]any) error {
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, h := range header {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(DataSheet, col, col, float64(max(10, 2*utf8.RuneCountInString(h)+4))); err != nil {
			return err
		}
		if err := setCell(f, DataSheet, col, 1, h, st.header); err != nil {
			return err
		}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(DataSheet, cell, &r); err != nil {
			return err
		}
	}
	return f.SetPanes(DataSheet, frozenHeader)
}

func writeNotes(f *excelize.File, notes [][2]string) error {
	if _, err := f.NewSheet(NotesSheet); err != nil {
		return err
	}
	if err := f.SetColWidth(NotesSheet, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(NotesSheet, "B", "B", 100); err != nil {
		return err
	}
	for i, n := range notes {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(NotesSheet, cell, &[]any{n[0], n[1]}); err != nil {
			return err
		}
	}
	return nil
}
