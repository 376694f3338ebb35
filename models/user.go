package models

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// User is an account. The password hash never leaves the service layer.
type User struct {
	Meta         `bson:",inline"`
	Username     string          `bson:"username" json:"username" validate:"required,min=3,max=32,username" label:"用户名"`
	DisplayName  string          `bson:"displayName" json:"displayName" validate:"max=50" label:"显示名称"`
	Role         Role            `bson:"role" json:"role" validate:"required,oneof=system_admin office_admin office_staff enterprise auditor" label:"角色"`
	SchoolID     bson.ObjectID   `bson:"schoolId,omitempty" json:"schoolId,omitzero"`
	SchoolIDs    []bson.ObjectID `bson:"schoolIds,omitempty" json:"schoolIds,omitempty"`
	EnterpriseID bson.ObjectID   `bson:"enterpriseId,omitempty" json:"enterpriseId,omitzero"`
	Disabled     bool            `bson:"disabled" json:"disabled"`
	PasswordHash []byte          `bson:"passwordHash" json:"-"`
	PasswordAt   time.Time       `bson:"passwordAt" json:"passwordChangedAt"`
}

// UserFields are the writable fields of a user. Password is write-only.
type UserFields struct {
	Version      *int64    `json:"version"`
	Username     *string   `json:"username"`
	Password     *string   `json:"password"`
	DisplayName  *string   `json:"displayName"`
	Role         *string   `json:"role"`
	SchoolID     *string   `json:"schoolId"`
	SchoolIDs    *[]string `json:"schoolIds"`
	EnterpriseID *string   `json:"enterpriseId"`
	Disabled     *bool     `json:"disabled"`
}

// Apply copies the given fields (except the password) onto u.
func (f UserFields) Apply(u *User, errs *ValidationError) {
	setString(&u.Username, f.Username)
	setString(&u.DisplayName, f.DisplayName)
	if f.Role != nil {
		u.Role = Role(trimSpace(*f.Role))
	}
	if f.SchoolID != nil {
		u.SchoolID = parseOptionalID(*f.SchoolID, "schoolId", errs)
	}
	if f.SchoolIDs != nil {
		u.SchoolIDs = u.SchoolIDs[:0:0]
		for _, s := range *f.SchoolIDs {
			if id := parseOptionalID(s, "schoolIds", errs); !id.IsZero() {
				u.SchoolIDs = append(u.SchoolIDs, id)
			}
		}
	}
	if f.EnterpriseID != nil {
		u.EnterpriseID = parseOptionalID(*f.EnterpriseID, "enterpriseId", errs)
	}
	if f.Disabled != nil {
		u.Disabled = *f.Disabled
	}
}

// UserFilter narrows a user list.
type UserFilter struct {
	ListParams
	Role     string
	SchoolID string
	Disabled string // "true", "false" or ""
}

// Session is a login: a random token whose SHA-256 is stored, never the token.
type Session struct {
	ID        bson.ObjectID `bson:"_id"`
	UserID    bson.ObjectID `bson:"userId"`
	TokenHash []byte        `bson:"tokenHash"`
	CreatedAt time.Time     `bson:"createdAt"`
	ExpiresAt time.Time     `bson:"expiresAt"`
	IP        string        `bson:"ip"`
}

// LoginResult is what a successful login returns.
type LoginResult struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	User      *User     `json:"user"`
}
