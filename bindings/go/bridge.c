// See bridge.h. A cgo.Handle is an integer; it travels through weft's
// void* env unchanged.
#include "bridge.h"

#include "_cgo_export.h"

static weft_error_t* host_trampoline(void* env, weft_caller_t* caller, const weft_val_t* args,
                                     size_t nargs, weft_val_t* results, size_t nresults) {
  return weftGoHostCall((uintptr_t)env, caller, (weft_val_t*)args, nargs, results, nresults);
}

static void host_release(void* env) { weftGoReleaseHandle((uintptr_t)env); }

weft_error_t* weft_go_define_func(weft_linker_t* linker, const char* module, const char* name,
                                  const weft_valkind_t* params, size_t nparams,
                                  const weft_valkind_t* results, size_t nresults,
                                  uintptr_t handle) {
  return weft_linker_define_func_with_caller(linker, module, name, params, nparams, results,
                                             nresults, host_trampoline, (void*)handle,
                                             host_release);
}

static void log_trampoline(void* env, const char* plugin, const char* message) {
  weftGoPluginLog((uintptr_t)env, (char*)plugin, (char*)message);
}

weft_plugin_host_t* weft_go_plugin_host_new(weft_plugin_host_options_t* options,
                                            uintptr_t handle) {
  if (handle != 0) {
    options->log = log_trampoline;
    options->log_env = (void*)handle;
  }
  return weft_plugin_host_new_with_options(options);
}
