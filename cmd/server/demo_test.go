package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestParseConfigDemo(t *testing.T) {
	env := map[string]string{"DEMO": "1", "DEMO_SEED": "7"}
	cfg, err := ParseConfig([]string{"-demo-password", "another-demo9"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Demo || cfg.DemoSeed != 7 || cfg.DemoPassword != "another-demo9" {
		t.Fatalf("cfg = %+v", cfg)
	}
	cfg, err = ParseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil || cfg.Demo || cfg.DemoSeed != 1 || cfg.DemoPassword != "chanjiao-demo1" {
		t.Fatalf("defaults: %+v, %v", cfg, err)
	}
	_, err = ParseConfig([]string{"-demo=maybe", "-demo-seed", "-1"}, func(string) string { return "" }, io.Discard)
	for _, want := range []string{"DEMO must", "DEMO_SEED"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	if _, err = ParseConfig([]string{"-demo", "-demo-password", "short"}, func(string) string { return "" }, io.Discard); err == nil || !strings.Contains(err.Error(), "DEMO_PASSWORD") {
		t.Errorf("a password the accounts refuse: %v", err)
	}
}

// TestDemoStart: the first start with -demo fills the store and its users log
// in with the demo password; the next start with -demo finds a school and
// starts as it is.
func TestDemoStart(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	base, stop := start(t, dir, &logs, "-demo")
	_, login := call(t, "POST", base+"/api/v1/auth/login", "", `{"username":"office1","password":"chanjiao-demo1"}`)
	token, _ := login["token"].(string)
	status, students := call(t, "GET", base+"/api/v1/students?pageSize=1", token, "")
	total, _ := students["total"].(float64)
	if status != http.StatusOK || total < 2000 {
		t.Fatalf("students of office1's school: %d, total %v", status, students["total"])
	}
	stop()
	if !strings.Contains(logs.String(), "demo loaded in") || !strings.Contains(logs.String(), "chanjiao-demo1") {
		t.Fatalf("the load and the password were not logged:\n%s", logs.String())
	}

	base, stop = start(t, dir, &logs, "-demo")
	defer stop()
	if !strings.Contains(logs.String(), "demo skipped") {
		t.Fatal("the second start did not say it skipped the demo")
	}
	if _, again := call(t, "GET", base+"/api/v1/students?pageSize=1", token, ""); again["total"] != students["total"] {
		t.Fatalf("students after the second start: %v, want %v", again["total"], students["total"])
	}
}
