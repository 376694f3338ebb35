package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

// dashboardView is the dashboard: the scope form, and each chart with the
// table of its numbers. Charts holds what dashboard.js draws, by element id;
// the page is whole without it.
type dashboardView struct {
	figureScope
	YearLabel, From, To string
	SchoolLabel         string // the school chosen, for those who choose
	Sections            []chartSection
	Charts              map[string]chartSpec
}

// chartSection is one chart and its table: a caption, the column heads (the
// first heads the row labels) and rows whose numbers link to their records.
type chartSection struct {
	ID, Title, Note string
	Caption         string
	Head            []string
	Rows            []chartRow
	Foot            *chartRow // a total that is not the sum of the rows
	Empty           string    // said instead of the table when there are no rows
}

type chartRow struct {
	Label string
	Cells []chartCell
}

// chartCell is one number: its text, the counts behind a rate, and the link to
// its records.
type chartCell struct {
	Text, Sub, Href string
}

// chartSpec is one chart as dashboard.js reads it. Kind "trend" draws a small
// line chart per series over the categories; "bar" draws horizontal bars per
// category, one bar per series, stacked when Stack is set. Colors, when set,
// colour a single series' bars one by one (categories with a meaning).
type chartSpec struct {
	Kind       string       `json:"kind"`
	Categories []string     `json:"categories"`
	Series     []seriesSpec `json:"series"`
	Stack      bool         `json:"stack,omitempty"`
	Max        float64      `json:"max,omitempty"`
	Colors     []string     `json:"colors,omitempty"`
}

type seriesSpec struct {
	Name string     `json:"name"`
	Unit string     `json:"unit"`
	Data []*float64 `json:"data"` // null where a rate has no denominator
}

// newDashboard lays the reports (one per year, the chosen year last) out as
// the dashboard's charts.
func newDashboard(s figureScope, reps []figures.Report) dashboardView {
	last := reps[len(reps)-1]
	v := dashboardView{figureScope: s, YearLabel: last.YearLabel, From: last.From, To: last.To, Charts: map[string]chartSpec{}}
	if len(s.Schools) > 0 {
		v.SchoolLabel = labelOf(s.Schools, s.SchoolID)
	}
	d := dashboard{scope: s, year: last.Year, figs: map[string]figures.Figure{}}
	for _, f := range last.Figures {
		d.figs[f.ID] = f
	}
	for _, add := range []func(*dashboardView){
		func(v *dashboardView) { d.trend(v, reps) },
		d.passRates, d.placements, d.findings, d.standing, d.luban,
	} {
		add(&v)
	}
	return v
}

// dashboard is what the chart builders share: the scope and the chosen year's
// figures by id.
type dashboard struct {
	scope figureScope
	year  int
	figs  map[string]figures.Figure
}

// href links to the records of figure id (part, when not empty) in year.
func (d dashboard) href(id string, year int, part string) string {
	q := url.Values{"year": {strconv.Itoa(year)}}
	if d.scope.SchoolID != "" {
		q.Set("schoolId", d.scope.SchoolID)
	}
	if part != "" {
		q.Set("part", part)
	}
	return "/figures/" + url.PathEscape(id) + "/records?" + q.Encode()
}

// cell is a figure's or a part's number as the tables print it: a rate with
// its counts, a count with its unit left to the column head.
func (d dashboard) cell(id string, year int, part string, value float64, unit string, num, den int64) chartCell {
	c := chartCell{Href: d.href(id, year, part)}
	switch {
	case unit == figures.UnitPercent && den == 0:
		c.Text = "无数据"
	case unit == figures.UnitPercent:
		c.Text = strconv.FormatFloat(value, 'f', 1, 64) + "%"
		c.Sub = strconv.FormatInt(num, 10) + "/" + strconv.FormatInt(den, 10)
	default:
		c.Text = strconv.FormatFloat(value, 'f', -1, 64)
	}
	return c
}

func (d dashboard) figureCell(f figures.Figure, year int) chartCell {
	return d.cell(f.ID, year, "", f.Value, f.Unit, f.Numerator, f.Denominator)
}

func (d dashboard) partCell(f figures.Figure, p figures.Part) chartCell {
	den := p.Denominator
	if f.Unit != figures.UnitPercent {
		den = 1 // counts have no denominator and always a value
	}
	return d.cell(f.ID, d.year, p.Key, p.Value, f.Unit, p.Numerator, den)
}

// point is a chart's value: nil where a rate has no denominator.
func point(value float64, noData bool) *float64 {
	if noData {
		return nil
	}
	return &value
}

// shortYear labels a statistical year on a chart's axis: 2025—26.
func shortYear(y int) string { return strconv.Itoa(y) + "—" + strconv.Itoa((y+1)%100) }

// withUnit is a column head with its unit: 实考人次（人次）.
func withUnit(label, unit string) string {
	if unit == "" || strings.HasSuffix(label, unit) {
		return label
	}
	return label + "（" + unit + "）"
}

// yearLabel is the chosen statistical year: 2025—2026学年.
func (s figureScope) yearLabel() string { return models.StatYear{Start: s.Year}.Label() }
