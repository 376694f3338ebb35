package web

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

// trend is chart 1: the key figures over the years, a small chart each.
func (d dashboard) trend(v *dashboardView, reps []figures.Report) {
	sec := chartSection{ID: "chart-trend", Title: "关键指标趋势",
		Caption: "关键指标近" + strconv.Itoa(len(reps)) + "个统计学年（" + reps[0].YearLabel + "至" + reps[len(reps)-1].YearLabel + "）",
		Head:    []string{"指标"}}
	spec := chartSpec{Kind: "trend"}
	for _, r := range reps {
		sec.Head = append(sec.Head, r.YearLabel)
		spec.Categories = append(spec.Categories, shortYear(r.Year))
	}
	for _, id := range trendIDs {
		var row chartRow
		var ser seriesSpec
		for _, r := range reps {
			f := r.Figures[slices.IndexFunc(r.Figures, func(f figures.Figure) bool { return f.ID == id })]
			row.Label, ser.Name, ser.Unit = withUnit(f.LabelZH, f.Unit), f.LabelZH, f.Unit
			row.Cells = append(row.Cells, d.figureCell(f, r.Year))
			ser.Data = append(ser.Data, point(f.Value, f.NoData))
		}
		sec.Rows = append(sec.Rows, row)
		spec.Series = append(spec.Series, ser)
	}
	v.Sections = append(v.Sections, sec)
	v.Charts[sec.ID] = spec
}

// passRates is chart 2: the 1+X pass rate per certificate and level.
func (d dashboard) passRates(v *dashboardView) {
	f := d.figs["x_pass_rate"]
	sec := chartSection{ID: "chart-x-pass", Title: "1+X证书考核通过率", Caption: "各1+X证书（等级）考核通过率 · " + d.scope.yearLabel(),
		Head: []string{"证书（等级）", "实考（人次）", "通过（人次）", "通过率（%）"}, Empty: "该学年没有1+X证书考核记录。"}
	spec := chartSpec{Kind: "bar", Max: 100}
	ser := seriesSpec{Name: "通过率", Unit: figures.UnitPercent}
	for _, p := range f.Parts {
		href := d.href(f.ID, d.year, p.Key)
		sec.Rows = append(sec.Rows, chartRow{Label: p.Label, Cells: []chartCell{
			{Text: strconv.FormatInt(p.Denominator, 10), Href: href}, {Text: strconv.FormatInt(p.Numerator, 10), Href: href}, d.partCell(f, p)}})
		spec.Categories = append(spec.Categories, p.Label)
		ser.Data = append(ser.Data, point(p.Value, p.Denominator == 0))
	}
	if len(f.Parts) > 0 {
		sec.Foot = &chartRow{Label: "全部证书", Cells: []chartCell{
			{Text: strconv.FormatInt(f.Denominator, 10), Href: d.href(f.ID, d.year, "")},
			{Text: strconv.FormatInt(f.Numerator, 10), Href: d.href(f.ID, d.year, "")}, d.figureCell(f, d.year)}}
		spec.Series = []seriesSpec{ser}
		v.Charts[sec.ID] = spec
	}
	v.Sections = append(v.Sections, sec)
}

// chartTop is how many enterprises the placements chart shows; its table
// lists them all.
const chartTop = 15

// placements is chart 3: students per enterprise, 岗位实习 and 认识实习.
func (d dashboard) placements(v *dashboardView) {
	pos, cog := d.figs["intern_student_count"], d.figs["cognitive_student_count"]
	sec := chartSection{ID: "chart-placements", Title: "各企业实习学生", Caption: "各企业接收的实习学生（按实习类型） · " + d.scope.yearLabel(),
		Head: []string{"企业", withUnit("岗位实习", figures.UnitPersons), withUnit("认识实习", figures.UnitPersons)}, Empty: "该学年没有已生效的实习。"}
	kindCell := func(f figures.Figure, p *figures.Part) chartCell {
		if p == nil {
			return chartCell{Text: "0"}
		}
		return d.partCell(f, *p)
	}
	ents := byEnterprise(pos.Parts, cog.Parts)
	spec := chartSpec{Kind: "bar", Stack: true, Series: []seriesSpec{{Name: "岗位实习", Unit: figures.UnitPersons}, {Name: "认识实习", Unit: figures.UnitPersons}}}
	for i, e := range ents {
		sec.Rows = append(sec.Rows, chartRow{Label: e.label, Cells: []chartCell{kindCell(pos, e.pos), kindCell(cog, e.cog)}})
		if i < chartTop {
			spec.Categories = append(spec.Categories, e.label)
			spec.Series[0].Data = append(spec.Series[0].Data, point(partValue(e.pos), false))
			spec.Series[1].Data = append(spec.Series[1].Data, point(partValue(e.cog), false))
		}
	}
	if len(ents) > 0 {
		sec.Foot = &chartRow{Label: "合计（按学生去重）", Cells: []chartCell{d.figureCell(pos, d.year), d.figureCell(cog, d.year)}}
		v.Charts[sec.ID] = spec
	}
	if len(ents) > chartTop {
		sec.Note = "图中为接收学生最多的" + strconv.Itoa(chartTop) + "家企业，表中为全部" + strconv.Itoa(len(ents)) + "家。"
	}
	v.Sections = append(v.Sections, sec)
}

// enterprise is one enterprise's parts of the two placement head counts (the
// parts are keyed by the enterprise's id).
type enterprise struct {
	key, label string
	pos, cog   *figures.Part
}

// byEnterprise pairs the parts of 岗位实习 and 认识实习 by enterprise, those
// with the most students first, then by name.
func byEnterprise(pos, cog []figures.Part) []*enterprise {
	var ents []*enterprise
	byKey := map[string]*enterprise{}
	for i, parts := range [][]figures.Part{pos, cog} {
		for j := range parts {
			p := &parts[j]
			e := byKey[p.Key]
			if e == nil {
				e = &enterprise{key: p.Key, label: p.Label}
				byKey[p.Key] = e
				ents = append(ents, e)
			}
			if i == 0 {
				e.pos = p
			} else {
				e.cog = p
			}
		}
	}
	total := func(e *enterprise) float64 { return partValue(e.pos) + partValue(e.cog) }
	slices.SortFunc(ents, func(a, b *enterprise) int {
		return cmp.Or(cmp.Compare(total(b), total(a)), strings.Compare(a.label, b.label), strings.Compare(a.key, b.key))
	})
	return ents
}

func partValue(p *figures.Part) float64 {
	if p == nil {
		return 0
	}
	return p.Value
}

// countChart is a chart of one count figure's parts, one bar each, with the
// figure's total under the table; a figure of 0 has neither.
func (d dashboard) countChart(v *dashboardView, sec chartSection, id, total string, colors []string) {
	f := d.figs[id]
	if f.Value == 0 {
		v.Sections = append(v.Sections, sec)
		return
	}
	spec := chartSpec{Kind: "bar", Colors: colors}
	ser := seriesSpec{Name: f.LabelZH, Unit: f.Unit}
	for _, p := range f.Parts {
		sec.Rows = append(sec.Rows, chartRow{Label: p.Label, Cells: []chartCell{d.partCell(f, p)}})
		spec.Categories = append(spec.Categories, p.Label)
		ser.Data = append(ser.Data, point(p.Value, false))
	}
	sec.Foot = &chartRow{Label: total, Cells: []chartCell{d.figureCell(f, d.year)}}
	spec.Series = []seriesSpec{ser}
	v.Charts[sec.ID] = spec
	v.Sections = append(v.Sections, sec)
}

// findings is chart 4: the placements with open findings, per rule.
func (d dashboard) findings(v *dashboardView) {
	d.countChart(v, chartSection{ID: "chart-findings", Title: "实习合规问题（按规则）",
		Caption: "最近一次核对仍有阻止项或警告项的实习数（按规则） · " + d.scope.yearLabel(),
		Head:    []string{"规则", withUnit("实习数", figures.UnitCount)}, Empty: "该学年已生效的实习没有未消除的阻止项或警告项。"},
		"placement_findings_by_rule", "合计（按实习去重）", nil)
}

// standingColors colour the practice standings by meaning: 达标 green, 将不达标
// orange, 不达标 vermilion, 未满5年 blue, 不作要求 grey (Okabe–Ito, as the
// palette in dashboard.js).
var standingColors = []string{"#009E73", "#E69F00", "#D55E00", "#0072B2", "#999999"}

// standing is chart 5: the teachers by 5-year practice standing.
func (d dashboard) standing(v *dashboardView) {
	d.countChart(v, chartSection{ID: "chart-standing", Title: "教师企业实践5年达标情况",
		Caption: "教师企业实践5年达标情况 · " + d.scope.yearLabel() + "最后一天（学年未结束的为今天）",
		Head:    []string{"状态", withUnit("教师数", figures.UnitPersons)}, Empty: "该学年没有在岗教师的记录。"},
		"tep_standing_count", "全部在岗教师", standingColors)
}

// luban is chart 6: the Luban Workshops' activities, per workshop by type.
func (d dashboard) luban(v *dashboardView) {
	f := d.figs["luban_activity_count"]
	sec := chartSection{ID: "chart-luban", Title: "鲁班工坊活动", Caption: "各鲁班工坊活动数（按活动类型） · " + d.scope.yearLabel(),
		Empty: "该学年没有鲁班工坊活动记录。"}
	shops, types := byWorkshop(f.Parts)
	spec := chartSpec{Kind: "bar", Stack: true}
	sec.Head = []string{"工坊"}
	for _, t := range types {
		sec.Head = append(sec.Head, withUnit(t.Label, f.Unit))
		spec.Series = append(spec.Series, seriesSpec{Name: t.Label, Unit: f.Unit})
	}
	sec.Head = append(sec.Head, withUnit("合计", f.Unit))
	for _, w := range shops {
		row := chartRow{Label: w.total.Label}
		for i, t := range types {
			p, ok := w.byType[t.Code]
			c := chartCell{Text: "0"}
			if ok {
				c = d.partCell(f, p)
			}
			row.Cells = append(row.Cells, c)
			spec.Series[i].Data = append(spec.Series[i].Data, point(p.Value, false))
		}
		row.Cells = append(row.Cells, d.partCell(f, w.total))
		sec.Rows = append(sec.Rows, row)
		spec.Categories = append(spec.Categories, w.total.Label)
	}
	if len(shops) > 0 {
		v.Charts[sec.ID] = spec
	}
	if len(shops) > 1 {
		// per type, the rows' sum (each activity is one workshop's; the rows
		// link to the records)
		foot := &chartRow{Label: "全部工坊"}
		for _, t := range types {
			var n float64
			for _, w := range shops {
				n += w.byType[t.Code].Value
			}
			foot.Cells = append(foot.Cells, chartCell{Text: strconv.FormatFloat(n, 'f', -1, 64)})
		}
		sec.Foot = foot
		foot.Cells = append(foot.Cells, d.figureCell(f, d.year))
	}
	v.Sections = append(v.Sections, sec)
}

// workshop is one workshop's parts of the Luban activity count: its total and
// one per activity type.
type workshop struct {
	total  figures.Part
	byType map[string]figures.Part
}

// byWorkshop reads the activity count's parts, "ws:<id>" and "ws:<id>/<type>",
// as workshops (in the parts' order) and the types any of them has (in the
// order pages list types).
func byWorkshop(parts []figures.Part) ([]*workshop, []models.ActivityType) {
	var shops []*workshop
	byKey := map[string]*workshop{}
	present := map[string]bool{}
	for _, p := range parts {
		key, typ, cross := strings.Cut(p.Key, "/")
		w := byKey[key]
		if w == nil {
			w = &workshop{byType: map[string]figures.Part{}}
			byKey[key] = w
			shops = append(shops, w)
		}
		if cross {
			w.byType[typ], present[typ] = p, true
		} else {
			w.total = p
		}
	}
	var types []models.ActivityType
	for _, t := range models.ActivityTypes {
		if present[t.Code] {
			types = append(types, t)
		}
	}
	return shops, types
}
