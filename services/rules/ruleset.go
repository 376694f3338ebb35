package rules

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
)

// Seeded rule set: the 2021 regulation with domain.md §5's defaults.
const (
	SeedVersion = "2021.1"
	seedSource  = "《职业学校学生实习管理规定》（教职成〔2021〕4号），2021年12月31日起施行；" +
		"参数为domain.md §5的默认值，标[U]者（休息日、夜班时段、成年学生知情同意、医学类专业大类、保险到期提醒）待学校确认"
)

// seedEffective is the day the 2021 regulation took effect [P].
var seedEffective = models.DateOf(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC))

// versionPattern is a rule-set version: a year, optionally a revision ("2021.1", "2016").
var versionPattern = regexp.MustCompile(`^\d{4}(\.\d{1,3})?$`)

var setSortable = map[string]string{"version": "version", "effectiveFrom": "effectiveFrom", "createdAt": "createdAt"}

// Service keeps the rule sets.
type Service struct {
	sets *records.Repo[models.RuleSet, *models.RuleSet]
}

// New returns the rule-set service on s; every write is audited in a.
func New(s *store.Store, a *audit.Log, now func() time.Time) *Service {
	return &Service{sets: &records.Repo[models.RuleSet, *models.RuleSet]{
		C: s.Collection(store.RuleSets), Audit: a, Entity: "rule_set", Now: now,
		Keys: []store.UniqueKey{{Fields: []string{"version"}, Field: "version", Message: "已有该版本号的规则集；规则集创建后不能修改，请使用新的版本号"}},
	}}
}

// Seed creates the "2021.1" rule set with the default parameters when there is
// no rule set at all, so it runs at every start. It is audited with no actor
// (system); a set another instance inserted meanwhile is left alone.
func (s *Service) Seed(ctx context.Context) error {
	ctx = models.WithPrincipal(ctx, nil) // the system writes, whoever called
	n, err := s.sets.C.Count(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("rules: seed: %w", err)
	}
	if n > 0 {
		return nil
	}
	rs := &models.RuleSet{Version: SeedVersion, EffectiveFrom: seedEffective, Source: seedSource, Params: Defaults()}
	err = s.sets.Insert(ctx, rs)
	var ce *models.ConflictError
	if errors.As(err, &ce) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("rules: seed: %w", err)
	}
	return nil
}

// reader lets every signed-in role read rule sets: they are the regulation's
// parameters, not anyone's records.
func reader(ctx context.Context) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	if !p.Role.Valid() {
		return models.ErrForbidden
	}
	return nil
}

// writer lets the system admin and office admins add rule sets (domain.md §2:
// admins keep the rule parameters); anyone else gets ErrForbidden.
func writer(ctx context.Context) error {
	_, err := models.RequireRole(ctx, models.RoleSystemAdmin, models.RoleOfficeAdmin)
	return err
}

// FindRuleSets lists the rule sets, latest effective date first unless the
// filter sorts otherwise. ErrUnauthorized without a caller.
func (s *Service) FindRuleSets(ctx context.Context, f models.RuleSetFilter) (models.Page[models.RuleSet], error) {
	if err := reader(ctx); err != nil {
		return models.Page[models.RuleSet]{}, err
	}
	if f.Sort == "" {
		f.Sort = "-effectiveFrom"
	}
	return store.FindPage[models.RuleSet](ctx, s.sets.C, bson.D{}, f.ListParams, setSortable, []string{"version", "source"})
}

// FindRuleSetByVersion returns the rule set of version, or ErrNotFound. It is
// what a placement's stored verdict is reproduced with; it needs no caller, so
// the placements service can use it for any principal, the system included.
func (s *Service) FindRuleSetByVersion(ctx context.Context, version string) (*models.RuleSet, error) {
	rs, err := s.sets.Get(ctx, bson.D{{Key: "version", Value: version}})
	if err != nil {
		return nil, err
	}
	return rs, nil
}

// AllRuleSets returns every rule set (there are a handful), for a caller that
// selects among them many times, such as an import checking each row with
// Select. It needs no caller, like FindRuleSetByVersion. The dry runs of an
// import's preview read them once (records.Memo).
func (s *Service) AllRuleSets(ctx context.Context) ([]models.RuleSet, error) {
	return records.Memo(ctx, "rules.ruleSets", func() ([]models.RuleSet, error) {
		cur, err := s.sets.C.Find(ctx, bson.D{})
		if err != nil {
			return nil, fmt.Errorf("rules: rule sets: %w", err)
		}
		out := []models.RuleSet{}
		if err := cur.All(ctx, &out); err != nil {
			return nil, fmt.Errorf("rules: rule sets: %w", err)
		}
		return out, nil
	})
}

// RuleSetFor returns the rule set in effect on d (a placement's start date): the
// one with the latest effective date not after d; of two with the same date, the
// one created last. No set in effect on d is a *models.ValidationError on
// "startDate".
func (s *Service) RuleSetFor(ctx context.Context, d models.Date) (*models.RuleSet, error) {
	all, err := s.AllRuleSets(ctx)
	if err != nil {
		return nil, err
	}
	rs, ok := Select(all, d)
	if !ok {
		return nil, models.Invalid("startDate", fmt.Sprintf("%s没有生效的实习规则集", d))
	}
	return &rs, nil
}

// Select is RuleSetFor over sets already read.
func Select(sets []models.RuleSet, d models.Date) (models.RuleSet, bool) {
	var best *models.RuleSet
	for i := range sets {
		rs := &sets[i]
		if rs.EffectiveFrom.After(d) {
			continue
		}
		if best == nil || rs.EffectiveFrom.After(best.EffectiveFrom) ||
			(rs.EffectiveFrom == best.EffectiveFrom && rs.CreatedAt.After(best.CreatedAt)) {
			best = rs
		}
	}
	if best == nil {
		return models.RuleSet{}, false
	}
	return *best, true
}

// CreateRuleSet adds a new version (system and office admins, else
// ErrForbidden). Versions are immutable: there is no update, and a version that
// exists is a ConflictError on "version". Parameters not given are taken from
// the set in effect on the new effective date, or their defaults; unknown
// parameters or values of the wrong kind or range are a ValidationError on
// "params.<key>".
func (s *Service) CreateRuleSet(ctx context.Context, f models.RuleSetFields) (*models.RuleSet, error) {
	if err := writer(ctx); err != nil {
		return nil, err
	}
	var errs models.ValidationError
	rs := &models.RuleSet{}
	if f.Version != nil {
		rs.Version = strings.TrimSpace(*f.Version)
	}
	if !versionPattern.MatchString(rs.Version) {
		errs.Add("version", "版本号须为年份加可选的修订号，如2021.2")
	}
	if f.EffectiveFrom == nil || strings.TrimSpace(*f.EffectiveFrom) == "" {
		errs.Add("effectiveFrom", "生效日期为必填项")
	} else if d, err := models.ParseDate(strings.TrimSpace(*f.EffectiveFrom)); err != nil {
		errs.Add("effectiveFrom", "日期须为有效日期，格式为YYYY-MM-DD")
	} else {
		rs.EffectiveFrom = d
	}
	if f.Source != nil {
		rs.Source = strings.TrimSpace(*f.Source)
	}
	if rs.Source == "" {
		errs.Add("source", "依据（文件名称、文号或链接）为必填项")
	} else if len([]rune(rs.Source)) > 500 {
		errs.Add("source", "依据长度不能超过500个字符")
	}
	var base map[string]any
	if !rs.EffectiveFrom.IsZero() {
		all, err := s.AllRuleSets(ctx)
		if err != nil {
			return nil, err
		}
		if prev, ok := Select(all, rs.EffectiveFrom); ok {
			base = prev.Params
		}
	}
	params, err := CompleteParams(f.Params, base)
	if err := models.MergeValidation(&errs, err); err != nil {
		return nil, err
	}
	rs.Params = params
	if err := s.sets.Insert(ctx, rs); err != nil {
		return nil, err
	}
	return rs, nil
}
