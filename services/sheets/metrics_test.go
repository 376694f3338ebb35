package sheets_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// TestCommitIsTimed: every commit of a known kind lands in the import
// histogram, by kind and outcome.
func TestCommitIsTimed(t *testing.T) {
	e := setup(t)
	e.sheets.Metrics = metrics.New(prometheus.NewRegistry())
	p := e.parse(t, e.office, sheets.Students, studentFile(t, 3, "2025级1班"))
	if res := e.commit(t, e.office, p); res.Created != 3 {
		t.Fatalf("created %d, want 3", res.Created)
	}
	if _, err := e.sheets.Commit(e.auditor, p); err == nil {
		t.Fatal("an auditor committed an import")
	}
	rec := httptest.NewRecorder()
	e.sheets.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Result().Body)
	for _, want := range []string{
		`chanjiao_import_commit_duration_seconds_count{kind="students",outcome="ok"} 1`,
		`chanjiao_import_commit_duration_seconds_count{kind="students",outcome="error"} 1`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
}
