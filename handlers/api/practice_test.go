package api_test

import (
	"fmt"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// practiceFixture is fixture with practice records (all proposed) of teacherA
// at E1 and E2 and of teacherB at E2 and E1, and a 双师型 recognition of each
// school's teacher.
type practiceFixture struct {
	*fixture
	practiceA, practiceA2, practiceB, practiceB1 string
	recA, recB                                   string
}

func newPracticeFixture(t *testing.T) *practiceFixture {
	t.Helper()
	f := &practiceFixture{fixture: newFixture(t)}
	f.practiceA = f.keep("practiceA", ofA|ofE1, f.create(f.officeA, "/api/v1/teacher-practices", practiceBody(f.teacherA, f.e1)))
	f.practiceA2 = f.keep("practiceA2", ofA|ofE2, f.create(f.officeA, "/api/v1/teacher-practices", practiceBody(f.teacherA, f.e2)))
	f.practiceB = f.keep("practiceB", ofB|ofE2, f.create(f.officeB, "/api/v1/teacher-practices", practiceBody(f.teacherB, f.e2)))
	f.practiceB1 = f.keep("practiceB1", ofB|ofE1, f.create(f.officeB, "/api/v1/teacher-practices", practiceBody(f.teacherB, f.e1)))
	f.recA = f.keep("recA", ofA, f.create(f.officeA, "/api/v1/dual-recognitions", recognitionBody(f.teacherA, "valid")))
	f.recB = f.keep("recB", ofB, f.create(f.officeB, "/api/v1/dual-recognitions", recognitionBody(f.teacherB, "valid")))
	return f
}

// practiceBody is a month of enterprise training, 20 days of it in the
// enterprise, in the 2025-2026 statistical year.
func practiceBody(teacher, enterprise string) map[string]any {
	return map[string]any{"teacherId": teacher, "enterpriseId": enterprise, "form": "training",
		"startDate": "2025-10-10", "endDate": "2025-11-08", "practiceDays": 20, "post": "数控车间工艺员",
		"supervisor": "王工", "outputs": []string{"企业实践报告", "数控加工案例2个"}}
}

func recognitionBody(teacher, status string) map[string]any {
	return map[string]any{"teacherId": teacher, "level": "intermediate", "authorityKind": "city", "authority": "天津市教育委员会",
		"certNo": "SS-2025-001", "recognizedAt": "2025-06-30", "standardVersion": "教师厅〔2022〕2号", "status": status}
}

// proposed and confirmed make a fresh practice record, as the school's office,
// of the school's teacher at the enterprise; confirmed also records the
// enterprise's confirmation from a stamped certificate.
func proposed(school, enterprise func(*practiceFixture) string) func(*practiceFixture) string {
	return func(f *practiceFixture) string {
		teacher, office := f.teacherA, f.officeA
		if school(f) == f.schoolB {
			teacher, office = f.teacherB, f.officeB
		}
		return f.create(office, "/api/v1/teacher-practices", practiceBody(teacher, enterprise(f)))
	}
}

func confirmed(school, enterprise func(*practiceFixture) string) func(*practiceFixture) string {
	return func(f *practiceFixture) string {
		id := proposed(school, enterprise)(f)
		path := "/api/v1/teacher-practices/" + id
		f.must(200, "POST", path+"/confirm", f.admin, map[string]any{"version": f.version(path), "decision": "confirmed", "doc": "盖章证明001"})
		return id
	}
}

// recognised makes a fresh (expired) 双师型 recognition of the school's
// teacher, as the school's office.
func recognised(school func(*practiceFixture) string) func(*practiceFixture) string {
	return func(f *practiceFixture) string {
		teacher, office := f.teacherA, f.officeA
		if school(f) == f.schoolB {
			teacher, office = f.teacherB, f.officeB
		}
		return f.create(office, "/api/v1/dual-recognitions", recognitionBody(teacher, "expired"))
	}
}

func tpA(f *practiceFixture) string  { return f.schoolA }
func tpB(f *practiceFixture) string  { return f.schoolB }
func tpE1(f *practiceFixture) string { return f.e1 }
func tpE2(f *practiceFixture) string { return f.e2 }

// practiceRow is one request of the practice matrix; fresh, when set, makes the
// {new} record before each request, and a body sent to a record gets its
// current version.
type practiceRow struct {
	method, path string
	body         map[string]any
	fresh        func(f *practiceFixture) string
	want         [6]int
	on           whose // what the request names, for TestAccessMatrixCoverage
}

var (
	confirmBody = map[string]any{"decision": "confirmed", "doc": "盖章证明002"}
	approveBody = map[string]any{"decision": "approved"}
	tpReadAll   = [6]int{200, 200, 200, 200, 200, 401}
	tpSchool    = [6]int{200, 200, 200, 403, 200, 401} // the school's records; no enterprise
	tpOtherRead = [6]int{200, 404, 404, 403, 404, 401} // another school's, not the enterprise's
	tpWriteA    = [6]int{200, 200, 200, 403, 403, 401}
)

var practiceRows = []practiceRow{
	// Practice: enterprise users see their enterprise's, across schools.
	{"GET", "/teacher-practices", nil, nil, tpReadAll, ofA | ofE1},
	{"GET", "/teacher-practices?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 200, 403, 401}, ofB},
	{"GET", "/teacher-practices?enterpriseId={e2}", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofE2},
	{"GET", "/teacher-practices/{practiceA}", nil, nil, tpReadAll, ofA | ofE1},
	{"GET", "/teacher-practices/{practiceA2}", nil, nil, tpSchool, ofA | ofE2},
	{"GET", "/teacher-practices/{practiceB}", nil, nil, tpOtherRead, ofB | ofE2},
	{"GET", "/teacher-practices/{practiceB1}", nil, nil, [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/teacher-practices", map[string]any{"schoolId": "{schoolA}", "teacherId": "{teacherA}", "enterpriseId": "{e1}"}, nil, [6]int{201, 201, 201, 403, 403, 401}, ofA | ofE1},
	{"POST", "/teacher-practices", map[string]any{"schoolId": "{schoolB}", "teacherId": "{teacherB}", "enterpriseId": "{e1}"}, nil, [6]int{201, 403, 403, 403, 403, 401}, ofB | ofE1},
	{"PATCH", "/teacher-practices/{practiceA}", map[string]any{"supervisor": "李工"}, nil, tpWriteA, ofA | ofE1},
	{"PATCH", "/teacher-practices/{practiceB}", map[string]any{"supervisor": "李工"}, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE2},
	{"DELETE", "/teacher-practices/{new}", nil, proposed(tpA, tpE1), [6]int{204, 204, 204, 403, 403, 401}, ofA | ofE1},
	{"DELETE", "/teacher-practices/{new}", nil, proposed(tpB, tpE1), [6]int{204, 404, 404, 403, 404, 401}, ofB | ofE1},

	// The enterprise confirms its own enterprise's practice, the office from a
	// stamped certificate; only the school approves.
	{"POST", "/teacher-practices/{new}/confirm", confirmBody, proposed(tpA, tpE1), [6]int{200, 200, 200, 200, 403, 401}, ofA | ofE1},
	{"POST", "/teacher-practices/{new}/confirm", confirmBody, proposed(tpA, tpE2), tpWriteA, ofA | ofE2},
	{"POST", "/teacher-practices/{new}/confirm", confirmBody, proposed(tpB, tpE1), [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/teacher-practices/{new}/approve", approveBody, confirmed(tpA, tpE1), tpWriteA, ofA | ofE1},
	{"POST", "/teacher-practices/{new}/approve", approveBody, confirmed(tpB, tpE1), [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},

	// The 5-year rule: the school's business, not the enterprise's.
	{"GET", "/practice-warnings", nil, nil, tpSchool, ofA},
	{"GET", "/practice-warnings?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	// A teacher outside the enterprise's part-time staff does not exist for it.
	{"GET", "/teachers/{teacherA}/practice-standing", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofA},
	{"GET", "/teachers/{teacherB}/practice-standing", nil, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},

	// 双师型 recognitions: no enterprise users.
	{"GET", "/dual-recognitions", nil, nil, tpSchool, ofA},
	{"GET", "/dual-recognitions?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"GET", "/dual-recognitions/{recA}", nil, nil, tpSchool, ofA},
	{"GET", "/dual-recognitions/{recB}", nil, nil, tpOtherRead, ofB},
	{"POST", "/dual-recognitions", map[string]any{"schoolId": "{schoolA}", "teacherId": "{teacherA}", "status": "expired"}, nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/dual-recognitions", map[string]any{"schoolId": "{schoolB}", "teacherId": "{teacherB}", "status": "expired"}, nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/dual-recognitions/{recA}", map[string]any{"certNo": "SS-2025-002"}, nil, tpWriteA, ofA},
	{"PATCH", "/dual-recognitions/{recB}", map[string]any{"certNo": "SS-2025-002"}, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/dual-recognitions/{new}", nil, recognised(tpA), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/dual-recognitions/{new}", nil, recognised(tpB), [6]int{204, 404, 404, 403, 404, 401}, ofB},
}

// TestPracticeScopeMatrix: office A writes in A and not B, the auditor reads
// and does not write, the enterprise lists and confirms only its enterprise's
// practice and sees no recognitions or warnings, anonymous callers get 401 and
// another school's record is 404.
func TestPracticeScopeMatrix(t *testing.T) {
	f := newPracticeFixture(t)
	for _, row := range practiceRows {
		for i, token := range f.roleTokens() {
			t.Run(roleNames[i]+" "+row.method+" "+row.path, func(t *testing.T) {
				path := "/api/v1" + row.path
				if row.fresh != nil {
					path = strings.Replace(path, "{new}", row.fresh(f), 1)
				}
				path = f.ids().Replace(path)
				var body any
				if row.body != nil {
					body = f.practiceBodyFor(row, path)
				}
				f.expectStatus(t, row.method, path, token, body, row.want[i])
			})
		}
	}
}

// ids fills the fixture's ids into a path or a body's value.
func (f *practiceFixture) ids() *strings.Replacer {
	var pairs []string
	for name, id := range f.more {
		pairs = append(pairs, "{"+name+"}", id)
	}
	return strings.NewReplacer(pairs...)
}

// practiceBodyFor completes a row's body: a create gets the rest of a valid
// record, a write to a record its current version.
func (f *practiceFixture) practiceBodyFor(row practiceRow, path string) map[string]any {
	out := map[string]any{}
	switch {
	case row.method == "POST" && strings.HasSuffix(path, "/teacher-practices"):
		out = practiceBody("", "")
	case row.method == "POST" && strings.HasSuffix(path, "/dual-recognitions"):
		out = recognitionBody("", "")
	default:
		out["version"] = f.version(strings.Join(strings.Split(path, "/")[:5], "/"))
	}
	for k, v := range row.body {
		if s, ok := v.(string); ok {
			v = f.ids().Replace(s)
		}
		out[k] = v
	}
	return out
}

// TestPracticeFlow: the office proposes a practice period, the enterprise
// confirms it in the portal, the office approves it; only then does the
// teacher's standing count it and do the year's figures.
func TestPracticeFlow(t *testing.T) {
	f := newFixture(t)
	id := f.create(f.staffA, "/api/v1/teacher-practices", practiceBody(f.teacherA, f.e1))
	path := "/api/v1/teacher-practices/" + id
	standing := "/api/v1/teachers/" + f.teacherA + "/practice-standing?asOf=2025-12-31"

	r := f.do("POST", path+"/approve", f.officeA, map[string]any{"version": f.version(path), "decision": "approved"})
	checkError(t, r, 422, "validation_failed")
	checkFields(t, r, "decision")
	checkError(t, f.do("POST", path+"/confirm", f.entE2, map[string]any{"version": f.version(path), "decision": "confirmed"}), 403, "forbidden")
	r = f.do("POST", path+"/confirm", f.entE1, map[string]any{"version": f.version(path), "decision": "rejected"})
	checkError(t, r, 422, "validation_failed")
	checkFields(t, r, "comment")

	r = f.must(200, "POST", path+"/confirm", f.entE1, map[string]any{"version": f.version(path), "decision": "confirmed", "comment": "情况属实"})
	if c, _ := r.body["confirmation"].(map[string]any); r.str("status") != "confirmed" || c["comment"] != "情况属实" || c["byOffice"] != nil {
		t.Fatalf("confirmed by the enterprise: %s", short(r.raw))
	}
	if got := f.must(200, "GET", standing, f.officeA, nil).body["counted"]; got != float64(0) {
		t.Errorf("confirmed but not approved: counted %v, want 0", got)
	}
	if got := practiceFigures(f, f.officeA); got != "tep_teacher_count=0 tep_person_days=0" {
		t.Errorf("confirmed but not approved: %s", got)
	}

	r = f.must(200, "POST", path+"/approve", f.staffA, map[string]any{"version": f.version(path), "decision": "approved"})
	if r.str("status") != "approved" {
		t.Fatalf("approved: %s", short(r.raw))
	}
	r = f.must(200, "GET", standing, f.officeA, nil)
	if r.str("status") != "short" || r.body["counted"] != float64(20) || r.body["shortfall"] != float64(160) || r.body["required"] != float64(180) {
		t.Errorf("standing on 2025-12-31: %s", short(r.raw))
	}
	if got, want := practiceFigures(f, f.officeA), "tep_teacher_count=1 tep_person_days=20"; got != want {
		t.Errorf("figures for 2025: %s, want %s", got, want)
	}
	r = f.must(200, "GET", "/api/v1/practice-warnings?asOf=2025-12-31&status=short", f.audA, nil)
	if items, _ := r.body["items"].([]any); len(items) != 1 || !strings.Contains(r.raw, "TA01") {
		t.Errorf("the auditor's warnings: %s", short(r.raw))
	}
	checkError(t, f.do("PATCH", path, f.officeA, map[string]any{"version": f.version(path), "post": "改岗位"}), 409, "conflict")
}

// practiceFigures reads the two practice figures of 2025-2026 as token.
func practiceFigures(f *fixture, token string) string {
	f.t.Helper()
	r := f.must(200, "GET", "/api/v1/figures?year=2025", token, nil)
	var out []string
	for _, it := range r.body["figures"].([]any) {
		fig := it.(map[string]any)
		if id := fig["id"].(string); id == "tep_teacher_count" || id == "tep_person_days" {
			out = append(out, fmt.Sprintf("%s=%v", id, fig["value"]))
		}
	}
	return strings.Join(out, " ")
}

// TestPracticeInput: every wrong field is named in Chinese, nothing is
// written; decisions need their comment or certificate number.
func TestPracticeInput(t *testing.T) {
	f := newFixture(t)
	t.Run("ErrValidation practice", func(t *testing.T) {
		before := f.listTotal("/api/v1/teacher-practices")
		r := f.do("POST", "/api/v1/teacher-practices", f.officeA, map[string]any{"teacherId": f.teacherB, "enterpriseId": bson.NewObjectID().Hex(),
			"form": "holiday", "startDate": "2025-10-10", "endDate": "2025-10-01", "practiceDays": 0, "post": "", "outputs": []string{strings.Repeat("长", 201)}})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "teacherId", "enterpriseId", "form", "endDate", "practiceDays", "post", "outputs[0]")
		body := practiceBody(f.teacherA, f.e1)
		body["practiceDays"] = 31
		r = f.do("POST", "/api/v1/teacher-practices", f.officeA, body)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "practiceDays")
		if !strings.Contains(r.fields()["practiceDays"], "30天") {
			t.Errorf("practice days beyond the span: %q", r.fields()["practiceDays"])
		}
		if got := f.listTotal("/api/v1/teacher-practices"); got != before {
			t.Errorf("refused creates wrote %d records", got-before)
		}
	})
	t.Run("ErrValidation decisions", func(t *testing.T) {
		path := "/api/v1/teacher-practices/" + f.create(f.officeA, "/api/v1/teacher-practices", practiceBody(f.teacherA, f.e1))
		r := f.do("POST", path+"/confirm", f.officeA, map[string]any{"version": f.version(path), "decision": "confirmed"})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "doc")
		r = f.do("POST", path+"/confirm", f.entE1, map[string]any{"version": f.version(path), "decision": "maybe"})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "decision")
		f.must(200, "POST", path+"/confirm", f.officeA, map[string]any{"version": f.version(path), "decision": "confirmed", "doc": "盖章证明003"})
		r = f.do("POST", path+"/approve", f.officeA, map[string]any{"version": f.version(path), "decision": "proposed"})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "comment")
		r = f.do("POST", path+"/confirm", f.entE1, map[string]any{"version": f.version(path), "decision": "confirmed"})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "decision")
	})
	t.Run("ErrValidation recognition", func(t *testing.T) {
		practice := f.create(f.officeA, "/api/v1/teacher-practices", practiceBody(f.teacherA, f.e1))
		r := f.do("POST", "/api/v1/dual-recognitions", f.officeA, map[string]any{"teacherId": f.teacherA, "level": "expert", "authorityKind": "nation",
			"authority": "", "recognizedAt": "2025-06-30", "validUntil": "2025-01-01", "practiceIds": []string{practice}, "status": "valid"})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "level", "authorityKind", "authority", "validUntil", "practiceIds[0]")
	})
	t.Run("ErrValidation asOf", func(t *testing.T) {
		r := f.do("GET", "/api/v1/practice-warnings?asOf=2025-02-30", f.officeA, nil)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "asOf")
	})
}
