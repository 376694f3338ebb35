package luban

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

const (
	intlTable  = "国际影响表"
	lubanTable = "国际影响表（鲁班工坊）"
	// stockDay is the day stock figures are taken.
	stockDay = "统计学年最后一天（8月31日；学年未结束的取今天）"
	// inYear says how interval records count.
	inYear = "活动起止日期与统计学年有交集的计入"
	// endsInYear says how outputs count: in the year they were delivered.
	endsInYear = "以活动结束日期落在统计学年内的计入"
)

var (
	indWorkshops = figures.Indicator{ID: "luban_workshop_count", LabelZH: "鲁班工坊数", LabelEN: "Luban Workshops operating", Unit: figures.UnitCount, Table: lubanTable,
		Definition: "本校鲁班工坊中，" + stockDay + "按状态记录处于「运营」或「验收通过」的个数；按国家分列"}
	indWorkshopStatus = figures.Indicator{ID: "luban_workshop_status_count", LabelZH: "鲁班工坊数（按状态）", LabelEN: "Luban Workshops by status", Unit: figures.UnitCount, Table: lubanTable,
		Definition: "本校已登记、" + stockDay + "已有状态记录的鲁班工坊个数；按筹建、运营准备、运营、验收通过、暂停分列"}
	indDegree = figures.Indicator{ID: "luban_degree_students", LabelZH: "鲁班工坊学历教育人数", LabelEN: "degree students", Unit: figures.UnitPersons, Table: lubanTable,
		Definition: "各工坊在统计学年内最近一次登记的学历教育在籍人数之和（存量，不累加多次登记）；不计入全日制留学生；按工坊分列"}
	indTrainingDays = figures.Indicator{ID: "intl_training_person_days", LabelZH: "非全日制国（境）外人员培训量", LabelEN: "foreign trainees", Unit: "人日", Table: intlTable,
		Definition: "短期培训和本土师资培训的人日之和；跨学年的活动按天均摊，只计统计学年内的天数；按工坊分列"}
	indTeacherAbroad = figures.Indicator{ID: "teacher_abroad_person_days", LabelZH: "专任教师赴国（境）外指导和开展培训时间", LabelEN: "teachers' time abroad", Unit: "人日", Table: intlTable,
		Definition: "派出教师中全职（专任）教师在外天数之和（出发、返回当天均计入），只计统计学年内的天数；企业兼职教师不计入；按工坊分列"}
	indStandardsAdopted = figures.Indicator{ID: "intl_standards_adopted", LabelZH: "开发并被国（境）外采用的专业教学标准和课程标准数", LabelEN: "standards adopted abroad", Unit: figures.UnitCount, Table: intlTable,
		Definition: "采用日期在统计学年内、已被国（境）外机构采用的标准数；按专业教学标准、课程标准和工坊分列"}
	indStandardsDeveloped = figures.Indicator{ID: "luban_standards_developed", LabelZH: "鲁班工坊开发标准数", LabelEN: "standards developed", Unit: figures.UnitCount, Table: lubanTable,
		Definition: "开发标准活动的标准数，" + endsInYear + "；按是否已被国（境）外采用和工坊分列"}
	indAwards = figures.Indicator{ID: "intl_competition_awards", LabelZH: "国（境）外技能大赛获奖数量", LabelEN: "foreign competition awards", Unit: "项", Table: intlTable,
		Definition: "技能大赛活动的获奖项数，" + endsInYear + "；只参赛未获奖的不计；按工坊分列"}
	indLocalTeachers = figures.Indicator{ID: "luban_local_teachers_trained", LabelZH: "鲁班工坊培训本土师资人数", LabelEN: "local teachers trained", Unit: figures.UnitPersons, Table: lubanTable,
		Definition: "本土师资培训的培训人数之和，" + inYear + "；按工坊分列"}
	indTrainees = figures.Indicator{ID: "luban_short_training_persons", LabelZH: "鲁班工坊短期培训人数", LabelEN: "short-course trainees", Unit: figures.UnitPersons, Table: lubanTable,
		Definition: "短期培训的培训人数之和，" + inYear + "；按工坊分列"}
	indTextbooks = figures.Indicator{ID: "luban_textbooks", LabelZH: "鲁班工坊双语教材数", LabelEN: "bilingual textbooks", Unit: "种", Table: lubanTable,
		Definition: "双语教材活动的教材种数，" + endsInYear + "；按工坊分列"}
	indResources = figures.Indicator{ID: "luban_course_resources", LabelZH: "鲁班工坊课程资源数", LabelEN: "course resources", Unit: figures.UnitCount, Table: lubanTable,
		Definition: "课程资源活动的资源数，" + endsInYear + "；按工坊分列"}
	indEquipment = figures.Indicator{ID: "luban_equipment_value", LabelZH: "鲁班工坊设备援助价值", LabelEN: "equipment supplied", Unit: "万元", Table: lubanTable,
		Definition: "设备援助活动的设备价值之和（以分记录，换算为万元，保留两位小数），" + endsInYear + "；分子为台套数；按工坊分列"}
	indVisits = figures.Indicator{ID: "luban_visits", LabelZH: "鲁班工坊来访出访人次", LabelEN: "visits in and out", Unit: figures.UnitTimes, Table: lubanTable,
		Definition: "来访和出访活动的人次之和，" + inYear + "；按来访、出访和工坊分列"}
	indActivities = figures.Indicator{ID: "luban_activity_count", LabelZH: "鲁班工坊活动数", LabelEN: "Luban activities", Unit: "项", Table: lubanTable,
		Definition: "本校鲁班工坊登记的活动条数，" + inYear + "（每条活动计1项，不论人数和天数）；按工坊分列（ws:工坊），并按工坊和活动类型分列（ws:工坊/类型）"}
	indEnterprises = figures.Indicator{ID: "luban_enterprises_served", LabelZH: "鲁班工坊服务中资企业数", LabelEN: "enterprises served", Unit: figures.UnitCount, Table: lubanTable,
		Definition: "服务中资企业活动登记的企业数之和，" + inYear + "；按工坊分列"}
)

// Figures computes the Luban indicators from one pass over the scope's
// workshops and one over their activities overlapping the year.
type Figures struct {
	svc *Service
	now func() time.Time
}

// NewFigures returns the Luban figures source.
func NewFigures(svc *Service, now func() time.Time) *Figures { return &Figures{svc: svc, now: now} }

// Indicators lists the Luban indicators.
func (f *Figures) Indicators() []figures.Indicator {
	return []figures.Indicator{indWorkshops, indWorkshopStatus, indDegree, indTrainingDays, indTeacherAbroad, indStandardsAdopted,
		indStandardsDeveloped, indAwards, indLocalTeachers, indTrainees, indTextbooks, indResources, indEquipment, indVisits, indEnterprises, indActivities}
}

// tally is one figure being summed: its value, its records, and the same by
// part (workshop, kind) in first-seen order.
type tally struct {
	ind   figures.Indicator
	value float64
	num   int64
	refs  []figures.Ref
	parts []*partTally
}

type partTally struct {
	key, label string
	value      float64
	num        int64
	refs       []figures.Ref
}

func (t *tally) add(value float64, num int64, r figures.Ref, parts ...[2]string) {
	t.value += value
	t.num += num
	t.refs = append(t.refs, r)
	for _, p := range parts {
		i := slices.IndexFunc(t.parts, func(pt *partTally) bool { return pt.key == p[0] })
		if i < 0 {
			t.parts = append(t.parts, &partTally{key: p[0], label: p[1]})
			i = len(t.parts) - 1
		}
		pt := t.parts[i]
		pt.value += value
		pt.num += num
		pt.refs = append(pt.refs, r)
	}
}

func (t *tally) figure(now time.Time, digits int) figures.Figure {
	scale := math.Pow10(digits)
	fig := figures.Figure{Indicator: t.ind, Value: math.Round(t.value*scale) / scale, Numerator: t.num, Records: t.refs, RecordCount: len(t.refs), AsOf: now}
	for _, p := range t.parts {
		fig.Parts = append(fig.Parts, figures.Part{Key: p.key, Label: p.label, Value: math.Round(p.value*scale) / scale, Numerator: p.num, Records: p.refs})
	}
	return fig
}

// Compute computes every Luban figure for s.
func (f *Figures) Compute(ctx context.Context, s figures.Scope) ([]figures.Figure, error) {
	now := f.now().UTC()
	ref := s.Year.To()
	if today := models.DateOf(f.now().In(models.China)); today.Before(ref) {
		ref = today
	}
	filter := bson.D{}
	if s.SchoolIDs != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}})
	} else {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$ne", Value: bson.NilObjectID}}})
	}
	ws, st, err := f.workshops(ctx, filter, ref, now)
	if err != nil {
		return nil, err
	}
	acts, err := f.activities(ctx, append(filter, overlapFilter(nil, s.Year.Start)...), s.Year, ref)
	if err != nil {
		return nil, err
	}
	return append([]figures.Figure{ws, st}, acts...), nil
}

// workshops counts the workshops operating on ref, by country, and all of
// them by status.
func (f *Figures) workshops(ctx context.Context, filter bson.D, ref models.Date, now time.Time) (figures.Figure, figures.Figure, error) {
	op, all := &tally{ind: indWorkshops}, &tally{ind: indWorkshopStatus}
	for _, st := range models.WorkshopStatuses {
		all.parts = append(all.parts, &partTally{key: st[0], label: st[1]})
	}
	err := f.svc.workshops.Each(ctx, filter, models.ListParams{Sort: "nameZh"}, workshopSortable, nil, func(w *models.Workshop) error {
		status := w.StatusOn(ref)
		if status == "" {
			return nil
		}
		r := figures.Ref{ID: w.ID.Hex(), Kind: "workshop", SchoolID: w.SchoolID, Label: WorkshopLabel(w) + " · " + StatusLabel(status)}
		all.add(1, 1, r, [2]string{status, StatusLabel(status)})
		if status == models.WorkshopOperating || status == models.WorkshopAccepted {
			op.add(1, 1, r, [2]string{w.Country, CountryName(w.Country)})
		}
		return nil
	})
	if err != nil {
		return figures.Figure{}, figures.Figure{}, fmt.Errorf("luban: workshops: %w", err)
	}
	return op.figure(now, 0), all.figure(now, 0), nil
}

// activities sums the activity figures over the activities of filter.
func (f *Figures) activities(ctx context.Context, filter bson.D, y models.StatYear, ref models.Date) ([]figures.Figure, error) {
	now := f.now().UTC()
	t := map[string]*tally{}
	for _, ind := range f.Indicators()[2:] {
		t[ind.ID] = &tally{ind: ind}
	}
	latest := map[bson.ObjectID]*models.Activity{} // degree enrolment per workshop
	err := f.svc.activities.Each(ctx, filter, models.ListParams{Sort: "startDate"}, activitySortable, nil, func(a *models.Activity) error {
		ws := [2]string{"ws:" + a.WorkshopID.Hex(), a.WorkshopName}
		r := activityRef(a)
		delivered := y.Contains(a.EndDate)
		typ, _ := models.ActivityTypeOf(a.Type)
		t[indActivities.ID].add(1, 1, r, ws, [2]string{ws[0] + "/" + a.Type, a.WorkshopName + " · " + typ.Label})
		switch a.Type {
		case models.ActivityDegree:
			if y.Contains(a.StartDate) && !a.StartDate.After(ref) {
				latest[a.WorkshopID] = a // sorted by date: the last one wins
			}
		case models.ActivityShortTraining, models.ActivityLocalTeachers:
			days := personDaysIn(a, y)
			t[indTrainingDays.ID].add(days, int64(math.Round(days)), withLabel(r, fmt.Sprintf("%.1f人日", days)), ws)
			persons := t[indTrainees.ID]
			if a.Type == models.ActivityLocalTeachers {
				persons = t[indLocalTeachers.ID]
			}
			persons.add(float64(a.Persons), int64(a.Persons), withLabel(r, fmt.Sprintf("%d人", a.Persons)), ws)
		case models.ActivityTeacherDispatch:
			for _, d := range a.Teachers {
				if days := daysInside(d.StartDate, d.EndDate, y); days > 0 && d.FullTime {
					dr := withLabel(r, fmt.Sprintf("%s至%s，学年内%d天", d.StartDate, d.EndDate, days))
					dr.Person, dr.Name = d.TeacherID, d.Teacher.StaffNo+" "+d.Teacher.Name
					t[indTeacherAbroad.ID].add(float64(days), int64(days), dr, ws)
				}
			}
		case models.ActivityStandard:
			if a.Adopted() && y.Contains(a.AdoptedOn) {
				t[indStandardsAdopted.ID].add(float64(a.Items), int64(a.Items), withLabel(r, a.RecognizedBy+"采用"),
					[2]string{a.StandardKind, models.StandardKindLabel(a.StandardKind)}, ws)
			}
			if delivered {
				adopted := [2]string{"not_adopted", "尚未被采用"}
				if a.Adopted() {
					adopted = [2]string{"adopted", "已被国（境）外采用"}
				}
				t[indStandardsDeveloped.ID].add(float64(a.Items), int64(a.Items), r, adopted, ws)
			}
		case models.ActivityCompetition:
			if delivered && a.Award != "" {
				t[indAwards.ID].add(float64(a.Items), int64(a.Items), withLabel(r, a.Award), ws)
			}
		case models.ActivityTextbook, models.ActivityCourseResource:
			if delivered {
				id := map[string]string{models.ActivityTextbook: indTextbooks.ID, models.ActivityCourseResource: indResources.ID}[a.Type]
				t[id].add(float64(a.Items), int64(a.Items), r, ws)
			}
		case models.ActivityEquipment:
			if delivered {
				t[indEquipment.ID].add(float64(a.ValueFen)/1e6, int64(a.Items), withLabel(r, fmt.Sprintf("%d台套，%.2f万元", a.Items, float64(a.ValueFen)/1e6)), ws)
			}
		case models.ActivityVisitIn, models.ActivityVisitOut:
			dir := [2]string{"in", "来访"}
			if a.Type == models.ActivityVisitOut {
				dir = [2]string{"out", "出访"}
			}
			t[indVisits.ID].add(float64(a.Persons), int64(a.Persons), withLabel(r, fmt.Sprintf("%s%d人次", dir[1], a.Persons)), dir, ws)
		case models.ActivityEnterpriseServed:
			t[indEnterprises.ID].add(float64(a.Items), int64(a.Items), r, ws)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("luban: activities: %w", err)
	}
	for _, a := range latestInOrder(latest) {
		t[indDegree.ID].add(float64(a.Persons), int64(a.Persons), withLabel(activityRef(a), fmt.Sprintf("%s在籍%d人", a.StartDate, a.Persons)),
			[2]string{"ws:" + a.WorkshopID.Hex(), a.WorkshopName})
	}
	var out []figures.Figure
	for _, ind := range f.Indicators()[2:] {
		digits := 0
		switch ind.ID {
		case indTrainingDays.ID:
			digits = 1
		case indEquipment.ID:
			digits = 2
		}
		fig := t[ind.ID].figure(now, digits)
		if ind.ID == indActivities.ID {
			fig.Parts = byWorkshopThenType(fig.Parts)
		}
		out = append(out, fig)
	}
	return out, nil
}

// byWorkshopThenType orders the activity count's parts as a table reads them:
// each workshop (in the order first seen) with its types after it, in the
// order pages list the types.
func byWorkshopThenType(parts []figures.Part) []figures.Part {
	workshops := map[string]int{}
	rank := func(p figures.Part) (int, int) {
		ws, typ, _ := strings.Cut(p.Key, "/")
		if _, ok := workshops[ws]; !ok {
			workshops[ws] = len(workshops)
		}
		return workshops[ws], slices.IndexFunc(models.ActivityTypes, func(t models.ActivityType) bool { return t.Code == typ })
	}
	for _, p := range parts {
		rank(p)
	}
	slices.SortStableFunc(parts, func(a, b figures.Part) int {
		wa, ta := rank(a)
		wb, tb := rank(b)
		if wa != wb {
			return wa - wb
		}
		return ta - tb // the workshop's total (-1) first
	})
	return parts
}

func latestInOrder(m map[bson.ObjectID]*models.Activity) []*models.Activity {
	out := make([]*models.Activity, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *models.Activity) int {
		if a.WorkshopName != b.WorkshopName {
			if a.WorkshopName < b.WorkshopName {
				return -1
			}
			return 1
		}
		return a.WorkshopID.Timestamp().Compare(b.WorkshopID.Timestamp())
	})
	return out
}

func activityRef(a *models.Activity) figures.Ref {
	t, _ := models.ActivityTypeOf(a.Type)
	return figures.Ref{ID: a.ID.Hex(), Kind: "luban_activity", SchoolID: a.SchoolID, Date: a.StartDate.String(),
		Label: a.WorkshopName + " · " + t.Label + " · " + a.Title}
}

func withLabel(r figures.Ref, extra string) figures.Ref {
	r.Label += " · " + extra
	return r
}
