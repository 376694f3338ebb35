package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// trendYears is how many statistical years the trend chart shows, ending at
// the chosen one.
const trendYears = 5

// trendIDs are the key figures the trend chart follows over the years.
var trendIDs = []string{"x_pass_rate", "intern_student_count", "tep_teacher_count", "dual_qualified_ratio", "coop_enterprise_count",
	"intl_training_person_days"}

// partIDs are the figures whose parts the other charts show for the chosen
// year.
var partIDs = []string{"x_pass_rate", "intern_student_count", "cognitive_student_count", "placement_findings_by_rule", "tep_standing_count",
	"luban_activity_count"}

// registerDashboard mounts the dashboard: charts of the figures, each with the
// table of its numbers under it, for the same scope as /figures (office users
// their school, auditors their schools rolled up or one, the system admin
// any; enterprise users get 403 from the service).
func (w *Handler) registerDashboard(r fiber.Router) {
	r.Get("/dashboard", w.dashboardPage)
}

func (w *Handler) dashboardPage(c *fiber.Ctx) error {
	s, err := w.figureScope(c)
	if err != nil {
		return err
	}
	ids := slices.Concat(trendIDs, partIDs)
	slices.Sort(ids)
	reps, err := w.Figures.Trend(c.UserContext(), s.SchoolID, slices.Compact(ids), s.Year-trendYears+1, s.Year)
	if err != nil {
		return err
	}
	v := newDashboard(s, reps)
	return w.render(c, fiber.StatusOK, "dashboard", View{Title: "数据看板 · " + models.StatYear{Start: s.Year}.Label(), Data: v})
}
