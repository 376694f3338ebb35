package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
)

// placementView is what placement.html (the office, auditors) and
// portal_placement.html (the enterprise) show.
type placementView struct {
	ID, Title, CSRF        string
	StudentID              string // the enterprise may open the record of a student placed with it
	Version                int64
	Status, Compliance     badge
	CanWrite, CanEdit      bool
	CanDelete, Confirm     bool
	Problem, Verdict, Stop string
	Facts                  []factGroup
	Check                  *checkView
	History                []historyRow
	Activate               *opForm // draft or suspended: the reasons sit beside the findings
	Forms                  []opForm
	Weeks                  *weeksView
	Evaluation             *opForm
}

// factGroup is one part of the record, as labelled values.
type factGroup struct {
	Title string
	Pairs []pair
}

// checkView is the latest check: its findings first, with the reason a Warn
// needs and the error a refused activation left beside each rule.
type checkView struct {
	At, RuleSet, Summary string
	Rows                 []findingRow
}

type findingRow struct {
	RuleID, Title, Severity, SeverityText, Message, Reason, Error string
	Field                                                         *formField // the reason input, on the rule's first Warn row
}

type historyRow struct{ At, RuleSet, Summary string }

// opForm is one of the forms on a placement's page; it posts to
// /placements/{id}/{Name}.
type opForm struct {
	Name, Title, Hint, Button, Action, CSRF string
	Version                                 int64
	Danger, Open                            bool
	Hidden                                  []formField // posted as they are: which part of the record the form is about
	Fields                                  []formField
	Buttons                                 []opButton // several submit buttons (confirm or decline); Button when empty
}

type opButton struct{ Name, Value, Label, Class string }

// placementState is what a refused post leaves on the page: the status, which
// form, its values and its errors.
type placementState struct {
	status       int
	form         string
	values, errs map[string]string
}

func (w *Handler) placementPage(c *fiber.Ctx) error {
	pl, err := w.placementFromPath(c)
	if err != nil {
		return err
	}
	return w.showPlacement(c, pl, placementState{})
}

// pageState hands a refused post's values and errors to the form they
// belong to, and notes which errors found a place on the page.
type pageState struct {
	placementState
	used         map[string]bool
	action, csrf string
	version      int64
	correct      string // the week whose correction form is open (?correct=, or the refused correction's)
}

// err is the error of field name, noted as shown.
func (ps *pageState) err(name string) string {
	if ps.errs[name] != "" {
		ps.used[name] = true
	}
	return ps.errs[name]
}

// ready completes o: where it posts, and the refused post's input and errors
// when it was o that was refused (then it is open).
func (ps *pageState) ready(o opForm) opForm {
	o.Action, o.CSRF, o.Version = ps.action+o.Name+"#"+o.Name, ps.csrf, ps.version
	mine := ps.form == o.Name
	o.Open = o.Open || mine
	for i := range o.Fields {
		f := &o.Fields[i]
		f.ID = o.Name + "-" + f.Name
		if mine {
			f.Value, f.Error = ps.values[f.Name], ps.err(f.Name)
		}
	}
	return o
}

// showPlacement renders a placement's page for the caller: the enterprise's
// portal page, or the office's (read-only for auditors).
func (w *Handler) showPlacement(c *fiber.Ctx, pl *placements.Placement, st placementState) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	v := placementView{ID: pl.ID.Hex(), StudentID: pl.StudentID.Hex(), CSRF: csrfToken(c), Version: pl.Version, Status: statusBadge(pl), Compliance: complianceBadge(pl),
		CanWrite: p.CanWriteSchool(pl.SchoolID), Verdict: verdict(pl), Stop: stopText(pl)}
	ps := &pageState{placementState: st, used: map[string]bool{}, action: "/placements/" + v.ID + "/", csrf: v.CSRF, version: pl.Version,
		correct: c.Query("correct")}
	if st.form == "week-correction" {
		ps.correct = st.values["weekStart"]
	}
	portal := p.Role == models.RoleEnterprise
	v.Check = checkOf(pl, v.CanWrite && activatable(pl), ps)
	for _, chk := range slices.Backward(pl.Checks) {
		if last := pl.LastCheck(); last != nil && chk.ID != last.ID {
			v.History = append(v.History, historyRow{At: when(chk.At), RuleSet: chk.RuleSetVersion, Summary: checkSummary(chk.Findings)})
		}
	}
	if v.CanWrite && activatable(pl) {
		o := ps.ready(opForm{Name: "activate", Title: "启用", Button: "启用实习"})
		if pl.Status == models.PlacementSuspended {
			o.Button = "恢复实习"
		}
		v.Activate = &o
	}
	if v.CanWrite || portal {
		w.placementParts(pl, portal, ps, &v)
	}
	v.Problem = problem(st, ps.used)
	if portal {
		v.Title = "实习：" + pl.Student.Name
		v.Facts = portalFacts(pl)
		return w.render(c, statusOr(st.status), "portal_placement", View{Title: v.Title, Data: v})
	}
	v.CanEdit = v.CanWrite && !ended(pl)
	v.CanDelete = v.CanWrite && pl.Status == models.PlacementDraft
	v.Confirm = v.CanDelete && c.Query("confirm") == "delete"
	v.Title = "实习：" + pl.Student.Name + " · " + pl.EnterpriseName
	facts, err := w.officeFacts(c, pl)
	if err != nil {
		return err
	}
	v.Facts = facts
	return w.render(c, statusOr(st.status), "placement", View{Title: v.Title, Data: v})
}

// placementParts adds the forms of the caller's part: the lifecycle (office)
// or the answer and the mentor (enterprise), then the weeks and the
// evaluation once the placement was activated.
func (w *Handler) placementParts(pl *placements.Placement, portal bool, ps *pageState, v *placementView) {
	for _, o := range w.placementForms(pl, portal) {
		v.Forms = append(v.Forms, ps.ready(o))
	}
	if pl.Status == models.PlacementDraft {
		return
	}
	v.Weeks = w.weeksOf(pl, ps.csrf, !portal, ps)
	o := ps.ready(evaluationForm(pl, portal))
	if ps.form != o.Name {
		o = fillEvaluation(o, pl)
	}
	if pl.Assessment.MentorEvaluation != "" {
		o.Title += "（企业指导人员已评价）"
	}
	v.Evaluation = &o
}

func statusOr(s int) int {
	if s == 0 {
		return fiber.StatusOK
	}
	return s
}

// problem says what no field on the page names, with a word for a stale form.
func problem(st placementState, used map[string]bool) string {
	msgs := unplaced(st, used, "实习已被他人修改：页面已显示最新内容，您填写的内容已保留，请核对后重新提交。")
	if len(msgs) == 0 && len(st.errs) > 0 {
		if st.form == "activate" {
			return "未能启用：请先解决规则检查中的禁止项，并为每条警告填写理由。"
		}
		return "未能办理，请按页面中的提示修改。"
	}
	return strings.Join(msgs, "；")
}

// unplaced lists, sorted, the errors of a refused post that no field on the
// page shows; stale is what to say for a stale version.
func unplaced(st placementState, used map[string]bool, stale string) []string {
	var msgs []string
	for k, msg := range st.errs {
		switch {
		case used[k]:
		case k == "version":
			msgs = append(msgs, stale)
		default:
			msgs = append(msgs, msg)
		}
	}
	slices.Sort(msgs)
	return msgs
}

// activatable: a draft is activated, a suspended placement resumed.
func activatable(pl *placements.Placement) bool {
	return pl.Status == models.PlacementDraft || pl.Status == models.PlacementSuspended
}

// when is a stored time as the pages show it, in China.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(models.China).Format("2006-01-02 15:04")
}

// checkOf shows the latest check; when the placement may be activated, each
// rule's first Warn row gets its reason input, and a refused activation's
// errors go beside their rules.
func checkOf(pl *placements.Placement, activate bool, ps *pageState) *checkView {
	last := pl.LastCheck()
	if last == nil {
		return nil
	}
	cv := &checkView{At: when(last.At), RuleSet: last.RuleSetVersion, Summary: checkSummary(last.Findings)}
	seen := map[string]bool{}
	for _, f := range last.Findings {
		r := findingRowOf(f)
		first := !seen[f.RuleID]
		seen[f.RuleID] = true
		if first && ps.form == "activate" {
			r.Error = beside(ps.err("findings."+f.RuleID), f.Message)
		}
		if first && activate && f.NeedsReason {
			name := "reasons." + f.RuleID
			fl := formField{Name: name, ID: "reason-" + f.RuleID, Label: f.RuleID + " 的理由", Value: f.Reason,
				Hint: "说明为何仍可安排，如已采取的措施；将与启用记录一并保存"}
			if ps.form == "activate" {
				fl.Value, fl.Error = ps.values[name], beside(ps.err(name), f.Message)
			}
			r.Field = &fl
		}
		cv.Rows = append(cv.Rows, r)
	}
	return cv
}

// findingRowOf shows a finding: its rule with the rule's title, the severity
// in words and the message without the rule id it starts with.
func findingRowOf(f models.Finding) findingRow {
	r := findingRow{RuleID: f.RuleID, Severity: f.Severity, SeverityText: severities[f.Severity],
		Message: strings.TrimSpace(strings.TrimPrefix(f.Message, f.RuleID)), Reason: f.Reason}
	if rule, ok := rules.ByID(f.RuleID); ok {
		r.Title = rule.Title
	}
	return r
}

// findingRows shows findings that are not stored (a live check, an import's
// preview).
func findingRows(fs []models.Finding) []findingRow {
	out := make([]findingRow, 0, len(fs))
	for _, f := range fs {
		out = append(out, findingRowOf(f))
	}
	return out
}

// beside shortens a refused activation's error shown beside its finding: the
// service repeats the finding's message after the reason ("存在禁止项，不能生效：
// INT-17 …"), which the row already shows.
func beside(err, message string) string {
	lead, rest, ok := strings.Cut(err, "：")
	if ok && rest == message {
		return lead
	}
	return err
}

// placementForms are the forms the caller may use in the placement's status:
// the office ends, suspends or terminates it; the enterprise answers a
// proposal and names its mentor.
func (w *Handler) placementForms(pl *placements.Placement, portal bool) []opForm {
	rulesOpt := append([]option{{"", "不是因为某条规则"}}, ruleOptions()...)
	var out []opForm
	if portal {
		if pl.Status == models.PlacementDraft {
			title := "确认接收"
			switch pl.UnitResponse.Decision {
			case models.UnitConfirmed:
				title += "（已确认接收；学校启用前仍可改为拒绝）"
			case models.UnitDeclined:
				title += "（已拒绝；学校启用前仍可改为确认）"
			}
			out = append(out, opForm{Name: "respond", Title: title, Open: pl.UnitResponse.Decision == "",
				Hint:   "请核对学生、岗位和实习期间。确认后学校方可启用该实习；拒绝时请说明原因。",
				Fields: []formField{{Name: "note", Label: "说明", Hint: "拒绝时必填"}},
				Buttons: []opButton{{Name: "decision", Value: models.UnitConfirmed, Label: "确认接收"},
					{Name: "decision", Value: models.UnitDeclined, Label: "拒绝", Class: "secondary"}}})
		}
		if !ended(pl) {
			out = append(out, opForm{Name: "mentor", Title: "企业指导人员：" + dash(pl.Mentors.EnterpriseMentorName), Button: "保存指导人员",
				Open: pl.Mentors.EnterpriseMentorName == "",
				Fields: []formField{{Name: "name", Label: "姓名", Required: true, Value: pl.Mentors.EnterpriseMentorName},
					{Name: "phone", Label: "联系电话", Type: "tel", Value: pl.Mentors.EnterpriseMentorPhone, Hint: "11位手机号或带区号的固定电话"}}})
		}
		return out
	}
	switch pl.Status {
	case models.PlacementActive:
		out = append(out,
			opForm{Name: "complete", Title: "结束实习", Button: "结束实习", Hint: "实习按期或提前完成时办理。",
				Fields: []formField{{Name: "actualEndDate", Label: "实际结束日期", Type: "date", Hint: "不填则为计划结束日期（未到则为今天）"}}},
			opForm{Name: "suspend", Title: "暂停实习", Button: "暂停实习", Hint: "发现问题需要核实或整改时暂停；整改后可恢复。",
				Fields: []formField{{Name: "reason", Label: "暂停原因", Required: true}, {Name: "ruleId", Label: "涉及规则", Options: rulesOpt}}})
		fallthrough
	case models.PlacementSuspended:
		out = append(out, opForm{Name: "terminate", Title: "终止实习", Button: "终止实习", Danger: true,
			Hint: "终止后不能恢复；如需继续实习，请重新登记。",
			Fields: []formField{{Name: "reason", Label: "终止原因", Required: true}, {Name: "ruleId", Label: "涉及规则", Options: rulesOpt},
				{Name: "actualEndDate", Label: "实际结束日期", Type: "date", Hint: "不填则为今天"}}})
	}
	return out
}

// evaluationForm is the assessment at the end: the enterprise gives its
// mentor's evaluation, the office also the grade, score and credits.
func evaluationForm(pl *placements.Placement, portal bool) opForm {
	o := opForm{Name: "evaluation", Title: "考核评价", Button: "保存评价",
		Hint:   "实习结束时由企业指导人员填写评价；考核等级、成绩和学分由学校评定。",
		Fields: []formField{{Name: "mentorEvaluation", Label: "企业指导人员评价", Type: "textarea"}}}
	if !portal {
		o.Fields = append(o.Fields, formField{Name: "grade", Label: "考核等级", Options: grades},
			formField{Name: "score", Label: "考核成绩", Type: "number", Hint: "0至100，可不填"},
			formField{Name: "credits", Label: "学分", Hint: "如2或1.5"})
	}
	return o
}

func fillEvaluation(o opForm, pl *placements.Placement) opForm {
	a := pl.Assessment
	v := map[string]string{"mentorEvaluation": a.MentorEvaluation, "grade": a.Grade}
	if a.Score != nil {
		v["score"] = strconv.Itoa(*a.Score)
	}
	if a.Credits != 0 {
		v["credits"] = num(a.Credits)
	}
	for i := range o.Fields {
		o.Fields[i].Value = v[o.Fields[i].Name]
	}
	return o
}

// verdict describes the activation the placement rests on.
func verdict(pl *placements.Placement) string {
	if pl.Verdict == nil {
		return ""
	}
	s := when(pl.Verdict.At) + " 启用，依据实习规则集 " + pl.Verdict.RuleSetVersion
	if pl.Verdict.Warnings > 0 {
		s += fmt.Sprintf("，已填写理由接受警告 %d 项", pl.Verdict.Warnings)
	}
	return s
}

func stopText(pl *placements.Placement) string {
	if pl.Stop == nil {
		return ""
	}
	s := map[string]string{models.PlacementSuspended: "暂停", models.PlacementTerminated: "终止"}[pl.Stop.Status] + "原因：" + pl.Stop.Reason
	if pl.Stop.RuleID != "" {
		s += "（涉及 " + pl.Stop.RuleID + "）"
	}
	return s + "，" + when(pl.Stop.At)
}
