package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// Shell is a role's page frame: its name and navigation.
type Shell struct {
	Name string
	User string
	Nav  []NavItem
}

// NavItem is one navigation link.
type NavItem struct {
	Label, Href string
	On          bool
}

// homes maps each role to its home page.
var homes = map[models.Role]string{
	models.RoleSystemAdmin: "/admin", models.RoleOfficeAdmin: "/office", models.RoleOfficeStaff: "/office",
	models.RoleEnterprise: "/portal", models.RoleAuditor: "/audit",
}

func shellFor(p *models.Principal, path string) *Shell {
	records := []NavItem{{Label: "专业", Href: "/majors"}, {Label: "学生", Href: "/students"},
		{Label: "教师", Href: "/teachers"}, {Label: "企业", Href: "/enterprises"}}
	placements, ruleSets := NavItem{Label: "实习", Href: "/placements"}, NavItem{Label: "规则参数", Href: "/rule-sets"}
	// the students trained with enterprises, whose company periods are placements
	cohorts := []NavItem{{Label: "学徒制项目", Href: "/apprenticeship-programmes"}, {Label: "学徒合同", Href: "/apprenticeship-contracts"},
		{Label: "订单班", Href: "/order-classes"}}
	certs := []NavItem{{Label: "证书目录", Href: "/cert-entries"}, {Label: "试点", Href: "/pilots"},
		{Label: "考核批次", Href: "/batches"}, {Label: "师资培训", Href: "/trainings"}}
	practice := []NavItem{{Label: "企业实践", Href: "/teacher-practices"}, {Label: "双师型认定", Href: "/dual-recognitions"},
		{Label: "企业实践预警", Href: "/practice-warnings"}}
	// the school's Luban Workshops abroad; enterprise users have no part in them
	workshops := []NavItem{{Label: "鲁班工坊", Href: "/luban-workshops"}, {Label: "工坊活动", Href: "/luban-activities"}}
	figures, dashboard := NavItem{Label: "指标", Href: "/figures"}, NavItem{Label: "数据看板", Href: "/dashboard"}
	// the annual report and its signed-off snapshots, what the bureau audits
	reports := []NavItem{{Label: "年度报告", Href: "/report"}, {Label: "年报快照", Href: "/snapshots"}}
	var s Shell
	switch {
	case p.Role.IsOffice():
		s = Shell{Name: "教务处", Nav: append(append([]NavItem{{Label: "首页", Href: "/office"}}, records...), placements)}
		s.Nav = append(s.Nav, cohorts...)
		s.Nav = append(append(append(append(s.Nav, certs...), practice...), workshops...), figures, dashboard)
		s.Nav = append(append(s.Nav, reports...), NavItem{Label: "Excel导入", Href: "/imports"})
		if p.Role == models.RoleOfficeAdmin {
			s.Nav = append(s.Nav, ruleSets, NavItem{Label: "用户", Href: "/users"}, NavItem{Label: "审计日志", Href: "/audit-log"})
		}
	case p.Role == models.RoleSystemAdmin:
		s = Shell{Name: "系统管理", Nav: []NavItem{{Label: "首页", Href: "/admin"}, {Label: "学校", Href: "/schools"}, {Label: "用户", Href: "/users"}}}
		s.Nav = append(append(s.Nav, records...), certs[0], workshops[0], ruleSets, figures, dashboard, reports[0], reports[1], NavItem{Label: "Excel导入", Href: "/imports"}, NavItem{Label: "审计日志", Href: "/audit-log"})
	case p.Role == models.RoleEnterprise:
		s = Shell{Name: "企业门户", Nav: []NavItem{{Label: "企业首页", Href: "/portal"}, {Label: "实习学生", Href: "/placements"},
			{Label: "教师企业实践", Href: "/teacher-practices"}, {Label: "企业信息", Href: "/enterprises/" + p.EnterpriseID.Hex()}}}
	case p.Role == models.RoleAuditor:
		s = Shell{Name: "教育局审计", Nav: append(append([]NavItem{{Label: "首页", Href: "/audit"}, {Label: "学校", Href: "/schools"}}, records...), placements)}
		s.Nav = append(append(append(append(append(s.Nav, cohorts...), practice...), workshops...), figures, dashboard), reports...)
	}
	s.User = p.Username
	for i := range s.Nav {
		s.Nav[i].On = path == s.Nav[i].Href || strings.HasPrefix(path, s.Nav[i].Href+"/")
	}
	return &s
}

type loginView struct {
	Username, Error string
}

func (w *Handler) loginPage(c *fiber.Ctx) error {
	if p, err := models.PrincipalFrom(c.UserContext()); err == nil {
		return c.Redirect(homes[p.Role])
	}
	return w.render(c, fiber.StatusOK, "login", View{Title: "登录", Data: loginView{}})
}

// login opens the same kind of server-side session an API login does and keeps
// its token in an HttpOnly cookie.
func (w *Handler) login(c *fiber.Ctx) error {
	username := strings.TrimSpace(c.FormValue("username"))
	res, err := w.Auth.Login(c.UserContext(), username, c.FormValue("password"), c.IP())
	if err != nil {
		status, d := loginError(err)
		if status == fiber.StatusInternalServerError {
			return err
		}
		return w.render(c, status, "login", View{Title: "登录", Data: loginView{Username: username, Error: d}})
	}
	setCookie(c, sessionCookie, res.Token, time.Until(res.ExpiresAt))
	clearCookie(c, csrfCookie)
	return c.Redirect(homes[res.User.Role], fiber.StatusSeeOther)
}

func loginError(err error) (int, string) {
	switch {
	case errors.Is(err, models.ErrBadCredentials):
		return fiber.StatusUnauthorized, err.Error()
	case errors.Is(err, models.ErrAccountDisabled):
		return fiber.StatusForbidden, err.Error()
	case errors.Is(err, models.ErrTooManyAttempts):
		return fiber.StatusTooManyRequests, err.Error()
	}
	return fiber.StatusInternalServerError, ""
}

func (w *Handler) logout(c *fiber.Ctx) error {
	if _, err := models.PrincipalFrom(c.UserContext()); err == nil {
		if err := w.Auth.Logout(c.UserContext()); err != nil {
			return err
		}
	}
	clearCookie(c, sessionCookie)
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// home sends each role to its own home page.
func (w *Handler) home(c *fiber.Ctx) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	return c.Redirect(homes[p.Role])
}

type count struct {
	Label, Href string
	N           int64
}

type homeView struct {
	Counts     []count
	Enterprise *models.Enterprise // the portal's own enterprise
	Figures    string             // the statistical year's figures, for the roles that read them
}

// roleHome renders the home page of role, refusing other roles (403 page).
func (w *Handler) roleHome(title string, roles ...models.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p, _ := models.PrincipalFrom(c.UserContext())
		allowed := false
		for _, r := range roles {
			allowed = allowed || p.Role == r
		}
		if !allowed {
			return models.ErrForbidden
		}
		v, err := w.homeCounts(c, p)
		if err != nil {
			return err
		}
		return w.render(c, fiber.StatusOK, "home", View{Title: title, Data: v})
	}
}

func (w *Handler) homeCounts(c *fiber.Ctx, p *models.Principal) (homeView, error) {
	ctx := c.UserContext()
	one := models.ListParams{PageSize: 1}
	var v homeView
	if p.Role == models.RoleEnterprise {
		e, err := w.Enterprises.FindEnterpriseByID(ctx, p.EnterpriseID)
		if err != nil {
			return v, err
		}
		v.Enterprise = e
		return v, nil
	}
	counts := []struct {
		label, href string
		find        func() (int64, error)
	}{
		{"专业", "/majors", func() (int64, error) {
			r, err := w.People.FindMajors(ctx, models.MajorFilter{ListParams: one})
			return r.Total, err
		}},
		{"学生", "/students", func() (int64, error) {
			r, err := w.People.FindStudents(ctx, models.StudentFilter{ListParams: one})
			return r.Total, err
		}},
		{"教师", "/teachers", func() (int64, error) {
			r, err := w.People.FindTeachers(ctx, models.TeacherFilter{ListParams: one})
			return r.Total, err
		}},
		{"合作企业", "/enterprises", func() (int64, error) {
			r, err := w.Enterprises.FindEnterprises(ctx, models.EnterpriseFilter{ListParams: one})
			return r.Total, err
		}},
	}
	for _, k := range counts {
		n, err := k.find()
		if err != nil {
			return v, err
		}
		v.Counts = append(v.Counts, count{k.label, k.href, n})
	}
	v.Figures = models.StatYear{Start: w.auditYear()}.Label()
	return v, nil
}
