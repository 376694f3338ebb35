package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// cohortFixture is placementFixture with, in each school, an apprenticeship
// programme with E1 for major 710201 and the school's fixture student's
// contract in it, and an order class at E1 with that student as a member (by
// 学号).
type cohortFixture struct {
	*placementFixture
}

func newCohortFixture(t *testing.T) *cohortFixture {
	t.Helper()
	f := &cohortFixture{newPlacementFixture(t)}
	for _, s := range []struct {
		name, school, token, student, studentNo string
		on                                      whose
	}{{"A", f.schoolA, f.officeA, f.studentA, "A001", ofA | ofE1}, {"B", f.schoolB, f.officeB, f.studentB, "B001", ofB | ofE1}} {
		pr := f.keep("programme"+s.name, s.on, f.create(s.token, "/api/v1/apprenticeship-programmes", f.programmeBody(s.school, "710201")))
		f.keep("contract"+s.name, s.on, f.create(s.token, "/api/v1/apprenticeship-contracts", f.contractBody(s.school, pr, s.student, f.next())))
		f.keep("class"+s.name, s.on, f.create(s.token, "/api/v1/order-classes", f.classBody(s.school, "710201", s.studentNo)))
	}
	return f
}

// programmeBody is a programme of school with E1 for major, cohort 2024,
// running from the week before the placements start to after they end.
func (f *cohortFixture) programmeBody(school, major string) map[string]any {
	return map[string]any{"schoolId": school, "name": "数控技术现代学徒制", "enterpriseIds": []string{f.e1}, "majorCode": major,
		"cohortYear": 2024, "startDate": f.dates.signed, "endDate": f.dates.insuredTo, "schoolLead": "周主任"}
}

// contractBody is student's contract in programme at E1, signed before the
// placements start; n makes its number unique.
func (f *cohortFixture) contractBody(school, programme, student string, n int) map[string]any {
	return map[string]any{"schoolId": school, "programmeId": programme, "studentId": student, "enterpriseId": f.e1,
		"signedAt": f.dates.signed, "startDate": f.dates.signed, "endDate": f.dates.insuredTo, "post": "数控车工",
		"masterName": "王师傅", "wageFen": 200000, "doc": fmt.Sprintf("XT-%d", n), "status": "active"}
}

// classBody is an order class of school at E1 for major, cohort 2024, whose
// members (by 学号) joined when the agreement was signed.
func (f *cohortFixture) classBody(school, major string, studentNos ...string) map[string]any {
	members := []map[string]any{}
	for _, no := range studentNos {
		members = append(members, map[string]any{"studentNo": no, "joinedAt": f.dates.signed})
	}
	return map[string]any{"schoolId": school, "name": "甲科技订单班", "enterpriseId": f.e1, "majorCode": major, "cohortYear": 2024,
		"agreementDoc": "DD-2024-01", "agreementSignedAt": f.dates.signed, "members": members}
}

// rows are the cohorts' matrix: read by the admin, school A's office and A's
// auditor, written by the admin and A's office in A only, never by enterprise
// users; school B's records are 404 to A.
func (f *cohortFixture) rows() []scopeRow {
	inSchool := func(s func(*fixture) string, body func(school string, n int) map[string]any) func(*fixture, int) map[string]any {
		return func(fx *fixture, n int) map[string]any { return body(s(fx), n) }
	}
	programme := func(school string, n int) map[string]any { return f.programmeBody(school, fmt.Sprintf("72%04d", n)) }
	contract := func(school string, n int) map[string]any {
		st := f.create(f.admin, "/api/v1/students", newStudent(func(*fixture) string { return school })(f.fixture, n))
		pr := f.more["programmeA"]
		if school == f.schoolB {
			pr = f.more["programmeB"]
		}
		return f.contractBody(school, pr, st, n)
	}
	class := func(school string, n int) map[string]any { return f.classBody(school, fmt.Sprintf("72%04d", n)) }
	var rows []scopeRow
	for _, r := range []struct {
		path, a, b string
		body       func(string, int) map[string]any
		edit       func(*fixture, int) map[string]any
	}{
		{"/apprenticeship-programmes", "{programmeA}", "{programmeB}", programme, set("enterpriseLead", "钱经理")},
		{"/apprenticeship-contracts", "{contractA}", "{contractB}", contract, set("insurancePolicyNo", "XB-2025-1")},
		{"/order-classes", "{classA}", "{classB}", class, set("employmentCommitment", "考核合格者优先录用")},
	} {
		rows = append(rows,
			scopeRow{"GET", r.path, nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofA | ofE1},
			scopeRow{"GET", r.path + "?schoolId={schoolB}", nil, nil, [6]int{200, 403, 403, 403, 403, 401}, ofB | ofE1},
			scopeRow{"GET", r.path + "/" + r.a, nil, nil, [6]int{200, 200, 200, 403, 200, 401}, ofA | ofE1},
			scopeRow{"GET", r.path + "/" + r.b, nil, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},
			scopeRow{"POST", r.path, inSchool(inA, r.body), nil, [6]int{201, 201, 201, 403, 403, 401}, ofA | ofE1},
			scopeRow{"POST", r.path, inSchool(inB, r.body), nil, [6]int{201, 403, 403, 403, 403, 401}, ofB | ofE1},
			scopeRow{"PATCH", r.path + "/" + r.a, r.edit, nil, [6]int{200, 200, 200, 403, 403, 401}, ofA | ofE1},
			scopeRow{"PATCH", r.path + "/" + r.b, r.edit, nil, [6]int{200, 404, 404, 403, 404, 401}, ofB | ofE1},
			scopeRow{"DELETE", r.path + "/{new}", nil, inSchool(inA, r.body), [6]int{204, 204, 204, 403, 403, 401}, ofA | ofE1},
			scopeRow{"DELETE", r.path + "/{new}", nil, inSchool(inB, r.body), [6]int{204, 404, 404, 403, 404, 401}, ofB | ofE1},
		)
	}
	return rows
}

func TestCohortScopeMatrix(t *testing.T) {
	f := newCohortFixture(t)
	f.runMatrix(t, f.rows())
}

// TestCohortFlow: an apprentice's company period is a placement naming the
// programme, refused for a student without a contract; an order class's
// member's is a placement naming the class; neither the programme nor the
// class can be deleted while a placement names it; bad input names every
// failing field.
func TestCohortFlow(t *testing.T) {
	f := newCohortFixture(t)
	apprentice, member, outsider := f.newStudentIn(f.schoolA), f.newStudentIn(f.schoolA), f.newStudentIn(f.schoolA)
	programme := f.more["programmeA"]
	contract := f.create(f.staffA, "/api/v1/apprenticeship-contracts", f.contractBody("", programme, apprentice, f.next()))
	placement := func(student, context, id string) map[string]any {
		b := f.placementBody(f.schoolA, student, f.e1, f.next())
		b["context"], b["contextId"] = context, id
		return b
	}

	f.create(f.staffA, "/api/v1/placements", placement(apprentice, "apprenticeship", programme))
	r := f.do("POST", "/api/v1/placements", f.staffA, placement(outsider, "apprenticeship", programme))
	checkError(t, r, 422, "validation_failed")
	checkFields(t, r, "contextId")
	if msg := r.fields()["contextId"]; !strings.Contains(msg, "没有学徒合同") {
		t.Errorf("got contextId %q, want it to say the student has no contract", msg)
	}

	memberNo := f.must(200, "GET", "/api/v1/students/"+member, f.admin, nil).str("studentNo")
	class := f.create(f.officeA, "/api/v1/order-classes", f.classBody("", "710202", memberNo))
	r = f.must(200, "GET", "/api/v1/order-classes/"+class, f.staffA, nil)
	if m, _ := r.body["members"].([]any); len(m) != 1 || m[0].(map[string]any)["studentId"] != member {
		t.Fatalf("got members %v, want the student named by 学号 %s", r.body["members"], memberNo)
	}
	f.create(f.staffA, "/api/v1/placements", placement(member, "order_class", class))

	t.Run("ErrConflict delete while a placement names it", func(t *testing.T) {
		// the apprentice's contract holds the placement; another apprentice's does not
		f.must(204, "DELETE", "/api/v1/apprenticeship-contracts/"+f.more["contractA"], f.officeA, nil)
		for _, path := range []string{"/api/v1/apprenticeship-contracts/" + contract, "/api/v1/apprenticeship-programmes/" + programme, "/api/v1/order-classes/" + class} {
			r := f.do("DELETE", path, f.officeA, nil)
			checkError(t, r, 409, "conflict")
			if msg := r.fields()["id"]; !strings.Contains(msg, "实习") && !strings.Contains(msg, "学徒合同") {
				t.Errorf("DELETE %s: got %q, want it to name what uses it", path, msg)
			}
			f.must(200, "GET", path, f.officeA, nil)
		}
	})
	t.Run("ErrValidation every failing field", func(t *testing.T) {
		before := f.auditTotal()
		r := f.do("POST", "/api/v1/apprenticeship-programmes", f.officeA, map[string]any{"name": "", "enterpriseIds": []string{},
			"majorCode": "12", "cohortYear": 1990, "startDate": "2025-13-01", "endDate": ""})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "name", "enterpriseIds", "majorCode", "cohortYear", "startDate", "endDate")

		body := f.contractBody("", programme, f.studentB, f.next())
		body["signedAt"], body["masterName"], body["masterPhone"], body["doc"], body["status"] = f.dates.end, "", "123", "", "terminated"
		r = f.do("POST", "/api/v1/apprenticeship-contracts", f.officeA, body)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "studentId", "signedAt", "masterName", "masterPhone", "doc", "terminationReason", "terminatedAt")

		body = f.classBody("", "710203", "A999", memberNo)
		body["name"] = ""
		body["members"].([]map[string]any)[1]["joinedAt"] = "2000-01-01"
		body["hires"] = []map[string]any{{"studentId": outsider, "hiredAt": ""}}
		r = f.do("POST", "/api/v1/order-classes", f.officeA, body)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "name", "members[0].studentNo", "members[1].joinedAt", "hires[0].hiredAt", "hires[0].studentId")
		if after := f.auditTotal(); after != before {
			t.Errorf("refused input wrote %d audit entries", after-before)
		}
	})
}
