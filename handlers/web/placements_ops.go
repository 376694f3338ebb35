package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// placementOp is one of the forms on a placement's page: it reads the post,
// calls one service method and returns the values to keep, the errors of the
// form itself, the message for the next page and the service's error.
type placementOp func(c *fiber.Ctx, pl *placements.Placement, ver *int64) (values, errs map[string]string, msg string, err error)

// placementPost runs op on the placement of the path. A refused post shows the
// page again with the form's input and the errors beside its fields; what no
// field names is said above. Other errors (403, 404) go to the error page.
func (w *Handler) placementPost(name string, op placementOp) fiber.Handler {
	return func(c *fiber.Ctx) error {
		pl, err := w.placementFromPath(c)
		if err != nil {
			return err
		}
		values, errs, msg, err := op(c, pl, version(map[string]string{"version": c.FormValue("version")}))
		fe := fieldErrors(err, errs)
		if fe == nil {
			if err != nil {
				return err
			}
			flash(c, msg)
			to := "/placements/" + pl.ID.Hex()
			switch name {
			case "weeks", "evaluation", "mentor":
				to += "#" + name
			case "week-correction":
				to += "#weeks"
			}
			return c.Redirect(to, fiber.StatusSeeOther)
		}
		status := fiber.StatusUnprocessableEntity
		var ce *models.ConflictError
		if errors.Is(err, models.ErrStaleVersion) || errors.As(err, &ce) {
			status = fiber.StatusConflict
		}
		return w.showPlacement(c, pl, placementState{status: status, form: name, values: values, errs: fe})
	}
}

// formValues reads the named fields of a post, trimmed.
func formValues(c *fiber.Ctx, names ...string) map[string]string {
	v := map[string]string{}
	for _, n := range names {
		v[n] = strings.TrimSpace(c.FormValue(n))
	}
	return v
}

func ptr(s string) *string { return &s }

// checkPlacement runs the rules and stores the check; the page then shows it.
func (w *Handler) checkPlacement(c *fiber.Ctx) error {
	pl, err := w.placementFromPath(c)
	if err != nil {
		return err
	}
	chk, err := w.Placements.Check(c.UserContext(), pl.ID, "")
	if fe := fieldErrors(err, nil); fe != nil {
		return w.showPlacement(c, pl, placementState{status: fiber.StatusUnprocessableEntity, form: "check", errs: fe})
	}
	if err != nil {
		return err
	}
	flash(c, "检查完成："+checkSummary(chk.Findings))
	return c.Redirect("/placements/"+pl.ID.Hex()+"#check", fiber.StatusSeeOther)
}

// activatePlacement sends the reasons given for the Warn findings, by rule.
func (w *Handler) activatePlacement(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	values, reasons := map[string]string{}, map[string]string{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if id, ok := strings.CutPrefix(string(k), "reasons."); ok {
			values[string(k)] = strings.TrimSpace(string(v))
			if values[string(k)] != "" {
				reasons[id] = values[string(k)]
			}
		}
	})
	after, err := w.Placements.Activate(c.UserContext(), pl.ID, placements.Activation{Version: ver, Reasons: reasons})
	if err != nil {
		return values, nil, "", err
	}
	msg := "实习已启用"
	if pl.Status == models.PlacementSuspended {
		msg = "实习已恢复"
	}
	if after.Verdict != nil && after.Verdict.Warnings > 0 && pl.Status == models.PlacementDraft {
		msg += "，已记录 " + strconv.Itoa(after.Verdict.Warnings) + " 项警告的理由"
	}
	return values, nil, msg, nil
}

func (w *Handler) completePlacement(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	v := formValues(c, "actualEndDate")
	after, err := w.Placements.Complete(c.UserContext(), pl.ID, placements.Completion{Version: ver, ActualEndDate: ptr(v["actualEndDate"])})
	if err != nil {
		return v, nil, "", err
	}
	return v, nil, "实习已结束，实际结束日期 " + after.ActualEndDate.String(), nil
}

func (w *Handler) suspendPlacement(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	v := formValues(c, "reason", "ruleId")
	_, err := w.Placements.Suspend(c.UserContext(), pl.ID, placements.Suspension{Version: ver, Reason: ptr(v["reason"]), RuleID: ptr(v["ruleId"])})
	return v, nil, "实习已暂停；整改后可在本页恢复", err
}

func (w *Handler) terminatePlacement(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	v := formValues(c, "reason", "ruleId", "actualEndDate")
	_, err := w.Placements.Terminate(c.UserContext(), pl.ID, placements.Termination{Version: ver, Reason: ptr(v["reason"]),
		RuleID: ptr(v["ruleId"]), ActualEndDate: ptr(v["actualEndDate"])})
	return v, nil, "实习已终止", err
}

func (w *Handler) respondPlacement(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	v := formValues(c, "decision", "note")
	_, err := w.Placements.Respond(c.UserContext(), pl.ID, placements.Response{Version: ver, Decision: ptr(v["decision"]), Note: ptr(v["note"])})
	msg := "已确认接收该实习"
	if v["decision"] == models.UnitDeclined {
		msg = "已拒绝该实习，学校将收到您的说明"
	}
	return v, nil, msg, err
}

func (w *Handler) namePlacementMentor(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	v := formValues(c, "name", "phone")
	_, err := w.Placements.NameMentor(c.UserContext(), pl.ID, placements.MentorFields{Version: ver, Name: ptr(v["name"]), Phone: ptr(v["phone"])})
	return v, nil, "已保存企业指导人员：" + v["name"], err
}

// evaluatePlacement records the mentor's evaluation; the office also the
// grade, score and credits (empty score or credits: not given).
func (w *Handler) evaluatePlacement(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	p, _ := models.PrincipalFrom(c.UserContext())
	e := placements.Evaluation{Version: ver}
	if p.Role == models.RoleEnterprise {
		v := formValues(c, "mentorEvaluation")
		e.MentorEvaluation = ptr(v["mentorEvaluation"])
		_, err := w.Placements.Evaluate(c.UserContext(), pl.ID, e)
		return v, nil, "已保存评价", err
	}
	v := formValues(c, "mentorEvaluation", "grade", "score", "credits")
	errs := map[string]string{}
	r := reader{v: v, errs: errs}
	e.MentorEvaluation, e.Grade = ptr(v["mentorEvaluation"]), ptr(v["grade"])
	if v["score"] != "" {
		n := r.int("score")
		e.Score = &n
	}
	if v["credits"] != "" {
		f := r.float("credits")
		e.Credits = &f
	}
	if len(errs) > 0 {
		return v, errs, "", nil
	}
	_, err := w.Placements.Evaluate(c.UserContext(), pl.ID, e)
	return v, nil, "已保存考核评价", err
}
