// Package demo fills an empty store with a fictional school and its records
// over several statistical years, so that a new user sees a living system: 天津市
// 红星职业中等专业学校 (the Mali and Switzerland Luban Workshops' school) with its
// majors, students, teachers, partner enterprises, 1+X and skill assessments,
// placements, apprenticeships, order classes, teachers' enterprise practice,
// 双师型 recognitions and Luban activities, and a small second school
// (东丽区职业教育中心学校, Indonesia's) so that scoping is visible.
//
// Everything is generated from a seed with a fixed calendar, never from the
// clock: the same seed gives the same records (their ids aside). The records
// are written as the services would have written them, at the time they would
// have been: the demo runs the services' own code on its own clock. Small areas
// go through the services' methods one call at a time; students, assessment
// batches, placements and teachers' practice, thousands of records or
// operations each, go through the services' replays and bulk writes, which run
// the same code without a query per record. Every write is audited.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"golang.org/x/crypto/bcrypt"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// LastYear is the demo's last statistical year: its calendar ends on 31
// August 2026.
const LastYear = 2025

// DefaultPassword is every demo user's password unless Options say otherwise.
// It meets the accounts' rule (8 to 72 characters, a letter and a digit).
const DefaultPassword = "chanjiao-demo1"

// Options choose what the demo generates.
type Options struct {
	Seed     uint64 // the same seed gives the same records
	Password string // of every demo user; DefaultPassword when empty
	// Years is how many statistical years up to LastYear are filled (3:
	// 2023–2025). Entry cohorts start two years earlier, so that the first
	// year has all three grades.
	Years int
	// Scale multiplies the number of classes, hence of students and of what
	// follows them (assessments, placements); 1 when zero.
	Scale int
	// District adds that many more schools like 红星 (红星一分校, 二分校 …, with
	// their own students, teachers, pilots, placements and practice) to the two,
	// so that a benchmark can grow the store while one school's records stay
	// the same; 0 loads the demo as it is.
	District   int
	BcryptCost int          // of the users' password hashes; bcrypt.DefaultCost when zero
	Log        *slog.Logger // each step's time at debug level; nothing when nil
}

func (o Options) withDefaults() Options {
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.Years <= 0 {
		o.Years = 3
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	if o.BcryptCost == 0 {
		o.BcryptCost = bcrypt.DefaultCost
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// ErrNotEmpty refuses to load into a store that already has a school: the
// demo is for a first start, never mixed with real records.
var ErrNotEmpty = errors.New("demo: the store already has a school")

// Load fills st, which must have no school yet (ErrNotEmpty), with the demo.
// It runs the start-up seeds itself (certificate catalogue, rule set, Luban
// Workshops), which do nothing when already run.
func Load(ctx context.Context, st *store.Store, opts Options) (*Summary, error) {
	started := time.Now()
	opts = opts.withDefaults()
	if n, err := st.Collection(store.Schools).Count(ctx, bson.D{}); err != nil || n > 0 {
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		return nil, ErrNotEmpty
	}
	g := newGen(ctx, st, opts)
	for _, step := range g.steps() {
		began := time.Now()
		if err := step.run(); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", step.name, err)
		}
		opts.Log.Debug("demo step done", "step", step.name, "took", time.Since(began).Round(time.Millisecond).String())
	}
	g.sum.Took = time.Since(started)
	return &g.sum, nil
}

type step struct {
	name string
	run  func() error
}

// steps are the areas in the order their records depend on each other.
func (g *gen) steps() []step {
	return []step{
		{"schools", g.schools}, {"seeds", g.seeds}, {"majors", g.majors}, {"enterprises", g.enterprises},
		{"users", g.users}, {"teachers", g.teachers}, {"students", g.students},
		{"catalogue", g.catalogue}, {"pilots", g.pilots}, {"trainings", g.trainings}, {"assessments", g.assessments},
		{"apprenticeships", g.apprenticeships}, {"order classes", g.orderClasses}, {"placements", g.placements},
		{"practice", g.practice}, {"recognitions", g.recognitions}, {"luban", g.luban},
	}
}

// Summary counts what a load wrote.
type Summary struct {
	Took                                   time.Duration
	FirstYear, LastYear                    int // the statistical years filled
	Schools, Users, Majors, Enterprises    int
	Teachers, Students, Graduates          int
	Pilots, Trainings, Batches, Candidates int
	Programmes, Contracts, OrderClasses    int
	Placements, Positions, Weeks           int
	Practices, Recognitions, Activities    int
	// UserNames are the demo users, each with what it is for.
	UserNames []string

	mainSchool, secondSchool bson.ObjectID
}

// MainSchool is the id of 天津市红星职业中等专业学校 as loaded.
func (s *Summary) MainSchool() bson.ObjectID { return s.mainSchool }

// SecondSchool is the id of 天津市东丽区职业教育中心学校 as loaded.
func (s *Summary) SecondSchool() bson.ObjectID { return s.secondSchool }

// String is the one line the server logs after a load.
func (s *Summary) String() string {
	return fmt.Sprintf("demo loaded in %.1fs: statistical years %d–%d, %d schools, %d students (%d graduated), %d teachers, %d enterprises, "+
		"%d assessment batches with %d candidates, %d placements (%d 岗位实习, %d confirmed weeks), %d apprenticeship contracts, %d order classes, "+
		"%d teacher practice records, %d 双师型 recognitions, %d Luban activities, %d users",
		s.Took.Seconds(), s.FirstYear, s.LastYear, s.Schools, s.Students, s.Graduates, s.Teachers, s.Enterprises,
		s.Batches, s.Candidates, s.Placements, s.Positions, s.Weeks, s.Contracts, s.OrderClasses,
		s.Practices, s.Recognitions, s.Activities, s.Users)
}

// principal is the demo's own caller: "demo" with a role, acting for a school
// or an enterprise; it has no account.
func principal(role models.Role, school bson.ObjectID) *models.Principal {
	return &models.Principal{Username: "demo", Role: role, SchoolID: school}
}
