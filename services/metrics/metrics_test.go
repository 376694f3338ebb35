package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
)

func raw(t *testing.T, d bson.D) bson.Raw {
	t.Helper()
	b, err := bson.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCollectionOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		cmd  bson.D
		want string
	}{
		{"find", bson.D{{Key: "find", Value: "students"}, {Key: "filter", Value: bson.D{{Key: "idNumber", Value: "110101200001011234"}}}}, "students"},
		{"insert", bson.D{{Key: "insert", Value: "audit_log"}, {Key: "documents", Value: bson.A{bson.D{{Key: "name", Value: "张三"}}}}}, "audit_log"},
		{"getMore", bson.D{{Key: "getMore", Value: int64(42)}, {Key: "collection", Value: "placements"}}, "placements"},
		{"aggregate", bson.D{{Key: "aggregate", Value: 1}}, ""},
		{"ping", bson.D{{Key: "ping", Value: 1}}, ""},
		{"saslStart", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cmd bson.Raw
			if tc.cmd != nil {
				cmd = raw(t, tc.cmd)
			}
			if got := collectionOf(tc.name, cmd); got != tc.want {
				t.Fatalf("collectionOf = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCommandMonitor feeds the monitor what the driver sends it and checks that
// the series name only the command and the collection.
func TestCommandMonitor(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg)
	mon := m.CommandMonitor()
	ctx := context.Background()
	filter := bson.D{{Key: "find", Value: "students"}, {Key: "filter", Value: bson.D{{Key: "name", Value: "张三"}}}}
	mon.Started(ctx, &event.CommandStartedEvent{Command: raw(t, filter), CommandName: "find", RequestID: 1, ConnectionID: "c1"})
	mon.Started(ctx, &event.CommandStartedEvent{Command: raw(t, filter), CommandName: "find", RequestID: 2, ConnectionID: "c1"})
	mon.Succeeded(ctx, &event.CommandSucceededEvent{CommandFinishedEvent: event.CommandFinishedEvent{CommandName: "find", RequestID: 1, ConnectionID: "c1", Duration: 3 * time.Millisecond}})
	mon.Failed(ctx, &event.CommandFailedEvent{CommandFinishedEvent: event.CommandFinishedEvent{CommandName: "find", RequestID: 2, ConnectionID: "c1", Duration: time.Millisecond}, Failure: errors.New("EOF")})

	text := scrape(t, m)
	for _, want := range []string{
		`chanjiao_store_command_duration_seconds_count{collection="students",command="find"} 2`,
		`chanjiao_store_command_failures_total{collection="students",command="find"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("scrape lacks %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "张三") {
		t.Error("a filter value reached a label")
	}
	n := 0
	m.commands.inflight.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d commands still remembered after they ended", n)
	}
}

func TestObserve(t *testing.T) {
	m := New(prometheus.NewRegistry())
	m.ObserveRequest("GET", "/api/v1/students/:id", 404, time.Millisecond)
	m.ObserveRequest("BREW", "/", 405, time.Millisecond)
	failed := errors.New("store down")
	m.ObserveImport("students", time.Now(), &failed)
	var ok error
	m.ObserveReport(ReportLive, time.Now(), &ok)
	text := scrape(t, m)
	for _, want := range []string{
		`chanjiao_http_requests_total{method="GET",route="/api/v1/students/:id",status="404"} 1`,
		`chanjiao_http_requests_total{method="OTHER",route="/",status="405"} 1`,
		`chanjiao_import_commit_duration_seconds_count{kind="students",outcome="error"} 1`,
		`chanjiao_report_duration_seconds_count{operation="report_live",outcome="ok"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("scrape lacks %s:\n%s", want, text)
		}
	}
}

// TestNilRecordsNothing: services and tests without metrics pass nil.
func TestNilRecordsNothing(t *testing.T) {
	var m *Metrics
	m.ObserveRequest("GET", "/", 200, time.Millisecond)
	m.ObserveImport("students", time.Now(), nil)
	m.ObserveReport(FiguresCompute, time.Now(), nil)
	if m.CommandMonitor() != nil {
		t.Fatal("a nil Metrics gave a command monitor")
	}
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
