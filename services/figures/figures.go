// Package figures is the indicator registry and its computation (architecture.md
// "Figures"): each record area registers a Source that computes its indicators
// for a set of schools and a statistical year from one streamed pass over its own
// records, returning counts (numerator and denominator, never a rate alone) and
// the records behind every number, so that any figure opens to its records.
package figures

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/store"
)

// Units.
const (
	UnitCount   = "个"
	UnitPersons = "人"
	UnitTimes   = "人次"
	UnitPercent = "%"
)

// Indicator is one registered figure: its id and labels from domain.md §8, the
// report table it feeds and the definition text a reader can check it against.
type Indicator struct {
	ID         string `json:"id"`
	LabelZH    string `json:"labelZh"`
	LabelEN    string `json:"labelEn"`
	Unit       string `json:"unit"`
	Table      string `json:"table"`
	Definition string `json:"definition"`
}

// Scope is what a figure is computed over: schools and a statistical year. Nil
// SchoolIDs means every school (the system admin without a school chosen).
type Scope struct {
	SchoolIDs []bson.ObjectID
	Year      models.StatYear
}

// Ref is one record behind a figure, described so that a list can show it.
type Ref struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`               // "candidate", "pilot", "training", …
	ParentID string `json:"parentId,omitempty"` // the record holding it (a candidate's batch)
	// InNumerator marks, in a rate's records (its denominator's), those the
	// numerator counts.
	InNumerator bool          `json:"inNumerator,omitempty"`
	SchoolID    bson.ObjectID `json:"schoolId"`
	Date        string        `json:"date,omitempty"`
	Label       string        `json:"label"` // what the row is, in Chinese
	Person      bson.ObjectID `json:"-"`     // the student or teacher, for pseudonyms
	Name        string        `json:"-"`     // the person's name, hidden from auditors
}

// Part is a figure broken down by one key (a certificate and level, a 工种).
type Part struct {
	Key         string  `json:"key"`
	Label       string  `json:"label"`
	Value       float64 `json:"value"`
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator,omitempty"`
	Records     []Ref   `json:"-"`
}

// Figure is an indicator's value for a scope. A count has Numerator = Value and
// no Denominator; a rate has both, and Value = Numerator ÷ Denominator × 100
// (0 when the denominator is 0, with NoData set).
type Figure struct {
	Indicator
	Value       float64   `json:"value"`
	Numerator   int64     `json:"numerator"`
	Denominator int64     `json:"denominator,omitempty"`
	NoData      bool      `json:"noData,omitempty"`
	Parts       []Part    `json:"parts,omitempty"`
	RecordCount int       `json:"recordCount"`
	AsOf        time.Time `json:"asOf"`
	Records     []Ref     `json:"-"`
}

// Partner is an enterprise a school worked with in a year, and the record that
// shows it: 合作企业数 counts enterprises over every area's records (placements,
// order classes, apprenticeships, teachers' practice).
type Partner struct {
	EnterpriseID bson.ObjectID
	Ref          Ref
}

// PartnerSource lists the partners one area found for a scope.
type PartnerSource func(ctx context.Context, s Scope) ([]Partner, error)

// Source computes the indicators of one record area in one pass.
type Source interface {
	Indicators() []Indicator
	Compute(ctx context.Context, s Scope) ([]Figure, error)
}

// Registry holds the registered sources, in registration order.
type Registry struct {
	sources []Source
	byID    map[string]Indicator
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{byID: map[string]Indicator{}} }

// Register adds a source; an indicator id registered twice is a programming
// error and panics at start-up.
func (r *Registry) Register(src Source) {
	for _, ind := range src.Indicators() {
		if _, dup := r.byID[ind.ID]; dup {
			panic(fmt.Sprintf("figures: indicator %s registered twice", ind.ID))
		}
		r.byID[ind.ID] = ind
	}
	r.sources = append(r.sources, src)
}

// Indicators lists every registered indicator.
func (r *Registry) Indicators() []Indicator {
	var out []Indicator
	for _, src := range r.sources {
		out = append(out, src.Indicators()...)
	}
	return out
}

// Count builds a count figure from its records.
func Count(ind Indicator, refs []Ref, now time.Time) Figure {
	n := int64(len(refs))
	return Figure{Indicator: ind, Value: float64(n), Numerator: n, Records: refs, RecordCount: len(refs), AsOf: now}
}

// Rate builds a rate figure: the records behind it are the denominator's, those
// the numerator counts marked InNumerator.
func Rate(ind Indicator, num, den int64, refs []Ref, now time.Time) Figure {
	f := Figure{Indicator: ind, Numerator: num, Denominator: den, Records: refs, RecordCount: len(refs), AsOf: now}
	f.Value, f.NoData = percent(num, den)
	return f
}

func percent(num, den int64) (float64, bool) {
	if den == 0 {
		return 0, true
	}
	// one decimal, as reports print rates
	return float64(num*1000/den+(num*1000%den*2/den)) / 10, false
}

// PartRate builds a rate part.
func PartRate(key, label string, num, den int64, refs []Ref) Part {
	v, _ := percent(num, den)
	return Part{Key: key, Label: label, Value: v, Numerator: num, Denominator: den, Records: refs}
}

// PartCount builds a count part.
func PartCount(key, label string, refs []Ref) Part {
	return Part{Key: key, Label: label, Value: float64(len(refs)), Numerator: int64(len(refs)), Records: refs}
}

// Service computes reports for the caller's schools.
type Service struct {
	reg *Registry
	now func() time.Time
	// Metrics times each Compute; nil records nothing.
	Metrics *metrics.Metrics
}

// New returns the figures service over reg.
func New(reg *Registry, now func() time.Time) *Service { return &Service{reg: reg, now: now} }

// Registry returns the service's registry.
func (s *Service) Registry() *Registry { return s.reg }

// Report is every registered figure for a scope.
type Report struct {
	Year      int             `json:"year"`
	YearLabel string          `json:"yearLabel"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	SchoolIDs []bson.ObjectID `json:"schoolIds"`
	Figures   []Figure        `json:"figures"`
}

// Compute computes every registered figure for the schools the caller may read
// (schoolID narrows to one) and the statistical year starting 1 September of
// year. Office users get their school, auditors their set rolled up, the system
// admin any school or all; enterprise users may not (ErrForbidden).
func (s *Service) Compute(ctx context.Context, schoolID string, year int) (_ *Report, err error) {
	defer s.Metrics.ObserveReport(metrics.FiguresCompute, time.Now(), &err)
	scope, err := s.scope(ctx, schoolID, year)
	if err != nil {
		return nil, err
	}
	return compute(ctx, scope, s.reg.sources)
}

// compute is the report of srcs for scope.
func compute(ctx context.Context, scope Scope, srcs []Source) (*Report, error) {
	ctx, _ = store.ShareReads(ctx) // sources reading the same documents read them once
	y := scope.Year
	rep := &Report{Year: y.Start, YearLabel: y.Label(), From: y.From().String(), To: y.To().String(), SchoolIDs: scope.SchoolIDs}
	for _, src := range srcs {
		figs, err := src.Compute(ctx, scope)
		if err != nil {
			return nil, fmt.Errorf("figures: %w", err)
		}
		rep.Figures = append(rep.Figures, figs...)
	}
	return rep, nil
}

// Records lists the records behind figure id (part narrows to one breakdown
// key), for the same scope as Compute. Auditors see pseudonyms instead of names.
func (s *Service) Records(ctx context.Context, id, part, schoolID string, year int) (*Figure, []Ref, error) {
	if _, ok := s.reg.byID[id]; !ok {
		return nil, nil, models.ErrNotFound
	}
	rep, err := s.Compute(ctx, schoolID, year)
	if err != nil {
		return nil, nil, err
	}
	p, _ := models.PrincipalFrom(ctx)
	for i := range rep.Figures {
		f := &rep.Figures[i]
		if f.ID != id {
			continue
		}
		refs := f.Records
		if part != "" {
			j := slices.IndexFunc(f.Parts, func(pt Part) bool { return pt.Key == part })
			if j < 0 {
				return nil, nil, models.ErrNotFound
			}
			refs = f.Parts[j].Records
		}
		return f, present(p, refs, year), nil
	}
	return nil, nil, models.ErrNotFound
}

// present names the people behind records for office users and pseudonymises
// them for everyone else (domain.md §2: a per-year pseudonym, no names).
func present(p *models.Principal, refs []Ref, year int) []Ref {
	out := make([]Ref, len(refs))
	for i, r := range refs {
		if p.Role.IsOffice() || p.Role == models.RoleSystemAdmin {
			if r.Name != "" {
				r.Label = r.Name + " · " + r.Label
			}
		} else if !r.Person.IsZero() {
			r.Label = Pseudonym(r.Person, year) + " · " + r.Label
		}
		out[i] = r
	}
	return out
}

func (s *Service) scope(ctx context.Context, schoolID string, year int) (Scope, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return Scope{}, err
	}
	if year < 2000 || year > 2100 {
		return Scope{}, models.Invalid("year", "统计学年须为起始年份，如2025表示2025年9月1日至2026年8月31日")
	}
	sc := Scope{Year: models.StatYear{Start: year}}
	if p.Role == models.RoleEnterprise {
		return sc, models.ErrForbidden
	}
	ids, all := p.ReadableSchools()
	if schoolID != "" {
		id, err := models.ParseID(schoolID)
		if err != nil {
			return sc, err
		}
		if !all && !slices.Contains(ids, id) {
			return sc, models.ErrForbidden
		}
		sc.SchoolIDs = []bson.ObjectID{id}
		return sc, nil
	}
	sc.SchoolIDs = ids // nil with all: every school
	return sc, nil
}

// Pseudonym is a stable per-year stand-in for a person in auditors' record lists:
// the same student reads the same within a year and differently across years, so
// lists can be reconciled without naming anyone.
func Pseudonym(person bson.ObjectID, year int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "chanjiao-pseudonym|%d|%s", year, person.Hex()))
	return "匿名" + strings.ToUpper(hex.EncodeToString(sum[:4]))
}

// DefinitionVersion names the version of an indicator's definition: the first
// twelve hex digits of the SHA-256 of its id, unit and definition text, so that
// any change of wording or unit is a new version without anyone having to
// remember to number it.
func (ind Indicator) DefinitionVersion() string {
	sum := sha256.Sum256([]byte(ind.ID + "\n" + ind.Unit + "\n" + ind.Definition))
	return hex.EncodeToString(sum[:6])
}

// Sources lists the registered sources, in registration order.
func (r *Registry) Sources() []Source { return r.sources }
