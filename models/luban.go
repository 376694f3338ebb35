package models

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Workshop statuses (domain.md §3.12).
const (
	WorkshopPlanning  = "PLANNING"  // 筹建
	WorkshopPreparing = "PREPARING" // 运营准备
	WorkshopOperating = "OPERATING" // 运营
	WorkshopAccepted  = "ACCEPTED"  // 验收通过
	WorkshopSuspended = "SUSPENDED" // 暂停
)

// WorkshopStatuses lists the statuses in their order, with their Chinese names.
var WorkshopStatuses = [][2]string{
	{WorkshopPlanning, "筹建"}, {WorkshopPreparing, "运营准备"}, {WorkshopOperating, "运营"},
	{WorkshopAccepted, "验收通过"}, {WorkshopSuspended, "暂停"},
}

// Roles of a Chinese institution in a workshop.
const (
	InstitutionLead      = "LEAD"       // 牵头
	InstitutionCoBuilder = "CO_BUILDER" // 共建
)

// Workshop is a Luban Workshop (鲁班工坊, domain.md §3.12, §7): an overseas
// centre a Chinese vocational school builds with a host institution. It belongs
// to the school of this installation that builds it (SchoolID; zero until the
// system admin assigns a seeded workshop to a school). Its natural key is
// (country, principal host, lead Chinese institution), kept in Key: there are
// two Indonesian Luban Workshops.
type Workshop struct {
	Meta                `bson:",inline"`
	SchoolID            bson.ObjectID          `bson:"schoolId" json:"schoolId"`
	Key                 string                 `bson:"key" json:"-"`
	Code                string                 `bson:"code" json:"code" validate:"max=30" label:"工坊编号"`
	NameZH              string                 `bson:"nameZh" json:"nameZh" validate:"required,max=100" label:"中文名称"`
	NameEN              string                 `bson:"nameEn" json:"nameEn" validate:"max=200" label:"英文名称"`
	NameLocal           string                 `bson:"nameLocal" json:"nameLocal" validate:"max=200" label:"合作方语言名称"`
	LocalLang           string                 `bson:"localLang" json:"localLang" validate:"required,oneof=fr de id en" label:"合作方语言"`
	Country             string                 `bson:"country" json:"country" validate:"required,iso3166_1_alpha2" label:"国家"`
	City                string                 `bson:"city" json:"city" validate:"max=100" label:"城市"`
	HostInstitutions    []string               `bson:"hostInstitutions" json:"hostInstitutions" validate:"max=10,dive,required,max=200" label:"外方合作院校"`
	ChineseInstitutions []ChineseInstitution   `bson:"chineseInstitutions" json:"chineseInstitutions" validate:"max=10,dive" label:"中方院校"`
	Enterprises         []string               `bson:"enterprises" json:"enterprises" validate:"max=20,dive,required,max=200" label:"合作企业"`
	Fields              []string               `bson:"fields" json:"fields" validate:"max=20,dive,required,max=100" label:"合作领域"`
	Majors              []string               `bson:"majors" json:"majors" validate:"max=20,dive,required,max=100" label:"专业"`
	AgreementDate       Date                   `bson:"agreementDate,omitempty" json:"agreementDate,omitzero"`
	OpenedDate          Date                   `bson:"openedDate,omitempty" json:"openedDate,omitzero"`
	AcceptedDate        Date                   `bson:"acceptedDate,omitempty" json:"acceptedDate,omitzero"`
	Phase               string                 `bson:"phase" json:"phase" validate:"max=100" label:"建设阶段"`
	AreaM2              int                    `bson:"areaM2" json:"areaM2" validate:"min=0,max=1000000" label:"面积（平方米）"`
	Status              string                 `bson:"status" json:"status" validate:"required,oneof=PLANNING PREPARING OPERATING ACCEPTED SUSPENDED" label:"状态"`
	StatusHistory       []WorkshopStatusChange `bson:"statusHistory" json:"statusHistory"`
	// Unconfirmed names the fields whose recorded value no source confirms yet
	// (domain.md marks them), so pages can say 待核实 beside them.
	Unconfirmed []string `bson:"unconfirmed" json:"unconfirmed" validate:"max=30,dive,oneof=hostInstitutions chineseInstitutions enterprises fields majors agreementDate openedDate acceptedDate phase areaM2 status localLang nameLocal city" label:"待核实项"`
	Notes       string   `bson:"notes" json:"notes" validate:"max=2000" label:"备注与来源"`
	// Seeded marks the workshops created at first start from domain.md.
	Seeded bool `bson:"seeded,omitempty" json:"seeded,omitempty"`
}

// ChineseInstitution is a Chinese school building the workshop; IsThisSchool
// marks the one this record belongs to.
type ChineseInstitution struct {
	Name         string `bson:"name" json:"name" validate:"required,max=100" label:"中方院校名称"`
	Role         string `bson:"role" json:"role" validate:"required,oneof=LEAD CO_BUILDER" label:"中方院校角色"`
	IsThisSchool bool   `bson:"isThisSchool" json:"isThisSchool"`
}

// WorkshopStatusChange is one entry of a workshop's status history: the status
// and the day it took effect.
type WorkshopStatusChange struct {
	Status string `bson:"status" json:"status"`
	Since  Date   `bson:"since" json:"since"`
	Note   string `bson:"note,omitempty" json:"note,omitempty"`
}

// SchoolOf names the workshop's school.
func (w *Workshop) SchoolOf() bson.ObjectID { return w.SchoolID }

// Lead is the lead Chinese institution's name.
func (w *Workshop) Lead() string {
	for _, c := range w.ChineseInstitutions {
		if c.Role == InstitutionLead {
			return c.Name
		}
	}
	return ""
}

// Host is the principal host institution: the first listed, or "" when none
// is confirmed yet.
func (w *Workshop) Host() string {
	if len(w.HostInstitutions) == 0 {
		return ""
	}
	return w.HostInstitutions[0]
}

// NaturalKey is the workshop's key: country, principal host and lead Chinese
// institution, compared without case or surrounding spaces.
func (w *Workshop) NaturalKey() string {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return w.Country + "|" + norm(w.Host()) + "|" + norm(w.Lead())
}

// StatusOn is the status in force on day d by the history ("" before the
// first entry).
func (w *Workshop) StatusOn(d Date) string {
	status := ""
	for _, h := range w.StatusHistory {
		if !h.Since.After(d) {
			status = h.Status
		}
	}
	return status
}

// IsUnconfirmed reports whether field is marked 待核实.
func (w *Workshop) IsUnconfirmed(field string) bool {
	for _, f := range w.Unconfirmed {
		if f == field {
			return true
		}
	}
	return false
}

// WorkshopFields is the writable part of a workshop. StatusSince dates a
// status change (default: today).
type WorkshopFields struct {
	Version             *int64                `json:"version"`
	SchoolID            *string               `json:"schoolId"`
	Code                *string               `json:"code"`
	NameZH              *string               `json:"nameZh"`
	NameEN              *string               `json:"nameEn"`
	NameLocal           *string               `json:"nameLocal"`
	LocalLang           *string               `json:"localLang"`
	Country             *string               `json:"country"`
	City                *string               `json:"city"`
	HostInstitutions    *[]string             `json:"hostInstitutions"`
	ChineseInstitutions *[]ChineseInstitution `json:"chineseInstitutions"`
	Enterprises         *[]string             `json:"enterprises"`
	Fields              *[]string             `json:"fields"`
	Majors              *[]string             `json:"majors"`
	AgreementDate       *string               `json:"agreementDate"`
	OpenedDate          *string               `json:"openedDate"`
	AcceptedDate        *string               `json:"acceptedDate"`
	Phase               *string               `json:"phase"`
	AreaM2              *int                  `json:"areaM2"`
	Status              *string               `json:"status"`
	StatusSince         *string               `json:"statusSince"`
	StatusNote          *string               `json:"statusNote"`
	Unconfirmed         *[]string             `json:"unconfirmed"`
	Notes               *string               `json:"notes"`
}

// Apply copies the set fields onto w; lists are trimmed of blanks and dates
// parsed, their errors collected. The status history is the service's.
func (f WorkshopFields) Apply(w *Workshop, errs *ValidationError) {
	setString(&w.Code, f.Code)
	setString(&w.NameZH, f.NameZH)
	setString(&w.NameEN, f.NameEN)
	setString(&w.NameLocal, f.NameLocal)
	setString(&w.LocalLang, f.LocalLang)
	if f.Country != nil {
		w.Country = strings.ToUpper(strings.TrimSpace(*f.Country))
	}
	setString(&w.City, f.City)
	for _, l := range []struct {
		dst *[]string
		src *[]string
	}{{&w.HostInstitutions, f.HostInstitutions}, {&w.Enterprises, f.Enterprises}, {&w.Fields, f.Fields}, {&w.Majors, f.Majors}, {&w.Unconfirmed, f.Unconfirmed}} {
		if l.src != nil {
			*l.dst = trimList(*l.src)
		}
	}
	if f.ChineseInstitutions != nil {
		w.ChineseInstitutions = nil
		for _, c := range *f.ChineseInstitutions {
			c.Name = strings.TrimSpace(c.Name)
			if c.Name != "" {
				w.ChineseInstitutions = append(w.ChineseInstitutions, c)
			}
		}
	}
	for _, d := range []struct {
		dst   *Date
		src   *string
		field string
	}{{&w.AgreementDate, f.AgreementDate, "agreementDate"}, {&w.OpenedDate, f.OpenedDate, "openedDate"}, {&w.AcceptedDate, f.AcceptedDate, "acceptedDate"}} {
		if d.src != nil {
			*d.dst = parseRequiredDate(*d.src, d.field, errs)
		}
	}
	setString(&w.Phase, f.Phase)
	if f.AreaM2 != nil {
		w.AreaM2 = *f.AreaM2
	}
	setString(&w.Status, f.Status)
	setString(&w.Notes, f.Notes)
	w.checkFields(errs)
}

func (w *Workshop) checkFields(errs *ValidationError) {
	leads, this := 0, 0
	for _, c := range w.ChineseInstitutions {
		if c.Role == InstitutionLead {
			leads++
		}
		if c.IsThisSchool {
			this++
		}
	}
	switch {
	case len(w.ChineseInstitutions) == 0:
		errs.Add("chineseInstitutions", "中方院校为必填项，至少填写牵头院校")
	case leads != 1:
		errs.Add("chineseInstitutions", "中方院校中须有且只有一所牵头院校")
	case this > 1:
		errs.Add("chineseInstitutions", "只能标记一所中方院校为本校")
	}
	if !w.OpenedDate.IsZero() && !w.AgreementDate.IsZero() && w.OpenedDate.Before(w.AgreementDate) {
		errs.Add("openedDate", "揭牌运营日期不能早于协议签订日期")
	}
	if !w.AcceptedDate.IsZero() && !w.OpenedDate.IsZero() && w.AcceptedDate.Before(w.OpenedDate) {
		errs.Add("acceptedDate", "验收日期不能早于揭牌运营日期")
	}
	if w.Status == WorkshopAccepted && w.AcceptedDate.IsZero() {
		errs.Add("acceptedDate", "状态为验收通过时须填写验收日期")
	}
}

// trimList drops blank entries and surrounding spaces.
func trimList(ss []string) []string {
	out := []string{}
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// WorkshopFilter narrows a workshop list.
type WorkshopFilter struct {
	ListParams
	SchoolID string
	Country  string
	Status   string
}
