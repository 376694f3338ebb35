package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// writeRoute is one write route of the API as Register has it, the role that
// may write it and a valid request to it; the corpus is that request with one
// thing wrong.
type writeRoute struct {
	method, route string // below /api/v1, as registered: "/students/:id"
	as            string // who sends it: a token of badFixture.tokens
	path          string // the route with ids: "/students/{studentA}"
	// body is a valid body; nil for a route that takes none. With versioned,
	// the body also gets the current version of the record the path names.
	body      func(f *badFixture) map[string]any
	versioned bool
	upload    bool // a multipart upload (field "file") instead of JSON
	want      int  // the status the valid request gets
	// skip names corpus requests that are valid for this route, and why.
	skip map[string]string
	// also are further statuses a refusal may have here.
	also []int
}

func fixedBody(m map[string]any) func(*badFixture) map[string]any {
	return func(*badFixture) map[string]any { return m }
}

// writeRoutes lists every write route (POST, PUT, PATCH, DELETE below
// /api/v1) in Register's order; TestBadInput fails when Register has one that
// is not here.
var writeRoutes = []writeRoute{
	{method: "POST", route: "/auth/login", path: "/auth/login", want: 200, also: []int{401},
		body: fixedBody(map[string]any{"username": "victim", "password": userPassword})},
	{method: "POST", route: "/auth/logout", as: "victim", path: "/auth/logout", want: 204},

	{method: "POST", route: "/schools", as: "admin", path: "/schools", want: 201,
		body: func(f *badFixture) map[string]any { return newSchool(f.fixture, f.next()) }},
	{method: "PATCH", route: "/schools/:id", as: "admin", path: "/schools/{schoolA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"district": "东城区"})},
	{method: "DELETE", route: "/schools/:id", as: "admin", path: "/schools/{schoolDel}", want: 204},

	{method: "POST", route: "/users", as: "admin", path: "/users", want: 201,
		body: func(f *badFixture) map[string]any { return newUser(inA)(f.fixture, f.next()) }},
	{method: "PATCH", route: "/users/:id", as: "admin", path: "/users/{victim}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"displayName": "被测用户"})},
	{method: "POST", route: "/users/:id/disable", as: "admin", path: "/users/{victim}/disable", want: 200},
	{method: "POST", route: "/users/:id/enable", as: "admin", path: "/users/{victim}/enable", want: 200},
	{method: "POST", route: "/users/:id/reset-password", as: "admin", path: "/users/{victim}/reset-password", want: 204,
		body: fixedBody(map[string]any{"password": "Reset12345"}),
		skip: map[string]string{"missing required fields: {}": "no password asks for a generated one (200)"}},

	{method: "POST", route: "/majors", as: "officeA", path: "/majors", want: 201,
		body: func(f *badFixture) map[string]any { return newMajor(inA)(f.fixture, f.next()) }},
	{method: "PATCH", route: "/majors/:id", as: "officeA", path: "/majors/{majorA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"name": "计算机网络技术"})},
	{method: "DELETE", route: "/majors/:id", as: "officeA", path: "/majors/{majorDel}", want: 204},

	{method: "POST", route: "/students", as: "officeA", path: "/students", want: 201,
		body: func(f *badFixture) map[string]any { return newStudent(inA)(f.fixture, f.next()) }},
	{method: "PATCH", route: "/students/:id", as: "officeA", path: "/students/{studentA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"className": "计算机2班", "idNumber": idStudentA})},
	{method: "DELETE", route: "/students/:id", as: "officeA", path: "/students/{studentDel}", want: 204},

	{method: "POST", route: "/teachers", as: "officeA", path: "/teachers", want: 201,
		body: func(f *badFixture) map[string]any {
			b := teacherBody(fmt.Sprintf("N%d", f.next()), idNumber(fmt.Sprintf("1101021980%02d01%03d", 1+f.seq%12, f.seq%1000)))
			b["schoolId"] = f.schoolA
			return b
		}},
	{method: "PATCH", route: "/teachers/:id", as: "officeA", path: "/teachers/{teacherA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"enterpriseExperienceMonths": 12})},
	{method: "DELETE", route: "/teachers/:id", as: "officeA", path: "/teachers/{teacherDel}", want: 204},

	{method: "POST", route: "/enterprises", as: "admin", path: "/enterprises", want: 201,
		body: func(f *badFixture) map[string]any { return newEnterprise(f.fixture, f.next()) }},
	{method: "PATCH", route: "/enterprises/:id", as: "admin", path: "/enterprises/{e1}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"industry": "软件和信息技术服务业", "creditCode": creditE1})},
	{method: "DELETE", route: "/enterprises/:id", as: "admin", path: "/enterprises/{enterpriseDel}", want: 204},

	{method: "POST", route: "/cert-entries", as: "admin", path: "/cert-entries", want: 201,
		body: func(f *badFixture) map[string]any { return webEntry(f.next()) }},
	{method: "PATCH", route: "/cert-entries/:id", as: "admin", path: "/cert-entries/{entry}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"source": "https://www.chinazy.org/"})},
	{method: "DELETE", route: "/cert-entries/:id", as: "admin", path: "/cert-entries/{entryDel}", want: 204},

	{method: "POST", route: "/pilots", as: "officeA", path: "/pilots", want: 201,
		body: func(f *badFixture) map[string]any { return newPilot(inA)(f.cert, f.next()) }},
	{method: "PATCH", route: "/pilots/:id", as: "officeA", path: "/pilots/{pilotA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"assessmentSite": "实训楼"})},
	{method: "DELETE", route: "/pilots/:id", as: "officeA", path: "/pilots/{pilotDel}", want: 204},

	{method: "POST", route: "/batches", as: "officeA", path: "/batches", want: 201,
		body: func(f *badFixture) map[string]any { return newBatch(inA)(f.cert, f.next()) }},
	{method: "PATCH", route: "/batches/:id", as: "officeA", path: "/batches/{batchA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"site": "实训楼A座"})},
	{method: "DELETE", route: "/batches/:id", as: "officeA", path: "/batches/{batchDel}", want: 204},
	{method: "POST", route: "/batches/:id/candidates", as: "officeA", path: "/batches/{batchA}/candidates", want: 201, versioned: true,
		body: func(f *badFixture) map[string]any { return newRegistration(inA)(f.cert, f.next()) }},
	{method: "DELETE", route: "/batches/:id/candidates/:candidateId", as: "officeA", path: "/batches/{batchA}/candidates/{candidateDel}", want: 200, versioned: true,
		body: fixedBody(map[string]any{})},
	{method: "PUT", route: "/batches/:id/candidates/:candidateId/result", as: "officeA", path: "/batches/{batchA}/candidates/{candidateA}/result", want: 200, versioned: true,
		body: func(f *badFixture) map[string]any {
			return map[string]any{"result": "pass", "scoreTheory": 80, "certificateNo": "X-2025-0001", "issueDate": f.cert.date}
		}},

	{method: "POST", route: "/trainings", as: "officeA", path: "/trainings", want: 201,
		body: func(f *badFixture) map[string]any { return newTraining(inA)(f.cert, f.next()) }},
	{method: "PATCH", route: "/trainings/:id", as: "officeA", path: "/trainings/{trainingA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"attendanceRef": "PX-2025-01"})},
	{method: "DELETE", route: "/trainings/:id", as: "officeA", path: "/trainings/{trainingDel}", want: 204},

	{method: "POST", route: "/placements", as: "officeA", path: "/placements", want: 201,
		body: func(f *badFixture) map[string]any {
			return f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, f.next())
		}},
	{method: "POST", route: "/placements/check", as: "officeA", path: "/placements/check", want: 200,
		body: func(f *badFixture) map[string]any {
			return f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, f.next())
		}},
	{method: "PATCH", route: "/placements/:id", as: "officeA", path: "/placements/{draftA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"site": map[string]any{"address": "天津市南开区"}, "startDate": newPlacementDates().start})},
	{method: "DELETE", route: "/placements/:id", as: "officeA", path: "/placements/{placementDel}", want: 204},
	{method: "POST", route: "/placements/:id/check", as: "officeA", path: "/placements/{draftA}/check", want: 200},
	{method: "POST", route: "/placements/:id/activate", as: "officeA", path: "/placements/{draftAct}/activate", want: 200, versioned: true,
		body: fixedBody(map[string]any{}),
		skip: map[string]string{"missing required fields: {}": "the valid body is {} plus the version"}},
	{method: "POST", route: "/placements/:id/complete", as: "officeA", path: "/placements/{activeC}/complete", want: 200, versioned: true,
		body: fixedBody(map[string]any{"actualEndDate": newPlacementDates().start}),
		skip: map[string]string{"missing required fields: {}": "the actual end date defaults"}},
	{method: "POST", route: "/placements/:id/terminate", as: "officeA", path: "/placements/{activeT}/terminate", want: 200, versioned: true,
		body: fixedBody(map[string]any{"reason": "学生身体原因"})},
	{method: "POST", route: "/placements/:id/suspend", as: "officeA", path: "/placements/{activeS}/suspend", want: 200, versioned: true,
		body: fixedBody(map[string]any{"reason": "核实夜班"})},
	{method: "POST", route: "/placements/:id/respond", as: "entE1", path: "/placements/{draftR}/respond", want: 200, versioned: true,
		body: fixedBody(map[string]any{"decision": "confirmed", "note": "同意接收"})},
	{method: "POST", route: "/placements/:id/mentor", as: "entE1", path: "/placements/{activeA}/mentor", want: 200, versioned: true,
		body: fixedBody(map[string]any{"name": "钱师傅", "phone": "13800138000"})},
	{method: "POST", route: "/placements/:id/weeks", as: "entE1", path: "/placements/{activeW}/weeks", want: 200, versioned: true,
		body: func(f *badFixture) map[string]any { return weekBody(f.placementFixture, 0) }},
	{method: "POST", route: "/placements/:id/week-correction", as: "entE1", path: "/placements/{confirmedW}/week-correction", want: 200, versioned: true,
		body: func(f *badFixture) map[string]any { return correctionBody(f.placementFixture, 0) }},
	{method: "POST", route: "/placements/:id/evaluation", as: "entE1", path: "/placements/{activeA}/evaluation", want: 200, versioned: true,
		body: fixedBody(map[string]any{"mentorEvaluation": "认真负责"})},

	{method: "POST", route: "/apprenticeship-programmes", as: "officeA", path: "/apprenticeship-programmes", want: 201,
		body: func(f *badFixture) map[string]any { return f.programmeBody(f.schoolA, fmt.Sprintf("72%04d", f.next())) }},
	{method: "PATCH", route: "/apprenticeship-programmes/:id", as: "officeA", path: "/apprenticeship-programmes/{programmeA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"enterpriseLead": "钱经理"})},
	{method: "DELETE", route: "/apprenticeship-programmes/:id", as: "officeA", path: "/apprenticeship-programmes/{programmeDel}", want: 204},

	{method: "POST", route: "/apprenticeship-contracts", as: "officeA", path: "/apprenticeship-contracts", want: 201,
		body: func(f *badFixture) map[string]any {
			return f.contractBody(f.schoolA, f.more["programmeA"], f.newStudentIn(f.schoolA), f.next())
		}},
	{method: "PATCH", route: "/apprenticeship-contracts/:id", as: "officeA", path: "/apprenticeship-contracts/{contractA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"insurancePolicyNo": "XB-2025-1"})},
	{method: "DELETE", route: "/apprenticeship-contracts/:id", as: "officeA", path: "/apprenticeship-contracts/{contractDel}", want: 204},

	{method: "POST", route: "/order-classes", as: "officeA", path: "/order-classes", want: 201,
		body: func(f *badFixture) map[string]any {
			no := fmt.Sprintf("M%d", f.next())
			f.create(f.officeA, "/api/v1/students", studentBody(no, idNumber(fmt.Sprintf("11010520070101%03d", f.seq%1000))))
			b := f.classBody(f.schoolA, "710201", no)
			b["enterpriseId"] = f.e2 // classA is E1's class of 710201
			return b
		}},
	{method: "PATCH", route: "/order-classes/:id", as: "officeA", path: "/order-classes/{classA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"employmentCommitment": "考核合格者优先录用"})},
	{method: "DELETE", route: "/order-classes/:id", as: "officeA", path: "/order-classes/{classDel}", want: 204},

	{method: "POST", route: "/teacher-practices", as: "officeA", path: "/teacher-practices", want: 201,
		body: func(f *badFixture) map[string]any { return practiceBody(f.teacherA, f.e1) }},
	{method: "PATCH", route: "/teacher-practices/:id", as: "officeA", path: "/teacher-practices/{practiceA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"supervisor": "李工"})},
	{method: "DELETE", route: "/teacher-practices/:id", as: "officeA", path: "/teacher-practices/{practiceDel}", want: 204},
	{method: "POST", route: "/teacher-practices/:id/confirm", as: "entE1", path: "/teacher-practices/{practiceC1}/confirm", want: 200, versioned: true,
		body: fixedBody(map[string]any{"decision": "confirmed", "comment": "情况属实"})},
	{method: "POST", route: "/teacher-practices/:id/approve", as: "officeA", path: "/teacher-practices/{practiceC2}/approve", want: 200, versioned: true,
		body: fixedBody(map[string]any{"decision": "approved", "comment": "同意"})},

	{method: "POST", route: "/dual-recognitions", as: "officeA", path: "/dual-recognitions", want: 201,
		body: func(f *badFixture) map[string]any { return recognitionBody(f.teacherA, "expired") }},
	{method: "PATCH", route: "/dual-recognitions/:id", as: "officeA", path: "/dual-recognitions/{recA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"certNo": "SS-2025-002"})},
	{method: "DELETE", route: "/dual-recognitions/:id", as: "officeA", path: "/dual-recognitions/{recDel}", want: 204},

	{method: "POST", route: "/luban-workshops", as: "officeA", path: "/luban-workshops", want: 201,
		body: func(f *badFixture) map[string]any { return workshopBody(100 + f.next()) }},
	{method: "PATCH", route: "/luban-workshops/:id", as: "officeA", path: "/luban-workshops/{wsA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"city": "Ponorogo"})},
	{method: "DELETE", route: "/luban-workshops/:id", as: "officeA", path: "/luban-workshops/{wsDel}", want: 204},
	{method: "POST", route: "/luban-activities", as: "officeA", path: "/luban-activities", want: 201,
		body: func(f *badFixture) map[string]any { return trainingBody(f.more["wsA"]) }},
	{method: "PATCH", route: "/luban-activities/:id", as: "officeA", path: "/luban-activities/{actA}", want: 200, versioned: true,
		body: fixedBody(map[string]any{"title": "汽修培训（第二期）"})},
	{method: "DELETE", route: "/luban-activities/:id", as: "officeA", path: "/luban-activities/{actDel}", want: 204},

	{method: "POST", route: "/rule-sets", as: "admin", path: "/rule-sets", want: 201,
		body: fixedBody(map[string]any{"version": "2031.1", "effectiveFrom": "2031-01-01", "source": "测试",
			"params": map[string]any{"unitCapPct": 15, "nightStart": "22:30", "minorProhibitedPosts": []string{"高处作业"}}})},

	{method: "POST", route: "/snapshots", as: "staffA", path: "/snapshots", want: 201,
		body: fixedBody(map[string]any{"year": 2021})},
	{method: "POST", route: "/snapshots/verify", as: "audA", path: "/snapshots/verify", want: 200, upload: true},
	{method: "DELETE", route: "/snapshots/:id", as: "officeA", path: "/snapshots/{pendD}", want: 204},
	{method: "POST", route: "/snapshots/:id/approve", as: "officeA", path: "/snapshots/{pendA}/approve", want: 200, versioned: true,
		body: fixedBody(map[string]any{"comment": "核对无误"})},
	{method: "POST", route: "/snapshots/:id/return", as: "officeA", path: "/snapshots/{pendR}/return", want: 200, versioned: true,
		body: fixedBody(map[string]any{"comment": "请补录培训"})},
}

// TestBadInput sends every write route, as a role that may write it and with
// valid ids in its path, the bad-input corpus (badinput_corpus_test.go). Every
// request must be refused with the one error shape (a 4xx with error.code and a
// Chinese error.message; no 5xx), and the database must be unchanged byte for
// byte: the fingerprint of every collection (storetest.Fingerprints) is taken before and
// after each area's routes and the whole corpus, the logins all being done
// before. Then each route's valid request is sent and must succeed, which shows
// that the corpus was refused for what is wrong in it, not for the ids, the
// role or the version.
func TestBadInput(t *testing.T) {
	f := newBadFixture(t)
	checkWriteRoutes(t, f.app)

	bases := make([]map[string]any, len(writeRoutes))
	for i, w := range writeRoutes {
		if w.body != nil {
			bases[i] = plain(w.body(f))
		}
		if w.versioned {
			bases[i]["version"] = f.currentVersion(w)
		}
	}
	// The fingerprints are taken around each area's routes (all of /students, …):
	// one takes a tenth of a second, too long for one around every route.
	total, all := 0, storetest.Fingerprints(t, f.h.Store)
	before := all
	for i, w := range writeRoutes {
		t.Run(w.method+" "+w.route, func(t *testing.T) {
			for _, br := range f.corpusFor(w, bases[i]) {
				total++
				checkRefused(t, w, br, f.sendBad(w, br.body))
			}
		})
		if i+1 < len(writeRoutes) && area(writeRoutes[i+1]) == area(w) {
			continue
		}
		after := storetest.Fingerprints(t, f.h.Store)
		if diff := storetest.DiffFingerprints(before, after); diff != "" {
			t.Errorf("the corpus of /%s changed the database:\n%s", area(w), diff)
		}
		before = after
	}
	if diff := storetest.DiffFingerprints(all, before); diff != "" {
		t.Errorf("the whole corpus (%d requests) changed the database:\n%s", total, diff)
	}
	t.Logf("%d routes, %d bad requests", len(writeRoutes), total)

	t.Run("valid requests succeed", func(t *testing.T) {
		for i, w := range writeRoutes {
			var body any // none, unless the route takes one
			if bases[i] != nil {
				if w.versioned {
					bases[i]["version"] = f.currentVersion(w)
				}
				body = bases[i]
			}
			var r resp
			if w.upload {
				r = f.upload("/api/v1"+w.path, f.tokens[w.as], f.xlsx)
			} else {
				r = f.do(w.method, "/api/v1"+f.expandBad(w.path), f.tokens[w.as], body)
			}
			if r.status != w.want {
				t.Errorf("%s %s: got %d, want %d: %s", w.method, w.route, r.status, w.want, short(r.raw))
			}
		}
	})
}

// area is the first segment of a route: "students" for /students/:id.
func area(w writeRoute) string { return strings.Split(w.route, "/")[1] }

// checkWriteRoutes fails for a write route that Register mounts and writeRoutes
// lacks, or the other way round.
func checkWriteRoutes(t *testing.T, app *fiber.App) {
	t.Helper()
	listed := map[string]bool{}
	for _, w := range writeRoutes {
		listed[w.method+" "+w.route] = true
	}
	for _, r := range app.GetRoutes(true) {
		switch r.Method {
		case "POST", "PUT", "PATCH", "DELETE":
		default:
			continue
		}
		route, ok := strings.CutPrefix(r.Path, "/api/v1/")
		if !ok || strings.HasSuffix(route, "*") {
			continue
		}
		key := r.Method + " /" + route
		if !listed[key] {
			t.Errorf("write route %s is not in writeRoutes: add it with a valid request", key)
		}
		delete(listed, key)
	}
	for key := range listed {
		t.Errorf("writeRoutes has %s, which Register does not mount", key)
	}
}

// corpusFor is the corpus of one route: bodyCorpus of its valid body, the
// bodies of a route that takes none, or broken uploads; and an oversize body.
func (f *badFixture) corpusFor(w writeRoute, base map[string]any) []badRequest {
	var out []badRequest
	switch {
	case w.upload:
		for _, m := range malformed {
			out = append(out, badRequest{m.name, m.body, 0})
		}
		out = append(out,
			badRequest{"upload: other field name", uploadBody{field: "data", file: f.xlsx}, 0},
			badRequest{"upload: not a workbook", uploadBody{field: "file", file: []byte("PK\x03\x04 not a workbook")}, 0},
			badRequest{"upload: truncated workbook", uploadBody{field: "file", file: f.xlsx[:len(f.xlsx)/2]}, 0},
			badRequest{"upload: broken multipart", uploadBody{raw: "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc"}, 0},
		)
	case base == nil:
		out = noBodyCorpus()
	default:
		out = bodyCorpus(base, w.skip)
	}
	return append(out, badRequest{"oversize body", oversize(bodyLimit + 1), 413})
}

// oversize is a body of that many bytes, more than the app takes.
type oversize int

// checkRefused wants br refused: its status (or a refusal status), error.code
// and a Chinese error.message.
func checkRefused(t *testing.T, w writeRoute, br badRequest, r resp) {
	t.Helper()
	ok := r.status == br.want
	if br.want == 0 {
		ok = refusedStatus[r.status]
		for _, s := range w.also {
			ok = ok || r.status == s
		}
		// An office user may name no school but its own (TestOtherSchoolRefused):
		// whatever else it puts in schoolId is a 403.
		ok = ok || (r.status == 403 && strings.HasPrefix(br.name, "schoolId: "))
	}
	d, _ := r.body["error"].(map[string]any)
	code, _ := d["code"].(string)
	msg, _ := d["message"].(string)
	switch {
	case !ok && br.want != 0:
		t.Errorf("%s: got %d, want %d: %s", br.name, r.status, br.want, short(r.raw))
	case !ok:
		t.Errorf("%s: got %d, want a refusal (400, 409, 413, 422): %s", br.name, r.status, short(r.raw))
	case code == "" || !hasHan(msg):
		t.Errorf("%s: %d without the error shape (error.code, Chinese error.message): %s", br.name, r.status, short(r.raw))
	}
}
