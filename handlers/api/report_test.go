package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
)

// newReportFixture adds, on top of the Luban fixture's records, an approved
// 2025 snapshot of each school and a 2024 snapshot of school A still waiting.
func newReportFixture(t *testing.T) *fixture {
	t.Helper()
	f := newLubanFixture(t)
	approved := func(preparer, approver string) string {
		id := f.create(preparer, "/api/v1/snapshots", map[string]any{"year": 2025})
		f.must(200, "POST", "/api/v1/snapshots/"+id+"/approve", approver, map[string]any{"version": f.version("/api/v1/snapshots/" + id)})
		return id
	}
	f.keep("snapA", ofA, approved(f.staffA, f.officeA))
	f.keep("snapB", ofB, approved(f.staffB, f.officeB))
	f.keep("pendA", ofA, f.create(f.staffA, "/api/v1/snapshots", map[string]any{"year": 2024}))
	return f
}

// prepareIn is a request to prepare a snapshot of the school, for a year it
// has none of.
func prepareIn(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, _ int) map[string]any {
		return map[string]any{"schoolId": school(f), "year": f.freeYear(school(f))}
	}
}

// preparedIn makes a {new} snapshot of the school, prepared by its office staff
// (fixture.made).
func preparedIn(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, _ int) map[string]any { return map[string]any{"schoolId": school(f)} }
}

// decision approves or sends back a snapshot at its current version.
var decision = body(map[string]any{"comment": "核对无误", "version": nil})

var (
	rpSchool  = [6]int{200, 200, 200, 403, 200, 401}
	rpOther   = [6]int{200, 404, 404, 403, 404, 401}
	rpPending = [6]int{200, 200, 200, 403, 404, 401}
)

var reportRows = []scopeRow{
	{"GET", "/annual-report?year=2025", nil, nil, rpSchool, ofA},
	{"GET", "/annual-report?year=2025&schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"GET", "/snapshots", nil, nil, rpSchool, ofA},
	{"GET", "/snapshots?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"GET", "/snapshots/{snapA}", nil, nil, rpSchool, ofA},
	{"GET", "/snapshots/{pendA}", nil, nil, rpPending, ofA},
	{"GET", "/snapshots/{snapB}", nil, nil, rpOther, ofB},
	{"GET", "/snapshots/{snapA}/drift", nil, nil, rpSchool, ofA},
	{"GET", "/snapshots/{pendA}/drift", nil, nil, rpPending, ofA},
	{"GET", "/snapshots/{snapB}/drift", nil, nil, rpOther, ofB},
	{"GET", "/snapshots/{snapA}/export.xlsx", nil, nil, rpSchool, ofA},
	{"GET", "/snapshots/{pendA}/export.xlsx", nil, nil, rpPending, ofA},
	{"GET", "/snapshots/{snapB}/export.xlsx", nil, nil, rpOther, ofB},
	{"GET", "/snapshots/{snapA}/figures/luban_short_training_persons/records", nil, nil, rpSchool, ofA},
	{"GET", "/snapshots/{pendA}/figures/luban_short_training_persons/records", nil, nil, rpPending, ofA},
	{"GET", "/snapshots/{snapB}/figures/luban_short_training_persons/records", nil, nil, rpOther, ofB},
	// Only office users prepare; the auditor and the system admin may not.
	{"POST", "/snapshots", prepareIn(inA), nil, [6]int{403, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/snapshots", prepareIn(inB), nil, [6]int{403, 403, 403, 403, 403, 401}, ofB},
	// A snapshot not yet approved may be deleted by those who may change the
	// school's records.
	{"DELETE", "/snapshots/{new}", nil, preparedIn(inA), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/snapshots/{new}", nil, preparedIn(inB), [6]int{204, 404, 404, 403, 404, 401}, ofB},
	// Only an office admin of the school, not the preparer, approves or sends back.
	{"POST", "/snapshots/{new}/approve", decision, preparedIn(inA), [6]int{403, 200, 403, 403, 403, 401}, ofA},
	{"POST", "/snapshots/{new}/approve", decision, preparedIn(inB), [6]int{403, 404, 404, 403, 404, 401}, ofB},
	{"POST", "/snapshots/{new}/return", decision, preparedIn(inA), [6]int{403, 200, 403, 403, 403, 401}, ofA},
	{"POST", "/snapshots/{new}/return", decision, preparedIn(inB), [6]int{403, 404, 404, 403, 404, 401}, ofB},
}

// verifyRows upload the exported workbook of the snapshot named. Checking a
// file reads no record, so any signed-in user may check one it holds; the
// stored hash and state come only to those who may read the snapshot (stored):
// not to another school, nor to the auditor for one not yet approved.
var verifyRows = []struct {
	snapshot string
	want     [6]int
	stored   [6]bool
	on       whose
}{
	{"snapA", [6]int{200, 200, 200, 200, 200, 401}, [6]bool{true, true, true, false, true, false}, ofA},
	{"pendA", [6]int{200, 200, 200, 200, 200, 401}, [6]bool{true, true, true, false, false, false}, ofA},
	{"snapB", [6]int{200, 200, 200, 200, 200, 401}, [6]bool{true, false, false, false, false, false}, ofB},
}

// TestVerifyMatrix sends verifyRows as every role.
func TestVerifyMatrix(t *testing.T) {
	f := newReportFixture(t)
	for _, row := range verifyRows {
		xlsx := f.raw("GET", "/api/v1/snapshots/"+f.more[row.snapshot]+"/export.xlsx", f.admin)
		for i, token := range f.roleTokens() {
			t.Run(roleNames[i]+" "+row.snapshot, func(t *testing.T) {
				r := f.upload("/api/v1/snapshots/verify", token, xlsx)
				if r.status != row.want[i] {
					t.Fatalf("got status %d, want %d: %s", r.status, row.want[i], short(r.raw))
				}
				if code, ok := errorCodes[r.status]; ok {
					checkError(t, r, r.status, code)
				}
				if r.status != 200 {
					return
				}
				if got := r.str("storedHash") != "" || r.str("state") != ""; got != row.stored[i] {
					t.Errorf("stored hash or state shown: %v, want %v: %s", got, row.stored[i], short(r.raw))
				}
				if r.str("computedHash") != r.str("coverHash") || r.str("snapshotId") != f.more[row.snapshot] {
					t.Errorf("the file does not verify: %s", short(r.raw))
				}
			})
		}
	}
}

// TestReportScopeMatrix: office users prepare and read their school's
// snapshots, the auditor reads approved ones only, enterprise users nothing.
func TestReportScopeMatrix(t *testing.T) {
	f := newReportFixture(t)
	f.runMatrix(t, reportRows)
}

// TestSnapshotSignOff: who may approve, send back or delete, and that an
// approved snapshot refuses every change and logs the attempt.
func TestSnapshotSignOff(t *testing.T) {
	f := newReportFixture(t)
	path := func(id, action string) string { return "/api/v1/snapshots/" + id + action }
	pend := f.more["pendA"]
	decision := func(id string) map[string]any {
		return map[string]any{"version": f.version(path(id, "")), "comment": "核对无误"}
	}
	for _, c := range []struct {
		name, token, action string
		status              int
	}{
		{"the preparer's colleague on staff", f.staffA, "/approve", 403},
		{"the auditor", f.audA, "/approve", 403},
		{"the system admin", f.admin, "/approve", 403},
		{"an enterprise user", f.entE1, "/approve", 403},
		{"school B's office admin", f.officeB, "/approve", 404},
		{"the auditor sending back", f.audA, "/return", 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := f.version(path(pend, ""))
			r := f.do("POST", path(pend, c.action), c.token, decision(pend))
			if r.status != c.status {
				t.Fatalf("got %d, want %d: %s", r.status, c.status, short(r.raw))
			}
			if after := f.version(path(pend, "")); after != before {
				t.Fatalf("a refused decision changed the snapshot")
			}
		})
	}
	// The preparer, even as office admin, cannot approve their own snapshot.
	own := f.create(f.officeA, "/api/v1/snapshots", map[string]any{"year": 2023})
	r := f.do("POST", path(own, "/approve"), f.officeA, decision(own))
	checkError(t, r, 403, "forbidden")
	// Sending back needs a comment.
	r = f.do("POST", path(pend, "/return"), f.officeA, map[string]any{"version": f.version(path(pend, ""))})
	checkError(t, r, 422, "validation_failed")

	snap := f.more["snapA"]
	audit := f.auditTotal()
	for _, try := range []struct{ method, action string }{{"POST", "/approve"}, {"POST", "/return"}, {"DELETE", ""}} {
		before := f.version(path(snap, ""))
		var body any // a delete takes no body
		if try.method == "POST" {
			body = decision(snap)
		}
		r := f.do(try.method, path(snap, try.action), f.officeA, body)
		checkError(t, r, 409, "conflict")
		if f.version(path(snap, "")) != before {
			t.Fatalf("%s %s changed the approved snapshot", try.method, try.action)
		}
	}
	if got := f.auditTotal(); got != audit+3 {
		t.Fatalf("three refused changes added %d audit entries", got-audit)
	}
	// A correction without a reason is refused; with one it is revision 2.
	r = f.do("POST", "/api/v1/snapshots", f.staffA, map[string]any{"year": 2025})
	checkError(t, r, 422, "validation_failed")
	r = f.must(201, "POST", "/api/v1/snapshots", f.staffA, map[string]any{"year": 2025, "reason": "补录培训"})
	if r.body["revision"] != float64(2) || r.body["supersedes"] != snap {
		t.Fatalf("correction = %s", short(r.raw))
	}
}

// TestVerifyEndpoint: the exported workbook verifies as uploaded; a file that
// is not one is a 422 on file.
func TestVerifyEndpoint(t *testing.T) {
	f := newReportFixture(t)
	snap := f.more["snapA"]
	xlsx := f.raw("GET", "/api/v1/snapshots/"+snap+"/export.xlsx", f.audA)
	r := f.upload("/api/v1/snapshots/verify", f.audA, xlsx)
	manifest := f.must(200, "GET", "/api/v1/snapshots/"+snap, f.audA, nil).body["manifest"]
	if r.status != 200 || r.body["valid"] != true || r.body["computedHash"] != manifest {
		t.Fatalf("verify = %d %s", r.status, short(r.raw))
	}
	r = f.upload("/api/v1/snapshots/verify", f.audA, []byte("not a workbook"))
	checkError(t, r, 422, "validation_failed")
	if r.fields()["file"] == "" {
		t.Fatalf("no error on file: %s", r.raw)
	}
}

// raw GETs path as token and returns the body, requiring 200.
func (f *fixture) raw(method, path, token string) []byte {
	f.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := f.app.Test(req, -1)
	if err != nil || res.StatusCode != 200 {
		f.t.Fatalf("%s %s: %v %v", method, path, err, res.StatusCode)
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(res.Body)
	return buf.Bytes()
}

// upload POSTs file as the multipart field "file".
func (f *fixture) upload(path, token string, file []byte) resp {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "report.xlsx")
	_, _ = w.Write(file)
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := f.app.Test(req, -1)
	if err != nil {
		f.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := resp{status: res.StatusCode, raw: string(raw)}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		f.t.Fatalf("POST %s: decode %q: %v", path, raw, err)
	}
	return r
}

// TestAnnualReportTables: every registered figure of every area lands in one
// of the bureau's tables (a figure naming an unknown table would add a ninth).
func TestAnnualReportTables(t *testing.T) {
	f := newFixture(t)
	r := f.must(200, "GET", "/api/v1/annual-report?year=2025", f.officeA, nil)
	var names []string
	rows := 0
	for _, tb := range r.body["tables"].([]any) {
		m := tb.(map[string]any)
		names = append(names, m["name"].(string))
		if list, ok := m["rows"].([]any); ok {
			rows += len(list)
		}
	}
	want := "计分卡 教学资源表 国际影响表 国际影响表（鲁班工坊） 服务贡献表 落实政策表 产教融合 内部管理"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("tables = %s", got)
	}
	if n := len(f.h.Figures.Registry().Indicators()); rows != n {
		t.Fatalf("the report shows %d figures, the registry has %d", rows, n)
	}
}
