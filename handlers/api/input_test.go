package api_test

import (
	"net/url"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// refused runs a write that must be refused with status and code, and checks that
// it wrote nothing: the audit log and the list at list hold as many entries as before.
func (f *fixture) refused(t *testing.T, list string, status int, code, method, path, token string, body any) resp {
	t.Helper()
	audit, total := f.auditTotal(), f.listTotal(list)
	r := f.do(method, path, token, body)
	checkError(t, r, status, code)
	if got := f.auditTotal(); got != audit {
		t.Errorf("%s %s: audit log went from %d to %d entries", method, path, audit, got)
	}
	if got := f.listTotal(list); got != total {
		t.Errorf("%s %s: %s went from %d to %d records", method, path, list, total, got)
	}
	return r
}

// student is a valid new student of school A with the given changes.
func student(changes map[string]any) map[string]any {
	b := studentBody("A100", idNumber("11010520060101123"))
	for k, v := range changes {
		b[k] = v
	}
	return b
}

const students = "/api/v1/students"

func TestMalformedInput(t *testing.T) {
	f := newFixture(t)
	for name, body := range map[string]string{
		"truncated": `{"name":`, "array": `[]`, "string": `"张三"`, "empty": ``, "text": `name=张三`,
	} {
		t.Run("ErrBadRequest "+name, func(t *testing.T) {
			f.refused(t, students, 400, "bad_request", "POST", students, f.officeA, body)
			f.refused(t, students, 400, "bad_request", "PATCH", students+"/"+f.studentA, f.officeA, body)
		})
	}
	// Only PATCH takes a body (a delete refuses one: TestNoBody).
	body := func(method string) any {
		if method == "PATCH" {
			return map[string]any{"version": 1}
		}
		return nil
	}
	t.Run("ErrBadRequest id", func(t *testing.T) {
		for _, method := range []string{"GET", "PATCH", "DELETE"} {
			f.refused(t, students, 400, "bad_request", method, students+"/not-an-id", f.officeA, body(method))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		path := students + "/" + bson.NewObjectID().Hex()
		for _, method := range []string{"GET", "PATCH", "DELETE"} {
			f.refused(t, students, 404, "not_found", method, path, f.officeA, body(method))
			f.refused(t, students, 404, "not_found", method, path, f.admin, body(method))
		}
	})
	t.Run("ErrBadRequest null", func(t *testing.T) {
		f.refused(t, students, 400, "bad_request", "POST", students, f.officeA, "null")
		f.refused(t, students, 400, "bad_request", "PATCH", students+"/"+f.studentA, f.officeA, " null ")
	})
}

// TestNoBody: a route that takes no body (a delete, disabling a user, logging
// out, re-checking a placement) refuses one rather than ignore what the client
// meant by it; no body or {} is fine.
func TestNoBody(t *testing.T) {
	f := newFixture(t)
	del := students + "/" + f.create(f.officeA, students, student(nil))
	for name, body := range map[string]any{"version": map[string]any{"version": 1}, "operator": `{"$set": {}}`, "malformed": `{"`, "null": "null"} {
		t.Run("ErrBadRequest "+name, func(t *testing.T) {
			f.refused(t, students, 400, "bad_request", "DELETE", del, f.officeA, body)
			checkError(t, f.do("POST", "/api/v1/users/"+f.staffAUser+"/disable", f.admin, body), 400, "bad_request")
			checkError(t, f.do("POST", "/api/v1/auth/logout", f.staffA, body), 400, "bad_request")
		})
	}
	f.must(200, "GET", "/api/v1/auth/me", f.staffA, nil)
	f.must(204, "DELETE", del, f.officeA, "{}")
	f.must(204, "POST", "/api/v1/auth/logout", f.staffA, " ")
}

// TestNestedFields: bind names unknown fields inside objects and lists, keys
// of free-form objects that start with $, and text with control characters,
// each by its path; nothing is written.
func TestNestedFields(t *testing.T) {
	f := newFixture(t)
	body := student(map[string]any{"name": "张三\x00", "className": "1班\x1b[2J"})
	r := f.refused(t, students, 422, "validation_failed", "POST", students, f.officeA, body)
	checkFields(t, r, "name", "className")
	if got := r.fields()["name"]; got != "含有不可见的控制字符，请删除后重新提交" {
		t.Errorf("name: %q", got)
	}
	const rules = "/api/v1/rule-sets"
	r = f.refused(t, rules, 422, "validation_failed", "POST", rules, f.admin, map[string]any{"version": "2031.1", "effectiveFrom": "2031-01-01",
		"source": "多行\n说明\t可以", "params": map[string]any{"$set": 1, "minorProhibitedPosts": []any{"高处作业", "夜\u0085班"}}})
	checkFields(t, r, "params.$set", "params.minorProhibitedPosts[1]")
	const ws = "/api/v1/luban-workshops"
	w := workshopBody(9)
	w["chineseInstitutions"] = []map[string]any{{"name": "第一职业学校", "role": "LEAD", "isThisSchool": true, "$where": "1"}}
	r = f.refused(t, ws, 422, "validation_failed", "POST", ws, f.officeA, w)
	checkFields(t, r, "chineseInstitutions[0].$where")
}

func TestStudentValidation(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{"several fields", student(map[string]any{"name": "", "idNumber": "110105194912310021", "majorCode": "810201"}),
			[]string{"name", "idNumber", "majorCode"}},
		{"impossible birth date", student(map[string]any{"idNumber": "110105194902310026"}), []string{"idNumber"}},
		{"15-digit ID number", student(map[string]any{"idNumber": "110105491231002"}), []string{"idNumber"}},
		{"major not offered", student(map[string]any{"majorCode": "710202"}), []string{"majorCode"}},
		{"cohort year", student(map[string]any{"cohortYear": 1999}), []string{"cohortYear"}},
		{"status", student(map[string]any{"status": "expelled"}), []string{"status"}},
		{"read-only sex", student(map[string]any{"sex": "male"}), []string{"sex"}},
		{"read-only birth date", student(map[string]any{"birthDate": "2006-01-01"}), []string{"birthDate"}},
		{"system fields", student(map[string]any{"id": bson.NewObjectID().Hex(), "createdAt": "2024-01-01"}), []string{"id", "createdAt"}},
		{"wrong types", student(map[string]any{"cohortYear": "2024", "name": 7}), []string{"cohortYear", "name"}},
		{"empty object", map[string]any{}, []string{"studentNo", "name", "idNumber", "majorCode", "cohortYear"}},
		// Every failing field is named, also when one of them is read-only.
		{"read-only sex and empty name", student(map[string]any{"sex": "male", "name": ""}), []string{"sex", "name"}},
	}
	for _, tt := range tests {
		t.Run("ErrValidation "+tt.name, func(t *testing.T) {
			r := f.refused(t, students, 422, "validation_failed", "POST", students, f.officeA, tt.body)
			checkFields(t, r, tt.fields...)
		})
	}
	t.Run("ErrValidation update", func(t *testing.T) {
		path := students + "/" + f.studentA
		body := map[string]any{"version": f.version(path), "idNumber": "110105194912310021", "sex": "male"}
		r := f.refused(t, students, 422, "validation_failed", "PATCH", path, f.officeA, body)
		checkFields(t, r, "idNumber", "sex")
	})
	t.Run("ErrValidation version", func(t *testing.T) {
		r := f.refused(t, students, 422, "validation_failed", "PATCH", students+"/"+f.studentA, f.officeA, map[string]any{"className": "2班"})
		checkFields(t, r, "version")
	})
	t.Run("ErrValidation major", func(t *testing.T) {
		r := f.refused(t, "/api/v1/majors", 422, "validation_failed", "POST", "/api/v1/majors", f.officeA, majorBody("810201"))
		checkFields(t, r, "code")
	})
}

func TestDuplicates(t *testing.T) {
	f := newFixture(t)
	other := f.create(f.officeA, students, student(nil))
	t.Run("ErrConflict create", func(t *testing.T) {
		r := f.refused(t, students, 409, "conflict", "POST", students, f.officeA, student(map[string]any{"studentNo": "A001"}))
		checkFields(t, r, "studentNo")
		r = f.refused(t, students, 409, "conflict", "POST", students, f.officeA, student(map[string]any{"studentNo": "A101", "idNumber": idStudentA}))
		checkFields(t, r, "idNumber")
	})
	t.Run("ErrConflict update", func(t *testing.T) {
		path := students + "/" + other
		body := map[string]any{"version": f.version(path), "studentNo": "A001"}
		r := f.refused(t, students, 409, "conflict", "PATCH", path, f.officeA, body)
		checkFields(t, r, "studentNo")
	})
	t.Run("OK other school", func(t *testing.T) {
		// 学号 is unique within a school only.
		f.create(f.officeB, students, studentBody("A001", idNumber("11010520060101456")))
	})
	t.Run("ErrConflict credit code", func(t *testing.T) {
		const list = "/api/v1/enterprises"
		for _, code := range []string{creditE1, "9144030071526726xg", " " + creditE1 + " "} {
			r := f.refused(t, list, 409, "conflict", "POST", list, f.officeA, map[string]any{"creditCode": code, "name": "重复企业有限公司"})
			checkFields(t, r, "creditCode")
		}
		path := list + "/" + f.e2
		r := f.refused(t, list, 409, "conflict", "PATCH", path, f.admin, map[string]any{"version": f.version(path), "creditCode": creditE1})
		checkFields(t, r, "creditCode")
	})
	t.Run("ErrValidation credit code", func(t *testing.T) {
		const list = "/api/v1/enterprises"
		r := f.refused(t, list, 422, "validation_failed", "POST", list, f.officeA, map[string]any{"creditCode": "9144030071526726XA", "name": "校验位错误有限公司"})
		checkFields(t, r, "creditCode")
	})
}

func TestStaleVersion(t *testing.T) {
	f := newFixture(t)
	path := students + "/" + f.studentA
	v := f.version(path)
	f.must(200, "PATCH", path, f.officeA, map[string]any{"version": v, "className": "计算机2班"})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		for _, old := range []float64{v, v + 5} {
			r := f.refused(t, students, 409, "stale_version", "PATCH", path, f.staffA, map[string]any{"version": old, "className": "计算机3班"})
			checkFields(t, r, "version")
		}
		if got, want := f.must(200, "GET", path, f.admin, nil).str("className"), "计算机2班"; got != want {
			t.Errorf("got className %q, want %q", got, want)
		}
	})
}

func TestSearchIsLiteral(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		q    string
		want int
	}{
		{".*", 0}, {`{"$gt":""}`, 0}, {"[", 0}, {"^A", 0}, {"A00", 1}, {"a001", 1}, {"张", 2},
	}
	for _, tt := range tests {
		t.Run("OK "+tt.q, func(t *testing.T) {
			r := f.must(200, "GET", students+"?"+url.Values{"q": {tt.q}}.Encode(), f.admin, nil)
			if got := r.total(); got != tt.want {
				t.Errorf("q=%s: got total %d, want %d", tt.q, got, tt.want)
			}
		})
	}
	t.Run("OK operator as parameter", func(t *testing.T) {
		r := f.must(200, "GET", students+"?className[$ne]=x&status[$gt]=", f.officeA, nil)
		if got, want := r.total(), 1; got != want {
			t.Errorf("got total %d, want %d", got, want)
		}
	})
}

// loginEnv is an application with one school, for the login tests.
type loginEnv struct {
	*env
	school string
}

func newLoginEnv(t *testing.T) *loginEnv {
	e := newEnv(t)
	school := e.create(e.admin, "/api/v1/schools", map[string]any{"code": "S001", "name": "第一职业学校", "district": "海淀区", "level": "secondary"})
	return &loginEnv{env: e, school: school}
}

// user creates an office user and returns its id.
func (e *loginEnv) user(name string) string {
	return e.create(e.admin, "/api/v1/users", map[string]any{"username": name, "password": userPassword, "role": "office_staff", "schoolId": e.school})
}

func (e *env) tryLogin(username, password string) resp {
	return e.do("POST", "/api/v1/auth/login", "", map[string]any{"username": username, "password": password})
}

func TestLogin(t *testing.T) {
	e := newLoginEnv(t)
	e.user("staff1")
	t.Run("OK", func(t *testing.T) {
		r := e.must(200, "GET", "/api/v1/auth/me", e.login("staff1", userPassword), nil)
		if got, want := r.str("username"), "staff1"; got != want {
			t.Errorf("got username %q, want %q", got, want)
		}
		if _, ok := r.body["passwordHash"]; ok {
			t.Errorf("the answer carries the password hash: %s", r.raw)
		}
	})
	t.Run("ErrBadCredentials", func(t *testing.T) {
		unknown, wrong := e.tryLogin("nobody", "Wrong12345"), e.tryLogin("staff1", "Wrong12345")
		checkError(t, unknown, 401, "bad_credentials")
		if unknown.status != wrong.status || unknown.raw != wrong.raw {
			t.Errorf("unknown user: %d %s; wrong password: %d %s", unknown.status, unknown.raw, wrong.status, wrong.raw)
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		r := e.tryLogin("", "")
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "username", "password")
	})
}

func TestLoginLimits(t *testing.T) {
	t.Run("ErrTooManyAttempts account", func(t *testing.T) {
		e := newLoginEnv(t)
		e.user("locked")
		e.user("free")
		for _, name := range []string{"locked", "ghost"} {
			for i := 0; i < 5; i++ {
				checkError(t, e.tryLogin(name, "Wrong12345"), 401, "bad_credentials")
			}
		}
		checkError(t, e.tryLogin("locked", userPassword), 429, "too_many_requests")
		checkError(t, e.tryLogin("LOCKED", userPassword), 429, "too_many_requests")
		checkError(t, e.tryLogin("ghost", "Wrong12345"), 429, "too_many_requests")
		e.login("free", userPassword)
	})
	t.Run("ErrTooManyAttempts address", func(t *testing.T) {
		e := newLoginEnv(t)
		e.user("late")
		for i := 0; i < 50; i++ {
			checkError(t, e.tryLogin("guess"+string(rune('a'+i%26))+string(rune('a'+i/26)), "Wrong12345"), 401, "bad_credentials")
		}
		checkError(t, e.tryLogin("late", userPassword), 429, "too_many_requests")
	})
}

func TestSessions(t *testing.T) {
	e := newLoginEnv(t)
	me := "/api/v1/auth/me"
	t.Run("ErrAccountDisabled", func(t *testing.T) {
		id := e.user("dis")
		token := e.login("dis", userPassword)
		e.must(200, "POST", "/api/v1/users/"+id+"/disable", e.admin, nil)
		checkError(t, e.tryLogin("dis", userPassword), 403, "account_disabled")
		checkError(t, e.tryLogin("dis", "Wrong12345"), 401, "bad_credentials")
		checkError(t, e.do("GET", me, token, nil), 401, "unauthorized")
		e.must(200, "POST", "/api/v1/users/"+id+"/enable", e.admin, nil)
		checkError(t, e.do("GET", me, token, nil), 401, "unauthorized")
		e.must(200, "GET", me, e.login("dis", userPassword), nil)
	})
	t.Run("ErrAccountDisabled by update", func(t *testing.T) {
		id := e.user("dis2")
		token := e.login("dis2", userPassword)
		path := "/api/v1/users/" + id
		e.must(200, "PATCH", path, e.admin, map[string]any{"version": e.version(path), "disabled": true})
		checkError(t, e.do("GET", me, token, nil), 401, "unauthorized")
		checkError(t, e.tryLogin("dis2", userPassword), 403, "account_disabled")
	})
	t.Run("Logout", func(t *testing.T) {
		e.user("out")
		token, other := e.login("out", userPassword), e.login("out", userPassword)
		e.must(204, "POST", "/api/v1/auth/logout", token, nil)
		checkError(t, e.do("GET", me, token, nil), 401, "unauthorized")
		checkError(t, e.do("POST", "/api/v1/auth/logout", token, nil), 401, "unauthorized")
		e.must(200, "GET", me, other, nil)
	})
	t.Run("ResetPassword", func(t *testing.T) {
		id := e.user("reset")
		t1, t2 := e.login("reset", userPassword), e.login("reset", userPassword)
		e.must(204, "POST", "/api/v1/users/"+id+"/reset-password", e.admin, map[string]any{"password": "NewPassw0rd9"})
		checkError(t, e.do("GET", me, t1, nil), 401, "unauthorized")
		checkError(t, e.do("GET", me, t2, nil), 401, "unauthorized")
		checkError(t, e.tryLogin("reset", userPassword), 401, "bad_credentials")
		t3 := e.login("reset", "NewPassw0rd9")
		generated := e.must(200, "POST", "/api/v1/users/"+id+"/reset-password", e.admin, nil).str("password")
		checkError(t, e.do("GET", me, t3, nil), 401, "unauthorized")
		e.login("reset", generated)
	})
	t.Run("ErrValidation weak password", func(t *testing.T) {
		id := e.user("weak")
		r := e.do("POST", "/api/v1/users/"+id+"/reset-password", e.admin, map[string]any{"password": "short"})
		checkError(t, r, 422, "validation_failed")
		checkFields(t, r, "password")
		e.login("weak", userPassword)
	})
}
