package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
#include "bridge.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/cgo"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// PluginManagerOptions configure a PluginManager; zero values take weft's
// defaults.
type PluginManagerOptions struct {
	// Watch the plugins' wasm files and reload one when it changes
	// (decoded, validated and ABI-checked before the swap; calls in
	// flight finish on the old version; a failed reload keeps it).
	WatchFiles     bool
	ReloadDebounce time.Duration // 0: 200ms
	// Called after each reload attempt, from weft's watcher thread (or
	// Reload's caller): version is the plugin's new version, err why a
	// reload failed. Must not block for long.
	OnReload func(name string, version uint64, err error)
	// Receives capability refusals, reload results and the plugins'
	// stderr lines; called from many threads at once.
	Log func(plugin, message string)
	// Circuit breaker: opens after this many consecutive failures
	// (0: 5), refusing calls (ErrCircuitOpen) for CircuitResetTimeout
	// (0: 5s). DisableCircuitBreaker turns it off.
	CircuitFailureThreshold uint32
	CircuitResetTimeout     time.Duration
	DisableCircuitBreaker   bool
	// Instances created per plugin at load (0: 1); more on demand up to
	// its MaxInstances.
	PreparedInstances uint32
	// Resolves relative Wasm paths of LoadPlugin configs ("": the
	// working directory).
	BaseDir string
}

// PluginManager hosts untrusted wasm32-wasi plugins (weft's plugin ABI,
// weft/plugin_host.h): each call runs on a pooled instance reset between
// calls, under the plugin's capabilities and budgets. Safe for use by
// many goroutines at once.
type PluginManager struct {
	mu      sync.RWMutex // read: calls in flight; write: Close
	ptr     *C.weft_plugin_host_t
	handle  cgo.Handle
	opts    PluginManagerOptions
	plugins sync.Map // name -> *Plugin
}

// NewPluginManager makes an empty manager.
func NewPluginManager(opts PluginManagerOptions) *PluginManager {
	m := &PluginManager{opts: opts}
	var c C.weft_plugin_host_options_t
	if opts.WatchFiles {
		c.watch_files = 1
	}
	c.reload_debounce_ms = C.uint64_t(opts.ReloadDebounce / time.Millisecond)
	c.circuit_failure_threshold = C.uint32_t(opts.CircuitFailureThreshold)
	if opts.DisableCircuitBreaker {
		c.circuit_disabled = 1
	}
	c.circuit_reset_timeout_ms = C.uint64_t(opts.CircuitResetTimeout / time.Millisecond)
	c.prepared_instances = C.uint32_t(opts.PreparedInstances)
	m.handle = cgo.NewHandle(m)
	m.ptr = C.weft_go_plugin_host_new(&c, C.uintptr_t(m.handle))
	return m
}

//export weftGoPluginLog
func weftGoPluginLog(handle C.uintptr_t, plugin, message *C.char) {
	m := cgo.Handle(handle).Value().(*PluginManager)
	name, msg := C.GoString(plugin), C.GoString(message)
	if m.opts.Log != nil {
		m.opts.Log(name, msg)
	}
	if m.opts.OnReload == nil {
		return
	}
	// weft words reload results "reloaded: version N sha256 H" and
	// "reload failed...".
	if rest, ok := strings.CutPrefix(msg, "reloaded: version "); ok {
		n, _ := strconv.ParseUint(strings.Fields(rest)[0], 10, 64)
		m.opts.OnReload(name, n, nil)
	} else if strings.HasPrefix(msg, "reload failed") {
		m.opts.OnReload(name, 0, fmt.Errorf("weft: plugin %q: %s", name, msg))
	}
}

// use runs f with the manager open.
func (m *PluginManager) use(f func() error) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ptr == nil {
		return ErrClosed
	}
	return f()
}

// LoadPlugin loads a plugin: checks the config (a refused one matches
// ErrCapability), compiles the wasm, checks the ABI and reads its meta.
func (m *PluginManager) LoadPlugin(cfg PluginConfig) (*Plugin, error) {
	text, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	base := m.opts.BaseDir
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	cjson, cbase := C.CString(string(text)), C.CString(base)
	defer C.free(unsafe.Pointer(cjson))
	defer C.free(unsafe.Pointer(cbase))
	if err := takeError(C.weft_plugin_host_check_config_json(cjson, cbase)); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCapability, err)
	}
	err = m.use(func() error {
		return takeError(C.weft_plugin_host_load_config_json(m.ptr, cjson, cbase))
	})
	if err != nil {
		return nil, err
	}
	return m.add(cfg.Name), nil
}

// LoadPluginFile loads the plugin a JSON config file describes (its
// "wasm" relative to the file).
func (m *PluginManager) LoadPluginFile(path string) (*Plugin, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg PluginConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCapability, path, err)
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	if err := m.use(func() error { return takeError(C.weft_plugin_host_load_config(m.ptr, cpath)) }); err != nil {
		return nil, err
	}
	return m.add(cfg.Name), nil
}

func (m *PluginManager) add(name string) *Plugin {
	p := &Plugin{m: m, name: name, cname: C.CString(name)}
	m.plugins.Store(name, p)
	return p
}

// GetPlugin returns a loaded plugin.
func (m *PluginManager) GetPlugin(name string) (*Plugin, bool) {
	p, ok := m.plugins.Load(name)
	if !ok {
		return nil, false
	}
	return p.(*Plugin), true
}

// Plugins lists the loaded plugins' names, sorted.
func (m *PluginManager) Plugins() []string {
	var names []string
	m.plugins.Range(func(k, _ any) bool { names = append(names, k.(string)); return true })
	sort.Strings(names)
	return names
}

// UnloadPlugin removes a plugin; calls in flight finish first.
func (m *PluginManager) UnloadPlugin(name string) error {
	p, ok := m.GetPlugin(name)
	if !ok {
		return fmt.Errorf("%w: plugin %q", ErrNotFound, name)
	}
	err := m.use(func() error { return takeError(C.weft_plugin_host_unload(m.ptr, p.cname)) })
	m.plugins.Delete(name)
	return err
}

// Close waits for calls in flight, unloads every plugin and stops the
// file watcher. Further use returns ErrClosed.
func (m *PluginManager) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ptr == nil {
		return nil
	}
	C.weft_plugin_host_delete(m.ptr)
	m.ptr = nil
	m.handle.Delete()
	return nil
}
