package models

import (
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Luban activity types (domain.md §7.3).
const (
	ActivityDegree           = "DEGREE_ENROLMENT"       // 学历教育在籍人数
	ActivityShortTraining    = "SHORT_TRAINING"         // 短期培训
	ActivityLocalTeachers    = "LOCAL_TEACHER_TRAINING" // 本土师资培训
	ActivityTeacherDispatch  = "TEACHER_DISPATCH"       // 派出教师
	ActivityStandard         = "STANDARD_EXPORTED"      // 专业教学标准 / 课程标准
	ActivityTextbook         = "TEXTBOOK"               // 双语教材
	ActivityCourseResource   = "COURSE_RESOURCE"        // 课程资源
	ActivityEquipment        = "EQUIPMENT"              // 设备
	ActivityCompetition      = "COMPETITION"            // 技能大赛
	ActivityVisitIn          = "VISIT_IN"               // 来访
	ActivityVisitOut         = "VISIT_OUT"              // 出访
	ActivityEnterpriseServed = "ENTERPRISE_SERVED"      // 服务中资企业
)

// Kinds of exported standard.
const (
	StandardTeaching   = "teaching"   // 专业教学标准
	StandardCurriculum = "curriculum" // 课程标准
)

// ActivityType says what an activity type records: which counts it needs and
// what they mean. The other counts must stay empty.
type ActivityType struct {
	Code       string
	Label      string
	Persons    string // the meaning of persons, "" when not recorded
	PersonDays bool   // trainees' person-days (computed from persons × days when not given)
	Items      string // the meaning of items, "" when not recorded
	Value      bool   // value in fen
	Teachers   bool   // dispatched teachers with their own dates
	Standard   bool   // kind, adopting authority and date
	Award      bool   // competition prize
	OneDay     bool   // a stock taken on one day: the end date is the start date
}

// ActivityTypes lists the types in the order pages show them.
var ActivityTypes = []ActivityType{
	{Code: ActivityDegree, Label: "学历教育", Persons: "在籍学生人数", OneDay: true},
	{Code: ActivityShortTraining, Label: "短期培训", Persons: "培训人数", PersonDays: true},
	{Code: ActivityLocalTeachers, Label: "本土师资培训", Persons: "培训教师人数", PersonDays: true},
	{Code: ActivityTeacherDispatch, Label: "派出教师", Teachers: true},
	{Code: ActivityStandard, Label: "开发标准", Items: "标准数", Standard: true},
	{Code: ActivityTextbook, Label: "双语教材", Items: "教材种数"},
	{Code: ActivityCourseResource, Label: "课程资源", Items: "资源数"},
	{Code: ActivityEquipment, Label: "设备援助", Items: "设备台套数", Value: true},
	{Code: ActivityCompetition, Label: "技能大赛", Items: "获奖项数", Award: true},
	{Code: ActivityVisitIn, Label: "来访", Persons: "来访人次"},
	{Code: ActivityVisitOut, Label: "出访", Persons: "出访人次"},
	{Code: ActivityEnterpriseServed, Label: "服务中资企业", Items: "服务企业数"},
}

// ActivityTypeOf returns the type with code, and whether there is one.
func ActivityTypeOf(code string) (ActivityType, bool) {
	for _, t := range ActivityTypes {
		if t.Code == code {
			return t, true
		}
	}
	return ActivityType{}, false
}

// Activity is one dated thing a workshop did (domain.md §3.13). Foreign
// trainees are counted, never named; dispatched teachers are this school's
// teachers, each with the dates spent abroad.
type Activity struct {
	Meta         `bson:",inline"`
	SchoolID     bson.ObjectID `bson:"schoolId" json:"schoolId"`
	WorkshopID   bson.ObjectID `bson:"workshopId" json:"workshopId"`
	WorkshopName string        `bson:"workshopName" json:"workshopName"`
	Type         string        `bson:"type" json:"type" validate:"required" label:"活动类型"`
	Title        string        `bson:"title" json:"title" validate:"required,max=200" label:"活动名称"`
	StartDate    Date          `bson:"startDate" json:"startDate"`
	EndDate      Date          `bson:"endDate" json:"endDate"`
	Persons      int           `bson:"persons" json:"persons" validate:"min=0,max=1000000" label:"人数"`
	// PersonDays of trainees; for a dispatch, the sum of the teachers' days.
	PersonDays   int        `bson:"personDays" json:"personDays" validate:"min=0,max=100000000" label:"人日"`
	Items        int        `bson:"items" json:"items" validate:"min=0,max=100000" label:"数量"`
	ValueFen     int64      `bson:"valueFen" json:"valueFen" validate:"min=0,max=100000000000000" label:"价值（分）"`
	Teachers     []Dispatch `bson:"teachers" json:"teachers" validate:"max=100" label:"派出教师"`
	StandardKind string     `bson:"standardKind,omitempty" json:"standardKind,omitempty" validate:"omitempty,oneof=teaching curriculum" label:"标准类别"`
	RecognizedBy string     `bson:"recognizedBy,omitempty" json:"recognizedBy,omitempty" validate:"max=200" label:"采用机构"`
	AdoptedOn    Date       `bson:"adoptedOn,omitempty" json:"adoptedOn,omitzero"`
	Award        string     `bson:"award,omitempty" json:"award,omitempty" validate:"max=200" label:"获奖情况"`
	Evidence     []string   `bson:"evidence" json:"evidence" validate:"max=20,dive,max=300" label:"佐证材料"`
	Note         string     `bson:"note" json:"note" validate:"max=1000" label:"备注"`
}

// Dispatch is one teacher sent abroad for an activity, with the days spent
// there (both ends counted), computed, never typed.
type Dispatch struct {
	TeacherID bson.ObjectID `bson:"teacherId" json:"teacherId"`
	Teacher   StaffRef      `bson:"teacher" json:"teacher"`
	FullTime  bool          `bson:"fullTime" json:"fullTime"`
	StartDate Date          `bson:"startDate" json:"startDate"`
	EndDate   Date          `bson:"endDate" json:"endDate"`
	Days      int           `bson:"days" json:"days"`
}

// SchoolOf names the activity's school.
func (a *Activity) SchoolOf() bson.ObjectID { return a.SchoolID }

// Adopted reports whether an exported standard was adopted by a foreign
// authority.
func (a *Activity) Adopted() bool {
	return a.Type == ActivityStandard && a.RecognizedBy != "" && !a.AdoptedOn.IsZero()
}

// Span is the number of days from start to end, both counted.
func (a *Activity) Span() int { return DaysBetween(a.StartDate, a.EndDate) + 1 }

// ActivityFields is the writable part of an activity. PersonDays left out is
// computed as persons × days for trainings.
type ActivityFields struct {
	Version      *int64           `json:"version"`
	WorkshopID   *string          `json:"workshopId"`
	Type         *string          `json:"type"`
	Title        *string          `json:"title"`
	StartDate    *string          `json:"startDate"`
	EndDate      *string          `json:"endDate"`
	Persons      *int             `json:"persons"`
	PersonDays   *int             `json:"personDays"`
	Items        *int             `json:"items"`
	ValueFen     *int64           `json:"valueFen"`
	Teachers     *[]DispatchField `json:"teachers"`
	StandardKind *string          `json:"standardKind"`
	RecognizedBy *string          `json:"recognizedBy"`
	AdoptedOn    *string          `json:"adoptedOn"`
	Award        *string          `json:"award"`
	Evidence     *[]string        `json:"evidence"`
	Note         *string          `json:"note"`
}

// DispatchField names a dispatched teacher by id or 工号, with the dates abroad
// (the activity's when left out).
type DispatchField struct {
	TeacherID string `json:"teacherId"`
	StaffNo   string `json:"staffNo"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
}

// Apply copies the set fields onto a, except the teachers, which the service
// resolves, and checks what the type asks for.
func (f ActivityFields) Apply(a *Activity, errs *ValidationError) {
	if f.WorkshopID != nil {
		a.WorkshopID = parseOptionalID(*f.WorkshopID, "workshopId", errs)
	}
	setString(&a.Type, f.Type)
	setString(&a.Title, f.Title)
	if f.StartDate != nil {
		a.StartDate = parseRequiredDate(*f.StartDate, "startDate", errs)
	}
	if f.EndDate != nil {
		a.EndDate = parseRequiredDate(*f.EndDate, "endDate", errs)
	}
	for _, n := range []struct {
		dst *int
		src *int
	}{{&a.Persons, f.Persons}, {&a.PersonDays, f.PersonDays}, {&a.Items, f.Items}} {
		if n.src != nil {
			*n.dst = *n.src
		}
	}
	if f.ValueFen != nil {
		a.ValueFen = *f.ValueFen
	}
	setString(&a.StandardKind, f.StandardKind)
	setString(&a.RecognizedBy, f.RecognizedBy)
	if f.AdoptedOn != nil {
		a.AdoptedOn = parseRequiredDate(*f.AdoptedOn, "adoptedOn", errs)
	}
	setString(&a.Award, f.Award)
	if f.Evidence != nil {
		a.Evidence = trimList(*f.Evidence)
	}
	setString(&a.Note, f.Note)
	t, ok := ActivityTypeOf(a.Type)
	if !ok {
		if a.Type == "" {
			errs.Add("type", "活动类型为必填项")
		} else {
			errs.Add("type", "活动类型不正确")
		}
		return
	}
	if t.OneDay && a.EndDate.IsZero() {
		a.EndDate = a.StartDate
	}
	if t.PersonDays && f.PersonDays == nil && (f.Persons != nil || f.StartDate != nil || f.EndDate != nil) && !a.StartDate.IsZero() && !a.EndDate.IsZero() {
		a.PersonDays = a.Persons * a.Span()
	}
	a.checkFields(t, errs)
}

// checkFields checks the period and that the counts the type records are
// given and the others empty.
func (a *Activity) checkFields(t ActivityType, errs *ValidationError) {
	if a.WorkshopID.IsZero() {
		errs.Add("workshopId", "所属工坊为必填项")
	}
	checkPeriod(a.StartDate, a.EndDate, errs)
	if t.OneDay && !a.EndDate.IsZero() && (a.EndDate.Before(a.StartDate) || a.EndDate.After(a.StartDate)) {
		errs.Add("endDate", t.Label+"记录某一天的在籍人数，结束日期须与统计日期相同或不填")
	}
	count := func(field, meaning string, v int64) {
		switch {
		case meaning != "" && v < 1:
			errs.Add(field, t.Label+"须填写"+meaning+"（至少为1）")
		case meaning == "" && v != 0:
			errs.Add(field, t.Label+"不填写此项")
		}
	}
	if !t.Teachers { // a dispatch's persons come from its teachers: the service says so
		count("persons", t.Persons, int64(a.Persons))
	}
	items := t.Items
	if t.Award && a.Award == "" {
		items = "" // took part, won nothing
	}
	count("items", items, int64(a.Items))
	if t.Value {
		count("valueFen", "设备价值", a.ValueFen)
	} else {
		count("valueFen", "", a.ValueFen)
	}
	switch {
	case t.PersonDays && !a.StartDate.IsZero() && !a.EndDate.IsZero() && a.PersonDays > a.Persons*a.Span():
		errs.Add("personDays", fmt.Sprintf("人日不能超过人数×天数（%d人×%d天=%d）", a.Persons, a.Span(), a.Persons*a.Span()))
	case t.PersonDays && a.PersonDays < 1 && a.Persons > 0:
		errs.Add("personDays", "人日至少为1")
	case !t.PersonDays && !t.Teachers && a.PersonDays != 0:
		errs.Add("personDays", t.Label+"不填写人日")
	}
	if !t.Teachers && len(a.Teachers) > 0 {
		errs.Add("teachers", t.Label+"不填写派出教师")
	}
	a.checkStandard(t, errs)
	if !t.Award && a.Award != "" {
		errs.Add("award", t.Label+"不填写获奖情况")
	}
}

func (a *Activity) checkStandard(t ActivityType, errs *ValidationError) {
	if !t.Standard {
		for _, f := range []struct{ field, v string }{{"standardKind", a.StandardKind}, {"recognizedBy", a.RecognizedBy}, {"adoptedOn", a.AdoptedOn.String()}} {
			if f.v != "" {
				errs.Add(f.field, t.Label+"不填写此项")
			}
		}
		return
	}
	if a.StandardKind == "" {
		errs.Add("standardKind", "标准类别为必填项（专业教学标准或课程标准）")
	}
	switch {
	case a.RecognizedBy != "" && a.AdoptedOn.IsZero():
		errs.Add("adoptedOn", "已被国（境）外机构采用的标准须填写采用日期")
	case a.RecognizedBy == "" && !a.AdoptedOn.IsZero():
		errs.Add("recognizedBy", "填写了采用日期，须同时填写采用的国（境）外机构")
	case !a.AdoptedOn.IsZero() && !a.StartDate.IsZero() && a.AdoptedOn.Before(a.StartDate):
		errs.Add("adoptedOn", "采用日期不能早于开发开始日期")
	}
}

// ActivityFilter narrows an activity list.
type ActivityFilter struct {
	ListParams
	SchoolID   string
	WorkshopID string
	TeacherID  string
	Type       string
	Year       int // activities whose period overlaps the statistical year
}

// StandardKindLabel names a standard kind in Chinese.
func StandardKindLabel(kind string) string {
	switch kind {
	case StandardTeaching:
		return "专业教学标准"
	case StandardCurriculum:
		return "课程标准"
	}
	return strings.TrimSpace(kind)
}
