package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listSchools(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.SchoolFilter{ListParams: lp, District: c.Query("district"), Level: c.Query("level")}
	page, err := h.Schools.FindSchools(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getSchool(c *fiber.Ctx) error    { return fetched(c, h.Schools.FindSchoolByID) }
func (h *Handler) createSchool(c *fiber.Ctx) error { return createdFrom(c, h.Schools.CreateSchool) }
func (h *Handler) updateSchool(c *fiber.Ctx) error { return updatedFrom(c, h.Schools.UpdateSchool) }
func (h *Handler) deleteSchool(c *fiber.Ctx) error { return deleted(c, h.Schools.DeleteSchool) }
