package main

import (
	"bufio"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestMetrics scrapes the metrics listener after a few requests: requests are
// counted by route template and status, never by URL, the store's commands and
// the report are timed, and the public app has no /metrics.
func TestMetrics(t *testing.T) {
	srv := startServer(t, t.TempDir(), io.Discard)
	defer srv.stop()
	_, login := call(t, "POST", srv.base+"/api/v1/auth/login", "", `{"username":"admin","password":"Admin12345"}`)
	token, _ := login["token"].(string)
	status, school := call(t, "POST", srv.base+"/api/v1/schools", token, `{"code":"HX","name":"红星职专","district":"红桥区","level":"secondary"}`)
	if status != http.StatusCreated {
		t.Fatalf("create school: %d %v", status, school)
	}
	sid := school["id"].(string)
	const unknown = "64b7f0c2a1e4d3c2b1a09f8e" // a student that does not exist
	for _, r := range []struct {
		path string
		want int
	}{
		{"/api/v1/schools/" + sid, 200},
		{"/api/v1/schools/" + sid, 200},
		{"/api/v1/students/" + unknown, 404},
		{"/api/v1/annual-report?schoolId=" + sid + "&year=2025", 200},
	} {
		if status, body := call(t, "GET", srv.base+r.path, token, ""); status != r.want {
			t.Fatalf("GET %s: %d, want %d: %v", r.path, status, r.want, body)
		}
	}

	t.Run("NotOnTheApp", func(t *testing.T) {
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for _, auth := range []string{"", "Bearer " + token} {
			req, _ := http.NewRequest("GET", srv.base+"/metrics", nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound || strings.Contains(string(b), "chanjiao_") {
				t.Fatalf("GET /metrics on the app (auth %t): %d, want 404 without metrics", auth != "", res.StatusCode)
			}
		}
	})

	text := scrapeMetrics(t, srv.metrics+"/metrics")

	t.Run("RouteTemplates", func(t *testing.T) {
		for _, want := range []string{
			`chanjiao_http_requests_total{method="GET",route="/api/v1/schools/:id",status="200"} 2`,
			`chanjiao_http_requests_total{method="GET",route="/api/v1/students/:id",status="404"} 1`,
			`chanjiao_http_requests_total{method="POST",route="/api/v1/schools",status="201"} 1`,
			`chanjiao_http_request_duration_seconds_count{method="GET",route="/api/v1/schools/:id",status="200"} 2`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("scrape lacks %s", want)
			}
		}
	})

	t.Run("NoRawValues", func(t *testing.T) {
		for _, raw := range []string{sid, unknown, "红星", "Admin12345", token} {
			if strings.Contains(text, raw) {
				t.Errorf("the scrape holds %q", raw)
			}
		}
	})

	t.Run("StoreCommands", func(t *testing.T) {
		if n := sample(t, text, `chanjiao_store_command_duration_seconds_count{collection="schools",command="find"}`); n < 1 {
			t.Errorf("find on schools observed %v times, want some", n)
		}
		if n := sample(t, text, `chanjiao_store_command_duration_seconds_count{collection="schools",command="insert"}`); n != 1 {
			t.Errorf("insert on schools observed %v times, want 1 (through the writer client)", n)
		}
		if n := sample(t, text, `chanjiao_store_up`); n != 1 {
			t.Errorf("chanjiao_store_up = %v, want 1", n)
		}
	})

	t.Run("Reports", func(t *testing.T) {
		if n := sample(t, text, `chanjiao_report_duration_seconds_count{operation="report_live",outcome="ok"}`); n != 1 {
			t.Errorf("report_live observed %v times, want 1", n)
		}
		if n := sample(t, text, `chanjiao_report_duration_seconds_count{operation="figures_compute",outcome="ok"}`); n < 1 {
			t.Errorf("figures_compute observed %v times, want some", n)
		}
	})
}

func scrapeMetrics(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d %v", res.StatusCode, err)
	}
	return string(b)
}

var sampleLine = regexp.MustCompile(`^(\S+(?:\{[^}]*\})?) (\S+)$`)

// sample is the value of the series named exactly series, -1 when absent.
func sample(t *testing.T, text, series string) float64 {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		m := sampleLine.FindStringSubmatch(sc.Text())
		if m == nil || m[1] != series {
			continue
		}
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		return v
	}
	return -1
}
