package app

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"tongchou/internal/store"
)

var errNotFound = fmt.Errorf("no such page: %w", store.ErrNotFound)

// metrics are per process; a registry per App keeps tests independent.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

var appMetrics = newMetrics()

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tongchou_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tongchou_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	m.registry.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func metricsHandler(db *store.DB) http.Handler {
	reg := prometheus.NewRegistry()
	write, read := db.Pools()
	reg.MustRegister(collectors.NewDBStatsCollector(write, "write"))
	if read != write {
		reg.MustRegister(collectors.NewDBStatsCollector(read, "read"))
	}
	return promhttp.HandlerFor(prometheus.Gatherers{appMetrics.registry, reg}, promhttp.HandlerOpts{})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

type routeKey struct{}

// instrument counts requests by the matched route pattern so that ids in
// paths do not explode the label set. The middlewares in between copy the
// request, so the mux's pattern comes back through a holder in the context.
func instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		route := new(string)
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), routeKey{}, route)))
		if *route == "" {
			*route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		appMetrics.requests.WithLabelValues(*route, strconv.Itoa(sw.status)).Inc()
		appMetrics.latency.WithLabelValues(*route).Observe(time.Since(start).Seconds())
	})
}

// capturePattern wraps the mux and hands the matched pattern to instrument.
func capturePattern(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if p, ok := r.Context().Value(routeKey{}).(*string); ok {
			*p = r.Pattern
		}
	})
}
