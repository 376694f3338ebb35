package certs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
)

// xSuffix ends every official 1+X certificate name (domain.md §3.5).
const xSuffix = "职业技能等级证书"

// occupationCodePattern is the shape of a 职业分类大典 code such as 6-31-01-03;
// the exact format is not confirmed (domain.md §3.5 [U]), so letters are allowed.
var occupationCodePattern = regexp.MustCompile(`^[0-9A-Za-z]+(-[0-9A-Za-z]+)*$`)

var entrySortable = map[string]string{
	"name": "name", "type": "type", "batch": "batch", "status": "status",
	"occupationCode": "occupationCode", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

var entrySearch = []string{"name", "evaluationOrg", "occupationCode", "occupationName"}

// catalogueReader lets everyone logged in read the catalogue except enterprise
// users (ErrForbidden).
func catalogueReader(ctx context.Context) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	if p.Role == models.RoleEnterprise || !p.Role.Valid() {
		return models.ErrForbidden
	}
	return nil
}

// catalogueWriter lets the system admin and office admins change the catalogue
// (domain.md §2: admins keep the catalogues); anyone else gets ErrForbidden.
func catalogueWriter(ctx context.Context) error {
	_, err := models.RequireRole(ctx, models.RoleSystemAdmin, models.RoleOfficeAdmin)
	return err
}

// FindEntries lists the certificate catalogue. Enterprise users may not
// (ErrForbidden).
func (s *Service) FindEntries(ctx context.Context, f models.CertEntryFilter) (models.Page[models.CertEntry], error) {
	if err := catalogueReader(ctx); err != nil {
		return models.Page[models.CertEntry]{}, err
	}
	filter := bson.D{}
	for _, kv := range [][2]string{{"type", f.Type}, {"status", f.Status}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	return store.FindPage[models.CertEntry](ctx, s.entries.C, filter, f.ListParams, entrySortable, entrySearch)
}

// FindEntryByID returns a catalogue entry, or ErrNotFound; enterprise users get
// ErrForbidden.
func (s *Service) FindEntryByID(ctx context.Context, id bson.ObjectID) (*models.CertEntry, error) {
	if err := catalogueReader(ctx); err != nil {
		return nil, err
	}
	return s.entries.Get(ctx, bson.D{{Key: "_id", Value: id}})
}

// CreateEntry adds a certificate to the catalogue (system and office admins,
// else ErrForbidden). A 1+X certificate whose name, or a skill recognition whose
// 工种 code and name, is already listed is a ConflictError on name or
// occupationCode.
func (s *Service) CreateEntry(ctx context.Context, f models.CertEntryFields) (*models.CertEntry, error) {
	if err := catalogueWriter(ctx); err != nil {
		return nil, err
	}
	e := &models.CertEntry{}
	f.Apply(e)
	if err := s.checkEntry(e); err != nil {
		return nil, err
	}
	if err := s.entries.Insert(ctx, e); err != nil {
		return nil, entryConflict(e, err)
	}
	return e, nil
}

// UpdateEntry changes a catalogue entry (system and office admins). Its type
// cannot change while records refer to it, nor can a level be dropped that an
// assessment batch uses (ConflictError); ErrStaleVersion when the named version
// is not current.
func (s *Service) UpdateEntry(ctx context.Context, id bson.ObjectID, f models.CertEntryFields) (*models.CertEntry, error) {
	if err := catalogueWriter(ctx); err != nil {
		return nil, err
	}
	before, err := s.entries.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return nil, err
	}
	after := *before
	f.Apply(&after)
	if err := models.MergeValidation(s.checkEntry(&after), records.CheckVersion(f.Version)); err != nil {
		return nil, err
	}
	if err := s.entryChangeAllowed(ctx, before, &after); err != nil {
		return nil, err
	}
	if err := s.entries.Replace(ctx, before, &after, *f.Version); err != nil {
		return nil, entryConflict(&after, err)
	}
	return &after, nil
}

// DeleteEntry removes a catalogue entry no pilot, batch or training refers to
// (ConflictError otherwise).
func (s *Service) DeleteEntry(ctx context.Context, id bson.ObjectID) error {
	if err := catalogueWriter(ctx); err != nil {
		return err
	}
	e, err := s.entries.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return err
	}
	if err := s.inUse.CheckUnused(ctx, id); err != nil {
		return err
	}
	return s.entries.Delete(ctx, e)
}

// entryChangeAllowed refuses changes that would make records referring to the
// entry wrong: another type, or a level batches are assessed at.
func (s *Service) entryChangeAllowed(ctx context.Context, before, after *models.CertEntry) error {
	if after.Type != before.Type {
		if err := s.inUse.CheckUnused(ctx, before.ID); err != nil {
			return models.NewConflict("type", "该证书已有试点、考核或培训记录，不能修改证书类型")
		}
	}
	var dropped []string
	for _, l := range before.Levels {
		if !after.HasLevel(l) {
			dropped = append(dropped, l)
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	n, err := s.batches.C.Count(ctx, bson.D{{Key: "entryId", Value: before.ID}, {Key: "level", Value: bson.D{{Key: "$in", Value: dropped}}}})
	if err != nil {
		return fmt.Errorf("certs: entry levels: %w", err)
	}
	if n > 0 {
		return models.NewConflict("levels", fmt.Sprintf("已有%d个考核批次使用等级%s，不能删除该等级", n, strings.Join(dropped, "、")))
	}
	return nil
}

// checkEntry validates an entry by its type, puts its levels in canonical order
// and sets its natural key.
func (s *Service) checkEntry(e *models.CertEntry) error {
	var errs models.ValidationError
	allowed := models.XLevels
	switch e.Type {
	case models.CertX:
		if !strings.HasSuffix(e.Name, xSuffix) || e.Name == xSuffix {
			errs.Add("name", "1+X证书名称须为官方名称，以“"+xSuffix+"”结尾")
		}
		if e.EvaluationOrg == "" {
			errs.Add("evaluationOrg", "1+X证书须填写培训评价组织")
		}
		if e.Batch < 1 || e.Batch > 4 {
			errs.Add("batch", "1+X证书批次须为1至4")
		}
		if e.OccupationCode != "" || e.OccupationName != "" {
			errs.Add("occupationCode", "1+X证书不填写工种代码和工种名称")
		}
		e.Key = models.CertX + "|" + e.Name
	case models.CertSkill:
		allowed = models.SkillLevels
		if e.OccupationCode == "" {
			errs.Add("occupationCode", "职业技能等级认定须填写工种代码")
		} else if !occupationCodePattern.MatchString(e.OccupationCode) {
			errs.Add("occupationCode", "工种代码只能包含字母、数字和连字符，如6-31-01-03")
		}
		if e.OccupationName == "" {
			errs.Add("occupationName", "职业技能等级认定须填写工种名称")
		}
		if e.Batch != 0 {
			errs.Add("batch", "职业技能等级认定没有批次")
		}
		if e.Name == "" {
			e.Name = e.OccupationName
		}
		e.Key = models.CertSkill + "|" + e.OccupationCode + "|" + e.OccupationName
	}
	if levels, ok := canonicalLevels(e.Levels, allowed); ok {
		e.Levels = levels
	} else {
		errs.Add("levels", "等级只能是"+strings.Join(allowed, "、"))
	}
	return models.MergeValidation(s.v.Struct(e), &errs)
}

// canonicalLevels returns levels de-duplicated in allowed's order, and false if
// one is not allowed.
func canonicalLevels(levels, allowed []string) ([]string, bool) {
	out := []string{}
	for _, l := range levels {
		if !slices.Contains(allowed, l) {
			return levels, false
		}
	}
	for _, a := range allowed {
		if slices.Contains(levels, a) {
			out = append(out, a)
		}
	}
	return out, true
}

// entryConflict names the field of a duplicate natural key by the entry's type.
func entryConflict(e *models.CertEntry, err error) error {
	var ce *models.ConflictError
	if !errors.As(err, &ce) || ce.Field != "key" {
		return err
	}
	if e.Type == models.CertSkill {
		return models.NewConflict("occupationCode", "证书目录中已有该工种代码和工种名称的职业技能等级认定")
	}
	return models.NewConflict("name", "证书目录中已有同名的1+X证书")
}
