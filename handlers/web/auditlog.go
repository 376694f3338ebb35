package web

import (
	"fmt"
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

var (
	auditEntities = []option{{"school", "学校"}, {"user", "用户"}, {"session", "登录会话"}, {"major", "专业"},
		{"student", "学生"}, {"teacher", "教师"}, {"enterprise", "企业"}}
	auditActions = []option{{models.ActionCreate, "新增"}, {models.ActionUpdate, "修改"}, {models.ActionDelete, "删除"},
		{models.ActionLogin, "登录"}, {models.ActionLogout, "退出登录"}, {models.ActionResetPassword, "重置密码"}}
)

// auditLog is read-only: the system admin sees every entry, an office admin its
// school's. ID numbers are already masked in the entries themselves.
func (w *Handler) auditLog() *resource[models.AuditEntry, struct{}, models.AuditFilter] {
	return &resource[models.AuditEntry, struct{}, models.AuditFilter]{
		path: "/audit-log", noun: "审计日志",
		search: "操作人、对象或操作",
		filters: []formField{{Name: "entity", Label: "对象", Options: auditEntities}, {Name: "action", Label: "操作", Options: auditActions},
			{Name: "from", Label: "起始日期", Type: "date"}, {Name: "to", Label: "截止日期", Type: "date"}},
		sorts:   []option{{"-at", "时间（新到旧）"}, {"at", "时间（旧到新）"}},
		columns: []string{"时间", "操作人", "角色", "对象", "操作", "变更内容"},
		filter: func(lp models.ListParams, q map[string]string) models.AuditFilter {
			return models.AuditFilter{ListParams: lp, Entity: q["entity"], Action: q["action"], From: q["from"], To: q["to"]}
		},
		find: w.Audit.FindEntries,
		row: func(e *models.AuditEntry) (string, []string) {
			return "", []string{e.At.In(models.China).Format("2006-01-02 15:04:05"), e.ActorName, labelOf(roles, string(e.ActorRole)),
				labelOf(auditEntities, e.Entity), labelOf(auditActions, e.Action), changeSummary(e.Changes)}
		},
		mayWrite: func(*models.Principal, *models.AuditEntry) bool { return false },
	}
}

// changeSummary shows each changed field as "field：before → after".
func changeSummary(changes []models.Change) string {
	var b strings.Builder
	for i, ch := range changes {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%s：%s → %s", ch.Field, show(ch.Before), show(ch.After))
	}
	return b.String()
}

func show(v any) string {
	if v == nil {
		return "（空）"
	}
	return fmt.Sprint(v)
}
