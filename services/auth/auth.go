// Package auth keeps accounts, roles and sessions: login with bcrypt-hashed
// passwords, random bearer tokens stored only as hashes, and the principal every
// other service scopes its queries by.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"golang.org/x/crypto/bcrypt"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Config tunes sessions, hashing and the login limits.
type Config struct {
	SessionTTL   time.Duration
	BcryptCost   int
	AccountFails int // failed logins per account per window
	IPFails      int // failed logins per client address per window
	FailWindow   time.Duration
}

// DefaultConfig is what the server runs with.
func DefaultConfig() Config {
	return Config{SessionTTL: 12 * time.Hour, BcryptCost: 10, AccountFails: 5, IPFails: 20, FailWindow: 15 * time.Minute}
}

// Service manages users and sessions.
type Service struct {
	users       *records.Repo[models.User, *models.User]
	sessions    *store.Collection
	audit       *audit.Log
	schools     *schools.Service
	enterprises *enterprises.Service
	v           *validate.Validator
	now         func() time.Time
	cfg         Config
	byAccount   *Limiter
	byIP        *Limiter
	dummyHash   []byte
}

// New returns the auth service and registers users as dependents of schools and
// enterprises.
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, ent *enterprises.Service, now func() time.Time, cfg Config) *Service {
	svc := &Service{
		users: &records.Repo[models.User, *models.User]{
			C: s.Collection(store.Users), Audit: a, Entity: "user", Now: now,
			Keys:   []store.UniqueKey{{Fields: []string{"username"}, Field: "username", Message: "用户名已被使用"}},
			School: func(u *models.User) bson.ObjectID { return u.SchoolID },
		},
		sessions: s.Collection(store.Sessions), audit: a, schools: sc, enterprises: ent, v: v, now: now, cfg: cfg,
		byAccount: NewLimiter(cfg.AccountFails, cfg.FailWindow),
		byIP:      NewLimiter(cfg.IPFails, cfg.FailWindow),
	}
	// Compared against when the user does not exist, so both answers take as long.
	svc.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("chanjiao-no-such-user"), cfg.BcryptCost)
	users := svc.users.C
	sc.AddDependent(records.Dependent{Label: "用户", Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return users.Count(ctx, bson.D{{Key: "$or", Value: bson.A{bson.D{{Key: "schoolId", Value: id}}, bson.D{{Key: "schoolIds", Value: id}}}}})
	}})
	ent.AddDependent(records.Dependent{Label: "企业用户", Count: func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return users.Count(ctx, bson.D{{Key: "enterpriseId", Value: id}})
	}})
	return svc
}

// Bootstrap creates the system admin when there are no users at all. With an empty
// password it generates one and returns it so the caller can print it once.
func (s *Service) Bootstrap(ctx context.Context, username, password string) (generated string, err error) {
	n, err := s.users.C.Count(ctx, bson.D{})
	if err != nil || n > 0 {
		return "", err
	}
	if password == "" {
		password, generated = randomPassword(), "yes"
	}
	u := &models.User{Username: username, DisplayName: "系统管理员", Role: models.RoleSystemAdmin}
	if err := s.setPassword(u, password); err != nil {
		return "", err
	}
	if err := s.v.Struct(u); err != nil {
		return "", fmt.Errorf("auth: bootstrap admin: %w", err)
	}
	system := &models.Principal{Username: "system"}
	if err := s.users.Insert(models.WithPrincipal(ctx, system), u); err != nil {
		return "", fmt.Errorf("auth: bootstrap admin: %w", err)
	}
	if generated != "" {
		return password, nil
	}
	return "", nil
}

// Login checks a user name and password and opens a session. Unknown users and
// wrong passwords get the same ErrBadCredentials; too many failures per account or
// per address give ErrTooManyAttempts; a disabled account ErrAccountDisabled.
func (s *Service) Login(ctx context.Context, username, password, ip string) (*models.LoginResult, error) {
	now := s.now()
	username = strings.TrimSpace(username)
	acct, addr := "u:"+strings.ToLower(username), "ip:"+ip
	if s.byAccount.Blocked(acct, now) || s.byIP.Blocked(addr, now) {
		return nil, models.ErrTooManyAttempts
	}
	u, err := s.users.Get(ctx, bson.D{{Key: "username", Value: username}})
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	hash := s.dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || u == nil {
		s.byAccount.Fail(acct, now)
		s.byIP.Fail(addr, now)
		return nil, models.ErrBadCredentials
	}
	if u.Disabled {
		return nil, models.ErrAccountDisabled
	}
	s.byAccount.Reset(acct)
	return s.openSession(ctx, u, ip)
}

func (s *Service) openSession(ctx context.Context, u *models.User, ip string) (*models.LoginResult, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("auth: token: %w", err)
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	sess := models.Session{ID: bson.NewObjectID(), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL), IP: ip}
	sum := sha256.Sum256(secret)
	sess.TokenHash = sum[:]
	if err := s.sessions.InsertOne(ctx, sess); err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	actor := principalOf(u, sess.ID)
	ev := audit.Event{Entity: "session", EntityID: sess.ID, SchoolID: u.SchoolID, Action: models.ActionLogin, Actor: actor}
	if err := s.audit.Record(ctx, ev); err != nil {
		return nil, err
	}
	token := sess.ID.Hex() + "." + base64.RawURLEncoding.EncodeToString(secret)
	return &models.LoginResult{Token: token, ExpiresAt: sess.ExpiresAt, User: u}, nil
}

// Authenticate resolves a bearer token to its principal. Unknown, expired or
// revoked tokens and disabled users all give ErrUnauthorized.
func (s *Service) Authenticate(ctx context.Context, token string) (*models.Principal, error) {
	idPart, secretPart, ok := strings.Cut(token, ".")
	if !ok {
		return nil, models.ErrUnauthorized
	}
	id, err := bson.ObjectIDFromHex(idPart)
	if err != nil {
		return nil, models.ErrUnauthorized
	}
	secret, err := base64.RawURLEncoding.DecodeString(secretPart)
	if err != nil {
		return nil, models.ErrUnauthorized
	}
	// Looked up by _id: the one query the embedded store answers without a scan.
	var sess models.Session
	if err := s.sessions.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &sess); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return nil, models.ErrUnauthorized
		}
		return nil, err
	}
	sum := sha256.Sum256(secret)
	if subtle.ConstantTimeCompare(sum[:], sess.TokenHash) != 1 || !s.now().Before(sess.ExpiresAt) {
		return nil, models.ErrUnauthorized
	}
	u, err := s.users.Get(ctx, bson.D{{Key: "_id", Value: sess.UserID}})
	if err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return nil, models.ErrUnauthorized
		}
		return nil, err
	}
	if u.Disabled {
		return nil, models.ErrUnauthorized
	}
	return principalOf(u, sess.ID), nil
}

// Logout revokes the caller's session.
func (s *Service) Logout(ctx context.Context) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	if _, err := s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: p.SessionID}}); err != nil {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return s.audit.Record(ctx, audit.Event{Entity: "session", EntityID: p.SessionID, SchoolID: p.SchoolID, Action: models.ActionLogout})
}

// PurgeExpiredSessions deletes expired sessions (no TTL indexes on the embedded
// store, stack.md §3 rule 8).
func (s *Service) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	return s.sessions.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lte", Value: s.now().UTC()}}}})
}

func principalOf(u *models.User, session bson.ObjectID) *models.Principal {
	return &models.Principal{
		UserID: u.ID, Username: u.Username, Role: u.Role, SchoolID: u.SchoolID,
		SchoolIDs: u.SchoolIDs, EnterpriseID: u.EnterpriseID, SessionID: session,
	}
}

func (s *Service) setPassword(u *models.User, password string) error {
	if msg := CheckPassword(password); msg != "" {
		return models.Invalid("password", msg)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.cfg.BcryptCost)
	if err != nil {
		return fmt.Errorf("auth: hash: %w", err)
	}
	u.PasswordHash, u.PasswordAt = h, s.now().UTC().Truncate(time.Millisecond)
	return nil
}

// CheckPassword says in Chinese what is wrong with a password, or "": it must
// be 8 to 72 bytes (bcrypt's limit), with a letter and a digit.
func CheckPassword(pw string) string {
	var letter, digit bool
	for _, r := range pw {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letter = true
		}
	}
	if len(pw) < 8 || len(pw) > 72 || !letter || !digit {
		return "密码长度须为8至72个字符，且同时包含字母和数字"
	}
	return ""
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	// base64 of random bytes nearly always has letters and digits; the suffix makes sure.
	return base64.RawURLEncoding.EncodeToString(b) + "a1"
}
