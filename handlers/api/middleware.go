package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/metrics"
)

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// RequestContext gives every request an id (the caller's X-Request-ID when sane)
// and a logger that names it, both in the user context services receive.
func RequestContext(base *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Get(fiber.HeaderXRequestID)
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(fiber.HeaderXRequestID, id)
		ctx := models.WithRequestID(c.UserContext(), id)
		c.SetUserContext(models.WithLogger(ctx, base.With("requestId", id)))
		return c.Next()
	}
}

// idLike matches what may be a resident ID number in a logged URL.
var idLike = regexp.MustCompile(`\d{6}(\d{8})\d{3}[\dXx]`)

// MaskLogText hides anything shaped like an ID number, so no log line carries one.
func MaskLogText(s string) string {
	return idLike.ReplaceAllStringFunc(s, models.MaskIDNumber)
}

// AccessLog writes one line per request after it is handled.
func AccessLog() fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		log := models.LoggerFrom(c.UserContext())
		attrs := []any{
			"method", c.Method(), "path", MaskLogText(string(c.Request().URI().RequestURI())),
			"status", c.Response().StatusCode(), "durationMs", time.Since(start).Milliseconds(), "ip", c.IP(),
		}
		if p, perr := models.PrincipalFrom(c.UserContext()); perr == nil {
			attrs = append(attrs, "user", p.Username)
		}
		log.Info("request", attrs...)
		return nil
	}
}

// Measure counts each request and its duration under its route template
// (c.Route().Path after routing: /api/v1/students/:id, never the URL, so no id
// or personal data becomes a label) and the status sent. A request no route
// answered counts under the last middleware it passed ("/", "/api/v1").
func Measure(m *metrics.Metrics) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		m.ObserveRequest(c.Method(), routeLabel(c), c.Response().StatusCode(), time.Since(start))
		return err
	}
}

// routeLabel is the template of the route that answered. Fiber falls back to
// the raw path for a context that never matched a route; that never reaches a
// label.
func routeLabel(c *fiber.Ctx) string {
	r := c.Route()
	if len(r.Handlers) == 0 {
		return "unmatched"
	}
	return r.Path
}

// Recover turns a panic into a 500 and logs its stack.
func Recover() fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				models.LoggerFrom(c.UserContext()).Error("panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return c.Next()
	}
}

// SecurityHeaders sets conservative headers on every answer.
func SecurityHeaders() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("X-Frame-Options", "DENY")
		c.Set("Referrer-Policy", "same-origin")
		c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
		if strings.HasPrefix(c.Path(), "/api/") {
			c.Set("Cache-Control", "no-store")
		}
		return c.Next()
	}
}

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(c *fiber.Ctx) string {
	h := c.Get(fiber.HeaderAuthorization)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
