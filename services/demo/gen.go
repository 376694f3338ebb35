package demo

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/certs"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// clock is the demo's time: its services read it, and the demo sets it to
// when each operation happens, so that every stored time is the calendar's,
// never the machine's.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// services are the areas' services, wired as the server wires them but on the
// demo's clock.
type services struct {
	schools     *schools.Service
	people      *people.Service
	enterprises *enterprises.Service
	auth        *auth.Service
	certs       *certs.Service
	rules       *rules.Service
	cohorts     *cohorts.Service
	placements  *placements.Service
	practice    *practice.Service
	luban       *luban.Service
}

func newServices(st *store.Store, c *clock, bcryptCost int) *services {
	now := c.now
	v := validate.New(now)
	a := audit.New(st, now)
	sc := schools.New(st, a, v, now)
	ent := enterprises.New(st, a, v, now)
	pp := people.New(st, a, v, sc, ent, now)
	rs := rules.New(st, a, now)
	co := cohorts.New(st, a, v, sc, pp, ent, now)
	cfg := auth.DefaultConfig()
	cfg.BcryptCost = bcryptCost
	return &services{
		schools: sc, people: pp, enterprises: ent, rules: rs, cohorts: co,
		auth:       auth.New(st, a, v, sc, ent, now, cfg),
		certs:      certs.New(st, a, v, sc, pp, now),
		placements: placements.New(st, a, v, sc, pp, ent, rs, co, now),
		practice:   practice.New(st, a, v, sc, pp, ent, practice.DefaultRequirement(), now),
		luban:      luban.New(st, a, v, sc, pp, now),
	}
}

// gen is one load: the options, the clock, the services and what the steps
// have made so far for the steps after them.
type gen struct {
	ctx   context.Context
	opts  Options
	clock *clock
	svc   *services
	sum   Summary
	years []int // statistical years filled, oldest first

	system      *models.Principal // the demo acting as system admin
	main        *school           // 天津市红星职业中等专业学校
	second      *school           // 天津市东丽区职业教育中心学校
	all         []*school         // both, then Options.District copies of 红星
	firmByKey   map[string]*firm  // the enterprises by their key in firmSpecs
	portalUser  *models.Principal // ent1, the portal user of one enterprise
	portalFirm  *firm
	pilotList   []*pilot
	apprentices map[*student]*apprentice
	members     map[*student]*member
	practised   map[*teacher][]*models.Practice
}

func newGen(ctx context.Context, st *store.Store, opts Options) *gen {
	c := &clock{t: start(opts.Years)}
	g := &gen{ctx: ctx, opts: opts, clock: c, svc: newServices(st, c, opts.BcryptCost),
		system: principal(models.RoleSystemAdmin, bson.NilObjectID), firmByKey: map[string]*firm{}}
	for y := LastYear - opts.Years + 1; y <= LastYear; y++ {
		g.years = append(g.years, y)
	}
	g.sum.FirstYear, g.sum.LastYear = g.years[0], LastYear
	return g
}

// as is ctx with p as the caller.
func (g *gen) as(p *models.Principal) context.Context { return models.WithPrincipal(g.ctx, p) }

// at sets the clock to t and returns the caller's context.
func (g *gen) at(t time.Time, p *models.Principal) context.Context {
	g.clock.t = t
	return g.as(p)
}

// rand is the random source of one area of the load, derived from the seed
// and the area's name: areas draw independently, so a change in one leaves
// the others' records as they were.
func (g *gen) rand(area string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(area))
	return rand.New(rand.NewPCG(g.opts.Seed, h.Sum64()))
}

// firstCohort is the earliest entry year: the first statistical year's third
// grade.
func (g *gen) firstCohort() int { return g.years[0] - 2 }
