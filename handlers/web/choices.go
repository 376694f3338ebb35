package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// option is a value and its Chinese label.
type option struct{ Value, Label string }

func labelOf(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// officeOrAdmin is who enters a school's master data.
func officeOrAdmin(p *models.Principal) bool {
	return p.Role.IsOffice() || p.Role == models.RoleSystemAdmin
}

// schoolOptions lists, by name, the schools the caller reads when there are
// several to choose from (system admin, auditors); nil for everyone else, whose
// school is implied.
func (w *Handler) schoolOptions(c *fiber.Ctx) ([]option, error) {
	p, _ := models.PrincipalFrom(c.UserContext())
	if p.Role != models.RoleSystemAdmin && p.Role != models.RoleAuditor {
		return nil, nil
	}
	res, err := w.Schools.FindSchools(c.UserContext(), models.SchoolFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "name"}})
	if err != nil {
		return nil, err
	}
	opts := make([]option, 0, len(res.Items))
	for _, s := range res.Items {
		opts = append(opts, option{s.ID.Hex(), s.Name})
	}
	return opts, nil
}

// withSchoolChoice puts a school field first on a create form of the system
// admin, who has no school of its own; a record's school never changes by form.
func (w *Handler) withSchoolChoice(c *fiber.Ctx, creating bool, fields []formField) ([]formField, error) {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !creating || p.Role != models.RoleSystemAdmin {
		return fields, nil
	}
	opts, err := w.schoolOptions(c)
	if err != nil {
		return nil, err
	}
	opts = append([]option{{"", "请选择学校"}}, opts...)
	return append([]formField{{Name: "schoolId", Label: "所属学校", Required: true, Options: opts}}, fields...), nil
}

// stamp is the version line every detail page ends with.
func stamp(m *models.Meta) []pair {
	return []pair{{"版本", strconv.FormatInt(m.Version, 10) + "（" + m.UpdatedAt.In(models.China).Format("2006-01-02 15:04") + " 更新）"}}
}
