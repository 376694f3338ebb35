package sheets_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/services/sheets"
)

// bigStudentFile returns a student upload of n rows (n < 28,000) with distinct
// 学号 and valid, distinct ID numbers, written with excelize's StreamWriter.
func bigStudentFile(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheets.DataSheet); err != nil {
		tb.Fatal(err)
	}
	sw, err := f.NewStreamWriter(sheets.DataSheet)
	if err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A1", headers(tb, sheets.Students)); err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, studentRow(fmt.Sprintf("S%05d", i), manyID(i), "710201")); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestParse10000Rows: a full upload of MaxRows students parses, every row good.
// The time is logged, not asserted; see BenchmarkParse10000.
func TestParse10000Rows(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 rows")
	}
	e := setup(t)
	data := bigStudentFile(t, sheets.MaxRows)
	start := time.Now()
	p := e.parse(t, e.office, sheets.Students, data)
	t.Logf("parsed %d rows (%d KB) in %v", len(p.Rows), len(data)/1024, time.Since(start))
	if p.Good != sheets.MaxRows || p.Bad != 0 || p.Rows[sheets.MaxRows-1].Number != sheets.MaxRows+1 {
		t.Fatalf("good = %d, bad = %d, errors = %+v", p.Good, p.Bad, errorsOf(p)[:min(3, len(errorsOf(p)))])
	}
	t.Run("ErrOneRowTooMany", func(t *testing.T) {
		_, err := e.sheets.Parse(e.office, sheets.Students, "", bytes.NewReader(bigStudentFile(t, sheets.MaxRows+1)))
		if got := fileErr(t, err); got != "每个文件最多10000行数据，请拆分后分批导入" {
			t.Fatalf("message = %s", got)
		}
	})
}

// BenchmarkParse10000 parses a 10,000-row student upload into an empty school
// (each row dry-run through people.CreateStudent). Run:
//
//	go test ./services/sheets/ -run '^$' -bench Parse10000 -benchtime 3x
func BenchmarkParse10000(b *testing.B) {
	e := setup(b)
	data := bigStudentFile(b, sheets.MaxRows)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := e.sheets.Parse(e.office, sheets.Students, "", bytes.NewReader(data))
		if err != nil || p.Good != sheets.MaxRows {
			b.Fatalf("good = %d, err = %v", p.Good, err)
		}
	}
}
