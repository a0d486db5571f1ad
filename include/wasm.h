/* weft's implementation of the standard WebAssembly C API (the embedding
 * interface shared by wasmtime, WAMR, wasmer and V8; see
 * github.com/WebAssembly/wasm-c-api). Names, types and signatures follow
 * that API so embedder code written against it compiles unchanged; the text
 * of this header is weft's own. Guide: docs/wasm_c_api.md.
 *
 * Ownership, in one paragraph: a function returning `own T*` hands the
 * caller an object it must release with wasm_T_delete; a parameter marked
 * `own` is consumed by the callee. Everything else is borrowed. Vectors
 * (wasm_T_vec_t) own their data array and, for vectors of pointers, the
 * objects the pointers point to. Objects of a store must not be used after
 * the store is deleted, and a store is used by one thread at a time (an
 * engine may be shared by any number of threads, each with its own store).
 *
 * What weft does not support, and what happens instead (every function
 * declared here is defined; none silently does nothing except where the
 * standard leaves no way to report an error, marked (*)):
 *  - Value types the standard has no kind for (v128, exnref, typed
 *    references): wasm_func_call of a function using one returns a trap
 *    saying so; wasm_func_new with an unknown kind returns NULL; a global
 *    of such a type reads as kind 0xFF with a zero payload (*).
 *  - Modules that import or export exception tags: wasm_module_new and
 *    wasm_module_deserialize return NULL (the standard has no tag kind).
 *    Exceptions thrown and caught inside wasm work; one that escapes to
 *    the host is a trap.
 *  - Binding one import name twice to different externs: weft links
 *    imports by name, so wasm_instance_new returns NULL with a trap saying
 *    so (the same extern for both is fine).
 *  - 64-bit memories and tables: limits and sizes past 2^32-1 are reported
 *    as 2^32-1 (wasm_limits_t and wasm_memory_pages_t are 32-bit).
 *  - wasm_global_set on an immutable global or with a value of another
 *    kind leaves the global unchanged (*).
 *  - wasm_config_t has no settings; an engine made with one is the default
 *    engine. wasm_module_deserialize accepts only weft's own serialized
 *    form (docs/wasm_c_api.md), never another engine's. */
#ifndef WEFT_WASM_H_
#define WEFT_WASM_H_

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#define WASM_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Marks ownership transfer in declarations; expands to nothing. */
#define own

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

/* ---- Vectors ------------------------------------------------------------
 * Every vector type has the same five functions; weft writes them out with
 * this helper (one expansion per element type). `elem` is the element type
 * as stored in the vector's data array; `vec` is the name without _t. */
#define WEFT_WASM_VECTOR(vec, elem)                                             \
  typedef struct vec##_t {                                                      \
    size_t size;                                                                \
    elem* data;                                                                 \
  } vec##_t;                                                                    \
  WASM_API_EXTERN void vec##_new_empty(own vec##_t* out);                       \
  WASM_API_EXTERN void vec##_new_uninitialized(own vec##_t* out, size_t size);  \
  WASM_API_EXTERN void vec##_new(own vec##_t* out, size_t size, own elem const[]); \
  WASM_API_EXTERN void vec##_copy(own vec##_t* out, const vec##_t* src);        \
  WASM_API_EXTERN void vec##_delete(own vec##_t* v);

typedef byte_t wasm_byte_t;
WEFT_WASM_VECTOR(wasm_byte_vec, wasm_byte_t)

/* Names are byte vectors (not NUL-terminated, except messages). */
typedef wasm_byte_vec_t wasm_name_t;
#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}
/* The same, keeping the terminating NUL (as messages require). */
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* ---- Runtime environment ------------------------------------------------ */
typedef struct wasm_config_t wasm_config_t;
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);
WASM_API_EXTERN void wasm_config_delete(own wasm_config_t*);

/* An engine: weft's configuration (weft::Engine); thread-safe. */
typedef struct wasm_engine_t wasm_engine_t;
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t*);
WASM_API_EXTERN void wasm_engine_delete(own wasm_engine_t*);

/* A store: one isolated world of instances and objects; one thread at a
 * time. */
typedef struct wasm_store_t wasm_store_t;
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t*);
WASM_API_EXTERN void wasm_store_delete(own wasm_store_t*);

/* ---- Types -------------------------------------------------------------- */
typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum { WASM_CONST, WASM_VAR };

typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;
/* `max` of limits without a maximum. */
static const uint32_t wasm_limits_max_default = 0xffffffff;

/* Every type object has new/delete/copy and a vector of owned pointers. */
#define WEFT_WASM_TYPE(name)                                                    \
  typedef struct wasm_##name##_t wasm_##name##_t;                               \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);              \
  WEFT_WASM_VECTOR(wasm_##name##_vec, wasm_##name##_t*)                       \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);

WEFT_WASM_TYPE(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF,
};
/* Older spelling of externref. */
#define WASM_ANYREF WASM_EXTERNREF

WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

WEFT_WASM_TYPE(functype)
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(own wasm_valtype_vec_t* params,
                                                       own wasm_valtype_vec_t* results);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);

WEFT_WASM_TYPE(globaltype)
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t*,
                                                           wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);

WEFT_WASM_TYPE(tabletype)
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t*,
                                                         const wasm_limits_t*);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);

WEFT_WASM_TYPE(memorytype)
WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);

WEFT_WASM_TYPE(externtype)
typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY,
};
WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);

/* Conversions between a type and its externtype view: no copy, no
 * ownership change; the as_* downcasts return NULL for another kind. */
WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);
WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t*);
WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t*);

WEFT_WASM_TYPE(importtype)
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module,
                                                           own wasm_name_t* name,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);

WEFT_WASM_TYPE(exporttype)
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t*,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);

/* ---- Values ------------------------------------------------------------- */
struct wasm_ref_t;

typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref; /* owned by the value; NULL is the null ref */
  } of;
} wasm_val_t;

WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t*);

WEFT_WASM_VECTOR(wasm_val_vec, wasm_val_t)

/* ---- References ---------------------------------------------------------
 * Every reference-like object (ref, frame-less objects below) has these:
 * delete, copy (a new handle to the same object), same (identity) and a
 * host-info slot. Host info is shared by a handle and its copies; setting
 * new info finalizes the old, and the last of those handles to be deleted
 * finalizes the current one. Handles obtained separately (two calls of
 * wasm_instance_exports, say) are the same object for _same but have their
 * own host info. */
#define WEFT_WASM_REF_BASE(name)                                                \
  typedef struct wasm_##name##_t wasm_##name##_t;                               \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);              \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*); \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*, const wasm_##name##_t*); \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*);   \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void*);   \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(             \
      wasm_##name##_t*, void*, void (*)(void*));

/* ...plus the views to and from wasm_ref_t. */
#define WEFT_WASM_REF(name)                                                     \
  WEFT_WASM_REF_BASE(name)                                                      \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*);           \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*);             \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t*);

WEFT_WASM_REF_BASE(ref)

/* ---- Frames and traps --------------------------------------------------- */
typedef struct wasm_frame_t wasm_frame_t;
WASM_API_EXTERN void wasm_frame_delete(own wasm_frame_t*);
WEFT_WASM_VECTOR(wasm_frame_vec, wasm_frame_t*)
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);
/* The instance the frame's function belongs to, owned by the frame (NULL
 * when no wasm_instance_t handle to it existed when the trap was made). */
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t*);
/* Byte offset of the instruction from the start of the function's body
 * (its first byte after the body's size field, i.e. the local
 * declarations). */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t*);
/* Byte offset of the instruction in the module binary. */
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t*);

/* A message is a name that includes its terminating NUL. */
typedef wasm_name_t wasm_message_t;

WEFT_WASM_REF(trap)
WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t*);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t*, own wasm_message_t* out);
/* The innermost frame, or NULL for a trap without frames. */
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);
/* All frames, innermost first. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t*, own wasm_frame_vec_t* out);

WEFT_WASM_REF(foreign)
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t*);

/* ---- Modules ------------------------------------------------------------ */
WEFT_WASM_REF(module)
typedef struct wasm_shared_module_t wasm_shared_module_t;
WASM_API_EXTERN void wasm_shared_module_delete(own wasm_shared_module_t*);
WASM_API_EXTERN own wasm_shared_module_t* wasm_module_share(const wasm_module_t*);
WASM_API_EXTERN own wasm_module_t* wasm_module_obtain(wasm_store_t*, const wasm_shared_module_t*);

/* Binary modules only (not text); NULL when the bytes do not decode or
 * validate, or the module links exception tags (see the top). */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t*, own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t*, own wasm_exporttype_vec_t* out);
/* weft's serialized form: a header (magic, format version, payload size,
 * CRC-32) followed by the module's binary, which deserialize validates
 * again; NULL on any mismatch (docs/wasm_c_api.md). */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t*, own wasm_byte_vec_t* out);
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*);

/* ---- Functions ---------------------------------------------------------- */
WEFT_WASM_REF(func)

/* Host callbacks. `results` arrives with one value per result; fill them.
 * Return NULL, or a trap (ownership passes to weft) to trap the caller. */
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args,
                                                 own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env,
                                                          const wasm_val_vec_t* args,
                                                          wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t*, const wasm_functype_t*,
                                               wasm_func_callback_t);
/* `finalizer` (may be NULL) runs once on `env` when the store no longer
 * needs the function (at the latest when the store is deleted). NULL, and
 * the finalizer not run, when `type` has a kind wasm.h does not define. */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(wasm_store_t*,
                                                        const wasm_functype_t* type,
                                                        wasm_func_callback_with_env_t,
                                                        void* env, void (*finalizer)(void*));
WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t*);
/* NULL on success; else the trap. `args` must hold exactly the parameters
 * (kinds matching) and `results` exactly as many values as the function
 * returns; otherwise a trap says what is wrong and nothing runs. */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t*, const wasm_val_vec_t* args,
                                                wasm_val_vec_t* results);

/* ---- Globals ------------------------------------------------------------ */
WEFT_WASM_REF(global)
WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t*, const wasm_globaltype_t*,
                                                   const wasm_val_t*);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t*, own wasm_val_t* out);
/* Ignored (the global is unchanged) for an immutable global or a value of
 * another kind: the standard gives this function no error result. */
WASM_API_EXTERN void wasm_global_set(wasm_global_t*, const wasm_val_t*);

/* ---- Tables ------------------------------------------------------------- */
WEFT_WASM_REF(table)
typedef uint32_t wasm_table_size_t;
WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t*, const wasm_tabletype_t*,
                                                 wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);
/* NULL for a null element or an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t*, wasm_table_size_t index);
WASM_API_EXTERN bool wasm_table_set(wasm_table_t*, wasm_table_size_t index, wasm_ref_t*);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t*);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t*, wasm_table_size_t delta, wasm_ref_t* init);

/* ---- Memories ----------------------------------------------------------- */
WEFT_WASM_REF(memory)
typedef uint32_t wasm_memory_pages_t;
static const size_t MEMORY_PAGE_SIZE = 0x10000;
WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);
/* The memory's bytes; valid until the memory grows. */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t*);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t*);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);

/* ---- Externals ---------------------------------------------------------- */
WEFT_WASM_REF(extern)
WEFT_WASM_VECTOR(wasm_extern_vec, wasm_extern_t*)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);

/* Views: no copy, no ownership change; as_* returns NULL for another kind. */
WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);
WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);
WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);

/* ---- Instances ---------------------------------------------------------- */
WEFT_WASM_REF(instance)
/* `imports` in the module's import order, exactly one extern per import,
 * all of this store. On failure returns NULL and, if `trap` is not NULL,
 * stores a trap describing why (wrong number of imports, a link error, a
 * trap in initialisation or in the start function). */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(wasm_store_t*, const wasm_module_t*,
                                                       const wasm_extern_vec_t* imports,
                                                       own wasm_trap_t** trap);
/* In the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t*, own wasm_extern_vec_t* out);

/* ---- Conveniences ------------------------------------------------------- */
#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_anyref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}

/* wasm_functype_new_P_R: a function type of P params and R results, each
 * an owned valtype (consumed). */
static inline own wasm_functype_t* weft_wasm_functype_from(size_t np, wasm_valtype_t** ps,
                                                           size_t nr, wasm_valtype_t** rs) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, np, ps);
  wasm_valtype_vec_new(&results, nr, rs);
  return wasm_functype_new(&params, &results);
}
static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return weft_wasm_functype_from(0, NULL, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1] = {p};
  return weft_wasm_functype_from(1, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  return weft_wasm_functype_from(2, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  return weft_wasm_functype_from(3, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1] = {r};
  return weft_wasm_functype_from(0, NULL, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[1] = {r};
  return weft_wasm_functype_from(1, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[1] = {r};
  return weft_wasm_functype_from(2, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[1] = {r};
  return weft_wasm_functype_from(3, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2] = {r1, r2};
  return weft_wasm_functype_from(0, NULL, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[2] = {r1, r2};
  return weft_wasm_functype_from(1, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[2] = {r1, r2};
  return weft_wasm_functype_from(2, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  return weft_wasm_functype_from(3, ps, 2, rs);
}

/* A host pointer carried as an integer of pointer width. */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}
static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WEFT_WASM_H_ */
