package api_test

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/store"
)

// hangGuard is how long any request of the drill may take. It guards against a
// hang (the driver's 30 s operation timeout); it is not a performance target.
const hangGuard = 5 * time.Second

// TestStoreGoneDrill stops the database under a running app and starts it
// again (docs/reliability-store.md): readiness turns 503, requests fail at once
// with 503 and the documented error shape instead of hanging, and everything
// works again when the store is back, without restarting the app.
func TestStoreGoneDrill(t *testing.T) {
	if testing.Short() {
		t.Skip("the drill waits for the embedded store to stop (3 s)")
	}
	dir, addr := t.TempDir(), loopbackAddr(t)
	emb, err := store.StartEmbeddedOn(dir, addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			emb.Close()
		}
	})
	ctx := context.Background()
	s, err := store.Connect(ctx, emb.URI, "drill", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close) // before emb.Close: cleanups run last first
	if err := s.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	e := drillEnv(t, s)
	school := map[string]any{"code": "S001", "name": "第一职业学校", "district": "海淀区", "level": "secondary"}
	e.create(e.admin, "/api/v1/schools", school)
	e.must(200, "GET", "/readyz", "", nil)
	if got := e.listTotal("/api/v1/schools"); got != 1 {
		t.Fatalf("schools before the drill: %d, want 1", got)
	}

	t.Run("StoreGone", func(t *testing.T) {
		began := time.Now()
		emb.Close()
		stopped = true
		t.Logf("store stopped in %v (FerretDB waits 3 s for open connections)", time.Since(began).Round(time.Millisecond))
		e.t = t
		// The first request may meet a pooled connection the store closed (a
		// network error), the later ones the store known to be down: 503 both.
		for i := 0; i < 3; i++ {
			r := timed(t, e, "GET", "/api/v1/schools", e.admin, nil)
			checkError(t, r, 503, "unavailable")
			if got, want := r.body["error"].(map[string]any)["message"], models.ErrUnavailable.Error(); got != want {
				t.Errorf("message %q, want %q", got, want)
			}
		}
		school["code"], school["name"] = "S002", "第二职业学校"
		checkError(t, timed(t, e, "POST", "/api/v1/schools", e.admin, school), 503, "unavailable")
		waitStatus(t, e, "/readyz", 503, 10*time.Second)
		checkError(t, timed(t, e, "GET", "/readyz", "", nil), 503, "not_ready")
		if !s.Down() {
			t.Error("the store does not know it is down (chanjiao_store_up would say 1)")
		}
	})

	t.Run("StoreBack", func(t *testing.T) {
		began := time.Now()
		emb, err = store.StartEmbeddedOn(dir, addr, nil)
		if err != nil {
			t.Fatal(err)
		}
		stopped = false
		e.t = t
		// No readiness probe helps here: the driver's own heartbeat finds the
		// store again.
		waitStatus(t, e, "/api/v1/schools", 200, 15*time.Second)
		t.Logf("serving again %v after the restart", time.Since(began).Round(time.Millisecond))
		e.must(200, "GET", "/readyz", "", nil)
		if s.Down() {
			t.Error("the store still counts itself down")
		}
		if got := e.listTotal("/api/v1/schools"); got != 1 {
			t.Fatalf("schools after the drill: %d, want 1 (the data dir is the same)", got)
		}
		e.create(e.admin, "/api/v1/schools", school)
		if got := e.listTotal("/api/v1/schools"); got != 2 {
			t.Fatalf("schools after a write: %d, want 2", got)
		}
	})
}

// drillEnv is the app on s with the admin logged in; every request must answer
// within hangGuard (twice that fails it outright).
func drillEnv(t *testing.T, s *store.Store) *env {
	t.Helper()
	h := api.NewHandler(s, time.Now, auth.Config{SessionTTL: time.Hour, BcryptCost: bcrypt.MinCost,
		AccountFails: 5, IPFails: 50, FailWindow: time.Minute})
	app := api.NewApp(h, api.AppOptions{Logger: slog.New(slog.DiscardHandler), BodyLimit: 1 << 20})
	if _, err := h.Auth.Bootstrap(context.Background(), "admin", adminPassword); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, h: h, app: app, wait: 2 * hangGuard}
	e.admin = e.login("admin", adminPassword)
	return e
}

// timed sends a request that must answer within hangGuard.
func timed(t *testing.T, e *env, method, path, token string, body any) resp {
	t.Helper()
	began := time.Now()
	r := e.do(method, path, token, body)
	took := time.Since(began)
	if took > hangGuard {
		t.Errorf("%s %s took %v, want at most %v", method, path, took, hangGuard)
	}
	if testing.Verbose() {
		t.Logf("%s %s: %d in %v", method, path, r.status, took.Round(time.Millisecond))
	}
	return r
}

// waitStatus asks path as the admin until it answers status, each answer
// within hangGuard, for at most within.
func waitStatus(t *testing.T, e *env, path string, status int, within time.Duration) {
	t.Helper()
	began := time.Now()
	for {
		r := timed(t, e, "GET", path, e.admin, nil)
		if r.status == status {
			t.Logf("%s answered %d after %v", path, status, time.Since(began).Round(time.Millisecond))
			return
		}
		if time.Since(began) > within {
			t.Fatalf("%s still answers %d after %v, want %d: %s", path, r.status, within, status, short(r.raw))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// loopbackAddr is a free port on 127.0.0.1, for a store that must come back on
// the same address.
func loopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
