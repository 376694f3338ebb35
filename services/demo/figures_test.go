package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/store"
)

// after is when the figures are computed: after the demo's calendar ends.
func after() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

// everyFigure: the default demo gives 红星职专 every registered figure, for
// 2024 and 2025, a value: no count is zero and every rate lies strictly
// between 0 and 100 %. The registry is the server's own (api.NewHandler
// registers the sources): a test importing the layer above, so that a figure
// registered later is held to the same.
func everyFigure(t *testing.T, st *store.Store, sum *demo.Summary) {
	h := api.NewHandler(st, after, auth.DefaultConfig())
	office := models.WithPrincipal(context.Background(), &models.Principal{Username: "office", Role: models.RoleOfficeAdmin, SchoolID: sum.MainSchool()})
	for _, year := range []int{2024, 2025} {
		rep, err := h.Figures.Compute(office, "", year)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Figures) != len(h.Figures.Registry().Indicators()) {
			t.Fatalf("%d figures, %d registered", len(rep.Figures), len(h.Figures.Registry().Indicators()))
		}
		for _, f := range rep.Figures {
			t.Logf("%d %-36s %8.1f %s (%d/%d)", year, f.ID, f.Value, f.Unit, f.Numerator, f.Denominator)
			if problem := trivial(f); problem != "" {
				t.Errorf("%d %s (%s): %s", year, f.ID, f.LabelZH, problem)
			}
		}
	}
}

// trivial says what is wrong with a figure that shows nothing.
func trivial(f figures.Figure) string {
	switch {
	case f.NoData:
		return "no data"
	case f.Value <= 0:
		return "zero"
	case f.Unit == figures.UnitPercent && f.Value >= 100:
		return "a rate of 100 %"
	}
	return ""
}
