package sheets_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// BenchmarkBatchImport times one batch's sheets on the embedded store: a school
// of 2,000 students, 300 of them registered from a sheet and then given results
// from another (each row dry-run through Register or RecordResult, then written
// one after the other). Run once:
//
//	go test ./services/sheets/ -run '^$' -bench BatchImport -benchtime 1x
func BenchmarkBatchImport(b *testing.B) {
	const students, candidates = 2000, 300
	for i := 0; i < b.N; i++ {
		e := setup(b)
		if res, err := e.sheets.Commit(e.office, e.parse(b, e.office, sheets.Students, studentFile(b, students, "2025级1班"))); err != nil || res.Created != students {
			b.Fatalf("students: %+v, %v", res, err)
		}
		entry, err := e.certs.CreateEntry(e.office, models.CertEntryFields{Type: str(models.CertX), Name: str("Web前端开发职业技能等级证书"),
			EvaluationOrg: str("示例教育科技有限公司"), Batch: intp(1), Levels: &[]string{"初级"}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(entry.ID.Hex()), SchoolYear: intp(2026), MajorCodes: &[]string{"710201"}}); err != nil {
			b.Fatal(err)
		}
		batch, err := e.certs.CreateBatch(e.office, models.BatchFields{EntryID: str(entry.ID.Hex()), Level: str("初级"), Date: str("2026-11-20")})
		if err != nil {
			b.Fatal(err)
		}
		regs, results := [][]any{headers(b, sheets.Registrations)}, [][]any{headers(b, sheets.Results)}
		for j := 0; j < candidates; j++ {
			no := fmt.Sprintf("S%05d", j*students/candidates)
			regs = append(regs, []any{no, "2026-11-01", ""})
			results = append(results, []any{no, "通过", 80, 90, fmt.Sprintf("X-%04d", j), "2026-11-25"})
		}
		target := sheets.Target{BatchID: batch.ID.Hex()}
		for _, step := range []struct {
			kind sheets.Kind
			data []byte
		}{{sheets.Registrations, book(b, regs...)}, {sheets.Results, book(b, results...)}} {
			start := time.Now()
			p, err := e.sheets.ParseFor(e.office, step.kind, target, bytes.NewReader(step.data))
			if err != nil || p.Good != candidates {
				b.Fatalf("%s: good = %d, %v", step.kind, p.Good, err)
			}
			parsed := time.Since(start)
			res, err := e.sheets.Commit(e.office, p)
			if err != nil || res.Created != candidates {
				b.Fatalf("%s: %+v, %v", step.kind, res, err)
			}
			b.Logf("%s: %d rows parsed in %v, committed in %v", step.kind, candidates, parsed, time.Since(start)-parsed)
		}
	}
}
