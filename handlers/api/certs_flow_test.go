package api_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// flow is one school's way from a pilot to its figures, through the API.
type flow struct {
	*fixture
	date        string
	year        int
	entry       string
	batch       string // path of school A's batch
	cA, c2, c3  string // candidates: studentA (pass, certified), A002 (fail), A003 (outside the pilot, absent)
	pilot, tran string
}

// put sends a body with the batch's current version added.
func (fl *flow) put(method, path, token string, body map[string]any) resp {
	fl.t.Helper()
	body["version"] = fl.version(fl.batch)
	return fl.do(method, path, token, body)
}

func (fl *flow) result(cand string, body map[string]any) resp {
	fl.t.Helper()
	return fl.put("PUT", fl.batch+"/candidates/"+cand+"/result", fl.officeA, body)
}

// figures answers GET /figures as token, by figure id.
func (fl *flow) figures(token, query string) map[string]map[string]any {
	fl.t.Helper()
	r := fl.must(200, "GET", fmt.Sprintf("/api/v1/figures?year=%d%s", fl.year, query), token, nil)
	out := map[string]map[string]any{}
	raw, _ := r.body["figures"].([]any)
	for _, it := range raw {
		m, _ := it.(map[string]any)
		id, _ := m["id"].(string)
		out[id] = m
	}
	return out
}

// records answers GET /figures/{id}/records as token.
func (fl *flow) records(token, id, query string) resp {
	fl.t.Helper()
	return fl.must(200, "GET", fmt.Sprintf("/api/v1/figures/%s/records?year=%d%s", id, fl.year, query), token, nil)
}

// numbers is what a figure must show: value, numerator, denominator, record count.
type numbers struct{ value, num, den, records float64 }

func numbersOf(m map[string]any) numbers {
	n := func(k string) float64 { v, _ := m[k].(float64); return v }
	return numbers{n("value"), n("numerator"), n("denominator"), n("recordCount")}
}

// wantFigures are school A's certificate figures after TestCertsEndToEnd's steps:
// three registered, two sat (A003 was absent), one pass, one certificate.
var wantFigures = map[string]numbers{
	"x_registered_students": {3, 3, 0, 3},
	"x_sat_times":           {2, 2, 0, 2},
	"x_pass_times":          {1, 1, 0, 1},
	"x_pass_rate":           {50, 1, 2, 2},
	"x_certified_students":  {1, 1, 0, 1},
	"x_cert_rate":           {33.3, 1, 3, 3}, // records: the denominator's, the certified one marked,
	"x_pilot_cert_count":    {1, 1, 0, 1},
	"x_pilot_major_count":   {1, 1, 0, 1},
}

func checkFigures(t *testing.T, got map[string]map[string]any, want map[string]numbers) {
	t.Helper()
	for id, w := range want {
		if g := numbersOf(got[id]); g != w {
			t.Errorf("%s: got %+v, want %+v", id, g, w)
		}
	}
}

var hexID = regexp.MustCompile(`[0-9a-f]{24}`)

func refIDs(r resp) []string {
	out := ids(r)
	sort.Strings(out)
	return out
}

func sorted(s ...string) []string { sort.Strings(s); return s }

func TestCertsEndToEnd(t *testing.T) {
	fl := &flow{fixture: newFixture(t)}
	fl.date, fl.year = assessmentDate()
	fl.entry = fl.create(fl.admin, "/api/v1/cert-entries", webEntry(0))
	fl.create(fl.officeA, "/api/v1/majors", map[string]any{"code": "710204", "name": "计算机网络技术", "level": "secondary"})
	s2 := fl.create(fl.officeA, "/api/v1/students", student(map[string]any{"studentNo": "A002", "name": "李四"}))
	s3 := fl.create(fl.officeA, "/api/v1/students", student(map[string]any{"studentNo": "A003", "name": "王五",
		"idNumber": idNumber("11010520060101145"), "majorCode": "710204"}))
	fl.pilot = "/api/v1/pilots/" + fl.create(fl.officeA, "/api/v1/pilots",
		map[string]any{"entryId": fl.entry, "schoolYear": fl.year, "majorCodes": []string{"710201"}})
	fl.batch = "/api/v1/batches/" + fl.create(fl.officeA, "/api/v1/batches",
		map[string]any{"entryId": fl.entry, "level": "初级", "date": fl.date, "label": "第一批"})
	fl.tran = "/api/v1/trainings/" + fl.create(fl.officeA, "/api/v1/trainings", map[string]any{"teacherId": fl.teacherA,
		"entryId": fl.entry, "event": "师资培训", "startDate": fl.date, "endDate": fl.date, "role": "assessor"})
	candidatesPath := fl.batch + "/candidates"

	t.Run("Register", func(t *testing.T) {
		r := fl.put("POST", candidatesPath, fl.officeA, map[string]any{"studentId": fl.studentA, "registeredAt": fl.date})
		if r.status != 201 {
			t.Fatalf("got status %d, want 201: %s", r.status, short(r.raw))
		}
		fl.cA, _ = lastCandidate(r)["id"].(string)
		r = fl.put("POST", candidatesPath, fl.officeA, map[string]any{"studentNo": "A002", "registeredAt": fl.date})
		if r.status != 201 {
			t.Fatalf("got status %d, want 201: %s", r.status, short(r.raw))
		}
		fl.c2, _ = lastCandidate(r)["id"].(string)
	})
	t.Run("ErrReasonRequired outside the pilot", func(t *testing.T) {
		r := fl.put("POST", candidatesPath, fl.officeA, map[string]any{"studentId": s3, "registeredAt": fl.date})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "reason")
		if msg := r.fields()["reason"]; !strings.Contains(msg, "710204") || !strings.Contains(msg, "Web前端开发") {
			t.Errorf("reason message %q names neither the major nor the certificate", msg)
		}
	})
	t.Run("OK outside the pilot with a reason", func(t *testing.T) {
		r := fl.put("POST", candidatesPath, fl.officeA, map[string]any{"studentId": s3, "registeredAt": fl.date, "reason": "学生自愿报考"})
		if r.status != 201 {
			t.Fatalf("got status %d, want 201: %s", r.status, short(r.raw))
		}
		c := lastCandidate(r)
		fl.c3, _ = c["id"].(string)
		if c["reason"] != "学生自愿报考" || c["outsidePilot"] == nil || c["studentId"] != s3 {
			t.Errorf("got candidate %v, want the reason and the warning kept", c)
		}
		if got, want := r.body["candidateCount"], float64(3); got != want {
			t.Errorf("got candidateCount %v, want %v", got, want)
		}
	})
	t.Run("ErrConflict registered twice", func(t *testing.T) {
		r := fl.put("POST", candidatesPath, fl.officeA, map[string]any{"studentId": s2, "registeredAt": fl.date})
		checkError(t, r, 409, "conflict")
		checkFields(t, r, "studentId")
	})
	t.Run("ErrAbsentWithScores", func(t *testing.T) {
		r := fl.result(fl.c3, map[string]any{"result": "absent", "scoreTheory": 60, "scorePractical": 70})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "scoreTheory", "scorePractical")
	})
	t.Run("Results", func(t *testing.T) {
		for cand, body := range map[string]map[string]any{
			fl.cA: {"result": "pass", "scoreTheory": 85, "scorePractical": 90},
			fl.c2: {"result": "fail", "scoreTheory": 50, "scorePractical": 40},
			fl.c3: {"result": "absent"},
		} {
			if r := fl.result(cand, body); r.status != 200 {
				t.Fatalf("result %v: got status %d, want 200: %s", body, r.status, short(r.raw))
			}
		}
	})
	t.Run("Certificate", func(t *testing.T) {
		r := fl.result(fl.cA, map[string]any{"result": "pass", "scoreTheory": 85, "scorePractical": 90,
			"certificateNo": "WEB-2025-0001", "issueDate": fl.date})
		if r.status != 200 {
			t.Fatalf("got status %d, want 200: %s", r.status, short(r.raw))
		}
		if c := candidates(r)[0]; c["certificateNo"] != "WEB-2025-0001" || c["issueDate"] != fl.date {
			t.Errorf("got candidate %v, want the certificate", c)
		}
	})
	// School B's pass must not show in school A's figures.
	bBatch := "/api/v1/batches/" + fl.create(fl.officeB, "/api/v1/batches", map[string]any{"entryId": fl.entry, "level": "初级", "date": fl.date})
	body := map[string]any{"version": fl.version(bBatch), "studentId": fl.studentB, "registeredAt": fl.date, "reason": "区统一组织"}
	cB := lastCandidate(fl.must(201, "POST", bBatch+"/candidates", fl.officeB, body))["id"].(string)
	fl.must(200, "PUT", bBatch+"/candidates/"+cB+"/result", fl.officeB, map[string]any{"version": fl.version(bBatch), "result": "pass"})

	t.Run("Figures", func(t *testing.T) {
		for _, token := range []string{fl.officeA, fl.staffA} {
			checkFigures(t, fl.figures(token, ""), wantFigures)
		}
		checkFigures(t, fl.figures(fl.admin, "&schoolId="+fl.schoolA), wantFigures)
		all := fl.figures(fl.admin, "")
		checkFigures(t, all, map[string]numbers{"x_registered_students": {4, 4, 0, 4}, "x_pass_times": {2, 2, 0, 2}, "x_sat_times": {3, 3, 0, 3}})
		if got := numbersOf(all["x_teacher_training_times"]); got != (numbers{1, 1, 0, 1}) {
			t.Errorf("x_teacher_training_times: got %+v", got)
		}
	})
	t.Run("Records", func(t *testing.T) {
		r := fl.records(fl.officeA, "x_pass_times", "")
		if got, want := refIDs(r), []string{fl.cA}; !equal(got, want) {
			t.Fatalf("got records %v, want %v", got, want)
		}
		it := r.items()[0]
		if label, _ := it["label"].(string); !strings.Contains(label, "A001 张三") || it["kind"] != "candidate" || it["schoolId"] != fl.schoolA {
			t.Errorf("got record %v, want studentA's pass named", it)
		}
		if f, _ := r.body["figure"].(map[string]any); f["id"] != "x_pass_times" || f["numerator"] != float64(1) {
			t.Errorf("got figure %v", r.body["figure"])
		}
		if got, want := refIDs(fl.records(fl.officeA, "x_sat_times", "")), sorted(fl.cA, fl.c2); !equal(got, want) {
			t.Errorf("x_sat_times: got records %v, want %v", got, want)
		}
		if got, want := refIDs(fl.records(fl.officeA, "x_registered_students", "")), sorted(fl.cA, fl.c2, fl.c3); !equal(got, want) {
			t.Errorf("x_registered_students: got records %v, want %v", got, want)
		}
	})
	t.Run("Records part", func(t *testing.T) {
		fig := fl.figures(fl.officeA, "")["x_pass_rate"]
		parts, _ := fig["parts"].([]any)
		if len(parts) != 1 {
			t.Fatalf("got parts %v, want one (the certificate at 初级)", fig["parts"])
		}
		key, _ := parts[0].(map[string]any)["key"].(string)
		r := fl.records(fl.officeA, "x_pass_rate", "&part="+key)
		if got, want := refIDs(r), sorted(fl.cA, fl.c2); !equal(got, want) {
			t.Errorf("got records %v, want the sat candidates %v", got, want)
		}
		if p, _ := r.body["part"].(map[string]any); p["key"] != key || p["numerator"] != float64(1) || p["denominator"] != float64(2) {
			t.Errorf("got part %v", r.body["part"])
		}
		checkError(t, fl.do("GET", fmt.Sprintf("/api/v1/figures/x_pass_rate/records?year=%d&part=nope", fl.year), fl.officeA, nil), 404, "not_found")
	})
	t.Run("Records paged", func(t *testing.T) {
		all := fl.records(fl.officeA, "x_registered_students", "")
		r := fl.records(fl.officeA, "x_registered_students", "&pageSize=2&page=2")
		if r.total() != 3 || len(r.items()) != 1 || r.body["page"] != float64(2) || r.body["pageSize"] != float64(2) {
			t.Errorf("got %s, want the third of three records", short(r.raw))
		}
		if got, want := ids(r), ids(all)[2:]; !equal(got, want) {
			t.Errorf("got page 2 %v, want %v", got, want)
		}
		r = fl.records(fl.officeA, "x_registered_students", "&page=9")
		if r.total() != 3 || r.items() == nil || len(r.items()) != 0 || !strings.Contains(r.raw, `"items":[]`) {
			t.Errorf("got %s, want an empty page", short(r.raw))
		}
	})
	t.Run("Auditor", func(t *testing.T) { fl.checkAuditor(t) })
}

// checkAuditor: A's auditor sees A's figures, pseudonymised records and
// candidates, and may change nothing.
func (fl *flow) checkAuditor(t *testing.T) {
	checkFigures(t, fl.figures(fl.audA, ""), wantFigures)
	checkFigures(t, fl.figures(fl.audA, "&schoolId="+fl.schoolA), wantFigures)
	checkError(t, fl.do("GET", fmt.Sprintf("/api/v1/figures?year=%d&schoolId=%s", fl.year, fl.schoolB), fl.audA, nil), 403, "forbidden")

	r := fl.records(fl.audA, "x_pass_times", "")
	if got, want := refIDs(r), []string{fl.cA}; !equal(got, want) {
		t.Fatalf("got records %v, want %v", got, want)
	}
	if label, _ := r.items()[0]["label"].(string); !strings.HasPrefix(label, "匿名") {
		t.Errorf("got label %q, want a pseudonym", label)
	}
	for _, raw := range []string{fl.records(fl.audA, "x_registered_students", "").raw, fl.records(fl.audA, "x_certified_students", "").raw,
		fl.must(200, "GET", fl.batch, fl.audA, nil).raw, fl.must(200, "GET", "/api/v1/batches", fl.audA, nil).raw} {
		for _, name := range []string{"张三", "李四", "王五", "A001", "A002", "A003"} {
			if strings.Contains(raw, name) {
				t.Errorf("the auditor reads %q: %s", name, short(raw))
			}
		}
	}

	audit := fl.auditTotal()
	v := fl.version(fl.batch)
	for _, w := range []struct {
		method, path string
		body         map[string]any
	}{
		{"POST", "/api/v1/cert-entries", webEntry(1)},
		{"PATCH", "/api/v1/cert-entries/" + fl.entry, map[string]any{"version": fl.version("/api/v1/cert-entries/" + fl.entry), "source": "x"}},
		{"DELETE", "/api/v1/cert-entries/" + fl.entry, nil},
		{"POST", "/api/v1/pilots", map[string]any{"entryId": fl.entry, "schoolYear": fl.year + 1, "majorCodes": []string{"710201"}}},
		{"PATCH", fl.pilot, map[string]any{"version": fl.version(fl.pilot), "approvalRef": "越权"}},
		{"DELETE", fl.pilot, nil},
		{"POST", "/api/v1/batches", map[string]any{"entryId": fl.entry, "level": "初级", "date": fl.date}},
		{"PATCH", fl.batch, map[string]any{"version": v, "label": "越权"}},
		{"DELETE", fl.batch, nil},
		{"POST", fl.batch + "/candidates", map[string]any{"version": v, "studentId": fl.studentA}},
		{"DELETE", fl.batch + "/candidates/" + fl.c3 + fmt.Sprintf("?version=%v", v), nil},
		{"PUT", fl.batch + "/candidates/" + fl.c2 + "/result", map[string]any{"version": v, "result": "pass"}},
		{"POST", "/api/v1/trainings", map[string]any{"teacherId": fl.teacherA, "entryId": fl.entry, "event": "越权", "startDate": fl.date, "endDate": fl.date, "role": "trainer"}},
		{"PATCH", fl.tran, map[string]any{"version": fl.version(fl.tran), "event": "越权"}},
		{"DELETE", fl.tran, nil},
	} {
		var body any
		if w.body != nil {
			body = w.body
		}
		t.Run("ErrForbidden "+w.method+" "+hexID.ReplaceAllString(w.path, "{id}"), func(t *testing.T) {
			checkError(t, fl.do(w.method, w.path, fl.audA, body), 403, "forbidden")
		})
	}
	if got := fl.auditTotal(); got != audit {
		t.Errorf("the auditor's writes changed the audit log from %d to %d entries", audit, got)
	}
	checkFigures(t, fl.figures(fl.officeA, ""), wantFigures)
}
