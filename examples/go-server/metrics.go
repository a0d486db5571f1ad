package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"weft.dev/weft"
)

// Latency histogram buckets (seconds), Prometheus style: cumulative.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

type requestKey struct{ plugin, outcome string }

// httpMetrics counts requests by plugin and outcome, with a latency
// histogram per plugin. Safe for concurrent use.
type httpMetrics struct {
	mu       sync.Mutex
	requests map[requestKey]uint64
	buckets  map[string][]uint64 // per plugin, one count per bucket (+Inf last)
	sum      map[string]float64
}

func newHTTPMetrics() *httpMetrics {
	return &httpMetrics{requests: map[requestKey]uint64{}, buckets: map[string][]uint64{}, sum: map[string]float64{}}
}

func (m *httpMetrics) observe(plugin, outcome string, took time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{plugin, outcome}]++
	b, ok := m.buckets[plugin]
	if !ok {
		b = make([]uint64, len(latencyBuckets)+1)
		m.buckets[plugin] = b
	}
	seconds := took.Seconds()
	i := sort.SearchFloat64s(latencyBuckets, seconds)
	b[i]++
	m.sum[plugin] += seconds
}

// quote escapes a label value.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func (m *httpMetrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP weft_http_requests_total Plugin requests by outcome.")
	fmt.Fprintln(w, "# TYPE weft_http_requests_total counter")
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].plugin+"\x00"+keys[i].outcome < keys[j].plugin+"\x00"+keys[j].outcome
	})
	for _, k := range keys {
		fmt.Fprintf(w, "weft_http_requests_total{plugin=%s,outcome=%s} %d\n", quote(k.plugin), quote(k.outcome), m.requests[k])
	}
	fmt.Fprintln(w, "# HELP weft_http_request_duration_seconds Plugin request latency.")
	fmt.Fprintln(w, "# TYPE weft_http_request_duration_seconds histogram")
	plugins := make([]string, 0, len(m.buckets))
	for p := range m.buckets {
		plugins = append(plugins, p)
	}
	sort.Strings(plugins)
	for _, p := range plugins {
		var cumulative uint64
		for i, le := range latencyBuckets {
			cumulative += m.buckets[p][i]
			fmt.Fprintf(w, "weft_http_request_duration_seconds_bucket{plugin=%s,le=\"%g\"} %d\n", quote(p), le, cumulative)
		}
		cumulative += m.buckets[p][len(latencyBuckets)]
		fmt.Fprintf(w, "weft_http_request_duration_seconds_bucket{plugin=%s,le=\"+Inf\"} %d\n", quote(p), cumulative)
		fmt.Fprintf(w, "weft_http_request_duration_seconds_sum{plugin=%s} %g\n", quote(p), m.sum[p])
		fmt.Fprintf(w, "weft_http_request_duration_seconds_count{plugin=%s} %d\n", quote(p), cumulative)
	}
}

// writePluginMetrics: weft's own counters of one plugin.
func writePluginMetrics(w io.Writer, name string, m weft.PluginMetrics) {
	l := quote(name)
	fmt.Fprintf(w, "weft_plugin_calls_total{plugin=%s} %d\n", l, m.Calls)
	kinds := make([]string, 0, len(m.FailuresByKind))
	for k := range m.FailuresByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "weft_plugin_failures_total{plugin=%s,kind=%s} %d\n", l, quote(k), m.FailuresByKind[k])
	}
	fmt.Fprintf(w, "weft_plugin_instances{plugin=%s,state=\"in_use\"} %d\n", l, m.InstancesInUse)
	fmt.Fprintf(w, "weft_plugin_instances{plugin=%s,state=\"idle\"} %d\n", l, m.InstancesIdle)
	fmt.Fprintf(w, "weft_plugin_circuit_open{plugin=%s} %d\n", l, map[bool]int{true: 1}[m.Circuit == "open"])
}

// writeProcessMetrics: what a leak would show first.
func writeProcessMetrics(w io.Writer) {
	fmt.Fprintf(w, "go_goroutines %d\n", runtime.NumGoroutine())
	if n, err := osThreads(); err == nil {
		fmt.Fprintf(w, "process_threads %d\n", n)
	}
	if n, err := openFDs(); err == nil {
		fmt.Fprintf(w, "process_open_fds %d\n", n)
	}
}

// osThreads reads the process's thread count (Linux).
func osThreads() (int, error) { return procStatusField("Threads:") }

// rssKiB reads the resident set size (Linux).
func rssKiB() (int, error) { return procStatusField("VmRSS:") }

func procStatusField(field string) (int, error) {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, field) {
			var n int
			_, err := fmt.Sscan(strings.TrimPrefix(line, field), &n)
			return n, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/self/status", field)
}

// openFDs counts the process's open file descriptors (Linux).
func openFDs() (int, error) {
	entries, err := os.ReadDir("/proc/self/fd")
	return len(entries), err
}
