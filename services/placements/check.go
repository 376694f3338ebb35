package placements

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// CheckResult is a rule check as Check returns it: the entry stored in the
// placement's history, and the placement's version and compliance after it
// (the version an activation must then name).
type CheckResult struct {
	PlacementID bson.ObjectID `json:"placementId"`
	Version     int64         `json:"version"`
	Compliance  string        `json:"compliance"`
	models.PlacementCheck
}

// Check runs the placement rules over a placement and stores the findings as a
// new entry of its check history (office users of its school and the system
// admin; others ErrForbidden or ErrNotFound as for an update). A draft is
// checked under the rule set in effect on its start date; a placement that was
// activated under the version it was last checked under, so that it is never
// re-judged by newer parameters unless ruleSet names another version
// explicitly (an unknown one is a ValidationError on ruleSet). The check counts
// the enterprise's other 岗位实习 of every school overlapping this one that were
// activated (active, suspended, completed or terminated up to their actual end):
// drafts are proposals and do not count, except the placement being checked.
func (s *Service) Check(ctx context.Context, id bson.ObjectID, ruleSet string) (*CheckResult, error) {
	before, err := scoped.Writable(ctx, s.repo, id)
	if err != nil {
		return nil, err
	}
	after := clone(before)
	chk, err := s.checkNow(ctx, after, ruleSet)
	if err != nil {
		return nil, err
	}
	if err := s.repo.Replace(ctx, before, after, before.Version); err != nil {
		return nil, err
	}
	return &CheckResult{PlacementID: after.ID, Version: after.Version, Compliance: after.Compliance, PlacementCheck: chk}, nil
}

// checkNow is Check's change: pl judged under the rule set ruleSetFor picks
// (the one named, if any), the findings appended to its history.
func (s *Service) checkNow(ctx context.Context, pl *Placement, named string) (models.PlacementCheck, error) {
	rs, err := s.ruleSetFor(ctx, pl, named)
	if err != nil {
		return models.PlacementCheck{}, err
	}
	fs, err := s.judge(ctx, pl, rs)
	if err != nil {
		return models.PlacementCheck{}, err
	}
	return s.appendCheck(ctx, pl, rs.Version, fs), nil
}

// ruleSetFor picks the rule set a check runs under: the one named, else the
// stored version of a placement past its draft, else the one in effect on the
// start date.
func (s *Service) ruleSetFor(ctx context.Context, pl *Placement, named string) (*models.RuleSet, error) {
	version := named
	if version == "" && pl.Status != models.PlacementDraft {
		version = pl.RuleSetVersion
	}
	if version == "" {
		return s.w.ruleSetOn(ctx, pl.StartDate)
	}
	rs, err := s.w.ruleSet(ctx, version)
	if isNotFound(err) && named != "" {
		return nil, models.Invalid("ruleSet", "没有版本为"+named+"的实习规则集")
	}
	if err != nil {
		return nil, fmt.Errorf("placements: rule set %s: %w", version, err)
	}
	return rs, nil
}

// judge gathers the placement's context (the student through people, the
// enterprise through enterprises, the overlapping placements at the enterprise)
// and runs every rule of rs over it.
func (s *Service) judge(ctx context.Context, pl *Placement, rs *models.RuleSet) ([]models.Finding, error) {
	st, err := s.w.student(ctx, pl.StudentID)
	if err != nil {
		return nil, fmt.Errorf("placements: student of %s: %w", pl.ID.Hex(), err)
	}
	ent, err := s.w.enterprise(ctx, pl.EnterpriseID)
	if err != nil {
		return nil, fmt.Errorf("placements: enterprise of %s: %w", pl.ID.Hex(), err)
	}
	others, err := s.overlapping(ctx, pl)
	if err != nil {
		return nil, err
	}
	c := rules.Context{Placement: &pl.Placement, Student: rules.StudentOf(st), Enterprise: rules.EnterpriseOf(ent), Others: others, Today: s.today()}
	return rules.Check(*rs, c), nil
}

// counted are the statuses of placements that count toward an enterprise's
// caps (INT-12/13): every placement that was activated, up to its end.
var counted = bson.A{models.PlacementActive, models.PlacementSuspended, models.PlacementCompleted, models.PlacementTerminated}

// overlapping reads the enterprise's 岗位实习 of every school whose period
// overlaps pl's and that count toward its caps. The enterprise user's scope
// does not apply: only counts reach the findings.
func (s *Service) overlapping(ctx context.Context, pl *Placement) ([]rules.Overlap, error) {
	if pl.Kind != models.PlacementPosition {
		return nil, nil
	}
	ps, err := s.w.enterprisePositions(ctx, pl)
	if err != nil {
		return nil, err
	}
	out := make([]rules.Overlap, 0, len(ps))
	for _, p := range ps {
		out = append(out, rules.Overlap{ID: p.ID, SchoolID: p.SchoolID, Kind: models.PlacementPosition, PostKey: p.Post.Key, Start: p.StartDate, End: p.EndDate})
	}
	return out, nil
}

// position is a 岗位实习 as the overlap checks read it.
type position struct {
	ID        bson.ObjectID `bson:"_id"`
	SchoolID  bson.ObjectID `bson:"schoolId"`
	StudentID bson.ObjectID `bson:"studentId"`
	Post      struct {
		Key string `bson:"sameKindPostKey"`
	} `bson:"post"`
	StartDate      models.Date `bson:"startDate"`
	EndDate        models.Date `bson:"endDate"`
	EnterpriseName string      `bson:"enterpriseName"`
}

var positionFields = bson.D{{Key: "schoolId", Value: 1}, {Key: "studentId", Value: 1}, {Key: "post.sameKindPostKey", Value: 1},
	{Key: "startDate", Value: 1}, {Key: "endDate", Value: 1}, {Key: "enterpriseName", Value: 1}}

// positions reads, in one query projected to what the overlap checks need,
// the 岗位实习 matching filter whose period overlaps pl's and that keep (when
// given) accepts. In an import's preview (records.Shares) every row would ask
// the same few questions, and on the embedded store each asking scans the
// collection (stack.md §4): there the rows share one read of the wider
// shared filter, and the period and keep are checked here.
func (s *Service) positions(ctx context.Context, pl *Placement, filter, shared bson.D, keep func(position) bool) ([]position, error) {
	q := append(bson.D{{Key: "kind", Value: models.PlacementPosition}}, filter...)
	if records.Shares(ctx) {
		q = append(bson.D{{Key: "kind", Value: models.PlacementPosition}}, shared...)
	} else {
		q = append(q, bson.E{Key: "startDate", Value: bson.D{{Key: "$lte", Value: pl.EndDate}}},
			bson.E{Key: "endDate", Value: bson.D{{Key: "$gte", Value: pl.StartDate}}})
	}
	key, err := bson.MarshalExtJSON(q, true, false)
	if err != nil {
		return nil, fmt.Errorf("placements: positions: %w", err)
	}
	all, err := records.Memo(ctx, "placements.positions"+string(key), func() ([]position, error) {
		var rows []position
		cur, err := s.repo.C.Find(ctx, q, options.Find().SetProjection(positionFields))
		if err == nil {
			err = cur.All(ctx, &rows)
		}
		return rows, err
	})
	if err != nil {
		return nil, fmt.Errorf("placements: positions: %w", err)
	}
	var out []position
	for _, p := range all {
		if !p.StartDate.After(pl.EndDate) && !p.EndDate.Before(pl.StartDate) && (keep == nil || keep(p)) {
			out = append(out, p)
		}
	}
	return out, nil
}

// appendCheck adds fs, found under version, to pl's history as a new entry by
// the caller and makes it the version the placement was last checked under. A
// Warn finding identical to one of the previous check keeps the reason
// recorded for it.
func (s *Service) appendCheck(ctx context.Context, pl *Placement, version string, fs []models.Finding) models.PlacementCheck {
	if prev := pl.LastCheck(); prev != nil {
		reasons := map[[2]string]string{}
		for _, f := range prev.Findings {
			if f.Reason != "" {
				reasons[[2]string{f.RuleID, f.Message}] = f.Reason
			}
		}
		for i := range fs {
			if fs[i].NeedsReason && fs[i].Reason == "" {
				fs[i].Reason = reasons[[2]string{fs[i].RuleID, fs[i].Message}]
			}
		}
	}
	chk := models.PlacementCheck{ID: bson.NewObjectID(), At: s.stamp(), By: s.caller(ctx), RuleSetVersion: version, Findings: fs}
	pl.Checks = append(pl.Checks, chk)
	pl.RuleSetVersion = version
	derive(pl)
	return chk
}

// write loads a placement with load, lets change edit a copy, and replaces the
// placement with the copy under the version the caller named, audited. It
// returns the placement as the caller may see it.
func (s *Service) write(ctx context.Context, load func(context.Context, bson.ObjectID) (*Placement, error), id bson.ObjectID, version *int64,
	change func(before, after *Placement) error) (*Placement, error) {
	before, err := load(ctx, id)
	if err != nil {
		return nil, err
	}
	after := clone(before)
	if err := models.MergeValidation(change(before, after), records.CheckVersion(version)); err != nil {
		return nil, err
	}
	derive(after)
	if err := s.repo.Replace(ctx, before, after, *version); err != nil {
		return nil, err
	}
	return s.presented(ctx, after)
}

// office loads a placement for one of the office's operations.
func (s *Service) office(ctx context.Context, id bson.ObjectID) (*Placement, error) {
	return scoped.Writable(ctx, s.repo, id)
}
