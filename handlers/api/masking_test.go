package api_test

import (
	"strconv"
	"strings"
	"testing"
)

// mask is the expected masked form: first 4 and last 4 characters kept.
func mask(id string) string { return id[:4] + strings.Repeat("*", 10) + id[14:] }

// What a reader gets of a person's identifier (an ID number, or a 学号 where a
// record carries no ID number).
const (
	whole     = "whole"     // the identifier as it is
	masked    = "masked"    // the ID number as 1101**********002X
	absent    = "absent"    // no identifier
	pseudonym = "pseudonym" // no 学号, and a per-year pseudonym for the name
	refused   = "refused"   // the role may not read the record (the access matrix says how)
)

// maskRow is a read of a record that identifies a person: in the record path
// names (or, for a list, in its item whose id is item), the object at says
// where the person is ("" for the record itself, "members.0.student"), key is
// the identifier's field and value its whole value. want is what each reader
// gets: the system admin, school A's office admin and staff, the enterprise
// user E1 and school A's auditor.
type maskRow struct {
	name, path, item string
	at, key, value   string
	want             [5]string
}

var maskRows = []maskRow{
	{"student", "/students/{studentA}", "", "", "idNumber", idStudentA, [5]string{whole, whole, whole, masked, masked}},
	{"student list", "/students?pageSize=200", "{studentA}", "", "idNumber", idStudentA, [5]string{whole, whole, whole, masked, masked}},
	{"teacher", "/teachers/{teacherA}", "", "", "idNumber", idTeacherA, [5]string{whole, whole, whole, refused, masked}},
	{"part-time teacher", "/teachers/{partTimeA}", "", "", "idNumber", idPartTime, [5]string{whole, whole, whole, masked, masked}},
	{"teacher list", "/teachers?pageSize=200", "{partTimeA}", "", "idNumber", idPartTime, [5]string{whole, whole, whole, masked, masked}},
	// A placement keeps only the masked copy of its student's ID number (the
	// office reads the whole one on the student); auditors get a pseudonym.
	{"placement", "/placements/{draftA}", "", "student", "idNumber", idStudentA, [5]string{masked, masked, masked, masked, absent}},
	{"placement list", "/placements?pageSize=200", "{draftA}", "student", "idNumber", idStudentA, [5]string{masked, masked, masked, masked, absent}},
	{"placement's student", "/placements/{draftA}", "", "student", "studentNo", "A001", [5]string{whole, whole, whole, whole, pseudonym}},
	// Contracts, order classes and assessment batches name the student by 学号
	// and name, never by ID number.
	{"contract", "/apprenticeship-contracts/{contractA}", "", "student", "studentNo", "A001", [5]string{whole, whole, whole, refused, pseudonym}},
	{"contract list", "/apprenticeship-contracts?pageSize=200", "{contractA}", "student", "studentNo", "A001", [5]string{whole, whole, whole, refused, pseudonym}},
	{"order-class member", "/order-classes/{classA}", "", "members.0.student", "studentNo", "A001", [5]string{whole, whole, whole, refused, pseudonym}},
	{"order-class list", "/order-classes?pageSize=200", "{classA}", "members.0.student", "studentNo", "A001", [5]string{whole, whole, whole, refused, pseudonym}},
	{"batch candidate", "/batches/{batchA}", "", "candidates.0", "studentNo", "A001", [5]string{whole, whole, whole, refused, pseudonym}},
	{"batch list", "/batches?pageSize=200", "{batchA}", "candidates.0", "studentNo", "A001", [5]string{whole, whole, whole, refused, pseudonym}},
	// The audit log keeps ID numbers masked for every reader.
	{"audit entry", "/audit-log?entity=student&entityId={studentA}", "", "items.0.changes.field=idNumber", "after", idStudentA, [5]string{masked, masked, refused, refused, refused}},
	{"placement's audit entry", "/audit-log?entity=placement&entityId={draftA}", "", "", "", "", [5]string{absent, absent, refused, refused, refused}},
	{"figure records", "/figures/x_registered_students/records?year={year}", "", "", "", "", [5]string{absent, absent, absent, refused, absent}},
}

// TestIDNumbersMasked reads every kind of record that identifies a person as
// the office, the enterprise user and the auditor: the enterprise user and the
// auditor get ID numbers masked, or none, the office whole (but where the
// record keeps only a masked copy); auditors get pseudonyms for names and 学号.
// No answer to the enterprise user or the auditor holds a whole ID number, and
// no answer at all where the row wants none.
func TestIDNumbersMasked(t *testing.T) {
	if got, want := mask(idStudentA), "1101**********002X"; got != want {
		t.Fatalf("mask(%s) = %s, want %s", idStudentA, got, want)
	}
	f := newBadFixture(t)
	f.ids["{partTimeA}"], f.ids["{year}"] = f.partTimeA, strconv.Itoa(f.cert.year)
	tokens := []string{f.admin, f.officeA, f.staffA, f.entE1, f.audA}
	for _, row := range maskRows {
		for i, token := range tokens {
			t.Run(roleNames[i]+" "+row.name, func(t *testing.T) {
				want := row.want[i]
				r := f.do("GET", "/api/v1"+f.expandBad(row.path), token, nil)
				if want == refused {
					if r.status != 403 && r.status != 404 {
						t.Fatalf("got status %d, want a refusal: %s", r.status, short(r.raw))
					}
					return
				}
				if r.status != 200 {
					t.Fatalf("got status %d, want 200: %s", r.status, short(r.raw))
				}
				if n := wholeIDNumber(r.raw); n != "" && want != whole {
					t.Errorf("the answer holds the whole ID number %s", n)
				}
				if row.key == "" {
					return
				}
				rec := r.body
				if row.item != "" {
					rec = itemByID(r, f.expandBad(row.item))
				}
				person, _ := dig(rec, row.at).(map[string]any)
				if person == nil {
					t.Fatalf("no %q in %s", row.at, short(r.raw))
				}
				checkIdentifier(t, person, row.key, row.value, want)
			})
		}
	}
}

// checkIdentifier wants person[key] as want says for value.
func checkIdentifier(t *testing.T, person map[string]any, key, value, want string) {
	t.Helper()
	got, _ := person[key].(string)
	switch want {
	case whole:
		if got != value {
			t.Errorf("got %s %q, want %q", key, got, value)
		}
	case masked:
		if got != mask(value) {
			t.Errorf("got %s %q, want %q", key, got, mask(value))
		}
	case absent:
		if got != "" {
			t.Errorf("got %s %q, want none", key, got)
		}
	case pseudonym:
		if name, _ := person["name"].(string); got != "" || !strings.HasPrefix(name, "匿名") {
			t.Errorf("got %s %q and name %q, want no %s and a pseudonym", key, got, name, key)
		}
	}
}

// itemByID is the item of a list answer with id.
func itemByID(r resp, id string) map[string]any {
	for _, it := range r.items() {
		if it["id"] == id {
			return it
		}
	}
	return nil
}

// dig follows a dotted path into v: keys of objects, indexes of lists, and
// key=value for the item of a list whose key is value.
func dig(v any, path string) any {
	if path == "" {
		return v
	}
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			if key, val, ok := strings.Cut(k, "="); ok {
				v = nil
				for _, it := range x {
					if m, _ := it.(map[string]any); m != nil && m[key] == val {
						v = m
					}
				}
				continue
			}
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
