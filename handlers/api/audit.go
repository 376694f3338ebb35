package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listAuditLog(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.AuditFilter{ListParams: lp, Entity: c.Query("entity"), EntityID: c.Query("entityId"),
		ActorID: c.Query("actorId"), Action: c.Query("action"), SchoolID: c.Query("schoolId"),
		From: c.Query("from"), To: c.Query("to")}
	page, err := h.Audit.FindEntries(c.UserContext(), f)
	return render(c, page, err)
}
