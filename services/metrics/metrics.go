// Package metrics counts what an operator watches, for Prometheus: HTTP
// requests by route template and status, store commands by name and
// collection, and how long imports and reports take. Every series is
// registered on a registry the caller passes in (main builds one; each test
// its own), never on the global default registry.
//
// Labels never carry what a request or a document holds: a route is Fiber's
// template (/api/v1/students/:id, never an id), a store command is its name and
// its collection (never a filter or a document), an import its kind, a report
// its operation. A nil *Metrics records nothing, so services and tests that do
// not care need not set one.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Report operations, the values of the report histogram's operation label.
const (
	ReportLive     = "report_live"     // report.Service.Live, the annual report computed now
	ReportPrepare  = "report_prepare"  // report.Service.Prepare, a snapshot frozen
	FiguresCompute = "figures_compute" // figures.Service.Compute, every figure of one year
)

// Metrics holds the collectors, registered on one registry.
type Metrics struct {
	reg *prometheus.Registry

	requests       *prometheus.CounterVec
	requestSeconds *prometheus.HistogramVec
	storeSeconds   *prometheus.HistogramVec
	storeFailures  *prometheus.CounterVec
	importSeconds  *prometheus.HistogramVec
	reportSeconds  *prometheus.HistogramVec

	commands commands
}

// New registers the collectors on reg.
func New(reg *prometheus.Registry) *Metrics {
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chanjiao_http_requests_total",
			Help: "HTTP requests answered, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		requestSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chanjiao_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route template and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route", "status"}),
		storeSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chanjiao_store_command_duration_seconds",
			Help:    "Time of a database command, by command name and collection (empty: none).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"command", "collection"}),
		storeFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chanjiao_store_command_failures_total",
			Help: "Database commands that failed, by command name and collection.",
		}, []string{"command", "collection"}),
		importSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chanjiao_import_commit_duration_seconds",
			Help:    "Time to commit an Excel import, by kind and outcome (ok, error).",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}, []string{"kind", "outcome"}),
		reportSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chanjiao_report_duration_seconds",
			Help:    "Time to compute a report, by operation (report_live, report_prepare, figures_compute) and outcome (ok, error).",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"operation", "outcome"}),
	}
	reg.MustRegister(m.requests, m.requestSeconds, m.storeSeconds, m.storeFailures, m.importSeconds, m.reportSeconds)
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// WatchStore exports chanjiao_store_up: 0 while down says the store is known
// to be unreachable (store.Store.Down), else 1.
func (m *Metrics) WatchStore(down func() bool) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "chanjiao_store_up",
		Help: "1 while the database can be reached, 0 while it is known to be down.",
	}, func() float64 {
		if down() {
			return 0
		}
		return 1
	}))
}

// ObserveRequest records one answered request. route must be a route template;
// an unknown method counts as OTHER, so that no label holds what a client
// typed.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	labels := []string{methodLabel(method), route, strconv.Itoa(status)}
	m.requests.WithLabelValues(labels...).Inc()
	m.requestSeconds.WithLabelValues(labels...).Observe(d.Seconds())
}

// methodLabel is one of a fixed set of constants: the label outlives the
// request, whose method text Fiber may reuse.
func methodLabel(method string) string {
	for _, known := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions} {
		if method == known {
			return known
		}
	}
	return "OTHER"
}

// ObserveImport records an import commit of kind that began at start; *err is
// its outcome. Use it deferred: defer m.ObserveImport(kind, time.Now(), &err).
func (m *Metrics) ObserveImport(kind string, start time.Time, err *error) {
	if m == nil {
		return
	}
	m.importSeconds.WithLabelValues(kind, outcome(err)).Observe(time.Since(start).Seconds())
}

// ObserveReport records a report operation (ReportLive …) that began at start;
// *err is its outcome. Use it deferred, as ObserveImport.
func (m *Metrics) ObserveReport(operation string, start time.Time, err *error) {
	if m == nil {
		return
	}
	m.reportSeconds.WithLabelValues(operation, outcome(err)).Observe(time.Since(start).Seconds())
}

func outcome(err *error) string {
	if err != nil && *err != nil {
		return "error"
	}
	return "ok"
}
