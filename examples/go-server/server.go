// A net/http service that hosts a directory of weft plugins: each
// PLUGIN.json there (weft's plugin config) is loaded, watched for changes
// of its wasm and served at POST /plugins/{name}. The request's context
// bounds the call, so a client that hangs up stops the guest.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"sort"
	"time"

	"weft.dev/weft"
)

// maxInput bounds a request body: a plugin input is read whole.
const maxInput = 1 << 20

// Server holds the plugins and the HTTP metrics; Handler serves them.
type Server struct {
	plugins *weft.PluginManager
	metrics *httpMetrics
}

// NewServer loads every *.json plugin config in dir.
func NewServer(dir string, log func(plugin, message string)) (*Server, error) {
	m := weft.NewPluginManager(weft.PluginManagerOptions{
		WatchFiles:     true,
		ReloadDebounce: 50 * time.Millisecond,
		Log:            log,
	})
	configs, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		m.Close()
		return nil, err
	}
	if len(configs) == 0 {
		m.Close()
		return nil, fmt.Errorf("no plugin configs (*.json) in %s", dir)
	}
	for _, c := range configs {
		if _, err := m.LoadPluginFile(c); err != nil {
			m.Close()
			return nil, fmt.Errorf("%s: %w", c, err)
		}
	}
	return &Server{plugins: m, metrics: newHTTPMetrics()}, nil
}

// Close unloads every plugin (after the HTTP server has drained).
func (s *Server) Close() error { return s.plugins.Close() }

// Handler routes the service's endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /plugins/{name}", s.execute)
	mux.HandleFunc("GET /plugins", s.list)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	name := r.PathValue("name")
	outcome := s.executeOutcome(w, r, name)
	s.metrics.observe(name, outcome, time.Since(start))
}

// executeOutcome runs the call and writes the response; it returns the
// outcome label for the metrics.
func (s *Server) executeOutcome(w http.ResponseWriter, r *http.Request, name string) string {
	p, ok := s.plugins.GetPlugin(name)
	if !ok {
		http.Error(w, fmt.Sprintf("no plugin %q", name), http.StatusNotFound)
		return "not_found"
	}
	input, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInput))
	if err != nil {
		http.Error(w, "request body: "+err.Error(), http.StatusRequestEntityTooLarge)
		return "bad_request"
	}
	out, err := p.Execute(r.Context(), input)
	if err == nil {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(out)
		return "ok"
	}
	status, outcome := classify(err)
	http.Error(w, err.Error(), status)
	return outcome
}

// classify maps a plugin call's error to an HTTP status and a metrics label.
func classify(err error) (int, string) {
	switch {
	case errors.Is(err, weft.ErrCanceled):
		return 499, "client_gone" // nginx's "client closed request"; nobody reads it
	case errors.Is(err, weft.ErrDeadline):
		return http.StatusGatewayTimeout, "deadline"
	case errors.Is(err, weft.ErrCircuitOpen):
		return http.StatusServiceUnavailable, "circuit_open"
	case errors.Is(err, weft.ErrPoolExhausted):
		return http.StatusServiceUnavailable, "pool_exhausted"
	case errors.Is(err, weft.ErrFuelExhausted):
		return http.StatusUnprocessableEntity, "fuel_exhausted"
	case errors.Is(err, weft.ErrTrap):
		return http.StatusInternalServerError, "trap"
	case errors.Is(err, weft.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, weft.ErrClosed):
		return http.StatusServiceUnavailable, "shutting_down"
	}
	return http.StatusInternalServerError, "error"
}

// pluginInfo is one entry of GET /plugins.
type pluginInfo struct {
	Name    string          `json:"name"`
	Meta    json.RawMessage `json:"meta"`
	Version uint64          `json:"loaded_version"`
	SHA256  string          `json:"sha256"`
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	names := s.plugins.Plugins()
	sort.Strings(names)
	infos := []pluginInfo{}
	for _, n := range names {
		p, ok := s.plugins.GetPlugin(n)
		if !ok {
			continue // unloaded meanwhile
		}
		meta, err := p.Meta()
		if err != nil {
			continue
		}
		infos = append(infos, pluginInfo{n, meta.Raw, meta.LoadedVersion, meta.SHA256})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(infos)
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	s.metrics.write(w)
	for _, n := range s.plugins.Plugins() {
		if p, ok := s.plugins.GetPlugin(n); ok {
			if m, err := p.Metrics(); err == nil {
				writePluginMetrics(w, n, m)
			}
		}
	}
	writeProcessMetrics(w)
}

// logToStderr is the default plugin log.
func logToStderr(plugin, message string) {
	fmt.Fprintf(os.Stderr, "plugin %s: %s\n", plugin, message)
}
