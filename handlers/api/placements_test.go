package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// placementDates are a placement period around today: from the Monday three
// weeks ago for 90 days, with papers signed the week before.
type placementDates struct{ signed, start, end, insuredTo string }

func newPlacementDates() placementDates {
	today := time.Now().In(models.China)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7 + 21))
	f := func(t time.Time) string { return t.Format(models.DateLayout) }
	return placementDates{signed: f(monday.AddDate(0, 0, -7)), start: f(monday), end: f(monday.AddDate(0, 0, 90)), insuredTo: f(monday.AddDate(0, 0, 120))}
}

// placementFixture is fixture with E1 and E2 counting 10 000 on-post staff,
// and placements: a draft of school A at E1 (studentA), an active one of school
// A at E1, a draft of school B at E2 (studentB) and an active one of school B at
// E1 (studentB1).
type placementFixture struct {
	*fixture
	dates                             placementDates
	draftA, activeA, draftB, activeB1 string
	studentB1                         string // activeB1's student: school B, placed at E1
}

func newPlacementFixture(t *testing.T) *placementFixture {
	t.Helper()
	f := &placementFixture{fixture: newFixture(t), dates: newPlacementDates()}
	if err := f.h.Rules.Seed(context.Background()); err != nil { // as the server does at start
		t.Fatal(err)
	}
	asOf := time.Now().In(models.China).AddDate(0, 0, -30).Format(models.DateLayout)
	for _, e := range []string{f.e1, f.e2} {
		path := "/api/v1/enterprises/" + e
		f.must(200, "PATCH", path, f.admin, map[string]any{"version": f.version(path), "onPostStaff": 10000, "onPostStaffAsOf": asOf})
	}
	f.draftA = f.keep("draftA", ofA|ofE1, f.create(f.officeA, "/api/v1/placements", f.placementBody(f.schoolA, f.studentA, f.e1, f.next())))
	f.activeA = f.keep("activeA", ofA|ofE1, f.activated(f.officeA, f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, f.next())))
	f.draftB = f.keep("draftB", ofB|ofE2, f.create(f.officeB, "/api/v1/placements", f.placementBody(f.schoolB, f.studentB, f.e2, f.next())))
	f.studentB1 = f.keep("studentB1", ofB|ofE1, f.newStudentIn(f.schoolB))
	f.activeB1 = f.keep("activeB1", ofB|ofE1, f.activated(f.officeB, f.placementBody(f.schoolB, f.studentB1, f.e1, f.next())))
	// The placements make studentA E1's student and studentB E2's.
	f.keep("studentA", ofA|ofE1, f.studentA)
	f.keep("studentB", ofB|ofE2, f.studentB)
	return f
}

// newStudentIn adds an enrolled student to school, as the admin.
func (f *placementFixture) newStudentIn(school string) string {
	b := newStudent(func(*fixture) string { return school })(f.fixture, f.next())
	return f.create(f.admin, "/api/v1/students", b)
}

// placementBody is a 岗位实习 that breaks no rule; n makes its same-kind post
// unique, so that the caps never warn however many the tests add.
func (f *placementFixture) placementBody(school, student, enterprise string, n int) map[string]any {
	d, teacher := f.dates, f.teacherA
	if school == f.schoolB {
		teacher = f.teacherB
	}
	return map[string]any{
		"schoolId": school, "kind": "position", "arrangement": "school_arranged",
		"studentId": student, "enterpriseId": enterprise, "site": map[string]any{"address": "天津市红桥区"},
		"post":      map[string]any{"name": "数控车工", "sameKindPostKey": fmt.Sprintf("岗位%d", n), "sameKindPostStaff": 20, "match": "matched", "labourClass": 2},
		"startDate": d.start, "plannedEndDate": d.end,
		"schedule":  map[string]any{"hoursPerDay": 8, "daysPerWeek": 5},
		"agreement": map[string]any{"docRef": "SX-001", "signedBySchool": d.signed, "signedByUnit": d.signed, "signedByStudent": d.signed},
		"consent":   map[string]any{"studentSignedAt": d.signed, "guardianName": "张父", "relation": "父亲", "guardianSignedAt": d.signed},
		"insurance": map[string]any{"insurer": "某保险公司", "policyNo": "PL-1", "from": d.signed, "to": d.insuredTo, "premiumPaidBy": "school"},
		"pay": map[string]any{"independentWork": true, "monthlyAmountFen": 300000, "samePostWageFen": 350000, "cycleDays": 30,
			"method": "bank_transfer", "paidDirectly": true},
		"fees":    map[string]any{"declaredNone": true},
		"mentors": map[string]any{"schoolMentorTeacherId": teacher, "enterpriseMentorName": "王师傅"},
	}
}

// activated creates a placement as token and activates it; it returns its id.
func (f *placementFixture) activated(token string, body map[string]any) string {
	f.t.Helper()
	id := f.create(token, "/api/v1/placements", body)
	path := "/api/v1/placements/" + id
	f.must(200, "POST", path+"/activate", token, map[string]any{"version": f.version(path)})
	return id
}

// placementRow is a scopeRow whose fresh record may be made ready (activated)
// before the request, and whose body gets the record's version for every write
// to a record.
type placementRow struct {
	method, path string
	body         func(f *placementFixture, n int) map[string]any
	fresh        func(f *placementFixture) string // creates the {new} record, returns its id
	want         [6]int
	on           whose // what the request names, for TestAccessMatrixCoverage
}

// fresh placements, made by the admin (activeIn also activates them).
func draftIn(school, enterprise func(*placementFixture) string) func(*placementFixture) string {
	return func(f *placementFixture) string {
		s := school(f)
		return f.create(f.admin, "/api/v1/placements", f.placementBody(s, f.newStudentIn(s), enterprise(f), f.next()))
	}
}

func activeIn(school, enterprise func(*placementFixture) string) func(*placementFixture) string {
	return func(f *placementFixture) string {
		s := school(f)
		return f.activated(f.admin, f.placementBody(s, f.newStudentIn(s), enterprise(f), f.next()))
	}
}

// confirmedIn is activeIn with its first week confirmed by the admin.
func confirmedIn(school, enterprise func(*placementFixture) string) func(*placementFixture) string {
	return func(f *placementFixture) string {
		id := activeIn(school, enterprise)(f)
		path := "/api/v1/placements/" + id
		f.must(200, "POST", path+"/weeks", f.admin, map[string]any{"version": f.version(path), "weeks": weekBody(f, 0)["weeks"]})
		return id
	}
}

func pA(f *placementFixture) string  { return f.schoolA }
func pB(f *placementFixture) string  { return f.schoolB }
func pE1(f *placementFixture) string { return f.e1 }
func pE2(f *placementFixture) string { return f.e2 }

func fixed(m map[string]any) func(*placementFixture, int) map[string]any {
	return func(*placementFixture, int) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
}

func weekBody(f *placementFixture, _ int) map[string]any {
	return map[string]any{"weeks": []map[string]any{{"weekStart": f.dates.start, "daysWorked": 5, "hours": 40}}}
}

// correctionBody corrects the first week to four days.
func correctionBody(f *placementFixture, _ int) map[string]any {
	return map[string]any{"weekStart": f.dates.start, "daysWorked": 4, "hours": 32, "reason": "周五病假，误记为出勤"}
}

var placementRows = []placementRow{
	{"GET", "/placements", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/placements?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 200, 403, 401}, ofB},
	{"GET", "/placements?enterpriseId={e2}", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofE2},
	{"GET", "/placements/{draftA}", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/placements/{draftB}", nil, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE2},
	{"GET", "/placements/{activeB1}", nil, nil, [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"GET", "/placements/{new}", nil, draftIn(pA, pE2), [6]int{200, 200, 200, 403, 200, 401}, ofA | ofE2},
	{"POST", "/placements", func(f *placementFixture, n int) map[string]any {
		return f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, n)
	}, nil, [6]int{201, 201, 201, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements", func(f *placementFixture, n int) map[string]any {
		return f.placementBody(f.schoolB, f.newStudentIn(f.schoolB), f.e1, n)
	}, nil, [6]int{201, 403, 403, 403, 403, 401}, ofB | ofE1},
	{"PATCH", "/placements/{draftA}", fixed(map[string]any{"site": map[string]any{"address": "天津市南开区"}}), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"PATCH", "/placements/{draftB}", fixed(map[string]any{"site": map[string]any{"address": "天津市南开区"}}), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE2},
	{"DELETE", "/placements/{new}", nil, draftIn(pA, pE1), [6]int{204, 204, 204, 403, 403, 401}, ofA | ofE1},
	{"DELETE", "/placements/{new}", nil, draftIn(pB, pE1), [6]int{204, 404, 404, 403, 404, 401}, ofB | ofE1},
	{"POST", "/placements/check", func(f *placementFixture, n int) map[string]any {
		return f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, n)
	}, nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/check", func(f *placementFixture, n int) map[string]any {
		return f.placementBody(f.schoolB, f.newStudentIn(f.schoolB), f.e1, n)
	}, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB | ofE1},
	{"POST", "/placements/check?placementId={draftA}", fixed(map[string]any{"intermediary": true}), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/check?placementId={draftB}", fixed(map[string]any{"intermediary": true}), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE2},
	{"POST", "/placements/{draftA}/check", nil, nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{draftB}/check", nil, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE2},
	{"POST", "/placements/{new}/activate", fixed(nil), draftIn(pA, pE1), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/activate", fixed(nil), draftIn(pB, pE1), [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/suspend", fixed(map[string]any{"reason": "核实夜班"}), activeIn(pA, pE1), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/suspend", fixed(map[string]any{"reason": "核实夜班"}), activeIn(pB, pE1), [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/terminate", fixed(map[string]any{"reason": "学生身体原因"}), activeIn(pA, pE1), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/terminate", fixed(map[string]any{"reason": "学生身体原因"}), activeIn(pB, pE1), [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/complete", fixed(nil), activeIn(pA, pE1), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/complete", fixed(nil), activeIn(pB, pE1), [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/respond", fixed(map[string]any{"decision": "confirmed"}), draftIn(pA, pE1), [6]int{200, 200, 200, 200, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/respond", fixed(map[string]any{"decision": "confirmed"}), draftIn(pA, pE2), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE2},
	{"POST", "/placements/{new}/respond", fixed(map[string]any{"decision": "confirmed"}), draftIn(pB, pE1), [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{activeA}/mentor", fixed(map[string]any{"name": "钱师傅", "phone": "13800138000"}), nil, [6]int{200, 200, 200, 200, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{activeB1}/mentor", fixed(map[string]any{"name": "钱师傅"}), nil, [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/mentor", fixed(map[string]any{"name": "钱师傅"}), activeIn(pB, pE2), [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE2},
	{"POST", "/placements/{new}/weeks", weekBody, activeIn(pA, pE1), [6]int{200, 200, 200, 200, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/weeks", weekBody, activeIn(pA, pE2), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE2},
	{"POST", "/placements/{new}/weeks", weekBody, activeIn(pB, pE1), [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/weeks", weekBody, confirmedIn(pA, pE1), [6]int{422, 422, 422, 422, 403, 401}, ofA | ofE1}, // confirmed already: corrected instead
	{"POST", "/placements/{new}/week-correction", correctionBody, confirmedIn(pA, pE1), [6]int{200, 200, 200, 200, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/week-correction", correctionBody, confirmedIn(pA, pE2), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE2},
	{"POST", "/placements/{new}/week-correction", correctionBody, confirmedIn(pB, pE1), [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/week-correction", fixed(map[string]any{"weekStart": "", "daysWorked": 4, "hours": 32}), confirmedIn(pA, pE1), [6]int{422, 422, 422, 422, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{new}/week-correction", correctionBody, activeIn(pA, pE1), [6]int{422, 422, 422, 422, 403, 401}, ofA | ofE1}, // no week confirmed
	{"POST", "/placements/{activeA}/evaluation", fixed(map[string]any{"mentorEvaluation": "认真负责"}), nil, [6]int{200, 200, 200, 200, 403, 401}, ofA | ofE1},
	{"POST", "/placements/{activeB1}/evaluation", fixed(map[string]any{"mentorEvaluation": "认真负责"}), nil, [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"POST", "/placements/{new}/evaluation", fixed(map[string]any{"mentorEvaluation": "认真负责"}), activeIn(pA, pE2), [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE2},

	// An enterprise user reads the students of the placements it sees, read-only.
	{"GET", "/students", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/students/{studentA}", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofA | ofE1},
	{"GET", "/students/{studentB}", nil, nil, [6]int{200, 404, 404, 404, 404, 401}, ofB | ofE2},
	{"GET", "/students/{studentB1}", nil, nil, [6]int{200, 404, 404, 200, 404, 401}, ofB | ofE1},
	{"GET", "/students?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 200, 403, 401}, ofB},
	{"PATCH", "/students/{studentA}", fixed(map[string]any{"className": "计算机2班"}), nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
	{"PATCH", "/students/{studentB1}", fixed(map[string]any{"className": "计算机2班"}), nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},

	{"GET", "/rule-sets", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofNone},
	{"GET", "/rule-sets/2021.1", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofNone},
	{"GET", "/rule-sets/2099.1", nil, nil, [6]int{404, 404, 404, 404, 404, 401}, ofNone},
	{"POST", "/rule-sets", func(_ *placementFixture, n int) map[string]any {
		return map[string]any{"version": fmt.Sprintf("2031.%d", n%1000), "effectiveFrom": "2031-01-01", "source": "测试", "params": map[string]any{"unitCapPct": 15}}
	}, nil, [6]int{201, 201, 403, 403, 403, 401}, ofNone},
}

func TestPlacementScopeMatrix(t *testing.T) {
	f := newPlacementFixture(t)
	for _, row := range placementRows {
		for i, token := range f.roleTokens() {
			t.Run(roleNames[i]+" "+row.method+" "+row.path, func(t *testing.T) {
				n := f.next()
				path := "/api/v1" + row.path
				if row.fresh != nil {
					path = strings.Replace(path, "{new}", row.fresh(f), 1)
				}
				path = f.expand(scopeRow{path: path[len("/api/v1"):]})
				var body any
				if row.body != nil {
					b := row.body(f, n)
					if rec, ok := versioned(path); ok {
						b["version"] = f.version(rec)
					}
					body = b
				}
				f.expectStatus(t, row.method, path, token, body, row.want[i])
			})
		}
	}
}

// versioned names the record whose version a request to path must send: the
// one the path names, or the placement a live check names by ?placementId=.
func versioned(path string) (string, bool) {
	if _, id, ok := strings.Cut(path, "placementId="); ok {
		return "/api/v1/placements/" + id, true
	}
	segs := strings.Split(path, "/") // "", "api", "v1", "placements", id, action
	if len(segs) < 5 {
		return "", false
	}
	if _, err := models.ParseID(segs[4]); err != nil {
		return "", false
	}
	return strings.Join(segs[:5], "/"), true
}

// findingRules lists a check's findings as "severity:rule".
func findingRules(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, it := range list {
		m, _ := it.(map[string]any)
		out = append(out, fmt.Sprint(m["severity"], ":", m["ruleId"]))
	}
	return out
}

// TestPlacementFlow: the office proposes a placement, sees which rules it
// breaks, fixes them, activates it with a reason for a warning; the enterprise
// sees it with the ID number masked and confirms weeks; another enterprise
// can do neither.
func TestPlacementFlow(t *testing.T) {
	f := newPlacementFixture(t)
	body := f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, f.next())
	body["intermediary"] = true
	body["post"].(map[string]any)["labourClass"] = 0
	delete(body, "schoolId")
	id := f.create(f.staffA, "/api/v1/placements", body)
	path := "/api/v1/placements/" + id

	r := f.must(200, "POST", path+"/check", f.staffA, nil)
	if got, want := strings.Join(findingRules(r.body["findings"]), " "), "block:INT-06 warn:INT-07"; got != want {
		t.Fatalf("got findings %s, want %s", got, want)
	}
	if r.str("compliance") != "block" || r.str("ruleSetVersion") != "2021.1" {
		t.Errorf("got %s", short(r.raw))
	}
	version := r.body["version"]

	r = f.do("POST", path+"/activate", f.staffA, map[string]any{"version": version})
	checkError(t, r, 422, "validation_failed")
	checkFields(t, r, "findings.INT-06", "reasons.INT-07")

	f.must(200, "PATCH", path, f.staffA, map[string]any{"version": version, "intermediary": false})
	r = f.must(200, "POST", path+"/activate", f.staffA, map[string]any{"version": f.version(path), "reasons": map[string]string{"INT-07": "数控操作为Ⅰ级体力劳动，企业证明待补"}})
	if r.str("status") != "active" || r.str("compliance") != "warn" {
		t.Fatalf("got %s", short(r.raw))
	}
	if v, _ := r.body["verdict"].(map[string]any); v["warnings"] != float64(1) || v["ruleSetVersion"] != "2021.1" {
		t.Errorf("got verdict %v", v)
	}

	t.Run("OK the enterprise sees it masked", func(t *testing.T) {
		r := f.must(200, "GET", "/api/v1/placements?ruleId=INT-07", f.entE1, nil)
		if r.total() != 1 {
			t.Fatalf("E1 lists %d placements with INT-07", r.total())
		}
		st, _ := r.items()[0]["student"].(map[string]any)
		if st["name"] != "张三" || !strings.Contains(fmt.Sprint(st["idNumber"]), "**********") {
			t.Errorf("E1 sees student %v", st)
		}
		if got := r.items()[0]["schoolName"]; got != "第一职业学校" {
			t.Errorf("E1 sees the school as %v", got)
		}
		// and the student record, read-only, masked, without the birth date the mask hides
		student := f.must(200, "GET", "/api/v1/students/"+fmt.Sprint(r.items()[0]["studentId"]), f.entE1, nil)
		if student.str("name") != "张三" || !strings.Contains(student.str("idNumber"), "**********") || student.body["birthDate"] != nil {
			t.Errorf("E1 reads the student as %s", short(student.raw))
		}
		if list := f.must(200, "GET", "/api/v1/students?pageSize=100", f.entE1, nil); strings.Contains(list.raw, f.studentB) || !strings.Contains(list.raw, "张三") {
			t.Errorf("E1 lists students %s", short(list.raw))
		}
		if list := f.must(200, "GET", "/api/v1/students", f.entE2, nil); list.total() != 1 || list.items()[0]["id"] != f.studentB {
			t.Errorf("E2 lists students %s, want its one placed student", short(list.raw))
		}
		if c, _ := r.items()[0]["consent"].(map[string]any); c["guardianName"] != "" {
			t.Errorf("E1 sees the guardian %v", c["guardianName"])
		}
		r = f.must(200, "GET", path, f.audA, nil)
		if st, _ := r.body["student"].(map[string]any); !strings.HasPrefix(fmt.Sprint(st["name"]), "匿名") || st["idNumber"] != nil {
			t.Errorf("the auditor sees student %v", st)
		}
	})
	t.Run("ErrForbidden another enterprise", func(t *testing.T) {
		checkError(t, f.do("GET", path, f.entE2, nil), 403, "forbidden")
		checkError(t, f.do("POST", path+"/weeks", f.entE2, map[string]any{"version": f.version(path), "weeks": weekBody(f, 0)["weeks"]}), 403, "forbidden")
		if got := f.must(200, "GET", "/api/v1/placements", f.entE2, nil).total(); got != 1 {
			t.Errorf("E2 lists %d placements, want its own 1", got)
		}
	})
	t.Run("OK the enterprise confirms weeks", func(t *testing.T) {
		second := newPlacementDates().start
		d, _ := models.ParseDate(second)
		second = models.DateOf(d.Time().AddDate(0, 0, 7)).String()
		r := f.must(200, "POST", path+"/weeks", f.entE1, map[string]any{"version": f.version(path), "weeks": []map[string]any{
			{"weekStart": f.dates.start, "daysWorked": 5, "hours": 40},
			{"weekStart": second, "daysWorked": 5, "hours": 40, "nightHours": 3},
		}})
		weeks, _ := r.body["weeks"].([]any)
		if len(weeks) != 2 || r.str("compliance") != "block" {
			t.Fatalf("got %d weeks, compliance %s", len(weeks), r.str("compliance"))
		}
		r = f.do("POST", path+"/weeks", f.entE1, map[string]any{"version": f.version(path), "weeks": []map[string]any{{"weekStart": "2020-01-07", "hours": -1}}})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "weeks[0].weekStart", "weeks[0].hours")
	})
	t.Run("OK the enterprise corrects a week", func(t *testing.T) {
		weeks := f.must(200, "GET", path, f.entE1, nil).body["weeks"].([]any)
		second := weeks[1].(map[string]any)["weekStart"]
		body := map[string]any{"version": f.version(path), "weekStart": second, "daysWorked": 5, "hours": 40, "nightHours": 0}
		r := f.do("POST", path+"/week-correction", f.entE1, body)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "reason")
		checkError(t, f.do("POST", path+"/week-correction", f.entE2, body), 403, "forbidden")
		body["reason"] = "夜间3小时为误填"
		r = f.must(200, "POST", path+"/week-correction", f.entE1, body)
		w := r.body["weeks"].([]any)[1].(map[string]any)
		prev, _ := w["previous"].([]any)
		if len(prev) != 1 || prev[0].(map[string]any)["nightHours"] != float64(3) || w["nightHours"] != float64(0) || w["correctionReason"] != "夜间3小时为误填" {
			t.Errorf("got week %v", w)
		}
		if r.str("compliance") == "block" {
			t.Errorf("the night shift's Block stands after the correction: %v", r.body["openRules"])
		}
	})
	t.Run("OK rule sets", func(t *testing.T) {
		r := f.must(200, "GET", "/api/v1/rule-sets/2021.1", f.entE1, nil)
		if p, _ := r.body["params"].(map[string]any); p["unitCapPct"] != float64(10) {
			t.Errorf("got params %v", p)
		}
		r = f.do("POST", "/api/v1/rule-sets", f.officeA, map[string]any{"version": "2021.1", "effectiveFrom": "2022-01-01", "source": "重复"})
		checkError(t, r, 409, "conflict")
	})
	t.Run("OK audit log", func(t *testing.T) {
		r := f.must(200, "GET", "/api/v1/audit-log?entity=placement&pageSize=200", f.admin, nil)
		if r.total() < 5 || strings.Contains(r.raw, idStudentA) {
			t.Errorf("audit log: %d entries: %s", r.total(), short(r.raw))
		}
	})
}

// TestPlacementLiveCheck: POST /placements/check answers with the findings of
// fields never saved, or 422 naming every failing field, and writes nothing.
func TestPlacementLiveCheck(t *testing.T) {
	f := newPlacementFixture(t)
	body := f.placementBody(f.schoolA, f.newStudentIn(f.schoolA), f.e1, f.next())
	body["intermediary"] = true
	body["post"].(map[string]any)["labourClass"] = 0
	placements, audits := f.listTotal("/api/v1/placements"), f.auditTotal()

	r := f.must(200, "POST", "/api/v1/placements/check", f.staffA, body)
	if got, want := strings.Join(findingRules(r.body["findings"]), " "), "block:INT-06 warn:INT-07"; got != want {
		t.Errorf("got findings %s, want %s", got, want)
	}
	if r.str("compliance") != "block" || r.str("ruleSetVersion") != "2021.1" || r.body["placementId"] != nil {
		t.Errorf("got %s", short(r.raw))
	}

	body["startDate"], body["studentId"], body["color"] = "2027-13-01", f.studentB, "red"
	r = f.do("POST", "/api/v1/placements/check", f.staffA, body)
	checkError(t, r, 422, "validation_failed")
	checkFields(t, r, "startDate", "studentId", "color")

	r = f.must(200, "POST", "/api/v1/placements/check?placementId="+f.draftA, f.officeA,
		map[string]any{"version": f.version("/api/v1/placements/" + f.draftA), "schedule": map[string]any{"hoursPerDay": 8, "daysPerWeek": 5, "overtime": true}})
	if got, want := strings.Join(findingRules(r.body["findings"]), " "), "block:INT-10"; got != want || r.str("placementId") != f.draftA {
		t.Errorf("a change of draft A: findings %s, want %s: %s", got, want, short(r.raw))
	}
	checkError(t, f.do("POST", "/api/v1/placements/check?placementId=nope", f.officeA, map[string]any{}), 400, "bad_request")

	if p, a := f.listTotal("/api/v1/placements"), f.auditTotal(); p != placements || a != audits {
		t.Errorf("the live check wrote: placements %d -> %d, audit entries %d -> %d", placements, p, audits, a)
	}
}
