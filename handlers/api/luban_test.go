package api_test

import (
	"fmt"
	"testing"
)

// workshopBody is a workshop of the caller's school; n makes its host unique.
func workshopBody(n int) map[string]any {
	return map[string]any{"nameZh": "印尼鲁班工坊", "localLang": "id", "country": "ID", "hostInstitutions": []string{fmt.Sprintf("SMK Negeri %d Ponorogo", n)},
		"chineseInstitutions": []map[string]any{{"name": "第一职业学校", "role": "LEAD", "isThisSchool": true}},
		"openedDate":          "2017-12-12", "status": "OPERATING"}
}

func trainingBody(workshop string) map[string]any {
	return map[string]any{"workshopId": workshop, "type": "SHORT_TRAINING", "title": "汽修短期培训", "startDate": "2026-03-01", "endDate": "2026-03-05", "persons": 12}
}

// newLubanFixture adds a workshop and an activity of each school.
func newLubanFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.keep("wsA", ofA, f.create(f.officeA, "/api/v1/luban-workshops", workshopBody(1)))
	f.keep("wsB", ofB, f.create(f.officeB, "/api/v1/luban-workshops", workshopBody(2)))
	f.keep("actA", ofA, f.create(f.officeA, "/api/v1/luban-activities", trainingBody(f.more["wsA"])))
	f.keep("actB", ofB, f.create(f.officeB, "/api/v1/luban-activities", trainingBody(f.more["wsB"])))
	return f
}

func newWorkshop(school func(*fixture) string) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any {
		b := workshopBody(100 + n)
		b["schoolId"] = school(f)
		return b
	}
}

func newActivity(workshop string) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any { return trainingBody(f.more[workshop]) }
}

func body(m map[string]any) func(*fixture, int) map[string]any {
	return func(f *fixture, n int) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			if s, ok := v.(string); ok && len(s) > 2 && s[0] == '{' {
				v = f.expand(scopeRow{path: s})[len("/api/v1"):]
			}
			out[k] = v
		}
		return out
	}
}

var (
	lwSchool = [6]int{200, 200, 200, 403, 200, 401}
	lwOther  = [6]int{200, 404, 404, 403, 404, 401}
	lwWriteA = [6]int{200, 200, 200, 403, 403, 401}
	lwWriteB = [6]int{200, 404, 404, 403, 404, 401}
)

var lubanRows = []scopeRow{
	{"GET", "/luban-workshops", nil, nil, lwSchool, ofA},
	{"GET", "/luban-workshops?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB},
	{"GET", "/luban-workshops/{wsA}", nil, nil, lwSchool, ofA},
	{"GET", "/luban-workshops/{wsB}", nil, nil, lwOther, ofB},
	{"GET", "/luban-workshops/{wsA}/summary?year=2025", nil, nil, lwSchool, ofA},
	{"GET", "/luban-workshops/{wsB}/summary?year=2025", nil, nil, lwOther, ofB},
	{"POST", "/luban-workshops", newWorkshop(inA), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/luban-workshops", newWorkshop(inB), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB},
	{"PATCH", "/luban-workshops/{wsA}", body(map[string]any{"city": "Ponorogo"}), nil, lwWriteA, ofA},
	{"PATCH", "/luban-workshops/{wsB}", body(map[string]any{"city": "Ponorogo"}), nil, lwWriteB, ofB},
	{"DELETE", "/luban-workshops/{new}", nil, newWorkshop(inA), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/luban-workshops/{new}", nil, newWorkshop(inB), [6]int{204, 404, 404, 403, 404, 401}, ofB},

	{"GET", "/luban-activities", nil, nil, lwSchool, ofA},
	{"GET", "/luban-activities?workshopId={wsB}", nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofB},
	{"GET", "/luban-activities/{actA}", nil, nil, lwSchool, ofA},
	{"GET", "/luban-activities/{actB}", nil, nil, lwOther, ofB},
	// Another school's workshop does not exist for office A: a 422 on workshopId.
	{"POST", "/luban-activities", newActivity("wsA"), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA},
	{"POST", "/luban-activities", newActivity("wsB"), nil, [6]int{201, 422, 422, 403, 403, 401}, ofB},
	{"PATCH", "/luban-activities/{actA}", body(map[string]any{"title": "汽修培训（第二期）"}), nil, lwWriteA, ofA},
	{"PATCH", "/luban-activities/{actB}", body(map[string]any{"title": "汽修培训（第二期）"}), nil, lwWriteB, ofB},
	{"DELETE", "/luban-activities/{new}", nil, newActivity("wsA"), [6]int{204, 204, 204, 403, 403, 401}, ofA},
	{"DELETE", "/luban-activities/{new}", nil, newActivity("wsB"), [6]int{204, 404, 404, 403, 404, 401}, ofB},
}

// TestLubanScopeMatrix: office A keeps school A's workshops and activities and
// cannot touch school B's; the auditor reads, enterprise users see nothing,
// anonymous callers get 401.
func TestLubanScopeMatrix(t *testing.T) {
	f := newLubanFixture(t)
	f.runMatrix(t, lubanRows)
}

func TestLubanInput(t *testing.T) {
	f := newLubanFixture(t)
	ws := "/api/v1/luban-workshops"
	acts := "/api/v1/luban-activities"
	// A duplicate key is a 409 on the host; hostile and malformed input is
	// refused and writes nothing.
	r := f.refused(t, ws, 409, "conflict", "POST", ws, f.officeA, workshopBody(1))
	if r.fields()["hostInstitutions"] == "" {
		t.Errorf("409 without the field: %s", r.raw)
	}
	f.refused(t, ws, 422, "validation_failed", "POST", ws, f.officeA, map[string]any{"nameZh": "x", "rogue": 1})
	r = f.refused(t, ws, 422, "validation_failed", "POST", ws, f.officeA, map[string]any{"nameZh": map[string]any{"$ne": ""}})
	if r.fields()["nameZh"] == "" {
		t.Errorf("an operator object as a name: %s", r.raw)
	}
	r = f.refused(t, acts, 422, "validation_failed", "POST", acts, f.officeA, map[string]any{"workshopId": f.more["wsA"], "type": "TEACHER_DISPATCH",
		"title": "派出", "startDate": "2026-02-30", "endDate": "2026-03-10", "teachers": []map[string]any{{"staffNo": "NOPE"}}})
	for _, field := range []string{"startDate", "teachers[0].staffNo"} {
		if r.fields()[field] == "" {
			t.Errorf("no error on %s: %s", field, r.raw)
		}
	}
	// Days abroad are computed, not typed.
	r = f.must(201, "POST", acts, f.officeA, map[string]any{"workshopId": f.more["wsA"], "type": "TEACHER_DISPATCH", "title": "派出指导",
		"startDate": "2026-08-20", "endDate": "2026-09-10", "teachers": []map[string]any{{"teacherId": f.teacherA}}})
	if r.body["personDays"] != float64(22) || r.body["persons"] != float64(1) {
		t.Errorf("dispatch = %s", r.raw)
	}
	f.refused(t, acts, 409, "conflict", "POST", acts, f.officeA, map[string]any{"workshopId": f.more["wsA"], "type": "TEACHER_DISPATCH", "title": "重叠",
		"startDate": "2026-09-01", "endDate": "2026-09-02", "teachers": []map[string]any{{"teacherId": f.teacherA}}})
	checkError(t, f.do("GET", ws+"/"+f.more["wsA"]+"/summary", f.officeA, nil), 422, "validation_failed")
	// A workshop with activities stays.
	checkError(t, f.do("DELETE", ws+"/"+f.more["wsA"], f.officeA, nil), 409, "conflict")
}
