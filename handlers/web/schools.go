package web

import (
	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

var schoolLevels = []option{{"secondary", "中等职业学校"}, {"higher", "高等职业学校"}}

// schools: the system admin keeps the list; auditors and office users read theirs.
func (w *Handler) schools() *resource[models.School, models.SchoolFields, models.SchoolFilter] {
	return &resource[models.School, models.SchoolFields, models.SchoolFilter]{
		path: "/schools", noun: "学校",
		search:  "学校代码或名称",
		filters: []formField{{Name: "district", Label: "所属区县"}, {Name: "level", Label: "办学层次", Options: schoolLevels}},
		sorts:   []option{{"name", "名称"}, {"code", "学校代码"}, {"district", "区县"}, {"-updatedAt", "最近修改"}},
		columns: []string{"学校代码", "学校名称", "所属区县", "办学层次"},
		filter: func(lp models.ListParams, q map[string]string) models.SchoolFilter {
			return models.SchoolFilter{ListParams: lp, District: q["district"], Level: q["level"]}
		},
		find: w.Schools.FindSchools,
		row: func(s *models.School) (string, []string) {
			return "/schools/" + s.ID.Hex(), []string{s.Code, s.Name, s.District, labelOf(schoolLevels, s.Level)}
		},
		get:   w.Schools.FindSchoolByID,
		about: func(s *models.School) (bson.ObjectID, string, int64) { return s.ID, s.Name, s.Version },
		detail: func(s *models.School) []pair {
			return append([]pair{{"学校代码", s.Code}, {"学校名称", s.Name}, {"所属区县", s.District},
				{"办学层次", labelOf(schoolLevels, s.Level)}}, stamp(&s.Meta)...)
		},
		form: func(*fiber.Ctx, *models.School) ([]formField, error) {
			return []formField{
				{Name: "code", Label: "学校代码", Required: true, Hint: "教育部学校标识码或本区编码，字母和数字"},
				{Name: "name", Label: "学校名称", Required: true},
				{Name: "district", Label: "所属区县", Required: true},
				{Name: "level", Label: "办学层次", Required: true, Options: schoolLevels},
			}, nil
		},
		read: func(v map[string]string) (models.SchoolFields, map[string]string) {
			return models.SchoolFields{Version: version(v), Code: text(v, "code"), Name: text(v, "name"),
				District: text(v, "district"), Level: text(v, "level")}, map[string]string{}
		},
		values: func(s *models.School) map[string]string {
			return map[string]string{"code": s.Code, "name": s.Name, "district": s.District, "level": s.Level}
		},
		defaults: map[string]string{"level": "secondary"},
		create:   w.Schools.CreateSchool,
		update:   w.Schools.UpdateSchool,
		remove:   w.Schools.DeleteSchool,
		mayWrite: func(p *models.Principal, _ *models.School) bool { return p.Role == models.RoleSystemAdmin },
	}
}
