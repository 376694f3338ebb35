package sheets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/records"
)

// Placement drafts (实习) as a sheet. A row is one placement, matched to the
// school's placements by 学号, enterprise and start date: a new one becomes a
// draft, a draft already there is updated, any other is refused
// (placements.ErrNotDraft). The preview judges each row with
// placements.CheckFields in a dry run, which gives the row's validation errors
// or, for a good row, the rule findings its draft will carry; the commit writes
// the draft and its check in one write with placements.SaveCheckedDraft.
//
// Columns are the placement's JSON paths (post.name, insurance.from …), so
// that the service's errors land on their columns. The student, the enterprise
// and the school mentor are named as a school knows them (学号, 统一社会信用代码
// or name, 工号) and resolved to ids here.

// placementRowKey is a row's key as the preview shows it: 学号, the
// enterprise as the row names it and the start date; "" while one is missing.
func placementRowKey(fields map[string]any) (key, field, name string) {
	text := func(f string) string { s, _ := fields[f].(string); return s }
	ent := cmpOr(text("enterpriseCode"), text("enterpriseName"))
	if no, start := text("studentNo"), text("startDate"); no != "" && ent != "" && start != "" {
		key = no + " " + ent + " " + start
	}
	return key, "studentNo", "学号、实习单位和开始日期"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// placementKey identifies a placement the way the import matches rows.
type placementKey struct {
	student, enterprise string // hex ids
	start               models.Date
}

// keyOfFields is a row's key once its references are resolved.
func keyOfFields(fields map[string]any) (placementKey, bool) {
	student, _ := fields["studentId"].(string)
	ent, _ := fields["enterpriseId"].(string)
	start, _ := fields["startDate"].(string)
	d, err := models.ParseDate(start)
	return placementKey{student, ent, d}, student != "" && ent != "" && err == nil
}

// placementArea imports placements into one school.
type placementArea struct {
	s        *Service
	school   string // hex id
	emp      *employers
	students map[string]*models.Student // 学号 -> the school's student
	teachers map[string]string          // 工号 -> hex id of the school's teacher
	stored   map[placementKey]*placements.Placement
	periods  map[string][]filePeriod // student id -> 岗位实习 of earlier rows of the file
}

// filePeriod is a 岗位实习 an earlier row of the file proposes.
type filePeriod struct {
	row      int
	from, to models.Date
}

func (s *Service) placementArea(school string) area {
	return &placementArea{s: s, school: school, emp: newEmployers(s.enterprises)}
}

// load reads the school's students, teachers and placements and every
// enterprise once, through their services, so that each row's dry run finds
// them in the request's snapshot instead of scanning a collection per row.
func (a *placementArea) load(ctx context.Context) error {
	a.students, a.teachers, a.periods = map[string]*models.Student{}, map[string]string{}, map[string][]filePeriod{}
	err := a.s.people.EachStudent(ctx, models.StudentFilter{SchoolID: a.school}, func(st *models.Student) error {
		a.students[st.StudentNo] = st
		return nil
	})
	if err != nil {
		return err
	}
	err = a.s.people.EachTeacher(ctx, models.TeacherFilter{SchoolID: a.school}, func(t *models.Teacher) error {
		a.teachers[t.StaffNo] = t.ID.Hex()
		return nil
	})
	if err != nil {
		return err
	}
	if err := a.emp.load(ctx); err != nil {
		return err
	}
	return a.loadStored(ctx)
}

// loadStored reads the school's placements by key.
func (a *placementArea) loadStored(ctx context.Context) error {
	a.stored = map[placementKey]*placements.Placement{}
	return a.s.placements.EachPlacement(ctx, models.PlacementFilter{SchoolID: a.school}, func(pl *placements.Placement) error {
		a.stored[placementKey{pl.StudentID.Hex(), pl.EnterpriseID.Hex(), pl.StartDate}] = pl
		return nil
	})
}

func (a *placementArea) owner(string, string) string { return "" }

// check resolves the row's references, matches it to a stored placement and
// judges it with CheckFields in a dry run: errors for a bad row, the findings
// for a good one.
func (a *placementArea) check(ctx context.Context, row *Row) error {
	var own models.ValidationError
	if err := a.resolve(ctx, row, &own); err != nil {
		return err
	}
	row.Action = ActionCreate
	id, version := bson.NilObjectID, (*int64)(nil)
	if pl := a.matched(row.Fields); pl != nil {
		if pl.Status != models.PlacementDraft {
			return placements.ErrNotDraft
		}
		id, version = pl.ID, &pl.Version
		row.ID, row.Version, row.Action = pl.ID.Hex(), pl.Version, ActionUpdate
		row.Fields["fees.charges"] = pl.Fees.Charges // the sheet carries no charges: keep those recorded
	}
	f, err := placementFields(row.Fields, a.school, version)
	if err != nil {
		return err
	}
	res, err := a.s.placements.CheckFields(records.DryRun(ctx), id, f)
	if own.Err() != nil || err != nil {
		return withOwn(&own, err)
	}
	row.Findings, row.RuleSet = res.Findings, res.RuleSetVersion
	if res.Unchanged {
		row.Action = ActionUnchanged
	}
	return a.overlapsFile(row.Number, row.Fields, f)
}

// resolve names the row's student, enterprise and school mentor by id in its
// fields, and adds to own what the sheet names wrongly.
func (a *placementArea) resolve(ctx context.Context, row *Row, own *models.ValidationError) error {
	text := func(f string) string { s, _ := row.Fields[f].(string); return s }
	no := text("studentNo")
	switch st := a.students[no]; {
	case no == "":
		own.Add("studentNo", "学号为必填项")
	case st == nil:
		own.Add("studentNo", "本校没有学号为"+no+"的学生")
	default:
		row.Fields["studentId"] = st.ID.Hex()
		if name := text("studentName"); name != "" && name != st.Name {
			own.Add("studentName", "与学号"+no+"的学生姓名（"+st.Name+"）不一致，请核对学号")
		}
	}
	id, field, msg, err := a.emp.named(ctx, text("enterpriseCode"), text("enterpriseName"))
	if err != nil {
		return err
	}
	if msg != "" {
		own.Add(field, msg)
	}
	if id != "" {
		row.Fields["enterpriseId"] = id
	}
	if staff := text("mentors.schoolMentorStaffNo"); staff != "" {
		if tid := a.teachers[staff]; tid != "" {
			row.Fields["mentors.schoolMentorTeacherId"] = tid
		} else {
			own.Add("mentors.schoolMentorStaffNo", "本校没有工号为"+staff+"的教师")
		}
	}
	return nil
}

// matched is the stored placement with the row's key, or nil.
func (a *placementArea) matched(fields map[string]any) *placements.Placement {
	k, ok := keyOfFields(fields)
	if !ok {
		return nil
	}
	return a.stored[k]
}

// referenced are the fields the service names for a reference the sheet gives
// in other columns: when the sheet's columns are wrong, the service's "missing"
// says nothing more.
var referenced = map[string][]string{"studentId": {"studentNo"}, "enterpriseId": {"enterpriseCode", "enterpriseName"},
	"mentors.schoolMentorTeacherId": {"mentors.schoolMentorStaffNo"}}

// withOwn joins what the sheet names wrongly (first) with the service's
// answer; the service's other refusals then follow from the same mistakes.
func withOwn(own *models.ValidationError, err error) error {
	if own.Err() == nil {
		return err
	}
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		for field, msg := range ve.Fields {
			if !slices.ContainsFunc(referenced[field], func(col string) bool { _, bad := own.Fields[col]; return bad }) {
				own.Add(field, msg)
			}
		}
		return own
	}
	if err != nil && addServiceErrors(err, map[string]string{}) != nil {
		return err // the store failed
	}
	return own
}

// overlapsFile refuses a 岗位实习 overlapping one an earlier row of the file
// proposes for the same student (CheckFields sees only what is stored).
func (a *placementArea) overlapsFile(n int, fields map[string]any, f models.PlacementFields) error {
	student, _ := fields["studentId"].(string)
	kind, _ := models.NormalizePlacementKind(deref0(f.Kind))
	from, err1 := models.ParseDate(deref0(f.StartDate))
	to, err2 := models.ParseDate(deref0(f.PlannedEndDate))
	if kind != models.PlacementPosition || student == "" || err1 != nil || err2 != nil {
		return nil
	}
	for _, p := range a.periods[student] {
		if !from.After(p.to) && !to.Before(p.from) {
			return models.NewConflict("startDate", fmt.Sprintf("与第%d行该学生的岗位实习（%s至%s）时间重叠，同一学生的岗位实习时间不能重叠", p.row, p.from, p.to))
		}
	}
	a.periods[student] = append(a.periods[student], filePeriod{row: n, from: from, to: to})
	return nil
}

func deref0(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// save writes the row's draft and its check. A new row whose key was stored
// since the preview (a second commit, another user) is refused rather than
// proposed twice.
func (a *placementArea) save(ctx context.Context, row Row) (string, error) {
	if row.Action == ActionUnchanged {
		return ActionUnchanged, nil
	}
	id, version := bson.NilObjectID, (*int64)(nil)
	if row.Action == ActionUpdate {
		var err error
		if id, err = models.ParseID(row.ID); err != nil {
			return "", err
		}
		version = &row.Version
	} else if err := a.refuseStored(ctx, row.Fields); err != nil {
		return "", err
	}
	f, err := placementFields(row.Fields, a.school, version)
	if err != nil {
		return "", err
	}
	_, err = a.s.placements.SaveCheckedDraft(ctx, id, f)
	return row.Action, err
}

// refuseStored refuses a new row whose key is stored already, reading the
// school's placements once per commit.
func (a *placementArea) refuseStored(ctx context.Context, fields map[string]any) error {
	if a.stored == nil {
		if err := a.loadStored(ctx); err != nil {
			return err
		}
	}
	if a.matched(fields) != nil {
		return models.NewConflict("studentNo", "该学生在该实习单位同一开始日期的实习已经登记（预览之后），请重新上传文件")
	}
	return nil
}

func (a *placementArea) each(context.Context, any, func(map[string]any) error) error {
	return fmt.Errorf("sheets: %w", models.BadRequest("实习不按导入模板导出，请在实习列表中导出"))
}

// placementFields turns a row's fields, keyed by JSON path, into the
// placement's fields for school, naming version for an update.
func placementFields(fields map[string]any, school string, version *int64) (models.PlacementFields, error) {
	nested := map[string]any{}
	for path, v := range fields {
		m, parts := nested, strings.Split(path, ".")
		for _, p := range parts[:len(parts)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	f, err := decode[models.PlacementFields](nested)
	f.SchoolID, f.Version = &school, version
	return f, err
}
