package api

import (
	"context"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

func (h *Handler) listPlacements(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.PlacementFilter{ListParams: lp, SchoolID: c.Query("schoolId"), EnterpriseID: c.Query("enterpriseId"),
		StudentID: c.Query("studentId"), Kind: c.Query("kind"), Status: c.Query("status"), RuleID: c.Query("ruleId")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Placements.FindPlacements(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getPlacement(c *fiber.Ctx) error { return fetched(c, h.Placements.FindPlacementByID) }
func (h *Handler) createPlacement(c *fiber.Ctx) error {
	return createdFrom(c, h.Placements.CreatePlacement)
}
func (h *Handler) updatePlacement(c *fiber.Ctx) error {
	return updatedFrom(c, h.Placements.UpdatePlacement)
}
func (h *Handler) deletePlacement(c *fiber.Ctx) error {
	return deleted(c, h.Placements.DeletePlacement)
}

// checkPlacement runs the rules and answers with the stored check; ?ruleSet=
// names a rule-set version to re-judge an activated placement under.
func (h *Handler) checkPlacement(c *fiber.Ctx) error {
	if err := noBody(c); err != nil {
		return err
	}
	return fetched(c, func(ctx context.Context, id bson.ObjectID) (*placements.CheckResult, error) {
		return h.Placements.Check(ctx, id, c.Query("ruleSet"))
	})
}

// checkPlacementFields judges a body of placement fields without saving
// anything: a new placement, or with ?placementId= a change of that one (the
// body then names its version). The answer is the findings, or 422 naming
// every failing field.
func (h *Handler) checkPlacementFields(c *fiber.Ctx) error {
	id := bson.NilObjectID
	if s := c.Query("placementId"); s != "" {
		var err error
		if id, err = models.ParseID(s); err != nil {
			return err
		}
	}
	res, err := boundCall(c, func(ctx context.Context, f models.PlacementFields) (*placements.FieldsCheck, error) {
		return h.Placements.CheckFields(ctx, id, f)
	})
	return render(c, res, err)
}

// The lifecycle and portal operations take the placement's version (and their
// fields) in the body and answer with the placement.
func (h *Handler) activatePlacement(c *fiber.Ctx) error { return updatedFrom(c, h.Placements.Activate) }
func (h *Handler) completePlacement(c *fiber.Ctx) error { return updatedFrom(c, h.Placements.Complete) }
func (h *Handler) terminatePlacement(c *fiber.Ctx) error {
	return updatedFrom(c, h.Placements.Terminate)
}
func (h *Handler) suspendPlacement(c *fiber.Ctx) error { return updatedFrom(c, h.Placements.Suspend) }
func (h *Handler) respondPlacement(c *fiber.Ctx) error { return updatedFrom(c, h.Placements.Respond) }
func (h *Handler) namePlacementMentor(c *fiber.Ctx) error {
	return updatedFrom(c, h.Placements.NameMentor)
}
func (h *Handler) confirmPlacementWeeks(c *fiber.Ctx) error {
	return updatedFrom(c, h.Placements.ConfirmWeeks)
}
func (h *Handler) correctPlacementWeek(c *fiber.Ctx) error {
	return updatedFrom(c, h.Placements.CorrectWeek)
}
func (h *Handler) evaluatePlacement(c *fiber.Ctx) error { return updatedFrom(c, h.Placements.Evaluate) }
