/* weft C API: embed the weft WebAssembly interpreter from C.
 *
 * A thin layer over the C++ API (engine.h, module.h, linker.h,
 * instance.h); the semantics, limits and thread-safety rules are the same.
 *
 * Ownership: every object returned by a *_new function (or through an out
 * parameter of one) is owned by the caller and released with the matching
 * *_delete function; deleting NULL does nothing. Functions that can fail
 * return a weft_error_t* (NULL on success) that the caller must delete.
 * Objects may be deleted in any order: a module is kept alive by its
 * instances, and an instance's store by its linker and instances.
 * Strings passed in are copied; strings returned are owned by the object
 * they come from and live as long as it.
 *
 * Thread-safety: engines and modules are immutable and may be shared by
 * threads. A linker and the instances created through it must be used by
 * one thread at a time; only weft_interrupt_handle_interrupt may be called
 * from any thread.
 */
#ifndef WEFT_INCLUDE_WEFT_WEFT_H_
#define WEFT_INCLUDE_WEFT_WEFT_H_

#include <stddef.h>
#include <stdint.h>

#include "weft/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct weft_engine weft_engine_t;
typedef struct weft_module weft_module_t;
typedef struct weft_linker weft_linker_t;
typedef struct weft_instance weft_instance_t;
typedef struct weft_interrupt_handle weft_interrupt_handle_t;
typedef struct weft_error weft_error_t;

/* Value types: the binary encodings. */
typedef enum weft_valkind {
  WEFT_I32 = 0x7F,
  WEFT_I64 = 0x7E,
  WEFT_F32 = 0x7D,
  WEFT_F64 = 0x7C,
  WEFT_V128 = 0x7B,
  WEFT_FUNCREF = 0x70,
  WEFT_EXTERNREF = 0x6F,
} weft_valkind_t;

typedef struct weft_val {
  weft_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    uintptr_t ref; /* 0 is null */
    uint8_t v128[16]; /* lane bytes in memory order (lane 0 first) */
  } of;
} weft_val_t;

/* Trap codes (the same list and values as weft::TrapCode, from
 * weft/trap_codes.inc): WEFT_TRAP_NONE (not a trap), WEFT_TRAP_UNREACHABLE,
 * ..., WEFT_TRAP_HOST, WEFT_TRAP_COMPILE_ERROR. */
typedef enum weft_trap_code {
#define WEFT_TRAP_CODE(name, c_name, message) WEFT_TRAP_##c_name,
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE
} weft_trap_code_t;

/* ---- version ---------------------------------------------------------- */

/* The linked library's version, "MAJOR.MINOR.PATCH" (static storage);
 * WEFT_VERSION (weft/version.h) is the headers'. */
const char* weft_version(void);

/* ---- errors ---------------------------------------------------------- */

/* A new error with `message`; host functions return one to trap. */
weft_error_t* weft_error_new(const char* message);
void weft_error_delete(weft_error_t* error);
/* The full message (for traps: message and wasm backtrace). */
const char* weft_error_message(const weft_error_t* error);
/* The trap code, or WEFT_TRAP_NONE for other errors (decode, link, ...). */
weft_trap_code_t weft_error_trap_code(const weft_error_t* error);

/* ---- engine ---------------------------------------------------------- */

typedef struct weft_limits {
  uint32_t max_memory_pages; /* 0: 65536 */
  uint32_t max_call_depth;   /* 0: 10000 */
  uint32_t max_stack_slots;  /* 0: 1 << 20 */
  uint64_t fuel_per_call;    /* 0: unlimited (needs metering otherwise) */
} weft_limits_t;

typedef struct weft_config {
  int metering;                /* non-zero: compile fuel-charging code */
  weft_limits_t default_limits;
} weft_config_t;

/* `config` may be NULL for the defaults. Never returns NULL. */
weft_engine_t* weft_engine_new(const weft_config_t* config);
void weft_engine_delete(weft_engine_t* engine);

/* ---- modules --------------------------------------------------------- */

/* Decodes, validates and compiles `bytes`; errors carry byte offsets. */
weft_error_t* weft_module_new(const weft_engine_t* engine, const uint8_t* bytes,
                              size_t size, weft_module_t** out);
void weft_module_delete(weft_module_t* module);

/* Introspection. Kinds: 0 func, 1 table, 2 memory, 3 global. Names live as
 * long as the module; out-of-range indices give NULL / -1. */
size_t weft_module_import_count(const weft_module_t* module);
const char* weft_module_import_module(const weft_module_t* module, size_t index);
const char* weft_module_import_name(const weft_module_t* module, size_t index);
int weft_module_import_kind(const weft_module_t* module, size_t index);
size_t weft_module_export_count(const weft_module_t* module);
const char* weft_module_export_name(const weft_module_t* module, size_t index);
int weft_module_export_kind(const weft_module_t* module, size_t index);
/* The signature of function export `index`: writes up to `params_cap` /
 * `results_cap` kinds and the true counts. Returns 0, or -1 when `index` is
 * not a function export. */
int weft_module_export_signature(const weft_module_t* module, size_t index,
                                 weft_valkind_t* params, size_t params_cap, size_t* nparams,
                                 weft_valkind_t* results, size_t results_cap,
                                 size_t* nresults);

/* ---- linker and host functions --------------------------------------- */

/* A host function: `args` holds `nargs` values of the declared parameter
 * types; fill `results` (kinds preset to the declared result types).
 * Return NULL on success, or a weft_error_t* (ownership passes to weft) to
 * trap the calling wasm code with WEFT_TRAP_HOST. */
typedef weft_error_t* (*weft_host_callback_t)(void* env, const weft_val_t* args,
                                              size_t nargs, weft_val_t* results,
                                              size_t nresults);

weft_linker_t* weft_linker_new(const weft_engine_t* engine);
void weft_linker_delete(weft_linker_t* linker);

/* Defines (module, name) as a host function of the given type. `finalizer`
 * (may be NULL) is called with `env` when the function can no longer be
 * called (after the linker and all its instances are deleted). */
weft_error_t* weft_linker_define_func(weft_linker_t* linker, const char* module,
                                      const char* name, const weft_valkind_t* params,
                                      size_t nparams, const weft_valkind_t* results,
                                      size_t nresults, weft_host_callback_t callback,
                                      void* env, void (*finalizer)(void* env));

/* Makes every export of `instance` (created through `linker`) importable
 * under `module`. */
weft_error_t* weft_linker_define_instance(weft_linker_t* linker, const char* module,
                                          const weft_instance_t* instance);

/* ---- instances ------------------------------------------------------- */

/* `limits` may be NULL for the engine's default limits. */
weft_error_t* weft_instance_new(weft_linker_t* linker, const weft_module_t* module,
                                const weft_limits_t* limits, weft_instance_t** out);
void weft_instance_delete(weft_instance_t* instance);

/* The same with a budget for the module's start function, which runs
 * inside this call: without one, a start function that never returns never
 * lets it return. A start function stopped by the budget fails the call
 * with WEFT_TRAP_INTERRUPTED ("start function func[1] <init>: deadline
 * exceeded: interrupted", or "...: interrupted" through `interrupt`) or
 * WEFT_TRAP_FUEL_EXHAUSTED, and *out stays NULL. `options` may be NULL
 * (as weft_instance_new with NULL limits). See instantiate_options.h. */
typedef struct weft_instantiate_options {
  const weft_limits_t* limits; /* NULL: the engine's default limits */
  uint64_t start_fuel;         /* 0: the limits' fuel_per_call (needs metering) */
  uint64_t start_timeout_ms;   /* 0: none; counted from the call */
  /* NULL: none. Must come from weft_interrupt_handle_new (an instance's
   * own handle is refused): weft_interrupt_handle_interrupt on it, from
   * any thread, stops the start functions running with it, or the next
   * one when none is running. Not kept after the call returns. */
  const weft_interrupt_handle_t* interrupt;
} weft_instantiate_options_t;

weft_error_t* weft_instance_new_with_options(weft_linker_t* linker, const weft_module_t* module,
                                             const weft_instantiate_options_t* options,
                                             weft_instance_t** out);

/* Calls export `name`. `nresults` must equal the export's result count.
 * Argument count and kinds are checked against the export's type. */
weft_error_t* weft_instance_call(weft_instance_t* instance, const char* name,
                                 const weft_val_t* args, size_t nargs,
                                 weft_val_t* results, size_t nresults);

/* Fuel for following calls (0: back to the instance limits). Needs
 * metering. weft_instance_remaining_fuel reads what the last call left. */
weft_error_t* weft_instance_set_fuel(weft_instance_t* instance, uint64_t fuel_per_call);
uint64_t weft_instance_remaining_fuel(const weft_instance_t* instance);

/* Interrupt following calls that run longer than `timeout_ms` (0: none). */
void weft_instance_set_timeout_ms(weft_instance_t* instance, uint64_t timeout_ms);

/* Bounds-checked access to exported memory `memory_name` (NULL: "memory").
 * Out-of-range accesses fail and touch nothing. */
weft_error_t* weft_instance_memory_read(const weft_instance_t* instance,
                                        const char* memory_name, uint64_t offset,
                                        void* out, size_t size);
weft_error_t* weft_instance_memory_write(weft_instance_t* instance, const char* memory_name,
                                         uint64_t offset, const void* data, size_t size);
/* Size in bytes, or 0 when there is no such memory. */
uint64_t weft_instance_memory_size(const weft_instance_t* instance, const char* memory_name);

/* Exported globals. */
weft_error_t* weft_instance_global_get(const weft_instance_t* instance, const char* name,
                                       weft_val_t* out);
weft_error_t* weft_instance_global_set(weft_instance_t* instance, const char* name,
                                       const weft_val_t* value);

/* ---- exceptions (exception handling) ---------------------------------- */

/* A new WebAssembly exception of `instance`'s exported tag `tag` carrying
 * `payload` (kinds as the tag's parameters), as an error for a host
 * callback to return: the calling wasm code, when it was instantiated
 * through the same linker, can catch it (try_table); uncaught, the
 * outermost call fails with WEFT_TRAP_UNCAUGHT_EXCEPTION. A callback that
 * returns the error of a nested weft_instance_call that ended with an
 * uncaught exception rethrows that exception the same way. A missing tag
 * or a wrong payload gives an ordinary error saying so (returned from a
 * callback, it traps with WEFT_TRAP_HOST). The caller owns the result. */
weft_error_t* weft_exception_new(const weft_instance_t* instance, const char* tag,
                                 const weft_val_t* payload, size_t npayload);

/* The payload of the exception `error` carries (a call that failed with
 * WEFT_TRAP_UNCAUGHT_EXCEPTION, or weft_exception_new): writes up to `cap`
 * values to `out` and the true count to `count` (may be NULL). Returns 0,
 * or -1 when `error` carries no exception. */
int weft_error_exception_payload(const weft_error_t* error, weft_val_t* out, size_t cap,
                                 size_t* count);

/* ---- interruption ---------------------------------------------------- */

weft_interrupt_handle_t* weft_instance_interrupt_handle(const weft_instance_t* instance);
/* A handle tied to no instance, for weft_instantiate_options_t. */
weft_interrupt_handle_t* weft_interrupt_handle_new(void);
void weft_interrupt_handle_delete(weft_interrupt_handle_t* handle);
/* Stops the instance's running call (or the next one); any thread. */
void weft_interrupt_handle_interrupt(const weft_interrupt_handle_t* handle);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* WEFT_INCLUDE_WEFT_WEFT_H_ */
