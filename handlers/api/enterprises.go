package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listEnterprises(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.EnterpriseFilter{ListParams: lp, Industry: c.Query("industry"), Size: c.Query("size")}
	page, err := h.Enterprises.FindEnterprises(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getEnterprise(c *fiber.Ctx) error {
	return fetched(c, h.Enterprises.FindEnterpriseByID)
}
func (h *Handler) createEnterprise(c *fiber.Ctx) error {
	return createdFrom(c, h.Enterprises.CreateEnterprise)
}
func (h *Handler) updateEnterprise(c *fiber.Ctx) error {
	return updatedFrom(c, h.Enterprises.UpdateEnterprise)
}
func (h *Handler) deleteEnterprise(c *fiber.Ctx) error {
	return deleted(c, h.Enterprises.DeleteEnterprise)
}
