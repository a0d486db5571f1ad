package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"io"
	"unsafe"
)

// Memory is an exported linear memory of an instance, by name. Accesses
// are bounds-checked: out of range, they fail and touch nothing. It
// implements io.ReaderAt and io.WriterAt.
type Memory struct {
	in   *Instance
	name string
}

// Memory is the exported memory `name` ("" for "memory").
func (in *Instance) Memory(name string) *Memory {
	if name == "" {
		name = "memory"
	}
	return &Memory{in: in, name: name}
}

// Size in bytes; 0 when there is no such memory (or it is closed).
func (m *Memory) Size() uint64 {
	var size uint64
	m.with(func(name *C.char) error {
		size = uint64(C.weft_instance_memory_size(m.in.ptr, name))
		return nil
	})
	return size
}

// Read copies n bytes at offset.
func (m *Memory) Read(offset uint64, n int) ([]byte, error) {
	out := make([]byte, n)
	if _, err := m.ReadAt(out, int64(offset)); err != nil {
		return nil, err
	}
	return out, nil
}

// Write copies data to offset.
func (m *Memory) Write(offset uint64, data []byte) error {
	_, err := m.WriteAt(data, int64(offset))
	return err
}

func (m *Memory) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	err := m.with(func(name *C.char) error {
		return takeError(C.weft_instance_memory_read(m.in.ptr, name, C.uint64_t(off), bytesPtr(p), C.size_t(len(p))))
	})
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

func (m *Memory) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrShortWrite
	}
	err := m.with(func(name *C.char) error {
		return takeError(C.weft_instance_memory_write(m.in.ptr, name, C.uint64_t(off), bytesPtr(p), C.size_t(len(p))))
	})
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

func (m *Memory) with(f func(name *C.char) error) error {
	name := C.CString(m.name)
	defer C.free(unsafe.Pointer(name))
	return m.in.locked(func() error { return f(name) })
}

func bytesPtr(p []byte) unsafe.Pointer {
	if len(p) == 0 {
		return nil
	}
	return unsafe.Pointer(&p[0])
}
