package models

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Student statuses (学籍状态).
const (
	StudentEnrolled  = "enrolled"
	StudentSuspended = "suspended"
	StudentGraduated = "graduated"
	StudentWithdrawn = "withdrawn"
)

// Student (学生). Sex and birth date are derived from the ID number and never entered.
type Student struct {
	Meta       `bson:",inline"`
	SchoolID   bson.ObjectID `bson:"schoolId" json:"schoolId"`
	StudentNo  string        `bson:"studentNo" json:"studentNo" validate:"required,max=32,code" label:"学号"`
	Name       string        `bson:"name" json:"name" validate:"required,max=50" label:"姓名"`
	IDNumber   string        `bson:"idNumber" json:"idNumber" validate:"required,cn_id" label:"身份证号"`
	Sex        string        `bson:"sex" json:"sex"`
	BirthDate  Date          `bson:"birthDate" json:"birthDate"`
	MajorCode  string        `bson:"majorCode" json:"majorCode" validate:"required,major_code" label:"专业代码"`
	ClassName  string        `bson:"className" json:"className" validate:"max=50" label:"班级"`
	CohortYear int           `bson:"cohortYear" json:"cohortYear" validate:"required,min=2000,max=2100" label:"入学年份"`
	Status     string        `bson:"status" json:"status" validate:"required,oneof=enrolled suspended graduated withdrawn" label:"学籍状态"`
	// GraduationDate is the day a graduated student graduated; the graduate
	// figures (双证书率) count graduates by it.
	GraduationDate Date `bson:"graduationDate,omitempty" json:"graduationDate,omitzero"`
}

// StudentFields are the writable fields of a student.
type StudentFields struct {
	Version    *int64  `json:"version"`
	SchoolID   *string `json:"schoolId"`
	StudentNo  *string `json:"studentNo"`
	Name       *string `json:"name"`
	IDNumber   *string `json:"idNumber"`
	MajorCode  *string `json:"majorCode"`
	ClassName  *string `json:"className"`
	CohortYear *int    `json:"cohortYear"`
	Status     *string `json:"status"`
	// GraduationDate is required when the status is graduated, and refused otherwise.
	GraduationDate *string `json:"graduationDate"`
}

// Apply copies the given fields onto s; sex and birth date follow the ID number.
func (f StudentFields) Apply(s *Student, errs *ValidationError) {
	setString(&s.StudentNo, f.StudentNo)
	setString(&s.Name, f.Name)
	if f.IDNumber != nil {
		s.IDNumber = NormalizeIDNumber(*f.IDNumber)
	}
	setString(&s.MajorCode, f.MajorCode)
	setString(&s.ClassName, f.ClassName)
	if f.CohortYear != nil {
		s.CohortYear = *f.CohortYear
	}
	setString(&s.Status, f.Status)
	if s.Status == "" {
		s.Status = StudentEnrolled
	}
	given := f.GraduationDate != nil && trimSpace(*f.GraduationDate) != ""
	switch {
	case s.Status != StudentGraduated && given:
		errs.Add("graduationDate", "只有学籍状态为毕业的学生填写毕业日期")
	case s.Status != StudentGraduated:
		s.GraduationDate = Date{} // no longer graduated
	case f.GraduationDate != nil:
		s.GraduationDate = parseRequiredDate(*f.GraduationDate, "graduationDate", errs)
	}
}

// Mask hides the ID number, and the birth date its hidden digits hold: shown
// beside the masked number, it would give them away.
func (s *Student) Mask() { s.IDNumber, s.BirthDate = MaskIDNumber(s.IDNumber), Date{} }

// StudentFilter narrows a student list.
type StudentFilter struct {
	ListParams
	SchoolID   string
	MajorCode  string
	ClassName  string
	CohortYear int
	Status     string
}

// Teacher course types.
const (
	CourseProfessional = "professional" // 专业课
	CoursePublic       = "public"       // 公共基础课
	CoursePractice     = "practice"     // 实习指导教师
)

// Teacher employment kinds.
const (
	EmploymentFullTime           = "full_time"
	EmploymentEnterprisePartTime = "enterprise_part_time" // 企业兼职教师
)

// Teacher (教师).
type Teacher struct {
	Meta                       `bson:",inline"`
	SchoolID                   bson.ObjectID `bson:"schoolId" json:"schoolId"`
	StaffNo                    string        `bson:"staffNo" json:"staffNo" validate:"required,max=32,code" label:"工号"`
	Name                       string        `bson:"name" json:"name" validate:"required,max=50" label:"姓名"`
	IDNumber                   string        `bson:"idNumber" json:"idNumber" validate:"omitempty,cn_id" label:"身份证号"`
	Sex                        string        `bson:"sex" json:"sex,omitempty"`
	BirthDate                  Date          `bson:"birthDate" json:"birthDate,omitzero"`
	CourseType                 string        `bson:"courseType" json:"courseType" validate:"required,oneof=professional public practice" label:"课程类别"`
	Employment                 string        `bson:"employment" json:"employment" validate:"required,oneof=full_time enterprise_part_time" label:"用工形式"`
	EmployerEnterpriseID       bson.ObjectID `bson:"employerEnterpriseId,omitempty" json:"employerEnterpriseId,omitzero"`
	HireDate                   Date          `bson:"hireDate" json:"hireDate"`
	EnterpriseExperienceMonths int           `bson:"enterpriseExperienceMonths" json:"enterpriseExperienceMonths" validate:"min=0,max=600" label:"入职前企业工作经历（月）"`
}

// TeacherFields are the writable fields of a teacher.
type TeacherFields struct {
	Version                    *int64  `json:"version"`
	SchoolID                   *string `json:"schoolId"`
	StaffNo                    *string `json:"staffNo"`
	Name                       *string `json:"name"`
	IDNumber                   *string `json:"idNumber"`
	CourseType                 *string `json:"courseType"`
	Employment                 *string `json:"employment"`
	EmployerEnterpriseID       *string `json:"employerEnterpriseId"`
	HireDate                   *string `json:"hireDate"`
	EnterpriseExperienceMonths *int    `json:"enterpriseExperienceMonths"`
}

// Apply copies the given fields onto t; dates and ids are parsed, their errors collected.
func (f TeacherFields) Apply(t *Teacher, errs *ValidationError) {
	setString(&t.StaffNo, f.StaffNo)
	setString(&t.Name, f.Name)
	if f.IDNumber != nil {
		t.IDNumber = NormalizeIDNumber(*f.IDNumber)
	}
	setString(&t.CourseType, f.CourseType)
	setString(&t.Employment, f.Employment)
	if f.EmployerEnterpriseID != nil {
		t.EmployerEnterpriseID = parseOptionalID(*f.EmployerEnterpriseID, "employerEnterpriseId", errs)
	}
	if f.HireDate != nil {
		t.HireDate = parseRequiredDate(*f.HireDate, "hireDate", errs)
	}
	if f.EnterpriseExperienceMonths != nil {
		t.EnterpriseExperienceMonths = *f.EnterpriseExperienceMonths
	}
}

// Mask hides the ID number and the birth date, as Student.Mask.
func (t *Teacher) Mask() { t.IDNumber, t.BirthDate = MaskIDNumber(t.IDNumber), Date{} }

// TeacherFilter narrows a teacher list.
type TeacherFilter struct {
	ListParams
	SchoolID   string
	CourseType string
	Employment string
}

func parseOptionalID(s, field string, errs *ValidationError) bson.ObjectID {
	s = strings.TrimSpace(s)
	if s == "" {
		return bson.NilObjectID
	}
	id, err := bson.ObjectIDFromHex(s)
	if err != nil {
		errs.Add(field, "编号格式不正确")
	}
	return id
}

func parseRequiredDate(s, field string, errs *ValidationError) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		errs.Add(field, "日期须为有效日期，格式为YYYY-MM-DD")
	}
	return d
}

func trimSpace(s string) string { return strings.TrimSpace(s) }

// SchoolOf returns the school the student belongs to.
func (s *Student) SchoolOf() bson.ObjectID { return s.SchoolID }

// SchoolOf returns the school the teacher belongs to.
func (t *Teacher) SchoolOf() bson.ObjectID { return t.SchoolID }
