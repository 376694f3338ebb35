package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// assessmentDate is ten days ago in China, a date results may be recorded for,
// and the statistical year it falls in.
func assessmentDate() (string, int) {
	d := models.DateOf(time.Now().In(models.China).AddDate(0, 0, -10))
	return d.String(), models.StatYearOf(d).Start
}

// webEntry is a 1+X certificate for the catalogue; n makes its name unique.
func webEntry(n int) map[string]any {
	name := "Web前端开发职业技能等级证书"
	if n > 0 {
		name = fmt.Sprintf("测试%d职业技能等级证书", n)
	}
	return map[string]any{"type": "x_cert", "name": name, "evaluationOrg": "北京新奥时代科技有限责任公司",
		"batch": 1, "levels": []string{"初级", "中级", "高级"}}
}

// certFixture is fixture with a certificate of the catalogue and, in each school,
// a pilot of it for major 710201, a batch ten days ago with the school's student
// registered, and a teacher's training.
type certFixture struct {
	*fixture
	date                 string // the batches' assessment date
	year                 int    // the statistical year it falls in
	entry                string
	pilotA, pilotB       string
	batchA, batchB       string
	candidateA           string // studentA in batchA
	candidateB           string // studentB in batchB
	trainingA, trainingB string
}

func newCertFixture(t *testing.T) *certFixture {
	t.Helper()
	f := &certFixture{fixture: newFixture(t)}
	f.date, f.year = assessmentDate()
	f.entry = f.keep("entry", ofNone, f.create(f.admin, "/api/v1/cert-entries", webEntry(0)))
	f.pilotA = f.keep("pilotA", ofA, f.create(f.officeA, "/api/v1/pilots", f.pilotBody(f.entry)))
	f.pilotB = f.keep("pilotB", ofB, f.create(f.officeB, "/api/v1/pilots", f.pilotBody(f.entry)))
	f.batchA = f.keep("batchA", ofA, f.create(f.officeA, "/api/v1/batches", f.batchBody()))
	f.batchB = f.keep("batchB", ofB, f.create(f.officeB, "/api/v1/batches", f.batchBody()))
	f.candidateA = f.keep("candidateA", ofA, f.register(f.officeA, f.batchA, f.studentA))
	f.candidateB = f.keep("candidateB", ofB, f.register(f.officeB, f.batchB, f.studentB))
	f.trainingA = f.keep("trainingA", ofA, f.create(f.officeA, "/api/v1/trainings", f.trainingBody(f.teacherA)))
	f.trainingB = f.keep("trainingB", ofB, f.create(f.officeB, "/api/v1/trainings", f.trainingBody(f.teacherB)))
	return f
}

func (f *certFixture) pilotBody(entry string) map[string]any {
	return map[string]any{"entryId": entry, "schoolYear": f.year, "majorCodes": []string{"710201"}, "approvalRef": "教职成司函〔2019〕1号"}
}

func (f *certFixture) batchBody() map[string]any {
	return map[string]any{"entryId": f.entry, "level": "初级", "date": f.date, "label": "第一批", "site": "实训楼"}
}

func (f *certFixture) trainingBody(teacher string) map[string]any {
	return map[string]any{"teacherId": teacher, "entryId": f.entry, "event": "Web前端开发师资培训",
		"startDate": f.date, "endDate": f.date, "role": "trainer"}
}

// register registers student for batch as token, on the assessment date, and
// returns the new candidate's id.
func (f *certFixture) register(token, batch, student string) string {
	f.t.Helper()
	path := "/api/v1/batches/" + batch
	body := map[string]any{"version": f.version(path), "studentId": student, "registeredAt": f.date}
	return lastCandidate(f.must(201, "POST", path+"/candidates", token, body))["id"].(string)
}

// candidates are a batch answer's candidates.
func candidates(r resp) []map[string]any {
	raw, _ := r.body["candidates"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, it := range raw {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}

func lastCandidate(r resp) map[string]any {
	cs := candidates(r)
	if len(cs) == 0 {
		return map[string]any{}
	}
	return cs[len(cs)-1]
}

// certRow is one request of the certificate matrix and the status each role must
// get. In path, {name} stands for a certFixture id and {new} for what fresh makes
// as the admin just before the request. A request with a body below a record
// (PATCH, PUT, or a POST or DELETE under /…/{id}/) gets the record's current
// version added to its body.
type certRow struct {
	method, path string
	body         func(f *certFixture, n int) map[string]any
	fresh        func(f *certFixture, n int) string
	want         [6]int
	on           whose // what the request names, for TestAccessMatrixCoverage
}

func newEntry(f *certFixture, n int) map[string]any { return webEntry(n) }

// newPilot pilots a new certificate, so that (school, certificate, year) is fresh.
func newPilot(school func(*fixture) string) func(*certFixture, int) map[string]any {
	return func(f *certFixture, n int) map[string]any {
		b := f.pilotBody(f.create(f.admin, "/api/v1/cert-entries", webEntry(n)))
		b["schoolId"] = school(f.fixture)
		return b
	}
}

func newBatch(school func(*fixture) string) func(*certFixture, int) map[string]any {
	return func(f *certFixture, n int) map[string]any {
		b := f.batchBody()
		b["schoolId"] = school(f.fixture)
		return b
	}
}

func newTraining(school func(*fixture) string) func(*certFixture, int) map[string]any {
	return func(f *certFixture, n int) map[string]any {
		teacher := f.teacherA
		if school(f.fixture) == f.schoolB {
			teacher = f.teacherB
		}
		b := f.trainingBody(teacher)
		b["schoolId"] = school(f.fixture)
		return b
	}
}

// newRegistration names a new enrolled student of the school (major 710201,
// piloted).
func newRegistration(school func(*fixture) string) func(*certFixture, int) map[string]any {
	return func(f *certFixture, n int) map[string]any {
		st := f.create(f.admin, "/api/v1/students", newStudent(school)(f.fixture, n))
		return map[string]any{"studentId": st, "registeredAt": f.date}
	}
}

// adminCreates makes a record at path with body, as the admin, for {new}.
func adminCreates(path string, body func(*certFixture, int) map[string]any) func(*certFixture, int) string {
	return func(f *certFixture, n int) string { return f.create(f.admin, path, body(f, n)) }
}

// candidateIn registers a new student in the batch id names.
func candidateIn(batch func(*certFixture) string, school func(*fixture) string) func(*certFixture, int) string {
	return func(f *certFixture, n int) string {
		st := f.create(f.admin, "/api/v1/students", newStudent(school)(f.fixture, n))
		return f.register(f.admin, batch(f), st)
	}
}

func batchA(f *certFixture) string { return f.batchA }
func batchB(f *certFixture) string { return f.batchB }

func none(*certFixture, int) map[string]any { return map[string]any{} }

func with(k string, v any) func(*certFixture, int) map[string]any {
	return func(*certFixture, int) map[string]any { return map[string]any{k: v} }
}

var (
	readAll  = [6]int{200, 200, 200, 403, 200, 401} // the admin, office users of A and A's auditor
	readOnly = [6]int{200, 403, 403, 403, 403, 401} // the admin alone (school B named)
	readNone = [6]int{200, 404, 404, 403, 404, 401} // a record of school B
)

var certScopeRows = []certRow{
	// the catalogue: shared, kept by the admins
	{"GET", "/cert-entries", nil, nil, readAll, ofNone},
	{"GET", "/cert-entries/{entry}", nil, nil, readAll, ofNone},
	{"POST", "/cert-entries", newEntry, nil, [6]int{201, 201, 403, 403, 403, 401}, ofNone},
	{"PATCH", "/cert-entries/{entry}", with("source", "https://www.chinazy.org/"), nil, [6]int{200, 200, 403, 403, 403, 401}, ofNone},
	{"DELETE", "/cert-entries/{new}", nil, adminCreates("/api/v1/cert-entries", newEntry), [6]int{204, 204, 403, 403, 403, 401}, ofNone},

	// pilots
	{"GET", "/pilots", nil, nil, readAll, ofA},
	{"GET", "/pilots?schoolId={schoolB}", nil, nil, readOnly, ofB},
	{"GET", "/pilots/{pilotA}", nil, nil, readAll, ofA},
	{"GET", "/pilots/{pilotB}", nil, nil, readNone, ofB},
	{"POST", "/pilots", newPilot(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/pilots", newPilot(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/pilots/{pilotA}", with("assessmentSite", "实训楼"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PATCH", "/pilots/{pilotB}", with("assessmentSite", "实训楼"), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/pilots/{new}", nil, adminCreates("/api/v1/pilots", newPilot(inA)), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/pilots/{new}", nil, adminCreates("/api/v1/pilots", newPilot(inB)), [6]int{204, 404, 404, 403, 404, 401}, ofB},

	// batches and their candidates
	{"GET", "/batches", nil, nil, readAll, ofA},
	{"GET", "/batches?schoolId={schoolB}", nil, nil, readOnly, ofB},
	{"GET", "/batches/{batchA}", nil, nil, readAll, ofA},
	{"GET", "/batches/{batchB}", nil, nil, readNone, ofB},
	{"POST", "/batches", newBatch(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/batches", newBatch(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/batches/{batchA}", with("site", "实训楼A座"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PATCH", "/batches/{batchB}", with("site", "实训楼A座"), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/batches/{new}", nil, adminCreates("/api/v1/batches", newBatch(inA)), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/batches/{new}", nil, adminCreates("/api/v1/batches", newBatch(inB)), [6]int{204, 404, 404, 403, 404, 401}, ofB},
	{"POST", "/batches/{batchA}/candidates", newRegistration(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/batches/{batchB}/candidates", newRegistration(inB), nil, [6]int{201, 404, 404, 403, 404, 401}, ofB},
	{"PUT", "/batches/{batchA}/candidates/{candidateA}/result", with("result", "fail"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PUT", "/batches/{batchB}/candidates/{candidateB}/result", with("result", "fail"), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/batches/{batchA}/candidates/{new}", none, candidateIn(batchA, inA), [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"DELETE", "/batches/{batchB}/candidates/{new}", none, candidateIn(batchB, inB), [6]int{200, 404, 404, 403, 404, 401}, ofB},
	// School B's candidate under school A's batch is no candidate of it.
	{"PUT", "/batches/{batchA}/candidates/{candidateB}/result", with("result", "fail"), nil, [6]int{404, 404, 404, 403, 403, 401}, ofA | ofB},
	{"DELETE", "/batches/{batchA}/candidates/{candidateB}", none, nil, [6]int{404, 404, 404, 403, 403, 401}, ofA | ofB},

	// teachers' training
	{"GET", "/trainings", nil, nil, readAll, ofA},
	{"GET", "/trainings?schoolId={schoolB}", nil, nil, readOnly, ofB},
	{"GET", "/trainings/{trainingA}", nil, nil, readAll, ofA},
	{"GET", "/trainings/{trainingB}", nil, nil, readNone, ofB},
	{"POST", "/trainings", newTraining(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/trainings", newTraining(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/trainings/{trainingA}", with("attendanceRef", "PX-2025-01"), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA},
	{"PATCH", "/trainings/{trainingB}", with("attendanceRef", "PX-2025-01"), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB},
	{"DELETE", "/trainings/{new}", nil, adminCreates("/api/v1/trainings", newTraining(inA)), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/trainings/{new}", nil, adminCreates("/api/v1/trainings", newTraining(inB)), [6]int{204, 404, 404, 403, 404, 401}, ofB},

	// figures: per school, read-only, not for enterprise users
	{"GET", "/figures?year={year}", nil, nil, readAll, ofA},
	{"GET", "/figures?year={year}&schoolId={schoolA}", nil, nil, readAll, ofA},
	{"GET", "/figures?year={year}&schoolId={schoolB}", nil, nil, readOnly, ofB},
	{"GET", "/figures/x_registered_students/records?year={year}", nil, nil, readAll, ofA},
	{"GET", "/figures/x_registered_students/records?year={year}&schoolId={schoolB}", nil, nil, readOnly, ofB},
}

func TestCertScopeMatrix(t *testing.T) {
	f := newCertFixture(t)
	for _, row := range certScopeRows {
		for i, token := range f.roleTokens() {
			t.Run(roleNames[i]+" "+row.method+" "+row.path, func(t *testing.T) {
				n := f.next()
				path := f.expand(row)
				var body any
				if row.body != nil {
					b := row.body(f, n)
					if rec, ok := recordOf(path); ok {
						b["version"] = f.version(rec)
					}
					body = b
				}
				f.expectStatus(t, row.method, path, token, body, row.want[i])
			})
		}
	}
}

// recordOf is the record a path is below ("/api/v1/batches/<id>"), if any.
func recordOf(path string) (string, bool) {
	segs := strings.Split(path, "/") // "", "api", "v1", collection, id, …
	if len(segs) < 5 {
		return "", false
	}
	return strings.Join(segs[:5], "/"), true
}

// expand fills in a row's path: a fresh record for {new}, then fixture ids.
func (f *certFixture) expand(row certRow) string {
	path := "/api/v1" + row.path
	if row.fresh != nil {
		path = strings.Replace(path, "{new}", row.fresh(f, f.next()), 1)
	}
	path = strings.ReplaceAll(path, "{year}", fmt.Sprint(f.year))
	return f.fixture.expand(scopeRow{path: path[len("/api/v1"):]})
}
