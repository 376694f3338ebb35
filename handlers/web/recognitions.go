package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// 双师型 words.
var (
	dualLevels          = []option{{models.DualJunior, "初级"}, {models.DualIntermediate, "中级"}, {models.DualSenior, "高级"}}
	authorityKinds      = []option{{"school", "学校"}, {"district", "区"}, {"city", "市"}, {"province", "省"}}
	recognitionStatuses = []option{{models.RecognitionValid, "有效"}, {models.RecognitionExpired, "已过期"}, {models.RecognitionRevoked, "已撤销"}}
)

// standardVersion is the national standard recognitions are made under
// (domain.md §6.3), offered as the form's default.
const standardVersion = "教师厅〔2022〕2号"

func recognitionBadge(r *models.Recognition) badge {
	return badge{Class: "recognition-" + r.Status, Text: labelOf(recognitionStatuses, r.Status)}
}

func recognitionTitle(r *models.Recognition) string {
	return labelOf(dualLevels, r.Level) + "双师型（" + r.RecognizedAt.String() + "认定）"
}

func authorityText(r *models.Recognition) string {
	return r.Authority + "（" + labelOf(authorityKinds, r.AuthorityKind) + "级）"
}

// recognitions are 双师型 recognitions (双师型认定) as the recognising
// authority decided them: the generic list, page and form.
func (w *Handler) recognitions() *resource[models.Recognition, models.RecognitionFields, models.RecognitionFilter] {
	return &resource[models.Recognition, models.RecognitionFields, models.RecognitionFilter]{
		path: "/dual-recognitions", noun: "双师型认定",
		search: "证书编号或认定机构",
		filters: []formField{{Name: "teacherId", Label: "教师"}, {Name: "level", Label: "等级", Options: dualLevels},
			{Name: "status", Label: "状态", Options: recognitionStatuses}},
		schoolFilter: true,
		sorts:        []option{{"-recognizedAt", "认定日期（新到旧）"}, {"recognizedAt", "认定日期（旧到新）"}, {"level", "等级"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"教师", "等级", "认定机构", "认定日期", "有效期至", "证书编号", "状态"},
		filter: func(lp models.ListParams, q map[string]string) models.RecognitionFilter {
			return models.RecognitionFilter{ListParams: lp, SchoolID: q["schoolId"], TeacherID: q["teacherId"], Level: q["level"], Status: q["status"]}
		},
		filterOptions: func(c *fiber.Ctx) (map[string][]option, error) {
			teachers, err := w.teacherOptions(c, "", "")
			return map[string][]option{"teacherId": teachers[1:]}, err
		},
		find: w.Practice.FindRecognitions,
		rowFor: func(c *fiber.Ctx) (func(*models.Recognition) (string, []string), error) {
			teacher := w.teacherNames(c)
			return func(r *models.Recognition) (string, []string) {
				return "/dual-recognitions/" + r.ID.Hex(), []string{teacher(r.TeacherID), labelOf(dualLevels, r.Level), authorityText(r),
					r.RecognizedAt.String(), validUntil(r), r.CertNo}
			}, nil
		},
		badge: recognitionBadge,
		get:   w.Practice.FindRecognitionByID,
		about: func(r *models.Recognition) (bson.ObjectID, string, int64) {
			return r.ID, recognitionTitle(r), r.Version
		},
		detail: func(*models.Recognition) []pair { return nil },
		more:   w.recognitionPairs,
		form:   w.recognitionForm,
		read: func(v map[string]string) (models.RecognitionFields, map[string]string) {
			f := models.RecognitionFields{Version: version(v), SchoolID: text(v, "schoolId"), TeacherID: text(v, "teacherId"),
				Level: text(v, "level"), AuthorityKind: text(v, "authorityKind"), Authority: text(v, "authority"), CertNo: text(v, "certNo"),
				RecognizedAt: text(v, "recognizedAt"), ValidUntil: text(v, "validUntil"), StandardVersion: text(v, "standardVersion"),
				Evidence: listField(v, "evidence"), Status: text(v, "status")}
			if s, ok := v["practiceIds"]; ok {
				ids := strings.Split(s, ",")
				f.PracticeIDs = &ids
			}
			return f, map[string]string{}
		},
		values: func(r *models.Recognition) map[string]string {
			ids := make([]string, len(r.PracticeIDs))
			for i, id := range r.PracticeIDs {
				ids[i] = id.Hex()
			}
			return map[string]string{"teacherId": r.TeacherID.Hex(), "level": r.Level, "authorityKind": r.AuthorityKind, "authority": r.Authority,
				"certNo": r.CertNo, "recognizedAt": r.RecognizedAt.String(), "validUntil": r.ValidUntil.String(), "standardVersion": r.StandardVersion,
				"practiceIds": strings.Join(ids, ","), "evidence": strings.Join(r.Evidence, "\n"), "status": r.Status}
		},
		// The teacher's page links here with ?teacherId=.
		initial: func(c *fiber.Ctx) map[string]string {
			return map[string]string{"teacherId": c.Query("teacherId"), "level": models.DualJunior, "authorityKind": "school",
				"standardVersion": standardVersion, "status": models.RecognitionValid}
		},
		create: w.Practice.CreateRecognition,
		update: w.Practice.UpdateRecognition,
		remove: w.Practice.DeleteRecognition,
		mayWrite: func(p *models.Principal, r *models.Recognition) bool {
			return officeOrAdmin(p) && (r == nil || p.CanWriteSchool(r.SchoolID))
		},
	}
}

func validUntil(r *models.Recognition) string {
	if r.ValidUntil.IsZero() {
		return "长期"
	}
	return r.ValidUntil.String()
}

// recognitionPairs name the teacher and the practice records behind the
// decision.
func (w *Handler) recognitionPairs(c *fiber.Ctx, r *models.Recognition) ([]pair, error) {
	evidence := []string{}
	for _, id := range r.PracticeIDs {
		pr, err := w.Practice.FindPracticeByID(c.UserContext(), id)
		switch {
		case errors.Is(err, models.ErrNotFound):
			evidence = append(evidence, "（实践记录已不存在）")
		case err != nil:
			return nil, err
		default:
			evidence = append(evidence, practiceChoice(pr))
		}
	}
	return append([]pair{{"教师", w.teacherNames(c)(r.TeacherID)}, {"等级", labelOf(dualLevels, r.Level)},
		{"认定机构", authorityText(r)}, {"认定日期", r.RecognizedAt.String()}, {"有效期至", validUntil(r)}, {"证书编号", dash(r.CertNo)},
		{"认定标准", dash(r.StandardVersion)}, {"佐证的企业实践", dash(strings.Join(evidence, "；"))},
		{"其他佐证材料", dash(strings.Join(r.Evidence, "；"))}, {"状态", labelOf(recognitionStatuses, r.Status)}}, stamp(&r.Meta)...), nil
}

// practiceChoice names a practice record among a teacher's.
func practiceChoice(pr *models.Practice) string {
	return pr.Teacher.Name + " · " + pr.EnterpriseName + " · " + practicePeriod(pr) + "（" + labelOf(practiceForms, pr.Form) + "，" +
		strings.TrimSpace(pr.Post) + "）"
}

// recognitionForm offers the school's teachers and, as evidence, the approved
// practice of the teacher (the record's, the one posted or linked), or of the
// whole school while no teacher is chosen.
func (w *Handler) recognitionForm(c *fiber.Ctx, r *models.Recognition) ([]formField, error) {
	school, teacher := "", c.FormValue("teacherId", c.Query("teacherId"))
	if r != nil {
		school, teacher = r.SchoolID.Hex(), r.TeacherID.Hex()
	}
	teachers, err := w.teacherOptions(c, school, "请选择教师")
	if err != nil {
		return nil, err
	}
	evidence, err := w.approvedPractice(c, school, teacher)
	if err != nil {
		return nil, err
	}
	return w.withSchoolChoice(c, r == nil, []formField{
		{Name: "teacherId", Label: "教师", Required: true, Options: teachers},
		{Name: "level", Label: "等级", Required: true, Options: dualLevels},
		{Name: "authorityKind", Label: "认定机构层级", Required: true, Options: authorityKinds},
		{Name: "authority", Label: "认定机构", Required: true, Hint: "如“天津市教育委员会”"},
		{Name: "certNo", Label: "证书编号"},
		{Name: "recognizedAt", Label: "认定日期", Required: true, Type: "date"},
		{Name: "validUntil", Label: "有效期至", Type: "date", Hint: "不填为长期有效"},
		{Name: "standardVersion", Label: "认定标准", Hint: "如“教师厅〔2022〕2号”"},
		{Name: "practiceIds", Label: "佐证的企业实践", Multiple: true, Options: evidence,
			Hint: "该教师已审批的企业实践，可多选（按住Ctrl点选）；从教师页面进入时只列出该教师的实践"},
		{Name: "evidence", Label: "其他佐证材料", Type: "textarea", Hint: "证书、职称等，每行一项"},
		{Name: "status", Label: "状态", Required: true, Options: recognitionStatuses},
	})
}

// approvedPractice lists approved practice records as choices: the teacher's
// when one is named, else the school's.
func (w *Handler) approvedPractice(c *fiber.Ctx, school, teacher string) ([]option, error) {
	if _, err := models.ParseID(teacher); err != nil {
		teacher = ""
	}
	var out []option
	for page := 1; ; page++ {
		res, err := w.Practice.FindPractices(c.UserContext(), models.PracticeFilter{SchoolID: school, TeacherID: teacher, Status: models.PracticeApproved,
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "-startDate"}})
		if err != nil {
			return nil, err
		}
		for i := range res.Items {
			out = append(out, option{res.Items[i].ID.Hex(), practiceChoice(&res.Items[i])})
		}
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			return out, nil
		}
	}
}
