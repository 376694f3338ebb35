package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/services/servicetest"
)

// BenchmarkImportStudents times the import pages end to end on the embedded
// store: upload and parse n new student rows, show the first preview page,
// commit, then upload the same file again (all rows unchanged), for 2,500 and
// 10,000 rows. Each phase reports its time and how far the live heap rose
// during it (servicetest.PeakLive; the embedded store runs in this process).
// Run with
//
//	go test ./handlers/web/ -run '^$' -bench ImportStudents -benchtime 1x
func BenchmarkImportStudents(b *testing.B) {
	for _, n := range []int{2500, 10000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) { importStudents(b, n) })
	}
}

func importStudents(b *testing.B, n int) {
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("S%05d", i), fmt.Sprintf("学生%05d", i), idNumber(fmt.Sprintf("1101052008%02d%02d%03d", i/28000+1, i/1000%28+1, i%1000)),
			"710201", "计应1班", 2025, "在籍"}
	}
	for b.Loop() {
		b.StopTimer()
		s := newSite(b)
		file := studentsSheet(b, rows)
		br := s.browser(b)
		br.login("office", "Passw0rd1")
		b.StartTimer()
		phase := func(name string, f func()) {
			start := time.Now()
			peak := servicetest.PeakLive(f)
			b.ReportMetric(float64(time.Since(start).Milliseconds()), name+"-ms")
			b.ReportMetric(float64(peak)/(1<<20), name+"-live-MB")
		}
		var preview string
		phase("upload", func() {
			status, page, hdr := br.upload("/imports/students", "/imports/students", nil, "学生.xlsx", file)
			if status != 303 {
				b.Fatalf("upload: %d %s", status, page)
			}
			preview = hdr.Get("Location")
		})
		phase("preview", func() {
			if _, page, _ := br.do("GET", preview, nil); !strings.Contains(page, fmt.Sprintf("导入无误的 %d 行", n)) {
				b.Fatalf("preview: %s", page[:min(len(page), 2000)])
			}
		})
		phase("commit", func() {
			if status, page, _ := br.post(preview, preview+"/commit", url.Values{}); status != 200 || !strings.Contains(page, fmt.Sprintf("新增 <strong>%d</strong> 行", n)) {
				b.Fatalf("commit: %d", status)
			}
		})
		phase("reupload", func() {
			if status, _, _ := br.upload("/imports/students", "/imports/students", nil, "学生.xlsx", file); status != 303 {
				b.Fatalf("re-upload: %d", status)
			}
		})
	}
}
