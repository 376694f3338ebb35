package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/demo"
)

// Config is read once from flags, with environment variables as their defaults.
type Config struct {
	Port          int
	DataDir       string
	MongoURI      string
	MongoDB       string
	AdminUsername string
	AdminPassword string
	LogLevel      string
	SessionTTL    time.Duration
	// PracticeDays and PracticeWarnMonths are the 5-year rule's required
	// enterprise-practice days and how far ahead a coming shortfall is warned.
	PracticeDays       int
	PracticeWarnMonths int
	// Demo fills an empty store with the demo school at start-up, from
	// DemoSeed, every demo user with DemoPassword.
	Demo         bool
	DemoSeed     uint64
	DemoPassword string
	// MetricsAddr is where Prometheus scrapes /metrics, a listener of its own
	// apart from the app (127.0.0.1 by default); empty: no metrics.
	MetricsAddr string
}

// setting ties a flag to its environment variable.
type setting struct {
	flag, env, def, usage string
}

// switches are the settings that may be given as a flag without a value
// (-demo), as boolean flags are.
var switches = map[string]bool{"demo": true}

// switchValue is a switch's text, "true" when given without a value.
type switchValue struct{ v *string }

func (s switchValue) String() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}

func (s switchValue) Set(v string) error { *s.v = v; return nil }

func (s switchValue) IsBoolFlag() bool { return true }

var settings = []setting{
	{"port", "PORT", "8080", "HTTP port"},
	{"data-dir", "DATA_DIR", "./data", "directory of the embedded store (used when MONGODB_URI is empty)"},
	{"mongodb-uri", "MONGODB_URI", "", "MongoDB URI; empty starts the embedded store"},
	{"mongodb-db", "MONGODB_DB", "chanjiao", "database name"},
	{"admin-username", "ADMIN_USERNAME", "admin", "system admin created on first start when there are no users"},
	{"admin-password", "ADMIN_PASSWORD", "", "its password; empty generates one and logs it once"},
	{"log-level", "LOG_LEVEL", "info", "debug, info, warn or error"},
	{"session-ttl", "SESSION_TTL", "12h", "how long a login token stays valid"},
	{"practice-days", "PRACTICE_DAYS", "180", "teachers' required enterprise-practice days in every 5 years (6 months × 30)"},
	{"practice-warn-months", "PRACTICE_WARN_MONTHS", "12", "months ahead a coming shortfall of practice is warned"},
	{"demo", "DEMO", "false", "fill an empty store with a fictional demo school (天津市红星职业中等专业学校) and three statistical years of records; skipped when the store already has a school"},
	{"demo-seed", "DEMO_SEED", "1", "seed of the demo's records: the same seed gives the same records"},
	{"demo-password", "DEMO_PASSWORD", demo.DefaultPassword, "password of every demo user (office1, office2, admin2, auditor, ent1), logged at start"},
	{"metrics-addr", "METRICS_ADDR", "127.0.0.1:9464", "host:port of the Prometheus /metrics listener, apart from PORT; keep it on 127.0.0.1; empty (-metrics-addr=) or off disables it"},
}

// ParseConfig reads args (without the program name) and the environment.
func ParseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs := flag.NewFlagSet("chanjiao", flag.ContinueOnError)
	fs.SetOutput(out)
	vals := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		if switches[s.flag] {
			v := def
			fs.Var(switchValue{&v}, s.flag, s.usage+" (env "+s.env+")")
			vals[s.flag] = &v
			continue
		}
		vals[s.flag] = fs.String(s.flag, def, s.usage+" (env "+s.env+")")
	}
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: chanjiao [flags]\n\nEvery flag can also be set by its environment variable; a flag wins.")
		for _, s := range settings {
			def := s.def
			if s.flag == "admin-password" {
				def = "(generated)"
			}
			fmt.Fprintf(out, "  -%-16s %-16s default %-12q %s\n", s.flag, s.env, def, s.usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	cfg := Config{
		DataDir: *vals["data-dir"], MongoURI: *vals["mongodb-uri"], MongoDB: *vals["mongodb-db"],
		AdminUsername: *vals["admin-username"], AdminPassword: *vals["admin-password"],
		LogLevel: strings.ToLower(*vals["log-level"]),
	}
	var errs []error
	var err error
	if cfg.Port, err = strconv.Atoi(*vals["port"]); err != nil || cfg.Port < 1 || cfg.Port > 65535 {
		errs = append(errs, fmt.Errorf("PORT must be 1-65535, got %q", *vals["port"]))
	}
	if cfg.SessionTTL, err = time.ParseDuration(*vals["session-ttl"]); err != nil || cfg.SessionTTL < time.Minute {
		errs = append(errs, fmt.Errorf("SESSION_TTL must be a duration of at least 1m, got %q", *vals["session-ttl"]))
	}
	if cfg.PracticeDays, err = strconv.Atoi(*vals["practice-days"]); err != nil || cfg.PracticeDays < 1 || cfg.PracticeDays > 1826 {
		errs = append(errs, fmt.Errorf("PRACTICE_DAYS must be 1-1826, got %q", *vals["practice-days"]))
	}
	if cfg.PracticeWarnMonths, err = strconv.Atoi(*vals["practice-warn-months"]); err != nil || cfg.PracticeWarnMonths < 0 || cfg.PracticeWarnMonths > 60 {
		errs = append(errs, fmt.Errorf("PRACTICE_WARN_MONTHS must be 0-60, got %q", *vals["practice-warn-months"]))
	}
	errs = append(errs, cfg.parseDemo(vals)...)
	if cfg.MetricsAddr, err = parseMetricsAddr(*vals["metrics-addr"]); err != nil {
		errs = append(errs, err)
	}
	if _, ok := logLevels[cfg.LogLevel]; !ok {
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, got %q", cfg.LogLevel))
	}
	if cfg.MongoDB == "" {
		errs = append(errs, errors.New("MONGODB_DB must not be empty"))
	}
	if cfg.AdminUsername == "" {
		errs = append(errs, errors.New("ADMIN_USERNAME must not be empty"))
	}
	return cfg, errors.Join(errs...)
}

// parseDemo reads the demo settings; the password must be one the accounts
// accept (auth.CheckPassword), checked only when the demo is on.
func (cfg *Config) parseDemo(vals map[string]*string) []error {
	var errs []error
	var err error
	if cfg.Demo, err = strconv.ParseBool(*vals["demo"]); err != nil {
		errs = append(errs, fmt.Errorf("DEMO must be true or false (1 or 0), got %q", *vals["demo"]))
	}
	if cfg.DemoSeed, err = strconv.ParseUint(*vals["demo-seed"], 10, 64); err != nil {
		errs = append(errs, fmt.Errorf("DEMO_SEED must be a whole number from 0, got %q", *vals["demo-seed"]))
	}
	cfg.DemoPassword = *vals["demo-password"]
	if cfg.Demo && auth.CheckPassword(cfg.DemoPassword) != "" {
		errs = append(errs, errors.New("DEMO_PASSWORD must be 8 to 72 characters with a letter and a digit"))
	}
	return errs
}

// parseMetricsAddr reads METRICS_ADDR: host:port, or empty or "off" for none
// ("off" because an empty environment variable counts as unset).
func parseMetricsAddr(v string) (string, error) {
	if v == "" || strings.EqualFold(v, "off") {
		return "", nil
	}
	_, port, err := net.SplitHostPort(v)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("METRICS_ADDR must be host:port (127.0.0.1:9464), empty or off, got %q", v)
	}
	return v, nil
}

var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// LogAttrs describes the configuration for the start-up log line, secrets hidden.
func (c Config) LogAttrs() []any {
	uri := "(embedded)"
	if c.MongoURI != "" {
		uri = redactURI(c.MongoURI)
	}
	return []any{"port", c.Port, "dataDir", c.DataDir, "mongodbUri", uri, "mongodbDb", c.MongoDB,
		"adminUsername", c.AdminUsername, "logLevel", c.LogLevel, "sessionTtl", c.SessionTTL.String(),
		"practiceDays", c.PracticeDays, "practiceWarnMonths", c.PracticeWarnMonths, "demo", c.Demo, "demoSeed", c.DemoSeed,
		"metricsAddr", c.MetricsAddr}
}

// redactURI hides a password in mongodb://user:pass@host.
func redactURI(uri string) string {
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok {
		return "(set)"
	}
	creds, host, ok := strings.Cut(rest, "@")
	if !ok {
		return uri
	}
	user, _, _ := strings.Cut(creds, ":")
	return scheme + "://" + user + ":***@" + host
}

func newLogger(level string, w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: logLevels[level]}))
}
