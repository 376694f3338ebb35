// Package web serves the pages: server-rendered Chinese templates and static assets
// embedded in the binary, three shells by role, login with a session cookie backed
// by the same server-side sessions as API tokens, and CSRF checks on every form.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/sheets"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages lists every page template; boot fails if one is missing or broken.
var pages = []string{"login", "error", "home", "list", "detail", "form", "imports", "preview", "imported", "password",
	"batch", "figures", "figure_records", "placements", "placement", "placement_form", "portal_placements", "portal_placement",
	"rulesets", "ruleset", "ruleset_form", "practice", "portal_practices", "practice_warnings", "teacher", "luban_workshop", "dashboard"}

// Handler renders the pages over the same services as the API.
type Handler struct {
	*api.Handler
	Sheets   *sheets.Service
	Previews *sheets.Previews
	tmpl     map[string]*template.Template
	now      func() time.Time // today's date for defaults (registration date, statistical year)
}

// New parses every template once.
func New(h *api.Handler) (*Handler, error) {
	w := &Handler{Handler: h, Sheets: sheets.New(h.People, h.Enterprises, h.Schools, h.Certs, h.Placements, h.Luban),
		Previews: sheets.NewPreviews(h.Store, time.Now), tmpl: map[string]*template.Template{}, now: time.Now}
	w.Sheets.Metrics = h.Metrics
	for _, p := range pages {
		t, err := template.New(p).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts*.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", p, err)
		}
		w.tmpl[p] = t
	}
	return w, nil
}

// Register mounts the pages and static files on app.
func (w *Handler) Register(app *fiber.App) {
	static, _ := fs.Sub(staticFS, "static")
	vendor, _ := fs.Sub(staticFS, "static/vendor")
	// Vendored libraries are large and change only with an upgrade; pages
	// link them with a hash of their content (vendorURL), so they can be
	// kept for a year.
	app.Use("/static/vendor", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		return c.Next()
	}, filesystem.New(filesystem.Config{Root: http.FS(vendor)}))
	app.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 3600}))

	app.Use(w.session)
	app.Get("/login", w.loginPage)
	app.Post("/login", w.csrf, w.login)
	app.Post("/logout", w.csrf, w.logout)

	pages := app.Group("", w.requireLogin)
	pages.Get("/", w.home)
	pages.Get("/office", w.roleHome("教务处首页", models.RoleOfficeAdmin, models.RoleOfficeStaff))
	pages.Get("/admin", w.roleHome("系统管理首页", models.RoleSystemAdmin))
	pages.Get("/portal", w.roleHome("企业门户首页", models.RoleEnterprise))
	pages.Get("/audit", w.roleHome("教育局审计首页", models.RoleAuditor))
	mount(w, pages, w.schools())
	mount(w, pages, w.majors())
	mount(w, pages, w.students())
	mount(w, pages, w.teachers())
	mount(w, pages, w.enterprises())
	mount(w, pages, w.users())
	mount(w, pages, w.auditLog())
	mount(w, pages, w.certEntries())
	mount(w, pages, w.pilots())
	mount(w, pages, w.trainings())
	mount(w, pages, w.programmes())
	mount(w, pages, w.contracts())
	mount(w, pages, w.orderClasses())
	w.registerBatches(pages)
	w.registerFigures(pages)
	w.registerDashboard(pages)
	w.registerUsers(pages)
	w.registerImports(pages)
	w.registerPlacements(pages)
	w.registerPractices(pages)
	w.registerLubanSummary(pages) // before any /luban-workshops/:id page: see registerLubanSummary
	mount(w, pages, w.recognitions())
	w.registerPracticeWarnings(pages)
	mount(w, pages, w.workshops())
	mount(w, pages, w.activities())
	w.registerReport(pages)
}

// View is what every page template receives.
type View struct {
	Title string
	Shell *Shell
	CSRF  string
	Flash string
	Data  any
	Bare  bool // a page meant for paper: no navigation shell
}

// render writes page name with status.
func (w *Handler) render(c *fiber.Ctx, status int, name string, v View) error {
	v.CSRF = csrfToken(c)
	if v.Shell == nil && !v.Bare {
		if p, err := models.PrincipalFrom(c.UserContext()); err == nil {
			v.Shell = shellFor(p, c.Path())
		}
	}
	if v.Flash == "" {
		v.Flash = takeFlash(c)
	}
	var buf bytes.Buffer
	if err := w.tmpl[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(buf.Bytes())
}

// HandleError renders an error page for page requests and the JSON shape for the
// API; it replaces the API's ErrorHandler on the shared app.
func (w *Handler) HandleError(c *fiber.Ctx, err error) error {
	if isAPI(c.Path()) {
		return api.HandleError(c, err)
	}
	if errors.Is(err, models.ErrUnauthorized) {
		return c.Redirect("/login")
	}
	status, d := api.Classify(err)
	api.LogFailure(c, status, "page failed", err)
	title := map[int]string{403: "无权访问", 404: "页面不存在", 503: "服务暂时不可用"}[status]
	if title == "" {
		title = "出错了"
	}
	return w.render(c, status, "error", View{Title: title, Data: map[string]string{"Message": d.Message}})
}

func isAPI(path string) bool {
	return len(path) >= 5 && path[:5] == "/api/" || path == "/healthz" || path == "/readyz"
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
	"min": func(a, b int) int { return min(a, b) },
	// unbroken reports whether a table cell is short enough to keep on one
	// line (a date, a code, a 学号 and name), so that it does not wrap at a
	// hyphen or inside a name.
	"unbroken": unbroken,
	// has reports whether the comma-separated list holds v (a multiple select).
	"has": func(list, v string) bool { return slices.Contains(strings.Split(list, ","), v) },
	// statusLabel names a Luban Workshop status.
	"statusLabel": luban.StatusLabel,
	// vendor is the URL of a vendored file (a path under static/vendor).
	"vendor": vendorURL,
}

// vendorHashes are the first hex digits of each vendored file's SHA-256, by
// path under static/vendor, read once from the embedded files.
var vendorHashes = func() map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(staticFS, "static/vendor", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(path, "static/vendor/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}()

// vendorURL is the URL of a vendored file with its content hash, so that a new
// copy is fetched at once although browsers keep the old one for a year. A
// file not vendored is an error, and the page fails to render.
func vendorURL(path string) (string, error) {
	h, ok := vendorHashes[path]
	if !ok {
		return "", fmt.Errorf("web: no vendored file %s", path)
	}
	return "/static/vendor/" + path + "?v=" + h, nil
}

// unbroken reports whether s is at most 20 columns wide, a Chinese character
// counting two.
func unbroken(s string) bool {
	width := 0
	for _, r := range s {
		width++
		if r > unicode.MaxLatin1 {
			width++
		}
	}
	return s != "" && width <= 20
}
