package sheets_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// fuzzKinds are the master-data sheets whose rows FuzzParseRow reads: the
// ones with identifiers (学号, 身份证号, 统一社会信用代码, 专业代码), numbers, dates
// and drop-down values.
var fuzzKinds = []sheets.Kind{sheets.Students, sheets.Enterprises, sheets.Teachers, sheets.Majors}

// FuzzParseRow uploads a workbook of one kind with two data rows to Parse, the
// import's preview, on the embedded store: row 2 is valid (the template's
// example with its keys built from a and b), row 3 is row 2 with its first
// cells replaced by cells split at tabs, written as numbers where numeric has
// the column's bit set and the cell reads as one. Parse must not fail (a cell
// problem is the row's, never the file's), every error must name row 3, a
// column of the sheet or a field, and say what is wrong in Chinese, and the
// valid row must have none.
func FuzzParseRow(f *testing.F) {
	f.Add(uint8(0), "S9\t王五\t110105200801010011\t710201\t\t2024\t在籍", uint16(0), uint32(7), uint32(1))
	f.Add(uint8(0), "S1\t\t1.10105200801E+17\t710201\t1班\t2025.0\t毕业\t2026-02-30", uint16(0b100100), uint32(1), uint32(2))
	f.Add(uint8(0), "\t\x00\x1b[31m\t11010519491231002x\t81020\t\t-1\tenrolled\t45000", uint16(0x80), uint32(0), uint32(0))
	f.Add(uint8(1), "9144030071526726XA\t某\t\t巨型\t\t1e308\t2025-13-01\t\t12345", uint16(0b100000), uint32(2), uint32(3))
	f.Add(uint8(1), "914403007152672600\t甲公司\t行业\t中型\t地址\tNaN\t2025/1/1\t王\t022-23456789", uint16(1), uint32(4), uint32(5))
	f.Add(uint8(2), "T1\t李\t\t专业课\t企业兼职\t9144030071526726XA\t2020-09-01\t600.5", uint16(0), uint32(6), uint32(7))
	f.Add(uint8(2), "T2\t李\t\t专业课\t专任\t9144030071526726XG\t1\t-3", uint16(0b11000000), uint32(8), uint32(9))
	f.Add(uint8(3), "710201\t计算机应用\t高职专科", uint16(1), uint32(10), uint32(11))
	f.Add(uint8(3), "510201K\t"+strings.Repeat("长", 60)+"\tbachelor", uint16(0), uint32(12), uint32(13))
	e := setup(f)
	if _, err := e.ent.CreateEnterprise(e.admin, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例科技有限公司")}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, k uint8, cells string, numeric uint16, a, b uint32) {
		kind := fuzzKinds[int(k)%len(fuzzKinds)]
		cols, err := sheets.Columns(kind)
		if err != nil {
			t.Fatal(err)
		}
		valid := validRow(kind, cols, a, b)
		fuzzed := append([]string(nil), valid...)
		for j, c := range strings.Split(cells, "\t") {
			if j < len(fuzzed) {
				fuzzed[j] = c
			}
		}
		data, ok := workbook(cols, valid, fuzzed, numeric)
		if !ok {
			return // excelize would not write these cells: nothing to upload
		}
		p, err := e.sheets.Parse(e.office, kind, "", bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s %q: %v", kind, fuzzed, err)
		}
		checkPreview(t, p, cols, valid, fuzzed)
	})
}

// validRow is the template's example row with its keys made from a and b.
func validRow(kind sheets.Kind, cols []sheets.Column, a, b uint32) []string {
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = c.Example
	}
	first17 := fmt.Sprintf("110105%04d%02d%02d%03d", 1990+b%20, 1+b%12, 1+a%28, a%1000)
	id := first17 + string(models.IDNumberCheckChar(first17))
	switch kind {
	case sheets.Students:
		row[0], row[2], row[5] = fmt.Sprintf("S%d", a), id, strconv.Itoa(2000+int(b%27))
	case sheets.Teachers:
		row[0], row[2] = fmt.Sprintf("T%d", a), id
	case sheets.Enterprises:
		credit := fmt.Sprintf("91%06d%09d", 110000+a%890000, b%1000000000)
		row[0] = credit + string(models.CreditCodeCheckChar(credit))
	case sheets.Majors:
		row[0] = fmt.Sprintf("71%04d", a%10000)
	}
	return row
}

// workbook writes the header and the two rows to sheet 数据; cells of fuzzed
// that read as numbers are written as numbers where numeric has their bit.
func workbook(cols []sheets.Column, valid, fuzzed []string, numeric uint16) ([]byte, bool) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheets.DataSheet); err != nil {
		return nil, false
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	row2, row3 := make([]any, len(valid)), make([]any, len(fuzzed))
	for i := range valid {
		row2[i], row3[i] = valid[i], fuzzed[i]
		if n, err := strconv.ParseFloat(fuzzed[i], 64); err == nil && numeric&(1<<i) != 0 {
			row3[i] = n
		}
	}
	for i, r := range [][]any{header, row2, row3} {
		if err := f.SetSheetRow(sheets.DataSheet, "A"+strconv.Itoa(i+1), &r); err != nil {
			return nil, false
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

func checkPreview(t *testing.T, p *sheets.Preview, cols []sheets.Column, valid, fuzzed []string) {
	t.Helper()
	if p.Good+p.Bad != len(p.Rows) || len(p.Rows) < 1 || len(p.Rows) > 2 {
		t.Fatalf("%q: good %d + bad %d, %d rows", fuzzed, p.Good, p.Bad, len(p.Rows))
	}
	if r := p.Rows[0]; r.Number != 2 || len(r.Errors) != 0 {
		t.Fatalf("valid row %q: number %d, errors %+v", valid, r.Number, r.Errors)
	}
	field := map[string]string{}
	for _, c := range cols {
		field[c.Header] = c.Field
	}
	for _, r := range p.Rows[1:] {
		if r.Number != 3 || (p.Bad == 1) != (len(r.Errors) > 0) {
			t.Fatalf("row %q: number %d, bad %d, errors %+v", fuzzed, r.Number, p.Bad, r.Errors)
		}
		for _, ce := range r.Errors {
			if ce.Row != 3 || (ce.Column == "" && ce.Field == "") || !hasHan(ce.Message) {
				t.Fatalf("row %q: error %+v names no row, column or field, or says nothing in Chinese", fuzzed, ce)
			}
			if want, ok := field[ce.Column]; ce.Column != "" && (!ok || want != ce.Field) {
				t.Fatalf("row %q: error %+v names no column of the sheet", fuzzed, ce)
			}
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
