package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// ExternKind is the kind of an import or export.
type ExternKind int

const (
	ExternFunc   ExternKind = C.WEFT_EXTERN_FUNC
	ExternTable  ExternKind = C.WEFT_EXTERN_TABLE
	ExternMemory ExternKind = C.WEFT_EXTERN_MEMORY
	ExternGlobal ExternKind = C.WEFT_EXTERN_GLOBAL
	ExternTag    ExternKind = C.WEFT_EXTERN_TAG
)

func (k ExternKind) String() string {
	if name := C.weft_extern_kind_name(C.int(k)); name != nil {
		return C.GoString(name)
	}
	return fmt.Sprintf("ExternKind(%d)", int(k))
}

// FuncType is a function signature.
type FuncType struct {
	Params, Results []ValKind
}

func (t FuncType) String() string { return fmt.Sprintf("%v -> %v", t.Params, t.Results) }

// ImportType is one import of a module.
type ImportType struct {
	Module, Name string
	Kind         ExternKind
}

// ExportType is one export; Type is set for functions.
type ExportType struct {
	Name string
	Kind ExternKind
	Type *FuncType
}

// Module is a compiled module: decoded, validated, translated. Immutable;
// may be shared by goroutines and instantiated many times.
type Module struct {
	owner
	ptr     *C.weft_module_t
	imports []ImportType
	exports []ExportType
	byName  map[string]*FuncType
}

// Compile decodes, validates and compiles `wasm` (binary, or the text
// format). Errors carry byte offsets.
func Compile(engine *Engine, wasm []byte) (*Module, error) {
	m := &Module{}
	err := engine.use(func() error {
		var data *C.uint8_t
		if len(wasm) > 0 {
			// Copied by weft; pinned by cgo for the call.
			data = (*C.uint8_t)(unsafe.Pointer(&wasm[0]))
		}
		return takeError(C.weft_module_new(engine.ptr, data, C.size_t(len(wasm)), &m.ptr))
	})
	if err != nil {
		return nil, err
	}
	m.describe()
	runtime.SetFinalizer(m, (*Module).Close)
	return m, nil
}

// Validate reports whether `wasm` would compile, with the same error.
func Validate(engine *Engine, wasm []byte) error {
	m, err := Compile(engine, wasm)
	if err == nil {
		m.Close()
	}
	return err
}

// describe reads imports and exports once: they are immutable, and Go
// callers then need no C call (nor the object alive) to look.
func (m *Module) describe() {
	n := int(C.weft_module_import_count(m.ptr))
	for i := 0; i < n; i++ {
		m.imports = append(m.imports, ImportType{
			Module: C.GoString(C.weft_module_import_module(m.ptr, C.size_t(i))),
			Name:   C.GoString(C.weft_module_import_name(m.ptr, C.size_t(i))),
			Kind:   ExternKind(C.weft_module_import_kind(m.ptr, C.size_t(i))),
		})
	}
	m.byName = map[string]*FuncType{}
	n = int(C.weft_module_export_count(m.ptr))
	for i := 0; i < n; i++ {
		e := ExportType{
			Name: C.GoString(C.weft_module_export_name(m.ptr, C.size_t(i))),
			Kind: ExternKind(C.weft_module_export_kind(m.ptr, C.size_t(i))),
		}
		if e.Kind == ExternFunc {
			e.Type = m.signature(i)
			m.byName[e.Name] = e.Type
		}
		m.exports = append(m.exports, e)
	}
}

func (m *Module) signature(index int) *FuncType {
	var np, nr C.size_t
	if C.weft_module_export_signature(m.ptr, C.size_t(index), nil, 0, &np, nil, 0, &nr) != 0 {
		return nil
	}
	params := make([]C.weft_valkind_t, np+1)
	results := make([]C.weft_valkind_t, nr+1)
	C.weft_module_export_signature(m.ptr, C.size_t(index), &params[0], np, &np, &results[0], nr, &nr)
	t := &FuncType{}
	for _, k := range params[:np] {
		t.Params = append(t.Params, ValKind(k))
	}
	for _, k := range results[:nr] {
		t.Results = append(t.Results, ValKind(k))
	}
	return t
}

// Imports lists what the module imports, in order.
func (m *Module) Imports() []ImportType { return append([]ImportType(nil), m.imports...) }

// Exports lists what the module exports, in order.
func (m *Module) Exports() []ExportType { return append([]ExportType(nil), m.exports...) }

// FuncType is the signature of function export `name`.
func (m *Module) FuncType(name string) (FuncType, bool) {
	t, ok := m.byName[name]
	if !ok {
		return FuncType{}, false
	}
	return *t, true
}

// Close frees the module; instances made from it keep working.
func (m *Module) Close() error {
	m.close(func() { C.weft_module_delete(m.ptr); m.ptr = nil })
	return nil
}
