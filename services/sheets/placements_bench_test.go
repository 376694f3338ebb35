package sheets_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/services/sheets"
)

// BenchmarkPlacementImport times placement sheets on the embedded store: a
// school of 2,000 students imports its placements in three files of 100 rows,
// each row dry-run through CheckFields (validation and the rules) in the
// preview and written with its check at the commit; each file lands on the
// placements of the files before it. Run once:
//
//	go test ./services/sheets/ -run '^$' -bench PlacementImport -benchtime 1x
func BenchmarkPlacementImport(b *testing.B) {
	const students, rows, files = 2000, 100, 3
	for i := 0; i < b.N; i++ {
		e := setup(b)
		if res, err := e.sheets.Commit(e.office, e.parse(b, e.office, sheets.Students, studentFile(b, students, "2025级1班"))); err != nil || res.Created != students {
			b.Fatalf("students: %+v, %v", res, err)
		}
		e.seedExamplePlacement(b) // the example's enterprise and teacher
		for file := 0; file < files; file++ {
			sheet := [][]any{headers(b, sheets.Placements)}
			for j := 0; j < rows; j++ {
				sheet = append(sheet, placementRow(b, fmt.Sprintf("S%05d", file*rows+j), "2027-03-01", "2027-06-30",
					map[string]any{"学生姓名": "", "同类岗位": fmt.Sprintf("岗位%d", j), "学校指导教师工号": "T2020001"}))
			}
			start := time.Now()
			p, err := e.sheets.Parse(e.office, sheets.Placements, "", bytes.NewReader(book(b, sheet...)))
			if err != nil || p.Good != rows {
				b.Fatalf("file %d: good = %d, %v: %+v", file, p.Good, err, p.Rows[0].Errors)
			}
			parsed := time.Since(start)
			res, err := e.sheets.Commit(e.office, p)
			if err != nil || res.Created != rows {
				b.Fatalf("file %d: %+v, %v", file, res, err)
			}
			b.Logf("file %d (%d placements stored before): %d rows parsed in %v, committed in %v", file+1, file*rows, rows, parsed, time.Since(start)-parsed)
		}
	}
}
