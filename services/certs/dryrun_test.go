package certs_test

import (
	"errors"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// A result validated in a dry run (an import preview) claims no certificate
// number: the number stays free for a real write, and a number someone else
// holds is still reported.
func TestResultDryRunClaimsNoNumber(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	b := e.batch(t, e.web, "2026-06-01")
	b, c1 := e.register(t, b, e.s1, "")
	b, c2 := e.register(t, b, e.s2, "")
	pass := func(v int64, no string) models.ResultFields {
		return models.ResultFields{Version: ver(v), Result: str(models.ResultPass), CertificateNo: str(no), IssueDate: str("2026-07-01")}
	}
	_, err := e.certs.RecordResult(records.DryRun(e.office), b.ID, c1.ID, pass(b.Version, "W-1"))
	if !errors.Is(err, records.ErrDryRun) {
		t.Fatalf("dry run: %v", err)
	}
	b, err = e.certs.RecordResult(e.office, b.ID, c2.ID, pass(b.Version, "W-1"))
	must(t, err)
	_, err = e.certs.RecordResult(records.DryRun(e.office), b.ID, c1.ID, pass(b.Version, "W-1"))
	conflictOn(t, err, "certificateNo")
}
