package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

const (
	sessionCookie = "cj_session"
	csrfCookie    = "cj_csrf" // before login only: double-submit token for the login form
	flashCookie   = "cj_flash"
)

// session resolves the session cookie to a principal, exactly as a bearer token is.
func (w *Handler) session(c *fiber.Ctx) error {
	if isAPI(c.Path()) || len(c.Path()) > 7 && c.Path()[:8] == "/static/" {
		return c.Next()
	}
	if tok := c.Cookies(sessionCookie); tok != "" {
		if p, err := w.Auth.Authenticate(c.UserContext(), tok); err == nil {
			c.SetUserContext(models.WithPrincipal(c.UserContext(), p))
		} else {
			clearCookie(c, sessionCookie)
		}
	}
	return c.Next()
}

func (w *Handler) requireLogin(c *fiber.Ctx) error {
	if _, err := models.PrincipalFrom(c.UserContext()); err != nil {
		return c.Redirect("/login")
	}
	return c.Next()
}

// csrfToken is the form token: derived from the secret session token for a logged-in
// user (so it needs no storage), or the pre-login cookie's random value.
func csrfToken(c *fiber.Ctx) string {
	if tok := c.Cookies(sessionCookie); tok != "" {
		if _, err := models.PrincipalFrom(c.UserContext()); err == nil {
			sum := sha256.Sum256([]byte("csrf|" + tok))
			return base64.RawURLEncoding.EncodeToString(sum[:18])
		}
	}
	v := c.Cookies(csrfCookie)
	if v == "" {
		b := make([]byte, 18)
		_, _ = rand.Read(b)
		v = base64.RawURLEncoding.EncodeToString(b)
		setCookie(c, csrfCookie, v, time.Hour)
		c.Request().Header.SetCookie(csrfCookie, v)
	}
	return v
}

// csrf refuses a form post whose _csrf field does not match (403).
func (w *Handler) csrf(c *fiber.Ctx) error {
	got := c.FormValue("_csrf")
	want := csrfToken(c)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fiber.NewError(fiber.StatusForbidden, "表单已过期或来源不明，请刷新页面后重试")
	}
	return c.Next()
}

func setCookie(c *fiber.Ctx, name, value string, ttl time.Duration) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: c.Secure(), Expires: time.Now().Add(ttl),
	})
}

func clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: c.Secure(), Expires: time.Unix(0, 0)})
}

// flash keeps a one-time message for the page after a redirect.
func flash(c *fiber.Ctx, msg string) {
	setCookie(c, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(msg)), time.Minute)
}

func takeFlash(c *fiber.Ctx) string {
	v := c.Cookies(flashCookie)
	if v == "" {
		return ""
	}
	clearCookie(c, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return ""
	}
	return string(b)
}
