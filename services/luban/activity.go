package luban

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var activitySortable = map[string]string{
	"startDate": "startDate", "type": "type", "title": "title", "workshopName": "workshopName",
	"createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindActivities lists the activities of the caller's schools, narrowed by
// school, workshop, dispatched teacher, type and the statistical year they
// overlap. Enterprise users may not (ErrForbidden).
func (s *Service) FindActivities(ctx context.Context, f models.ActivityFilter) (models.Page[models.Activity], error) {
	var zero models.Page[models.Activity]
	filter, err := s.activityFilter(ctx, f)
	if err != nil {
		return zero, err
	}
	return store.FindPage[models.Activity](ctx, s.activities.C, filter, f.ListParams, activitySortable, []string{"title", "workshopName", "teachers.teacher.name"})
}

// EachActivity calls fn with every activity FindActivities(f) would list,
// ignoring paging.
func (s *Service) EachActivity(ctx context.Context, f models.ActivityFilter, fn func(*models.Activity) error) error {
	filter, err := s.activityFilter(ctx, f)
	if err != nil {
		return err
	}
	return s.activities.Each(ctx, filter, f.ListParams, activitySortable, nil, fn)
}

func (s *Service) activityFilter(ctx context.Context, f models.ActivityFilter) (bson.D, error) {
	_, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"workshopId", f.WorkshopID}, [2]string{"teachers.teacherId", f.TeacherID})
	if err != nil {
		return nil, err
	}
	if f.Type != "" {
		filter = append(filter, bson.E{Key: "type", Value: f.Type})
	}
	return overlapFilter(filter, f.Year), nil
}

// FindActivityByID returns an activity the caller may read, or ErrNotFound.
func (s *Service) FindActivityByID(ctx context.Context, id bson.ObjectID) (*models.Activity, error) {
	_, rec, err := scoped.Readable(ctx, s.activities, id)
	return rec, err
}

// CreateActivity records an activity of a workshop the caller may change; the
// activity belongs to the workshop's school.
func (s *Service) CreateActivity(ctx context.Context, f models.ActivityFields) (*models.Activity, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Role.IsOffice() && p.Role != models.RoleSystemAdmin {
		return nil, models.ErrForbidden // before the workshop's 422: a reader may write nowhere
	}
	a := &models.Activity{Teachers: []models.Dispatch{}, Evidence: []string{}}
	if err := s.checkActivity(ctx, nil, a, f); err != nil {
		return nil, err
	}
	if err := s.activities.Insert(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateActivity changes an activity; it may move to another workshop of the
// same school.
func (s *Service) UpdateActivity(ctx context.Context, id bson.ObjectID, f models.ActivityFields) (*models.Activity, error) {
	return scoped.Update(ctx, s.activities, id, f.Version, nil, func(before, a *models.Activity) error {
		return s.checkActivity(ctx, before, a, f)
	})
}

// DeleteActivity removes an activity.
func (s *Service) DeleteActivity(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.activities, id, nil)
}

// checkActivity applies f, resolves the workshop and the dispatched teachers
// and checks everything, naming every failing field at once.
func (s *Service) checkActivity(ctx context.Context, before, a *models.Activity, f models.ActivityFields) error {
	var errs models.ValidationError
	f.Apply(a, &errs)
	if err := s.activityWorkshop(ctx, before, a, &errs); err != nil {
		return err
	}
	t, ok := models.ActivityTypeOf(a.Type)
	if ok && t.Teachers {
		if err := s.dispatches(ctx, a, f, &errs); err != nil {
			return err
		}
	} else if f.Teachers != nil && len(*f.Teachers) > 0 && ok {
		errs.Add("teachers", t.Label+"不填写派出教师")
	}
	if err := models.MergeValidation(&errs, s.v.Struct(a)); err != nil {
		return err
	}
	if ok && t.Teachers {
		return s.checkDispatchOverlap(ctx, a)
	}
	return nil
}

// activityWorkshop resolves the workshop: one the caller may change, assigned
// to a school, and of the same school as before on an update.
func (s *Service) activityWorkshop(ctx context.Context, before, a *models.Activity, errs *models.ValidationError) error {
	if a.WorkshopID.IsZero() {
		return nil
	}
	w, err := scoped.Writable(ctx, s.workshops, a.WorkshopID)
	switch {
	case isNotFound(err):
		errs.Add("workshopId", "鲁班工坊不存在")
		return nil
	case err != nil:
		return err
	case w.SchoolID.IsZero():
		errs.Add("workshopId", "该鲁班工坊尚未指定所属学校，请系统管理员先指定")
		return nil
	case before != nil && w.SchoolID != before.SchoolID:
		errs.Add("workshopId", "活动只能移到本校的其他鲁班工坊")
		return nil
	}
	a.SchoolID, a.WorkshopName = w.SchoolID, w.NameZH
	return nil
}

// dispatches resolves the dispatched teachers (by id or 工号, of the
// workshop's school), dates each (the activity's when not given, within the
// activity) and computes the days abroad: persons are the teachers, person-days
// the sum of their days.
func (s *Service) dispatches(ctx context.Context, a *models.Activity, f models.ActivityFields, errs *models.ValidationError) error {
	if a.Persons != 0 && f.Persons != nil {
		errs.Add("persons", "派出教师的人数由派出教师名单得出，不填写")
	}
	if f.PersonDays != nil && *f.PersonDays != 0 {
		errs.Add("personDays", "派出教师的人日由每位教师的起止日期计算，不填写")
	}
	if f.Teachers == nil { // kept as they were: still within the activity's dates?
		for i := range a.Teachers {
			checkDispatchDates(a, &a.Teachers[i], fmt.Sprintf("teachers[%d]", i), errs)
		}
		s.totalDispatch(a)
		if len(a.Teachers) == 0 {
			errs.Add("teachers", "派出教师为必填项，至少一人")
		}
		return nil
	}
	if len(*f.Teachers) == 0 {
		errs.Add("teachers", "派出教师为必填项，至少一人")
	}
	if a.SchoolID.IsZero() {
		return nil // the workshop's error says why
	}
	staff, err := s.staffOf(ctx, a.SchoolID)
	if err != nil {
		return err
	}
	a.Teachers = []models.Dispatch{}
	seen := map[bson.ObjectID]bool{}
	for i, in := range *f.Teachers {
		field := fmt.Sprintf("teachers[%d]", i)
		t, ok := findStaff(staff, in, field, errs)
		if !ok {
			continue
		}
		if seen[t.ID] {
			errs.Add(field+".teacherId", "同一位教师在一条活动中只列一次；多次派出请分别登记")
			continue
		}
		seen[t.ID] = true
		d := models.Dispatch{TeacherID: t.ID, Teacher: models.StaffRef{Name: t.Name, StaffNo: t.StaffNo},
			FullTime: t.Employment == models.EmploymentFullTime, StartDate: a.StartDate, EndDate: a.EndDate}
		var de models.ValidationError
		if v := strings.TrimSpace(in.StartDate); v != "" {
			d.StartDate = parseDate(v, field+".startDate", &de)
		}
		if v := strings.TrimSpace(in.EndDate); v != "" {
			d.EndDate = parseDate(v, field+".endDate", &de)
		}
		checkDispatchDates(a, &d, field, &de)
		for k, m := range de.Fields {
			errs.Add(k, m)
		}
		if len(de.Fields) == 0 {
			d.Days = models.DaysBetween(d.StartDate, d.EndDate) + 1
			a.Teachers = append(a.Teachers, d)
		}
	}
	s.totalDispatch(a)
	return nil
}

func (s *Service) totalDispatch(a *models.Activity) {
	a.Persons, a.PersonDays = len(a.Teachers), 0
	for _, d := range a.Teachers {
		a.PersonDays += d.Days
	}
}

func checkDispatchDates(a *models.Activity, d *models.Dispatch, field string, errs *models.ValidationError) {
	switch {
	case d.StartDate.IsZero() || d.EndDate.IsZero():
		return // the activity's own dates are reported
	case d.EndDate.Before(d.StartDate):
		errs.Add(field+".endDate", "返回日期不能早于出发日期")
	case d.StartDate.Before(a.StartDate) || d.EndDate.After(a.EndDate):
		errs.Add(field+".startDate", "教师在外日期须在活动起止日期（"+a.StartDate.String()+"至"+a.EndDate.String()+"）之内")
	}
}

func parseDate(s, field string, errs *models.ValidationError) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		errs.Add(field, "日期须为有效日期，格式为YYYY-MM-DD")
	}
	return d
}

// staffOf is the school's teachers by id and by 工号, read once per request
// in an upload's dry runs.
func (s *Service) staffOf(ctx context.Context, school bson.ObjectID) (map[string]people.Staff, error) {
	return records.Memo(ctx, "luban-staff:"+school.Hex(), func() (map[string]people.Staff, error) {
		out := map[string]people.Staff{}
		err := s.people.EachStaff(ctx, []bson.ObjectID{school}, func(t people.Staff) {
			out["id:"+t.ID.Hex()] = t
			out["no:"+t.StaffNo] = t
		})
		return out, err
	})
}

func findStaff(staff map[string]people.Staff, in models.DispatchField, field string, errs *models.ValidationError) (people.Staff, bool) {
	id, no := strings.TrimSpace(in.TeacherID), strings.TrimSpace(in.StaffNo)
	switch {
	case id != "":
		t, ok := staff["id:"+id]
		if !ok {
			errs.Add(field+".teacherId", "本校没有该教师")
		}
		return t, ok
	case no != "":
		t, ok := staff["no:"+no]
		if !ok {
			errs.Add(field+".staffNo", "本校没有工号为"+no+"的教师")
		}
		return t, ok
	}
	errs.Add(field+".staffNo", "派出教师为必填项（工号）")
	return people.Staff{}, false
}

// checkDispatchOverlap refuses a teacher abroad for two activities on the same
// day: days abroad would count twice.
func (s *Service) checkDispatchOverlap(ctx context.Context, a *models.Activity) error {
	for i, d := range a.Teachers {
		filter := bson.D{{Key: "teachers.teacherId", Value: d.TeacherID}, {Key: "_id", Value: bson.D{{Key: "$ne", Value: a.ID}}}}
		cur, err := s.activities.C.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "title", Value: 1}, {Key: "teachers", Value: 1}}))
		if err != nil {
			return fmt.Errorf("luban: dispatch overlap: %w", err)
		}
		var clash error
		for clash == nil && cur.Next(ctx) {
			var other models.Activity
			if err := cur.Decode(&other); err != nil {
				cur.Close(ctx)
				return fmt.Errorf("luban: dispatch overlap: %w", err)
			}
			for _, o := range other.Teachers {
				if o.TeacherID == d.TeacherID && !o.StartDate.After(d.EndDate) && !o.EndDate.Before(d.StartDate) {
					clash = models.NewConflict(fmt.Sprintf("teachers[%d].teacherId", i), fmt.Sprintf("%s在%s至%s已登记在「%s」的派出中，同一天不能重复计算在外时间",
						d.Teacher.Name, o.StartDate, o.EndDate, other.Title))
				}
			}
		}
		err = cur.Err()
		cur.Close(ctx)
		if err != nil {
			return fmt.Errorf("luban: dispatch overlap: %w", err)
		}
		if clash != nil {
			return clash
		}
	}
	return nil
}

// Dispatch is one of a teacher's dispatches abroad, for the teacher's page.
type Dispatch struct {
	ActivityID   bson.ObjectID
	WorkshopID   bson.ObjectID
	WorkshopName string
	Title        string
	StartDate    models.Date
	EndDate      models.Date
	Days         int
}

// TeacherDispatches lists a teacher's dispatches abroad, newest first, for a
// caller who may read the teacher's school.
func (s *Service) TeacherDispatches(ctx context.Context, teacherID bson.ObjectID) ([]Dispatch, error) {
	var out []Dispatch
	f := models.ActivityFilter{TeacherID: teacherID.Hex(), ListParams: models.ListParams{Sort: "-startDate"}}
	err := s.EachActivity(ctx, f, func(a *models.Activity) error {
		for _, d := range a.Teachers {
			if d.TeacherID == teacherID {
				out = append(out, Dispatch{ActivityID: a.ID, WorkshopID: a.WorkshopID, WorkshopName: a.WorkshopName, Title: a.Title,
					StartDate: d.StartDate, EndDate: d.EndDate, Days: d.Days})
			}
		}
		return nil
	})
	return out, err
}
