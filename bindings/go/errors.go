package weft

/*
#cgo pkg-config: weft
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
)

// Sentinels for errors.Is. A returned error may match several: a call
// stopped at its context's deadline matches ErrDeadline and
// context.DeadlineExceeded; a trap matches ErrTrap and, for its kind,
// ErrFuelExhausted or ErrDeadline.
var (
	// The call's deadline stopped the guest (context deadline, weft
	// timeout, or a plugin's timeout_ms).
	ErrDeadline = errors.New("weft: deadline exceeded")
	// The call's context was canceled and the guest stopped.
	ErrCanceled = errors.New("weft: call canceled")
	// The guest ran out of fuel.
	ErrFuelExhausted = errors.New("weft: fuel exhausted")
	// The guest trapped; errors.As gives the *TrapError.
	ErrTrap = errors.New("weft: trap")
	// A capability was refused: a plugin config that grants something it
	// may not (bad key, directory that cannot be opened), or a host
	// function that returned an error wrapping ErrCapability.
	ErrCapability = errors.New("weft: capability refused")
	// No plugin instance became free before the call's deadline.
	ErrPoolExhausted = errors.New("weft: instance pool exhausted")
	// The plugin's circuit breaker is open: calls are refused for now.
	ErrCircuitOpen = errors.New("weft: circuit open")
	// The object was closed.
	ErrClosed = errors.New("weft: use of closed object")
	// No such plugin, export or memory.
	ErrNotFound = errors.New("weft: not found")
)

// TrapCode identifies a trap; its String is weft's stable name
// ("INTEGER_DIVIDE_BY_ZERO").
type TrapCode int

// The trap codes the bindings branch on; every code of weft/trap_codes.inc
// can occur and has a name.
const (
	TrapNone          TrapCode = C.WEFT_TRAP_NONE
	TrapUnreachable   TrapCode = C.WEFT_TRAP_UNREACHABLE
	TrapInterrupted   TrapCode = C.WEFT_TRAP_INTERRUPTED
	TrapFuelExhausted TrapCode = C.WEFT_TRAP_FUEL_EXHAUSTED
	TrapHost          TrapCode = C.WEFT_TRAP_HOST
)

func (c TrapCode) String() string {
	if name := C.weft_trap_code_name(C.weft_trap_code_t(c)); name != nil {
		return C.GoString(name)
	}
	return fmt.Sprintf("TrapCode(%d)", int(c))
}

// Frame is one wasm frame of a trap's backtrace, innermost first.
type Frame struct {
	Depth        uint64 // position in the full backtrace (0 = innermost)
	FuncIndex    uint32 // in the module's function index space
	FuncName     string // from the name section; "" when none
	ModuleOffset uint32 // byte offset of the instruction in the module
}

// TrapError is a trap: its code, weft's message (with the backtrace
// printed) and the frames (at most 40 kept; TotalFrames is the true
// depth). errors.Is(err, ErrTrap) holds for every TrapError.
type TrapError struct {
	Code        TrapCode
	Message     string
	Frames      []Frame
	TotalFrames uint64
	// The error a Go host function returned that caused this trap, if
	// any: errors.Is and errors.As see through to it.
	HostErr error
}

func (e *TrapError) Error() string { return e.Message }

func (e *TrapError) Is(target error) bool {
	switch target {
	case ErrTrap:
		return true
	case ErrFuelExhausted:
		return e.Code == TrapFuelExhausted
	}
	return false
}

func (e *TrapError) Unwrap() error { return e.HostErr }

// Error is any other failure weft reports (decode, validation, link,
// plugin load), with weft's message and its canonical code.
type Error struct {
	Code    ErrorCode
	Message string
}

// ErrorCode is weft_error_code_t: the canonical status code.
type ErrorCode int

const (
	codeInvalidArgument  ErrorCode = C.WEFT_ERROR_INVALID_ARGUMENT
	codeDeadlineExceeded ErrorCode = C.WEFT_ERROR_DEADLINE_EXCEEDED
	codeNotFound         ErrorCode = C.WEFT_ERROR_NOT_FOUND
	codePermissionDenied ErrorCode = C.WEFT_ERROR_PERMISSION_DENIED
	codeUnavailable      ErrorCode = C.WEFT_ERROR_UNAVAILABLE
)

func (e *Error) Error() string { return e.Message }

func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Code == codeNotFound
	case ErrCapability:
		return e.Code == codePermissionDenied
	}
	return false
}

// ExitError: a WASI guest called proc_exit(Code). Code 0 is a normal end.
type ExitError struct{ Code uint32 }

func (e *ExitError) Error() string { return fmt.Sprintf("wasi: guest exited with code %d", e.Code) }

// takeError turns a weft_error_t (which it deletes) into a Go error: nil
// for NULL; a *TrapError for traps; an *ExitError for proc_exit; else an
// *Error. A plugin host's deadline, pool and circuit failures are wrapped
// so that ErrDeadline, ErrPoolExhausted and ErrCircuitOpen match.
func takeError(e *C.weft_error_t) error {
	if e == nil {
		return nil
	}
	defer C.weft_error_delete(e)
	var exit C.uint32_t
	if C.weft_error_exit_code(e, &exit) != 0 {
		return &ExitError{Code: uint32(exit)}
	}
	message := C.GoString(C.weft_error_message(e))
	code := ErrorCode(C.weft_error_code(e))
	trap := TrapCode(C.weft_error_trap_code(e))
	switch {
	case code == codeDeadlineExceeded && trap == TrapNone:
		// The plugin host's deadline passed while waiting for an instance.
		return fmt.Errorf("%w: %s", ErrPoolExhausted, message)
	case code == codeUnavailable:
		return fmt.Errorf("%w: %s", ErrCircuitOpen, message)
	case trap == TrapNone:
		return &Error{Code: code, Message: message}
	}
	t := &TrapError{Code: trap, Message: message, TotalFrames: uint64(C.weft_error_frame_total(e))}
	n := int(C.weft_error_frame_count(e))
	for i := 0; i < n; i++ {
		var f C.uint32_t
		var name *C.char
		var offset C.uint32_t
		if C.weft_error_frame(e, C.size_t(i), &f, &name, &offset) != 0 {
			break
		}
		t.Frames = append(t.Frames, Frame{
			Depth:        uint64(C.weft_error_frame_depth(e, C.size_t(i))),
			FuncIndex:    uint32(f),
			FuncName:     C.GoString(name),
			ModuleOffset: uint32(offset),
		})
	}
	if trap == TrapInterrupted {
		// weft interrupts a guest only for a deadline or a cancellation;
		// callCompleted refines it with the context. Alone it is a deadline.
		return &interruptError{trap: t, reason: ErrDeadline}
	}
	return t
}

// interruptError: a guest stopped by an interrupt, for a reason (ErrDeadline
// or ErrCanceled) and possibly a context error.
type interruptError struct {
	trap   *TrapError
	reason error
	ctxErr error
}

func (e *interruptError) Error() string {
	if e.ctxErr != nil {
		return fmt.Sprintf("%v: %s", e.ctxErr, e.trap.Message)
	}
	return e.trap.Message
}

func (e *interruptError) Unwrap() []error {
	errs := []error{e.reason, e.trap}
	if e.ctxErr != nil {
		errs = append(errs, e.ctxErr)
	}
	return errs
}

// contextError: the call did not start (or ended) because ctx is done.
func contextError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrDeadline, err)
	}
	return fmt.Errorf("%w: %w", ErrCanceled, err)
}

// withContext refines an interrupted call's error with why ctx stopped it.
func withContext(err error, ctx context.Context) error {
	var ie *interruptError
	if !errors.As(err, &ie) {
		return err
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		ie.ctxErr = ctxErr
		if errors.Is(ctxErr, context.Canceled) {
			ie.reason = ErrCanceled
		}
	} else if _, ok := ctx.Deadline(); ok {
		// weft's own timer, set from this deadline, can fire a hair
		// before Go's context notices.
		ie.ctxErr = context.DeadlineExceeded
	}
	return err
}
