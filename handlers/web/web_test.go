package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/handlers/web"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// site is the real app on a fresh database, with a school, a major and one user
// per role (password Passw0rd1), created through the services.
type site struct {
	app *fiber.App
	h   *api.Handler
}

func newSite(t testing.TB) *site {
	t.Helper()
	h := api.NewHandler(storetest.Open(t), time.Now, auth.Config{SessionTTL: time.Hour, BcryptCost: bcrypt.MinCost, AccountFails: 5, IPFails: 50, FailWindow: time.Minute})
	pages, err := web.New(h)
	if err != nil {
		t.Fatal(err)
	}
	app := api.NewApp(h, api.AppOptions{Logger: slog.New(slog.DiscardHandler), BodyLimit: 1 << 20, ErrorHandler: pages.HandleError, Pages: pages.Register})
	ctx := context.Background()
	if _, err := h.Auth.Bootstrap(ctx, "admin", "Passw0rd1"); err != nil {
		t.Fatal(err)
	}
	s := &site{app: app, h: h}
	admin := s.principal(t, "admin", "Passw0rd1")
	str := func(v string) *string { return &v }
	school, err := h.Schools.CreateSchool(admin, models.SchoolFields{Code: str("HX"), Name: str("红星职专"), District: str("红桥区"), Level: str("secondary")})
	if err != nil {
		t.Fatal(err)
	}
	ent, err := h.Enterprises.CreateEnterprise(admin, models.EnterpriseFields{CreditCode: str("9144030071526726XG"), Name: str("示例企业")})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []models.UserFields{
		{Username: str("office"), Role: str("office_admin"), SchoolID: str(school.ID.Hex())},
		{Username: str("ent"), Role: str("enterprise"), EnterpriseID: str(ent.ID.Hex())},
		{Username: str("auditor"), Role: str("auditor"), SchoolIDs: &[]string{school.ID.Hex()}},
	} {
		u.Password = str("Passw0rd1")
		if _, err := h.Auth.CreateUser(admin, u); err != nil {
			t.Fatal(err)
		}
	}
	office := s.principal(t, "office", "Passw0rd1")
	if _, err := h.People.CreateMajor(office, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *site) principal(t testing.TB, user, pw string) context.Context {
	t.Helper()
	res, err := s.h.Auth.Login(context.Background(), user, pw, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.h.Auth.Authenticate(context.Background(), res.Token)
	if err != nil {
		t.Fatal(err)
	}
	return models.WithPrincipal(context.Background(), p)
}

// browser keeps cookies between requests, as a browser does.
type browser struct {
	t       testing.TB
	s       *site
	cookies map[string]string
}

func (s *site) browser(t testing.TB) *browser {
	return &browser{t: t, s: s, cookies: map[string]string{}}
}

func (b *browser) do(method, path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := b.s.app.Test(req, -1)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range res.Cookies() {
		if c.Value == "" || c.Expires.Before(time.Now()) && !c.Expires.IsZero() {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), res.Header
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf fetches path and returns the form token on it.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	_, page, _ := b.do("GET", path, nil)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF field on %s:\n%s", path, page)
	}
	return m[1]
}

func (b *browser) login(user, pw string) (int, string, http.Header) {
	tok := b.csrf("/login")
	return b.do("POST", "/login", url.Values{"_csrf": {tok}, "username": {user}, "password": {pw}})
}

func TestEachRoleLandsOnItsHome(t *testing.T) {
	s := newSite(t)
	tests := []struct{ user, home, heading string }{
		{"admin", "/admin", "系统管理首页"},
		{"office", "/office", "教务处首页"},
		{"ent", "/portal", "企业门户首页"},
		{"auditor", "/audit", "教育局审计首页"},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			b := s.browser(t)
			status, _, hdr := b.login(tt.user, "Passw0rd1")
			if status != fiber.StatusSeeOther || hdr.Get("Location") != tt.home {
				t.Fatalf("login: %d to %q, want 303 to %s", status, hdr.Get("Location"), tt.home)
			}
			status, page, _ := b.do("GET", tt.home, nil)
			if status != 200 || !strings.Contains(page, tt.heading) {
				t.Fatalf("home: %d, heading %q missing", status, tt.heading)
			}
		})
	}
}

func TestLoginMessages(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	status, page, _ := b.login("office", "wrong1234")
	if status != 401 || !strings.Contains(page, "用户名或密码错误") || !strings.Contains(page, `value="office"`) {
		t.Fatalf("wrong password: %d\n%s", status, page)
	}
	status, page, _ = b.login("nobody", "wrong1234")
	if status != 401 || !strings.Contains(page, "用户名或密码错误") {
		t.Fatalf("unknown user: %d", status)
	}
}

func TestSessionCookieIsHttpOnlyLax(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	_, _, hdr := b.login("office", "Passw0rd1")
	c := hdr.Get("Set-Cookie")
	for _, want := range []string{"cj_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(strings.Join(hdr.Values("Set-Cookie"), "\n"), want) {
			t.Fatalf("Set-Cookie %q lacks %s", c, want)
		}
	}
}

func TestFormWithoutCSRFIsRefused(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	form := url.Values{"studentNo": {"S1"}, "name": {"张三"}, "idNumber": {"11010519491231002X"}, "majorCode": {"710201"}, "cohortYear": {"2025"}}
	status, page, _ := b.do("POST", "/students", form)
	if status != 403 || !strings.Contains(page, "表单已过期或来源不明") {
		t.Fatalf("status %d\n%s", status, page)
	}
	form.Set("_csrf", "forged")
	if status, _, _ := b.do("POST", "/students", form); status != 403 {
		t.Fatalf("forged token: status %d", status)
	}
	res, err := s.h.People.FindStudents(s.principal(t, "office", "Passw0rd1"), models.StudentFilter{})
	if err != nil || res.Total != 0 {
		t.Fatalf("students = %d, %v; want nothing written", res.Total, err)
	}
}

func TestCreateStudentThroughTheForm(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	tok := b.csrf("/students/new")
	form := url.Values{"_csrf": {tok}, "studentNo": {"S2025001"}, "name": {"张三丰"}, "idNumber": {"110105194912310021"},
		"majorCode": {"710201"}, "className": {"计应1班"}, "cohortYear": {"2025"}, "status": {"enrolled"}}
	status, page, _ := b.do("POST", "/students", form)
	if status != 422 || !strings.Contains(page, "身份证号校验位不正确") || !strings.Contains(page, `value="张三丰"`) {
		t.Fatalf("wrong check character: %d\n%s", status, page)
	}
	form.Set("idNumber", "11010519491231002X")
	status, _, hdr := b.do("POST", "/students", form)
	if status != fiber.StatusSeeOther {
		t.Fatalf("fixed: status %d", status)
	}
	_, page, _ = b.do("GET", hdr.Get("Location"), nil)
	if !strings.Contains(page, "已新增学生 张三丰") || !strings.Contains(page, "1949-12-31") {
		t.Fatalf("detail page:\n%s", page)
	}
	_, page, _ = b.do("GET", "/students?q=张三", nil)
	if !strings.Contains(page, "S2025001") || !strings.Contains(page, "11010519491231002X") {
		t.Fatalf("list:\n%s", page)
	}
}

func TestRolesOutsideTheirPages(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("ent", "Passw0rd1")
	if status, page, _ := b.do("GET", "/office", nil); status != 403 || !strings.Contains(page, "无权访问") {
		t.Fatalf("enterprise on /office: %d", status)
	}
	b = s.browser(t)
	b.login("auditor", "Passw0rd1")
	if status, _, _ := b.do("GET", "/students/new", nil); status != 403 {
		t.Fatalf("auditor on the student form: %d", status)
	}
	anon := s.browser(t)
	if status, _, hdr := anon.do("GET", "/students", nil); status != 302 || hdr.Get("Location") != "/login" {
		t.Fatalf("anonymous: %d %s", status, hdr.Get("Location"))
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	tok := b.csrf("/office")
	saved := b.cookies["cj_session"]
	if status, _, _ := b.do("POST", "/logout", url.Values{"_csrf": {tok}}); status != fiber.StatusSeeOther {
		t.Fatalf("logout: %d", status)
	}
	b.cookies["cj_session"] = saved // a stolen copy of the cookie no longer works
	if status, _, hdr := b.do("GET", "/office", nil); status != 302 || hdr.Get("Location") != "/login" {
		t.Fatalf("after logout: %d %s", status, hdr.Get("Location"))
	}
}
