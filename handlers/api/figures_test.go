package api_test

import (
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestFiguresInput(t *testing.T) {
	f := newCertFixture(t)
	report, records := "/api/v1/figures", "/api/v1/figures/x_sat_times/records"
	tests := []struct {
		name, query string
		fields      []string
	}{
		{"no year", "", []string{"year"}},
		{"year not a number", "?year=2025-2026", []string{"year"}},
		{"year out of range", "?year=1999", []string{"year"}},
	}
	for _, tt := range tests {
		t.Run("ErrValidation "+tt.name, func(t *testing.T) {
			for _, path := range []string{report, records} {
				r := f.do("GET", path+tt.query, f.officeA, nil)
				checkError(t, r, 422, "validation_failed")
				checkFields(t, r, tt.fields...)
			}
		})
	}
	t.Run("ErrValidation paging", func(t *testing.T) {
		r := f.do("GET", records+"?page=0&pageSize=201", f.officeA, nil)
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "year", "page", "pageSize")
	})
	year := fmt.Sprintf("?year=%d", f.year)
	t.Run("ErrBadRequest schoolId", func(t *testing.T) {
		checkError(t, f.do("GET", report+year+"&schoolId=nope", f.admin, nil), 400, "bad_request")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		checkError(t, f.do("GET", "/api/v1/figures/no_such_figure/records"+year, f.officeA, nil), 404, "not_found")
		checkError(t, f.do("GET", records+year+"&part=nope", f.officeA, nil), 404, "not_found")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		checkError(t, f.do("GET", report+year, f.entE1, nil), 403, "forbidden")
		checkError(t, f.do("GET", records+year, f.entE1, nil), 403, "forbidden")
		checkError(t, f.do("GET", report+year+"&schoolId="+f.schoolB, f.officeA, nil), 403, "forbidden")
	})
	t.Run("OK every indicator", func(t *testing.T) {
		r := f.must(200, "GET", report+year, f.officeA, nil)
		var got []string
		for _, it := range r.body["figures"].([]any) {
			got = append(got, it.(map[string]any)["id"].(string))
		}
		var want []string
		for _, ind := range f.h.Figures.Registry().Indicators() {
			want = append(want, ind.ID)
		}
		if !equal(got, want) {
			t.Errorf("got figures %v, want %v", got, want)
		}
		if r.body["year"] != float64(f.year) || r.body["yearLabel"] != fmt.Sprintf("%d—%d学年", f.year, f.year+1) {
			t.Errorf("got year %v %v", r.body["year"], r.body["yearLabel"])
		}
		if ids, _ := r.body["schoolIds"].([]any); len(ids) != 1 || ids[0] != f.schoolA {
			t.Errorf("got schoolIds %v, want [%s]", r.body["schoolIds"], f.schoolA)
		}
	})
	t.Run("OK another year is empty", func(t *testing.T) {
		r := f.must(200, "GET", fmt.Sprintf("%s?year=%d", records, f.year-1), f.officeA, nil)
		if r.total() != 0 || len(r.items()) != 0 {
			t.Errorf("got %s, want no records", short(r.raw))
		}
	})
}

func TestCertLists(t *testing.T) {
	f := newCertFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{fmt.Sprintf("/batches?year=%d", f.year), []string{f.batchA}},
		{fmt.Sprintf("/batches?year=%d", f.year-1), nil},
		{"/batches?entryId=" + f.entry, []string{f.batchA}},
		{"/batches?sort=-date&q=第一批", []string{f.batchA}},
		{fmt.Sprintf("/pilots?schoolYear=%d&entryId=%s", f.year, f.entry), []string{f.pilotA}},
		{fmt.Sprintf("/pilots?schoolYear=%d", f.year+1), nil},
		{fmt.Sprintf("/trainings?year=%d&teacherId=%s", f.year, f.teacherA), []string{f.trainingA}},
		{"/trainings?teacherId=" + f.teacherB, nil},
		{"/cert-entries?type=x_cert&status=active&q=Web前端&sort=name", []string{f.entry}},
		{"/cert-entries?type=skill", nil},
	}
	for _, tt := range tests {
		t.Run("OK "+tt.query, func(t *testing.T) {
			if got := ids(f.must(200, "GET", "/api/v1"+tt.query, f.officeA, nil)); !equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	for query, field := range map[string]string{
		"/batches?year=2025年": "year", "/pilots?schoolYear=0": "schoolYear", "/trainings?year=x": "year",
		"/batches?sort=site": "sort", "/cert-entries?pageSize=500": "pageSize",
	} {
		t.Run("ErrValidation "+query, func(t *testing.T) {
			r := f.do("GET", "/api/v1"+query, f.officeA, nil)
			checkError(t, r, 422, "validation_failed")
			checkFields(t, r, field)
		})
	}
	t.Run("ErrBadRequest", func(t *testing.T) {
		checkError(t, f.do("GET", "/api/v1/batches?entryId=nope", f.officeA, nil), 400, "bad_request")
		checkError(t, f.do("GET", "/api/v1/trainings?teacherId=nope", f.officeA, nil), 400, "bad_request")
	})
}

func TestCandidateInput(t *testing.T) {
	f := newCertFixture(t)
	batch := "/api/v1/batches/" + f.batchA
	cands := batch + "/candidates/"
	t.Run("ErrBadRequest ids", func(t *testing.T) {
		checkError(t, f.do("POST", "/api/v1/batches/nope/candidates", f.officeA, map[string]any{"version": 1}), 400, "bad_request")
		checkError(t, f.do("DELETE", cands+"nope?version=1", f.officeA, nil), 400, "bad_request")
		checkError(t, f.do("PUT", cands+"nope/result", f.officeA, map[string]any{"version": 1, "result": "pass"}), 400, "bad_request")
	})
	t.Run("ErrNotFound candidate", func(t *testing.T) {
		unknown := bson.NewObjectID().Hex()
		checkError(t, f.do("DELETE", cands+unknown+fmt.Sprintf("?version=%v", f.version(batch)), f.officeA, nil), 404, "not_found")
		checkError(t, f.do("PUT", cands+unknown+"/result", f.officeA, map[string]any{"version": f.version(batch), "result": "fail"}), 404, "not_found")
	})
	t.Run("ErrValidation version", func(t *testing.T) {
		for _, path := range []string{cands + f.candidateA, cands + f.candidateA + "?version=abc", cands + f.candidateA + "?version=0"} {
			r := f.do("DELETE", path, f.officeA, nil)
			checkError(t, r, 422, "validation_failed")
			checkFields(t, r, "version")
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		v := f.version(batch)
		checkError(t, f.do("DELETE", cands+f.candidateA+fmt.Sprintf("?version=%v", v-1), f.officeA, nil), 409, "stale_version")
		checkError(t, f.do("DELETE", cands+f.candidateA, f.officeA, map[string]any{"version": v - 1}), 409, "stale_version")
	})
	t.Run("ErrValidation unknown fields", func(t *testing.T) {
		v := f.version(batch)
		r := f.do("POST", batch+"/candidates", f.officeA, map[string]any{"version": v, "student": f.studentA})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "student", "studentId", "registeredAt") // today is after the assessment date
		r = f.do("PUT", cands+f.candidateA+"/result", f.officeA, map[string]any{"version": v, "result": "pass", "score": 90})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "score")
		r = f.do("DELETE", cands+f.candidateA, f.officeA, map[string]any{"version": v, "force": true})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "force")
		if got := f.version(batch); got != v {
			t.Errorf("refused requests changed the batch: version %v, want %v", got, v)
		}
	})
	t.Run("OK unregister", func(t *testing.T) {
		for _, byQuery := range []bool{true, false} {
			st := f.create(f.officeA, "/api/v1/students", newStudent(inA)(f.fixture, f.next()))
			cand := f.register(f.officeA, f.batchA, st)
			v := f.version(batch)
			path, body := cands+cand, any(map[string]any{"version": v})
			if byQuery {
				path, body = path+fmt.Sprintf("?version=%v", v), nil
			}
			r := f.must(200, "DELETE", path, f.officeA, body)
			for _, c := range candidates(r) {
				if c["id"] == cand {
					t.Errorf("candidate %s still registered", cand)
				}
			}
			if r.body["version"] != v+1 {
				t.Errorf("got version %v, want %v", r.body["version"], v+1)
			}
		}
	})
	t.Run("ErrConflict unregister with a result", func(t *testing.T) {
		f.must(200, "PUT", cands+f.candidateA+"/result", f.officeA, map[string]any{"version": f.version(batch), "result": "fail"})
		r := f.do("DELETE", cands+f.candidateA+fmt.Sprintf("?version=%v", f.version(batch)), f.officeA, nil)
		checkError(t, r, 409, "conflict")
		checkFields(t, r, "result")
	})
}
