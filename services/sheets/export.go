package sheets

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Export writes to w, as an .xlsx with the template's headers, every record the
// kind's list shows the caller for filter: a models.MajorFilter, StudentFilter,
// TeacherFilter, EnterpriseFilter or CertEntryFilter, or for registrations and
// results a Target naming the batch (or a pointer to one, or nil for no filter)
// whose sort and search are kept and whose paging is ignored. Records are read
// through the service's Each method (one query) and streamed into the sheet one
// at a time, so memory stays flat; scope and ID-number masking are the service's,
// as on the list page. A filter of the wrong type is an error.
func (s *Service) Export(ctx context.Context, kind Kind, filter any, w io.Writer) error {
	sp, err := spec(kind)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	sw, err := f.NewStreamWriter(DataSheet)
	if err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	if err := writeExportHeader(sw, sp, st); err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	emp := newEmployers(s.enterprises)
	n := 1
	err = s.area(kind, Target{}).each(ctx, filter, func(m map[string]any) error {
		n++
		vals, err := exportRow(ctx, sp, st, emp, m)
		if err != nil {
			return err
		}
		ref, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(ref, vals)
	})
	if err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheets: export: %w", err)
	}
	return nil
}

// writeExportHeader sets widths and the frozen header row; the stream writer
// needs both before the first row.
func writeExportHeader(sw *excelize.StreamWriter, sp *kindSpec, st styles) error {
	for i, c := range sp.columns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader); err != nil {
		return err
	}
	header := make([]any, len(sp.columns))
	for i, c := range sp.columns {
		header[i] = excelize.Cell{StyleID: st.headerStyle(c), Value: c.Header}
	}
	return sw.SetRow("A1", header)
}

// exportRow renders one record (as its JSON object) in column order: enums as
// their Chinese labels, the employer as its credit code, codes as text cells.
func exportRow(ctx context.Context, sp *kindSpec, st styles, emp *employers, m map[string]any) ([]any, error) {
	out := make([]any, len(sp.columns))
	for i, c := range sp.columns {
		var v any
		switch raw := m[c.Field].(type) {
		case float64: // JSON numbers: the int columns
			v = int64(raw)
		case []any: // the list columns
			items := make([]string, 0, len(raw))
			for _, item := range raw {
				items = append(items, fmt.Sprint(item))
			}
			if len(items) > 0 {
				v = strings.Join(items, ",")
			}
		case string:
			s := raw
			if c.Type == TypeEnum {
				s = label(c, raw)
			}
			if c.Enterprise {
				code, err := emp.code(ctx, raw)
				if err != nil {
					return nil, err
				}
				s = code
			}
			if s != "" {
				v = s
			}
		}
		if v != nil && c.AsText {
			v = excelize.Cell{StyleID: st.text, Value: v}
		}
		out[i] = v
	}
	return out, nil
}
