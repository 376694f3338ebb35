package models

import (
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Contract statuses of an apprenticeship contract.
const (
	ContractActive     = "active"     // 履行中
	ContractEnded      = "ended"      // 期满
	ContractTerminated = "terminated" // 解除
)

// Programme is a 现代学徒制 apprenticeship programme (domain.md §3.10): a
// school's major and cohort trained together with one or more enterprises under
// a joint training plan. Its students' company periods are on-post placements.
type Programme struct {
	Meta            `bson:",inline"`
	SchoolID        bson.ObjectID   `bson:"schoolId" json:"schoolId"`
	Name            string          `bson:"name" json:"name" validate:"required,max=100" label:"项目名称"`
	EnterpriseIDs   []bson.ObjectID `bson:"enterpriseIds" json:"enterpriseIds"`
	MajorCode       string          `bson:"majorCode" json:"majorCode" validate:"required,major_code" label:"专业代码"`
	CohortYear      int             `bson:"cohortYear" json:"cohortYear" validate:"required,min=2000,max=2100" label:"年级"`
	StartDate       Date            `bson:"startDate" json:"startDate"`
	EndDate         Date            `bson:"endDate" json:"endDate"`
	TrainingPlanDoc string          `bson:"trainingPlanDoc" json:"trainingPlanDoc" validate:"max=200" label:"人才培养方案"`
	SchoolLead      string          `bson:"schoolLead" json:"schoolLead" validate:"max=50" label:"学校负责人"`
	EnterpriseLead  string          `bson:"enterpriseLead" json:"enterpriseLead" validate:"max=50" label:"企业负责人"`
}

// SchoolOf names the programme's school.
func (p *Programme) SchoolOf() bson.ObjectID { return p.SchoolID }

// HasEnterprise reports whether id is one of the programme's enterprises.
func (p *Programme) HasEnterprise(id bson.ObjectID) bool {
	for _, e := range p.EnterpriseIDs {
		if e == id {
			return true
		}
	}
	return false
}

// ProgrammeFields is the writable part of a programme.
type ProgrammeFields struct {
	Version         *int64    `json:"version"`
	SchoolID        *string   `json:"schoolId"`
	Name            *string   `json:"name"`
	EnterpriseIDs   *[]string `json:"enterpriseIds"`
	MajorCode       *string   `json:"majorCode"`
	CohortYear      *int      `json:"cohortYear"`
	StartDate       *string   `json:"startDate"`
	EndDate         *string   `json:"endDate"`
	TrainingPlanDoc *string   `json:"trainingPlanDoc"`
	SchoolLead      *string   `json:"schoolLead"`
	EnterpriseLead  *string   `json:"enterpriseLead"`
}

// Apply copies the set fields onto p; ids and dates are parsed, their errors
// collected, and the required ones reported.
func (f ProgrammeFields) Apply(p *Programme, errs *ValidationError) {
	setString(&p.Name, f.Name)
	if f.EnterpriseIDs != nil {
		p.EnterpriseIDs = parseIDs(*f.EnterpriseIDs, "enterpriseIds", errs)
	}
	setString(&p.MajorCode, f.MajorCode)
	if f.CohortYear != nil {
		p.CohortYear = *f.CohortYear
	}
	if f.StartDate != nil {
		p.StartDate = parseRequiredDate(*f.StartDate, "startDate", errs)
	}
	if f.EndDate != nil {
		p.EndDate = parseRequiredDate(*f.EndDate, "endDate", errs)
	}
	setString(&p.TrainingPlanDoc, f.TrainingPlanDoc)
	setString(&p.SchoolLead, f.SchoolLead)
	setString(&p.EnterpriseLead, f.EnterpriseLead)
	if len(p.EnterpriseIDs) == 0 {
		errs.Add("enterpriseIds", "合作企业为必填项，至少选择一家")
	}
	checkPeriod(p.StartDate, p.EndDate, errs)
}

// ProgrammeFilter narrows a programme list.
type ProgrammeFilter struct {
	ListParams
	SchoolID     string
	EnterpriseID string
	Year         int // programmes whose period overlaps the statistical year
}

// Contract is one apprentice's contract in a programme (学徒培养协议), separate
// from the internship agreement: the student, the enterprise of the programme
// that trains the student, the master (师傅) and the terms.
type Contract struct {
	Meta         `bson:",inline"`
	SchoolID     bson.ObjectID `bson:"schoolId" json:"schoolId"`
	ProgrammeID  bson.ObjectID `bson:"programmeId" json:"programmeId"`
	StudentID    bson.ObjectID `bson:"studentId" json:"studentId"`
	Student      PersonRef     `bson:"student" json:"student"`
	EnterpriseID bson.ObjectID `bson:"enterpriseId" json:"enterpriseId"`
	SignedAt     Date          `bson:"signedAt" json:"signedAt"`
	StartDate    Date          `bson:"startDate" json:"startDate"`
	EndDate      Date          `bson:"endDate" json:"endDate"`
	Post         string        `bson:"post" json:"post" validate:"max=100" label:"学徒岗位"`
	MasterName   string        `bson:"masterName" json:"masterName" validate:"required,max=50" label:"企业师傅"`
	MasterPhone  string        `bson:"masterPhone" json:"masterPhone" validate:"omitempty,phone" label:"师傅联系电话"`
	// WageFen is the monthly wage or subsidy paid to the apprentice, in fen.
	WageFen           int64  `bson:"wageFen" json:"wageFen" validate:"min=0,max=100000000" label:"学徒工资或补贴（分/月）"`
	GuardianName      string `bson:"guardianName" json:"guardianName" validate:"max=50" label:"监护人"`
	InsurancePolicyNo string `bson:"insurancePolicyNo" json:"insurancePolicyNo" validate:"max=50" label:"保险单号"`
	Doc               string `bson:"doc" json:"doc" validate:"required,max=100" label:"合同编号"`
	Status            string `bson:"status" json:"status" validate:"required,oneof=active ended terminated" label:"合同状态"`
	TerminationReason string `bson:"terminationReason,omitempty" json:"terminationReason,omitempty" validate:"max=500" label:"解除原因"`
	TerminatedAt      Date   `bson:"terminatedAt,omitempty" json:"terminatedAt,omitzero"`
}

// LastDay is the contract's last day: the termination's when it was
// terminated, else its end date.
func (c *Contract) LastDay() Date {
	if c.Status == ContractTerminated && !c.TerminatedAt.IsZero() && c.TerminatedAt.Before(c.EndDate) {
		return c.TerminatedAt
	}
	return c.EndDate
}

// SchoolOf names the contract's school.
func (c *Contract) SchoolOf() bson.ObjectID { return c.SchoolID }

// PersonRef is what a record shows of the student it names, copied at each
// write so that lists and figures need no lookup; auditors see a pseudonym.
type PersonRef struct {
	Name      string `bson:"name" json:"name"`
	StudentNo string `bson:"studentNo" json:"studentNo,omitempty"`
}

// ContractFields is the writable part of a contract.
type ContractFields struct {
	Version           *int64  `json:"version"`
	SchoolID          *string `json:"schoolId"`
	ProgrammeID       *string `json:"programmeId"`
	StudentID         *string `json:"studentId"`
	EnterpriseID      *string `json:"enterpriseId"`
	SignedAt          *string `json:"signedAt"`
	StartDate         *string `json:"startDate"`
	EndDate           *string `json:"endDate"`
	Post              *string `json:"post"`
	MasterName        *string `json:"masterName"`
	MasterPhone       *string `json:"masterPhone"`
	WageFen           *int64  `json:"wageFen"`
	GuardianName      *string `json:"guardianName"`
	InsurancePolicyNo *string `json:"insurancePolicyNo"`
	Doc               *string `json:"doc"`
	Status            *string `json:"status"`
	TerminationReason *string `json:"terminationReason"`
	TerminatedAt      *string `json:"terminatedAt"`
}

// Apply copies the set fields onto c; ids and dates are parsed, their errors
// collected, and the required ones and the date order reported.
func (f ContractFields) Apply(c *Contract, errs *ValidationError) {
	for _, id := range []struct {
		dst   *bson.ObjectID
		src   *string
		field string
	}{{&c.ProgrammeID, f.ProgrammeID, "programmeId"}, {&c.StudentID, f.StudentID, "studentId"}, {&c.EnterpriseID, f.EnterpriseID, "enterpriseId"}} {
		if id.src != nil {
			*id.dst = parseOptionalID(*id.src, id.field, errs)
		}
	}
	for _, d := range []struct {
		dst   *Date
		src   *string
		field string
	}{{&c.SignedAt, f.SignedAt, "signedAt"}, {&c.StartDate, f.StartDate, "startDate"}, {&c.EndDate, f.EndDate, "endDate"},
		{&c.TerminatedAt, f.TerminatedAt, "terminatedAt"}} {
		if d.src != nil {
			*d.dst = parseRequiredDate(*d.src, d.field, errs)
		}
	}
	setString(&c.Post, f.Post)
	setString(&c.MasterName, f.MasterName)
	setString(&c.MasterPhone, f.MasterPhone)
	if f.WageFen != nil {
		c.WageFen = *f.WageFen
	}
	setString(&c.GuardianName, f.GuardianName)
	setString(&c.InsurancePolicyNo, f.InsurancePolicyNo)
	setString(&c.Doc, f.Doc)
	setString(&c.Status, f.Status)
	setString(&c.TerminationReason, f.TerminationReason)
	c.checkFields(errs)
}

// checkFields reports the missing references, the dates out of order and a
// termination without its reason.
func (c *Contract) checkFields(errs *ValidationError) {
	for _, r := range []struct {
		id           bson.ObjectID
		field, label string
	}{{c.ProgrammeID, "programmeId", "学徒制项目"}, {c.StudentID, "studentId", "学生"}, {c.EnterpriseID, "enterpriseId", "培养企业"}} {
		if r.id.IsZero() {
			errs.Add(r.field, r.label+"为必填项")
		}
	}
	if c.SignedAt.IsZero() {
		errs.Add("signedAt", "签订日期为必填项")
	}
	checkPeriod(c.StartDate, c.EndDate, errs)
	if !c.SignedAt.IsZero() && !c.StartDate.IsZero() && c.SignedAt.After(c.StartDate) {
		errs.Add("signedAt", "学徒合同须在培养开始前签订：签订日期不能晚于开始日期")
	}
	if c.Status == ContractTerminated && c.TerminationReason == "" {
		errs.Add("terminationReason", "合同解除时须填写解除原因")
	}
	if c.Status != ContractTerminated && c.TerminationReason != "" {
		errs.Add("terminationReason", "只有已解除的合同填写解除原因")
	}
	switch {
	case c.Status == ContractTerminated && c.TerminatedAt.IsZero():
		errs.Add("terminatedAt", "合同解除时须填写解除日期")
	case c.Status != ContractTerminated && !c.TerminatedAt.IsZero():
		errs.Add("terminatedAt", "只有已解除的合同填写解除日期")
	case !c.TerminatedAt.IsZero() && !c.SignedAt.IsZero() && c.TerminatedAt.Before(c.SignedAt):
		errs.Add("terminatedAt", "解除日期不能早于签订日期")
	}
}

// ContractFilter narrows a contract list.
type ContractFilter struct {
	ListParams
	SchoolID     string
	ProgrammeID  string
	StudentID    string
	EnterpriseID string
	Status       string
	Year         int // contracts whose period overlaps the statistical year
}

// checkPeriod requires a start and an end date, the end not before the start.
func checkPeriod(start, end Date, errs *ValidationError) {
	if start.IsZero() {
		errs.Add("startDate", "开始日期为必填项")
	}
	if end.IsZero() {
		errs.Add("endDate", "结束日期为必填项")
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		errs.Add("endDate", "结束日期不能早于开始日期")
	}
}

// parseIDs parses a list of ids, dropping blanks and repeats.
func parseIDs(ss []string, field string, errs *ValidationError) []bson.ObjectID {
	var out []bson.ObjectID
	seen := map[bson.ObjectID]bool{}
	for _, s := range ss {
		id := parseOptionalID(s, field, errs)
		if !id.IsZero() && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
