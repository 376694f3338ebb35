package web

import (
	"context"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

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

// officeOfSchool is mayWrite for records of one school: the system admin, and
// office users of the record's school (of their own when creating).
func officeOfSchool[T any, P interface {
	*T
	SchoolOf() bson.ObjectID
}](p *models.Principal, t P) bool {
	return officeOrAdmin(p) && (t == nil || p.CanWriteSchool(t.SchoolOf()))
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

// namesByID names records of one kind (what, "教师") by id for one request,
// each looked up once by _id (the one query the embedded store answers without
// a scan); a record gone or out of the caller's sight says so instead.
func namesByID(c *fiber.Ctx, what string, name func(ctx context.Context, id bson.ObjectID) (string, error)) func(id bson.ObjectID) string {
	seen := map[bson.ObjectID]string{}
	return func(id bson.ObjectID) string {
		if n, ok := seen[id]; ok {
			return n
		}
		n, err := name(c.UserContext(), id)
		switch {
		case errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrForbidden):
			n = "（" + what + "已删除或无权查看）"
		case err != nil:
			models.LoggerFrom(c.UserContext()).Error("name lookup", "what", what, "err", err.Error())
			n = "（读取失败）"
		}
		seen[id] = n
		return n
	}
}
