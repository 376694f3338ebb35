package api

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// OpenAPI is the hand-written OpenAPI 3 description of /api/v1; a test keeps it
// and the route table in step.
//
//go:embed openapi.json
var OpenAPI []byte

func (h *Handler) openapi(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(OpenAPI)
}
