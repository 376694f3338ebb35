// Package report is the annual report the education bureau audits (domain.md
// §8–9, architecture.md "Figures"): every registered figure for a statistical
// year beside the previous year, laid out in the bureau's tables; snapshots
// that freeze it with a SHA-256 manifest and a two-person sign-off; the drift
// of an approved snapshot against today's records; and the workbook that
// carries it to the bureau and can be checked against the manifest.
package report

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
)

// Service computes annual reports and keeps their snapshots.
type Service struct {
	figures *figures.Service
	schools *schools.Service
	people  *people.Service
	store   *store.Store
	audit   *audit.Log
	snaps   *records.Repo[models.Snapshot, *models.Snapshot]
	refs    *store.Collection
	now     func() time.Time
	// Metrics times Live and Prepare; nil records nothing.
	Metrics *metrics.Metrics
}

// New returns the report service.
func New(s *store.Store, a *audit.Log, f *figures.Service, sc *schools.Service, pp *people.Service, now func() time.Time) *Service {
	return &Service{figures: f, schools: sc, people: pp, store: s, audit: a, now: now, refs: s.Collection(store.SnapRecords),
		snaps: &records.Repo[models.Snapshot, *models.Snapshot]{
			C: s.Collection(store.Snapshots), Audit: a, Entity: "snapshot", Now: now,
			School: func(x *models.Snapshot) bson.ObjectID { return x.SchoolID },
			Keys:   []store.UniqueKey{{Fields: []string{"key"}, Field: "year", Message: "该学年的快照刚被他人同时生成，请刷新后重试"}},
		}}
}

// Table is one bureau table of a report: its figures, each with the previous
// year beside it, and the catalogue rows that cannot be computed yet.
type Table struct {
	Name    string                `json:"name"`
	Note    string                `json:"note,omitempty"`
	Filed   bool                  `json:"filed"`
	Rows    []models.FrozenFigure `json:"rows"`
	Missing []MissingRow          `json:"missing,omitempty"`
}

// Annual is a report laid out in tables: live (computed now) or as a snapshot
// froze it.
type Annual struct {
	Year       int             `json:"year"`
	YearLabel  string          `json:"yearLabel"`
	PriorLabel string          `json:"priorLabel"`
	SchoolIDs  []bson.ObjectID `json:"schoolIds"`
	AsOf       time.Time       `json:"asOf"`
	Tables     []Table         `json:"tables"`
}

// Live computes the report for the caller's schools (schoolID narrows to one,
// as for figures) and the statistical year starting in year, beside the year
// before.
func (s *Service) Live(ctx context.Context, schoolID string, year int) (_ *Annual, err error) {
	defer s.Metrics.ObserveReport(metrics.ReportLive, time.Now(), &err)
	cur, prior, err := s.compute(ctx, schoolID, year)
	if err != nil {
		return nil, err
	}
	return layout(year, cur.SchoolIDs, s.now(), freeze(cur, prior)), nil
}

// compute computes year and the year before for the same scope, side by side:
// each is a read of the store, which serves two readers at once.
func (s *Service) compute(ctx context.Context, schoolID string, year int) (cur, prior *figures.Report, err error) {
	ctx, _ = store.ShareReads(ctx) // the two years read the same documents once
	var priorErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		prior, priorErr = s.figures.Compute(ctx, schoolID, year-1)
	}()
	cur, err = s.figures.Compute(ctx, schoolID, year)
	<-done
	if err == nil {
		err = priorErr // the same scope: the same refusal, said once
	}
	if err != nil {
		return nil, nil, err
	}
	return cur, prior, nil
}

// freeze turns a report and the previous year's into frozen figures, in the
// registry's order.
func freeze(cur, prior *figures.Report) []models.FrozenFigure {
	before := map[string]figures.Figure{}
	for _, f := range prior.Figures {
		before[f.ID] = f
	}
	out := make([]models.FrozenFigure, 0, len(cur.Figures))
	for _, f := range cur.Figures {
		ff := models.FrozenFigure{ID: f.ID, LabelZH: f.LabelZH, LabelEN: f.LabelEN, Unit: f.Unit, Table: f.Table,
			Definition: f.Definition, DefinitionVersion: f.DefinitionVersion(), FrozenValue: valueOf(f.Value, f.Numerator, f.Denominator, f.NoData),
			RecordCount: f.RecordCount}
		if p, ok := before[f.ID]; ok {
			ff.Prior = valueOf(p.Value, p.Numerator, p.Denominator, p.NoData)
		}
		rate := f.Denominator > 0 || f.NoData
		for _, pt := range f.Parts {
			ff.Parts = append(ff.Parts, models.FrozenPart{Key: pt.Key, Label: pt.Label,
				FrozenValue: valueOf(pt.Value, pt.Numerator, pt.Denominator, rate && pt.Denominator == 0)})
		}
		out = append(out, ff)
	}
	return out
}

func valueOf(v float64, num, den int64, noData bool) models.FrozenValue {
	return models.FrozenValue{Value: v, Numerator: num, Denominator: den, NoData: noData}
}

// layout groups figures into the bureau's tables, in the tables' order and,
// within a table, the registry's.
func layout(year int, schoolIDs []bson.ObjectID, asOf time.Time, figs []models.FrozenFigure) *Annual {
	a := &Annual{Year: year, YearLabel: models.StatYear{Start: year}.Label(), PriorLabel: models.StatYear{Start: year - 1}.Label(),
		SchoolIDs: schoolIDs, AsOf: asOf}
	byTable := map[string]*Table{}
	for _, d := range tableDefs {
		a.Tables = append(a.Tables, Table{Name: d.Name, Note: d.Note, Filed: d.Filed, Missing: d.Missing})
	}
	for i := range a.Tables {
		byTable[a.Tables[i].Name] = &a.Tables[i]
	}
	for _, f := range figs {
		t, ok := byTable[f.Table]
		if !ok {
			a.Tables = append(a.Tables, Table{Name: f.Table})
			t = &a.Tables[len(a.Tables)-1]
			byTable = reindex(a.Tables)
		}
		t.Rows = append(t.Rows, f)
	}
	slices.SortStableFunc(a.Tables, func(x, y Table) int { return tableOrder(x.Name) - tableOrder(y.Name) })
	return a
}

func reindex(ts []Table) map[string]*Table {
	m := make(map[string]*Table, len(ts))
	for i := range ts {
		m[ts[i].Name] = &ts[i]
	}
	return m
}

// principal is the caller, or an error.
func principal(ctx context.Context) (*models.Principal, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return p, nil
}
