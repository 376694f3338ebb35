package auth

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
)

var userSortable = map[string]string{"username": "username", "displayName": "displayName", "role": "role", "createdAt": "createdAt"}

// userScope: the system admin manages every account; an office admin the office
// accounts of its own school; nobody else manages accounts.
func userScope(p *models.Principal) (bson.D, error) {
	switch p.Role {
	case models.RoleSystemAdmin:
		return bson.D{}, nil
	case models.RoleOfficeAdmin:
		return bson.D{{Key: "schoolId", Value: p.SchoolID}, {Key: "role", Value: bson.D{{Key: "$in", Value: bson.A{models.RoleOfficeAdmin, models.RoleOfficeStaff}}}}}, nil
	}
	return nil, models.ErrForbidden
}

// Me returns the caller's own account.
func (s *Service) Me(ctx context.Context) (*models.User, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	return s.users.Get(ctx, bson.D{{Key: "_id", Value: p.UserID}})
}

// FindUsers lists the accounts the caller manages.
func (s *Service) FindUsers(ctx context.Context, f models.UserFilter) (models.Page[models.User], error) {
	var zero models.Page[models.User]
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return zero, err
	}
	filter, err := userScope(p)
	if err != nil {
		return zero, err
	}
	if f.Role != "" {
		filter = append(filter, bson.E{Key: "role", Value: f.Role})
	}
	if f.SchoolID != "" {
		id, err := models.ParseID(f.SchoolID)
		if err != nil {
			return zero, err
		}
		if p.Role == models.RoleOfficeAdmin && id != p.SchoolID {
			return zero, models.ErrForbidden
		}
		filter = append(filter, bson.E{Key: "schoolId", Value: id})
	}
	switch f.Disabled {
	case "true", "false":
		filter = append(filter, bson.E{Key: "disabled", Value: f.Disabled == "true"})
	case "":
	default:
		return zero, models.Invalid("disabled", "只能为true或false")
	}
	return store.FindPage[models.User](ctx, s.users.C, filter, f.ListParams, userSortable, []string{"username", "displayName"})
}

// FindUserByID returns an account the caller manages, or ErrNotFound.
func (s *Service) FindUserByID(ctx context.Context, id bson.ObjectID) (*models.User, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	filter, err := userScope(p)
	if err != nil {
		return nil, err
	}
	return s.users.Get(ctx, append(filter, bson.E{Key: "_id", Value: id}))
}

// CreateUser adds an account. The password is required and hashed; role and its
// school, schools or enterprise must agree; a taken user name is a ConflictError.
func (s *Service) CreateUser(ctx context.Context, f models.UserFields) (*models.User, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := userScope(p); err != nil {
		return nil, err
	}
	u := &models.User{}
	if p.Role == models.RoleOfficeAdmin && f.SchoolID == nil {
		u.SchoolID = p.SchoolID
	}
	var errs models.ValidationError
	f.Apply(u, &errs)
	if f.Password == nil {
		errs.Add("password", "密码为必填项")
	} else if err := s.setPassword(u, *f.Password); err != nil {
		errs.Add("password", CheckPassword(*f.Password))
	}
	if err := s.checkUser(ctx, p, u, &errs); err != nil {
		return nil, err
	}
	if err := s.users.Insert(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// UpdateUser changes an account (display name, role, scope, disabled). Disabling
// revokes the user's sessions. Passwords change only through ResetPassword.
func (s *Service) UpdateUser(ctx context.Context, id bson.ObjectID, f models.UserFields) (*models.User, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	before, err := s.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var errs models.ValidationError
	if f.Password != nil {
		errs.Add("password", "请通过重置密码接口修改密码")
	}
	if id == p.UserID && ((f.Disabled != nil && *f.Disabled) || (f.Role != nil && models.Role(*f.Role) != before.Role)) {
		errs.Add("disabled", "不能停用自己的账号或修改自己的角色")
	}
	after := *before
	f.Apply(&after, &errs)
	if err := models.MergeValidation(s.checkUser(ctx, p, &after, &errs), records.CheckVersion(f.Version)); err != nil {
		return nil, err
	}
	if err := s.users.Replace(ctx, before, &after, *f.Version); err != nil {
		return nil, err
	}
	if after.Disabled {
		if err := s.revokeSessions(ctx, id); err != nil {
			return nil, err
		}
	}
	return &after, nil
}

// SetDisabled disables or re-enables an account; see UpdateUser.
func (s *Service) SetDisabled(ctx context.Context, id bson.ObjectID, disabled bool) (*models.User, error) {
	u, err := s.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.UpdateUser(ctx, id, models.UserFields{Version: &u.Version, Disabled: &disabled})
}

// ResetPassword sets a new password for an account the caller manages and revokes
// its sessions. An empty password generates one, which is returned once.
func (s *Service) ResetPassword(ctx context.Context, id bson.ObjectID, password string) (string, error) {
	before, err := s.FindUserByID(ctx, id)
	if err != nil {
		return "", err
	}
	generated := ""
	if password == "" {
		password = randomPassword()
		generated = password
	}
	after := *before
	if err := s.setPassword(&after, password); err != nil {
		return "", err
	}
	after.M().Touch(actorOf(ctx), s.now().UTC().Truncate(time.Millisecond))
	n, err := s.users.C.ReplaceVersion(ctx, id, before.Version, &after)
	if err != nil {
		return "", fmt.Errorf("auth: reset password: %w", err)
	}
	if n == 0 {
		return "", models.ErrStaleVersion
	}
	if err := s.users.Record(ctx, models.ActionResetPassword, &after, nil, nil); err != nil {
		return "", err
	}
	return generated, s.revokeSessions(ctx, id)
}

// checkUser validates u and that its role's scope fields are set, exist and are
// within what the caller manages.
func (s *Service) checkUser(ctx context.Context, p *models.Principal, u *models.User, errs *models.ValidationError) error {
	if p.Role == models.RoleOfficeAdmin {
		if !u.Role.IsOffice() && u.Role != "" {
			return models.ErrForbidden
		}
		if u.SchoolID != p.SchoolID {
			return models.ErrForbidden
		}
	}
	switch {
	case u.Role.IsOffice():
		if u.SchoolID.IsZero() {
			errs.Add("schoolId", "教务处用户须指定所属学校")
		} else if err := s.schoolExists(ctx, u.SchoolID, "schoolId", errs); err != nil {
			return err
		}
		u.SchoolIDs, u.EnterpriseID = nil, bson.NilObjectID
	case u.Role == models.RoleAuditor:
		if len(u.SchoolIDs) == 0 {
			errs.Add("schoolIds", "审计用户须指定可查看的学校")
		}
		for _, id := range u.SchoolIDs {
			if err := s.schoolExists(ctx, id, "schoolIds", errs); err != nil {
				return err
			}
		}
		u.SchoolID, u.EnterpriseID = bson.NilObjectID, bson.NilObjectID
	case u.Role == models.RoleEnterprise:
		if u.EnterpriseID.IsZero() {
			errs.Add("enterpriseId", "企业用户须指定所属企业")
		} else if ok, err := s.enterprises.Exists(ctx, u.EnterpriseID); err != nil {
			return err
		} else if !ok {
			errs.Add("enterpriseId", "所属企业不存在")
		}
		u.SchoolID, u.SchoolIDs = bson.NilObjectID, nil
	case u.Role == models.RoleSystemAdmin:
		u.SchoolID, u.SchoolIDs, u.EnterpriseID = bson.NilObjectID, nil, bson.NilObjectID
	}
	return models.MergeValidation(s.v.Struct(u), errs)
}

func (s *Service) schoolExists(ctx context.Context, id bson.ObjectID, field string, errs *models.ValidationError) error {
	ok, err := s.schools.Exists(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		errs.Add(field, "学校不存在")
	}
	return nil
}

func (s *Service) revokeSessions(ctx context.Context, userID bson.ObjectID) error {
	if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "userId", Value: userID}}); err != nil {
		return fmt.Errorf("auth: revoke sessions: %w", err)
	}
	return nil
}

func actorOf(ctx context.Context) bson.ObjectID {
	if p, err := models.PrincipalFrom(ctx); err == nil {
		return p.UserID
	}
	return bson.NilObjectID
}
