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
		name := ch.Field
		if zh, ok := fieldNames[name]; ok {
			name = zh
		}
		fmt.Fprintf(&b, "%s：%s → %s", name, show(ch.Field, ch.Before), show(ch.Field, ch.After))
	}
	return b.String()
}

// fieldNames are the Chinese names of stored fields, as the forms label them.
var fieldNames = map[string]string{
	"studentNo": "学号", "staffNo": "工号", "name": "名称", "idNumber": "身份证号", "sex": "性别", "birthDate": "出生日期",
	"majorCode": "专业代码", "className": "班级", "cohortYear": "入学年份", "status": "状态", "courseType": "课程类别",
	"employment": "用工形式", "employerEnterpriseId": "所在企业", "hireDate": "入职日期", "enterpriseExperienceMonths": "入职前企业经历（月）",
	"creditCode": "统一社会信用代码", "industry": "所属行业", "size": "企业规模", "address": "地址", "onPostStaff": "在岗职工人数",
	"onPostStaffAsOf": "统计日期", "contactName": "联系人", "contactPhone": "联系电话", "code": "代码", "district": "所属区县",
	"level": "层次", "username": "用户名", "displayName": "显示名称", "role": "角色", "schoolId": "学校", "schoolIds": "可查看的学校",
	"enterpriseId": "所属企业", "disabled": "停用", "version": "版本",
}

// fieldLabels turn stored enum values back into the words the pages use.
var fieldLabels = map[string][]option{
	"status": studentStatuses, "sex": sexes, "courseType": courseTypes, "employment": employments,
	"size": enterpriseSizes, "role": roles, "level": append(append([]option{}, majorLevels...), schoolLevels...),
}

func show(field string, v any) string {
	if v == nil || v == "" {
		return "（空）"
	}
	s := fmt.Sprint(v)
	if opts, ok := fieldLabels[field]; ok {
		return labelOf(opts, s)
	}
	return s
}
