package sheets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// maxUnzip bounds what an upload may unpack to, against zip bombs; a full
// 10,000-row sheet unpacks to a few MB.
const maxUnzip = 256 << 20

// rawCells reads cells as stored: text as typed, numbers and dates unformatted,
// so that a code Excel turned into a number can be recognised.
var rawCells = excelize.Options{RawCellValue: true}

// Parse reads an upload of kind into the school schoolID names (for the system
// admin; office users may leave it empty): ParseFor with that school.
func (s *Service) Parse(ctx context.Context, kind Kind, schoolID string, r io.Reader) (*Preview, error) {
	return s.ParseFor(ctx, kind, Target{SchoolID: schoolID}, r)
}

// ParseFor reads an upload of kind into t and checks every data row without
// writing: each cell is converted, natural keys are checked for duplicates within
// the file and matched to existing records of the caller's scope (loaded once,
// through the service's Each method: one query), and the row is validated by the
// service's Create method, or Update with the existing version, in
// records.DryRun against the records as loaded (records.WithSnapshot); a row
// equal to its record is "unchanged" and not validated, since nothing will be
// written. A batch's rows are matched to its candidates by 学号 and validated by
// Register or RecordResult under the batch's current version.
//
// t names the school for the system admin (office users may leave it empty;
// naming another school is ErrForbidden), or the batch of registrations and
// results (see importScope). A file that is not an .xlsx, has no header row, a
// header that does not match the template or more than MaxRows data rows is a
// *models.ValidationError on field "file"; cell problems are reported per row.
func (s *Service) ParseFor(ctx context.Context, kind Kind, t Target, r io.Reader) (*Preview, error) {
	sp, err := spec(kind)
	if err != nil {
		return nil, err
	}
	t, err = s.importScope(ctx, kind, t)
	if err != nil {
		return nil, fmt.Errorf("sheets: parse: %w", err)
	}
	// The dry runs below take the records load reads from the snapshot instead of
	// reading each again per row, a scan of the collection on the embedded store.
	ctx = records.WithSnapshot(ctx)
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzip})
	if err != nil {
		return nil, fileError("无法读取文件，请上传用模板填写的.xlsx文件")
	}
	defer f.Close()
	rows, err := f.Rows(dataSheetOf(f))
	if err != nil {
		return nil, fmt.Errorf("sheets: parse: %w", err)
	}
	defer rows.Close()
	p := &parser{spec: sp, area: s.area(kind, t), emp: newEmployers(s.enterprises),
		date1904: date1904(f), seen: map[string]map[string]int{},
		preview: &Preview{Kind: kind, SchoolID: t.SchoolID, BatchID: t.BatchID, Rows: []Row{}}}
	if err := p.readHeader(rows); err != nil {
		return nil, err
	}
	raw, err := p.readRows(rows)
	if err != nil {
		return nil, err
	}
	if err := p.area.load(ctx); err != nil {
		return nil, fmt.Errorf("sheets: parse: load: %w", err)
	}
	if err := p.checkRows(ctx, raw); err != nil {
		return nil, err
	}
	return p.preview, nil
}

// parser holds the state of one Parse.
type parser struct {
	spec     *kindSpec
	area     area
	emp      *employers
	index    []int // index[i]: position of spec column i in a row's cells
	date1904 bool
	seen     map[string]map[string]int // key field -> value -> first row number
	preview  *Preview
}

func (p *parser) readHeader(rows *excelize.Rows) error {
	if !rows.Next() {
		return fileError("文件中没有表头，请使用模板填写")
	}
	cells, err := rows.Columns(rawCells)
	if err != nil {
		return fmt.Errorf("sheets: parse: header: %w", err)
	}
	pos := map[string]int{}
	var unknown []string
	for i, h := range cells {
		h = strings.TrimSpace(h)
		if _, dup := pos[h]; h != "" && dup {
			unknown = append(unknown, "“"+h+"”（重复）")
		} else if h != "" {
			pos[h] = i
		}
	}
	var missing []string
	p.index = make([]int, len(p.spec.columns))
	for i, c := range p.spec.columns {
		at, ok := pos[c.Header]
		if !ok {
			missing = append(missing, "“"+c.Header+"”")
		}
		p.index[i] = -1
		if ok {
			p.index[i] = at
			delete(pos, c.Header)
		}
	}
	for h := range pos {
		unknown = append(unknown, "“"+h+"”")
	}
	return p.headerError(missing, unknown)
}

func (p *parser) headerError(missing, unknown []string) error {
	if len(missing) == 0 && len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "缺少列"+strings.Join(missing, ""))
	}
	if len(unknown) > 0 {
		parts = append(parts, "多余列"+strings.Join(unknown, ""))
	}
	return fileError(fmt.Sprintf("表头与%s导入模板不一致：%s。请下载最新模板，勿修改第1行", p.spec.label, strings.Join(parts, "；")))
}

// rawRow is one non-empty data row as read from the sheet.
type rawRow struct {
	number int
	cells  []string
}

// readRows reads every row after the header, skipping fully empty ones, so that
// a file over MaxRows is refused before any row is checked.
func (p *parser) readRows(rows *excelize.Rows) ([]rawRow, error) {
	var out []rawRow
	for n := 2; rows.Next(); n++ {
		cells, err := rows.Columns(rawCells)
		if err != nil {
			return nil, fmt.Errorf("sheets: parse: row %d: %w", n, err)
		}
		if blank(cells) {
			continue
		}
		if len(out) == MaxRows {
			return nil, fileError(fmt.Sprintf("每个文件最多%d行数据，请拆分后分批导入", MaxRows))
		}
		out = append(out, rawRow{number: n, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("sheets: parse: %w", err)
	}
	return out, nil
}

// checkRows checks the rows in order and counts the good and the bad.
func (p *parser) checkRows(ctx context.Context, raw []rawRow) error {
	p.preview.Rows = make([]Row, 0, len(raw))
	for _, r := range raw {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("sheets: parse: %w", err)
		}
		row, err := p.row(ctx, r.number, r.cells)
		if err != nil {
			return err
		}
		p.preview.Rows = append(p.preview.Rows, row)
		if len(row.Errors) > 0 {
			p.preview.Bad++
		} else {
			p.preview.Good++
		}
	}
	return nil
}

// row converts and checks one data row. Every column gets at most one message;
// the first problem found wins (cell format, then duplicates, then the service).
func (p *parser) row(ctx context.Context, n int, cells []string) (Row, error) {
	row := Row{Number: n, Cells: make([]string, len(p.spec.columns)), Fields: make(map[string]any, len(p.spec.columns))}
	errs := map[string]string{}
	for i, c := range p.spec.columns {
		row.Cells[i] = strings.TrimSpace(cell(cells, p.index[i]))
		if c.omitBlank && row.Cells[i] == "" {
			continue
		}
		v, msg := convert(c, row.Cells[i], p.date1904)
		if msg == "" && c.Enterprise {
			var err error
			if v, msg, err = p.emp.id(ctx, v.(string)); err != nil {
				return row, err
			}
		}
		if msg != "" {
			errs[c.Field] = msg
			continue
		}
		row.Fields[c.Field] = v
	}
	var keyField, keyName string
	row.Key, keyField, keyName = p.spec.rowKey(row.Fields)
	p.checkKeys(&row, keyField, keyName, errs)
	if err := addServiceErrors(p.area.check(ctx, &row), errs); err != nil {
		return row, fmt.Errorf("sheets: parse: row %d: %w", n, err)
	}
	row.Errors = cellErrors(p.spec, n, errs)
	return row, nil
}

// checkKeys reports a natural key (or another unique field) used by an earlier
// row of the file, or a unique field already held by a different existing record.
// The key's duplicate is reported on keyField and called keyName.
func (p *parser) checkKeys(row *Row, keyField, keyName string, errs map[string]string) {
	if row.Key != "" {
		p.repeated(row.Number, keyField, keyName, row.Key, errs)
	}
	for _, field := range p.spec.unique {
		v, _ := row.Fields[field].(string)
		if v == "" {
			continue
		}
		c, _ := p.spec.column(field)
		if p.repeated(row.Number, field, c.Header, v, errs) {
			continue
		}
		if owner := p.area.owner(field, v); owner != "" && owner != row.Key {
			addError(errs, field, fmt.Sprintf("已有%s为%s的%s使用该%s", keyHeader(p.spec), owner, p.spec.label, c.Header))
		}
	}
}

// repeated notes value v of field at row n and reports (as an error on field,
// called name) whether an earlier row had it.
func (p *parser) repeated(n int, field, name, v string, errs map[string]string) bool {
	if p.seen[field] == nil {
		p.seen[field] = map[string]int{}
	}
	if first, dup := p.seen[field][v]; dup {
		addError(errs, field, fmt.Sprintf("与第%d行的%s重复", first, name))
		return true
	}
	p.seen[field][v] = n
	return false
}

// addServiceErrors adds what a service answered about a row to errs. A dry run
// that reached the database step (records.ErrDryRun) is a good row. Validation,
// conflict, scope and version errors are the row's; any other error is returned.
func addServiceErrors(err error, errs map[string]string) error {
	var ve *models.ValidationError
	var ce *models.ConflictError
	var be *models.BadRequestError
	switch {
	case err == nil, errors.Is(err, records.ErrDryRun):
	case errors.As(err, &ve):
		for field, msg := range ve.Fields {
			addError(errs, field, msg)
		}
	case errors.As(err, &ce):
		addError(errs, ce.Field, ce.Message)
	case errors.As(err, &be), errors.Is(err, models.ErrForbidden), errors.Is(err, models.ErrNotFound), errors.Is(err, models.ErrStaleVersion):
		addError(errs, "", err.Error())
	default:
		return err
	}
	return nil
}

func addError(errs map[string]string, field, msg string) {
	if _, ok := errs[field]; !ok {
		errs[field] = msg
	}
}

// cellErrors lists errs in column order; fields without a column (schoolId,
// version) and row-level messages come last. A field the service names for a
// column's (studentId for 学号) is reported on that column.
func cellErrors(sp *kindSpec, n int, errs map[string]string) []CellError {
	if len(errs) == 0 {
		return nil
	}
	for from, to := range sp.aliases {
		if msg, ok := errs[from]; ok {
			delete(errs, from)
			addError(errs, to, msg)
		}
	}
	out := make([]CellError, 0, len(errs))
	for _, c := range sp.columns {
		if msg, ok := errs[c.Field]; ok {
			out = append(out, CellError{Row: n, Column: c.Header, Field: c.Field, Message: msg})
			delete(errs, c.Field)
		}
	}
	rest := make([]string, 0, len(errs))
	for f := range errs {
		rest = append(rest, f)
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, CellError{Row: n, Field: f, Message: errs[f]})
	}
	return out
}

// fileError is the one error of a file that cannot be read row by row.
func fileError(msg string) error {
	return fmt.Errorf("sheets: %w", models.Invalid("file", msg))
}

// dataSheetOf returns the 数据 sheet, or the first sheet of a renamed workbook.
func dataSheetOf(f *excelize.File) string {
	if i, err := f.GetSheetIndex(DataSheet); err == nil && i >= 0 {
		return DataSheet
	}
	return f.GetSheetName(0)
}

// date1904 reports whether the workbook counts dates from 1904 (old Mac Excel).
func date1904(f *excelize.File) bool {
	props, err := f.GetWorkbookProps()
	return err == nil && props.Date1904 != nil && *props.Date1904
}
