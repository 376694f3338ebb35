package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/placements"
)

// What the pages of apprenticeship programmes, contracts and order classes
// share: their enterprises and programmes named once per request, the
// choices their forms offer, and how a student is shown.

// enterpriseNames names enterprises by id for one request.
func (w *Handler) enterpriseNames(c *fiber.Ctx) func(id bson.ObjectID) string {
	return namesByID(c, "企业", func(ctx context.Context, id bson.ObjectID) (string, error) {
		e, err := w.Enterprises.FindEnterpriseByID(ctx, id)
		if err != nil {
			return "", err
		}
		return e.Name, nil
	})
}

// programmeNames names apprenticeship programmes by id for one request.
func (w *Handler) programmeNames(c *fiber.Ctx) func(id bson.ObjectID) string {
	return namesByID(c, "学徒制项目", func(ctx context.Context, id bson.ObjectID) (string, error) {
		pr, err := w.Cohorts.FindProgrammeByID(ctx, id)
		if err != nil {
			return "", err
		}
		return cohorts.ProgrammeLabel(pr), nil
	})
}

// enterpriseChoices are the enterprises for a choice with no "none" entry (a
// list filter, which adds 全部, or a multiple select).
func (w *Handler) enterpriseChoices(c *fiber.Ctx) ([]option, error) {
	opts, err := w.enterpriseOptions(c, "")
	if err != nil {
		return nil, err
	}
	return opts[1:], nil
}

// programmeOptions are the programmes of school (all the caller reads when
// ""), newest cohort first, after a first "none" option labelled none when
// none is not "".
func (w *Handler) programmeOptions(c *fiber.Ctx, school, none string) ([]option, error) {
	res, err := w.Cohorts.FindProgrammes(c.UserContext(), models.ProgrammeFilter{SchoolID: school,
		ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "-cohortYear"}})
	if err != nil {
		return nil, err
	}
	var opts []option
	if none != "" {
		opts = append(opts, option{"", none})
	}
	for i := range res.Items {
		opts = append(opts, option{res.Items[i].ID.Hex(), cohorts.ProgrammeLabel(&res.Items[i])})
	}
	return opts, nil
}

// majorChoice is the school's majors for a required choice; a record's major
// no longer offered stays choosable.
func (w *Handler) majorChoice(c *fiber.Ctx, school bson.ObjectID, keep string) (formField, map[string]string, error) {
	s := ""
	if !school.IsZero() {
		s = school.Hex()
	}
	names, opts, err := w.majorNames(c, s)
	if err != nil {
		return formField{}, nil, err
	}
	if _, ok := names[keep]; keep != "" && !ok {
		opts = append(opts, option{keep, keep})
	}
	return formField{Name: "majorCode", Label: "专业", Required: true, Options: append([]option{{"", "请选择专业"}}, opts...)}, names, nil
}

// cohortFields are the name, major and cohort that programmes and order
// classes both start with.
func (w *Handler) cohortFields(c *fiber.Ctx, school bson.ObjectID, keepMajor, nameLabel, nameHint string) ([]formField, error) {
	major, _, err := w.majorChoice(c, school, keepMajor)
	if err != nil {
		return nil, err
	}
	return []formField{
		{Name: "name", Label: nameLabel, Required: true, Hint: nameHint},
		major,
		{Name: "cohortYear", Label: "年级", Required: true, Type: "number", Hint: "入学年份，如2024"},
	}, nil
}

// cohortLabel is a major and cohort as lists show them: "710201 计算机应用 · 2024级".
func cohortLabel(major string, cohort int, names map[string]string) string {
	return strings.TrimSpace(major+" "+names[major]) + " · " + strconv.Itoa(cohort) + "级"
}

// person is a student as a record shows it: 学号 and name, or the auditor's
// pseudonym alone.
func person(r models.PersonRef) string { return strings.TrimSpace(r.StudentNo + " " + r.Name) }

// studentHref links a student's page for those who read students by name.
func studentHref(p *models.Principal, id bson.ObjectID) string {
	if !officeOrAdmin(p) || id.IsZero() {
		return ""
	}
	return "/students/" + id.Hex()
}

// lines splits a box of one item per line, dropping blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// linesOf is a list as such a box shows it.
func linesOf(items []string) string { return strings.Join(items, "\n") }

// contextText names the apprenticeship programme or order class a placement
// belongs to.
func (w *Handler) contextText(c *fiber.Ctx, pl *placements.Placement) string {
	switch pl.Context {
	case models.ContextApprenticeship:
		return "现代学徒制：" + w.programmeNames(c)(pl.ContextID)
	case models.ContextOrderClass:
		return "订单班：" + namesByID(c, "订单班", func(ctx context.Context, id bson.ObjectID) (string, error) {
			o, err := w.Cohorts.FindOrderClassByID(ctx, id)
			if err != nil {
				return "", err
			}
			return o.Name + "（" + o.EnterpriseName + "）", nil
		})(pl.ContextID)
	}
	return "—"
}
