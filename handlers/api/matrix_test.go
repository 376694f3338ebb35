package api_test

import (
	"archive/zip"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
)

// The access matrix is every role × every route × own school, other school
// and, where an enterprise user may use the route, another enterprise. Its
// rows live with their areas' fixtures (scopeRows, certScopeRows,
// placementRows, …); accessMatrix gathers them, and TestAccessMatrixCoverage
// checks them against the routes Register mounts.

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

// matrixRow is a row of one of the access matrices as the coverage test sees
// it: the request, what it names and the status each role must get.
type matrixRow struct {
	test, method, path string
	on                 whose
	want               [6]int
}

// accessMatrix is the rows of every access matrix, with the test that runs
// them.
func accessMatrix() []matrixRow {
	var out []matrixRow
	add := func(test, method, path string, on whose, want [6]int) {
		out = append(out, matrixRow{test, method, path, on, want})
	}
	for _, r := range authRows {
		add("TestAuthMatrix", r.method, r.path, r.on, r.want)
	}
	for _, r := range scopeRows {
		add("TestScopeMatrix", r.method, r.path, r.on, r.want)
	}
	// rows only builds closures: the paths and statuses need no fixture.
	for _, r := range new(cohortFixture).rows() {
		add("TestCohortScopeMatrix", r.method, r.path, r.on, r.want)
	}
	for _, r := range lubanRows {
		add("TestLubanScopeMatrix", r.method, r.path, r.on, r.want)
	}
	for _, r := range reportRows {
		add("TestReportScopeMatrix", r.method, r.path, r.on, r.want)
	}
	for _, r := range verifyRows {
		add("TestVerifyMatrix", "POST", "/snapshots/verify", r.on, r.want)
	}
	for _, r := range certScopeRows {
		add("TestCertScopeMatrix", r.method, r.path, r.on, r.want)
	}
	for _, r := range placementRows {
		add("TestPlacementScopeMatrix", r.method, r.path, r.on, r.want)
	}
	for _, r := range practiceRows {
		add("TestPracticeScopeMatrix", r.method, r.path, r.on, r.want)
	}
	return out
}

// notSchool lists the routes that no row can aim at another school, and why.
// Every other route must have a row naming school A (or the caller's own
// school) and one naming school B.
var notSchool = map[string]string{
	"POST /auth/logout": "the caller's own session",
	"GET /auth/me":      "the caller's own account",
	"POST /schools":     "a new school belongs to no school yet; only the system admin creates one",

	"GET /enterprises":        "enterprises are shared by the schools: none belongs to one",
	"POST /enterprises":       "enterprises are shared by the schools: none belongs to one",
	"GET /enterprises/:id":    "enterprises are shared by the schools: none belongs to one",
	"PATCH /enterprises/:id":  "enterprises are shared by the schools: none belongs to one",
	"DELETE /enterprises/:id": "enterprises are shared by the schools: none belongs to one",

	"GET /cert-entries":        "the certificate catalogue is shared by every school",
	"POST /cert-entries":       "the certificate catalogue is shared by every school",
	"GET /cert-entries/:id":    "the certificate catalogue is shared by every school",
	"PATCH /cert-entries/:id":  "the certificate catalogue is shared by every school",
	"DELETE /cert-entries/:id": "the certificate catalogue is shared by every school",

	"GET /rule-sets":          "a rule set is the regulation's parameters, the same for every school",
	"POST /rule-sets":         "a rule set is the regulation's parameters, the same for every school",
	"GET /rule-sets/:version": "a rule set is the regulation's parameters, the same for every school",
}

// notEnterprise lists routes an enterprise user may use for which no row can
// aim at another enterprise, and why. Every other route on which some row
// lets the enterprise user in must have a row naming E2.
var notEnterprise = map[string]string{
	"POST /auth/logout": "the caller's own session",
	"GET /auth/me":      "the caller's own account",

	"GET /rule-sets":          "a rule set is the regulation's parameters, the same for every enterprise",
	"GET /rule-sets/:version": "a rule set is the regulation's parameters, the same for every enterprise",
	"POST /snapshots/verify":  "checks the uploaded file; a snapshot is a school's, no enterprise's (verifyRows: E1 never gets the stored hash)",

	// Lists that take no enterprise: the fixture holds E2's records and
	// checkAnswer finds none of them in E1's answer.
	"GET /enterprises": "a list that names no enterprise; E1's answer holds no {e2}",
	"GET /students":    "a list that names no enterprise; E1's answer holds no {studentB} (placed at E2, TestPlacementScopeMatrix)",
	"GET /teachers":    "a list that names no enterprise; E1's answer holds no {partTimeA2} (employed by E2, TestScopeMatrix)",
}

// TestAccessMatrixCoverage: every route Register mounts below /api/v1 (but the
// login and the OpenAPI document, which need no token) has rows in the access
// matrices for school A and school B, and for E2 where an enterprise user may
// use it; every row is of a mounted route; a row has a status for each role.
func TestAccessMatrixCoverage(t *testing.T) {
	routes := mountedRoutes()
	rows := accessMatrix()
	byRoute := map[string][]matrixRow{}
	allowed := 0
	for _, row := range rows {
		route := routeOf(routes, row.method, row.path)
		if route == "" {
			t.Errorf("%s: %s %s is no route of Register", row.test, row.method, row.path)
			continue
		}
		byRoute[route] = append(byRoute[route], row)
		for i, want := range row.want {
			if want < 200 || want > 599 {
				t.Errorf("%s: %s %s: no status for %s", row.test, row.method, row.path, roleNames[i])
			}
			if want < 300 {
				allowed++
			}
		}
	}
	for _, exempt := range []map[string]string{notSchool, notEnterprise} {
		for key := range exempt {
			method, path, _ := strings.Cut(key, " ")
			if routeOf(routes, method, path) != key {
				t.Errorf("%s is exempt, but Register does not mount it", key)
			}
		}
	}
	var missing []string
	for _, route := range routes {
		if l := lacks(route, byRoute[route]); len(l) > 0 {
			missing = append(missing, fmt.Sprintf("%s lacks %s", route, strings.Join(l, ", ")))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
	checkBadInputRoles(t, byRoute)
	cells := len(rows) * len(roleNames)
	t.Logf("%d routes, %d rows × %d roles = %d requests (%d allowed, %d refused); %d routes exempt from school B, %d from E2",
		len(routes), len(rows), len(roleNames), cells, allowed, cells-allowed, len(notSchool), len(notEnterprise))
}

// mountedRoutes are the routes below /api/v1 that need a token, as "GET
// /students/:id", in the order Register mounts them.
func mountedRoutes() []string {
	app := api.NewApp(&api.Handler{}, api.AppOptions{Logger: slog.New(slog.DiscardHandler)})
	var routes []string
	seen := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		route, ok := strings.CutPrefix(r.Path, "/api/v1")
		if !ok || r.Method == "HEAD" || strings.HasSuffix(route, "*") {
			continue
		}
		key := r.Method + " " + route
		if key == "POST /auth/login" || key == "GET /openapi.json" || seen[key] {
			continue
		}
		seen[key] = true
		routes = append(routes, key)
	}
	return routes
}

// lacks says which rows route needs and does not have.
func lacks(route string, rows []matrixRow) []string {
	if len(rows) == 0 {
		return []string{"any row"}
	}
	var on whose
	enterprise := false
	for _, r := range rows {
		on |= r.on
		enterprise = enterprise || r.want[3] < 300
	}
	var out []string
	if _, ok := notSchool[route]; !ok {
		if on&ofA == 0 {
			out = append(out, "a row of school A")
		}
		if on&ofB == 0 {
			out = append(out, "a row of school B")
		}
	}
	if _, ok := notEnterprise[route]; enterprise && !ok && on&ofE2 == 0 {
		out = append(out, "a row of enterprise E2 (the enterprise user may use it)")
	}
	return out
}

// checkBadInputRoles: TestBadInput sends each write route's valid request as
// a role that may write it, so the matrix must let that role in on some row
// of the route.
func checkBadInputRoles(t *testing.T, byRoute map[string][]matrixRow) {
	t.Helper()
	column := map[string]int{"admin": 0, "officeA": 1, "staffA": 2, "entE1": 3, "audA": 4}
	for _, w := range writeRoutes {
		i, ok := column[w.as]
		if !ok {
			continue
		}
		allowed := false
		for _, r := range byRoute[w.method+" "+w.route] {
			allowed = allowed || r.want[i] < 300
		}
		if !allowed {
			t.Errorf("%s %s: TestBadInput writes it as %s, but no matrix row lets %s in", w.method, w.route, w.as, roleNames[i])
		}
	}
}

// routeOf is the first of routes (in Register's order, as Fiber matches them)
// that method and path match: a :param matches any one segment. The query is
// ignored.
func routeOf(routes []string, method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for _, key := range routes {
		m, route, _ := strings.Cut(key, " ")
		if m != method {
			continue
		}
		rsegs := strings.Split(route, "/")
		if len(rsegs) != len(segs) {
			continue
		}
		match := true
		for i, s := range rsegs {
			if !strings.HasPrefix(s, ":") && s != segs[i] {
				match = false
				break
			}
		}
		if match {
			return key
		}
	}
	return ""
}

// hides says what of the fixture's records token may not read: school B's
// for school A's users, E2's for E1's user.
func (f *fixture) hides(token string) func(whose) bool {
	switch token {
	case f.officeA, f.staffA, f.audA:
		return func(on whose) bool { return on&ofB != 0 && on&ofA == 0 }
	case f.entE1:
		return func(on whose) bool { return on&ofE2 != 0 && on&ofE1 == 0 }
	}
	return func(whose) bool { return false }
}

// checkTwin sends a refused matrix request again with each record path names
// that token may not read replaced by an id of no record: the answer must be
// the same, so that a refusal does not tell that another school's or
// enterprise's record exists.
func (f *fixture) checkTwin(t *testing.T, method, path, token string, body any, status int) {
	t.Helper()
	hidden := f.hides(token)
	for name, id := range f.more {
		if !hidden(f.of[name]) || !strings.Contains(path, id) {
			continue
		}
		twin := strings.ReplaceAll(path, id, bson.NewObjectID().Hex())
		if r := f.do(method, twin, token, body); r.status != status {
			t.Errorf("%s %s with no record for {%s}: got status %d, want %d as for {%s}: %s", method, path, name, r.status, status, name, short(r.raw))
		}
	}
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
	text := answerText(t, r.raw)
	hidden := f.hides(token)
	for name, id := range f.more {
		if hidden(f.of[name]) && strings.Contains(text, id) {
			t.Errorf("the answer holds {%s} (%s's): %s", name, f.of[name], short(text))
		}
	}
	if token == f.entE1 || token == f.audA {
		if n := wholeIDNumber(text); n != "" {
			t.Errorf("the answer holds the whole ID number %s: %s", n, short(text))
		}
	}
}

// answerText is an answer as text: a workbook (an .xlsx is a zip of XML
// files) is the text of all its files.
func answerText(t *testing.T, raw string) string {
	t.Helper()
	if !strings.HasPrefix(raw, "PK") {
		return raw
	}
	z, err := zip.NewReader(strings.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the answer is no zip: %v", err)
	}
	var b strings.Builder
	for _, file := range z.File {
		rc, err := file.Open()
		if err != nil {
			t.Fatalf("%s: %v", file.Name, err)
		}
		_, err = io.Copy(&b, rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", file.Name, err)
		}
	}
	return b.String()
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
