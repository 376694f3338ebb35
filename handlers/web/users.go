package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

var roles = []option{
	{string(models.RoleOfficeAdmin), "教务处管理员"}, {string(models.RoleOfficeStaff), "教务处工作人员"},
	{string(models.RoleEnterprise), "企业用户"}, {string(models.RoleAuditor), "教育局审计人员"},
	{string(models.RoleSystemAdmin), "系统管理员"},
}

var userStates = []option{{"false", "启用"}, {"true", "已停用"}}

// users: the system admin manages every account, an office admin the office
// accounts of its school. Passwords change only by reset, shown once.
func (w *Handler) users() *resource[models.User, models.UserFields, models.UserFilter] {
	return &resource[models.User, models.UserFields, models.UserFilter]{
		path: "/users", noun: "用户",
		search:  "用户名或显示名称",
		filters: []formField{{Name: "role", Label: "角色", Options: roles}, {Name: "disabled", Label: "状态", Options: userStates}},
		sorts:   []option{{"username", "用户名"}, {"displayName", "显示名称"}, {"role", "角色"}, {"-createdAt", "最近创建"}},
		columns: []string{"用户名", "显示名称", "角色", "状态"},
		filter: func(lp models.ListParams, q map[string]string) models.UserFilter {
			return models.UserFilter{ListParams: lp, Role: q["role"], Disabled: q["disabled"]}
		},
		find: w.Auth.FindUsers,
		row: func(u *models.User) (string, []string) {
			return "/users/" + u.ID.Hex(), []string{u.Username, u.DisplayName, labelOf(roles, string(u.Role)), userState(u)}
		},
		get:   w.Auth.FindUserByID,
		about: func(u *models.User) (bson.ObjectID, string, int64) { return u.ID, u.Username, u.Version },
		detail: func(u *models.User) []pair {
			return append([]pair{{"用户名", u.Username}, {"显示名称", u.DisplayName}, {"角色", labelOf(roles, string(u.Role))},
				{"状态", userState(u)}, {"密码修改时间", u.PasswordAt.In(models.China).Format("2006-01-02 15:04")}}, stamp(&u.Meta)...)
		},
		more: w.userScopeNames,
		form: w.userForm,
		read: func(v map[string]string) (models.UserFields, map[string]string) {
			f := models.UserFields{Version: version(v), Username: text(v, "username"), Password: text(v, "password"),
				DisplayName: text(v, "displayName"), Role: text(v, "role"), SchoolID: text(v, "schoolId"), EnterpriseID: text(v, "enterpriseId")}
			if s, ok := v["schoolIds"]; ok {
				ids := []string{}
				if s != "" {
					ids = strings.Split(s, ",")
				}
				f.SchoolIDs = &ids
			}
			return f, map[string]string{}
		},
		values: func(u *models.User) map[string]string {
			v := map[string]string{"username": u.Username, "displayName": u.DisplayName, "role": string(u.Role)}
			if !u.SchoolID.IsZero() {
				v["schoolId"] = u.SchoolID.Hex()
			}
			if !u.EnterpriseID.IsZero() {
				v["enterpriseId"] = u.EnterpriseID.Hex()
			}
			ids := make([]string, len(u.SchoolIDs))
			for i, id := range u.SchoolIDs {
				ids[i] = id.Hex()
			}
			v["schoolIds"] = strings.Join(ids, ",")
			return v
		},
		defaults: map[string]string{"role": string(models.RoleOfficeStaff)},
		create:   w.Auth.CreateUser,
		update:   w.Auth.UpdateUser,
		mayWrite: func(p *models.Principal, _ *models.User) bool {
			return p.Role == models.RoleSystemAdmin || p.Role == models.RoleOfficeAdmin
		},
		actions: func(p *models.Principal, u *models.User) []action {
			base := "/users/" + u.ID.Hex()
			acts := []action{{Label: "重置密码", Href: base + "/reset-password"}}
			if u.ID == p.UserID {
				return acts
			}
			if u.Disabled {
				return append(acts, action{Label: "启用账号", Href: base + "/enable"})
			}
			return append(acts, action{Label: "停用账号", Href: base + "/disable", Danger: true})
		},
	}
}

func userState(u *models.User) string {
	if u.Disabled {
		return "已停用"
	}
	return "启用"
}

// userForm offers the roles the caller may give and, for the system admin, the
// scope fields of every role (the service keeps only the one the role needs).
func (w *Handler) userForm(c *fiber.Ctx, u *models.User) ([]formField, error) {
	p, _ := models.PrincipalFrom(c.UserContext())
	fields := []formField{
		{Name: "username", Label: "用户名", Required: true, Hint: "3至32位字母、数字、下划线、点或连字符"},
		{Name: "displayName", Label: "显示名称"},
	}
	if u == nil {
		fields = append(fields, formField{Name: "password", Label: "初始密码", Required: true, Type: "password", Hint: "8至72位，须同时包含字母和数字"})
	}
	if p.Role == models.RoleOfficeAdmin {
		return append(fields, formField{Name: "role", Label: "角色", Required: true, Options: roles[:2]}), nil
	}
	schools, err := w.schoolOptions(c)
	if err != nil {
		return nil, err
	}
	enterprises, err := w.enterpriseOptions(c, "不适用")
	if err != nil {
		return nil, err
	}
	return append(fields,
		formField{Name: "role", Label: "角色", Required: true, Options: roles},
		formField{Name: "schoolId", Label: "所属学校（教务处用户）", Options: append([]option{{"", "不适用"}}, schools...)},
		formField{Name: "schoolIds", Label: "可查看的学校（审计用户）", Options: schools, Multiple: true, Hint: "按住Ctrl（Mac为Command）可选多所"},
		formField{Name: "enterpriseId", Label: "所属企业（企业用户）", Options: enterprises},
	), nil
}

// userScopeNames names the school, schools or enterprise an account is tied to.
func (w *Handler) userScopeNames(c *fiber.Ctx, u *models.User) ([]pair, error) {
	ctx := c.UserContext()
	var out []pair
	if !u.SchoolID.IsZero() {
		s, err := w.Schools.FindSchoolByID(ctx, u.SchoolID)
		if err != nil {
			return nil, err
		}
		out = append(out, pair{"所属学校", s.Name})
	}
	if len(u.SchoolIDs) > 0 {
		var names []string
		for _, id := range u.SchoolIDs {
			s, err := w.Schools.FindSchoolByID(ctx, id)
			if err != nil {
				return nil, err
			}
			names = append(names, s.Name)
		}
		out = append(out, pair{"可查看的学校", strings.Join(names, "、")})
	}
	if !u.EnterpriseID.IsZero() {
		e, err := w.Enterprises.FindEnterpriseByID(ctx, u.EnterpriseID)
		if err != nil {
			return nil, err
		}
		out = append(out, pair{"所属企业", e.Name})
	}
	return out, nil
}

// registerUsers adds the account actions beside the user pages.
func (w *Handler) registerUsers(r fiber.Router) {
	r.Post("/users/:id/disable", w.csrf, w.setDisabled(true))
	r.Post("/users/:id/enable", w.csrf, w.setDisabled(false))
	r.Post("/users/:id/reset-password", w.csrf, w.resetPassword)
}

func (w *Handler) setDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := models.ParseID(c.Params("id"))
		if err != nil {
			return err
		}
		u, err := w.Auth.SetDisabled(c.UserContext(), id, disabled)
		if err != nil {
			return err
		}
		if disabled {
			flash(c, "已停用账号 "+u.Username+"，其登录会话已失效")
		} else {
			flash(c, "已启用账号 "+u.Username)
		}
		return c.Redirect("/users/"+id.Hex(), fiber.StatusSeeOther)
	}
}

// resetPassword generates a new password and shows it once, on this response
// only; it is never put in a cookie or a URL.
func (w *Handler) resetPassword(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	pw, err := w.Auth.ResetPassword(c.UserContext(), id, "")
	if err != nil {
		return err
	}
	u, err := w.Auth.FindUserByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return w.render(c, fiber.StatusOK, "password", View{Title: "重置密码：" + u.Username,
		Data: map[string]string{"Username": u.Username, "Password": pw, "Back": "/users/" + id.Hex()}})
}
