package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Caller is a host function's view of the instance calling it. It is
// valid only while the host function runs: afterwards every method
// returns ErrClosed (or zero). Memory is that of the calling instance, so
// two instances of one linker never see each other's.
type Caller struct {
	ptr *C.weft_caller_t
}

// ReadMemory copies n bytes at offset out of the caller's "memory".
func (c *Caller) ReadMemory(offset uint64, n int) ([]byte, error) {
	if c.ptr == nil {
		return nil, ErrClosed
	}
	out := make([]byte, n)
	var p unsafe.Pointer
	if n > 0 {
		p = unsafe.Pointer(&out[0])
	}
	if err := takeError(C.weft_caller_memory_read(c.ptr, nil, C.uint64_t(offset), p, C.size_t(n))); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteMemory copies data into the caller's "memory" at offset; out of
// bounds, it fails and writes nothing.
func (c *Caller) WriteMemory(offset uint64, data []byte) error {
	if c.ptr == nil {
		return ErrClosed
	}
	var p unsafe.Pointer
	if len(data) > 0 {
		p = unsafe.Pointer(&data[0])
	}
	return takeError(C.weft_caller_memory_write(c.ptr, nil, C.uint64_t(offset), p, C.size_t(len(data))))
}

// MemoryData is the caller's "memory" in place, without copying. The
// slice is valid only until the memory can grow or move (a nested Call,
// or the host function's return): do not keep it.
func (c *Caller) MemoryData() ([]byte, error) {
	if c.ptr == nil {
		return nil, ErrClosed
	}
	var data *C.uint8_t
	var size C.uint64_t
	if err := takeError(C.weft_caller_memory_data(c.ptr, nil, &data, &size)); err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(data)), int(size)), nil
}

// MemorySize is the size in bytes of the caller's "memory" (0: none).
func (c *Caller) MemorySize() uint64 {
	if c.ptr == nil {
		return 0
	}
	return uint64(C.weft_caller_memory_size(c.ptr, nil))
}

// Call calls the caller's export `name` (re-entry); nresults must be its
// result count. Nested calls share the running call's fuel and depth.
func (c *Caller) Call(name string, nresults int, args ...Value) ([]Value, error) {
	if c.ptr == nil {
		return nil, ErrClosed
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	cargs := make([]C.weft_val_t, len(args))
	for i, a := range args {
		cargs[i] = cValue(a)
	}
	cres := make([]C.weft_val_t, nresults)
	err := takeError(C.weft_caller_call(c.ptr, cname, valsPtr(cargs), C.size_t(len(cargs)), valsPtr(cres), C.size_t(nresults)))
	if err != nil {
		return nil, err
	}
	out := make([]Value, nresults)
	for i := range cres {
		out[i] = goValue(&cres[i])
	}
	return out, nil
}

// RemainingFuel of the running call (2^63-1 without metering).
func (c *Caller) RemainingFuel() uint64 {
	if c.ptr == nil {
		return 0
	}
	return uint64(C.weft_caller_remaining_fuel(c.ptr))
}

// ConsumeFuel charges the host's own work to the call; when less is left
// it returns an error matching ErrFuelExhausted: return it to stop the
// call as if the guest had run out.
func (c *Caller) ConsumeFuel(amount uint64) error {
	if c.ptr == nil {
		return ErrClosed
	}
	return takeError(C.weft_caller_consume_fuel(c.ptr, C.uint64_t(amount)))
}

// Interrupted reports whether the running call has been asked to stop
// (its context ended, a deadline passed): a host function that waits
// should check it and return ErrCanceled or ErrDeadline.
func (c *Caller) Interrupted() bool {
	return c.ptr != nil && C.weft_caller_interrupted(c.ptr) != 0
}

// InterruptFD is a descriptor that polls readable once the call is asked
// to stop, to wait on beside your own; never close it. -1 when invalid.
func (c *Caller) InterruptFD() int {
	if c.ptr == nil {
		return -1
	}
	return int(C.weft_caller_interrupt_fd(c.ptr))
}

func (c *Caller) String() string { return fmt.Sprintf("weft.Caller(%p)", c.ptr) }
