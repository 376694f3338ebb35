// Package enterprises keeps the enterprises (企业) schools work with. Enterprises are
// shared across schools; an enterprise user sees and edits only its own.
package enterprises

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Service manages enterprises.
type Service struct {
	repo       *records.Repo[models.Enterprise, *models.Enterprise]
	v          *validate.Validator
	now        func() time.Time
	dependents *records.Dependents
}

// New returns the enterprises service.
func New(s *store.Store, a *audit.Log, v *validate.Validator, now func() time.Time) *Service {
	return &Service{v: v, now: now, dependents: records.NewDependents("企业"), repo: &records.Repo[models.Enterprise, *models.Enterprise]{
		C: s.Collection(store.Enterprises), Audit: a, Entity: "enterprise", Now: now,
		Keys: []store.UniqueKey{{Fields: []string{"creditCode"}, Field: "creditCode", Message: "该统一社会信用代码的企业已存在"}},
	}}
}

// AddDependent registers records that keep an enterprise from being deleted.
func (s *Service) AddDependent(d records.Dependent) { s.dependents.Add(d) }

var sortable = map[string]string{"name": "name", "creditCode": "creditCode", "industry": "industry", "size": "size", "onPostStaff": "onPostStaff", "createdAt": "createdAt", "updatedAt": "updatedAt"}

// scope limits enterprise users to their own enterprise.
func scope(p *models.Principal) bson.D {
	if p.Role == models.RoleEnterprise {
		return bson.D{{Key: "_id", Value: p.EnterpriseID}}
	}
	return bson.D{}
}

// list is the filter of an enterprise list: the caller's scope and f's fields.
func list(p *models.Principal, f models.EnterpriseFilter) bson.D {
	filter := scope(p)
	for _, kv := range [][2]string{{"industry", f.Industry}, {"size", f.Size}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	return filter
}

var search = []string{"name", "creditCode", "contactName"}

// FindEnterprises lists enterprises the caller may see.
func (s *Service) FindEnterprises(ctx context.Context, f models.EnterpriseFilter) (models.Page[models.Enterprise], error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return models.Page[models.Enterprise]{}, err
	}
	return store.FindPage[models.Enterprise](ctx, s.repo.C, list(p, f), f.ListParams, sortable, search)
}

// EachEnterprise calls fn with every enterprise FindEnterprises(f) would list, in
// the same order, ignoring paging, from one query. An error from fn stops it and
// is returned.
func (s *Service) EachEnterprise(ctx context.Context, f models.EnterpriseFilter, fn func(*models.Enterprise) error) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	return s.repo.Each(ctx, list(p, f), f.ListParams, sortable, search, fn)
}

// FindEnterpriseByID returns an enterprise the caller may see, or ErrNotFound.
// An enterprise user asking for any other enterprise gets ErrForbidden, whether
// it exists or not: enterprises are a shared list, so this reveals nothing, and
// the portal can say plainly that the page is not theirs.
func (s *Service) FindEnterpriseByID(ctx context.Context, id bson.ObjectID) (*models.Enterprise, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role == models.RoleEnterprise && id != p.EnterpriseID {
		return nil, models.ErrForbidden
	}
	// That check is the whole scope for one id, so the record is read by _id
	// alone, the one filter the embedded store answers without decoding every
	// document (stack.md §4).
	return s.repo.ByID(ctx, id)
}

// Exists reports whether an enterprise exists (to check references).
func (s *Service) Exists(ctx context.Context, id bson.ObjectID) (bool, error) {
	return s.repo.Exists(ctx, bson.D{{Key: "_id", Value: id}})
}

// CreateEnterprise adds an enterprise. Office users and the system admin may;
// a duplicate credit code is a ConflictError.
func (s *Service) CreateEnterprise(ctx context.Context, f models.EnterpriseFields) (*models.Enterprise, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Role.IsOffice() && p.Role != models.RoleSystemAdmin {
		return nil, models.ErrForbidden
	}
	e := &models.Enterprise{}
	if err := s.apply(f, e); err != nil {
		return nil, err
	}
	if err := s.repo.Insert(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// UpdateEnterprise changes an enterprise. An enterprise user may change its own
// profile but not its credit code or legal name.
func (s *Service) UpdateEnterprise(ctx context.Context, id bson.ObjectID, f models.EnterpriseFields) (*models.Enterprise, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role == models.RoleAuditor {
		return nil, models.ErrForbidden
	}
	before, err := s.FindEnterpriseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Role == models.RoleEnterprise {
		var errs models.ValidationError
		if f.CreditCode != nil && models.NormalizeCreditCode(*f.CreditCode) != before.CreditCode {
			errs.Add("creditCode", "企业用户不能修改统一社会信用代码，请联系学校教务处")
		}
		if f.Name != nil && *f.Name != before.Name {
			errs.Add("name", "企业用户不能修改企业名称，请联系学校教务处")
		}
		if err := errs.Err(); err != nil {
			return nil, err
		}
	}
	after := *before
	if err := models.MergeValidation(s.apply(f, &after), records.CheckVersion(f.Version)); err != nil {
		return nil, err
	}
	if err := s.repo.Replace(ctx, before, &after, *f.Version); err != nil {
		return nil, err
	}
	return &after, nil
}

// DeleteEnterprise removes an enterprise nothing refers to (office admin or system
// admin); one still in use is a ConflictError.
func (s *Service) DeleteEnterprise(ctx context.Context, id bson.ObjectID) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	if p.Role != models.RoleOfficeAdmin && p.Role != models.RoleSystemAdmin {
		return models.ErrForbidden
	}
	e, err := s.repo.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return err
	}
	if err := s.dependents.CheckUnused(ctx, id); err != nil {
		return err
	}
	return s.repo.Delete(ctx, e)
}

func (s *Service) apply(f models.EnterpriseFields, e *models.Enterprise) error {
	var errs models.ValidationError
	f.Apply(e, &errs)
	if e.OnPostStaff > 0 && e.OnPostStaffAsOf.IsZero() {
		errs.Add("onPostStaffAsOf", "填写在岗职工人数时须填写统计日期")
	}
	if !e.OnPostStaffAsOf.IsZero() && e.OnPostStaffAsOf.After(models.DateOf(s.now().In(models.China))) {
		errs.Add("onPostStaffAsOf", "统计日期不能晚于今天")
	}
	return models.MergeValidation(&errs, s.v.Struct(e))
}
