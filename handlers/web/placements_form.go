package web

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// formSection is one part of the placement form: its fields, and an error for
// the part as a whole (the service names a whole sub-record, such as "post",
// when a running placement may no longer change it).
type formSection struct {
	ID, Title, Hint, Error string
	Fields                 []formField
}

// placementFormView is what placement_form.html shows.
type placementFormView struct {
	Action, Cancel string
	CheckAction    string // where 检查（不保存） posts the form
	Version        int64
	Sections       []formSection
	Problems       []string // what no field or part of the form names
	Invalid        bool
	Running        bool       // an activated placement: only some parts may change
	Live           *checkView // what the rules find in the form's values, not saved
}

func (w *Handler) newPlacementPage(c *fiber.Ctx) error {
	return w.placementForm(c, nil, placementDefaults, nil, fiber.StatusOK)
}

func (w *Handler) editPlacementPage(c *fiber.Ctx) error {
	pl, err := w.placementFromPath(c)
	if err != nil {
		return err
	}
	return w.placementForm(c, pl, placementValues(pl), nil, fiber.StatusOK)
}

// placementForm renders the form with values and the errors beside their
// fields; errors of a whole part go above it, the rest above the form.
func (w *Handler) placementForm(c *fiber.Ctx, pl *placements.Placement, values, errs map[string]string, status int) error {
	return w.placementFormWith(c, pl, values, errs, nil, status)
}

// placementFormWith is placementForm with the findings of a live check.
func (w *Handler) placementFormWith(c *fiber.Ctx, pl *placements.Placement, values, errs map[string]string, live *checkView, status int) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !officeOrAdmin(p) || pl != nil && (!p.CanWriteSchool(pl.SchoolID) || ended(pl)) {
		return models.ErrForbidden
	}
	secs, err := w.placementSections(c, pl)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i := range secs {
		for j := range secs[i].Fields {
			fl := &secs[i].Fields[j]
			fl.Value, fl.Error = values[fl.Name], errs[fl.Name]
			used[fl.Name] = true
			if fl.ReadOnly && fl.Options != nil {
				fl.Value = labelOf(fl.Options, fl.Value)
			}
		}
		var msgs []string
		for k, msg := range errs {
			if !used[k] && (k == secs[i].ID || strings.HasPrefix(k, secs[i].ID+".")) {
				msgs, used[k] = append(msgs, msg), true
			}
		}
		slices.Sort(msgs)
		secs[i].Error = strings.Join(msgs, "；")
	}
	v := placementFormView{Action: "/placements", Cancel: "/placements", CheckAction: "/placements/check", Sections: secs,
		Invalid: len(errs) > 0, Live: live}
	for k, msg := range errs {
		if !used[k] {
			v.Problems = append(v.Problems, msg)
		}
	}
	slices.Sort(v.Problems)
	title := "新增实习"
	if pl != nil {
		v.Action, v.Cancel, v.Version = "/placements/"+pl.ID.Hex(), "/placements/"+pl.ID.Hex(), pl.Version
		v.CheckAction = "/placements/" + pl.ID.Hex() + "/edit/check"
		v.Running = pl.Status != models.PlacementDraft
		if s := values["version"]; s != "" { // keep the version the user started from
			v.Version, _ = strconv.ParseInt(s, 10, 64)
		}
		title = "编辑实习：" + pl.Student.Name + " · " + pl.EnterpriseName
	}
	return w.render(c, status, "placement_form", View{Title: title, Data: v})
}

// ended reports whether the placement has ended, after which nothing changes.
func ended(pl *placements.Placement) bool {
	return pl.Status == models.PlacementCompleted || pl.Status == models.PlacementTerminated
}

// postedPlacement reads the form's fields that were not read-only.
func (w *Handler) postedPlacement(c *fiber.Ctx, pl *placements.Placement) (map[string]string, error) {
	secs, err := w.placementSections(c, pl)
	if err != nil {
		return nil, err
	}
	var fields []formField
	for _, s := range secs {
		fields = append(fields, s.Fields...)
	}
	return posted(c, fields), nil
}

func (w *Handler) createPlacement(c *fiber.Ctx) error {
	values, err := w.postedPlacement(c, nil)
	if err != nil {
		return err
	}
	f, errs := readPlacement(values)
	if f.StudentID, err = w.studentIDOf(c, values["schoolId"], values, errs); err != nil {
		return err
	}
	var pl *placements.Placement
	if len(errs) == 0 {
		pl, err = w.Placements.CreatePlacement(c.UserContext(), f)
	}
	if fe := placementErrors(err, errs); fe != nil {
		return w.placementForm(c, nil, values, fe, fiber.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	return w.placementSaved(c, pl, "已新增实习："+pl.Student.Name+" · "+pl.EnterpriseName)
}

func (w *Handler) updatePlacement(c *fiber.Ctx) error {
	pl, err := w.placementFromPath(c)
	if err != nil {
		return err
	}
	values, err := w.postedPlacement(c, pl)
	if err != nil {
		return err
	}
	f, errs := readPlacement(values)
	if f.StudentID, err = w.studentIDOf(c, pl.SchoolID.Hex(), values, errs); err != nil {
		return err
	}
	var saved *placements.Placement
	if len(errs) == 0 {
		saved, err = w.Placements.UpdatePlacement(c.UserContext(), pl.ID, f)
	}
	if fe := placementErrors(err, errs); fe != nil {
		status := fiber.StatusUnprocessableEntity
		if errors.Is(err, models.ErrStaleVersion) {
			status = fiber.StatusConflict
			fe["version"] = "实习已被他人修改：您填写的内容已保留，请核对后重新保存（将覆盖他人的修改）。"
			values["version"] = strconv.FormatInt(pl.Version, 10)
		}
		return w.placementForm(c, pl, values, fe, status)
	}
	if err != nil {
		return err
	}
	return w.placementSaved(c, saved, "已保存")
}

// checkPlacementForm runs the rules over what the form holds, for a new
// placement or a change of the one in the path, without saving it (检查（不保存）):
// the form comes back with what was typed and either each failing field's
// error beside it or what the rules find above it. The service is asked even
// when the form's own reading failed, so that every failing field is named;
// it writes nothing, not even an audit entry.
func (w *Handler) checkPlacementForm(c *fiber.Ctx) error {
	var pl *placements.Placement
	id, school := bson.NilObjectID, ""
	if c.Params("id") != "" {
		var err error
		if pl, err = w.placementFromPath(c); err != nil {
			return err
		}
		id, school = pl.ID, pl.SchoolID.Hex()
	}
	values, err := w.postedPlacement(c, pl)
	if err != nil {
		return err
	}
	if pl == nil {
		school = values["schoolId"]
	}
	f, errs := readPlacement(values)
	if f.StudentID, err = w.studentIDOf(c, school, values, errs); err != nil {
		return err
	}
	res, err := w.Placements.CheckFields(c.UserContext(), id, f)
	if fe := placementErrors(err, errs); fe != nil {
		return w.placementForm(c, pl, values, fe, fiber.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	live := &checkView{RuleSet: res.RuleSetVersion, Summary: checkSummary(res.Findings), Rows: findingRows(res.Findings)}
	return w.placementFormWith(c, pl, values, nil, live, fiber.StatusOK)
}

// placementErrors are fieldErrors with the student named by the form's 学号.
func placementErrors(err error, form map[string]string) map[string]string {
	fe := fieldErrors(err, form)
	moveError(fe, "studentId", "studentNo")
	moveError(fe, "context", "contextId")
	return fe
}

// placementSaved goes to the placement's page, checking it first when the
// user asked for it (保存并检查), so that the page shows what the rules find.
func (w *Handler) placementSaved(c *fiber.Ctx, pl *placements.Placement, msg string) error {
	to := "/placements/" + pl.ID.Hex()
	if c.FormValue("then") == "check" {
		chk, err := w.Placements.Check(c.UserContext(), pl.ID, "")
		var ve *models.ValidationError
		switch {
		case errors.As(err, &ve):
			msg += "；未能检查：" + strings.Join(sortedMessages(ve.Fields), "；")
		case err != nil:
			return err
		default:
			msg += "；检查完成：" + checkSummary(chk.Findings)
			to += "#check"
		}
	}
	flash(c, msg)
	return c.Redirect(to, fiber.StatusSeeOther)
}

func sortedMessages(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// checkSummary counts a check's findings in words.
func checkSummary(fs []models.Finding) string {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	if n[models.SeverityBlock]+n[models.SeverityWarn] == 0 {
		return "未发现禁止项或警告"
	}
	return fmt.Sprintf("%d项禁止、%d项警告", n[models.SeverityBlock], n[models.SeverityWarn])
}

func (w *Handler) deletePlacement(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	if err := w.Placements.DeletePlacement(c.UserContext(), id); err != nil {
		return err
	}
	flash(c, "已删除实习草稿")
	return c.Redirect("/placements", fiber.StatusSeeOther)
}

// placementFromPath loads the placement named by :id, within the caller's scope.
func (w *Handler) placementFromPath(c *fiber.Ctx) (*placements.Placement, error) {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return nil, err
	}
	return w.Placements.FindPlacementByID(c.UserContext(), id)
}
