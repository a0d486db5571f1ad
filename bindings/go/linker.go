package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"unsafe"
)

// Linker holds named imports (Go host functions, other instances' exports,
// WASI) and instantiates modules against them.
//
// weft lets a linker and its instances run one call at a time; the Go
// bindings enforce that with one lock per linker, so goroutines may share
// a linker and its instances freely — their calls take turns. For
// parallel calls, give each goroutine its own linker (or use the plugin
// host, which pools instances).
type Linker struct {
	owner
	ptr    *C.weft_linker_t
	engine *Engine
	link   *linkState
	wasi   *WASI
}

// linkState is what a linker shares with its instances and host
// functions: the lock that keeps their calls one at a time, and the error
// the last Go host function returned (so a trap it caused can carry it).
type linkState struct {
	mu      sync.Mutex
	hostErr error
}

// NewLinker makes an empty linker for modules of `engine`.
func NewLinker(engine *Engine) (*Linker, error) {
	l := &Linker{engine: engine, link: &linkState{}}
	if err := engine.use(func() error { l.ptr = C.weft_linker_new(engine.ptr); return nil }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(l, (*Linker).Close)
	return l, nil
}

// Close frees the linker; its instances keep working. Host functions are
// released when the linker and all its instances are closed.
func (l *Linker) Close() error {
	l.link.mu.Lock()
	defer l.link.mu.Unlock()
	l.close(func() { C.weft_linker_delete(l.ptr); l.ptr = nil })
	return nil
}

// DefineInstance makes every export of `in` importable under `module`.
func (l *Linker) DefineInstance(module string, in *Instance) error {
	cmod := C.CString(module)
	defer C.free(unsafe.Pointer(cmod))
	return l.locked(func() error {
		if in.link != l.link {
			return fmt.Errorf("weft: DefineInstance: the instance was made by another linker")
		}
		if in.ptr == nil {
			return ErrClosed
		}
		return takeError(C.weft_linker_define_instance(l.ptr, cmod, in.ptr))
	})
}

// locked runs f holding the linker's call lock, with the linker open.
func (l *Linker) locked(f func() error) error {
	l.link.mu.Lock()
	defer l.link.mu.Unlock()
	return l.use(f)
}

// Instantiate links `m` and runs its start function (and, for WASI
// reactors, nothing more: call "_initialize" yourself if it exports one).
// ctx bounds the start function: its deadline or cancellation stops a
// start function that would never return. limits may be nil for the
// engine's defaults.
func (l *Linker) Instantiate(ctx context.Context, m *Module, limits *Limits) (*Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, contextError(err)
	}
	in := &Instance{link: l.link, types: m.byName, fired: make(chan struct{}, 1)}
	var opts C.weft_instantiate_options_t
	var climits C.weft_limits_t
	var pinner runtime.Pinner // opts points at climits while C reads it
	defer pinner.Unpin()
	if limits != nil {
		climits = limits.c()
		pinner.Pin(&climits)
		opts.limits = &climits
	}
	err := l.locked(func() error {
		return m.use(func() error {
			if l.wasi != nil && l.wasi.attached {
				return fmt.Errorf("weft: this linker's WASI already serves an instance; use a linker per WASI instance")
			}
			start := C.weft_interrupt_handle_new()
			defer C.weft_interrupt_handle_delete(start)
			opts.interrupt = start
			if d, ok := ctx.Deadline(); ok {
				opts.start_timeout_ms = C.uint64_t(millisUntil(d))
			}
			if ctx.Done() != nil {
				fired := make(chan struct{})
				stop := context.AfterFunc(ctx, func() {
					C.weft_interrupt_handle_interrupt(start)
					close(fired)
				})
				// The handle is deleted when this returns: wait for an
				// interrupt already under way.
				defer func() {
					if !stop() {
						<-fired
					}
				}()
			}
			err := takeError(C.weft_instance_new_with_options(l.ptr, m.ptr, &opts, &in.ptr))
			if err != nil {
				return withContext(err, ctx)
			}
			in.handle = C.weft_instance_interrupt_handle(in.ptr)
			if l.wasi != nil {
				if err := l.wasi.attach(in); err != nil {
					C.weft_interrupt_handle_delete(in.handle)
					C.weft_instance_delete(in.ptr)
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	runtime.SetFinalizer(in, (*Instance).Close)
	return in, nil
}
