package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
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
}

// setting ties a flag to its environment variable.
type setting struct {
	flag, env, def, usage string
}

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

var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// LogAttrs describes the configuration for the start-up log line, secrets hidden.
func (c Config) LogAttrs() []any {
	uri := "(embedded)"
	if c.MongoURI != "" {
		uri = redactURI(c.MongoURI)
	}
	return []any{"port", c.Port, "dataDir", c.DataDir, "mongodbUri", uri, "mongodbDb", c.MongoDB,
		"adminUsername", c.AdminUsername, "logLevel", c.LogLevel, "sessionTtl", c.SessionTTL.String(),
		"practiceDays", c.PracticeDays, "practiceWarnMonths", c.PracticeWarnMonths}
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
