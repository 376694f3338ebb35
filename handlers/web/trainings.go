package web

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

var trainingRoles = []option{{models.TrainingTrainer, "培训教师"}, {models.TrainingAssessor, "考评员"}}

// trainings are teachers' 1+X training (师资培训): one teacher at one event.
func (w *Handler) trainings() *resource[models.Training, models.TrainingFields, models.TrainingFilter] {
	return &resource[models.Training, models.TrainingFields, models.TrainingFilter]{
		path: "/trainings", noun: "师资培训",
		search:       "培训项目或培训证明编号",
		filters:      []formField{{Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts:        []option{{"-startDate", "开始日期（新到旧）"}, {"startDate", "开始日期（旧到新）"}, {"event", "培训项目"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"教师", "证书", "培训项目", "开始日期", "结束日期", "培训身份", "培训证明编号"},
		filter: func(lp models.ListParams, q map[string]string) models.TrainingFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.TrainingFilter{ListParams: lp, SchoolID: q["schoolId"], Year: year}
		},
		filterOptions: func(*fiber.Ctx) (map[string][]option, error) {
			return map[string][]option{"year": w.yearOptions()}, nil
		},
		find: w.Certs.FindTrainings,
		rowFor: func(c *fiber.Ctx) (func(*models.Training) (string, []string), error) {
			cat, err := w.catalogue(c)
			if err != nil {
				return nil, err
			}
			teacher := w.teacherNames(c)
			return func(t *models.Training) (string, []string) {
				return "/trainings/" + t.ID.Hex(), []string{teacher(t.TeacherID), cat.name(t.EntryID), t.Event,
					t.StartDate.String(), t.EndDate.String(), labelOf(trainingRoles, t.Role), t.AttendanceRef}
			}, nil
		},
		get:    w.Certs.FindTrainingByID,
		about:  func(t *models.Training) (bson.ObjectID, string, int64) { return t.ID, t.Event, t.Version },
		detail: func(*models.Training) []pair { return nil },
		more: func(c *fiber.Ctx, t *models.Training) ([]pair, error) {
			cat, err := w.catalogue(c)
			if err != nil {
				return nil, err
			}
			return append([]pair{{"教师", w.teacherNames(c)(t.TeacherID)}, {"证书", cat.name(t.EntryID)}, {"培训项目", t.Event},
				{"开始日期", t.StartDate.String()}, {"结束日期", t.EndDate.String()}, {"培训身份", labelOf(trainingRoles, t.Role)},
				{"培训证明编号", t.AttendanceRef}}, stamp(&t.Meta)...), nil
		},
		form: w.trainingForm,
		read: func(v map[string]string) (models.TrainingFields, map[string]string) {
			return models.TrainingFields{Version: version(v), SchoolID: text(v, "schoolId"), TeacherID: text(v, "teacherId"),
				EntryID: text(v, "entryId"), Event: text(v, "event"), StartDate: text(v, "startDate"), EndDate: text(v, "endDate"),
				Role: text(v, "role"), AttendanceRef: text(v, "attendanceRef")}, map[string]string{}
		},
		values: func(t *models.Training) map[string]string {
			return map[string]string{"teacherId": t.TeacherID.Hex(), "entryId": t.EntryID.Hex(), "event": t.Event,
				"startDate": t.StartDate.String(), "endDate": t.EndDate.String(), "role": t.Role, "attendanceRef": t.AttendanceRef}
		},
		defaults: map[string]string{"role": models.TrainingTrainer},
		create:   w.Certs.CreateTraining,
		update:   w.Certs.UpdateTraining,
		remove:   w.Certs.DeleteTraining,
		mayWrite: officeOfSchool[models.Training],
	}
}

// teacherNames names teachers by id for one request.
func (w *Handler) teacherNames(c *fiber.Ctx) func(id bson.ObjectID) string {
	return namesByID(c, "教师", func(ctx context.Context, id bson.ObjectID) (string, error) {
		t, err := w.People.FindTeacherByID(ctx, id)
		if err != nil {
			return "", err
		}
		return t.StaffNo + " " + t.Name, nil
	})
}

// trainingForm offers the school's teachers and the 1+X certificates.
func (w *Handler) trainingForm(c *fiber.Ctx, t *models.Training) ([]formField, error) {
	cat, err := w.catalogue(c)
	if err != nil {
		return nil, err
	}
	school, keep := "", ""
	if t != nil {
		school, keep = t.SchoolID.Hex(), t.EntryID.Hex()
	}
	teachers, err := w.teacherOptions(c, school, "请选择教师")
	if err != nil {
		return nil, err
	}
	return w.withSchoolChoice(c, t == nil, []formField{
		{Name: "teacherId", Label: "教师", Required: true, Options: teachers},
		{Name: "entryId", Label: "证书", Required: true, Options: cat.options(models.CertX, "请选择1+X证书", keep)},
		{Name: "event", Label: "培训项目", Required: true, Hint: "如“Web前端开发职业技能等级证书师资培训（第3期）”"},
		{Name: "startDate", Label: "开始日期", Required: true, Type: "date"},
		{Name: "endDate", Label: "结束日期", Required: true, Type: "date"},
		{Name: "role", Label: "培训身份", Required: true, Options: trainingRoles},
		{Name: "attendanceRef", Label: "培训证明编号", Hint: "结业证书或考评员证书编号"},
	})
}

// teacherOptions lists the teachers of school (every school the caller reads
// when empty) by 工号, after a first option labelled none.
func (w *Handler) teacherOptions(c *fiber.Ctx, school, none string) ([]option, error) {
	teachers := []option{{"", none}}
	for page := 1; ; page++ {
		res, err := w.People.FindTeachers(c.UserContext(), models.TeacherFilter{SchoolID: school,
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "staffNo"}})
		if err != nil {
			return nil, err
		}
		for _, te := range res.Items {
			teachers = append(teachers, option{te.ID.Hex(), te.StaffNo + " " + te.Name})
		}
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			return teachers, nil
		}
	}
}
