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
func bigStudentFile(tb testing.TB, n int) []byte { return studentFile(tb, n, "2025级1班") }

// studentFile is bigStudentFile with every row in class.
func studentFile(tb testing.TB, n int, class string) []byte {
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
		row := studentRow(fmt.Sprintf("S%05d", i), manyID(i), "710201")
		row[4] = class
		if err := sw.SetRow(cell, row); err != nil {
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

// The import benchmarks run on the embedded store. Run all of them once each:
//
//	go test ./services/sheets/ -run '^$' -bench . -benchtime 1x

// BenchmarkParse10000 parses a 10,000-row student upload into an empty school
// (each row dry-run through people.CreateStudent).
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

// seedStudents imports the first n rows of studentFile into school A through
// Parse and Commit, as a user would.
func seedStudents(b *testing.B, e *env, n int) []byte {
	b.Helper()
	data := bigStudentFile(b, n)
	p := e.parse(b, e.office, sheets.Students, data)
	if res := e.commit(b, e.office, p); res.Created != n {
		b.Fatalf("seed: result = %+v", res)
	}
	return data
}

// BenchmarkReparse10000Unchanged parses again an upload of 10,000 students that
// all exist unchanged: one read of the school's students, no dry runs.
func BenchmarkReparse10000Unchanged(b *testing.B) {
	e := setup(b)
	data := seedStudents(b, e, sheets.MaxRows)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := e.sheets.Parse(e.office, sheets.Students, "", bytes.NewReader(data))
		if err != nil || p.Good != sheets.MaxRows || p.Rows[0].Action != sheets.ActionUnchanged {
			b.Fatalf("good = %d, err = %v", p.Good, err)
		}
	}
}

// BenchmarkParse2000Changed parses an upload that moves all 2,000 students of
// the school to another class: each row is dry-run through people.UpdateStudent.
func BenchmarkParse2000Changed(b *testing.B) {
	e := setup(b)
	seedStudents(b, e, 2000)
	data := studentFile(b, 2000, "2025级2班")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := e.sheets.Parse(e.office, sheets.Students, "", bytes.NewReader(data))
		if err != nil || p.Good != 2000 || p.Rows[0].Action != sheets.ActionUpdate {
			b.Fatalf("good = %d, bad = %d, err = %v", p.Good, p.Bad, err)
		}
	}
}

// BenchmarkCommit2000New commits a preview of 2,000 new students into an empty
// school. Only Commit is timed.
func BenchmarkCommit2000New(b *testing.B) {
	data := bigStudentFile(b, 2000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := setup(b)
		p := e.parse(b, e.office, sheets.Students, data)
		b.StartTimer()
		if res := e.commit(b, e.office, p); res.Created != 2000 {
			b.Fatalf("result = %+v", res)
		}
	}
}

// BenchmarkCommit2000Changed commits a preview that moves all 2,000 students of
// the school to another class: 2,000 versioned replaces. Only Commit is timed.
func BenchmarkCommit2000Changed(b *testing.B) {
	e := setup(b)
	seedStudents(b, e, 2000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := e.parse(b, e.office, sheets.Students, studentFile(b, 2000, fmt.Sprintf("2025级%d班", i+2)))
		b.StartTimer()
		if res := e.commit(b, e.office, p); res.Updated != 2000 {
			b.Fatalf("result = %+v, first failure %+v", res, res.Failed[:min(1, len(res.Failed))])
		}
	}
}
