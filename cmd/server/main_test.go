package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseConfigDefaultsEnvAndFlags(t *testing.T) {
	env := map[string]string{"PORT": "9090", "LOG_LEVEL": "WARN"}
	cfg, err := ParseConfig([]string{"-mongodb-db", "other"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 9090 || cfg.LogLevel != "warn" || cfg.MongoDB != "other" || cfg.DataDir != "./data" || cfg.AdminUsername != "admin" {
		t.Fatalf("cfg = %+v", cfg)
	}
}

func TestParseConfigRejectsBadValues(t *testing.T) {
	_, err := ParseConfig([]string{"-port", "0", "-log-level", "loud", "-session-ttl", "1s", "-practice-days", "0", "-practice-warn-months", "x"},
		func(string) string { return "" }, io.Discard)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"PORT", "LOG_LEVEL", "SESSION_TTL", "PRACTICE_DAYS", "PRACTICE_WARN_MONTHS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestPracticeRequirementFromConfig(t *testing.T) {
	env := map[string]string{"PRACTICE_DAYS": "200", "PRACTICE_WARN_MONTHS": "6"}
	cfg, err := ParseConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.practiceRequirement()
	if r.Days != 200 || r.WarnMonths != 6 || r.WindowYears != 5 || !strings.Contains(r.Source, "200天") {
		t.Errorf("requirement %+v", r)
	}
	cfg, err = ParseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if r := cfg.practiceRequirement(); r.Days != 180 || r.WarnMonths != 12 || strings.Contains(r.Source, "配置") {
		t.Errorf("default requirement %+v", r)
	}
}

func TestHelpListsEverySettingWithDefault(t *testing.T) {
	var out bytes.Buffer
	_, err := ParseConfig([]string{"-h"}, func(string) string { return "" }, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range settings {
		if !strings.Contains(out.String(), s.env) || !strings.Contains(out.String(), "-"+s.flag) {
			t.Errorf("-h does not list %s / -%s:\n%s", s.env, s.flag, out.String())
		}
	}
	if !strings.Contains(out.String(), `"8080"`) {
		t.Errorf("-h does not show the default port:\n%s", out.String())
	}
}

func TestParseConfigMetricsAddr(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  string
		want string
		bad  bool
	}{
		{name: "Default", want: "127.0.0.1:9464"},
		{name: "Env", env: "127.0.0.1:9100", want: "127.0.0.1:9100"},
		{name: "EnvOff", env: "off", want: ""},
		{name: "FlagEmpty", args: []string{"-metrics-addr="}, env: "127.0.0.1:9100", want: ""},
		{name: "ErrNoPort", args: []string{"-metrics-addr", "127.0.0.1"}, bad: true},
		{name: "ErrBadPort", args: []string{"-metrics-addr", "127.0.0.1:http"}, bad: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseConfig(tc.args, func(k string) string {
				if k == "METRICS_ADDR" {
					return tc.env
				}
				return ""
			}, io.Discard)
			if tc.bad {
				if err == nil || !strings.Contains(err.Error(), "METRICS_ADDR") {
					t.Fatalf("err = %v, want one naming METRICS_ADDR", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.MetricsAddr; got != tc.want {
				t.Fatalf("MetricsAddr = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRedactURI(t *testing.T) {
	if got := redactURI("mongodb://app:secret@db:27017/x"); got != "mongodb://app:***@db:27017/x" {
		t.Fatalf("got %s", got)
	}
}

// start runs the real server on a random port in dir, with flags args besides
// the data directory and the admin's password, and returns its base URL and a
// stop function that waits for a clean shutdown.
func start(t *testing.T, dir string, logs io.Writer, args ...string) (string, func()) {
	t.Helper()
	s := startServer(t, dir, logs, args...)
	return s.base, s.stop
}

// server is a running server: the app's and the metrics listener's base URLs.
type server struct {
	base, metrics string
	stop          func()
}

// startServer is start, with /metrics on a random loopback port of its own
// (never the default 9464, which a running server may hold).
func startServer(t *testing.T, dir string, logs io.Writer, args ...string) server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(append([]string{"-data-dir", dir, "-admin-password", "Admin12345"}, args...), func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := &Main{Config: cfg, Log: slog.New(slog.NewJSONHandler(logs, nil)), Listener: ln, MetricsListener: mln}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	base := "http://" + ln.Addr().String()
	waitReady(t, base)
	return server{base: base, metrics: "http://" + mln.Addr().String(), stop: func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("server did not stop")
		}
	}}
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server never became ready")
}

func call(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// TestEverythingSurvivesARestart is the "done when": data and logins made
// before a restart are there after it, and no ID number reaches the log.
func TestEverythingSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	base, stop := start(t, dir, &logs)
	_, login := call(t, "POST", base+"/api/v1/auth/login", "", `{"username":"admin","password":"Admin12345"}`)
	token, _ := login["token"].(string)
	status, school := call(t, "POST", base+"/api/v1/schools", token, `{"code":"HX","name":"红星职专","district":"红桥区","level":"secondary"}`)
	if status != http.StatusCreated {
		t.Fatalf("create school: %d %v", status, school)
	}
	sid := school["id"].(string)
	call(t, "POST", base+"/api/v1/majors", token, `{"schoolId":"`+sid+`","code":"710201","name":"计算机应用","level":"secondary"}`)
	status, st := call(t, "POST", base+"/api/v1/students", token,
		`{"schoolId":"`+sid+`","studentNo":"S1","name":"张三","idNumber":"11010519491231002X","majorCode":"710201","cohortYear":2025}`)
	if status != http.StatusCreated {
		t.Fatalf("create student: %d %v", status, st)
	}
	call(t, "GET", base+"/api/v1/students?q=11010519491231002X", token, "")
	stop()

	base, stop = start(t, dir, &logs)
	defer stop()
	status, got := call(t, "GET", base+"/api/v1/students/"+st["id"].(string), token, "")
	if status != http.StatusOK || got["idNumber"] != "11010519491231002X" || got["birthDate"] != "1949-12-31" {
		t.Fatalf("after restart: %d %v", status, got)
	}
	// the catalogue was seeded at the first start, once: a restart adds nothing
	if status, cat := call(t, "GET", base+"/api/v1/cert-entries", token, ""); status != http.StatusOK || cat["total"] != float64(6) {
		t.Fatalf("certificate catalogue after restart: %d, total %v, want the 6 seeded entries", status, cat["total"])
	}
	if strings.Contains(logs.String(), "11010519491231002X") {
		t.Fatal("an ID number reached the log")
	}
	if !strings.Contains(logs.String(), "q=1101**********002X") {
		t.Fatal("the search request was not logged with the ID number masked")
	}
	if !strings.Contains(logs.String(), `"requestId"`) {
		t.Fatal("log lines carry no request id")
	}
}
