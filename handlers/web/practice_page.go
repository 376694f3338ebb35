package web

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/practice"
)

// practicePages serve a practice record's page with its decisions, and the
// enterprise's portal cards.
type practicePages struct {
	w   *Handler
	res *practiceResource
}

// practiceView is what practice.html shows the office and auditors.
type practiceView struct {
	detailView
	TeacherID string
	Status    badge
	Problem   string
	Forms     []opForm
}

// practiceCard is one practice record as the enterprise's phone shows it, with
// its answer form while it awaits one.
type practiceCard struct {
	ID, Href, Teacher, Form, Period, Days  string
	Post, Supervisor, Answer, Action, CSRF string
	Outputs                                []string
	Status                                 badge
	Version                                int64
	Comment                                *formField // the answer form's comment; nil once answered
}

// portalPracticesView is what portal_practices.html shows: the cards of one
// status, or the one card of a record's page.
type portalPracticesView struct {
	listView
	Status   string
	Statuses []option
	Cards    []practiceCard
	Single   bool
	Problem  string
}

// registerPractices mounts the practice pages: the enterprise's cards in front
// of the office's list, the generic list, form and page, and the decisions.
func (w *Handler) registerPractices(r fiber.Router) {
	pp := &practicePages{w: w, res: w.practices()}
	pp.res.show = func(c *fiber.Ctx, pr *models.Practice, _ detailView) error { return pp.show(c, pr, placementState{}) }
	r.Get("/teacher-practices", pp.portalList)
	mount(w, r, pp.res)
	r.Post("/teacher-practices/:id/confirm", w.csrf, pp.post("confirm", w.Practice.Confirm))
	r.Post("/teacher-practices/:id/approve", w.csrf, pp.post("approve", w.Practice.Approve))
}

// show renders a practice record's page for the caller: the enterprise's card,
// or the office's page with the decision its status awaits (read-only for
// auditors). st is what a refused post left.
func (pp *practicePages) show(c *fiber.Ctx, pr *models.Practice, st placementState) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	ps := &pageState{placementState: st, used: map[string]bool{}, action: "/teacher-practices/" + pr.ID.Hex() + "/",
		csrf: csrfToken(c), version: pr.Version}
	if p.Role == models.RoleEnterprise {
		v := portalPracticesView{listView: listView{Path: "/teacher-practices"}, Single: true, Cards: []practiceCard{cardOf(pr, ps.csrf, ps)}}
		v.Problem = practiceProblem(st, ps.used)
		return pp.w.render(c, statusOr(st.status), "portal_practices", View{Title: "教师企业实践：" + pr.Teacher.Name, Data: v})
	}
	d, err := pp.res.detailOf(c, pr)
	if err != nil {
		return err
	}
	v := practiceView{detailView: d, TeacherID: pr.TeacherID.Hex(), Status: practiceBadge(pr)}
	if p.CanWriteSchool(pr.SchoolID) {
		for _, o := range officeDecisions(pr) {
			v.Forms = append(v.Forms, ps.ready(o))
		}
	}
	v.Problem = practiceProblem(st, ps.used)
	return pp.w.render(c, statusOr(st.status), "practice", View{Title: "教师企业实践：" + d.Title, Data: v})
}

// officeDecisions are the office's forms for the record's status: the
// enterprise's confirmation from its stamped certificate while proposed, the
// school's approval once confirmed.
func officeDecisions(pr *models.Practice) []opForm {
	comment := formField{Name: "comment", Label: "说明", Type: "textarea"}
	switch pr.Status {
	case models.PracticeProposed:
		return []opForm{{Name: "confirm", Title: "代企业确认",
			Hint:    "企业未在门户中确认时，凭企业盖章的实践证明代为登记企业确认；记录将标注为教务处代为登记。",
			Fields:  []formField{{Name: "doc", Label: "企业盖章证明编号", Required: true}, comment},
			Buttons: []opButton{{Name: "decision", Value: models.PracticeConfirmed, Label: "代企业确认"}}}}
	case models.PracticeConfirmed:
		comment.Label, comment.Hint = "审批意见", "退回时必填；退回后企业的确认作废，记录回到待企业确认"
		return []opForm{{Name: "approve", Title: "学校审批", Open: true,
			Hint:   "审批通过后，该实践计入教师5年累计企业实践和统计指标，记录不能再修改或删除。",
			Fields: []formField{comment},
			Buttons: []opButton{{Name: "decision", Value: models.PracticeApproved, Label: "审批通过"},
				{Name: "decision", Value: models.PracticeProposed, Label: "退回", Class: "secondary"}}}}
	}
	return nil
}

// cardOf is the enterprise's card of a record, its answer form open while the
// record is proposed; a refused answer's comment and error stay on it.
func cardOf(pr *models.Practice, csrf string, ps *pageState) practiceCard {
	id := pr.ID.Hex()
	card := practiceCard{ID: id, Href: "/teacher-practices/" + id, Teacher: staffName(pr.Teacher), Form: labelOf(practiceForms, pr.Form),
		Period: practicePeriod(pr) + "（共" + strconv.Itoa(pr.Span()) + "天）", Days: strconv.Itoa(pr.PracticeDays) + "天",
		Post: pr.Post, Supervisor: dash(pr.Supervisor), Outputs: pr.Outputs, Status: practiceBadge(pr), Version: pr.Version,
		Answer: confirmationText(pr), Action: "/teacher-practices/" + id + "/confirm", CSRF: csrf}
	if pr.Status == models.PracticeProposed {
		card.Comment = &formField{Name: "comment", ID: "comment-" + id, Label: "说明", Type: "textarea", Hint: "不予确认时必填，学校将看到您的说明"}
		if ps != nil && ps.form == "confirm" {
			card.Comment.Value, card.Comment.Error = ps.values["comment"], ps.err("comment")
		}
	}
	return card
}

// portalList shows an enterprise user the practice periods at its enterprise
// as cards, those awaiting its answer unless another status is chosen; other
// roles go on to the office's list.
func (pp *practicePages) portalList(c *fiber.Ctx) error {
	if p, _ := models.PrincipalFrom(c.UserContext()); p.Role != models.RoleEnterprise {
		return c.Next()
	}
	status := c.Query("status", models.PracticeProposed)
	page, _ := strconv.Atoi(c.Query("page"))
	f := models.PracticeFilter{ListParams: models.ListParams{Page: page, Sort: "-startDate"}}
	if status != "all" {
		f.Status = status
	}
	res, err := pp.w.Practice.FindPractices(c.UserContext(), f)
	if err != nil {
		return err
	}
	v := portalPracticesView{Status: status, Statuses: append(practiceStatuses[:len(practiceStatuses):len(practiceStatuses)], option{"all", "全部"}),
		listView: listView{Path: "/teacher-practices", Total: res.Total, Page: res.Page, query: url.Values{"status": {status}},
			Pages: max(1, int((res.Total+int64(res.PageSize)-1)/int64(max(res.PageSize, 1))))}}
	for i := range res.Items {
		v.Cards = append(v.Cards, cardOf(&res.Items[i], csrfToken(c), nil))
	}
	return pp.w.render(c, fiber.StatusOK, "portal_practices", View{Title: "教师企业实践", Data: v})
}

// post runs a decision (confirm or approve) on the record of the path. A
// refused decision shows the page again with the input and the errors beside
// the fields, what no field names above; other errors (403, 404) go to the
// error page.
func (pp *practicePages) post(name string, decide func(context.Context, bson.ObjectID, practice.Decision) (*models.Practice, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		pr, err := pp.res.fromPath(c)
		if err != nil {
			return err
		}
		v := formValues(c, "decision", "comment", "doc")
		after, err := decide(c.UserContext(), pr.ID, practice.Decision{Version: version(map[string]string{"version": c.FormValue("version")}),
			Decision: ptr(v["decision"]), Comment: ptr(v["comment"]), Doc: ptr(v["doc"])})
		if fe := fieldErrors(err, nil); fe != nil {
			return pp.show(c, pr, placementState{status: refusedStatus(err), form: name, values: v, errs: fe})
		}
		if err != nil {
			return err
		}
		p, _ := models.PrincipalFrom(c.UserContext())
		flash(c, decided(p, after))
		if p.Role == models.RoleEnterprise {
			return c.Redirect("/teacher-practices", fiber.StatusSeeOther)
		}
		return c.Redirect("/teacher-practices/"+pr.ID.Hex(), fiber.StatusSeeOther)
	}
}

// refusedStatus is 409 for a stale version or a conflict, 422 for the rest.
func refusedStatus(err error) int {
	var ce *models.ConflictError
	if errors.Is(err, models.ErrStaleVersion) || errors.As(err, &ce) {
		return fiber.StatusConflict
	}
	return fiber.StatusUnprocessableEntity
}

// decided says what the decision did, for the next page.
func decided(p *models.Principal, pr *models.Practice) string {
	who := pr.Teacher.Name + "（" + practicePeriod(pr) + "）"
	switch {
	case pr.Status == models.PracticeRejected:
		return "已登记不予确认：" + who + "；学校将看到您的说明"
	case pr.Status == models.PracticeConfirmed && p.Role == models.RoleEnterprise:
		return "已确认" + who + "在本企业的实践"
	case pr.Status == models.PracticeConfirmed:
		return "已代企业登记确认（证明编号 " + pr.Confirmation.Doc + "），请审批"
	case pr.Status == models.PracticeApproved:
		return "已审批通过：该实践计入" + pr.Teacher.Name + "的5年累计企业实践"
	}
	return "已退回，记录回到待企业确认"
}

// practiceProblem says what no field on the page names.
func practiceProblem(st placementState, used map[string]bool) string {
	return strings.Join(unplaced(st, used, "该实践记录已被他人修改：页面已显示最新内容，请核对后重新提交。"), "；")
}
