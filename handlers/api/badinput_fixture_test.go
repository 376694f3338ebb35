package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"strings"
	"testing"
)

// The fixture of TestBadInput and how it sends the corpus.

// bodyLimit is the fixture app's body limit (newEnv).
const bodyLimit = 1 << 20

// badFixture is the cohort fixture (placements, programmes, contracts, order
// classes) with every other kind of record a write route names: certificates,
// practice, recognitions, Luban Workshops, snapshots, a user to disable, and a
// record nothing depends on for each delete. The ids are kept by name for the
// paths of writeRoutes.
type badFixture struct {
	*cohortFixture
	cert   *certFixture
	ids    map[string]string // "{name}" -> id
	tokens map[string]string // role -> token
	xlsx   []byte            // the approved snapshot's workbook
	addr   string            // the app's listener, for oversize bodies
}

// expandBad fills the ids into a path of writeRoutes.
func (f *badFixture) expandBad(path string) string {
	out := strings.NewReplacer(flatten(f.ids)...).Replace(path)
	if strings.Contains(out, "{") {
		f.t.Fatalf("path %s: unknown name in %s", path, out)
	}
	return out
}

// currentVersion is the version of the record w's path names.
func (f *badFixture) currentVersion(w writeRoute) int64 {
	rec, ok := recordOf("/api/v1" + f.expandBad(w.path))
	if !ok {
		f.t.Fatalf("%s %s: versioned, but the path names no record", w.method, w.route)
	}
	return int64(f.version(rec))
}

func flatten(m map[string]string) []string {
	out := make([]string, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

func newBadFixture(t *testing.T) *badFixture {
	t.Helper()
	f := &badFixture{cohortFixture: newCohortFixture(t), ids: map[string]string{}}
	id := func(name, v string) { f.ids["{"+name+"}"] = v }
	for k, v := range map[string]string{"schoolA": f.schoolA, "e1": f.e1, "majorA": f.majorA, "studentA": f.studentA,
		"teacherA": f.teacherA, "draftA": f.draftA, "activeA": f.activeA} {
		id(k, v)
	}
	for k, v := range f.more {
		id(k, v)
	}
	pf := f.placementFixture

	// One record of each kind that nothing depends on, for the deletes.
	id("schoolDel", f.create(f.admin, "/api/v1/schools", newSchool(f.fixture, f.next())))
	id("majorDel", f.create(f.officeA, "/api/v1/majors", newMajor(inA)(f.fixture, f.next())))
	id("studentDel", pf.newStudentIn(f.schoolA))
	id("teacherDel", f.create(f.officeA, "/api/v1/teachers", newTeacher(inA)(f.fixture, f.next())))
	id("enterpriseDel", f.create(f.admin, "/api/v1/enterprises", newEnterprise(f.fixture, f.next())))
	id("placementDel", draftIn(pA, pE1)(pf))
	id("programmeDel", f.create(f.officeA, "/api/v1/apprenticeship-programmes", f.programmeBody(f.schoolA, fmt.Sprintf("72%04d", f.next()))))
	id("contractDel", f.create(f.officeA, "/api/v1/apprenticeship-contracts", f.contractBody(f.schoolA, f.more["programmeA"], pf.newStudentIn(f.schoolA), f.next())))
	id("classDel", f.create(f.officeA, "/api/v1/order-classes", f.classBody(f.schoolA, fmt.Sprintf("72%04d", f.next()))))

	// Placements in the state each operation needs.
	id("draftAct", draftIn(pA, pE1)(pf))
	id("draftR", draftIn(pA, pE1)(pf))
	id("activeC", activeIn(pA, pE1)(pf))
	id("activeT", activeIn(pA, pE1)(pf))
	id("activeS", activeIn(pA, pE1)(pf))
	id("activeW", activeIn(pA, pE1)(pf))
	id("confirmedW", confirmedIn(pA, pE1)(pf))

	f.addCerts(id)
	f.addPractice(id)
	f.addLuban(id)
	f.addSnapshots(id)

	victim := f.create(f.admin, "/api/v1/users", map[string]any{"username": "victim", "password": userPassword, "role": "office_staff", "schoolId": f.schoolA})
	id("victim", victim)
	f.tokens = map[string]string{"": "", "admin": f.admin, "officeA": f.officeA, "staffA": f.staffA, "entE1": f.entE1, "audA": f.audA,
		"victim": f.login("victim", userPassword)}
	return f
}

// addCerts adds a certificate of the catalogue, its pilot, a batch with
// studentA and another student registered and a training, all of school A,
// and one of each to delete.
func (f *badFixture) addCerts(id func(string, string)) {
	c := &certFixture{fixture: f.fixture}
	c.date, c.year = assessmentDate()
	c.entry = f.create(f.admin, "/api/v1/cert-entries", webEntry(0))
	c.pilotA = f.create(f.officeA, "/api/v1/pilots", c.pilotBody(c.entry))
	c.batchA = f.create(f.officeA, "/api/v1/batches", c.batchBody())
	c.candidateA = c.register(f.officeA, c.batchA, f.studentA)
	c.trainingA = f.create(f.officeA, "/api/v1/trainings", c.trainingBody(f.teacherA))
	f.cert = c
	for k, v := range map[string]string{"entry": c.entry, "pilotA": c.pilotA, "batchA": c.batchA, "candidateA": c.candidateA, "trainingA": c.trainingA} {
		id(k, v)
	}
	id("entryDel", f.create(f.admin, "/api/v1/cert-entries", webEntry(f.next())))
	id("pilotDel", f.create(f.officeA, "/api/v1/pilots", newPilot(inA)(c, f.next())))
	id("batchDel", f.create(f.officeA, "/api/v1/batches", newBatch(inA)(c, f.next())))
	id("candidateDel", candidateIn(batchA, inA)(c, f.next()))
	id("trainingDel", f.create(f.officeA, "/api/v1/trainings", newTraining(inA)(c, f.next())))
}

// addPractice adds practice records of teacherA at E1: one proposed to edit,
// one to confirm, one confirmed to approve, one to delete; and a recognition
// to edit and one to delete.
func (f *badFixture) addPractice(id func(string, string)) {
	p := &practiceFixture{fixture: f.fixture}
	id("practiceA", f.create(f.officeA, "/api/v1/teacher-practices", practiceBody(f.teacherA, f.e1)))
	id("practiceC1", proposed(tpA, tpE1)(p))
	id("practiceC2", confirmed(tpA, tpE1)(p))
	id("practiceDel", proposed(tpA, tpE1)(p))
	id("recA", f.create(f.officeA, "/api/v1/dual-recognitions", recognitionBody(f.teacherA, "valid")))
	id("recDel", f.create(f.officeA, "/api/v1/dual-recognitions", recognitionBody(f.teacherA, "expired")))
}

// addLuban adds a workshop with an activity, and a workshop and an activity to
// delete.
func (f *badFixture) addLuban(id func(string, string)) {
	ws := f.create(f.officeA, "/api/v1/luban-workshops", workshopBody(1))
	f.more["wsA"] = ws
	id("wsA", ws)
	id("actA", f.create(f.officeA, "/api/v1/luban-activities", trainingBody(ws)))
	id("wsDel", f.create(f.officeA, "/api/v1/luban-workshops", workshopBody(2)))
	id("actDel", f.create(f.officeA, "/api/v1/luban-activities", trainingBody(ws)))
}

// addSnapshots adds school A's approved 2025 snapshot (its workbook is the
// valid upload) and three prepared ones: to approve, to send back, to delete.
func (f *badFixture) addSnapshots(id func(string, string)) {
	snap := f.create(f.staffA, "/api/v1/snapshots", map[string]any{"year": 2025})
	f.must(200, "POST", "/api/v1/snapshots/"+snap+"/approve", f.officeA, map[string]any{"version": f.version("/api/v1/snapshots/" + snap)})
	f.xlsx = f.raw("GET", "/api/v1/snapshots/"+snap+"/export.xlsx", f.audA)
	id("pendA", f.create(f.staffA, "/api/v1/snapshots", map[string]any{"year": 2024}))
	id("pendR", f.create(f.staffA, "/api/v1/snapshots", map[string]any{"year": 2023}))
	id("pendD", f.create(f.staffA, "/api/v1/snapshots", map[string]any{"year": 2022}))
}

// uploadBody is a multipart body: one file under field, or raw as is.
type uploadBody struct {
	field string
	file  []byte
	raw   string
}

// sendBad sends one request of the corpus to w.
func (f *badFixture) sendBad(w writeRoute, body any) resp {
	path := "/api/v1" + f.expandBad(w.path)
	if n, ok := body.(oversize); ok {
		return f.sendListening(w.method, path, f.tokens[w.as], "application/json", int(n), "")
	}
	ub, ok := body.(uploadBody)
	if !ok {
		return f.do(w.method, path, f.tokens[w.as], body)
	}
	if ub.raw != "" {
		return f.sendListening(w.method, path, f.tokens[w.as], "multipart/form-data; boundary=x", len(ub.raw), ub.raw)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile(ub.field, "report.xlsx")
	_, _ = fw.Write(ub.file)
	_ = mw.Close()
	return f.sendListening(w.method, path, f.tokens[w.as], mw.FormDataContentType(), buf.Len(), buf.String())
}

// sendListening sends a request with a body of length bytes, body, through a
// real listener. app.Test reports a body the server refuses to read (too
// large, broken multipart) as an error instead of the answer fasthttp writes on
// the connection before closing it. An oversize body is announced by its
// Content-Length but not sent (body is ""): the server refuses it on that
// header, before reading any of it, and closing a connection with a megabyte
// unread would reset it before the answer is read.
func (f *badFixture) sendListening(method, path, token, ctype string, length int, body string) resp {
	f.t.Helper()
	if f.addr == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			f.t.Fatal(err)
		}
		go func() { _ = f.app.Listener(ln) }()
		f.t.Cleanup(func() { _ = f.app.Shutdown() })
		f.addr = ln.Addr().String()
	}
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		f.t.Fatal(err)
	}
	defer conn.Close()
	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		method, path, f.addr, ctype, token, length)
	if _, err := io.WriteString(conn, head+body); err != nil {
		f.t.Fatalf("%s %s: %v", method, path, err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		f.t.Fatalf("%s %s (%d bytes): %v", method, path, length, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := resp{status: res.StatusCode, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}
