package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Instance is an instantiated module. Its calls take turns with the
// other calls of its linker (see Linker); Close may be called from any
// goroutine and stops a running call first.
type Instance struct {
	ptr     *C.weft_instance_t
	handle  *C.weft_interrupt_handle_t
	link    *linkState
	types   map[string]*FuncType
	closing atomic.Bool
	// Guards handle against Interrupt racing with Close, which frees it.
	handleMu sync.Mutex
	// fired receives once each time a call's context.AfterFunc has sent
	// its interrupt, so the call can wait for it before returning.
	fired chan struct{}
	// An interrupt may be pending that no call consumed: it arrived just
	// after the guest had finished. weft keeps such a request for the
	// next call, which it stops at its first function entry, before the
	// guest did anything; that call is then simply run again.
	stale bool
}

// Call calls function export `name` with `args` (Values, or Go numbers
// converted to the export's parameter types: see Value) and returns its
// results.
//
// ctx bounds the call: when its deadline passes or it is canceled, the
// guest is interrupted (within a bounded number of instructions, or at
// once when it waits in WASI) and the error matches ErrDeadline or
// ErrCanceled as well as ctx.Err(). No goroutine is started for the call:
// context.AfterFunc registers the interrupt, which runs only if ctx ends
// first, and the deadline also goes to weft's own per-call timeout.
func (in *Instance) Call(ctx context.Context, name string, args ...any) ([]Value, error) {
	t, ok := in.types[name]
	if !ok {
		return nil, fmt.Errorf("%w: no function export %q", ErrNotFound, name)
	}
	if len(args) != len(t.Params) {
		return nil, fmt.Errorf("weft: %s%v takes %d arguments, got %d", name, t.Params, len(t.Params), len(args))
	}
	cargs := make([]C.weft_val_t, len(args))
	for i, a := range args {
		v, err := toValue(a, t.Params[i])
		if err != nil {
			return nil, fmt.Errorf("%s argument %d: %w", name, i, err)
		}
		cargs[i] = cValue(v)
	}
	cres := make([]C.weft_val_t, len(t.Results))
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))

	if err := ctx.Err(); err != nil {
		return nil, contextError(err)
	}
	in.link.mu.Lock()
	defer in.link.mu.Unlock()
	for {
		if in.closing.Load() || in.ptr == nil {
			return nil, ErrClosed
		}
		wasStale := in.stale
		err := in.callOnce(ctx, cname, cargs, cres)
		var ie *interruptError
		if wasStale && ctx.Err() == nil && errors.As(err, &ie) && !deadlinePassed(ctx) {
			continue // stopped by the stale interrupt before it began
		}
		if err != nil {
			return nil, err
		}
		break
	}
	out := make([]Value, len(cres))
	for i := range cres {
		out[i] = goValue(&cres[i])
	}
	return out, nil
}

// callOnce runs one weft call with ctx wired to the interrupt. Holds
// link.mu.
func (in *Instance) callOnce(ctx context.Context, name *C.char, args, results []C.weft_val_t) error {
	var timeoutMs uint64
	if d, ok := ctx.Deadline(); ok {
		if timeoutMs = millisUntil(d); timeoutMs == 0 {
			return contextError(context.DeadlineExceeded)
		}
	}
	C.weft_instance_set_timeout_ms(in.ptr, C.uint64_t(timeoutMs))
	var stop func() bool
	if ctx.Done() != nil {
		handle, fired := in.handle, in.fired
		stop = context.AfterFunc(ctx, func() {
			C.weft_interrupt_handle_interrupt(handle)
			fired <- struct{}{}
		})
	}
	in.link.hostErr = nil
	e := C.weft_instance_call(in.ptr, name, valsPtr(args), C.size_t(len(args)), valsPtr(results), C.size_t(len(results)))
	// Whatever was pending is consumed by this call.
	in.stale = false
	if stop != nil && !stop() {
		// The AfterFunc ran or is running: wait until its interrupt is
		// in. Whether this call consumed it is unknowable (weft's own
		// timer may have stopped the guest first), so the next call
		// treats an immediate interrupt as this one's leftover.
		<-in.fired
		in.stale = true
	}
	err := withContext(takeError(e), ctx)
	var trap *TrapError
	if in.link.hostErr != nil && errors.As(err, &trap) {
		trap.HostErr = in.link.hostErr
	}
	in.link.hostErr = nil
	return err
}

// millisUntil is the time left to d in whole milliseconds, rounded up so
// that weft's timeout never fires before the deadline; 0 when passed.
func millisUntil(d time.Time) uint64 {
	left := time.Until(d)
	if left <= 0 {
		return 0
	}
	return uint64((left + time.Millisecond - 1) / time.Millisecond)
}

func deadlinePassed(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

// SetFuel sets the fuel of following calls (0: back to the limits'
// FuelPerCall). Needs Config.Metering.
func (in *Instance) SetFuel(fuel uint64) error {
	return in.locked(func() error { return takeError(C.weft_instance_set_fuel(in.ptr, C.uint64_t(fuel))) })
}

// RemainingFuel is what the last call left.
func (in *Instance) RemainingFuel() uint64 {
	var fuel uint64
	in.locked(func() error { fuel = uint64(C.weft_instance_remaining_fuel(in.ptr)); return nil })
	return fuel
}

// Interrupt stops the running call (or the next one) from any goroutine;
// the call fails matching ErrDeadline (no context was involved).
func (in *Instance) Interrupt() {
	in.handleMu.Lock()
	defer in.handleMu.Unlock()
	if in.handle != nil {
		C.weft_interrupt_handle_interrupt(in.handle)
	}
}

// Close stops a running call, waits for it to return and frees the
// instance. Further calls return ErrClosed.
func (in *Instance) Close() error {
	if in.closing.Swap(true) {
		return nil
	}
	in.Interrupt()
	in.link.mu.Lock()
	defer in.link.mu.Unlock()
	C.weft_instance_delete(in.ptr)
	in.ptr = nil
	in.handleMu.Lock()
	C.weft_interrupt_handle_delete(in.handle)
	in.handle = nil
	in.handleMu.Unlock()
	return nil
}

// locked runs f holding the linker's call lock with the instance open.
func (in *Instance) locked(f func() error) error {
	in.link.mu.Lock()
	defer in.link.mu.Unlock()
	if in.closing.Load() || in.ptr == nil {
		return ErrClosed
	}
	return f()
}
