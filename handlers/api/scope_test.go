package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// The matrix's columns: who sends the request.
var roleNames = [6]string{"system_admin", "office_admin_A", "office_staff_A", "enterprise_E1", "auditor_A", "anonymous"}

func (f *fixture) roleTokens() [6]string {
	return [6]string{f.admin, f.officeA, f.staffA, f.entE1, f.audA, ""}
}

// scopeRow is one request and the status each role must get. In path, {name}
// stands for a fixture id and {new} for a record the admin creates just before
// the request with fresh(f, n), in the collection the path names (made says
// how). A PATCH, or a body with a "version" key (nil), gets the current version
// of the record the path names.
type scopeRow struct {
	method, path string
	body         func(f *fixture, n int) map[string]any
	fresh        func(f *fixture, n int) map[string]any
	want         [6]int
	on           whose // what the request names, for TestAccessMatrixCoverage
}

func inA(f *fixture) string { return f.schoolA }
func inB(f *fixture) string { return f.schoolB }

func newSchool(f *fixture, n int) map[string]any {
	return map[string]any{"code": fmt.Sprintf("N%03d", n), "name": "新建学校", "district": "西城区", "level": "secondary"}
}

func newUser(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any {
		return map[string]any{"username": fmt.Sprintf("user%d", n), "password": userPassword, "role": "office_staff", "schoolId": school(f)}
	}
}

func newMajor(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any {
		b := majorBody(fmt.Sprintf("72%04d", n))
		b["schoolId"] = school(f)
		return b
	}
}

func newStudent(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any {
		b := studentBody(fmt.Sprintf("N%d", n), idNumber(fmt.Sprintf("11010520%02d0101%03d", n/1000, n%1000)))
		b["schoolId"] = school(f)
		return b
	}
}

func newTeacher(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any {
		b := teacherBody(fmt.Sprintf("N%d", n), "")
		b["schoolId"] = school(f)
		return b
	}
}

func newEnterprise(f *fixture, n int) map[string]any {
	return map[string]any{"creditCode": creditCode(fmt.Sprintf("91110000MA01X%04d", n)), "name": "新建企业有限公司"}
}

func set(k string, v any) func(*fixture, int) map[string]any {
	return func(*fixture, int) map[string]any { return map[string]any{k: v} }
}

var scopeRows = []scopeRow{
	// schools
	{"GET", "/schools", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofA},
	{"GET", "/schools/{schoolA}", nil, nil, [6]int{200, 200, 200, 404, 200, 401}, ofA},
	{"GET", "/schools/{schoolB}", nil, nil, [6]int{200, 404, 404, 404, 404, 401}, ofB},
	{"POST", "/schools", newSchool, nil, [6]int{201, 403, 403, 403, 403, 401}, ofNone},
	{"GET", "/schools?district=朝阳区", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofB}, // school B's district: an empty list
	{"PATCH", "/schools/{schoolA}", set("district", "东城区"), nil, [6]int{200, 403, 403, 403, 403, 401}, ofA},
	{"PATCH", "/schools/{schoolB}", set("district", "东城区"), nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"DELETE", "/schools/{new}", nil, newSchool, [6]int{204, 403, 403, 403, 403, 401}, ofNone},
	{"DELETE", "/schools/{schoolA}", nil, nil, [6]int{409, 403, 403, 403, 403, 401}, ofA}, // it has records
	{"DELETE", "/schools/{schoolB}", nil, nil, [6]int{409, 403, 403, 403, 403, 401}, ofB},

	// users
	{"GET", "/users", nil, nil, [6]int{200, 200, 403, 403, 403, 401}, ofA},
	{"GET", "/users?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"GET", "/users/{staffAUser}", nil, nil, [6]int{200, 200, 403, 403, 403, 401}, ofA},
	{"GET", "/users/{officeBUser}", nil, nil, [6]int{200, 404, 403, 403, 403, 401}, ofB},
	{"GET", "/users/{entE1User}", nil, nil, [6]int{200, 404, 403, 403, 403, 401}, ofE1},
	// An office admin manages its school's office accounts, not its auditor's.
	{"GET", "/users/{audAUser}", nil, nil, [6]int{200, 404, 403, 403, 403, 401}, ofA},
	{"PATCH", "/users/{audAUser}", set("displayName", "审计员甲"), nil, [6]int{200, 404, 403, 403, 403, 401}, ofA},
	{"POST", "/users", newUser(inA), nil, [6]int{201, 201, 403, 403, 403, 401}, ofA},
	{"POST", "/users", newUser(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/users/{staffAUser}", set("displayName", "教务员甲"), nil, [6]int{200, 200, 403, 403, 403, 401}, ofA},
	{"PATCH", "/users/{officeBUser}", set("displayName", "教务乙"), nil, [6]int{200, 404, 403, 403, 403, 401}, ofB},
	{"POST", "/users/{new}/disable", nil, newUser(inA), [6]int{200, 200, 403, 403, 403, 401}, ofA},
	{"POST", "/users/{new}/disable", nil, newUser(inB), [6]int{200, 404, 403, 403, 403, 401}, ofB},
	{"POST", "/users/{new}/enable", nil, newUser(inA), [6]int{200, 200, 403, 403, 403, 401}, ofA},
	{"POST", "/users/{new}/enable", nil, newUser(inB), [6]int{200, 404, 403, 403, 403, 401}, ofB},
	{"POST", "/users/{new}/reset-password", set("password", "Reset12345"), newUser(inA), [6]int{204, 204, 403, 403, 403, 401}, ofA},
	{"POST", "/users/{new}/reset-password", set("password", "Reset12345"), newUser(inB), [6]int{204, 404, 403, 403, 403, 401}, ofB},

	// majors
	{"GET", "/majors", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofA},
	{"GET", "/majors?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"GET", "/majors/{majorA}", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofA},
	{"GET", "/majors/{majorB}", nil, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"POST", "/majors", newMajor(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/majors", newMajor(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/majors/{majorA}", set("name", "计算机网络技术"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PATCH", "/majors/{majorB}", set("name", "计算机网络技术"), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/majors/{new}", nil, newMajor(inA), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/majors/{new}", nil, newMajor(inB), [6]int{204, 404, 404, 403, 404, 401}, ofB},

	// students: enterprise users see none until placements exist
	{"GET", "/students", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/students?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 200, 403, 401}, ofB},
	{"GET", "/students/{studentA}", nil, nil, [6]int{200, 200, 200, 404, 200, 401}, ofA},
	{"GET", "/students/{studentB}", nil, nil, [6]int{200, 404, 404, 404, 404, 401}, ofB},
	{"POST", "/students", newStudent(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/students", newStudent(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/students/{studentA}", set("className", "计算机2班"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PATCH", "/students/{studentB}", set("className", "计算机2班"), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/students/{new}", nil, newStudent(inA), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/students/{new}", nil, newStudent(inB), [6]int{204, 404, 404, 403, 404, 401}, ofB},

	// teachers: enterprise users see the part-time teachers they employ
	{"GET", "/teachers", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/teachers?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 200, 403, 401}, ofB},
	{"GET", "/teachers/{teacherA}", nil, nil, [6]int{200, 200, 200, 404, 200, 401}, ofA},
	{"GET", "/teachers/{partTimeA}", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/teachers/{teacherB}", nil, nil, [6]int{200, 404, 404, 404, 404, 401}, ofB},
	{"GET", "/teachers/{partTimeB1}", nil, nil, [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"GET", "/teachers/{partTimeA2}", nil, nil, [6]int{200, 200, 200, 404, 200, 401}, ofA | ofE2},
	{"POST", "/teachers", newTeacher(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/teachers", newTeacher(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/teachers/{teacherA}", set("enterpriseExperienceMonths", 12), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PATCH", "/teachers/{partTimeA}", set("enterpriseExperienceMonths", 24), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"PATCH", "/teachers/{teacherB}", set("enterpriseExperienceMonths", 12), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/teachers/{new}", nil, newTeacher(inA), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/teachers/{new}", nil, newTeacher(inB), [6]int{204, 404, 404, 403, 404, 401}, ofB},

	// enterprises are shared by the schools; an enterprise user sees only its own
	{"GET", "/enterprises", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofE1},
	{"GET", "/enterprises/{e1}", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofE1},
	{"GET", "/enterprises/{e2}", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofE2},
	{"POST", "/enterprises", newEnterprise, nil, [6]int{201, 201, 201, 403, 403, 401}, ofNone},
	{"PATCH", "/enterprises/{e1}", set("industry", "软件和信息技术服务业"), nil, [6]int{200, 200, 200, 200, 403, 401}, ofE1},
	{"PATCH", "/enterprises/{e2}", set("industry", "软件和信息技术服务业"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofE2},
	{"DELETE", "/enterprises/{new}", nil, newEnterprise, [6]int{204, 204, 403, 403, 403, 401}, ofNone},

	// audit log: the admin and office admins only
	{"GET", "/audit-log", nil, nil, [6]int{200, 200, 403, 403, 403, 401}, ofA},
	{"GET", "/audit-log?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
}

// errorCodes is the error.code each error status carries.
var errorCodes = map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 422: "validation_failed"}

func TestScopeMatrix(t *testing.T) {
	f := newFixture(t)
	// Part-time teachers of school B at E1 and of school A at E2.
	for _, pt := range []struct {
		name, token, no, id, employer string
		on                            whose
	}{
		{"partTimeB1", f.officeB, "TB02", idNumber("44030519860101672"), f.e1, ofB | ofE1},
		{"partTimeA2", f.officeA, "TA03", idNumber("44030519870101673"), f.e2, ofA | ofE2},
	} {
		b := teacherBody(pt.no, pt.id)
		b["employment"], b["employerEnterpriseId"] = "enterprise_part_time", pt.employer
		f.keep(pt.name, pt.on, f.create(pt.token, "/api/v1/teachers", b))
	}
	f.runMatrix(t, scopeRows)
}

// runMatrix sends every row as every role and wants the row's status.
func (f *fixture) runMatrix(t *testing.T, rows []scopeRow) {
	t.Helper()
	for _, row := range rows {
		for i, token := range f.roleTokens() {
			t.Run(roleNames[i]+" "+row.method+" "+row.path, func(t *testing.T) {
				n := f.next()
				path := f.expand(row)
				var body any
				if row.body != nil {
					b := row.body(f, n)
					if _, ok := b["version"]; ok || row.method == "PATCH" {
						rec, _ := recordOf(path)
						b["version"] = f.version(rec)
					}
					body = b
				}
				f.expectStatus(t, row.method, path, token, body, row.want[i])
			})
		}
	}
}

// expectStatus sends one matrix request and wants status; a refused write must
// leave the data as it was, and every error has the one error shape.
func (f *fixture) expectStatus(t *testing.T, method, path, token string, body any, want int) {
	t.Helper()
	refused := method != "GET" && want >= 400
	var before string
	if refused {
		before = f.snapshot(method, path)
	}
	r := f.do(method, path, token, body)
	if r.status != want {
		t.Fatalf("%s %s: got status %d, want %d: %s", method, path, r.status, want, short(r.raw))
	}
	if refused {
		if after := f.snapshot(method, path); after != before {
			t.Errorf("refused %s %s changed the data: before %s, after %s", method, path, before, after)
		}
	}
	if code, ok := errorCodes[r.status]; ok {
		checkError(t, r, r.status, code)
	}
	if r.status >= 400 {
		f.checkTwin(t, method, path, token, body, r.status)
	}
	f.checkAnswer(t, token, r)
}

// snapshot is what a write to path would change, read as the admin: a collection's
// total for a create, the total and the audit log for an action on the
// collection (placements/check), else the record's version.
func (f *fixture) snapshot(method, path string) string {
	segs := strings.Split(path, "/") // "", "api", "v1", collection, id, action
	if method == "POST" && len(segs) == 4 {
		return fmt.Sprint("total ", f.listTotal(path))
	}
	if method == "POST" && len(segs) == 5 {
		if _, err := models.ParseID(segs[4]); err != nil {
			return fmt.Sprint("total ", f.listTotal(strings.Join(segs[:4], "/")), ", audit ", f.auditTotal())
		}
	}
	return fmt.Sprint("version ", f.version(strings.Join(segs[:5], "/")))
}

// expand fills in a row's path: fixture ids, and a fresh record for {new}.
func (f *fixture) expand(row scopeRow) string {
	path := "/api/v1" + row.path
	if row.fresh != nil {
		coll := path[:strings.Index(path, "/{new}")]
		path = strings.Replace(path, "{new}", f.made(coll, row.fresh(f, f.next())), 1)
	}
	var pairs []string
	for name, id := range f.more {
		pairs = append(pairs, "{"+name+"}", id)
	}
	return strings.NewReplacer(pairs...).Replace(path)
}

// made creates body in coll for a {new} record and returns its id: as the
// admin, but a snapshot, which only a school's office prepares, as the staff of
// the school body names, for a year the school has no snapshot of.
func (f *fixture) made(coll string, body map[string]any) string {
	if !strings.HasSuffix(coll, "/snapshots") {
		return f.create(f.admin, coll, body)
	}
	school, _ := body["schoolId"].(string)
	staff := map[string]string{f.schoolA: f.staffA, f.schoolB: f.staffB}[school]
	body["year"] = f.freeYear(school)
	return f.create(staff, coll, body)
}

// freeYear is the first statistical year from 2001 (the report also computes
// the year before, from 2000) of which school has no snapshot: a year with one
// waiting for approval refuses another.
func (f *fixture) freeYear(school string) int {
	taken := map[float64]bool{}
	for _, it := range f.must(200, "GET", "/api/v1/snapshots?pageSize=200&schoolId="+school, f.admin, nil).items() {
		taken[it["year"].(float64)] = true
	}
	year := 2001
	for taken[float64(year)] {
		year++
	}
	return year
}

func TestEnterpriseScope(t *testing.T) {
	f := newFixture(t)
	t.Run("OK", func(t *testing.T) {
		r := f.must(200, "GET", "/api/v1/enterprises", f.entE1, nil)
		if got, want := ids(r), []string{f.e1}; !equal(got, want) {
			t.Errorf("got enterprises %v, want %v", got, want)
		}
		r = f.must(200, "GET", "/api/v1/teachers", f.entE1, nil)
		if got, want := ids(r), []string{f.partTimeA}; !equal(got, want) {
			t.Errorf("got teachers %v, want %v", got, want)
		}
		if got, want := f.must(200, "GET", "/api/v1/teachers", f.entE2, nil).total(), 0; got != want {
			t.Errorf("E2 sees %d teachers, want %d", got, want)
		}
		if got, want := f.must(200, "GET", "/api/v1/students", f.entE1, nil).total(), 0; got != want {
			t.Errorf("E1 sees %d students, want %d", got, want)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		path := "/api/v1/enterprises/" + f.e2
		checkError(t, f.do("GET", path, f.entE1, nil), 403, "forbidden")
		checkError(t, f.do("GET", "/api/v1/enterprises/"+bson.NewObjectID().Hex(), f.entE1, nil), 403, "forbidden")
		body := map[string]any{"version": f.version(path), "industry": "越权修改"}
		checkError(t, f.do("PATCH", path, f.entE1, body), 403, "forbidden")
		if got := f.must(200, "GET", path, f.admin, nil).str("industry"); got == "越权修改" {
			t.Errorf("E1 changed E2's industry")
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		path := "/api/v1/enterprises/" + f.e1
		body := map[string]any{"version": f.version(path), "name": "改名有限公司", "creditCode": creditE2}
		r := f.do("PATCH", path, f.entE1, body)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "name", "creditCode")
	})
}

func ids(r resp) []string {
	var out []string
	for _, it := range r.items() {
		s, _ := it["id"].(string)
		out = append(out, s)
	}
	return out
}

func equal(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// TestOtherSchoolRefused: for office users schoolId defaults to their own school
// and any other value is refused (403, the words; /users included); an
// auditor may name only its schools.
func TestOtherSchoolRefused(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/majors", "/students", "/teachers", "/users", "/audit-log"} {
		t.Run("ErrForbidden office "+path, func(t *testing.T) {
			checkError(t, f.do("GET", "/api/v1"+path+"?schoolId="+f.schoolB, f.officeA, nil), 403, "forbidden")
		})
	}
	for _, path := range []string{"/majors", "/students", "/teachers"} {
		t.Run("ErrForbidden auditor "+path, func(t *testing.T) {
			checkError(t, f.do("GET", "/api/v1"+path+"?schoolId="+f.schoolB, f.audA, nil), 403, "forbidden")
		})
		t.Run("OK "+path, func(t *testing.T) {
			for _, token := range []string{f.officeA, f.staffA, f.audA} {
				for _, q := range []string{"", "?schoolId=" + f.schoolA} {
					r := f.must(200, "GET", "/api/v1"+path+q, token, nil)
					if r.total() == 0 {
						t.Errorf("GET %s%s: no records of school A", path, q)
					}
					for _, it := range r.items() {
						if it["schoolId"] != f.schoolA {
							t.Errorf("GET %s%s: got a record of school %v", path, q, it["schoolId"])
						}
					}
				}
			}
		})
	}
	t.Run("OK /schools", func(t *testing.T) {
		for _, token := range []string{f.officeA, f.staffA, f.audA} {
			r := f.must(200, "GET", "/api/v1/schools", token, nil)
			if got, want := ids(r), []string{f.schoolA}; !equal(got, want) {
				t.Errorf("got schools %v, want %v", got, want)
			}
		}
	})
	t.Run("ErrForbidden create", func(t *testing.T) {
		for path, body := range map[string]map[string]any{
			"/majors": newMajor(inB)(f, 1), "/students": newStudent(inB)(f, 2),
			"/teachers": newTeacher(inB)(f, 3), "/users": newUser(inB)(f, 4),
		} {
			checkError(t, f.do("POST", "/api/v1"+path, f.officeA, body), 403, "forbidden")
		}
	})
}

func TestUnauthenticated(t *testing.T) {
	f := newEnv(t)
	tokens := map[string]string{
		"none":      "",
		"garbage":   "garbage",
		"no secret": "0123456789abcdef01234567.",
		"unknown":   "0123456789abcdef01234567.c2VjcmV0",
		"forged":    strings.SplitN(f.admin, ".", 2)[0] + ".c2VjcmV0",
	}
	for name, token := range tokens {
		t.Run("ErrUnauthorized "+name, func(t *testing.T) {
			for _, path := range []string{"/auth/me", "/schools", "/students?" + url.Values{"q": {"x"}}.Encode()} {
				checkError(t, f.do("GET", "/api/v1"+path, token, nil), 401, "unauthorized")
			}
			checkError(t, f.do("POST", "/api/v1/schools", token, newSchool(nil, 1)), 401, "unauthorized")
		})
	}
}
