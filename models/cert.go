package models

import (
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Certificate types of the catalogue (domain.md §3.5).
const (
	CertX     = "x_cert" // 1+X 职业技能等级证书
	CertSkill = "skill"  // 职业技能等级认定 / legacy 职业资格 (MOHRSS)
)

// Levels of each type, lowest first.
var (
	XLevels     = []string{"初级", "中级", "高级"}
	SkillLevels = []string{"五级", "四级", "三级", "二级", "一级"}
)

// Catalogue entry states.
const (
	CertActive    = "active"
	CertWithdrawn = "withdrawn"
	CertMerged    = "merged"
)

// CertEntry is one certificate of the catalogue: a 1+X certificate (name,
// 培训评价组织, batch) or a skill-level recognition (工种 code and name).
type CertEntry struct {
	Meta           `bson:",inline"`
	Type           string   `bson:"type" json:"type" validate:"required,oneof=x_cert skill" label:"证书类型"`
	Name           string   `bson:"name" json:"name" validate:"required,max=100" label:"证书名称"`
	EvaluationOrg  string   `bson:"evaluationOrg" json:"evaluationOrg" validate:"max=100" label:"培训评价组织"`
	Batch          int      `bson:"batch" json:"batch,omitempty" validate:"min=0,max=4" label:"批次"`
	OccupationCode string   `bson:"occupationCode" json:"occupationCode,omitempty" validate:"max=20" label:"工种代码"`
	OccupationName string   `bson:"occupationName" json:"occupationName,omitempty" validate:"max=50" label:"工种名称"`
	Levels         []string `bson:"levels" json:"levels" validate:"required,min=1" label:"等级"`
	Status         string   `bson:"status" json:"status" validate:"required,oneof=active withdrawn merged" label:"状态"`
	Source         string   `bson:"source" json:"source,omitempty" validate:"max=300" label:"来源"`
	// Key is the entry's natural key, always present so that one unique index can
	// carry it (stack.md §3 rule 4): "x_cert|<name>" or
	// "skill|<occupationCode>|<occupationName>".
	Key string `bson:"key" json:"-"`
}

// CertEntryFields is the writable part of a catalogue entry.
type CertEntryFields struct {
	Version        *int64    `json:"version"`
	Type           *string   `json:"type"`
	Name           *string   `json:"name"`
	EvaluationOrg  *string   `json:"evaluationOrg"`
	Batch          *int      `json:"batch"`
	OccupationCode *string   `json:"occupationCode"`
	OccupationName *string   `json:"occupationName"`
	Levels         *[]string `json:"levels"`
	Status         *string   `json:"status"`
	Source         *string   `json:"source"`
}

// Apply copies the set fields onto e.
func (f CertEntryFields) Apply(e *CertEntry) {
	setString(&e.Type, f.Type)
	setString(&e.Name, f.Name)
	setString(&e.EvaluationOrg, f.EvaluationOrg)
	if f.Batch != nil {
		e.Batch = *f.Batch
	}
	setString(&e.OccupationCode, f.OccupationCode)
	setString(&e.OccupationName, f.OccupationName)
	if f.Levels != nil {
		e.Levels = append([]string(nil), *f.Levels...)
	}
	setString(&e.Status, f.Status)
	if e.Status == "" {
		e.Status = CertActive
	}
	setString(&e.Source, f.Source)
}

// HasLevel reports whether level is one of the entry's levels.
func (e *CertEntry) HasLevel(level string) bool {
	for _, l := range e.Levels {
		if l == level {
			return true
		}
	}
	return false
}

// CertEntryFilter narrows a catalogue list.
type CertEntryFilter struct {
	ListParams
	Type   string
	Status string
}

// Pilot is a school's pilot of one certificate in one school year, for the
// majors named (试点证书, 试点专业).
type Pilot struct {
	Meta           `bson:",inline"`
	SchoolID       bson.ObjectID `bson:"schoolId" json:"schoolId"`
	EntryID        bson.ObjectID `bson:"entryId" json:"entryId"`
	SchoolYear     int           `bson:"schoolYear" json:"schoolYear" validate:"required,min=2019,max=2100" label:"学年"`
	MajorCodes     []string      `bson:"majorCodes" json:"majorCodes" validate:"required,min=1,dive,major_code" label:"试点专业"`
	ApprovalRef    string        `bson:"approvalRef" json:"approvalRef" validate:"max=100" label:"批准文号"`
	AssessmentSite string        `bson:"assessmentSite" json:"assessmentSite" validate:"max=100" label:"考核站点"`
}

// PilotFields is the writable part of a pilot.
type PilotFields struct {
	Version        *int64    `json:"version"`
	SchoolID       *string   `json:"schoolId"`
	EntryID        *string   `json:"entryId"`
	SchoolYear     *int      `json:"schoolYear"`
	MajorCodes     *[]string `json:"majorCodes"`
	ApprovalRef    *string   `json:"approvalRef"`
	AssessmentSite *string   `json:"assessmentSite"`
}

// Apply copies the set fields onto p; ids are parsed, their errors collected.
// Major codes are trimmed and de-duplicated in their given order.
func (f PilotFields) Apply(p *Pilot, errs *ValidationError) {
	if f.EntryID != nil {
		p.EntryID = parseOptionalID(*f.EntryID, "entryId", errs)
	}
	if f.SchoolYear != nil {
		p.SchoolYear = *f.SchoolYear
	}
	if f.MajorCodes != nil {
		p.MajorCodes = []string{}
		seen := map[string]bool{}
		for _, c := range *f.MajorCodes {
			c = trimSpace(c)
			if c != "" && !seen[c] {
				seen[c] = true
				p.MajorCodes = append(p.MajorCodes, c)
			}
		}
	}
	setString(&p.ApprovalRef, f.ApprovalRef)
	setString(&p.AssessmentSite, f.AssessmentSite)
}

// PilotFilter narrows a pilot list.
type PilotFilter struct {
	ListParams
	SchoolID   string
	EntryID    string
	SchoolYear int
}

// SchoolOf names the pilot's school.
func (p *Pilot) SchoolOf() bson.ObjectID { return p.SchoolID }

// Results of a candidate (domain.md §3.6).
const (
	ResultPending = ""       // registered, not yet assessed
	ResultPass    = "pass"   // 通过
	ResultFail    = "fail"   // 未通过
	ResultAbsent  = "absent" // 缺考
)

// Batch is one assessment batch of one certificate and level at one school: the
// date, site and evaluation organisation, with its candidates embedded (a batch
// holds at most a few hundred, and one document keeps registration, result and
// certificate atomic).
type Batch struct {
	Meta           `bson:",inline"`
	SchoolID       bson.ObjectID `bson:"schoolId" json:"schoolId"`
	EntryID        bson.ObjectID `bson:"entryId" json:"entryId"`
	Level          string        `bson:"level" json:"level" validate:"required" label:"等级"`
	Label          string        `bson:"label" json:"label" validate:"max=50" label:"批次名称"`
	Date           Date          `bson:"date" json:"date"`
	Site           string        `bson:"site" json:"site" validate:"max=100" label:"考核站点"`
	EvaluationOrg  string        `bson:"evaluationOrg" json:"evaluationOrg" validate:"max=100" label:"评价组织"`
	Candidates     []Candidate   `bson:"candidates" json:"candidates"`
	CandidateCount int           `bson:"candidateCount" json:"candidateCount"`
}

// SchoolOf names the batch's school.
func (b *Batch) SchoolOf() bson.ObjectID { return b.SchoolID }

// Candidate is one student's attempt in a batch: registration, result and, on a
// pass, the certificate as issued.
type Candidate struct {
	ID             bson.ObjectID `bson:"id" json:"id"`
	StudentID      bson.ObjectID `bson:"studentId" json:"studentId"`
	StudentNo      string        `bson:"studentNo" json:"studentNo"`
	Name           string        `bson:"name" json:"name"`
	MajorCode      string        `bson:"majorCode" json:"majorCode"`
	RegisteredAt   Date          `bson:"registeredAt" json:"registeredAt"`
	OutsidePilot   string        `bson:"outsidePilot,omitempty" json:"outsidePilot,omitempty"` // the Warn, when not piloted for the major
	Reason         string        `bson:"reason,omitempty" json:"reason,omitempty"`             // why registered anyway
	Result         string        `bson:"result" json:"result"`
	ScoreTheory    *int          `bson:"scoreTheory,omitempty" json:"scoreTheory,omitempty"`
	ScorePractical *int          `bson:"scorePractical,omitempty" json:"scorePractical,omitempty"`
	CertificateNo  string        `bson:"certificateNo,omitempty" json:"certificateNo,omitempty"`
	IssueDate      Date          `bson:"issueDate,omitempty" json:"issueDate,omitzero"`
	UpdatedAt      time.Time     `bson:"updatedAt" json:"updatedAt"`
}

// Sat reports whether the candidate sat the assessment.
func (c *Candidate) Sat() bool { return c.Result == ResultPass || c.Result == ResultFail }

// BatchFields is the writable part of a batch (candidates change through their
// own operations).
type BatchFields struct {
	Version       *int64  `json:"version"`
	SchoolID      *string `json:"schoolId"`
	EntryID       *string `json:"entryId"`
	Level         *string `json:"level"`
	Label         *string `json:"label"`
	Date          *string `json:"date"`
	Site          *string `json:"site"`
	EvaluationOrg *string `json:"evaluationOrg"`
}

// Apply copies the set fields onto b; ids and dates are parsed, their errors
// collected.
func (f BatchFields) Apply(b *Batch, errs *ValidationError) {
	if f.EntryID != nil {
		b.EntryID = parseOptionalID(*f.EntryID, "entryId", errs)
	}
	setString(&b.Level, f.Level)
	setString(&b.Label, f.Label)
	if f.Date != nil {
		b.Date = parseRequiredDate(*f.Date, "date", errs)
	}
	setString(&b.Site, f.Site)
	setString(&b.EvaluationOrg, f.EvaluationOrg)
}

// BatchFilter narrows a batch list.
type BatchFilter struct {
	ListParams
	SchoolID  string
	EntryID   string
	StudentID string // batches the student is a candidate in
	Year      int    // statistical year starting 1 September
}

// Registration registers a student for a batch; Reason is required when the
// school does not pilot the certificate for the student's major.
type Registration struct {
	Version      *int64  `json:"version"`
	StudentID    *string `json:"studentId"`
	StudentNo    *string `json:"studentNo"`
	RegisteredAt *string `json:"registeredAt"`
	Reason       *string `json:"reason"`
}

// ResultFields records a candidate's result and, on a pass, the certificate.
type ResultFields struct {
	Version        *int64  `json:"version"`
	Result         *string `json:"result"`
	ScoreTheory    *int    `json:"scoreTheory"`
	ScorePractical *int    `json:"scorePractical"`
	CertificateNo  *string `json:"certificateNo"`
	IssueDate      *string `json:"issueDate"`
}

// Training roles of a teacher at a 1+X training event.
const (
	TrainingTrainer  = "trainer"  // 培训教师
	TrainingAssessor = "assessor" // 考评员
)

// Training is a teacher's 1+X training (师资培训): one teacher at one event.
type Training struct {
	Meta          `bson:",inline"`
	SchoolID      bson.ObjectID `bson:"schoolId" json:"schoolId"`
	TeacherID     bson.ObjectID `bson:"teacherId" json:"teacherId"`
	EntryID       bson.ObjectID `bson:"entryId" json:"entryId"`
	Event         string        `bson:"event" json:"event" validate:"required,max=100" label:"培训项目"`
	StartDate     Date          `bson:"startDate" json:"startDate"`
	EndDate       Date          `bson:"endDate" json:"endDate"`
	Role          string        `bson:"role" json:"role" validate:"required,oneof=trainer assessor" label:"培训身份"`
	AttendanceRef string        `bson:"attendanceRef" json:"attendanceRef" validate:"max=100" label:"培训证明编号"`
}

// SchoolOf names the training's school.
func (t *Training) SchoolOf() bson.ObjectID { return t.SchoolID }

// TrainingFields is the writable part of a training.
type TrainingFields struct {
	Version       *int64  `json:"version"`
	SchoolID      *string `json:"schoolId"`
	TeacherID     *string `json:"teacherId"`
	EntryID       *string `json:"entryId"`
	Event         *string `json:"event"`
	StartDate     *string `json:"startDate"`
	EndDate       *string `json:"endDate"`
	Role          *string `json:"role"`
	AttendanceRef *string `json:"attendanceRef"`
}

// Apply copies the set fields onto t; ids and dates are parsed, their errors
// collected.
func (f TrainingFields) Apply(t *Training, errs *ValidationError) {
	if f.TeacherID != nil {
		t.TeacherID = parseOptionalID(*f.TeacherID, "teacherId", errs)
	}
	if f.EntryID != nil {
		t.EntryID = parseOptionalID(*f.EntryID, "entryId", errs)
	}
	setString(&t.Event, f.Event)
	if f.StartDate != nil {
		t.StartDate = parseRequiredDate(*f.StartDate, "startDate", errs)
	}
	if f.EndDate != nil {
		t.EndDate = parseRequiredDate(*f.EndDate, "endDate", errs)
	}
	setString(&t.Role, f.Role)
	setString(&t.AttendanceRef, f.AttendanceRef)
}

// TrainingFilter narrows a training list.
type TrainingFilter struct {
	ListParams
	SchoolID  string
	TeacherID string
	Year      int
}

// StatYear is a statistical year: 1 September of Start to 31 August of Start+1.
type StatYear struct{ Start int }

// StatYearOf returns the statistical year d falls in.
func StatYearOf(d Date) StatYear {
	y := d.Time().Year()
	if d.Time().Month() < time.September {
		y--
	}
	return StatYear{Start: y}
}

// From is the year's first day.
func (y StatYear) From() Date {
	return DateOf(time.Date(y.Start, time.September, 1, 0, 0, 0, 0, time.UTC))
}

// To is the year's last day.
func (y StatYear) To() Date {
	return DateOf(time.Date(y.Start+1, time.August, 31, 0, 0, 0, 0, time.UTC))
}

// Contains reports whether d falls in the year.
func (y StatYear) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(y.From()) && !d.After(y.To())
}

// Label is the year as schools write it, e.g. "2025—2026学年".
func (y StatYear) Label() string {
	return strconv.Itoa(y.Start) + "—" + strconv.Itoa(y.Start+1) + "学年"
}
