package models

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// OrderClass is an 订单班 (domain.md §3.11): a class of one major and cohort
// trained to one enterprise's order under an agreement signed before the
// students join, with its members over time and the graduates the enterprise
// hired.
type OrderClass struct {
	Meta                 `bson:",inline"`
	SchoolID             bson.ObjectID `bson:"schoolId" json:"schoolId"`
	Name                 string        `bson:"name" json:"name" validate:"required,max=100" label:"班级名称"`
	EnterpriseID         bson.ObjectID `bson:"enterpriseId" json:"enterpriseId"`
	EnterpriseName       string        `bson:"enterpriseName" json:"enterpriseName"`
	MajorCode            string        `bson:"majorCode" json:"majorCode" validate:"required,major_code" label:"专业代码"`
	CohortYear           int           `bson:"cohortYear" json:"cohortYear" validate:"required,min=2000,max=2100" label:"年级"`
	AgreementDoc         string        `bson:"agreementDoc" json:"agreementDoc" validate:"required,max=100" label:"订单培养协议编号"`
	AgreementSignedAt    Date          `bson:"agreementSignedAt" json:"agreementSignedAt"`
	JointCourses         []string      `bson:"jointCourses" json:"jointCourses" validate:"max=50,dive,max=100" label:"共同开发课程"`
	EmploymentCommitment string        `bson:"employmentCommitment" json:"employmentCommitment" validate:"max=500" label:"就业承诺"`
	Members              []OrderMember `bson:"members" json:"members"`
	Hires                []OrderHire   `bson:"hires" json:"hires"`
}

// SchoolOf names the class's school.
func (o *OrderClass) SchoolOf() bson.ObjectID { return o.SchoolID }

// MemberOn returns the membership of student that covers day d, if any.
func (o *OrderClass) MemberOn(student bson.ObjectID, d Date) *OrderMember {
	for i, m := range o.Members {
		if m.StudentID == student && m.Covers(d) {
			return &o.Members[i]
		}
	}
	return nil
}

// OrderMember is one student's time in an order class; LeftAt is zero while the
// student is in it.
type OrderMember struct {
	StudentID bson.ObjectID `bson:"studentId" json:"studentId"`
	Student   PersonRef     `bson:"student" json:"student"`
	JoinedAt  Date          `bson:"joinedAt" json:"joinedAt"`
	LeftAt    Date          `bson:"leftAt,omitempty" json:"leftAt,omitzero"`
}

// Covers reports whether the student is in the class on day d.
func (m OrderMember) Covers(d Date) bool {
	return !d.Before(m.JoinedAt) && (m.LeftAt.IsZero() || !d.After(m.LeftAt))
}

// Overlaps reports whether the membership overlaps [from, to].
func (m OrderMember) Overlaps(from, to Date) bool {
	return !m.JoinedAt.After(to) && (m.LeftAt.IsZero() || !m.LeftAt.Before(from))
}

// OrderHire is a member the enterprise hired (录用), with the document proving it.
type OrderHire struct {
	StudentID bson.ObjectID `bson:"studentId" json:"studentId"`
	Student   PersonRef     `bson:"student" json:"student"`
	HiredAt   Date          `bson:"hiredAt" json:"hiredAt"`
	Doc       string        `bson:"doc" json:"doc" validate:"max=100" label:"录用证明"`
}

// OrderClassFields is the writable part of an order class. Members and hires
// name their student by id or, for people typing 学号 into a form or a sheet, by
// 学号 within the class's school; a list replaces the stored one whole.
type OrderClassFields struct {
	Version              *int64         `json:"version"`
	SchoolID             *string        `json:"schoolId"`
	Name                 *string        `json:"name"`
	EnterpriseID         *string        `json:"enterpriseId"`
	MajorCode            *string        `json:"majorCode"`
	CohortYear           *int           `json:"cohortYear"`
	AgreementDoc         *string        `json:"agreementDoc"`
	AgreementSignedAt    *string        `json:"agreementSignedAt"`
	JointCourses         *[]string      `json:"jointCourses"`
	EmploymentCommitment *string        `json:"employmentCommitment"`
	Members              *[]MemberInput `json:"members"`
	Hires                *[]HireInput   `json:"hires"`
}

// MemberInput is one member as written: the student by id or 学号.
type MemberInput struct {
	StudentID string `json:"studentId"`
	StudentNo string `json:"studentNo"`
	JoinedAt  string `json:"joinedAt"`
	LeftAt    string `json:"leftAt"`
}

// HireInput is one hire as written: the student by id or 学号.
type HireInput struct {
	StudentID string `json:"studentId"`
	StudentNo string `json:"studentNo"`
	HiredAt   string `json:"hiredAt"`
	Doc       string `json:"doc"`
}

// Apply copies the set scalar fields onto o and reports the missing agreement
// date; members and hires, which need the school's students, are resolved by
// the service.
func (f OrderClassFields) Apply(o *OrderClass, errs *ValidationError) {
	setString(&o.Name, f.Name)
	if f.EnterpriseID != nil {
		o.EnterpriseID = parseOptionalID(*f.EnterpriseID, "enterpriseId", errs)
	}
	setString(&o.MajorCode, f.MajorCode)
	if f.CohortYear != nil {
		o.CohortYear = *f.CohortYear
	}
	setString(&o.AgreementDoc, f.AgreementDoc)
	if f.AgreementSignedAt != nil {
		o.AgreementSignedAt = parseRequiredDate(*f.AgreementSignedAt, "agreementSignedAt", errs)
	}
	if f.JointCourses != nil {
		o.JointCourses = nil
		for _, c := range *f.JointCourses {
			if c = trimSpace(c); c != "" {
				o.JointCourses = append(o.JointCourses, c)
			}
		}
	}
	setString(&o.EmploymentCommitment, f.EmploymentCommitment)
	if o.EnterpriseID.IsZero() {
		errs.Add("enterpriseId", "合作企业为必填项")
	}
	if o.AgreementSignedAt.IsZero() {
		errs.Add("agreementSignedAt", "协议签订日期为必填项")
	}
}

// CheckMembers checks the members and hires once their students are known: a
// joining date on or after the agreement (signed before enrolment), leaving not
// before joining, one membership per student at a time, and every hire a
// member. Fields are named members[i].field and hires[i].field.
func (o *OrderClass) CheckMembers(errs *ValidationError) {
	for i, m := range o.Members {
		field := fmt.Sprintf("members[%d]", i)
		switch {
		case m.JoinedAt.IsZero():
			errs.Add(field+".joinedAt", "加入日期为必填项")
		case !o.AgreementSignedAt.IsZero() && m.JoinedAt.Before(o.AgreementSignedAt):
			errs.Add(field+".joinedAt", "订单培养协议须在学生入班前签订：加入日期不能早于协议签订日期"+o.AgreementSignedAt.String())
		}
		if !m.LeftAt.IsZero() && m.LeftAt.Before(m.JoinedAt) {
			errs.Add(field+".leftAt", "离开日期不能早于加入日期")
		}
		for j := range i {
			n := o.Members[j]
			if n.StudentID == m.StudentID && overlapping(m, n) {
				errs.Add(field+".studentId", "该学生在本班的在班时间重复登记")
			}
		}
	}
	for i, h := range o.Hires {
		field := fmt.Sprintf("hires[%d]", i)
		if h.HiredAt.IsZero() {
			errs.Add(field+".hiredAt", "录用日期为必填项")
		}
		if !o.hasMember(h.StudentID) {
			errs.Add(field+".studentId", "录用的学生须为本班成员")
		}
		for j := range i {
			if o.Hires[j].StudentID == h.StudentID {
				errs.Add(field+".studentId", "该学生的录用已登记")
			}
		}
	}
}

func (o *OrderClass) hasMember(student bson.ObjectID) bool {
	for _, m := range o.Members {
		if m.StudentID == student {
			return true
		}
	}
	return false
}

// overlapping reports whether two memberships share a day.
func overlapping(a, b OrderMember) bool { return a.Overlaps(b.JoinedAt, b.Until()) }

// Until is the membership's last day, far in the future while the student is
// still in the class.
func (m OrderMember) Until() Date {
	if m.LeftAt.IsZero() {
		return DateOf(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	}
	return m.LeftAt
}

// OrderClassFilter narrows an order class list.
type OrderClassFilter struct {
	ListParams
	SchoolID     string
	EnterpriseID string
	Year         int // classes with a member in the statistical year
}
