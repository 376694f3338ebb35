package models

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Placement kinds (domain.md §3.7). Legacy 跟岗/顶岗 records are stored as
// PlacementPosition with their old word kept in LegacyKind.
const (
	PlacementCognitive = "cognitive" // 认识实习
	PlacementPosition  = "position"  // 岗位实习
	LegacyFollow       = "follow"    // 跟岗实习 (before 2022)
	LegacyTop          = "top"       // 顶岗实习 (before 2022)
)

// Placement contexts: a plain placement, the company period of a 现代学徒制
// apprentice, or of an 订单班 student.
const (
	ContextNone           = "none"
	ContextApprenticeship = "apprenticeship"
	ContextOrderClass     = "order_class"
)

// Placement arrangements (INT-19).
const (
	ArrangedBySchool = "school_arranged" // 学校统一安排
	SelfFound        = "self_found"      // 学生自行选择
)

// Post matches with the student's major (对口, INT-16).
const (
	MatchMatched   = "matched"   // 对口
	MatchRelated   = "related"   // 相近
	MatchUnmatched = "unmatched" // 不对口
)

// Placement statuses.
const (
	PlacementDraft      = "draft"
	PlacementActive     = "active"
	PlacementCompleted  = "completed"
	PlacementTerminated = "terminated"
	PlacementSuspended  = "suspended"
)

// Who pays the liability insurance premium (INT-22: never the student).
const (
	PaidBySchool  = "school"
	PaidByUnit    = "unit"
	PaidByStudent = "student"
)

// Pay methods (INT-20: in money, to the student directly).
const (
	PayBankTransfer = "bank_transfer" // 转账至学生本人账户
	PayCash         = "cash"          // 现金
	PayInKind       = "in_kind"       // 实物、代金券等
)

// Fee kinds a placement must not charge (INT-21).
const (
	FeeDeposit    = "deposit"     // 押金
	FeeTraining   = "training"    // 培训费
	FeeCommission = "commission"  // 介绍费、中介费
	FeeManagement = "management"  // 管理费
	FeeMaterials  = "materials"   // 实习材料费
	FeeJobService = "job_service" // 就业服务费
	FeeGuarantee  = "guarantee"   // 担保
	FeeOther      = "other"
)

// Channels through which a week was confirmed.
const (
	ChannelPortal = "portal" // the enterprise user in the portal
	ChannelOffice = "office" // the office on the enterprise's behalf
)

// Assessment grades (2016: 优秀/良好/合格/不合格, INT-27).
const (
	GradeExcellent = "excellent" // 优秀
	GradeGood      = "good"      // 良好
	GradePass      = "pass"      // 合格
	GradeFail      = "fail"      // 不合格
)

// Enterprise answers to a proposed placement.
const (
	UnitConfirmed = "confirmed"
	UnitDeclined  = "declined"
)

// Placement (实习) is one student's internship at one enterprise, with its
// agreement, consent, insurance, pay, fees, mentors, weekly confirmations and the
// rule checks it went through embedded, so that one document is always consistent
// (architecture.md, Storage).
type Placement struct {
	Meta         `bson:",inline"`
	SchoolID     bson.ObjectID `bson:"schoolId" json:"schoolId"`
	Kind         string        `bson:"kind" json:"kind" validate:"required,oneof=cognitive position" label:"实习类型"`
	LegacyKind   string        `bson:"legacyKind,omitempty" json:"legacyKind,omitempty" validate:"omitempty,oneof=follow top" label:"原实习类型"`
	Context      string        `bson:"context" json:"context" validate:"required,oneof=none apprenticeship order_class" label:"实习来源"`
	ContextID    bson.ObjectID `bson:"contextId,omitempty" json:"contextId,omitzero"`
	Arrangement  string        `bson:"arrangement" json:"arrangement" validate:"required,oneof=school_arranged self_found" label:"安排方式"`
	Approval     Approval      `bson:"approval" json:"approval"`
	StudentID    bson.ObjectID `bson:"studentId" json:"studentId"`
	MajorCode    string        `bson:"majorCodeAtStart" json:"majorCodeAtStart" validate:"omitempty,major_code" label:"实习开始时的专业代码"`
	EnterpriseID bson.ObjectID `bson:"enterpriseId" json:"enterpriseId"`
	Site         Site          `bson:"site" json:"site"`
	Post         Post          `bson:"post" json:"post"`
	Intermediary bool          `bson:"intermediary" json:"intermediary"` // organised via an agency (INT-06)

	StartDate      Date `bson:"startDate" json:"startDate"`
	PlannedEndDate Date `bson:"plannedEndDate" json:"plannedEndDate"`
	ActualEndDate  Date `bson:"actualEndDate,omitempty" json:"actualEndDate,omitzero"`

	Schedule        Schedule        `bson:"schedule" json:"schedule"`
	ExceptionFiling ExceptionFiling `bson:"exceptionFiling" json:"exceptionFiling"`
	Agreement       Agreement       `bson:"agreement" json:"agreement"`
	Consent         Consent         `bson:"consent" json:"consent"`
	Insurance       Insurance       `bson:"insurance" json:"insurance"`
	Pay             Pay             `bson:"pay" json:"pay"`
	Fees            Fees            `bson:"fees" json:"fees"`
	Mentors         Mentors         `bson:"mentors" json:"mentors"`
	UnitResponse    UnitResponse    `bson:"unitResponse" json:"unitResponse"`

	Status            string `bson:"status" json:"status" validate:"required,oneof=draft active completed terminated suspended" label:"状态"`
	TerminationReason string `bson:"terminationReason,omitempty" json:"terminationReason,omitempty" validate:"max=500" label:"终止原因"`
	// RuleSetVersion is the rule set the placement was last checked under; it is
	// kept so that the placement is never silently re-judged by newer parameters.
	RuleSetVersion string           `bson:"ruleSetVersion" json:"ruleSetVersion"`
	Checks         []PlacementCheck `bson:"checks" json:"checks"`
	Weeks          []Week           `bson:"weeks" json:"weeks" validate:"dive"`
	Assessment     Assessment       `bson:"assessment" json:"assessment"`
}

// SchoolOf names the placement's school.
func (p *Placement) SchoolOf() bson.ObjectID { return p.SchoolID }

// EndDate is the last day of the placement: the actual end once recorded, else
// the planned one.
func (p *Placement) EndDate() Date {
	if !p.ActualEndDate.IsZero() {
		return p.ActualEndDate
	}
	return p.PlannedEndDate
}

// LastCheck returns the latest rule check, or nil when the placement was never
// checked.
func (p *Placement) LastCheck() *PlacementCheck {
	if len(p.Checks) == 0 {
		return nil
	}
	return &p.Checks[len(p.Checks)-1]
}

// Approval is the school's approval of a self-found placement (INT-19).
type Approval struct {
	Ref        string `bson:"ref" json:"ref" validate:"max=100" label:"审批编号"`
	ApprovedAt Date   `bson:"approvedAt,omitempty" json:"approvedAt,omitzero"`
}

// Approved reports whether the approval is recorded.
func (a Approval) Approved() bool { return !a.ApprovedAt.IsZero() }

// Site is where the student works; a country other than CN is abroad.
type Site struct {
	Address string `bson:"address" json:"address" validate:"max=200" label:"实习地点"`
	Country string `bson:"country" json:"country" validate:"omitempty,len=2,uppercase" label:"国家或地区"`
}

// Post is the student's post (实习岗位) and what the rules need to know of it.
type Post struct {
	Name string `bson:"name" json:"name" validate:"max=100" label:"岗位名称"`
	// Category names the kind of work when it is on a prohibited list of the rule
	// set (minors INT-03, women INT-04); "" for ordinary work.
	Category string `bson:"category" json:"category" validate:"max=50" label:"岗位类别"`
	// SameKindPostKey groups the enterprise's posts of the same kind (同类岗位):
	// placements with the same key count together toward INT-13.
	SameKindPostKey string `bson:"sameKindPostKey" json:"sameKindPostKey" validate:"max=100" label:"同类岗位"`
	// SameKindPostStaff is the enterprise's staff in that kind of post, the
	// denominator of INT-13.
	SameKindPostStaff int `bson:"sameKindPostStaff" json:"sameKindPostStaff" validate:"min=0,max=10000000" label:"同类岗位职工人数"`
	// MajorCode is the major the post corresponds to, when known; INT-16 then
	// compares its 大类 with the student's.
	MajorCode          string `bson:"majorCode" json:"majorCode" validate:"omitempty,major_code" label:"岗位对应专业代码"`
	Match              string `bson:"match" json:"match" validate:"omitempty,oneof=matched related unmatched" label:"专业对口情况"`
	EntertainmentVenue bool   `bson:"entertainmentVenue" json:"entertainmentVenue"` // INT-05
	// LabourClass is the 体力劳动强度 class 1–4 (I–IV); 0 when not recorded (INT-07).
	LabourClass int    `bson:"labourClass" json:"labourClass" validate:"min=0,max=4" label:"体力劳动强度等级"`
	Hazardous   bool   `bson:"hazardous" json:"hazardous"` // high-altitude, underground, radioactive … (INT-08)
	HazardType  string `bson:"hazardType" json:"hazardType" validate:"max=100" label:"危险作业类型"`
}

// Schedule is the agreed working time (INT-09/10/11).
type Schedule struct {
	HoursPerDay float64 `bson:"hoursPerDay" json:"hoursPerDay" validate:"min=0,max=24" label:"每日工作时长"`
	DaysPerWeek int     `bson:"daysPerWeek" json:"daysPerWeek" validate:"min=0,max=7" label:"每周工作天数"`
	NightWork   bool    `bson:"nightWork" json:"nightWork"`
	HolidayWork bool    `bson:"holidayWork" json:"holidayWork"`
	Overtime    bool    `bson:"overtime" json:"overtime"`
}

// ExceptionFiling is the filing (备案) with the superior authority that alone
// allows hazardous work, holiday work, overtime or night shifts (INT-08/09/10).
type ExceptionFiling struct {
	Ref       string `bson:"ref" json:"ref" validate:"max=100" label:"备案文号"`
	Authority string `bson:"authority" json:"authority" validate:"max=100" label:"备案机关"`
	FiledAt   Date   `bson:"filedAt,omitempty" json:"filedAt,omitzero"`
}

// Filed reports whether the filing is complete: reference, authority and date.
func (e ExceptionFiling) Filed() bool {
	return e.Ref != "" && e.Authority != "" && !e.FiledAt.IsZero()
}

// Agreement is the tripartite agreement (三方协议, INT-17).
type Agreement struct {
	DocRef          string `bson:"docRef" json:"docRef" validate:"max=100" label:"协议编号"`
	SignedBySchool  Date   `bson:"signedBySchool,omitempty" json:"signedBySchool,omitzero"`
	SignedByUnit    Date   `bson:"signedByUnit,omitempty" json:"signedByUnit,omitzero"`
	SignedByStudent Date   `bson:"signedByStudent,omitempty" json:"signedByStudent,omitzero"`
}

// Consent is the informed-consent form (知情同意书, INT-18).
type Consent struct {
	StudentSignedAt  Date   `bson:"studentSignedAt,omitempty" json:"studentSignedAt,omitzero"`
	GuardianName     string `bson:"guardianName" json:"guardianName" validate:"max=50" label:"监护人姓名"`
	Relation         string `bson:"relation" json:"relation" validate:"max=20" label:"与学生关系"`
	GuardianSignedAt Date   `bson:"guardianSignedAt,omitempty" json:"guardianSignedAt,omitzero"`
}

// Insurance is the internship liability insurance (实习责任保险, INT-22).
type Insurance struct {
	Insurer       string `bson:"insurer" json:"insurer" validate:"max=100" label:"保险公司"`
	PolicyNo      string `bson:"policyNo" json:"policyNo" validate:"max=100" label:"保单号"`
	From          Date   `bson:"from,omitempty" json:"from,omitzero"`
	To            Date   `bson:"to,omitempty" json:"to,omitzero"`
	PremiumPaidBy string `bson:"premiumPaidBy" json:"premiumPaidBy" validate:"omitempty,oneof=school unit student" label:"保费承担方"`
}

// Pay is the intern's pay (实习报酬, INT-20). Amounts are int64 fen (stack.md §3
// rule 6).
type Pay struct {
	// IndependentWork: the student works relatively independently (相对独立参与
	// 实际工作), which makes pay due.
	IndependentWork    bool   `bson:"independentWork" json:"independentWork"`
	MonthlyAmountFen   int64  `bson:"monthlyAmountFen" json:"monthlyAmountFen" validate:"min=0" label:"月报酬（分）"`
	SamePostWageFen    int64  `bson:"samePostWageFen" json:"samePostWageFen" validate:"min=0" label:"相同岗位试用期工资（分）"`
	LowestGradeWageFen int64  `bson:"lowestGradeWageFen" json:"lowestGradeWageFen" validate:"min=0" label:"最低档工资标准（分）"`
	CycleDays          int    `bson:"cycleDays" json:"cycleDays" validate:"min=0,max=366" label:"发放周期（天）"`
	Method             string `bson:"method" json:"method" validate:"omitempty,oneof=bank_transfer cash in_kind" label:"发放方式"`
	PaidDirectly       bool   `bson:"paidDirectly" json:"paidDirectly"` // to the student, not via school or agency
}

// Fees are what the student is charged: nothing, declared as such (INT-21).
type Fees struct {
	DeclaredNone bool     `bson:"declaredNone" json:"declaredNone"`
	Charges      []Charge `bson:"charges" json:"charges" validate:"dive"`
}

// Charge is one fee or deposit a student was asked to pay.
type Charge struct {
	Kind      string `bson:"kind" json:"kind" validate:"required,oneof=deposit training commission management materials job_service guarantee other" label:"收费项目"`
	AmountFen int64  `bson:"amountFen" json:"amountFen" validate:"min=0" label:"金额（分）"`
}

// Mentors are the school's supervisor (a teacher) and the enterprise's mentor (INT-23).
type Mentors struct {
	SchoolMentorTeacherID bson.ObjectID `bson:"schoolMentorTeacherId,omitempty" json:"schoolMentorTeacherId,omitzero"`
	EnterpriseMentorName  string        `bson:"enterpriseMentorName" json:"enterpriseMentorName" validate:"max=50" label:"企业指导人员"`
	EnterpriseMentorPhone string        `bson:"enterpriseMentorPhone" json:"enterpriseMentorPhone" validate:"omitempty,phone" label:"企业指导人员电话"`
}

// UnitResponse is the enterprise's answer to a proposed placement in the portal.
type UnitResponse struct {
	Decision string        `bson:"decision" json:"decision" validate:"omitempty,oneof=confirmed declined" label:"企业意见"`
	At       time.Time     `bson:"at,omitempty" json:"at,omitzero"`
	By       bson.ObjectID `bson:"by,omitempty" json:"by,omitzero"`
	Reason   string        `bson:"reason" json:"reason,omitempty" validate:"max=500" label:"拒绝原因"`
}

// Week is one week of attendance as the enterprise confirmed it (or the office
// entered it on the enterprise's behalf). Only confirmed weeks feed the hours
// rules and the figures. A correction replaces the current confirmation and
// keeps the one it replaced in Previous, so that what changed, who changed it,
// when and why stays on the record (domain.md §3.9: an edit voids the earlier
// approval, it does not erase it).
type Week struct {
	ID               bson.ObjectID `bson:"id" json:"id"`
	WeekStart        Date          `bson:"weekStart" json:"weekStart"` // a Monday
	WeekConfirmation `bson:",inline"`
	// Previous are the week's earlier confirmations, oldest first, each as it
	// stood until a correction replaced it.
	Previous []WeekConfirmation `bson:"previous,omitempty" json:"previous,omitempty"`
}

// WeekConfirmation is one confirmation of a week: the values confirmed, by
// whom, when, through which channel and, for a correction, why.
type WeekConfirmation struct {
	DaysWorked      int           `bson:"daysWorked" json:"daysWorked" validate:"min=0,max=7" label:"出勤天数"`
	Hours           float64       `bson:"hours" json:"hours" validate:"min=0,max=168" label:"工作小时数"`
	NightHours      float64       `bson:"nightHours" json:"nightHours" validate:"min=0,max=168" label:"夜间工作小时数"`
	HolidayWork     bool          `bson:"holidayWork" json:"holidayWork"`
	ConfirmedBy     bson.ObjectID `bson:"confirmedBy,omitempty" json:"confirmedBy,omitzero"`
	ConfirmedAt     time.Time     `bson:"confirmedAt,omitempty" json:"confirmedAt,omitzero"`
	Channel         string        `bson:"channel" json:"channel,omitempty" validate:"omitempty,oneof=portal office" label:"确认渠道"`
	EnteredByOffice bool          `bson:"enteredByOffice" json:"enteredByOffice"`
	// CorrectionReason says why this confirmation replaced an earlier one;
	// empty for a week's first confirmation.
	CorrectionReason string `bson:"correctionReason,omitempty" json:"correctionReason,omitempty" validate:"max=500" label:"更正原因"`
}

// Confirmed reports whether the week was confirmed.
func (w Week) Confirmed() bool { return !w.ConfirmedAt.IsZero() }

// Corrected reports whether the week's confirmation replaced an earlier one.
func (w Week) Corrected() bool { return len(w.Previous) > 0 }

// Assessment is the result at the end of the placement (INT-26/27).
type Assessment struct {
	Grade            string  `bson:"grade" json:"grade,omitempty" validate:"omitempty,oneof=excellent good pass fail" label:"考核等级"`
	Score            *int    `bson:"score,omitempty" json:"score,omitempty" validate:"omitempty,min=0,max=100" label:"考核成绩"`
	Credits          float64 `bson:"credits" json:"credits" validate:"min=0,max=100" label:"学分"`
	MentorEvaluation string  `bson:"mentorEvaluation" json:"mentorEvaluation,omitempty" validate:"max=2000" label:"企业指导人员评价"`
}

// PlacementCheck is one run of the rule engine over the placement: the rule set
// it ran under and what it found, kept as history.
type PlacementCheck struct {
	ID             bson.ObjectID `bson:"id" json:"id"`
	At             time.Time     `bson:"at" json:"at"`
	By             bson.ObjectID `bson:"by,omitempty" json:"by,omitzero"`
	RuleSetVersion string        `bson:"ruleSetVersion" json:"ruleSetVersion"`
	Findings       []Finding     `bson:"findings" json:"findings"`
}

// PlacementFilter narrows a placement list.
type PlacementFilter struct {
	ListParams
	SchoolID     string
	EnterpriseID string
	StudentID    string
	Kind         string
	Status       string
	RuleID       string // placements whose last check has a finding of this rule
	Year         int    // statistical year starting 1 September
}
