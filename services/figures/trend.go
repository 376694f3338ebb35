package figures

import (
	"context"
	"fmt"
	"slices"

	"github.com/chanjiao/chanjiao/models"
)

// MaxTrendYears is how many statistical years one trend may span: each year is
// a report of its own, and on the embedded store every report reads each of
// its sources' collections once.
const MaxTrendYears = 10

// Trend computes figures ids for each statistical year from to to, for the
// same schools as Compute (schoolID narrows to one), and returns one report per
// year, from first, each holding only those figures in the order of ids. Only
// the sources that register one of ids are computed, and each computes the
// whole year as Compute does, so every number equals the one in that year's
// report and opens to the same records (Records).
//
// It returns ErrForbidden as Compute does, ErrNotFound for an id nobody
// registered, and a ValidationError for a span that is empty or longer than
// MaxTrendYears.
func (s *Service) Trend(ctx context.Context, schoolID string, ids []string, from, to int) ([]Report, error) {
	if to < from || to-from >= MaxTrendYears {
		return nil, models.Invalid("year", fmt.Sprintf("统计学年范围须为1至%d个学年", MaxTrendYears))
	}
	var srcs []Source
	for _, id := range ids {
		if _, ok := s.reg.byID[id]; !ok {
			return nil, fmt.Errorf("figures: indicator %s: %w", id, models.ErrNotFound)
		}
	}
	for _, src := range s.reg.sources {
		if slices.ContainsFunc(src.Indicators(), func(ind Indicator) bool { return slices.Contains(ids, ind.ID) }) {
			srcs = append(srcs, src)
		}
	}
	out := make([]Report, 0, to-from+1)
	for year := from; year <= to; year++ {
		scope, err := s.scope(ctx, schoolID, year)
		if err != nil {
			return nil, err
		}
		rep, err := compute(ctx, scope, srcs)
		if err != nil {
			return nil, err
		}
		byID := map[string]Figure{}
		for _, f := range rep.Figures {
			byID[f.ID] = f
		}
		rep.Figures = rep.Figures[:0]
		for _, id := range ids {
			rep.Figures = append(rep.Figures, byID[id])
		}
		out = append(out, *rep)
	}
	return out, nil
}
