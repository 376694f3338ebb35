package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/luban"
)

// activityTypeOptions are the activity types in the order pages show them.
func activityTypeOptions() []option {
	out := make([]option, len(models.ActivityTypes))
	for i, t := range models.ActivityTypes {
		out[i] = option{t.Code, t.Label}
	}
	return out
}

var standardKinds = []option{{"", "（非标准类活动不填）"}, {models.StandardTeaching, "专业教学标准"}, {models.StandardCurriculum, "课程标准"}}

func activityTypeLabel(code string) string {
	if t, ok := models.ActivityTypeOf(code); ok {
		return t.Label
	}
	return code
}

// activityDates is the period, or the one day of a stock (在籍人数).
func activityDates(a *models.Activity) string {
	if a.EndDate == a.StartDate {
		return a.StartDate.String()
	}
	return a.StartDate.String() + " 至 " + a.EndDate.String()
}

// activityCount is the activity's key count in the words of its type.
func activityCount(a *models.Activity) string {
	t, ok := models.ActivityTypeOf(a.Type)
	switch {
	case !ok:
		return ""
	case t.Teachers:
		return "派出" + strconv.Itoa(a.Persons) + "人，共" + strconv.Itoa(a.PersonDays) + "人日"
	case t.Persons != "":
		return t.Persons + " " + strconv.Itoa(a.Persons)
	case t.Items != "" && a.Items > 0:
		return t.Items + " " + strconv.Itoa(a.Items)
	}
	return ""
}

type activityResource = resource[models.Activity, models.ActivityFields, models.ActivityFilter]

// activities are what the workshops did (鲁班工坊活动): the generic list, page
// and form. The form shows every field; the service refuses the counts a type
// does not record, naming the field.
func (w *Handler) activities() *activityResource {
	return &activityResource{
		path: "/luban-activities", noun: "鲁班工坊活动",
		search: "活动名称、工坊或派出教师姓名",
		filters: []formField{{Name: "workshopId", Label: "鲁班工坊"}, {Name: "type", Label: "活动类型", Options: activityTypeOptions()},
			{Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts:        []option{{"-startDate", "开始日期（新到旧）"}, {"startDate", "开始日期（旧到新）"}, {"workshopName", "鲁班工坊"}, {"type", "活动类型"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"活动名称", "鲁班工坊", "活动类型", "日期", "人数", "人日", "数量"},
		filter: func(lp models.ListParams, q map[string]string) models.ActivityFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.ActivityFilter{ListParams: lp, SchoolID: q["schoolId"], WorkshopID: q["workshopId"], Type: q["type"], Year: year}
		},
		filterOptions: func(c *fiber.Ctx) (map[string][]option, error) {
			ws, err := w.workshopOptions(c, "")
			return map[string][]option{"workshopId": ws, "year": w.yearOptions()}, err
		},
		find: w.Luban.FindActivities,
		row: func(a *models.Activity) (string, []string) {
			return "/luban-activities/" + a.ID.Hex(), []string{a.Title, a.WorkshopName, activityTypeLabel(a.Type), activityDates(a),
				countText(a.Persons), countText(a.PersonDays), countText(a.Items)}
		},
		get: w.Luban.FindActivityByID,
		about: func(a *models.Activity) (bson.ObjectID, string, int64) {
			return a.ID, a.Title, a.Version
		},
		detail: activityPairs,
		tables: func(_ *fiber.Ctx, a *models.Activity) ([]detailTable, error) {
			if len(a.Teachers) == 0 {
				return nil, nil
			}
			return []detailTable{dispatchTable(a)}, nil
		},
		form:   w.activityForm,
		read:   readActivity,
		values: activityValues,
		// The workshop's page links here with ?workshopId=.
		initial: func(c *fiber.Ctx) map[string]string {
			return map[string]string{"workshopId": c.Query("workshopId"), "type": models.ActivityShortTraining}
		},
		create: w.Luban.CreateActivity,
		update: w.Luban.UpdateActivity,
		remove: w.Luban.DeleteActivity,
		errorsOn: func(v, fe map[string]string) {
			_, b := dispatchBox(v["teachers"])
			b.place(fe)
		},
		mayWrite: officeOfSchool[models.Activity],
	}
}

func countText(n int) string {
	if n == 0 {
		return "—"
	}
	return strconv.Itoa(n)
}

// workshopOptions are the workshops the caller reads, by name; first, when
// given, the choice of none.
func (w *Handler) workshopOptions(c *fiber.Ctx, none string) ([]option, error) {
	var out []option
	if none != "" {
		out = append(out, option{"", none})
	}
	res, err := w.Luban.FindWorkshops(c.UserContext(), models.WorkshopFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "nameZh"}})
	if err != nil {
		return nil, err
	}
	for i := range res.Items {
		out = append(out, option{res.Items[i].ID.Hex(), luban.WorkshopLabel(&res.Items[i])})
	}
	return out, nil
}

// activityForm shows every field with what each type uses in its hint; the
// service is the judge.
func (w *Handler) activityForm(c *fiber.Ctx, _ *models.Activity) ([]formField, error) {
	ws, err := w.workshopOptions(c, "请选择鲁班工坊")
	if err != nil {
		return nil, err
	}
	return []formField{
		{Name: "workshopId", Label: "鲁班工坊", Required: true, Options: ws},
		{Name: "type", Label: "活动类型", Required: true, Options: activityTypeOptions(), Hint: activityTypeHint()},
		{Name: "title", Label: "活动名称", Required: true},
		{Name: "startDate", Label: "开始日期", Required: true, Type: "date", Hint: "学历教育填统计在籍人数的日期"},
		{Name: "endDate", Label: "结束日期", Type: "date", Hint: "学历教育不填或与开始日期相同"},
		{Name: "persons", Label: "人数", Type: "number", Hint: "培训、来访、出访及学历教育填写；派出教师不填，由名单得出"},
		{Name: "personDays", Label: "人日", Type: "number", Hint: "培训填写；留空则按人数×天数计算"},
		{Name: "items", Label: "数量", Type: "number", Hint: "标准数、教材种数、资源数、设备台套数、获奖项数或服务企业数"},
		{Name: "valueFen", Label: "设备价值（元）", Hint: "设备援助填写，以元为单位，如150000或150000.50"},
		{Name: "teachers", Label: "派出教师", Type: "list", Hint: dispatchHint},
		{Name: "standardKind", Label: "标准类别", Options: standardKinds},
		{Name: "recognizedBy", Label: "采用机构", Hint: "开发标准被国（境）外机构采用时填写"},
		{Name: "adoptedOn", Label: "采用日期", Type: "date"},
		{Name: "award", Label: "获奖情况", Hint: "技能大赛填写，如“一等奖1项”"},
		{Name: "evidence", Label: "佐证材料", Type: "list", Hint: "每行一项，如文件名、通知文号或链接"},
		{Name: "note", Label: "备注", Type: "textarea"},
	}, nil
}

// activityTypeHint says which counts each type records, from ActivityTypes.
func activityTypeHint() string {
	var parts []string
	for _, t := range models.ActivityTypes {
		var uses []string
		for _, u := range []string{t.Persons, t.Items} {
			if u != "" {
				uses = append(uses, u)
			}
		}
		if t.PersonDays {
			uses = append(uses, "人日")
		}
		if t.Value {
			uses = append(uses, "设备价值")
		}
		if t.Teachers {
			uses = append(uses, "派出教师名单")
		}
		if t.Standard {
			uses = append(uses, "标准类别")
		}
		if t.Award {
			uses = append(uses, "获奖情况")
		}
		parts = append(parts, t.Label+"："+strings.Join(uses, "、"))
	}
	return "各类型填写的项目——" + strings.Join(parts, "；") + "。其他计数项留空"
}

// dispatchHint documents the teachers box.
const dispatchHint = "派出教师填写，每行一位：工号，或“工号,出发日期,返回日期”，如“T001,2025-03-01,2025-03-20”；不填日期的按活动起止日期计算在外天数"

func readActivity(v map[string]string) (models.ActivityFields, map[string]string) {
	r := reader{v: v, errs: map[string]string{}}
	f := models.ActivityFields{Version: version(v), WorkshopID: text(v, "workshopId"), Type: text(v, "type"), Title: text(v, "title"),
		StartDate: text(v, "startDate"), EndDate: text(v, "endDate"), Persons: number(v, "persons", "人数须为整数", r.errs),
		Items: number(v, "items", "数量须为整数", r.errs), StandardKind: text(v, "standardKind"), RecognizedBy: text(v, "recognizedBy"),
		AdoptedOn: text(v, "adoptedOn"), Award: text(v, "award"), Evidence: listField(v, "evidence"), Note: text(v, "note")}
	if s := v["personDays"]; s != "" { // left out: computed as persons × days
		f.PersonDays = number(v, "personDays", "人日须为整数", r.errs)
	}
	if r.has("valueFen") {
		fen := r.fen("valueFen")
		f.ValueFen = &fen
	}
	if s, ok := v["teachers"]; ok {
		teachers, b := dispatchBox(s)
		f.Teachers = &teachers
		b.shapeErrors(r.errs)
	}
	return f, r.errs
}

// dispatchBox reads the teachers box: "工号" or "工号 出发日期 返回日期", the
// words apart by commas, spaces or tabs.
func dispatchBox(s string) ([]models.DispatchField, box) {
	items, b := readBox("teachers", s, 1, 3, "工号 或 工号,出发日期,返回日期", func(w []string) models.DispatchField {
		d := models.DispatchField{StaffNo: w[0]}
		if len(w) == 3 {
			d.StartDate, d.EndDate = w[1], w[2]
		}
		return d
	})
	// Two words is a date without its other end: the wrong shape.
	kept, sent := items[:0], b.sent[:0]
	for i, l := range b.sent {
		if len(l.words) == 2 {
			b.bad = append(b.bad, l)
			continue
		}
		kept, sent = append(kept, items[i]), append(sent, l)
	}
	b.sent = sent
	b.labels = map[string]string{"staffNo": "工号", "teacherId": "工号", "startDate": "出发日期", "endDate": "返回日期"}
	return kept, b
}

// activityValues are an activity's fields as the form shows them; a
// dispatch's persons and person-days are computed, so left out.
func activityValues(a *models.Activity) map[string]string {
	teachers := make([]string, len(a.Teachers))
	for i, d := range a.Teachers {
		teachers[i] = d.Teacher.StaffNo + "," + d.StartDate.String() + "," + d.EndDate.String()
	}
	v := map[string]string{"workshopId": a.WorkshopID.Hex(), "type": a.Type, "title": a.Title, "startDate": dateText(a.StartDate),
		"endDate": dateText(a.EndDate), "persons": blankZero(a.Persons), "personDays": blankZero(a.PersonDays), "items": blankZero(a.Items),
		"teachers": linesOf(teachers), "standardKind": a.StandardKind, "recognizedBy": a.RecognizedBy, "adoptedOn": dateText(a.AdoptedOn),
		"award": a.Award, "evidence": linesOf(a.Evidence), "note": a.Note}
	if a.ValueFen > 0 {
		v["valueFen"] = yuanOf(a.ValueFen)
	}
	if t, ok := models.ActivityTypeOf(a.Type); ok && t.Teachers {
		v["persons"], v["personDays"] = "", ""
	}
	return v
}

func blankZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// activityPairs describe the activity with the counts its type records.
func activityPairs(a *models.Activity) []pair {
	t, _ := models.ActivityTypeOf(a.Type)
	out := []pair{{"鲁班工坊", a.WorkshopName}, {"活动类型", activityTypeLabel(a.Type)}, {"活动名称", a.Title},
		{"日期", activityDates(a) + "（共" + strconv.Itoa(a.Span()) + "天）"}}
	switch {
	case t.Teachers:
		out = append(out, pair{"派出人数", strconv.Itoa(a.Persons) + " 人"}, pair{"在外人日", strconv.Itoa(a.PersonDays) + " 人日"})
	case t.Persons != "":
		out = append(out, pair{t.Persons, strconv.Itoa(a.Persons)})
		if t.PersonDays {
			out = append(out, pair{"人日", strconv.Itoa(a.PersonDays)})
		}
	}
	if t.Items != "" {
		out = append(out, pair{t.Items, strconv.Itoa(a.Items)})
	}
	if t.Value {
		out = append(out, pair{"设备价值", yuanOf(a.ValueFen) + " 元"})
	}
	if t.Standard {
		out = append(out, pair{"标准类别", models.StandardKindLabel(a.StandardKind)}, pair{"采用机构", dash(a.RecognizedBy)},
			pair{"采用日期", dash(dateText(a.AdoptedOn))})
	}
	if t.Award {
		out = append(out, pair{"获奖情况", dash(a.Award)})
	}
	out = append(out, pair{"佐证材料", dash(strings.Join(a.Evidence, "；"))}, pair{"备注", dash(a.Note)})
	return append(out, stamp(&a.Meta)...)
}

// dispatchTable lists the dispatched teachers with their days abroad.
func dispatchTable(a *models.Activity) detailTable {
	t := detailTable{Title: "派出教师", Columns: []string{"教师", "出发日期", "返回日期", "在外天数", "专任"}, Empty: "无"}
	for _, d := range a.Teachers {
		t.Rows = append(t.Rows, listRow{Href: "/teachers/" + d.TeacherID.Hex(), Cells: []string{staffName(d.Teacher), d.StartDate.String(),
			d.EndDate.String(), strconv.Itoa(d.Days) + " 天", yesText(d.FullTime)}})
	}
	return t
}
