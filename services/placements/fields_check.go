package placements

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// FieldsCheck is the rule check of placement fields that are not saved: what
// Check would find if they were, under the rule set it would use. Nothing of
// it is stored.
type FieldsCheck struct {
	// PlacementID is the placement whose change was judged; zero for a new one.
	PlacementID    bson.ObjectID    `json:"placementId,omitzero"`
	RuleSetVersion string           `json:"ruleSetVersion"`
	Compliance     string           `json:"compliance"`
	Findings       []models.Finding `json:"findings"`
	// Unchanged: the fields change nothing of the stored placement and its
	// latest check found the same under the same rule set, so saving them
	// would write nothing new (an import's row that is already there).
	Unchanged bool `json:"unchanged,omitempty"`
}

// ErrNotDraft refuses an import row that would change a placement past its
// draft: what it was activated on is its record and changes only through the
// placement's own operations.
var ErrNotDraft error = &models.ConflictError{Field: "status", Message: "已生效的实习不能通过导入修改"}

// CheckFields judges fields without saving them: as a new draft when id is
// zero, else as a change of placement id (f.Version naming the version read,
// as for UpdatePlacement). The fields are built and validated by
// CreatePlacement's or UpdatePlacement's own code, which gives the same errors
// (a ValidationError naming every failing field, a ConflictError on startDate
// for an overlapping 岗位实习, ErrForbidden or ErrNotFound outside the
// caller's scope: office users of the school and the system admin only), and
// the result is checked under the rule set Check would use, counting the
// enterprise's activated 岗位实习 as Check does. Nothing is written, not even
// an audit entry.
func (s *Service) CheckFields(ctx context.Context, id bson.ObjectID, f models.PlacementFields) (*FieldsCheck, error) {
	j, err := s.judgeFields(ctx, id, f, nil)
	if err != nil {
		return nil, err
	}
	summary, _ := summarize(j.findings)
	return &FieldsCheck{PlacementID: id, RuleSetVersion: j.ruleSet, Compliance: summary, Findings: j.findings,
		Unchanged: j.unchanged()}, nil
}

// SaveCheckedDraft creates a draft (id zero) or changes the draft id, and
// stores the rule check of the result as a new entry of its check history in
// the same write: one document, one audit entry (an import's row). Errors are
// CheckFields'; a placement that is no longer a draft is ErrNotDraft, and
// ErrStaleVersion when the named version is old.
func (s *Service) SaveCheckedDraft(ctx context.Context, id bson.ObjectID, f models.PlacementFields) (*CheckResult, error) {
	j, err := s.judgeFields(ctx, id, f, onlyDrafts)
	if err != nil {
		return nil, err
	}
	after := clone(j.after)
	chk := s.appendCheck(ctx, after, j.ruleSet, j.findings)
	if j.before == nil {
		err = s.repo.Insert(ctx, after)
	} else {
		err = s.repo.Replace(ctx, j.before, after, *f.Version)
	}
	if err != nil {
		return nil, err
	}
	return &CheckResult{PlacementID: after.ID, Version: after.Version, Compliance: after.Compliance, PlacementCheck: chk}, nil
}

// judged is unsaved fields as the placement they would make, and what the
// rules find in it.
type judged struct {
	before, after *Placement // before is nil for a new placement
	ruleSet       string
	findings      []models.Finding
}

// judgeFields builds the placement f would make and runs the rules over it;
// guard, when given, may refuse the stored placement before anything else.
func (s *Service) judgeFields(ctx context.Context, id bson.ObjectID, f models.PlacementFields, guard func(*Placement) error) (*judged, error) {
	before, after, err := s.proposed(ctx, id, f, guard)
	if err != nil {
		return nil, err
	}
	rs, err := s.ruleSetFor(ctx, after, "")
	if err != nil {
		return nil, err
	}
	fs, err := s.judge(ctx, after, rs)
	if err != nil {
		return nil, err
	}
	return &judged{before: before, after: after, ruleSet: rs.Version, findings: fs}, nil
}

// proposed is the placement CreatePlacement (id zero) or UpdatePlacement would
// write, built and validated by their own code in a dry run, which stops just
// before the store. An import's preview reads the records it refers to from
// the request's snapshot (records.WithSnapshot).
func (s *Service) proposed(ctx context.Context, id bson.ObjectID, f models.PlacementFields, guard func(*Placement) error) (before, after *Placement, err error) {
	dry := records.DryRun(ctx)
	if id.IsZero() {
		build := s.draft(dry, f)
		_, err = scoped.Create(dry, s.schools, s.repo, f.SchoolID, func(school bson.ObjectID) (*Placement, error) {
			pl, err := build(school)
			after = pl
			return pl, err
		})
	} else {
		change := s.edit(dry, f)
		_, err = scoped.Update(dry, s.repo, id, f.Version, f.SchoolID, func(b, a *Placement) error {
			if guard != nil {
				if err := guard(b); err != nil {
					return err
				}
			}
			before, after = b, a
			return change(b, a)
		})
	}
	switch {
	case errors.Is(err, records.ErrDryRun):
		return before, after, nil
	case err == nil:
		return nil, nil, fmt.Errorf("placements: a dry run reached the store")
	}
	return nil, nil, err
}

// onlyDrafts refuses a placement past its draft (ErrNotDraft).
func onlyDrafts(pl *Placement) error {
	if pl.Status != models.PlacementDraft {
		return ErrNotDraft
	}
	return nil
}

// unchanged reports whether saving would write nothing new: the fields change
// nothing stored and the latest check found the same under the same rule set.
func (j *judged) unchanged() bool {
	if j.before == nil {
		return false
	}
	last := j.before.LastCheck()
	if last == nil || last.RuleSetVersion != j.ruleSet || len(last.Findings) != len(j.findings) {
		return false
	}
	for i, f := range last.Findings {
		g := j.findings[i]
		if f.RuleID != g.RuleID || f.Severity != g.Severity || f.Message != g.Message {
			return false
		}
	}
	// The findings' data maps are compared through their messages above: a map
	// marshals in no fixed order, and stored numbers come back as other types.
	b, a := *j.before, *j.after
	b.Checks, a.Checks = nil, nil
	return same(&b, &a)
}
