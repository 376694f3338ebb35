package models

import (
	"context"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Role names a user's role. The values are the API's words.
type Role string

// Roles, per domain.md §2 and the foundation issue.
const (
	RoleSystemAdmin Role = "system_admin" // manages schools and accounts
	RoleOfficeAdmin Role = "office_admin" // 教务处 admin of one school
	RoleOfficeStaff Role = "office_staff" // 教务处 staff of one school
	RoleEnterprise  Role = "enterprise"   // portal user of one enterprise
	RoleAuditor     Role = "auditor"      // 区教育局, read-only over a set of schools
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleSystemAdmin, RoleOfficeAdmin, RoleOfficeStaff, RoleEnterprise, RoleAuditor:
		return true
	}
	return false
}

// IsOffice reports whether r belongs to a school's academic office.
func (r Role) IsOffice() bool { return r == RoleOfficeAdmin || r == RoleOfficeStaff }

// Principal is the authenticated caller. Services read it from the context and
// derive every scope filter from it, whatever the handler passed.
type Principal struct {
	UserID       bson.ObjectID
	Username     string
	Role         Role
	SchoolID     bson.ObjectID   // office roles
	SchoolIDs    []bson.ObjectID // auditor
	EnterpriseID bson.ObjectID   // enterprise role
	SessionID    bson.ObjectID
}

// MasksIDNumbers reports whether ID numbers must be masked for this caller
// (enterprise and auditor users, domain.md §2).
func (p *Principal) MasksIDNumbers() bool {
	return p.Role == RoleEnterprise || p.Role == RoleAuditor
}

// CanReadSchool reports whether the caller may read records of school id.
func (p *Principal) CanReadSchool(id bson.ObjectID) bool {
	switch p.Role {
	case RoleSystemAdmin:
		return true
	case RoleOfficeAdmin, RoleOfficeStaff:
		return p.SchoolID == id
	case RoleAuditor:
		for _, s := range p.SchoolIDs {
			if s == id {
				return true
			}
		}
	}
	return false
}

// CanWriteSchool reports whether the caller may change records of school id.
func (p *Principal) CanWriteSchool(id bson.ObjectID) bool {
	if p.Role == RoleSystemAdmin {
		return true
	}
	return p.Role.IsOffice() && p.SchoolID == id
}

// ReadableSchools returns the schools the caller may read; ok=false means all.
func (p *Principal) ReadableSchools() (ids []bson.ObjectID, all bool) {
	switch p.Role {
	case RoleSystemAdmin:
		return nil, true
	case RoleOfficeAdmin, RoleOfficeStaff:
		return []bson.ObjectID{p.SchoolID}, false
	case RoleAuditor:
		return p.SchoolIDs, false
	}
	return nil, false
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller in ctx, or ErrUnauthorized.
func PrincipalFrom(ctx context.Context) (*Principal, error) {
	p, ok := ctx.Value(principalKey{}).(*Principal)
	if !ok || p == nil {
		return nil, ErrUnauthorized
	}
	return p, nil
}

// ParseID parses a hex ObjectID; a malformed id is a bad request (400).
func ParseID(s string) (bson.ObjectID, error) {
	id, err := bson.ObjectIDFromHex(s)
	if err != nil {
		return bson.NilObjectID, BadRequest("无效的记录编号：" + truncate(s, 40))
	}
	return id, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// RequireRole returns the caller when it has one of roles, ErrForbidden when it
// has another, and ErrUnauthorized without one.
func RequireRole(ctx context.Context, roles ...Role) (*Principal, error) {
	p, err := PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(roles, p.Role) {
		return nil, ErrForbidden
	}
	return p, nil
}
