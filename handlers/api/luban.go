package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listWorkshops(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.WorkshopFilter{ListParams: lp, SchoolID: c.Query("schoolId"), Country: c.Query("country"), Status: c.Query("status")}
	page, err := h.Luban.FindWorkshops(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getWorkshop(c *fiber.Ctx) error    { return fetched(c, h.Luban.FindWorkshopByID) }
func (h *Handler) createWorkshop(c *fiber.Ctx) error { return createdFrom(c, h.Luban.CreateWorkshop) }
func (h *Handler) updateWorkshop(c *fiber.Ctx) error { return updatedFrom(c, h.Luban.UpdateWorkshop) }
func (h *Handler) deleteWorkshop(c *fiber.Ctx) error { return deleted(c, h.Luban.DeleteWorkshop) }

// workshopSummary is a workshop's activities of one statistical year, totalled
// by type: what the partner-facing summary shows.
func (h *Handler) workshopSummary(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	year, err := queryYear(c, "year")
	if err != nil {
		return err
	}
	if year == 0 {
		return models.Invalid("year", "统计学年为必填项，如2025表示2025年9月1日至2026年8月31日")
	}
	sum, err := h.Luban.Summary(c.UserContext(), id, year)
	return render(c, sum, err)
}

func (h *Handler) listActivities(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.ActivityFilter{ListParams: lp, SchoolID: c.Query("schoolId"), WorkshopID: c.Query("workshopId"),
		TeacherID: c.Query("teacherId"), Type: c.Query("type")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Luban.FindActivities(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getActivity(c *fiber.Ctx) error    { return fetched(c, h.Luban.FindActivityByID) }
func (h *Handler) createActivity(c *fiber.Ctx) error { return createdFrom(c, h.Luban.CreateActivity) }
func (h *Handler) updateActivity(c *fiber.Ctx) error { return updatedFrom(c, h.Luban.UpdateActivity) }
func (h *Handler) deleteActivity(c *fiber.Ctx) error { return deleted(c, h.Luban.DeleteActivity) }
