// Package api is the /api/v1 JSON surface: a route table, thin handlers that parse,
// call one service method and render, and the one error mapping.
package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/certs"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/report"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Handler holds the services the API calls.
type Handler struct {
	Store       *store.Store
	Auth        *auth.Service
	Audit       *audit.Log
	Schools     *schools.Service
	People      *people.Service
	Enterprises *enterprises.Service
	Certs       *certs.Service
	Figures     *figures.Service
	Rules       *rules.Service // placement rule sets
	Placements  *placements.Service
	Cohorts     *cohorts.Service  // apprenticeship programmes and contracts, order classes
	Practice    *practice.Service // teachers' enterprise practice and 双师型 recognitions
	Luban       *luban.Service    // Luban Workshops and their activities
	Report      *report.Service   // the annual report and its snapshots
	// Metrics counts requests (NewApp), imports and reports; nil counts nothing.
	Metrics *metrics.Metrics
}

// Register mounts the health checks and /api/v1 on app.
func (h *Handler) Register(app *fiber.App) {
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)

	v1 := app.Group("/api/v1")
	v1.Get("/openapi.json", h.openapi)
	v1.Post("/auth/login", h.login)

	v1.Use(h.authenticate)
	v1.Post("/auth/logout", h.logout)
	v1.Get("/auth/me", h.me)

	v1.Get("/schools", h.listSchools)
	v1.Post("/schools", h.createSchool)
	v1.Get("/schools/:id", h.getSchool)
	v1.Patch("/schools/:id", h.updateSchool)
	v1.Delete("/schools/:id", h.deleteSchool)

	v1.Get("/users", h.listUsers)
	v1.Post("/users", h.createUser)
	v1.Get("/users/:id", h.getUser)
	v1.Patch("/users/:id", h.updateUser)
	v1.Post("/users/:id/disable", h.disableUser)
	v1.Post("/users/:id/enable", h.enableUser)
	v1.Post("/users/:id/reset-password", h.resetPassword)

	v1.Get("/majors", h.listMajors)
	v1.Post("/majors", h.createMajor)
	v1.Get("/majors/:id", h.getMajor)
	v1.Patch("/majors/:id", h.updateMajor)
	v1.Delete("/majors/:id", h.deleteMajor)

	v1.Get("/students", h.listStudents)
	v1.Post("/students", h.createStudent)
	v1.Get("/students/:id", h.getStudent)
	v1.Patch("/students/:id", h.updateStudent)
	v1.Delete("/students/:id", h.deleteStudent)

	v1.Get("/teachers", h.listTeachers)
	v1.Post("/teachers", h.createTeacher)
	v1.Get("/teachers/:id", h.getTeacher)
	v1.Patch("/teachers/:id", h.updateTeacher)
	v1.Delete("/teachers/:id", h.deleteTeacher)

	v1.Get("/enterprises", h.listEnterprises)
	v1.Post("/enterprises", h.createEnterprise)
	v1.Get("/enterprises/:id", h.getEnterprise)
	v1.Patch("/enterprises/:id", h.updateEnterprise)
	v1.Delete("/enterprises/:id", h.deleteEnterprise)

	v1.Get("/cert-entries", h.listCertEntries)
	v1.Post("/cert-entries", h.createCertEntry)
	v1.Get("/cert-entries/:id", h.getCertEntry)
	v1.Patch("/cert-entries/:id", h.updateCertEntry)
	v1.Delete("/cert-entries/:id", h.deleteCertEntry)

	v1.Get("/pilots", h.listPilots)
	v1.Post("/pilots", h.createPilot)
	v1.Get("/pilots/:id", h.getPilot)
	v1.Patch("/pilots/:id", h.updatePilot)
	v1.Delete("/pilots/:id", h.deletePilot)

	v1.Get("/batches", h.listBatches)
	v1.Post("/batches", h.createBatch)
	v1.Get("/batches/:id", h.getBatch)
	v1.Patch("/batches/:id", h.updateBatch)
	v1.Delete("/batches/:id", h.deleteBatch)
	v1.Post("/batches/:id/candidates", h.registerCandidate)
	v1.Delete("/batches/:id/candidates/:candidateId", h.unregisterCandidate)
	v1.Put("/batches/:id/candidates/:candidateId/result", h.recordResult)

	v1.Get("/trainings", h.listTrainings)
	v1.Post("/trainings", h.createTraining)
	v1.Get("/trainings/:id", h.getTraining)
	v1.Patch("/trainings/:id", h.updateTraining)
	v1.Delete("/trainings/:id", h.deleteTraining)

	v1.Get("/placements", h.listPlacements)
	v1.Post("/placements", h.createPlacement)
	v1.Post("/placements/check", h.checkPlacementFields)
	v1.Get("/placements/:id", h.getPlacement)
	v1.Patch("/placements/:id", h.updatePlacement)
	v1.Delete("/placements/:id", h.deletePlacement)
	v1.Post("/placements/:id/check", h.checkPlacement)
	v1.Post("/placements/:id/activate", h.activatePlacement)
	v1.Post("/placements/:id/complete", h.completePlacement)
	v1.Post("/placements/:id/terminate", h.terminatePlacement)
	v1.Post("/placements/:id/suspend", h.suspendPlacement)
	v1.Post("/placements/:id/respond", h.respondPlacement)
	v1.Post("/placements/:id/mentor", h.namePlacementMentor)
	v1.Post("/placements/:id/weeks", h.confirmPlacementWeeks)
	v1.Post("/placements/:id/week-correction", h.correctPlacementWeek)
	v1.Post("/placements/:id/evaluation", h.evaluatePlacement)

	v1.Get("/apprenticeship-programmes", h.listProgrammes)
	v1.Post("/apprenticeship-programmes", h.createProgramme)
	v1.Get("/apprenticeship-programmes/:id", h.getProgramme)
	v1.Patch("/apprenticeship-programmes/:id", h.updateProgramme)
	v1.Delete("/apprenticeship-programmes/:id", h.deleteProgramme)

	v1.Get("/apprenticeship-contracts", h.listContracts)
	v1.Post("/apprenticeship-contracts", h.createContract)
	v1.Get("/apprenticeship-contracts/:id", h.getContract)
	v1.Patch("/apprenticeship-contracts/:id", h.updateContract)
	v1.Delete("/apprenticeship-contracts/:id", h.deleteContract)

	v1.Get("/order-classes", h.listOrderClasses)
	v1.Post("/order-classes", h.createOrderClass)
	v1.Get("/order-classes/:id", h.getOrderClass)
	v1.Patch("/order-classes/:id", h.updateOrderClass)
	v1.Delete("/order-classes/:id", h.deleteOrderClass)

	v1.Get("/teacher-practices", h.listPractices)
	v1.Post("/teacher-practices", h.createPractice)
	v1.Get("/teacher-practices/:id", h.getPractice)
	v1.Patch("/teacher-practices/:id", h.updatePractice)
	v1.Delete("/teacher-practices/:id", h.deletePractice)
	v1.Post("/teacher-practices/:id/confirm", h.confirmPractice)
	v1.Post("/teacher-practices/:id/approve", h.approvePractice)
	v1.Get("/practice-warnings", h.practiceWarnings)
	v1.Get("/teachers/:id/practice-standing", h.practiceStanding)

	v1.Get("/dual-recognitions", h.listRecognitions)
	v1.Post("/dual-recognitions", h.createRecognition)
	v1.Get("/dual-recognitions/:id", h.getRecognition)
	v1.Patch("/dual-recognitions/:id", h.updateRecognition)
	v1.Delete("/dual-recognitions/:id", h.deleteRecognition)

	v1.Get("/luban-workshops", h.listWorkshops)
	v1.Post("/luban-workshops", h.createWorkshop)
	v1.Get("/luban-workshops/:id", h.getWorkshop)
	v1.Patch("/luban-workshops/:id", h.updateWorkshop)
	v1.Delete("/luban-workshops/:id", h.deleteWorkshop)
	v1.Get("/luban-workshops/:id/summary", h.workshopSummary)
	v1.Get("/luban-activities", h.listActivities)
	v1.Post("/luban-activities", h.createActivity)
	v1.Get("/luban-activities/:id", h.getActivity)
	v1.Patch("/luban-activities/:id", h.updateActivity)
	v1.Delete("/luban-activities/:id", h.deleteActivity)

	v1.Get("/rule-sets", h.listRuleSets)
	v1.Post("/rule-sets", h.createRuleSet)
	v1.Get("/rule-sets/:version", h.getRuleSet)

	v1.Get("/figures", h.getFigures)
	v1.Get("/figures/:id/records", h.listFigureRecords)
	v1.Get("/annual-report", h.annualReport)

	v1.Get("/snapshots", h.listSnapshots)
	v1.Post("/snapshots", h.prepareSnapshot)
	v1.Post("/snapshots/verify", h.verifyWorkbook)
	v1.Get("/snapshots/:id", h.getSnapshot)
	v1.Delete("/snapshots/:id", h.deleteSnapshot)
	v1.Post("/snapshots/:id/approve", h.approveSnapshot)
	v1.Post("/snapshots/:id/return", h.returnSnapshot)
	v1.Get("/snapshots/:id/drift", h.snapshotDrift)
	v1.Get("/snapshots/:id/export.xlsx", h.snapshotWorkbook)
	v1.Get("/snapshots/:id/figures/:figure/records", h.snapshotRecords)

	v1.Get("/audit-log", h.listAuditLog)

	v1.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

// authenticate puts the bearer token's principal into the user context.
func (h *Handler) authenticate(c *fiber.Ctx) error {
	token := bearer(c)
	if token == "" {
		return models.ErrUnauthorized
	}
	p, err := h.Auth.Authenticate(c.UserContext(), token)
	if err != nil {
		return err
	}
	ctx := models.WithPrincipal(c.UserContext(), p)
	c.SetUserContext(models.WithLogger(ctx, models.LoggerFrom(ctx).With("user", p.Username)))
	return c.Next()
}

func (h *Handler) healthz(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok"}) }

// readyTimeout bounds the readiness ping: a store that does not answer within
// it is not ready, whatever the driver's own timeouts.
const readyTimeout = 2 * time.Second

// readyz pings the store, so that a load balancer stops sending requests while
// the database is gone; the ping also makes the driver look for a returning
// store at once (services/store/health.go).
func (h *Handler) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
	defer cancel()
	if err := h.Store.Ping(ctx); err != nil {
		models.LoggerFrom(c.UserContext()).Warn("not ready", "err", err.Error())
		return c.Status(fiber.StatusServiceUnavailable).JSON(ErrorBody{Error: ErrorDetail{Code: "not_ready", Message: "数据库不可用"}})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

// Option changes how NewHandler wires the services.
type Option func(*options)

type options struct {
	practice practice.Requirement
	metrics  *metrics.Metrics
}

// WithPracticeRequirement sets the 5-year rule's requirement (default:
// practice.DefaultRequirement).
func WithPracticeRequirement(r practice.Requirement) Option {
	return func(o *options) { o.practice = r }
}

// WithMetrics counts requests, imports and reports on m (default: nothing is
// counted). The store's commands are counted by the monitor given to the store.
func WithMetrics(m *metrics.Metrics) Option {
	return func(o *options) { o.metrics = m }
}

// NewHandler wires the services on s.
func NewHandler(s *store.Store, now func() time.Time, authCfg auth.Config, opts ...Option) *Handler {
	o := options{practice: practice.DefaultRequirement()}
	for _, opt := range opts {
		opt(&o)
	}
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	rs := rules.New(s, a, now)
	reg := figures.NewRegistry()
	reg.Register(certs.NewFigures(s, pp, now))
	co := cohorts.New(s, a, v, sc, pp, ent, now)
	cohortFigures := cohorts.NewFigures(s, pp, now)
	tep := practice.New(s, a, v, sc, pp, ent, o.practice, now)
	tepFigures := practice.NewFigures(tep, now)
	pl := placements.New(s, a, v, sc, pp, ent, rs, co, now)
	reg.Register(placements.NewFigures(pl, placements.FigureOptions{Partners: []figures.PartnerSource{cohortFigures.Partners, tepFigures.Partners}}, now))
	reg.Register(cohortFigures)
	reg.Register(tepFigures)
	lw := luban.New(s, a, v, sc, pp, now)
	reg.Register(luban.NewFigures(lw, now))
	fig := figures.New(reg, now)
	fig.Metrics = o.metrics
	rep := report.New(s, a, fig, sc, pp, now)
	rep.Metrics = o.metrics
	return &Handler{
		Store: s, Audit: a, Schools: sc, Enterprises: ent, People: pp,
		Auth:       auth.New(s, a, v, sc, ent, now, authCfg),
		Certs:      certs.New(s, a, v, sc, pp, now),
		Figures:    fig,
		Report:     rep,
		Rules:      rs,
		Cohorts:    co,
		Practice:   tep,
		Luban:      lw,
		Placements: pl,
		Metrics:    o.metrics,
	}
}

// NewApp builds the Fiber app with the middleware chain of architecture.md.
func NewApp(h *Handler, opts AppOptions) *fiber.App {
	app := fiber.New(fiber.Config{
		ErrorHandler:          opts.errorHandler(),
		DisableStartupMessage: true,
		BodyLimit:             opts.BodyLimit,
		ReadTimeout:           opts.ReadTimeout,
		WriteTimeout:          opts.WriteTimeout,
		IdleTimeout:           opts.IdleTimeout,
		AppName:               "chanjiao",
	})
	app.Use(RequestContext(opts.Logger))
	if h.Metrics != nil {
		// Outside the access log, which hands errors to the error handler: the
		// status counted is the one sent.
		app.Use(Measure(h.Metrics))
	}
	app.Use(AccessLog(), Recover(), SecurityHeaders())
	h.Register(app)
	// Metrics are served on a loopback listener of their own (cmd/server,
	// METRICS_ADDR), never here: the public app answers 404, signed in or not,
	// instead of the pages' redirect to the login.
	app.All("/metrics", func(*fiber.Ctx) error { return fiber.ErrNotFound })
	if opts.Pages != nil {
		opts.Pages(app)
	}
	return app
}

// AppOptions are the HTTP server's limits and logger.
type AppOptions struct {
	Logger       *slog.Logger
	BodyLimit    int
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// ErrorHandler replaces HandleError (the pages render error pages and hand
	// API paths back to HandleError).
	ErrorHandler fiber.ErrorHandler
	// Pages, when set, mounts the web pages after the API.
	Pages func(*fiber.App)
}

func (o AppOptions) errorHandler() fiber.ErrorHandler {
	if o.ErrorHandler != nil {
		return o.ErrorHandler
	}
	return HandleError
}
