package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// studentState is what the drill compares: the students as the office user
// reads them through the API, and their audit entries.
type studentState struct {
	Students int
	// Hash is SHA-256 over one line per student, sorted by student number:
	// student number, name, ID number, major, class, cohort and status (no ids,
	// no timestamps), so two stores with the same students hash alike.
	Hash    string
	Doubled []string // student numbers held by more than one student
	// Creates counts the audit log's create entries for students; Unaudited
	// lists the students that have none, Overaudited those with more than one.
	Creates     int
	Unaudited   []string
	Overaudited []string
}

// studentFields are the compared fields, in the order hashed.
var studentFields = []string{"studentNo", "name", "idNumber", "majorCode", "className", "cohortYear", "status"}

// readState reads every student through the API, a page of 200 at a time, and
// counts the audit log's student create entries. With everyEntry it also reads
// every entry, to name the students without one or with more than one: on the
// embedded store each page of the log is a scan of it, minutes at 10,000 rows,
// so the clean reference only counts.
func readState(t *testing.T, base, token string, everyEntry bool) studentState {
	began := time.Now()
	var st studentState
	ids := map[string]string{} // student id -> student number
	perNo := map[string]int{}
	var lines []string
	st.Students = eachItem(t, base, token, "/api/v1/students?sort=studentNo", func(s map[string]any) {
		vals := make([]string, len(studentFields))
		for i, f := range studentFields {
			vals[i] = fmt.Sprint(s[f])
		}
		lines = append(lines, strings.Join(vals, "\t"))
		ids[s["id"].(string)] = vals[0]
		perNo[vals[0]]++
	})
	if len(lines) != st.Students {
		t.Fatalf("read %d students, the API counts %d", len(lines), st.Students)
	}
	sort.Strings(lines) // the student number leads each line
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	st.Hash = hex.EncodeToString(sum[:])
	for no, k := range perNo {
		if k > 1 {
			st.Doubled = append(st.Doubled, no)
		}
	}
	if everyEntry {
		st.Creates, st.Unaudited, st.Overaudited = auditCreates(t, base, token, ids)
	} else {
		st.Creates = entriesOf(t, base, token, "")
	}
	t.Logf("read %d students and %d create entries in %v", st.Students, st.Creates, time.Since(began).Round(time.Millisecond))
	return st
}

// auditCreates counts the student create entries and names the students with
// none or more than one. A student the listing seems to miss is looked up on
// its own: entries logged in the same millisecond tie on the listing's sort,
// and paging over ties need not be stable.
func auditCreates(t *testing.T, base, token string, students map[string]string) (int, []string, []string) {
	t.Helper()
	entries := map[string]string{} // entry id -> student id
	total := eachItem(t, base, token, "/api/v1/audit-log?entity=student&action=create", func(e map[string]any) {
		entries[e["id"].(string)] = e["entityId"].(string)
	})
	per := map[string]int{}
	for _, sid := range entries {
		per[sid]++
	}
	var none, many []string
	for sid, no := range students {
		switch {
		case per[sid] > 1:
			many = append(many, no)
		case per[sid] == 0 && len(none) < 20 && entriesOf(t, base, token, sid) == 0:
			none = append(none, no)
		case per[sid] == 0 && len(none) >= 20:
			t.Fatalf("more than 20 students seem to have no create entry: the audit listing does not page stably")
		}
	}
	sort.Strings(none)
	sort.Strings(many)
	return total, none, many
}

// entriesOf counts the student create entries of one student, or with id ""
// of all.
func entriesOf(t *testing.T, base, token, id string) int {
	t.Helper()
	path := "/api/v1/audit-log?entity=student&action=create&pageSize=1"
	if id != "" {
		path += "&entityId=" + url.QueryEscape(id)
	}
	status, page := call(t, "GET", base+path, token, "")
	total, ok := page["total"].(float64)
	if status != http.StatusOK || !ok {
		t.Fatalf("audit entries of %s: %d %v", id, status, page)
	}
	return int(total)
}

// eachItem calls fn with every item of a list, 200 to a page, and returns the
// total the API gives.
func eachItem(t *testing.T, base, token, path string, fn func(map[string]any)) int {
	t.Helper()
	total := -1
	for page, seen := 1, 0; total < 0 || seen < total; page++ {
		status, body := call(t, "GET", fmt.Sprintf("%s%s&pageSize=200&page=%d", base, path, page), token, "")
		items, ok := body["items"].([]any)
		n, okTotal := body["total"].(float64)
		if status != http.StatusOK || !ok || !okTotal {
			t.Fatalf("GET %s page %d: %d %v", path, page, status, body)
		}
		total = int(n)
		if len(items) == 0 {
			break
		}
		for _, it := range items {
			fn(it.(map[string]any))
		}
		seen += len(items)
	}
	return total
}

// compareStates requires the drilled store to hold what the clean import did,
// and reports how the audit log compares; lastIn is the student number of the
// last row written before the kill.
func compareStates(t *testing.T, drilled, clean studentState, lastIn string) {
	t.Logf("drilled: %d students, hash %s, %d create entries", drilled.Students, drilled.Hash, drilled.Creates)
	t.Logf("clean:   %d students, hash %s, %d create entries", clean.Students, clean.Hash, clean.Creates)
	if drilled.Students != clean.Students || drilled.Hash != clean.Hash {
		t.Errorf("the drilled store differs from one clean import: %d students (hash %s), want %d (hash %s)",
			drilled.Students, drilled.Hash, clean.Students, clean.Hash)
	}
	for _, st := range []struct {
		name string
		s    studentState
	}{{"drilled", drilled}, {"clean", clean}} {
		if len(st.s.Doubled) > 0 {
			t.Errorf("%s: doubled student numbers %v", st.name, st.s.Doubled)
		}
		if len(st.s.Overaudited) > 0 {
			t.Errorf("%s: students with more than one create entry: %v", st.name, st.s.Overaudited)
		}
	}
	if clean.Creates != clean.Students {
		t.Errorf("clean: %d create entries for %d students, want one each", clean.Creates, clean.Students)
	}
	switch {
	case drilled.Creates+len(drilled.Unaudited) != drilled.Students && len(drilled.Overaudited) == 0:
		t.Errorf("drilled: %d create entries, %d students without one, for %d students: entries of students that do not exist",
			drilled.Creates, len(drilled.Unaudited), drilled.Students)
	case len(drilled.Unaudited) > 1:
		// The commit writes one row at a time: only the row in flight can lose
		// its entry to the kill.
		t.Errorf("drilled: %d students without their create audit entry, at most the one in flight at the kill may be: %v",
			len(drilled.Unaudited), drilled.Unaudited)
	case len(drilled.Unaudited) == 1 && drilled.Unaudited[0] != lastIn:
		t.Errorf("drilled: student %s has no create audit entry, but the row in flight at the kill was %s", drilled.Unaudited[0], lastIn)
	case len(drilled.Unaudited) == 1:
		t.Logf("FINDING: student %s has no create audit entry: the kill fell between its record's write and its entry's, "+
			"and the re-import, finding it unchanged, writes nothing (docs/reliability-kill.md)", drilled.Unaudited[0])
	default:
		t.Logf("audit: every student has its create entry (%d entries, %d students)", drilled.Creates, drilled.Students)
	}
}
