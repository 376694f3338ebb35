package sheets

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// Luban Workshop activities (鲁班工坊活动) as a sheet. A row is one activity of
// a workshop of the school, matched to the school's activities by workshop,
// type, title and start date: a new one is created, a stored one updated (or
// left alone when the row says what is stored), so that uploading the same
// file twice records nothing twice. The preview judges each row with
// luban.Service.CreateActivity (or UpdateActivity) in a dry run; the commit
// calls the same method for real.

// activityRowKey is a row's key as the preview shows it: the workshop as the
// row names it, the type, the title and the start date; "" while one is missing.
func activityRowKey(fields map[string]any) (key, field, name string) {
	text := func(f string) string { s, _ := fields[f].(string); return s }
	if w, t, title, start := text("workshop"), text("type"), text("title"), text("startDate"); w != "" && t != "" && title != "" && start != "" {
		key = w + " " + t + " " + title + " " + start
	}
	return key, "title", "工坊、活动类型、活动名称和开始日期"
}

// activityKey identifies an activity the way the import matches rows.
type activityKey struct {
	workshop, kind, title string
	start                 models.Date
}

func keyOfActivity(a *models.Activity) activityKey {
	return activityKey{a.WorkshopID.Hex(), a.Type, a.Title, a.StartDate}
}

// activityArea imports activities into the workshops of one school.
type activityArea struct {
	s       *Service
	school  string                           // hex id
	byCode  map[string]string                // 工坊编号 -> hex id
	byName  map[string][]string              // 中文名称 -> hex ids
	stored  map[activityKey]*models.Activity // the school's activities
	loadErr error
}

func (s *Service) activityArea(school string) area {
	return &activityArea{s: s, school: school}
}

// load reads the school's workshops and activities once, through the Luban
// service, whose scope applies.
func (a *activityArea) load(ctx context.Context) error {
	a.byCode, a.byName = map[string]string{}, map[string][]string{}
	for page := 1; ; page++ {
		p, err := a.s.luban.FindWorkshops(ctx, models.WorkshopFilter{SchoolID: a.school,
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "nameZh"}})
		if err != nil {
			return fmt.Errorf("sheets: workshops: %w", err)
		}
		for _, w := range p.Items {
			if w.Code != "" {
				a.byCode[w.Code] = w.ID.Hex()
			}
			a.byName[w.NameZH] = append(a.byName[w.NameZH], w.ID.Hex())
		}
		if len(p.Items) == 0 || int64(page*p.PageSize) >= p.Total {
			break
		}
	}
	return a.loadStored(ctx)
}

func (a *activityArea) loadStored(ctx context.Context) error {
	a.stored = map[activityKey]*models.Activity{}
	return a.s.luban.EachActivity(ctx, models.ActivityFilter{SchoolID: a.school}, func(act *models.Activity) error {
		a.stored[keyOfActivity(act)] = act
		return nil
	})
}

func (a *activityArea) owner(string, string) string { return "" }

// workshopID resolves the workshop a row names: by 工坊编号 first, then by
// Chinese name, which must name exactly one of the school's workshops.
func (a *activityArea) workshopID(named string) (string, string) {
	if named == "" {
		return "", "请填写工坊编号（未设编号的填写工坊中文名称）"
	}
	if id := a.byCode[named]; id != "" {
		return id, ""
	}
	switch ids := a.byName[named]; len(ids) {
	case 0:
		return "", "本校没有编号或中文名称为" + named + "的鲁班工坊"
	case 1:
		return ids[0], ""
	}
	return "", "本校有多个名称为" + named + "的鲁班工坊，请填写工坊编号"
}

// check resolves the row's workshop, matches the row to a stored activity and
// judges it with the Luban service in a dry run.
func (a *activityArea) check(ctx context.Context, row *Row) error {
	var own models.ValidationError
	named, _ := row.Fields["workshop"].(string)
	if id, msg := a.workshopID(named); msg != "" {
		own.Add("workshop", msg)
	} else {
		row.Fields["workshopId"] = id
	}
	row.Action = ActionCreate
	stored := a.matched(row.Fields)
	var version *int64
	if stored != nil {
		row.ID, row.Version, row.Action = stored.ID.Hex(), stored.Version, ActionUpdate
		version = &stored.Version
	}
	f, err := activityFields(row.Fields, version)
	if err != nil {
		return err
	}
	dry := records.DryRun(ctx)
	switch {
	case stored != nil && sameActivity(stored, f):
		row.Action = ActionUnchanged
		return nil
	case stored != nil:
		_, err = a.s.luban.UpdateActivity(dry, stored.ID, f)
	default:
		_, err = a.s.luban.CreateActivity(dry, f)
	}
	return withOwn(&own, foldTeachers(err))
}

// matched is the stored activity with the row's key, or nil.
func (a *activityArea) matched(fields map[string]any) *models.Activity {
	text := func(f string) string { s, _ := fields[f].(string); return s }
	start, err := models.ParseDate(text("startDate"))
	if err != nil || text("workshopId") == "" {
		return nil
	}
	return a.stored[activityKey{text("workshopId"), text("type"), text("title"), start}]
}

// save writes the row. A new row whose key was stored since the preview (the
// same file committed twice from two previews) is refused rather than recorded
// twice.
func (a *activityArea) save(ctx context.Context, row Row) (string, error) {
	if row.Action == ActionUnchanged {
		return ActionUnchanged, nil
	}
	var version *int64
	if row.Action == ActionUpdate {
		version = &row.Version
	}
	f, err := activityFields(row.Fields, version)
	if err != nil {
		return "", err
	}
	if row.Action == ActionUpdate {
		id, err := models.ParseID(row.ID)
		if err != nil {
			return "", err
		}
		_, err = a.s.luban.UpdateActivity(ctx, id, f)
		return ActionUpdate, foldTeachers(err)
	}
	if err := a.refuseStored(ctx, row.Fields); err != nil {
		return "", err
	}
	_, err = a.s.luban.CreateActivity(ctx, f)
	return ActionCreate, foldTeachers(err)
}

func (a *activityArea) refuseStored(ctx context.Context, fields map[string]any) error {
	if a.stored == nil {
		if err := a.loadStored(ctx); err != nil {
			return err
		}
	}
	if a.matched(fields) != nil {
		return models.NewConflict("title", "该工坊同一类型、同一名称和开始日期的活动已经登记（预览之后），请重新上传文件")
	}
	return nil
}

func (a *activityArea) each(context.Context, any, func(map[string]any) error) error {
	return fmt.Errorf("sheets: %w", models.BadRequest("鲁班工坊活动不按导入模板导出，请在活动汇总页面导出"))
}

// activityFields turns a row's fields into the activity's fields, naming
// version for an update. Dispatched teachers are the row's 工号, each with the
// activity's dates.
func activityFields(fields map[string]any, version *int64) (models.ActivityFields, error) {
	rest := make(map[string]any, len(fields))
	for k, v := range fields {
		if k != "teachers" && k != "workshop" {
			rest[k] = v
		}
	}
	f, err := decode[models.ActivityFields](rest)
	teachers := []models.DispatchField{}
	switch list := fields["teachers"].(type) {
	case []string:
		for _, no := range list {
			teachers = append(teachers, models.DispatchField{StaffNo: no})
		}
	case []any: // read back from a stored preview
		for _, no := range list {
			s, _ := no.(string)
			teachers = append(teachers, models.DispatchField{StaffNo: s})
		}
	}
	f.Teachers, f.Version = &teachers, version
	return f, err
}

// sameActivity reports whether writing f over a would change nothing.
func sameActivity(a *models.Activity, f models.ActivityFields) bool {
	after := *a
	after.Teachers, after.Evidence = slices.Clone(a.Teachers), slices.Clone(a.Evidence)
	var errs models.ValidationError
	f.Apply(&after, &errs)
	if errs.Err() != nil {
		return false
	}
	t, _ := models.ActivityTypeOf(after.Type)
	if !sameTeachers(a, after, *f.Teachers) {
		return false
	}
	if t.Teachers { // counted from the teachers, not typed
		after.Persons, after.PersonDays = a.Persons, a.PersonDays
	}
	before := *a
	for _, l := range []*[]string{&before.Evidence, &after.Evidence} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	before.Teachers, after.Teachers = nil, nil
	return reflect.DeepEqual(before, after)
}

// sameTeachers reports whether the row names a's teachers in a's order, each
// away for the whole activity as the import records them.
func sameTeachers(a *models.Activity, after models.Activity, row []models.DispatchField) bool {
	if len(row) != len(a.Teachers) {
		return false
	}
	for i, d := range a.Teachers {
		if d.Teacher.StaffNo != row[i].StaffNo || d.StartDate != after.StartDate || d.EndDate != after.EndDate {
			return false
		}
	}
	return true
}

// foldTeachers puts what the service says about one dispatched teacher
// (teachers[1].staffNo) on the 派出教师 column, naming the teacher's place in
// the list.
func foldTeachers(err error) error {
	var ve *models.ValidationError
	var ce *models.ConflictError
	switch {
	case errors.As(err, &ve):
		out := &models.ValidationError{}
		fields := slices.Sorted(maps.Keys(ve.Fields)) // the first teacher's message wins
		for _, field := range fields {
			msg := ve.Fields[field]
			if to, n, ok := teacherField(field); ok {
				field, msg = to, fmt.Sprintf("第%d位：%s", n+1, msg)
			}
			out.Add(field, msg)
		}
		return out
	case errors.As(err, &ce):
		if to, _, ok := teacherField(ce.Field); ok {
			return models.NewConflict(to, ce.Message)
		}
	}
	return err
}

func teacherField(field string) (string, int, bool) {
	rest, ok := strings.CutPrefix(field, "teachers[")
	if !ok {
		return field, 0, false
	}
	var n int
	if _, err := fmt.Sscanf(rest, "%d]", &n); err != nil {
		return "teachers", 0, true
	}
	return "teachers", n, true
}
