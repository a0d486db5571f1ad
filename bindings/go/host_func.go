package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
#include "bridge.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"reflect"
	"runtime/cgo"
	"unsafe"
)

// HostFunc implements an import in Go. It receives its caller (the
// instance calling it: its memory, fuel, interrupt state) and the
// arguments, of the declared types, and returns results of the declared
// types. A non-nil error traps the calling guest (TrapHost); the call's
// *TrapError then unwraps to that error. Returning an error that wraps
// ErrDeadline or ErrCanceled (e.g. after Caller.Interrupted) stops the
// call as an interrupt does. A panic is recovered and traps the same way.
type HostFunc func(caller *Caller, args []Value) ([]Value, error)

// hostFunc is what a cgo.Handle passed to weft refers to.
type hostFunc struct {
	name string
	typ  FuncType
	fn   HostFunc
	link *linkState
}

// DefineFunc defines (module, name) as the Go function `fn` of type `t`.
func (l *Linker) DefineFunc(module, name string, t FuncType, fn HostFunc) error {
	hf := &hostFunc{name: module + "." + name, typ: t, fn: fn, link: l.link}
	cmod, cname := C.CString(module), C.CString(name)
	defer C.free(unsafe.Pointer(cmod))
	defer C.free(unsafe.Pointer(cname))
	params, results := cKinds(t.Params), cKinds(t.Results)
	return l.locked(func() error {
		// weft releases the handle (weftGoReleaseHandle) once nothing can
		// call the function any more, or right away when defining fails.
		h := cgo.NewHandle(hf)
		return takeError(C.weft_go_define_func(l.ptr, cmod, cname, kindsPtr(params),
			C.size_t(len(params)), kindsPtr(results), C.size_t(len(results)), C.uintptr_t(h)))
	})
}

var (
	callerType = reflect.TypeOf((*Caller)(nil))
	errorType  = reflect.TypeOf((*error)(nil)).Elem()
)

// kindOf maps a Go parameter or result type to its wasm type.
func kindOf(t reflect.Type) (ValKind, bool) {
	switch t.Kind() {
	case reflect.Int32, reflect.Uint32:
		return I32, true
	case reflect.Int64, reflect.Uint64:
		return I64, true
	case reflect.Float32:
		return F32, true
	case reflect.Float64:
		return F64, true
	}
	return 0, false
}

// Define defines (module, name) as a typed Go function, its wasm type
// taken from its Go type: parameters and results of int32, uint32
// (i32), int64, uint64 (i64), float32, float64; optionally a *Caller
// first and an error last. E.g.
//
//	linker.Define("env", "add", func(a, b int32) int32 { return a + b })
//	linker.Define("env", "log", func(c *weft.Caller, ptr, n int32) error { ... })
func (l *Linker) Define(module, name string, fn any) error {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func {
		return fmt.Errorf("weft: Define %s.%s: %T is not a function", module, name, fn)
	}
	var ft FuncType
	withCaller := t.NumIn() > 0 && t.In(0) == callerType
	for i := 0; i < t.NumIn(); i++ {
		if i == 0 && withCaller {
			continue
		}
		k, ok := kindOf(t.In(i))
		if !ok {
			return fmt.Errorf("weft: Define %s.%s: parameter type %v has no wasm type", module, name, t.In(i))
		}
		ft.Params = append(ft.Params, k)
	}
	withError := t.NumOut() > 0 && t.Out(t.NumOut()-1) == errorType
	for i := 0; i < t.NumOut(); i++ {
		if i == t.NumOut()-1 && withError {
			continue
		}
		k, ok := kindOf(t.Out(i))
		if !ok {
			return fmt.Errorf("weft: Define %s.%s: result type %v has no wasm type", module, name, t.Out(i))
		}
		ft.Results = append(ft.Results, k)
	}
	return l.DefineFunc(module, name, ft, func(c *Caller, args []Value) ([]Value, error) {
		in := make([]reflect.Value, 0, t.NumIn())
		if withCaller {
			in = append(in, reflect.ValueOf(c))
		}
		for _, a := range args {
			pt := t.In(len(in))
			switch a.kind {
			case I32, I64:
				if pt.Kind() == reflect.Int32 || pt.Kind() == reflect.Int64 {
					in = append(in, reflect.ValueOf(int64(a.bits)).Convert(pt))
				} else {
					in = append(in, reflect.ValueOf(a.bits).Convert(pt))
				}
			case F32:
				in = append(in, reflect.ValueOf(a.F32()))
			case F64:
				in = append(in, reflect.ValueOf(a.F64()))
			}
		}
		out := v.Call(in)
		if withError {
			if err, _ := out[len(out)-1].Interface().(error); err != nil {
				return nil, err
			}
			out = out[:len(out)-1]
		}
		results := make([]Value, len(out))
		for i, o := range out {
			switch ft.Results[i] {
			case I32:
				if o.Kind() == reflect.Uint32 {
					results[i] = ValueI32(int32(o.Uint()))
				} else {
					results[i] = ValueI32(int32(o.Int()))
				}
			case I64:
				if o.Kind() == reflect.Uint64 {
					results[i] = ValueI64(int64(o.Uint()))
				} else {
					results[i] = ValueI64(o.Int())
				}
			case F32:
				results[i] = ValueF32(float32(o.Float()))
			case F64:
				results[i] = ValueF64(o.Float())
			}
		}
		return results, nil
	})
}

//export weftGoHostCall
func weftGoHostCall(handle C.uintptr_t, caller *C.weft_caller_t, args *C.weft_val_t, nargs C.size_t,
	results *C.weft_val_t, nresults C.size_t) (failure *C.weft_error_t) {
	hf := cgo.Handle(handle).Value().(*hostFunc)
	c := &Caller{ptr: caller}
	defer func() {
		// The caller is valid only during this callback.
		c.ptr = nil
		// A panic must not unwind through C: it traps the guest instead.
		if r := recover(); r != nil {
			failure = hf.fail(fmt.Errorf("weft: host function %s panicked: %v", hf.name, r))
		}
	}()
	in := make([]Value, int(nargs))
	for i, a := range unsafe.Slice(args, int(nargs)) {
		in[i] = goValue(&a)
	}
	out, err := hf.fn(c, in)
	if err != nil {
		return hf.fail(err)
	}
	if len(out) != int(nresults) {
		return hf.fail(fmt.Errorf("weft: host function %s returned %d results, its type has %d", hf.name, len(out), int(nresults)))
	}
	cres := unsafe.Slice(results, int(nresults))
	for i, v := range out {
		if v.kind != ValKind(cres[i].kind) {
			return hf.fail(fmt.Errorf("weft: host function %s result %d is %v, its type says %v", hf.name, i, v.kind, ValKind(cres[i].kind)))
		}
		cres[i] = cValue(v)
	}
	return nil
}

// fail remembers err for the call's TrapError and makes weft's error.
func (hf *hostFunc) fail(err error) *C.weft_error_t {
	hf.link.hostErr = err
	if errors.Is(err, ErrDeadline) || errors.Is(err, ErrCanceled) {
		return C.weft_error_new_interrupted()
	}
	msg := C.CString(err.Error())
	defer C.free(unsafe.Pointer(msg))
	return C.weft_error_new(msg)
}

//export weftGoReleaseHandle
func weftGoReleaseHandle(handle C.uintptr_t) { cgo.Handle(handle).Delete() }
