package models

// Enterprise sizes (企业规模, 《统计上大中小微型企业划分办法》).
const (
	SizeLarge  = "large"
	SizeMedium = "medium"
	SizeSmall  = "small"
	SizeMicro  = "micro"
)

// Enterprise (企业) is shared by the schools that work with it; its 统一社会信用代码
// is unique across the installation.
type Enterprise struct {
	Meta            `bson:",inline"`
	CreditCode      string `bson:"creditCode" json:"creditCode" validate:"required,uscc" label:"统一社会信用代码"`
	Name            string `bson:"name" json:"name" validate:"required,min=2,max=100" label:"企业名称"`
	Industry        string `bson:"industry" json:"industry" validate:"max=50" label:"所属行业"`
	Size            string `bson:"size" json:"size" validate:"omitempty,oneof=large medium small micro" label:"企业规模"`
	Address         string `bson:"address" json:"address" validate:"max=200" label:"地址"`
	OnPostStaff     int    `bson:"onPostStaff" json:"onPostStaff" validate:"min=0,max=10000000" label:"在岗职工人数"`
	OnPostStaffAsOf Date   `bson:"onPostStaffAsOf" json:"onPostStaffAsOf"`
	ContactName     string `bson:"contactName" json:"contactName" validate:"max=50" label:"联系人"`
	ContactPhone    string `bson:"contactPhone" json:"contactPhone" validate:"omitempty,phone" label:"联系电话"`
}

// EnterpriseFields are the writable fields of an enterprise.
type EnterpriseFields struct {
	Version         *int64  `json:"version"`
	CreditCode      *string `json:"creditCode"`
	Name            *string `json:"name"`
	Industry        *string `json:"industry"`
	Size            *string `json:"size"`
	Address         *string `json:"address"`
	OnPostStaff     *int    `json:"onPostStaff"`
	OnPostStaffAsOf *string `json:"onPostStaffAsOf"`
	ContactName     *string `json:"contactName"`
	ContactPhone    *string `json:"contactPhone"`
}

// Apply copies the given fields onto e.
func (f EnterpriseFields) Apply(e *Enterprise, errs *ValidationError) {
	if f.CreditCode != nil {
		e.CreditCode = NormalizeCreditCode(*f.CreditCode)
	}
	setString(&e.Name, f.Name)
	setString(&e.Industry, f.Industry)
	setString(&e.Size, f.Size)
	setString(&e.Address, f.Address)
	if f.OnPostStaff != nil {
		e.OnPostStaff = *f.OnPostStaff
	}
	if f.OnPostStaffAsOf != nil {
		e.OnPostStaffAsOf = parseRequiredDate(*f.OnPostStaffAsOf, "onPostStaffAsOf", errs)
	}
	setString(&e.ContactName, f.ContactName)
	setString(&e.ContactPhone, f.ContactPhone)
}

// EnterpriseFilter narrows an enterprise list.
type EnterpriseFilter struct {
	ListParams
	Industry string
	Size     string
}
