// wasm.h vectors: every wasm_*_vec_t's five functions. A vector owns its
// data array and, for vectors of pointers, the objects pointed to; new
// takes those objects over, copy deep-copies them, delete deletes them.
#include "api/wasm_c_api_internal.h"

// The five functions of a vector of plain values (bytes): copies are
// shallow.
#define WEFT_PLAIN_VECTOR(vec, elem)                                       \
  void vec##_new_empty(vec##_t* out) {                                         \
    out->size = 0;                                                         \
    out->data = nullptr;                                                   \
  }                                                                        \
  void vec##_new_uninitialized(vec##_t* out, size_t size) {                    \
    out->size = size;                                                      \
    out->data = size ? new elem[size]() : nullptr;                         \
  }                                                                        \
  void vec##_new(vec##_t* out, size_t size, const elem src[]) {                \
    vec##_new_uninitialized(out, size);                                    \
    for (size_t i = 0; i < size; ++i) out->data[i] = src[i];               \
  }                                                                        \
  void vec##_copy(vec##_t* out, const vec##_t* src) { vec##_new(out, src->size, src->data); }

// The five functions of a vector of owned pointers: new takes ownership of
// the pointed-to objects, copy deep-copies them, delete deletes them.
#define WEFT_OWNING_VECTOR(name)                                                       \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                         \
    out->size = 0;                                                                     \
    out->data = nullptr;                                                               \
  }                                                                                    \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {    \
    out->size = size;                                                                  \
    out->data = size ? new wasm_##name##_t*[size]() : nullptr;                         \
  }                                                                                    \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size,                    \
                             wasm_##name##_t* const src[]) {                           \
    wasm_##name##_vec_new_uninitialized(out, size);                                    \
    for (size_t i = 0; i < size; ++i) out->data[i] = src[i];                           \
  }                                                                                    \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* src) { \
    wasm_##name##_vec_new_uninitialized(out, src->size);                               \
    for (size_t i = 0; i < src->size; ++i) {                                           \
      out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : nullptr;        \
    }                                                                                  \
  }                                                                                    \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                              \
    for (size_t i = 0; i < v->size; ++i) wasm_##name##_delete(v->data[i]);             \
    delete[] v->data;                                                                  \
    v->size = 0;                                                                       \
    v->data = nullptr;                                                                 \
  }

extern "C" {

WEFT_PLAIN_VECTOR(wasm_byte_vec, wasm_byte_t)
void wasm_byte_vec_delete(wasm_byte_vec_t* v) {
  delete[] v->data;
  v->size = 0;
  v->data = nullptr;
}

WEFT_OWNING_VECTOR(valtype)
WEFT_OWNING_VECTOR(functype)
WEFT_OWNING_VECTOR(globaltype)
WEFT_OWNING_VECTOR(tabletype)
WEFT_OWNING_VECTOR(memorytype)
WEFT_OWNING_VECTOR(externtype)
WEFT_OWNING_VECTOR(importtype)
WEFT_OWNING_VECTOR(exporttype)
WEFT_OWNING_VECTOR(frame)
WEFT_OWNING_VECTOR(extern)


// Values own their references (wasm_val_delete), so copies go through
// wasm_val_copy and delete through wasm_val_delete.
void wasm_val_vec_new_empty(wasm_val_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t size) {
  out->size = size;
  out->data = size ? new wasm_val_t[size]() : nullptr;
}
// The values (and their references) move into the vector.
void wasm_val_vec_new(wasm_val_vec_t* out, size_t size, const wasm_val_t src[]) {
  wasm_val_vec_new_uninitialized(out, size);
  for (size_t i = 0; i < size; ++i) out->data[i] = src[i];
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  wasm_val_vec_new_uninitialized(out, src->size);
  for (size_t i = 0; i < src->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t* v) {
  for (size_t i = 0; i < v->size; ++i) wasm_val_delete(&v->data[i]);
  delete[] v->data;
  v->size = 0;
  v->data = nullptr;
}

}  // extern "C"
