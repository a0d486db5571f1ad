// The C side of the Go bindings: trampolines from weft's C callbacks into
// exported Go functions (bridge.c). Go cannot take the address of a Go
// function as a C function pointer, so these C functions stand between.
#ifndef WEFT_BINDINGS_GO_BRIDGE_H_
#define WEFT_BINDINGS_GO_BRIDGE_H_

#include <stdint.h>

#include "weft/weft.h"

// weft_linker_define_func_with_caller with the Go host function that the
// runtime/cgo.Handle `handle` refers to; the handle is deleted when weft
// can no longer call the function.
weft_error_t* weft_go_define_func(weft_linker_t* linker, const char* module, const char* name,
                                  const weft_valkind_t* params, size_t nparams,
                                  const weft_valkind_t* results, size_t nresults,
                                  uintptr_t handle);

// weft_plugin_host_new_with_options whose log goes to the Go
// PluginManager that `handle` refers to (0: no log).
weft_plugin_host_t* weft_go_plugin_host_new(weft_plugin_host_options_t* options,
                                            uintptr_t handle);

#endif  // WEFT_BINDINGS_GO_BRIDGE_H_
