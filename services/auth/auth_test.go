package auth_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"golang.org/x/crypto/bcrypt"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T) (*auth.Service, *clock) {
	t.Helper()
	s := storetest.Open(t)
	c := &clock{time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
	v := validate.New(c.now)
	a := audit.New(s, c.now)
	sc := schools.New(s, a, v, c.now)
	ent := enterprises.New(s, a, v, c.now)
	cfg := auth.Config{SessionTTL: time.Hour, BcryptCost: bcrypt.MinCost, AccountFails: 3, IPFails: 5, FailWindow: time.Minute}
	return auth.New(s, a, v, sc, ent, c.now, cfg), c
}

func TestBootstrap(t *testing.T) {
	svc, _ := setup(t)
	ctx := context.Background()
	pw, err := svc.Bootstrap(ctx, "admin", "")
	if err != nil || len(pw) < 8 {
		t.Fatalf("generated %q, %v", pw, err)
	}
	if _, err := svc.Login(ctx, "admin", pw, "1.1.1.1"); err != nil {
		t.Fatalf("login with generated password: %v", err)
	}
	again, err := svc.Bootstrap(ctx, "admin2", "")
	if err != nil || again != "" {
		t.Fatalf("second bootstrap = %q, %v; want nothing done", again, err)
	}
	if _, err := svc.Login(ctx, "admin2", "whatever1", "1.1.1.1"); !errors.Is(err, models.ErrBadCredentials) {
		t.Fatalf("admin2 exists: %v", err)
	}
}

func TestLoginSessionsAndExpiry(t *testing.T) {
	svc, c := setup(t)
	ctx := context.Background()
	if _, err := svc.Bootstrap(ctx, "admin", "Admin12345"); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Login(ctx, "admin", "Admin12345", "1.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, res.Token)
	if err != nil || p.Role != models.RoleSystemAdmin {
		t.Fatalf("principal = %+v, %v", p, err)
	}
	t.Run("ErrTamperedToken", func(t *testing.T) {
		bad := res.Token[:len(res.Token)-2] + "xx"
		if _, err := svc.Authenticate(ctx, bad); !errors.Is(err, models.ErrUnauthorized) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		c.t = c.t.Add(time.Hour)
		defer func() { c.t = c.t.Add(-time.Hour) }()
		if _, err := svc.Authenticate(ctx, res.Token); !errors.Is(err, models.ErrUnauthorized) {
			t.Fatalf("err = %v", err)
		}
		if n, err := svc.PurgeExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("purged %d, %v", n, err)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	svc, c := setup(t)
	ctx := context.Background()
	if _, err := svc.Bootstrap(ctx, "admin", "Admin12345"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := svc.Login(ctx, "admin", "wrong1234", "1.1.1.1"); !errors.Is(err, models.ErrBadCredentials) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if _, err := svc.Login(ctx, "admin", "Admin12345", "2.2.2.2"); !errors.Is(err, models.ErrTooManyAttempts) {
		t.Fatalf("4th attempt from another address: %v, want ErrTooManyAttempts (per account)", err)
	}
	c.t = c.t.Add(time.Minute)
	if _, err := svc.Login(ctx, "admin", "Admin12345", "2.2.2.2"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	t.Run("PerAddress", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			_, _ = svc.Login(ctx, "nobody"+string(rune('a'+i)), "wrong1234", "3.3.3.3")
		}
		if _, err := svc.Login(ctx, "admin", "Admin12345", "3.3.3.3"); !errors.Is(err, models.ErrTooManyAttempts) {
			t.Fatalf("err = %v, want ErrTooManyAttempts (per address)", err)
		}
	})
}

func TestUserRoleScopeRules(t *testing.T) {
	svc, _ := setup(t)
	admin := models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "admin", Role: models.RoleSystemAdmin})
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		f     models.UserFields
		field string
	}{
		{"ErrOfficeWithoutSchool", models.UserFields{Username: str("o1"), Password: str("Passw0rd1"), Role: str("office_staff")}, "schoolId"},
		{"ErrOfficeUnknownSchool", models.UserFields{Username: str("o2"), Password: str("Passw0rd1"), Role: str("office_staff"), SchoolID: str(bson.NewObjectID().Hex())}, "schoolId"},
		{"ErrAuditorWithoutSchools", models.UserFields{Username: str("a1"), Password: str("Passw0rd1"), Role: str("auditor")}, "schoolIds"},
		{"ErrEnterpriseWithoutEnterprise", models.UserFields{Username: str("e1"), Password: str("Passw0rd1"), Role: str("enterprise")}, "enterpriseId"},
		{"ErrWeakPassword", models.UserFields{Username: str("s1"), Password: str("password"), Role: str("system_admin")}, "password"},
		{"ErrNoPassword", models.UserFields{Username: str("s2"), Role: str("system_admin")}, "password"},
		{"ErrUnknownRole", models.UserFields{Username: str("s3"), Password: str("Passw0rd1"), Role: str("root")}, "role"},
		{"ErrUsernameShape", models.UserFields{Username: str("有 空格"), Password: str("Passw0rd1"), Role: str("system_admin")}, "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.CreateUser(admin, tt.f)
			var ve *models.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want a message on %s", err, tt.field)
			}
		})
	}
}

func TestLimiterWindowEdges(t *testing.T) {
	l := auth.NewLimiter(2, time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.Fail("k", t0)
	l.Fail("k", t0.Add(30*time.Second))
	if !l.Blocked("k", t0.Add(59*time.Second)) {
		t.Fatal("not blocked inside the window")
	}
	if l.Blocked("k", t0.Add(time.Minute)) {
		t.Fatal("still blocked when the first failure left the window")
	}
	l.Reset("k")
	if l.Blocked("k", t0.Add(61*time.Second)) {
		t.Fatal("blocked after reset")
	}
}
