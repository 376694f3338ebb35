package rules_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// clock advances a second per call, so that sets created one after the other
// have distinct creation times.
func clock() func() time.Time {
	t := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Second); return t }
}

func as(role models.Role) context.Context {
	return models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: string(role), Role: role, SchoolID: schoolA})
}

func str(s string) *string { return &s }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type env struct {
	rules *rules.Service
	audit *audit.Log
}

func setup(t *testing.T) env {
	t.Helper()
	s := storetest.Open(t)
	now := clock()
	a := audit.New(s, now)
	e := env{rules: rules.New(s, a, now), audit: a}
	must(t, e.rules.Seed(context.Background()))
	return e
}

func TestSeed(t *testing.T) {
	e := setup(t)
	admin := as(models.RoleSystemAdmin)
	t.Run("OK 2021.1 with the defaults", func(t *testing.T) {
		page, err := e.rules.FindRuleSets(as(models.RoleOfficeStaff), models.RuleSetFilter{})
		must(t, err)
		if page.Total != 1 {
			t.Fatalf("total = %d", page.Total)
		}
		rs := page.Items[0]
		p := rules.Params(rs.Params)
		if rs.Version != "2021.1" || rs.EffectiveFrom.String() != "2021-12-31" || rs.Source == "" ||
			p.Int("minAge") != 16 || p.Float("unitCapPct") != 10 || p.Float("payFloorPct") != 80 || p.Bool("consentAdultExempt") ||
			p.String("nightStart") != "22:00" || !slices.Contains(p.List("minorProhibitedPosts"), "高处作业") {
			t.Fatalf("seeded = %+v", rs)
		}
	})
	t.Run("OK idempotent", func(t *testing.T) {
		must(t, e.rules.Seed(context.Background()))
		must(t, e.rules.Seed(admin)) // a caller's principal does not become the actor
		all, err := e.rules.AllRuleSets(context.Background())
		must(t, err)
		if len(all) != 1 {
			t.Fatalf("sets = %d", len(all))
		}
	})
	t.Run("OK audited as system", func(t *testing.T) {
		log, err := e.audit.FindEntries(admin, models.AuditFilter{Entity: "rule_set"})
		must(t, err)
		if log.Total != 1 || log.Items[0].ActorName != "system" || log.Items[0].Action != models.ActionCreate {
			t.Fatalf("audit = %+v", log.Items)
		}
	})
}

func TestCreateRuleSet(t *testing.T) {
	e := setup(t)
	admin := as(models.RoleOfficeAdmin)
	next := models.RuleSetFields{Version: str("2021.2"), EffectiveFrom: str("2027-01-01"), Source: str("区教育局2026年12月通知"),
		Params: map[string]any{"unitCapPct": 5.0, "minorProhibitedPosts": []any{"高处作业", " 冷库作业 ", "高处作业"}}}
	t.Run("OK new version, the rest from the set it follows", func(t *testing.T) {
		rs, err := e.rules.CreateRuleSet(admin, next)
		must(t, err)
		p := rules.Params(rs.Params)
		if p.Float("unitCapPct") != 5 || p.Int("minAge") != 16 || !slices.Equal(p.List("minorProhibitedPosts"), []string{"高处作业", "冷库作业"}) {
			t.Fatalf("params = %+v", rs.Params)
		}
		stored, err := e.rules.FindRuleSetByVersion(context.Background(), "2021.2")
		must(t, err)
		sp := rules.Params(stored.Params) // as decoded from the store
		if sp.Float("unitCapPct") != 5 || sp.Float("postCapPct") != 20 || !slices.Equal(sp.List("minorProhibitedPosts"), []string{"高处作业", "冷库作业"}) {
			t.Fatalf("stored = %+v", stored.Params)
		}
		log, err := e.audit.FindEntries(as(models.RoleSystemAdmin), models.AuditFilter{Entity: "rule_set"})
		must(t, err)
		if log.Total != 2 {
			t.Fatalf("audit entries = %d", log.Total)
		}
	})
	t.Run("ErrConflict versions are immutable", func(t *testing.T) {
		f := next
		f.Params = map[string]any{"unitCapPct": 50.0}
		_, err := e.rules.CreateRuleSet(admin, f)
		var ce *models.ConflictError
		if !errors.As(err, &ce) || ce.Field != "version" {
			t.Fatalf("err = %v", err)
		}
		stored, err := e.rules.FindRuleSetByVersion(context.Background(), "2021.2")
		must(t, err)
		if rules.Params(stored.Params).Float("unitCapPct") != 5 {
			t.Fatalf("changed: %+v", stored.Params)
		}
	})
	t.Run("ErrValidation names every field", func(t *testing.T) {
		_, err := e.rules.CreateRuleSet(admin, models.RuleSetFields{Version: str("v2"), EffectiveFrom: str("2027-02-30"),
			Params: map[string]any{"minAge": 16.5, "unitCapPct": 120.0, "nightEnd": "6点", "consentAdultExempt": "yes", "maxHours": 9.0, "femaleProhibitedPosts": "矿山"}})
		var ve *models.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err = %v", err)
		}
		for _, k := range []string{"version", "effectiveFrom", "source", "params.minAge", "params.unitCapPct", "params.nightEnd",
			"params.consentAdultExempt", "params.maxHours", "params.femaleProhibitedPosts"} {
			if ve.Fields[k] == "" {
				t.Errorf("no error on %s: %v", k, ve.Fields)
			}
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		for _, role := range []models.Role{models.RoleOfficeStaff, models.RoleEnterprise, models.RoleAuditor} {
			f := next
			f.Version = str("2021.3")
			if _, err := e.rules.CreateRuleSet(as(role), f); !errors.Is(err, models.ErrForbidden) {
				t.Errorf("%s: err = %v", role, err)
			}
		}
		if _, err := e.rules.FindRuleSets(context.Background(), models.RuleSetFilter{}); !errors.Is(err, models.ErrUnauthorized) {
			t.Errorf("no caller: err = %v", err)
		}
	})
}

func TestRuleSetFor(t *testing.T) {
	e := setup(t)
	admin := as(models.RoleSystemAdmin)
	_, err := e.rules.CreateRuleSet(admin, models.RuleSetFields{Version: str("2021.2"), EffectiveFrom: str("2027-01-01"), Source: str("通知"),
		Params: map[string]any{"unitCapPct": 5.0}})
	must(t, err)
	tests := []struct{ on, want string }{
		{"2021-12-31", "2021.1"}, {"2026-06-01", "2021.1"}, {"2026-12-31", "2021.1"}, {"2027-01-01", "2021.2"}, {"2030-01-01", "2021.2"},
	}
	for _, tt := range tests {
		rs, err := e.rules.RuleSetFor(context.Background(), day(tt.on))
		must(t, err)
		if rs.Version != tt.want {
			t.Errorf("RuleSetFor(%s) = %s, want %s", tt.on, rs.Version, tt.want)
		}
	}
	t.Run("ErrNoneInEffect", func(t *testing.T) {
		_, err := e.rules.RuleSetFor(context.Background(), day("2021-12-30"))
		var ve *models.ValidationError
		if !errors.As(err, &ve) || ve.Fields["startDate"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("OK same date: the one created last", func(t *testing.T) {
		_, err := e.rules.CreateRuleSet(admin, models.RuleSetFields{Version: str("2021.3"), EffectiveFrom: str("2027-01-01"), Source: str("更正"),
			Params: map[string]any{"unitCapPct": 6.0}})
		must(t, err)
		rs, err := e.rules.RuleSetFor(context.Background(), day("2027-03-01"))
		must(t, err)
		if rs.Version != "2021.3" || rules.Params(rs.Params).Float("unitCapPct") != 6 {
			t.Fatalf("got %s %v", rs.Version, rs.Params["unitCapPct"])
		}
	})
}

// TestStoredVerdict: a placement checked under 2021.1 keeps its verdict when a
// later version tightens a parameter; the stored version reproduces it.
func TestStoredVerdict(t *testing.T) {
	e := setup(t)
	admin := as(models.RoleSystemAdmin)
	c := good()
	c.Others = others(6, schoolB, "装配工", "2026-03-02", "2026-06-30") // 7 of 100 staff
	old, err := e.rules.RuleSetFor(context.Background(), c.Placement.StartDate)
	must(t, err)
	verdictThen := rules.Check(*old, c)
	if len(verdictThen) != 0 {
		t.Fatalf("findings under 2021.1 = %+v", verdictThen)
	}
	c.Placement.RuleSetVersion = old.Version
	c.Placement.Checks = []models.PlacementCheck{{ID: bson.NewObjectID(), RuleSetVersion: old.Version, Findings: verdictThen}}

	_, err = e.rules.CreateRuleSet(admin, models.RuleSetFields{Version: str("2026.1"), EffectiveFrom: str("2026-01-01"), Source: str("收紧比例"),
		Params: map[string]any{"unitCapPct": 5.0}})
	must(t, err)
	now, err := e.rules.RuleSetFor(context.Background(), c.Placement.StartDate)
	must(t, err)
	if now.Version != "2026.1" || verdict(rules.Check(*now, c), "INT-12") != models.SeverityWarn {
		t.Fatalf("the new set in effect on the start should warn: %s", now.Version)
	}
	stored, err := e.rules.FindRuleSetByVersion(context.Background(), c.Placement.RuleSetVersion)
	must(t, err)
	if again := rules.Check(*stored, c); len(again) != len(c.Placement.LastCheck().Findings) {
		t.Fatalf("re-check under the stored version = %+v, want %+v", again, c.Placement.LastCheck().Findings)
	}
}
