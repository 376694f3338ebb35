package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

// The placement rule sets: every signed-in role reads them; admins add versions.

func (h *Handler) listRuleSets(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	page, err := h.Rules.FindRuleSets(c.UserContext(), models.RuleSetFilter{ListParams: lp})
	return render(c, page, err)
}

func (h *Handler) createRuleSet(c *fiber.Ctx) error { return createdFrom(c, h.Rules.CreateRuleSet) }

func (h *Handler) getRuleSet(c *fiber.Ctx) error {
	rs, err := h.Rules.FindRuleSetByVersion(c.UserContext(), c.Params("version"))
	return render(c, rs, err)
}
