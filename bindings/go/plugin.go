package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"time"
	"unsafe"
)

// Plugin is a loaded plugin of a PluginManager, by name: after a reload
// it calls the new version; after UnloadPlugin its calls fail with
// ErrNotFound.
type Plugin struct {
	m     *PluginManager
	name  string
	cname *C.char // lives as long as the manager's process: plugins are few
}

// Name of the plugin.
func (p *Plugin) Name() string { return p.name }

// Execute runs the plugin's execute with input and returns its output.
// The call's deadline is the earlier of ctx's and the plugin's timeout_ms;
// at the deadline the guest is stopped and the error matches ErrDeadline
// (and context.DeadlineExceeded when it was ctx's). Other errors match
// ErrTrap, ErrFuelExhausted, ErrPoolExhausted, ErrCircuitOpen, ErrNotFound.
//
// A context canceled before the call starts stops it from starting; one
// canceled while the guest runs stops the guest wherever it is (also in a
// blocking WASI call), and the error matches ErrCanceled and
// context.Canceled; the plugin's circuit breaker does not count it.
func (p *Plugin) Execute(ctx context.Context, input []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, contextError(err)
	}
	var deadlineMs uint64
	if d, ok := ctx.Deadline(); ok {
		if deadlineMs = millisUntil(d); deadlineMs == 0 {
			return nil, contextError(context.DeadlineExceeded)
		}
	}
	// A context that can end gets a cancel handle of this call's own:
	// context.AfterFunc interrupts it only if ctx ends during the call (no
	// goroutine otherwise), and weft stops the guest wherever it is.
	var cancel *C.weft_interrupt_handle_t
	var stop func() bool
	var interrupted chan struct{}
	if ctx.Done() != nil {
		cancel = C.weft_interrupt_handle_new()
		interrupted = make(chan struct{})
		stop = context.AfterFunc(ctx, func() {
			C.weft_interrupt_handle_interrupt(cancel)
			close(interrupted)
		})
	}
	var out *C.uint8_t
	var size C.size_t
	err := p.m.use(func() error {
		return takeError(C.weft_plugin_host_call_cancellable(p.m.ptr, p.cname,
			(*C.uint8_t)(bytesPtr(input)), C.size_t(len(input)), C.uint64_t(deadlineMs), cancel,
			&out, &size))
	})
	if cancel != nil {
		if !stop() {
			<-interrupted // it is running: let it finish with the handle
		}
		C.weft_interrupt_handle_delete(cancel)
	}
	if err != nil {
		return nil, withContext(err, ctx)
	}
	defer C.weft_bytes_delete(out)
	return C.GoBytes(unsafe.Pointer(out), C.int(size)), nil
}

// PluginMeta is what the plugin says of itself (its meta export) and what
// the host knows of the loaded version.
type PluginMeta struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description"`
	// The raw meta JSON, for fields beyond the three.
	Raw json.RawMessage `json:"-"`
	// Loaded version: 1 at load, +1 per successful reload; and the
	// SHA-256 of its wasm bytes.
	LoadedVersion uint64 `json:"-"`
	SHA256        string `json:"-"`
	// Capability refusals so far.
	Denials uint64 `json:"-"`
}

// Meta describes the plugin's current version.
func (p *Plugin) Meta() (PluginMeta, error) {
	var info struct {
		Meta    json.RawMessage `json:"meta"`
		SHA256  string          `json:"sha256"`
		Version uint64          `json:"version"`
		Denials uint64          `json:"denials"`
	}
	if err := p.m.jsonOf(func(out **C.char) *C.weft_error_t {
		return C.weft_plugin_host_describe_json(p.m.ptr, p.cname, out)
	}, &info); err != nil {
		return PluginMeta{}, err
	}
	var meta PluginMeta
	if err := json.Unmarshal(info.Meta, &meta); err != nil {
		return PluginMeta{}, err
	}
	meta.Raw, meta.LoadedVersion, meta.SHA256, meta.Denials = info.Meta, info.Version, info.SHA256, info.Denials
	return meta, nil
}

// Reload re-reads the plugin's wasm file and swaps it in (unchanged bytes
// are not reloaded); on failure the old version stays.
func (p *Plugin) Reload() error {
	err := p.m.use(func() error { return takeError(C.weft_plugin_host_reload(p.m.ptr, p.cname)) })
	if p.m.opts.OnReload != nil && err != nil {
		p.m.opts.OnReload(p.name, 0, err)
	}
	return err
}

// CircuitState of a plugin's breaker: "closed" (calls run), "open"
// (calls refused), "half-open" (one trial call decides).
type CircuitState string

// PluginMetrics is a snapshot of a plugin's counters since it loaded.
type PluginMetrics struct {
	Calls             uint64            `json:"calls"`
	Failures          uint64            `json:"failures"`
	CapabilityDenials uint64            `json:"capability_denials"`
	FuelUsed          uint64            `json:"fuel_used"`
	FailuresByKind    map[string]uint64 `json:"failures_by_kind"`
	InstancesInUse    uint32            `json:"instances_in_use"`
	InstancesIdle     uint32            `json:"instances_idle"`
	Circuit           CircuitState      `json:"circuit"`
	LatencyMicros     struct {
		P50, P90, P99, Max uint64
	} `json:"latency_us"`
}

// Latency percentiles as durations.
func (m PluginMetrics) P50() time.Duration { return time.Duration(m.LatencyMicros.P50) * time.Microsecond }
func (m PluginMetrics) P99() time.Duration { return time.Duration(m.LatencyMicros.P99) * time.Microsecond }

// Metrics takes a snapshot of the plugin's counters.
func (p *Plugin) Metrics() (PluginMetrics, error) {
	var m PluginMetrics
	err := p.m.jsonOf(func(out **C.char) *C.weft_error_t {
		return C.weft_plugin_host_metrics_json(p.m.ptr, p.cname, out)
	}, &m)
	return m, err
}

// jsonOf runs a C call that returns JSON and decodes it into v.
func (m *PluginManager) jsonOf(call func(out **C.char) *C.weft_error_t, v any) error {
	var text *C.char
	err := m.use(func() error { return takeError(call(&text)) })
	if err != nil {
		return err
	}
	defer C.weft_string_delete(text)
	return json.Unmarshal([]byte(C.GoString(text)), v)
}
