package weft

/*
#include "weft/weft.h"
*/
import "C"

import (
	"fmt"
	"math"
	"unsafe"
)

// ValKind is a WebAssembly value type (its binary encoding).
type ValKind uint8

const (
	I32       ValKind = C.WEFT_I32
	I64       ValKind = C.WEFT_I64
	F32       ValKind = C.WEFT_F32
	F64       ValKind = C.WEFT_F64
	V128      ValKind = C.WEFT_V128
	FuncRef   ValKind = C.WEFT_FUNCREF
	ExternRef ValKind = C.WEFT_EXTERNREF
)

func (k ValKind) String() string {
	switch k {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	case V128:
		return "v128"
	case FuncRef:
		return "funcref"
	case ExternRef:
		return "externref"
	}
	return fmt.Sprintf("ValKind(%#x)", uint8(k))
}

// Value is one wasm value of the numeric types (i32, i64, f32, f64).
type Value struct {
	kind ValKind
	bits uint64
}

func ValueI32(v int32) Value   { return Value{I32, uint64(uint32(v))} }
func ValueI64(v int64) Value   { return Value{I64, uint64(v)} }
func ValueF32(v float32) Value { return Value{F32, uint64(math.Float32bits(v))} }
func ValueF64(v float64) Value { return Value{F64, math.Float64bits(v)} }

func (v Value) Kind() ValKind    { return v.kind }
func (v Value) I32() int32       { return int32(uint32(v.bits)) }
func (v Value) I64() int64       { return int64(v.bits) }
func (v Value) F32() float32     { return math.Float32frombits(uint32(v.bits)) }
func (v Value) F64() float64     { return math.Float64frombits(v.bits) }
func (v Value) String() string {
	switch v.kind {
	case I32:
		return fmt.Sprintf("i32:%d", v.I32())
	case I64:
		return fmt.Sprintf("i64:%d", v.I64())
	case F32:
		return fmt.Sprintf("f32:%g", v.F32())
	case F64:
		return fmt.Sprintf("f64:%g", v.F64())
	}
	return v.kind.String()
}

// toValue converts a Go argument to a value of `kind`: a Value of that
// kind, or a Go number that fits it exactly (int, int32, uint32 for i32;
// int, int64, uint64 for i64; float32 for f32; float32, float64 for f64).
func toValue(arg any, kind ValKind) (Value, error) {
	bad := func() (Value, error) { return Value{}, fmt.Errorf("weft: %T %v is not a %s", arg, arg, kind) }
	if v, ok := arg.(Value); ok {
		if v.kind != kind {
			return bad()
		}
		return v, nil
	}
	switch kind {
	case I32:
		switch a := arg.(type) {
		case int32:
			return ValueI32(a), nil
		case uint32:
			return ValueI32(int32(a)), nil
		case int:
			if a < math.MinInt32 || a > math.MaxUint32 {
				return bad()
			}
			return ValueI32(int32(a)), nil
		}
	case I64:
		switch a := arg.(type) {
		case int64:
			return ValueI64(a), nil
		case uint64:
			return ValueI64(int64(a)), nil
		case int:
			return ValueI64(int64(a)), nil
		}
	case F32:
		if a, ok := arg.(float32); ok {
			return ValueF32(a), nil
		}
	case F64:
		switch a := arg.(type) {
		case float64:
			return ValueF64(a), nil
		case float32:
			return ValueF64(float64(a)), nil
		}
	}
	return bad()
}

func cValue(v Value) C.weft_val_t {
	var c C.weft_val_t
	c.kind = C.weft_valkind_t(v.kind)
	// The union's first 8 bytes hold every numeric type, little-endian.
	*(*uint64)(unsafe.Pointer(&c.of)) = v.bits
	return c
}

func goValue(c *C.weft_val_t) Value {
	v := Value{kind: ValKind(c.kind), bits: *(*uint64)(unsafe.Pointer(&c.of))}
	switch v.kind {
	case I32, F32:
		v.bits &= 0xFFFFFFFF
	}
	return v
}

func cKinds(kinds []ValKind) []C.weft_valkind_t {
	out := make([]C.weft_valkind_t, len(kinds))
	for i, k := range kinds {
		out[i] = C.weft_valkind_t(k)
	}
	return out
}

// kindsPtr is the C array of `kinds`, or NULL when empty.
func kindsPtr(kinds []C.weft_valkind_t) *C.weft_valkind_t {
	if len(kinds) == 0 {
		return nil
	}
	return &kinds[0]
}

func valsPtr(vals []C.weft_val_t) *C.weft_val_t {
	if len(vals) == 0 {
		return nil
	}
	return &vals[0]
}
