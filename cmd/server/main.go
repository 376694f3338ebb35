// Command server runs Chanjiao: the JSON API on MongoDB or, without MONGODB_URI,
// on the embedded store it starts itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/handlers/web"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/store"
)

func main() {
	cfg, err := ParseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	log := newLogger(cfg.LogLevel, os.Stdout)
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	m := &Main{Config: cfg, Log: log}
	if err := m.Run(ctx); err != nil {
		log.Error("server stopped", "err", err.Error())
		os.Exit(1)
	}
}

// Main is the whole program, so that a test can start and stop the real server.
type Main struct {
	Config Config
	Log    *slog.Logger
	Now    func() time.Time
	// Listener, when set, is used instead of listening on Config.Port (tests).
	Listener net.Listener
	// MetricsListener, when set, serves /metrics instead of a listener on
	// Config.MetricsAddr (tests).
	MetricsListener net.Listener

	store   *store.Store
	app     *fiber.App
	metrics *metrics.Metrics // nil when /metrics is off
}

// Open connects the store, creates indexes, builds the services and the app and
// makes sure a system admin exists and the certificate catalogue is not empty.
func (m *Main) Open(ctx context.Context) error {
	if m.Now == nil {
		m.Now = time.Now
	}
	if m.Config.MetricsAddr != "" || m.MetricsListener != nil {
		m.metrics = newMetrics()
	}
	s, err := store.Open(ctx, store.Config{URI: m.Config.MongoURI, DB: m.Config.MongoDB, DataDir: m.Config.DataDir, Logger: m.Log,
		Monitor: m.metrics.CommandMonitor()})
	if err != nil {
		return err
	}
	m.store = s
	m.metrics.WatchStore(s.Down)
	if err := s.EnsureIndexes(ctx); err != nil {
		return err
	}
	h := api.NewHandler(s, m.Now, auth.Config{SessionTTL: m.Config.SessionTTL, BcryptCost: 10, AccountFails: 5, IPFails: 20, FailWindow: 15 * time.Minute},
		api.WithPracticeRequirement(m.Config.practiceRequirement()), api.WithMetrics(m.metrics))
	generated, err := h.Auth.Bootstrap(ctx, m.Config.AdminUsername, m.Config.AdminPassword)
	if err != nil {
		return err
	}
	if generated != "" {
		// Printed once, on the first start only; change it after logging in.
		m.Log.Warn("created the system admin with a generated password", "username", m.Config.AdminUsername, "password", generated)
	}
	if err := h.Certs.Seed(ctx); err != nil {
		return err
	}
	if err := h.Rules.Seed(ctx); err != nil {
		return err
	}
	if err := h.Luban.Seed(ctx); err != nil {
		return err
	}
	if m.Config.Demo {
		if err := m.loadDemo(ctx); err != nil {
			return err
		}
	}
	started := m.Now()
	h.Placements.CheckDigests(ctx, func(fixed int, err error) {
		if err != nil {
			m.Log.Error("placement digests: check failed; the figures read them as they are", "err", err.Error())
			return
		}
		m.Log.Info("placement digests checked", "rewritten", fixed, "took", m.Now().Sub(started).String())
	})
	pages, err := web.New(h)
	if err != nil {
		return err
	}
	m.app = api.NewApp(h, api.AppOptions{Logger: m.Log, BodyLimit: 32 << 20,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorHandler: pages.HandleError, Pages: pages.Register})
	go m.purgeSessions(ctx, h.Auth)
	return nil
}

// Run opens everything, serves until ctx ends, then stops accepting, lets
// in-flight requests finish and closes the store.
func (m *Main) Run(ctx context.Context) error {
	m.Log.Info("starting", m.Config.LogAttrs()...)
	if err := m.Open(ctx); err != nil {
		m.Close()
		return err
	}
	defer m.Close()
	stopMetrics, err := m.serveMetrics()
	if err != nil {
		return err
	}
	defer stopMetrics()
	ln := m.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", ":"+strconv.Itoa(m.Config.Port)); err != nil {
			return err
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- m.app.Listener(ln) }()
	m.Log.Info("listening", "addr", ln.Addr().String(), "embeddedStore", m.store.Embedded)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	m.Log.Info("shutting down")
	if err := m.app.ShutdownWithTimeout(30 * time.Second); err != nil {
		m.Log.Error("shutdown", "err", err.Error())
	}
	return nil
}

// Close closes the store (and stops the embedded one).
func (m *Main) Close() {
	if m.store != nil {
		m.store.Close()
		m.store = nil
		m.Log.Info("store closed")
	}
}

// loadDemo fills an empty store with the demo school and says so, with the
// demo users and their password; a store with a school is left alone.
func (m *Main) loadDemo(ctx context.Context) error {
	sum, err := demo.Load(ctx, m.store, demo.Options{Seed: m.Config.DemoSeed, Password: m.Config.DemoPassword, Log: m.Log})
	if errors.Is(err, demo.ErrNotEmpty) {
		m.Log.Info("demo skipped: the store already has a school; starting normally")
		return nil
	}
	if err != nil {
		return err
	}
	m.Log.Info(sum.String())
	m.Log.Info("demo users, all with the demo password", "password", m.Config.DemoPassword, "users", strings.Join(sum.UserNames, "、"))
	return nil
}

func (m *Main) purgeSessions(ctx context.Context, a *auth.Service) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.PurgeExpiredSessions(ctx); err != nil {
				m.Log.Warn("purge sessions", "err", err.Error())
			} else if n > 0 {
				m.Log.Info("purged expired sessions", "count", n)
			}
		}
	}
}

// practiceRequirement is the 5-year rule with the configured days and warning,
// its source saying when the days differ from the national 6 months.
func (c Config) practiceRequirement() practice.Requirement {
	r := practice.DefaultRequirement()
	if c.PracticeDays == 0 { // a Config not read by ParseConfig (tests)
		return r
	}
	if c.PracticeDays != r.Days {
		r.Days = c.PracticeDays
		r.Source += fmt.Sprintf("；本系统按配置（PRACTICE_DAYS）要求%d天", c.PracticeDays)
	}
	r.WarnMonths = c.PracticeWarnMonths
	return r
}
