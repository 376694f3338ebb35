package api_test

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentEdits: many writers at once on one record. Under one version
// exactly one update wins and the others get 409 stale_version, so no update
// is lost unseen: the record holds the winner's change, its version moved by
// one, and the audit log has one entry. Creating the same student at once
// gives one 201, 409s for the rest, and one record.
func TestConcurrentEdits(t *testing.T) {
	f := newFixture(t)
	path := students + "/" + f.studentA
	const writers = 10
	for round := range 3 {
		v, audit := f.version(path), f.auditTotal()
		status := make([]int, writers)
		var wg sync.WaitGroup
		for i := range writers {
			token := f.officeA
			if i%2 == 1 {
				token = f.staffA
			}
			wg.Go(func() {
				r := f.do("PATCH", path, token, map[string]any{"version": v, "className": fmt.Sprintf("计算机%d班", 10*round+i)})
				if r.status == 409 && r.errCode() != "stale_version" {
					t.Errorf("writer %d: 409 %s, want stale_version", i, r.raw)
				}
				status[i] = r.status
			})
		}
		wg.Wait()
		winner := -1
		for i, s := range status {
			switch {
			case s == 200 && winner < 0:
				winner = i
			case s == 200:
				t.Fatalf("round %d: writers %d and %d both updated version %v", round, winner, i, v)
			case s != 409:
				t.Fatalf("round %d: writer %d got %d", round, i, s)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: no writer updated: %v", round, status)
		}
		got := f.must(200, "GET", path, f.admin, nil)
		if want := fmt.Sprintf("计算机%d班", 10*round+winner); got.str("className") != want {
			t.Errorf("round %d: className %q, want the winner's %q", round, got.str("className"), want)
		}
		if got.body["version"] != v+1 {
			t.Errorf("round %d: version %v, want %v", round, got.body["version"], v+1)
		}
		if n := f.auditTotal(); n != audit+1 {
			t.Errorf("round %d: %d audit entries for one update", round, n-audit)
		}
	}

	total := f.listTotal(students)
	status := make([]int, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			status[i] = f.do("POST", students, f.officeA, student(map[string]any{"studentNo": "C900", "idNumber": idNumber("12010620080202123")})).status
		})
	}
	wg.Wait()
	created := 0
	for i, s := range status {
		switch s {
		case 201:
			created++
		case 409:
		default:
			t.Errorf("creator %d got %d", i, s)
		}
	}
	if created != 1 {
		t.Errorf("%d creators succeeded with the same 学号 and ID number, want 1: %v", created, status)
	}
	if n := f.listTotal(students); n != total+1 {
		t.Errorf("%d students added, want 1", n-total)
	}
}
