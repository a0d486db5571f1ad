package weft

/*
#include "weft/weft.h"
*/
import "C"

import (
	"runtime"
	"sync"
)

// Limits bound one instance; zero fields take weft's defaults.
type Limits struct {
	MaxMemoryPages uint32 // 64 KiB pages; 0: 65536
	MaxCallDepth   uint32 // 0: 10000
	MaxStackSlots  uint32 // 0: 1 << 20
	FuelPerCall    uint64 // 0: unlimited (needs Config.Metering otherwise)
}

func (l Limits) c() C.weft_limits_t {
	return C.weft_limits_t{
		max_memory_pages: C.uint32_t(l.MaxMemoryPages),
		max_call_depth:   C.uint32_t(l.MaxCallDepth),
		max_stack_slots:  C.uint32_t(l.MaxStackSlots),
		fuel_per_call:    C.uint64_t(l.FuelPerCall),
	}
}

// Config of an Engine.
type Config struct {
	// Compile fuel-charging code, so FuelPerCall and SetFuel apply.
	Metering bool
	// Limits of instances that are given none.
	DefaultLimits Limits
}

// Engine compiles modules. It is immutable and may be shared by
// goroutines; modules and linkers keep what they need of it, so it may
// be closed before them.
type Engine struct {
	owner
	ptr *C.weft_engine_t
}

// NewEngine makes an engine; config may be nil for the defaults.
func NewEngine(config *Config) *Engine {
	var c C.weft_config_t
	if config != nil {
		if config.Metering {
			c.metering = 1
		}
		c.default_limits = config.DefaultLimits.c()
	}
	e := &Engine{ptr: C.weft_engine_new(&c)}
	runtime.SetFinalizer(e, (*Engine).Close)
	return e
}

// Close frees the engine. Further use returns ErrClosed.
func (e *Engine) Close() error {
	e.close(func() { C.weft_engine_delete(e.ptr); e.ptr = nil })
	return nil
}

// Version is the linked weft library's version ("0.7.0").
func Version() string { return C.GoString(C.weft_version()) }

// owner guards a C object against use after Close from any goroutine:
// users hold the read lock while they touch the pointer, Close takes the
// write lock, so Close waits for them and they never see a freed object.
type owner struct {
	mu     sync.RWMutex
	closed bool
}

// use runs f with the object alive, or returns ErrClosed.
func (o *owner) use(f func() error) error {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if o.closed {
		return ErrClosed
	}
	return f()
}

func (o *owner) close(free func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	o.closed = true
	free()
}
