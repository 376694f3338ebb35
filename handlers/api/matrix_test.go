package api_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

// whose says what a matrix row's request names, seen from the fixture's users:
// school A is the office users' and the auditor's school, school B another
// school; E1 is the enterprise user's enterprise, E2 another enterprise. A
// list or a create that names no school is the caller's own: ofA, and ofE1
// where an enterprise user may read it.
type whose uint8

const (
	ofNone whose = 0 // nothing of a school or an enterprise: the catalogue, rule sets, the caller's own session
	ofA    whose = 1 << (iota - 1)
	ofB
	ofE1
	ofE2
)

func (w whose) String() string {
	var out []string
	for _, x := range []struct {
		bit  whose
		name string
	}{{ofA, "A"}, {ofB, "B"}, {ofE1, "E1"}, {ofE2, "E2"}} {
		if w&x.bit != 0 {
			out = append(out, x.name)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "+")
}

// checkAnswer looks into a matrix request's answer that let the caller in: it
// must hold no record (by id) of a school the caller may not read (school B's,
// for school A's users) nor of another enterprise (E2's, for E1's user), and
// no whole ID number for the enterprise user and the auditor. A status alone
// does not show that a list left the other school's records out.
func (f *fixture) checkAnswer(t *testing.T, token string, r resp) {
	t.Helper()
	if r.status >= 300 {
		return
	}
	hidden := func(on whose) bool { return false }
	switch token {
	case f.officeA, f.staffA, f.audA:
		hidden = func(on whose) bool { return on&ofB != 0 && on&ofA == 0 }
	case f.entE1:
		hidden = func(on whose) bool { return on&ofE2 != 0 && on&ofE1 == 0 }
	}
	for name, id := range f.more {
		if hidden(f.of[name]) && strings.Contains(r.raw, id) {
			t.Errorf("the answer holds {%s} (%s's): %s", name, f.of[name], short(r.raw))
		}
	}
	if token == f.entE1 || token == f.audA {
		if n := wholeIDNumber(r.raw); n != "" {
			t.Errorf("the answer holds the whole ID number %s: %s", n, short(r.raw))
		}
	}
}

// idLike is an 18-character ID number standing alone (not inside a hash or an
// id).
var idLike = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([1-9]\d{16}[\dX])(?:[^0-9A-Za-z]|$)`)

// wholeIDNumber returns the first whole, valid ID number in s, or "".
func wholeIDNumber(s string) string {
	for _, m := range idLike.FindAllStringSubmatch(s, -1) {
		if n := m[1]; models.IDNumberCheckChar(n[:17]) == n[17] {
			return n
		}
	}
	return ""
}
