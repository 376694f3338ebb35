package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/services/figures"
)

// TestPlacementsChartTop: with more enterprises than the chart shows, the
// chart has the largest, the table all of them, and the note says so.
func TestPlacementsChartTop(t *testing.T) {
	pos := figures.Figure{Indicator: figures.Indicator{ID: "intern_student_count", Unit: figures.UnitPersons}, Value: 20}
	cog := figures.Figure{Indicator: figures.Indicator{ID: "cognitive_student_count", Unit: figures.UnitPersons}}
	for i := range 17 {
		refs := make([]figures.Ref, i+1)
		pos.Parts = append(pos.Parts, figures.PartCount(fmt.Sprintf("e%02d", i), fmt.Sprintf("企业%02d", i), refs))
	}
	cog.Parts = []figures.Part{figures.PartCount("e00", "企业00", make([]figures.Ref, 20))}
	d := dashboard{scope: figureScope{Year: 2025}, year: 2025, figs: map[string]figures.Figure{pos.ID: pos, cog.ID: cog}}
	v := dashboardView{Charts: map[string]chartSpec{}}
	d.placements(&v)
	sec, spec := v.Sections[0], v.Charts["chart-placements"]
	if len(sec.Rows) != 17 || len(spec.Categories) != chartTop || !strings.Contains(sec.Note, "全部17家") {
		t.Fatalf("%d rows, %d in the chart, note %q", len(sec.Rows), len(spec.Categories), sec.Note)
	}
	// 企业00: 1 + 20, then 企业16 … 企业03 by their 17 … 4 students; the table goes on to 企业01
	if got := strings.Join(spec.Categories[:3], " "); got != "企业00 企业16 企业15" || spec.Categories[14] != "企业03" {
		t.Errorf("chart order %v", spec.Categories)
	}
	if r := sec.Rows[0]; r.Cells[0].Text != "1" || r.Cells[1].Text != "20" || !strings.Contains(r.Cells[1].Href, "part=e00") {
		t.Errorf("first row %+v", r)
	}
	if r := sec.Rows[16]; r.Label != "企业01" || r.Cells[1].Text != "0" || r.Cells[1].Href != "" {
		t.Errorf("last row %+v: no 认识实习, no link", r)
	}
}
