package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/chanjiao/chanjiao/services/metrics"
)

// newMetrics registers the server's series on a registry of its own, with the
// Go runtime's and the process's.
func newMetrics() *metrics.Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return metrics.New(reg)
}

// serveMetrics serves GET /metrics on its own listener (Config.MetricsAddr,
// 127.0.0.1:9464 by default), never on the app's port: the app is public, the
// metrics are for the Prometheus beside it. It returns the function that stops
// it; with metrics off it does nothing.
func (m *Main) serveMetrics() (func(), error) {
	if m.metrics == nil {
		return func() {}, nil
	}
	ln := m.MetricsListener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", m.Config.MetricsAddr); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
		m.Log.Warn("the metrics listener is not on a loopback address: whoever reaches it reads the request counts; prefer 127.0.0.1 or a firewall",
			"addr", ln.Addr().String())
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Log.Error("metrics listener stopped", "err", err.Error())
		}
	}()
	m.Log.Info("metrics listening", "addr", ln.Addr().String(), "path", "/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
