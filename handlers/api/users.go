package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listUsers(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.UserFilter{ListParams: lp, Role: c.Query("role"), SchoolID: c.Query("schoolId"), Disabled: c.Query("disabled")}
	page, err := h.Auth.FindUsers(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getUser(c *fiber.Ctx) error    { return fetched(c, h.Auth.FindUserByID) }
func (h *Handler) createUser(c *fiber.Ctx) error { return createdFrom(c, h.Auth.CreateUser) }
func (h *Handler) updateUser(c *fiber.Ctx) error { return updatedFrom(c, h.Auth.UpdateUser) }

func (h *Handler) disableUser(c *fiber.Ctx) error { return h.setDisabled(c, true) }
func (h *Handler) enableUser(c *fiber.Ctx) error  { return h.setDisabled(c, false) }

func (h *Handler) setDisabled(c *fiber.Ctx, disabled bool) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := noBody(c); err != nil {
		return err
	}
	u, err := h.Auth.SetDisabled(c.UserContext(), id, disabled)
	return render(c, u, err)
}

type resetPasswordRequest struct {
	Password string `json:"password"`
}

// resetPassword sets the given password, or generates one and returns it once.
func (h *Handler) resetPassword(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req resetPasswordRequest
	if len(c.Body()) > 0 {
		if err := bind(c, &req); err != nil {
			return err
		}
	}
	generated, err := h.Auth.ResetPassword(c.UserContext(), id, req.Password)
	if err != nil {
		return err
	}
	if generated != "" {
		return c.JSON(fiber.Map{"password": generated})
	}
	return c.SendStatus(fiber.StatusNoContent)
}
