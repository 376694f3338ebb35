package models

import "go.mongodb.org/mongo-driver/v2/bson"

// School levels.
const (
	SchoolSecondary = "secondary" // 中职
	SchoolHigher    = "higher"    // 高职
)

// School (学校) is one vocational school served by the installation.
type School struct {
	Meta     `bson:",inline"`
	Code     string `bson:"code" json:"code" validate:"required,max=20,code" label:"学校代码"`
	Name     string `bson:"name" json:"name" validate:"required,min=2,max=100" label:"学校名称"`
	District string `bson:"district" json:"district" validate:"required,max=50" label:"所属区县"`
	Level    string `bson:"level" json:"level" validate:"required,oneof=secondary higher" label:"办学层次"`
}

// SchoolFields are the writable fields of a school; nil means "not given".
type SchoolFields struct {
	Version  *int64  `json:"version"`
	Code     *string `json:"code"`
	Name     *string `json:"name"`
	District *string `json:"district"`
	Level    *string `json:"level"`
}

// Apply copies the given fields onto s.
func (f SchoolFields) Apply(s *School) {
	setString(&s.Code, f.Code)
	setString(&s.Name, f.Name)
	setString(&s.District, f.District)
	setString(&s.Level, f.Level)
}

// SchoolFilter narrows a school list.
type SchoolFilter struct {
	ListParams
	District string
	Level    string
}

// Major (专业) is a major a school offers, coded by the 2021 catalogue.
type Major struct {
	Meta     `bson:",inline"`
	SchoolID bson.ObjectID `bson:"schoolId" json:"schoolId"`
	Code     string        `bson:"code" json:"code" validate:"required,major_code" label:"专业代码"`
	Name     string        `bson:"name" json:"name" validate:"required,max=50" label:"专业名称"`
	Level    string        `bson:"level" json:"level" validate:"required,oneof=secondary higher bachelor" label:"专业层次"`
}

// MajorFields are the writable fields of a major.
type MajorFields struct {
	Version  *int64  `json:"version"`
	SchoolID *string `json:"schoolId"`
	Code     *string `json:"code"`
	Name     *string `json:"name"`
	Level    *string `json:"level"`
}

// Apply copies the given fields onto m (schoolId is resolved by the service).
func (f MajorFields) Apply(m *Major) {
	setString(&m.Code, f.Code)
	setString(&m.Name, f.Name)
	setString(&m.Level, f.Level)
}

// MajorFilter narrows a major list.
type MajorFilter struct {
	ListParams
	SchoolID string
	Level    string
}

func setString(dst *string, src *string) {
	if src != nil {
		*dst = trimSpace(*src)
	}
}

// SchoolOf returns the school the major belongs to.
func (m *Major) SchoolOf() bson.ObjectID { return m.SchoolID }
