package models

import (
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Forms of teacher enterprise practice (TEP-05).
const (
	PracticeVisit    = "visit"    // 考察观摩
	PracticeTraining = "training" // 企业培训
	PracticePost     = "post"     // 顶岗或兼职
	PracticeRD       = "rd"       // 参与研发
)

// Practice statuses: the enterprise confirms a proposed period (or declines it),
// then the school approves it; only approved practice counts (domain.md §3.14).
const (
	PracticeProposed  = "proposed"  // 待企业确认
	PracticeConfirmed = "confirmed" // 企业已确认，待学校审批
	PracticeRejected  = "rejected"  // 企业不予确认
	PracticeApproved  = "approved"  // 学校已审批（计入）
)

// Practice is a teacher's period of enterprise practice (教师企业实践).
type Practice struct {
	Meta           `bson:",inline"`
	SchoolID       bson.ObjectID `bson:"schoolId" json:"schoolId"`
	TeacherID      bson.ObjectID `bson:"teacherId" json:"teacherId"`
	Teacher        StaffRef      `bson:"teacher" json:"teacher"`
	EnterpriseID   bson.ObjectID `bson:"enterpriseId" json:"enterpriseId"`
	EnterpriseName string        `bson:"enterpriseName" json:"enterpriseName"`
	Form           string        `bson:"form" json:"form" validate:"required,oneof=visit training post rd" label:"实践形式"`
	StartDate      Date          `bson:"startDate" json:"startDate"`
	EndDate        Date          `bson:"endDate" json:"endDate"`
	// PracticeDays are the days actually spent in the enterprise, at most the
	// calendar span: a fortnight of visits over three months is 14, not 90.
	PracticeDays int      `bson:"practiceDays" json:"practiceDays" validate:"min=1,max=3660" label:"实践天数"`
	Post         string   `bson:"post" json:"post" validate:"required,max=100" label:"实践岗位或项目"`
	Supervisor   string   `bson:"supervisor" json:"supervisor" validate:"max=50" label:"企业指导人员"`
	Outputs      []string `bson:"outputs" json:"outputs" validate:"max=20,dive,max=200" label:"实践成果"`
	Status       string   `bson:"status" json:"status" validate:"required,oneof=proposed confirmed rejected approved" label:"状态"`
	// Confirmation is the enterprise's answer; Approval the school's.
	Confirmation PracticeDecision `bson:"confirmation" json:"confirmation"`
	Approval     PracticeDecision `bson:"approval" json:"approval"`
}

// SchoolOf names the practice's school.
func (p *Practice) SchoolOf() bson.ObjectID { return p.SchoolID }

// Span is the number of calendar days from start to end, both included.
func (p *Practice) Span() int { return DaysBetween(p.StartDate, p.EndDate) + 1 }

// Counts reports whether the practice counts toward the 5-year rule and the
// figures: confirmed by the enterprise and approved by the school.
func (p *Practice) Counts() bool { return p.Status == PracticeApproved }

// StaffRef is what a record shows of the teacher it names, copied at each write
// so that the enterprise portal, which may not read teachers, can show it.
type StaffRef struct {
	Name    string `bson:"name" json:"name"`
	StaffNo string `bson:"staffNo" json:"staffNo,omitempty"`
}

// PracticeDecision is who decided, when, with which comment; ByOffice marks an
// enterprise confirmation the office entered from a stamped certificate.
type PracticeDecision struct {
	By       bson.ObjectID `bson:"by,omitempty" json:"by,omitzero"`
	At       Date          `bson:"at,omitempty" json:"at,omitzero"`
	Comment  string        `bson:"comment,omitempty" json:"comment,omitempty"`
	Doc      string        `bson:"doc,omitempty" json:"doc,omitempty"`
	ByOffice bool          `bson:"byOffice,omitempty" json:"byOffice,omitempty"`
}

// PracticeFields is the writable part of a practice record; decisions are made
// through their own calls.
type PracticeFields struct {
	Version      *int64    `json:"version"`
	SchoolID     *string   `json:"schoolId"`
	TeacherID    *string   `json:"teacherId"`
	EnterpriseID *string   `json:"enterpriseId"`
	Form         *string   `json:"form"`
	StartDate    *string   `json:"startDate"`
	EndDate      *string   `json:"endDate"`
	PracticeDays *int      `json:"practiceDays"`
	Post         *string   `json:"post"`
	Supervisor   *string   `json:"supervisor"`
	Outputs      *[]string `json:"outputs"`
}

// Apply copies the set fields onto p and reports missing references, dates out
// of order and practice days beyond the span.
func (f PracticeFields) Apply(p *Practice, errs *ValidationError) {
	if f.TeacherID != nil {
		p.TeacherID = parseOptionalID(*f.TeacherID, "teacherId", errs)
	}
	if f.EnterpriseID != nil {
		p.EnterpriseID = parseOptionalID(*f.EnterpriseID, "enterpriseId", errs)
	}
	setString(&p.Form, f.Form)
	if f.StartDate != nil {
		p.StartDate = parseRequiredDate(*f.StartDate, "startDate", errs)
	}
	if f.EndDate != nil {
		p.EndDate = parseRequiredDate(*f.EndDate, "endDate", errs)
	}
	if f.PracticeDays != nil {
		p.PracticeDays = *f.PracticeDays
	}
	setString(&p.Post, f.Post)
	setString(&p.Supervisor, f.Supervisor)
	if f.Outputs != nil {
		p.Outputs = []string{}
		for _, o := range *f.Outputs {
			if o = trimSpace(o); o != "" {
				p.Outputs = append(p.Outputs, o)
			}
		}
	}
	if p.TeacherID.IsZero() {
		errs.Add("teacherId", "教师为必填项")
	}
	if p.EnterpriseID.IsZero() {
		errs.Add("enterpriseId", "实践企业为必填项")
	}
	checkPeriod(p.StartDate, p.EndDate, errs)
	if _, bad := errs.Fields["endDate"]; !bad && !p.StartDate.IsZero() && p.PracticeDays > p.Span() {
		errs.Add("practiceDays", "实践天数不能超过开始至结束日期的天数（"+strconv.Itoa(p.Span())+"天）")
	}
}

// PracticeFilter narrows a practice list.
type PracticeFilter struct {
	ListParams
	SchoolID     string
	TeacherID    string
	EnterpriseID string
	Status       string
	Year         int // practice overlapping the statistical year
}

// Dual-qualified (双师型) levels.
const (
	DualJunior       = "junior"       // 初级
	DualIntermediate = "intermediate" // 中级
	DualSenior       = "senior"       // 高级
)

// Recognition statuses.
const (
	RecognitionValid   = "valid"
	RecognitionExpired = "expired"
	RecognitionRevoked = "revoked"
)

// Recognition is a 双师型 recognition decision as the recognising authority made
// it (domain.md §3.15); the system records it and never makes it.
type Recognition struct {
	Meta            `bson:",inline"`
	SchoolID        bson.ObjectID `bson:"schoolId" json:"schoolId"`
	TeacherID       bson.ObjectID `bson:"teacherId" json:"teacherId"`
	Level           string        `bson:"level" json:"level" validate:"required,oneof=junior intermediate senior" label:"等级"`
	AuthorityKind   string        `bson:"authorityKind" json:"authorityKind" validate:"required,oneof=school district city province" label:"认定机构层级"`
	Authority       string        `bson:"authority" json:"authority" validate:"required,max=100" label:"认定机构"`
	CertNo          string        `bson:"certNo" json:"certNo" validate:"max=50" label:"证书编号"`
	RecognizedAt    Date          `bson:"recognizedAt" json:"recognizedAt"`
	ValidUntil      Date          `bson:"validUntil,omitempty" json:"validUntil,omitzero"`
	StandardVersion string        `bson:"standardVersion" json:"standardVersion" validate:"max=100" label:"认定标准"`
	// PracticeIDs link the practice records the decision rested on; Evidence
	// names the other evidence (certificates, professional titles).
	PracticeIDs []bson.ObjectID `bson:"practiceIds" json:"practiceIds"`
	Evidence    []string        `bson:"evidence" json:"evidence" validate:"max=20,dive,max=200" label:"其他佐证材料"`
	Status      string          `bson:"status" json:"status" validate:"required,oneof=valid expired revoked" label:"状态"`
}

// SchoolOf names the recognition's school.
func (r *Recognition) SchoolOf() bson.ObjectID { return r.SchoolID }

// ValidOn reports whether the recognition stands on day d: recorded valid,
// already made, and not past its validity.
func (r *Recognition) ValidOn(d Date) bool {
	return r.Status == RecognitionValid && !r.RecognizedAt.After(d) && (r.ValidUntil.IsZero() || !r.ValidUntil.Before(d))
}

// RecognitionFields is the writable part of a recognition.
type RecognitionFields struct {
	Version         *int64    `json:"version"`
	SchoolID        *string   `json:"schoolId"`
	TeacherID       *string   `json:"teacherId"`
	Level           *string   `json:"level"`
	AuthorityKind   *string   `json:"authorityKind"`
	Authority       *string   `json:"authority"`
	CertNo          *string   `json:"certNo"`
	RecognizedAt    *string   `json:"recognizedAt"`
	ValidUntil      *string   `json:"validUntil"`
	StandardVersion *string   `json:"standardVersion"`
	PracticeIDs     *[]string `json:"practiceIds"`
	Evidence        *[]string `json:"evidence"`
	Status          *string   `json:"status"`
}

// Apply copies the set fields onto r and reports the missing teacher and date
// and a validity ending before the recognition.
func (f RecognitionFields) Apply(r *Recognition, errs *ValidationError) {
	if f.TeacherID != nil {
		r.TeacherID = parseOptionalID(*f.TeacherID, "teacherId", errs)
	}
	setString(&r.Level, f.Level)
	setString(&r.AuthorityKind, f.AuthorityKind)
	setString(&r.Authority, f.Authority)
	setString(&r.CertNo, f.CertNo)
	if f.RecognizedAt != nil {
		r.RecognizedAt = parseRequiredDate(*f.RecognizedAt, "recognizedAt", errs)
	}
	if f.ValidUntil != nil {
		r.ValidUntil = parseRequiredDate(*f.ValidUntil, "validUntil", errs)
	}
	setString(&r.StandardVersion, f.StandardVersion)
	if f.PracticeIDs != nil {
		r.PracticeIDs = parseIDs(*f.PracticeIDs, "practiceIds", errs)
	}
	if f.Evidence != nil {
		r.Evidence = []string{}
		for _, e := range *f.Evidence {
			if e = trimSpace(e); e != "" {
				r.Evidence = append(r.Evidence, e)
			}
		}
	}
	setString(&r.Status, f.Status)
	if r.TeacherID.IsZero() {
		errs.Add("teacherId", "教师为必填项")
	}
	if r.RecognizedAt.IsZero() {
		errs.Add("recognizedAt", "认定日期为必填项")
	}
	if !r.ValidUntil.IsZero() && !r.RecognizedAt.IsZero() && r.ValidUntil.Before(r.RecognizedAt) {
		errs.Add("validUntil", "有效期至不能早于认定日期")
	}
}

// RecognitionFilter narrows a recognition list.
type RecognitionFilter struct {
	ListParams
	SchoolID  string
	TeacherID string
	Level     string
	Status    string
}
