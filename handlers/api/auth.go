package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (h *Handler) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	var errs models.ValidationError
	if req.Username == "" {
		errs.Add("username", "用户名为必填项")
	}
	if req.Password == "" {
		errs.Add("password", "密码为必填项")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	res, err := h.Auth.Login(c.UserContext(), req.Username, req.Password, c.IP())
	return render(c, res, err)
}

func (h *Handler) logout(c *fiber.Ctx) error {
	if err := noBody(c); err != nil {
		return err
	}
	if err := h.Auth.Logout(c.UserContext()); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) me(c *fiber.Ctx) error {
	u, err := h.Auth.Me(c.UserContext())
	return render(c, u, err)
}
