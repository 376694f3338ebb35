package certs_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

func TestFindBatchesOfAStudent(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	b1 := e.batch(t, e.web, "2026-06-01")
	b1, _ = e.register(t, b1, e.s1, "")
	b1, _ = e.register(t, b1, e.s2, "")
	b2 := e.batch(t, e.web, "2026-07-01")
	e.register(t, b2, e.s2, "")
	for _, tt := range []struct {
		st   *models.Student
		want int64
	}{{e.s1, 1}, {e.s2, 2}, {e.s3, 0}} {
		res, err := e.certs.FindBatches(e.office, models.BatchFilter{StudentID: tt.st.ID.Hex()})
		must(t, err)
		if res.Total != tt.want {
			t.Errorf("%s is in %d batches, want %d", tt.st.StudentNo, res.Total, tt.want)
		}
	}
	if _, err := e.certs.FindBatches(e.office, models.BatchFilter{StudentID: "not-an-id"}); err == nil {
		t.Error("a malformed student id was accepted")
	}
}
