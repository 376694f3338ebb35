package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// adminPassword is the bootstrapped system admin's password; every fixture user
// gets userPassword.
const (
	adminPassword = "Admin12345"
	userPassword  = "Passw0rd123"
)

// env is one test's application on a fresh database, with the admin logged in.
type env struct {
	t     *testing.T
	h     *api.Handler
	app   *fiber.App
	admin string // the system admin's token
	// wait, when set, fails a request that takes longer (default: no limit).
	wait time.Duration
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := storetest.Open(t)
	h := api.NewHandler(s, time.Now, auth.Config{
		SessionTTL: time.Hour, BcryptCost: bcrypt.MinCost,
		AccountFails: 5, IPFails: 50, FailWindow: time.Minute,
	})
	app := api.NewApp(h, api.AppOptions{Logger: slog.New(slog.DiscardHandler), BodyLimit: 1 << 20})
	if _, err := h.Auth.Bootstrap(context.Background(), "admin", adminPassword); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, h: h, app: app}
	e.admin = e.login("admin", adminPassword)
	return e
}

// resp is a decoded answer.
type resp struct {
	status int
	raw    string
	body   map[string]any
}

// do sends a request. body is sent as is when it is a string, else as JSON; nil
// sends none.
func (e *env) do(method, path, token string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	wait := -1
	if e.wait > 0 {
		wait = int(e.wait.Milliseconds())
	}
	res, err := e.app.Test(req, wait)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := resp{status: res.StatusCode, raw: string(raw)}
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return r
}

// must sends a request that has to answer want, and returns the answer.
func (e *env) must(want int, method, path, token string, body any) resp {
	e.t.Helper()
	r := e.do(method, path, token, body)
	if r.status != want {
		e.t.Fatalf("%s %s: got status %d, want %d: %s", method, path, r.status, want, short(r.raw))
	}
	return r
}

// login returns a token for username.
func (e *env) login(username, password string) string {
	e.t.Helper()
	r := e.must(200, "POST", "/api/v1/auth/login", "", map[string]any{"username": username, "password": password})
	return r.str("token")
}

// str returns a top-level string field of the answer.
func (r resp) str(key string) string { s, _ := r.body[key].(string); return s }

// id is the record id of a created or fetched record.
func (r resp) id() string { return r.str("id") }

// total is a list answer's total.
func (r resp) total() int { n, _ := r.body["total"].(float64); return int(n) }

// items are a list answer's records.
func (r resp) items() []map[string]any {
	raw, _ := r.body["items"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, it := range raw {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}

// errCode is error.code of an error answer.
func (r resp) errCode() string {
	d, _ := r.body["error"].(map[string]any)
	s, _ := d["code"].(string)
	return s
}

// fields is error.fields of an error answer.
func (r resp) fields() map[string]string {
	d, _ := r.body["error"].(map[string]any)
	f, _ := d["fields"].(map[string]any)
	out := map[string]string{}
	for k, v := range f {
		out[k], _ = v.(string)
	}
	return out
}

// checkError asserts the one error shape: status, code and a Chinese message.
func checkError(t *testing.T, r resp, status int, code string) {
	t.Helper()
	if got, want := r.status, status; got != want {
		t.Fatalf("got status %d, want %d: %s", got, want, short(r.raw))
	}
	if got, want := r.errCode(), code; got != want {
		t.Errorf("got error.code %q, want %q: %s", got, want, r.raw)
	}
	d, _ := r.body["error"].(map[string]any)
	if msg, _ := d["message"].(string); !hasHan(msg) {
		t.Errorf("got error.message %q, want a Chinese message", msg)
	}
}

// checkFields asserts that error.fields names exactly want, each with a Chinese message.
func checkFields(t *testing.T, r resp, want ...string) {
	t.Helper()
	got := r.fields()
	for _, f := range want {
		if msg, ok := got[f]; !ok {
			t.Errorf("error.fields lacks %q: %s", f, r.raw)
		} else if !hasHan(msg) {
			t.Errorf("error.fields[%q] = %q, want a Chinese message", f, msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got error.fields %v, want exactly %v", got, want)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// idNumber completes a 17-digit prefix with its check character.
func idNumber(first17 string) string { return first17 + string(models.IDNumberCheckChar(first17)) }

// creditCode completes a 17-character prefix with its check character.
func creditCode(first17 string) string { return first17 + string(models.CreditCodeCheckChar(first17)) }

// Identifiers the fixture uses.
var (
	creditE1   = "9144030071526726XG"
	creditE2   = creditCode("91110000MA01ABCD1")
	idStudentA = "11010519491231002X"
	idStudentB = idNumber("11010820050315123")
	idTeacherA = idNumber("11010219800101301")
	idTeacherB = idNumber("31010419790612452")
	idPartTime = idNumber("44030519850720671")
)

// fixture is two schools with their office users, majors, students and teachers,
// two enterprises with their users, an auditor of school A and a part-time teacher
// of school A employed by E1, all made through the API.
type fixture struct {
	*env
	schoolA, schoolB             string
	e1, e2                       string
	officeA, staffA, entE1, audA string // tokens
	officeB, staffB, entE2       string // tokens
	staffAUser, officeBUser      string // user ids
	entE1User                    string // user id
	majorA, majorB               string
	studentA, studentB           string
	teacherA, teacherB           string
	partTimeA                    string
	seq                          int // numbers fresh records
	// more are the ids of the fixture's records by the name matrix rows use
	// in paths ("programmeA" for {programmeA}); of says whose each is, so
	// that checkAnswer knows who must never see it.
	more map[string]string
	of   map[string]whose
}

// keep names id for matrix paths ({name}) and says whose record it is; it
// returns id.
func (f *fixture) keep(name string, on whose, id string) string {
	f.more[name], f.of[name] = id, on
	return id
}

// next returns a number no earlier call returned, for unique natural keys.
func (f *fixture) next() int { f.seq++; return f.seq }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{env: newEnv(t), more: map[string]string{}, of: map[string]whose{}}
	f.schoolA = f.keep("schoolA", ofA, f.create(f.admin, "/api/v1/schools", map[string]any{"code": "S001", "name": "第一职业学校", "district": "海淀区", "level": "secondary"}))
	f.schoolB = f.keep("schoolB", ofB, f.create(f.admin, "/api/v1/schools", map[string]any{"code": "S002", "name": "第二职业学校", "district": "朝阳区", "level": "secondary"}))
	f.e1 = f.keep("e1", ofE1, f.create(f.admin, "/api/v1/enterprises", map[string]any{"creditCode": creditE1, "name": "甲科技有限公司", "industry": "信息技术"}))
	f.e2 = f.keep("e2", ofE2, f.create(f.admin, "/api/v1/enterprises", map[string]any{"creditCode": creditE2, "name": "乙制造有限公司", "industry": "制造业"}))
	f.makeUsers()
	f.majorA = f.keep("majorA", ofA, f.create(f.officeA, "/api/v1/majors", majorBody("710201")))
	f.majorB = f.keep("majorB", ofB, f.create(f.officeB, "/api/v1/majors", majorBody("710201")))
	f.studentA = f.keep("studentA", ofA, f.create(f.officeA, "/api/v1/students", studentBody("A001", idStudentA)))
	f.studentB = f.keep("studentB", ofB, f.create(f.officeB, "/api/v1/students", studentBody("B001", idStudentB)))
	f.teacherA = f.keep("teacherA", ofA, f.create(f.officeA, "/api/v1/teachers", teacherBody("TA01", idTeacherA)))
	f.teacherB = f.keep("teacherB", ofB, f.create(f.officeB, "/api/v1/teachers", teacherBody("TB01", idTeacherB)))
	pt := teacherBody("TA02", idPartTime)
	pt["employment"], pt["employerEnterpriseId"] = "enterprise_part_time", f.e1
	f.partTimeA = f.keep("partTimeA", ofA|ofE1, f.create(f.officeA, "/api/v1/teachers", pt))
	return f
}

func (f *fixture) makeUsers() {
	user := func(name, role string, scope map[string]any) (id, token string) {
		body := map[string]any{"username": name, "password": userPassword, "displayName": name, "role": role}
		for k, v := range scope {
			body[k] = v
		}
		return f.create(f.admin, "/api/v1/users", body), f.login(name, userPassword)
	}
	_, f.officeA = user("office_a", "office_admin", map[string]any{"schoolId": f.schoolA})
	f.staffAUser, f.staffA = user("staff_a", "office_staff", map[string]any{"schoolId": f.schoolA})
	f.officeBUser, f.officeB = user("office_b", "office_admin", map[string]any{"schoolId": f.schoolB})
	_, f.staffB = user("staff_b", "office_staff", map[string]any{"schoolId": f.schoolB})
	f.entE1User, f.entE1 = user("ent_e1", "enterprise", map[string]any{"enterpriseId": f.e1})
	var entE2User string
	entE2User, f.entE2 = user("ent_e2", "enterprise", map[string]any{"enterpriseId": f.e2})
	audAUser, audA := user("auditor_a", "auditor", map[string]any{"schoolIds": []string{f.schoolA}})
	f.audA = audA
	f.keep("audAUser", ofA, audAUser)
	f.keep("staffAUser", ofA, f.staffAUser)
	f.keep("officeBUser", ofB, f.officeBUser)
	f.keep("entE1User", ofE1, f.entE1User)
	f.keep("entE2User", ofE2, entE2User)
}

// create POSTs body as token, requires 201 and returns the new id.
func (e *env) create(token, path string, body map[string]any) string {
	e.t.Helper()
	return e.must(201, "POST", path, token, body).id()
}

// version returns a record's current version, read as the admin.
func (e *env) version(path string) float64 {
	e.t.Helper()
	v, _ := e.must(200, "GET", path, e.admin, nil).body["version"].(float64)
	return v
}

// auditTotal is the number of audit log entries.
func (e *env) auditTotal() int {
	e.t.Helper()
	return e.listTotal("/api/v1/audit-log?pageSize=1")
}

// short cuts a long answer for a failure message.
func short(s string) string {
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}

// listTotal is the total of a list read as the admin.
func (e *env) listTotal(path string) int {
	e.t.Helper()
	return e.must(200, "GET", path, e.admin, nil).total()
}

func majorBody(code string) map[string]any {
	return map[string]any{"code": code, "name": "计算机应用", "level": "secondary"}
}

func studentBody(no, id string) map[string]any {
	return map[string]any{"studentNo": no, "name": "张三", "idNumber": id, "majorCode": "710201",
		"className": "计算机1班", "cohortYear": 2024, "status": "enrolled"}
}

func teacherBody(no, id string) map[string]any {
	return map[string]any{"staffNo": no, "name": "李老师", "idNumber": id, "courseType": "professional",
		"employment": "full_time", "hireDate": "2020-09-01"}
}
