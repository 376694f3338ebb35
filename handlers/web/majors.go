package web

import (
	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

var majorLevels = []option{{"secondary", "中职"}, {"higher", "高职专科"}, {"bachelor", "职业本科"}}

func (w *Handler) majors() *resource[models.Major, models.MajorFields, models.MajorFilter] {
	return &resource[models.Major, models.MajorFields, models.MajorFilter]{
		path: "/majors", noun: "专业", sheet: sheets.Majors,
		search:       "专业代码或名称",
		filters:      []formField{{Name: "level", Label: "专业层次", Options: majorLevels}},
		schoolFilter: true,
		sorts:        []option{{"code", "专业代码"}, {"name", "专业名称"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"专业代码", "专业名称", "专业层次"},
		filter: func(lp models.ListParams, q map[string]string) models.MajorFilter {
			return models.MajorFilter{ListParams: lp, SchoolID: q["schoolId"], Level: q["level"]}
		},
		find: w.People.FindMajors,
		row: func(m *models.Major) (string, []string) {
			return "/majors/" + m.ID.Hex(), []string{m.Code, m.Name, labelOf(majorLevels, m.Level)}
		},
		get:   w.People.FindMajorByID,
		about: func(m *models.Major) (bson.ObjectID, string, int64) { return m.ID, m.Name, m.Version },
		detail: func(m *models.Major) []pair {
			return append([]pair{{"专业代码", m.Code}, {"专业名称", m.Name}, {"专业层次", labelOf(majorLevels, m.Level)}}, stamp(&m.Meta)...)
		},
		form: func(c *fiber.Ctx, m *models.Major) ([]formField, error) {
			return w.withSchoolChoice(c, m == nil, []formField{
				{Name: "code", Label: "专业代码", Required: true, Hint: "《职业教育专业目录（2021年）》代码：中职6位以6或7开头，高职专科6位以4或5开头，职业本科6位以2或3开头"},
				{Name: "name", Label: "专业名称", Required: true},
				{Name: "level", Label: "专业层次", Required: true, Options: majorLevels},
			})
		},
		read: func(v map[string]string) (models.MajorFields, map[string]string) {
			return models.MajorFields{Version: version(v), SchoolID: text(v, "schoolId"), Code: text(v, "code"),
				Name: text(v, "name"), Level: text(v, "level")}, map[string]string{}
		},
		values: func(m *models.Major) map[string]string {
			return map[string]string{"code": m.Code, "name": m.Name, "level": m.Level}
		},
		defaults: map[string]string{"level": "secondary"},
		create:   w.People.CreateMajor,
		update:   w.People.UpdateMajor,
		remove:   w.People.DeleteMajor,
		mayWrite: func(p *models.Principal, _ *models.Major) bool { return officeOrAdmin(p) },
	}
}
