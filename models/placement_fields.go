package models

import (
	"strconv"
	"strings"
	"time"
)

// PlacementFields is the writable part of a placement. Sub-records (agreement,
// insurance …) are replaced whole when given. Status, weeks, checks and the
// assessment change through their own operations.
type PlacementFields struct {
	Version          *int64                 `json:"version"`
	SchoolID         *string                `json:"schoolId"`
	Kind             *string                `json:"kind"` // cognitive, position; legacy follow/top become position
	Context          *string                `json:"context"`
	ContextID        *string                `json:"contextId"`
	Arrangement      *string                `json:"arrangement"`
	Approval         *ApprovalFields        `json:"approval"`
	StudentID        *string                `json:"studentId"`
	MajorCodeAtStart *string                `json:"majorCodeAtStart"`
	EnterpriseID     *string                `json:"enterpriseId"`
	Site             *Site                  `json:"site"`
	Post             *Post                  `json:"post"`
	Intermediary     *bool                  `json:"intermediary"`
	StartDate        *string                `json:"startDate"`
	PlannedEndDate   *string                `json:"plannedEndDate"`
	ActualEndDate    *string                `json:"actualEndDate"`
	Schedule         *Schedule              `json:"schedule"`
	ExceptionFiling  *ExceptionFilingFields `json:"exceptionFiling"`
	Agreement        *AgreementFields       `json:"agreement"`
	Consent          *ConsentFields         `json:"consent"`
	Insurance        *InsuranceFields       `json:"insurance"`
	Pay              *Pay                   `json:"pay"`
	Fees             *Fees                  `json:"fees"`
	Mentors          *MentorsFields         `json:"mentors"`
}

// ApprovalFields is the school's approval as entered.
type ApprovalFields struct {
	Ref        string `json:"ref"`
	ApprovedAt string `json:"approvedAt"`
}

// ExceptionFilingFields is an exception filing as entered.
type ExceptionFilingFields struct {
	Ref       string `json:"ref"`
	Authority string `json:"authority"`
	FiledAt   string `json:"filedAt"`
}

// AgreementFields is the tripartite agreement as entered.
type AgreementFields struct {
	DocRef          string `json:"docRef"`
	SignedBySchool  string `json:"signedBySchool"`
	SignedByUnit    string `json:"signedByUnit"`
	SignedByStudent string `json:"signedByStudent"`
}

// ConsentFields is the consent form as entered.
type ConsentFields struct {
	StudentSignedAt  string `json:"studentSignedAt"`
	GuardianName     string `json:"guardianName"`
	Relation         string `json:"relation"`
	GuardianSignedAt string `json:"guardianSignedAt"`
}

// InsuranceFields is the insurance as entered.
type InsuranceFields struct {
	Insurer       string `json:"insurer"`
	PolicyNo      string `json:"policyNo"`
	From          string `json:"from"`
	To            string `json:"to"`
	PremiumPaidBy string `json:"premiumPaidBy"`
}

// MentorsFields names the mentors as entered.
type MentorsFields struct {
	SchoolMentorTeacherID string `json:"schoolMentorTeacherId"`
	EnterpriseMentorName  string `json:"enterpriseMentorName"`
	EnterpriseMentorPhone string `json:"enterpriseMentorPhone"`
}

// NormalizePlacementKind maps a kind as entered to the stored kind and the legacy
// word kept beside it: 跟岗 (follow) and 顶岗 (top) are 岗位实习 since 2022.
func NormalizePlacementKind(s string) (kind, legacy string) {
	switch s = strings.ToLower(trimSpace(s)); s {
	case LegacyFollow, LegacyTop:
		return PlacementPosition, s
	}
	return s, ""
}

// Apply copies the set fields onto p; ids and dates are parsed, their errors
// collected under their JSON paths (e.g. "agreement.signedByUnit").
func (f PlacementFields) Apply(p *Placement, errs *ValidationError) {
	if f.Kind != nil {
		p.Kind, p.LegacyKind = NormalizePlacementKind(*f.Kind)
	}
	setString(&p.Context, f.Context)
	if p.Context == "" {
		p.Context = ContextNone
	}
	if f.ContextID != nil {
		p.ContextID = parseOptionalID(*f.ContextID, "contextId", errs)
	}
	setString(&p.Arrangement, f.Arrangement)
	if a := f.Approval; a != nil {
		p.Approval = Approval{Ref: trimSpace(a.Ref), ApprovedAt: parseRequiredDate(a.ApprovedAt, "approval.approvedAt", errs)}
	}
	if f.StudentID != nil {
		p.StudentID = parseOptionalID(*f.StudentID, "studentId", errs)
	}
	setString(&p.MajorCode, f.MajorCodeAtStart)
	if f.EnterpriseID != nil {
		p.EnterpriseID = parseOptionalID(*f.EnterpriseID, "enterpriseId", errs)
	}
	if f.Site != nil {
		p.Site = Site{Address: trimSpace(f.Site.Address), Country: strings.ToUpper(trimSpace(f.Site.Country))}
	}
	if p.Site.Country == "" {
		p.Site.Country = "CN"
	}
	if f.Post != nil {
		p.Post = trimPost(*f.Post)
	}
	if f.Intermediary != nil {
		p.Intermediary = *f.Intermediary
	}
	f.applyDates(p, errs)
	f.applySubRecords(p, errs)
	if p.Status == "" {
		p.Status = PlacementDraft
	}
}

func (f PlacementFields) applyDates(p *Placement, errs *ValidationError) {
	if f.StartDate != nil {
		p.StartDate = parseRequiredDate(*f.StartDate, "startDate", errs)
	}
	if f.PlannedEndDate != nil {
		p.PlannedEndDate = parseRequiredDate(*f.PlannedEndDate, "plannedEndDate", errs)
	}
	if f.ActualEndDate != nil {
		p.ActualEndDate = parseRequiredDate(*f.ActualEndDate, "actualEndDate", errs)
	}
}

func (f PlacementFields) applySubRecords(p *Placement, errs *ValidationError) {
	if f.Schedule != nil {
		p.Schedule = *f.Schedule
	}
	if e := f.ExceptionFiling; e != nil {
		p.ExceptionFiling = ExceptionFiling{Ref: trimSpace(e.Ref), Authority: trimSpace(e.Authority),
			FiledAt: parseRequiredDate(e.FiledAt, "exceptionFiling.filedAt", errs)}
	}
	if a := f.Agreement; a != nil {
		p.Agreement = Agreement{DocRef: trimSpace(a.DocRef),
			SignedBySchool:  parseRequiredDate(a.SignedBySchool, "agreement.signedBySchool", errs),
			SignedByUnit:    parseRequiredDate(a.SignedByUnit, "agreement.signedByUnit", errs),
			SignedByStudent: parseRequiredDate(a.SignedByStudent, "agreement.signedByStudent", errs)}
	}
	if c := f.Consent; c != nil {
		p.Consent = Consent{GuardianName: trimSpace(c.GuardianName), Relation: trimSpace(c.Relation),
			StudentSignedAt:  parseRequiredDate(c.StudentSignedAt, "consent.studentSignedAt", errs),
			GuardianSignedAt: parseRequiredDate(c.GuardianSignedAt, "consent.guardianSignedAt", errs)}
	}
	if i := f.Insurance; i != nil {
		p.Insurance = Insurance{Insurer: trimSpace(i.Insurer), PolicyNo: trimSpace(i.PolicyNo),
			PremiumPaidBy: trimSpace(i.PremiumPaidBy),
			From:          parseRequiredDate(i.From, "insurance.from", errs),
			To:            parseRequiredDate(i.To, "insurance.to", errs)}
	}
	if f.Pay != nil {
		p.Pay = *f.Pay
		p.Pay.Method = trimSpace(p.Pay.Method)
	}
	if f.Fees != nil {
		p.Fees = Fees{DeclaredNone: f.Fees.DeclaredNone, Charges: append([]Charge{}, f.Fees.Charges...)}
	}
	if m := f.Mentors; m != nil {
		p.Mentors = Mentors{EnterpriseMentorName: trimSpace(m.EnterpriseMentorName), EnterpriseMentorPhone: trimSpace(m.EnterpriseMentorPhone),
			SchoolMentorTeacherID: parseOptionalID(m.SchoolMentorTeacherID, "mentors.schoolMentorTeacherId", errs)}
	}
}

func trimPost(p Post) Post {
	p.Name, p.Category, p.SameKindPostKey = trimSpace(p.Name), trimSpace(p.Category), trimSpace(p.SameKindPostKey)
	p.MajorCode, p.Match, p.HazardType = trimSpace(p.MajorCode), trimSpace(p.Match), trimSpace(p.HazardType)
	return p
}

// CheckFields checks what the validate tags cannot: required references and
// dates, dates in order, a context id exactly when there is a context, a reason
// for a termination, weeks starting on distinct Mondays. It returns a
// *ValidationError naming every failing field, or nil.
func (p *Placement) CheckFields() error {
	var errs ValidationError
	if p.StudentID.IsZero() {
		errs.Add("studentId", "学生为必填项")
	}
	if p.EnterpriseID.IsZero() {
		errs.Add("enterpriseId", "实习单位为必填项")
	}
	switch {
	case p.StartDate.IsZero():
		errs.Add("startDate", "实习开始日期为必填项")
	case p.PlannedEndDate.IsZero():
		errs.Add("plannedEndDate", "计划结束日期为必填项")
	case p.PlannedEndDate.Before(p.StartDate):
		errs.Add("plannedEndDate", "计划结束日期不能早于开始日期")
	}
	if !p.ActualEndDate.IsZero() && !p.StartDate.IsZero() && p.ActualEndDate.Before(p.StartDate) {
		errs.Add("actualEndDate", "实际结束日期不能早于开始日期")
	}
	if p.Context != ContextNone && p.ContextID.IsZero() {
		errs.Add("contextId", "现代学徒制或订单班的实习须关联对应的项目或班级")
	}
	if p.Context != ContextNone && p.Kind != PlacementPosition {
		errs.Add("kind", "现代学徒制和订单班学生的企业实习期按岗位实习管理，实习类型须为岗位实习")
	}
	if p.Context == ContextNone && !p.ContextID.IsZero() {
		errs.Add("contextId", "实习来源为“无”时不关联项目或班级")
	}
	if p.Kind != PlacementPosition && p.LegacyKind != "" {
		errs.Add("kind", "跟岗、顶岗实习只能记为岗位实习")
	}
	if !p.Insurance.From.IsZero() && !p.Insurance.To.IsZero() && p.Insurance.To.Before(p.Insurance.From) {
		errs.Add("insurance.to", "保险止期不能早于起期")
	}
	if p.Status == PlacementTerminated && trimSpace(p.TerminationReason) == "" {
		errs.Add("terminationReason", "终止实习须填写原因")
	}
	p.checkWeeks(&errs)
	return errs.Err()
}

func (p *Placement) checkWeeks(errs *ValidationError) {
	seen := map[string]bool{}
	for i, w := range p.Weeks {
		field := "weeks[" + strconv.Itoa(i) + "].weekStart"
		switch {
		case w.WeekStart.IsZero():
			errs.Add(field, "周起始日期为必填项")
		case w.WeekStart.Time().Weekday() != time.Monday:
			errs.Add(field, "周起始日期须为星期一")
		case seen[w.WeekStart.String()]:
			errs.Add(field, "同一周只能登记一次")
		}
		seen[w.WeekStart.String()] = true
	}
}
