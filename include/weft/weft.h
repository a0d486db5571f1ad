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
 * NULL arguments: every entry point checks its handles and pointers.
 * Those that return a weft_error_t* fail with "<function>: null argument
 * `<parameter>`" (e.g. "weft_instance_call: null argument `instance`");
 * *_delete(NULL) does nothing; the other getters give their "nothing"
 * value (0, NULL, -1, as each says) and void setters do nothing.
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
typedef struct weft_caller weft_caller_t;
typedef struct weft_wasi_config weft_wasi_config_t;
typedef struct weft_wasi weft_wasi_t;
typedef struct weft_plugin_host weft_plugin_host_t;

/* Each enum below also spans the whole int range (its *_ENUM_MIN_ /
 * *_ENUM_MAX_ markers, never valid values): in C++ an enum may only hold
 * values up to its enumerators' next power of two, so without them a bad
 * value from a C caller would be undefined behaviour inside weft instead
 * of the error weft returns for it. */
#define WEFT_ENUM_FULL_RANGE_(prefix) \
  prefix##ENUM_MIN_ = -0x7fffffff - 1, prefix##ENUM_MAX_ = 0x7fffffff

/* Value types: the binary encodings. */
typedef enum weft_valkind {
  WEFT_I32 = 0x7F,
  WEFT_I64 = 0x7E,
  WEFT_F32 = 0x7D,
  WEFT_F64 = 0x7C,
  WEFT_V128 = 0x7B,
  WEFT_FUNCREF = 0x70,
  WEFT_EXTERNREF = 0x6F,
  /* GC (WebAssembly 3.0): a reference of the any hierarchy (a struct, an
   * array, an i31 or null), as (ref null any). */
  WEFT_ANYREF = 0x6E,
  WEFT_ENUM_FULL_RANGE_(WEFT_VALKIND_),
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
  WEFT_ENUM_FULL_RANGE_(WEFT_TRAP_),
} weft_trap_code_t;

/* Kinds of imports and exports (weft_module_import_kind / _export_kind). */
typedef enum weft_extern_kind {
  WEFT_EXTERN_FUNC = 0,
  WEFT_EXTERN_TABLE = 1,
  WEFT_EXTERN_MEMORY = 2,
  WEFT_EXTERN_GLOBAL = 3,
  WEFT_EXTERN_TAG = 4, /* exception handling */
  WEFT_ENUM_FULL_RANGE_(WEFT_EXTERN_),
} weft_extern_kind_t;

/* ---- names ------------------------------------------------------------ */

/* The stable identifier of `code`: its enumerator without the WEFT_TRAP_
 * prefix ("INTEGER_DIVIDE_BY_ZERO", "NONE"), meant for logs, metrics and
 * switch-free comparisons; it never changes for a code. NULL for a value
 * that is no code. (Static storage.) */
const char* weft_trap_code_name(weft_trap_code_t code);
/* The spec's wording for `code` ("integer divide by zero"), what a trap's
 * message starts with. NULL for a value that is no code. */
const char* weft_trap_code_message(weft_trap_code_t code);
/* "func", "table", "memory", "global" or "tag" for a weft_extern_kind_t;
 * NULL for any other value (e.g. the -1 of an out-of-range index). */
const char* weft_extern_kind_name(int kind);

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
/* For a host callback to return when it gave up because the call was
 * interrupted (weft_caller_interrupted): the call then fails with
 * WEFT_TRAP_INTERRUPTED, as interrupted guest code does. */
weft_error_t* weft_error_new_interrupted(void);
/* 1 when `error` is a WASI guest's exit: the call ended because the guest
 * called proc_exit(N) (N goes to *code, which may be NULL); 0 otherwise.
 * Such an error's trap code is WEFT_TRAP_HOST and its message
 * "host trap: proc_exit(N)", as in the C++ API; check this first to tell
 * an exit (also exit code 0, a normal end) from a failure. Needs the
 * instance's weft_wasi_attach. */
int weft_error_exit_code(const weft_error_t* error, uint32_t* code);

/* What kind of failure `error` is, beside its trap code: the canonical
 * status code of the C++ API's absl::Status (the same numbers as gRPC's
 * codes). Hosts branch on it: e.g. the plugin host's call fails with
 * WEFT_ERROR_DEADLINE_EXCEEDED when its deadline stopped the guest (trap
 * code WEFT_TRAP_INTERRUPTED) or passed while it waited for an instance
 * (no trap code), and with WEFT_ERROR_UNAVAILABLE while its circuit
 * breaker is open. WEFT_ERROR_OK for NULL. */
typedef enum weft_error_code {
  WEFT_ERROR_OK = 0,
  WEFT_ERROR_CANCELLED = 1,
  WEFT_ERROR_UNKNOWN = 2, /* also: weft_error_new's errors */
  WEFT_ERROR_INVALID_ARGUMENT = 3,
  WEFT_ERROR_DEADLINE_EXCEEDED = 4,
  WEFT_ERROR_NOT_FOUND = 5,
  WEFT_ERROR_ALREADY_EXISTS = 6,
  WEFT_ERROR_PERMISSION_DENIED = 7,
  WEFT_ERROR_RESOURCE_EXHAUSTED = 8,
  WEFT_ERROR_FAILED_PRECONDITION = 9,
  WEFT_ERROR_ABORTED = 10, /* traps */
  WEFT_ERROR_OUT_OF_RANGE = 11,
  WEFT_ERROR_UNIMPLEMENTED = 12,
  WEFT_ERROR_INTERNAL = 13,
  WEFT_ERROR_UNAVAILABLE = 14,
  WEFT_ERROR_DATA_LOSS = 15,
  WEFT_ERROR_UNAUTHENTICATED = 16,
} weft_error_code_t;
weft_error_code_t weft_error_code(const weft_error_t* error);

/* Structured wasm backtrace of a trap: the frames the message prints,
 * innermost first. At most 40 are kept: all of them when there are up to
 * 40, else the innermost 20 and the outermost 20 (the message elides the
 * same middle as "... N frames ..."), so deep recursion costs no more.
 * weft_error_frame_count: frames kept (0 for an error that is not a trap
 * or has no wasm frame); weft_error_frame_total: the true depth, so
 * total - count frames were left out between frame 19 and frame 20;
 * weft_error_frame_depth: frame `index`'s position in the full backtrace
 * (0 = innermost; UINT64_MAX when out of range).
 * weft_error_frame: the function index (module's function index space),
 * its name from the name section as stored ("" when none; lives as long
 * as `error`) and the module byte offset of the instruction. Any out
 * pointer may be NULL. Returns 0, or -1 when `index` is out of range. */
size_t weft_error_frame_count(const weft_error_t* error);
uint64_t weft_error_frame_total(const weft_error_t* error);
uint64_t weft_error_frame_depth(const weft_error_t* error, size_t index);
int weft_error_frame(const weft_error_t* error, size_t index, uint32_t* func_index,
                     const char** name, uint32_t* module_offset);
/* Frame `index`'s name made readable, as the message prints it: C++ and
 * Rust (legacy and v0) symbols demangled, any other name as stored ("" when
 * none). Lives as long as `error`; NULL when `index` is out of range. */
const char* weft_error_frame_demangled_name(const weft_error_t* error, size_t index);
/* Frame `index`'s source position from the module's DWARF line tables
 * (file as the table names it, living as long as `error`; line; column,
 * 0 when unknown). Any out pointer may be NULL. Returns 0, or -1 when
 * `index` is out of range or no position is known. */
int weft_error_frame_source(const weft_error_t* error, size_t index, const char** file,
                            uint32_t* line, uint32_t* column);
/* The functions the compiler inlined at frame `index`'s instruction, from
 * the module's DWARF (DW_TAG_inlined_subroutine), innermost first: each
 * was called by the next, the last by the frame's own function, whose
 * weft_error_frame_source is then that call's site.
 * weft_error_frame_inlined_count: how many (0 without DWARF, without
 * inlining there, or when `index` is out of range).
 * weft_error_frame_inlined: inlined frame `inlined` of frame `index`: its
 * name as DWARF stores it (linkage name, mangled for C++ and Rust, else
 * the plain name; "" when none), that name demangled, and the position
 * reached inside it (file "" and line 0 when unknown; column 0 when
 * unknown). Strings live as long as `error`; any out pointer may be NULL.
 * Returns 0, or -1 when either index is out of range. */
size_t weft_error_frame_inlined_count(const weft_error_t* error, size_t index);
int weft_error_frame_inlined(const weft_error_t* error, size_t index, size_t inlined,
                             const char** name, const char** demangled_name, const char** file,
                             uint32_t* line, uint32_t* column);

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

/* Introspection. Kinds are weft_extern_kind_t values: 0 func, 1 table,
 * 2 memory, 3 global, 4 tag (weft_extern_kind_name names them). Names live
 * as long as the module; out-of-range indices (or a NULL module) give
 * NULL / -1, counts 0. */
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

/* A host function that also receives `caller`, the instance that imported
 * it and is calling it now (each instantiation binds its own imports, so
 * with two instances of one linker each call sees its own caller). Same
 * contract as weft_host_callback_t otherwise. `caller` is valid only
 * during this callback: never keep it. */
typedef weft_error_t* (*weft_host_callback_with_caller_t)(void* env, weft_caller_t* caller,
                                                          const weft_val_t* args, size_t nargs,
                                                          weft_val_t* results, size_t nresults);

/* weft_linker_define_func for a callback that receives its caller. */
weft_error_t* weft_linker_define_func_with_caller(
    weft_linker_t* linker, const char* module, const char* name, const weft_valkind_t* params,
    size_t nparams, const weft_valkind_t* results, size_t nresults,
    weft_host_callback_with_caller_t callback, void* env, void (*finalizer)(void* env));

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

/* ---- GC objects (WebAssembly 3.0; docs/gc.md) ------------------------- */

/* A held GC reference: the struct, array or i31 stays alive (across
 * collections) until weft_gcref_delete. An ANYREF a call returns is valid
 * only until the next call into the instance's store: hold it to keep it. */
typedef struct weft_gcref weft_gcref_t;
weft_error_t* weft_instance_gc_hold(const weft_instance_t* instance, const weft_val_t* value,
                                    weft_gcref_t** out);
void weft_gcref_delete(weft_gcref_t* ref);
/* The reference as a WEFT_ANYREF value, to pass into calls. */
weft_val_t weft_gcref_value(const weft_gcref_t* ref);
weft_error_t* weft_gcref_array_length(const weft_gcref_t* ref, uint32_t* out);
/* Numeric fields and elements (packed i8/i16: zero-extended, or
 * sign-extended when `sign_extend` is non-zero; written truncated). */
weft_error_t* weft_gcref_get_field(const weft_gcref_t* ref, uint32_t field, int sign_extend,
                                   weft_val_t* out);
weft_error_t* weft_gcref_set_field(const weft_gcref_t* ref, uint32_t field,
                                   const weft_val_t* value);
weft_error_t* weft_gcref_get_element(const weft_gcref_t* ref, uint32_t index, int sign_extend,
                                     weft_val_t* out);
weft_error_t* weft_gcref_set_element(const weft_gcref_t* ref, uint32_t index,
                                     const weft_val_t* value);
/* i31 references: the low 31 bits of `value`; weft_i31_get returns 0 and
 * sets *out (sign- or zero-extended), or -1 when `ref` is no i31. */
weft_val_t weft_i31_new(int32_t value);
int weft_i31_get(const weft_val_t* ref, int sign_extend, int32_t* out);
/* Live bytes of the instance's store's GC heap. */
uint64_t weft_instance_gc_heap_bytes(const weft_instance_t* instance);

/* ---- the caller of a host function ------------------------------------ */

/* What a weft_host_callback_with_caller_t reaches of the instance calling
 * it, by export name, like the weft_instance_* functions of the same
 * names. Calls run on the thread of the callback; nested calls share the
 * running call's call-depth limit and fuel. */

/* Bounds-checked access to the caller's exported memory `memory_name`
 * (NULL: "memory"): out-of-range accesses fail and touch nothing. */
weft_error_t* weft_caller_memory_read(const weft_caller_t* caller, const char* memory_name,
                                      uint64_t offset, void* out, size_t size);
weft_error_t* weft_caller_memory_write(weft_caller_t* caller, const char* memory_name,
                                       uint64_t offset, const void* data, size_t size);
/* Size in bytes, or 0 when there is no such memory. */
uint64_t weft_caller_memory_size(const weft_caller_t* caller, const char* memory_name);
/* The memory's bytes in place, unchecked (for code that needs a pointer):
 * *data and *size are valid only until the memory can grow or move —
 * weft_caller_call, weft_caller_memory_grow, or the callback's return —
 * so fetch them again after any of those and stay within *size. */
weft_error_t* weft_caller_memory_data(weft_caller_t* caller, const char* memory_name,
                                      uint8_t** data, uint64_t* size);
/* memory.grow by `delta_pages`; *old_pages (may be NULL) gets the old size
 * in pages. Fails when the maximum (or the instance limits) is exceeded. */
weft_error_t* weft_caller_memory_grow(weft_caller_t* caller, const char* memory_name,
                                      uint32_t delta_pages, uint32_t* old_pages);

/* The caller's exported globals; setting fails on an immutable global or a
 * kind that is not the global's type. */
weft_error_t* weft_caller_global_get(const weft_caller_t* caller, const char* name,
                                     weft_val_t* out);
weft_error_t* weft_caller_global_set(weft_caller_t* caller, const char* name,
                                     const weft_val_t* value);

/* Calls the caller's export `name` (re-entry), checked as
 * weft_instance_call (nresults must equal the export's result count). A
 * trap of the nested call comes back as its error; returning that error
 * from the callback makes the outer call fail with the same trap code. */
weft_error_t* weft_caller_call(weft_caller_t* caller, const char* name, const weft_val_t* args,
                               size_t nargs, weft_val_t* results, size_t nresults);

/* Fuel of the running call (one allowance for the outermost call and all
 * nested in it; needs metering, else guest code spends none and it reads
 * 2^63 - 1). weft_caller_consume_fuel charges `amount` for the host's own
 * work; when less is left it charges nothing and returns a
 * WEFT_TRAP_FUEL_EXHAUSTED error: return it and the call stops as if the
 * guest had run out. weft_caller_set_fuel replaces what is left. */
uint64_t weft_caller_remaining_fuel(const weft_caller_t* caller);
weft_error_t* weft_caller_consume_fuel(weft_caller_t* caller, uint64_t amount);
weft_error_t* weft_caller_set_fuel(weft_caller_t* caller, uint64_t fuel);

/* Interruption, for callbacks that wait: weft_caller_interrupted is 1 when
 * the running call has been asked to stop (interrupt handle, timeout);
 * weft_caller_interrupt_fd is a descriptor that polls readable (POLLIN)
 * exactly then, to wait on beside your own (never close it; -1 only when
 * the process is out of descriptors). Then return
 * weft_error_new_interrupted(). */
int weft_caller_interrupted(const weft_caller_t* caller);
int weft_caller_interrupt_fd(const weft_caller_t* caller);

/* A new WebAssembly exception of the caller's exported tag `tag` with
 * `payload`, for the callback to return: the calling code can catch it;
 * as weft_exception_new, without needing the instance handle. */
weft_error_t* weft_caller_throw(const weft_caller_t* caller, const char* tag,
                                const weft_val_t* payload, size_t npayload);

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

/* ---- WASI (preview 1) ------------------------------------------------- */

/* Runs wasm32-wasi programs (see weft/wasi.h for the semantics):
 *
 *   weft_wasi_config_t* cfg = weft_wasi_config_new();
 *   weft_wasi_config_set_args(cfg, argv, argc);
 *   weft_wasi_config_preopen_dir(cfg, "/srv/data", "/data", 1);
 *   weft_wasi_config_set_stdout(cfg, WEFT_WASI_STDIO_CAPTURE);
 *   weft_wasi_t* wasi;
 *   weft_linker_define_wasi(linker, cfg, &wasi);    before instantiating
 *   weft_instance_new(linker, module, NULL, &inst);
 *   weft_wasi_attach(wasi, inst);
 *   err = weft_instance_call(inst, "_start", NULL, 0, NULL, 0);
 *   if (weft_error_exit_code(err, &code)) ... the guest exited with code
 *   out = weft_wasi_stdout(wasi, &size);
 *
 * Capabilities are explicit: the guest gets no arguments, environment,
 * directories or stdio that the config does not grant, and paths never
 * leave a preopened directory. One weft_wasi_t serves one instance (its fd
 * table is that guest's): use a linker per WASI instance. */

typedef enum weft_wasi_stdio {
  WEFT_WASI_STDIO_CLOSED = 0,  /* the fd exists, calls fail with EBADF (default) */
  WEFT_WASI_STDIO_INHERIT = 1, /* this process's own */
  WEFT_WASI_STDIO_CAPTURE = 2, /* in memory: stdin reads the given bytes;
                                  stdout/stderr are read with weft_wasi_stdout
                                  / weft_wasi_stderr (16 MiB kept at most) */
  WEFT_ENUM_FULL_RANGE_(WEFT_WASI_STDIO_),
} weft_wasi_stdio_t;

weft_wasi_config_t* weft_wasi_config_new(void);
void weft_wasi_config_delete(weft_wasi_config_t* config);
/* argv, argv[0] included (copied; replaces earlier args). */
weft_error_t* weft_wasi_config_set_args(weft_wasi_config_t* config, const char* const* argv,
                                        size_t argc);
/* Grants one environment variable (`key` non-empty, without '='). */
weft_error_t* weft_wasi_config_add_env(weft_wasi_config_t* config, const char* key,
                                       const char* value);
/* Lets the guest open `host_path` (an existing directory, checked by
 * weft_linker_define_wasi) as `guest_path`; with `read_only` non-zero
 * nothing at or below it can be created, written, renamed or removed. */
weft_error_t* weft_wasi_config_preopen_dir(weft_wasi_config_t* config, const char* host_path,
                                           const char* guest_path, int read_only);
/* stdin: for WEFT_WASI_STDIO_CAPTURE, `data`/`size` is what it reads
 * (copied; may be NULL/0). */
weft_error_t* weft_wasi_config_set_stdin(weft_wasi_config_t* config, weft_wasi_stdio_t mode,
                                         const void* data, size_t size);
weft_error_t* weft_wasi_config_set_stdout(weft_wasi_config_t* config, weft_wasi_stdio_t mode);
weft_error_t* weft_wasi_config_set_stderr(weft_wasi_config_t* config, weft_wasi_stdio_t mode);

/* Defines "wasi_snapshot_preview1" in `linker` with `config`'s
 * capabilities (the config may be deleted or reused afterwards). *out is
 * the WASI state, to attach to the instance. Fails, naming it, when a
 * preopened directory cannot be opened. */
weft_error_t* weft_linker_define_wasi(weft_linker_t* linker, const weft_wasi_config_t* config,
                                      weft_wasi_t** out);
/* Deleting it early is safe: an attached instance keeps the state alive. */
void weft_wasi_delete(weft_wasi_t* wasi);
/* Points the guest's pointers at `instance`'s exported "memory" and lets
 * its failed calls report proc_exit (weft_error_exit_code). Call it right
 * after weft_instance_new, before calling the instance. */
weft_error_t* weft_wasi_attach(weft_wasi_t* wasi, weft_instance_t* instance);
/* 1 and *code (may be NULL) once the guest called proc_exit; else 0. */
int weft_wasi_exit_code(const weft_wasi_t* wasi, uint32_t* code);
/* Everything the guest wrote to a captured stdout / stderr so far, and its
 * size in *size (may be NULL); NUL-terminated for convenience (the bytes
 * may hold NULs too). The pointer is valid until the next weft_wasi_*
 * call on `wasi` or its deletion. Empty unless captured; NULL for a NULL
 * `wasi`. */
const char* weft_wasi_stdout(weft_wasi_t* wasi, size_t* size);
const char* weft_wasi_stderr(weft_wasi_t* wasi, size_t* size);

/* ---- plugin host ------------------------------------------------------ */

/* Untrusted wasm32-wasi plugins with capabilities, instance pools, budgets
 * and metrics: weft::PluginHost (weft/plugin_host.h has the plugin ABI,
 * the budgets and every error; weft/plugin_capabilities.h the config
 * format). Unlike the rest of this API, a plugin host may be used from
 * many threads at once. */

weft_plugin_host_t* weft_plugin_host_new(void);
/* Unloads every plugin (calls in flight finish first). */
void weft_plugin_host_delete(weft_plugin_host_t* host);

/* Loads the plugin a JSON config file describes (its "wasm" path is
 * relative to the file): compiles it, checks the ABI, runs it once to read
 * its meta(). Fails naming the problem (a bad key, a missing file, an ABI
 * violation; a taken name). */
weft_error_t* weft_plugin_host_load_config(weft_plugin_host_t* host, const char* config_path);
/* The same from the config's text; `base_dir` resolves a relative "wasm". */
weft_error_t* weft_plugin_host_load_config_json(weft_plugin_host_t* host, const char* json,
                                                const char* base_dir);

/* Options of weft_plugin_host_new_with_options (weft::PluginHostOptions);
 * a zeroed struct gives the defaults. */
typedef struct weft_plugin_host_options {
  /* Non-zero: watch loaded plugins' wasm files and reload one when it
   * changes (inotify, debounced; a failed reload keeps the old version). */
  int watch_files;
  uint64_t reload_debounce_ms;        /* 0: 200 */
  uint32_t circuit_failure_threshold; /* 0: 5 consecutive failures */
  int circuit_disabled;               /* non-zero: no circuit breaker */
  uint64_t circuit_reset_timeout_ms;  /* 0: 5000 */
  uint32_t prepared_instances;        /* 0: 1 per plugin at load */
  /* May be NULL. Receives (env, plugin name, message): capability
   * refusals, reload results ("reloaded: version N sha256 ..." or "reload
   * failed ..."), the plugin's stderr lines. Called from calling threads
   * and the watcher thread, possibly at once; the strings live only
   * during the call. */
  void (*log)(void* env, const char* plugin, const char* message);
  void* log_env;
} weft_plugin_host_options_t;

/* `options` may be NULL (as weft_plugin_host_new). Never returns NULL. */
weft_plugin_host_t* weft_plugin_host_new_with_options(const weft_plugin_host_options_t* options);

/* Parses a plugin config (weft/plugin_capabilities.h) without loading
 * anything: an error names the bad key or value. */
weft_error_t* weft_plugin_host_check_config_json(const char* json, const char* base_dir);

/* Re-reads plugin `name`'s wasm file and swaps it in when it changed and
 * passes decode, validation and the ABI check; else the old version stays
 * and the error says why. */
weft_error_t* weft_plugin_host_reload(weft_plugin_host_t* host, const char* name);

/* Plugin `name` as a JSON object (weft::PluginInfo), in *json (release
 * with weft_string_delete):
 *   {"name": "...", "meta": <what meta() returned>, "sha256": "hex",
 *    "version": N, "denials": N}
 * "version" is 1 at load and +1 per successful reload. */
weft_error_t* weft_plugin_host_describe_json(const weft_plugin_host_t* host, const char* name,
                                             char** json);

/* Plugin `name`'s metrics (weft::PluginMetrics) as JSON, in *json
 * (release with weft_string_delete): what weft_plugin_host_metrics gives
 * and the failures by kind:
 *   {"calls": N, "failures": N, "capability_denials": N, "fuel_used": N,
 *    "latency_us": {"p50": N, "p90": N, "p99": N, "max": N},
 *    "instances_in_use": N, "instances_idle": N, "circuit": "closed",
 *    "failures_by_kind": {"deadline exceeded": N, ...}} */
weft_error_t* weft_plugin_host_metrics_json(const weft_plugin_host_t* host, const char* name,
                                            char** json);
void weft_string_delete(char* text);

/* Calls plugin `name`'s execute with `input` (may be NULL when size 0).
 * `deadline_ms`: the call must end within that many milliseconds from now
 * (0: only the plugin's own timeout), else it is stopped and fails with
 * WEFT_TRAP_INTERRUPTED ("deadline exceeded"). On success *output holds
 * *output_size bytes (plus a NUL after them, for text), owned by the
 * caller: release with weft_bytes_delete. On failure *output is NULL. */
weft_error_t* weft_plugin_host_call(weft_plugin_host_t* host, const char* name,
                                    const uint8_t* input, size_t input_size,
                                    uint64_t deadline_ms, uint8_t** output,
                                    size_t* output_size);
/* The same, also stopped when `cancel` (from weft_interrupt_handle_new;
 * NULL: none) is interrupted from any thread — the request it serves went
 * away. Such a call fails with WEFT_TRAP_INTERRUPTED and "cancelled" in
 * its message, and does not count against the circuit breaker. A handle
 * interrupted before the call stops it at once: use one per call. An
 * instance's handle is refused. */
weft_error_t* weft_plugin_host_call_cancellable(weft_plugin_host_t* host, const char* name,
                                                const uint8_t* input, size_t input_size,
                                                uint64_t deadline_ms,
                                                const weft_interrupt_handle_t* cancel,
                                                uint8_t** output, size_t* output_size);
void weft_bytes_delete(uint8_t* bytes);

/* Removes plugin `name` (calls in flight finish first); fails for a name
 * that is not loaded. */
weft_error_t* weft_plugin_host_unload(weft_plugin_host_t* host, const char* name);

typedef enum weft_plugin_circuit {
  WEFT_PLUGIN_CIRCUIT_CLOSED = 0,    /* calls run */
  WEFT_PLUGIN_CIRCUIT_OPEN = 1,      /* too many failures: calls refused */
  WEFT_PLUGIN_CIRCUIT_HALF_OPEN = 2, /* one trial call decides */
} weft_plugin_circuit_t;

/* A snapshot of a plugin's counters (see weft::PluginMetrics): calls and
 * failures since it was loaded, latency percentiles over those calls, the
 * current instance pool. */
typedef struct weft_plugin_metrics {
  uint64_t calls;
  uint64_t failures;
  uint64_t capability_denials;
  uint64_t fuel_used;
  uint64_t latency_p50_us, latency_p90_us, latency_p99_us, latency_max_us;
  uint32_t instances_in_use, instances_idle;
  weft_plugin_circuit_t circuit;
} weft_plugin_metrics_t;

/* Fills *out (zeroed on failure); fails for a name that is not loaded. */
weft_error_t* weft_plugin_host_metrics(const weft_plugin_host_t* host, const char* name,
                                       weft_plugin_metrics_t* out);

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
