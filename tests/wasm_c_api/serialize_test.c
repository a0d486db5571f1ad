/* Serialization: a module serialized and deserialized (into another store)
 * still runs; bytes that are not a valid serialized module (truncated,
 * padded, another format version, wrong magic, a flipped payload byte, raw
 * wasm) are refused with NULL, not a crash. Also wasm_module_new and
 * wasm_module_validate on invalid binaries. */
#include "check.h"

enum { HEADER_SIZE = 24, VERSION_AT = 8 };

/* A copy of `bytes`, resized to `size` (zero padding). */
static void Resized(const wasm_byte_vec_t* bytes, size_t size, wasm_byte_vec_t* out) {
  wasm_byte_vec_new_uninitialized(out, size);
  size_t kept = size < bytes->size ? size : bytes->size;
  if (kept > 0) memcpy(out->data, bytes->data, kept);
  for (size_t i = bytes->size; i < size; ++i) out->data[i] = 0;
}

static int Refused(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  wasm_module_t* m = wasm_module_deserialize(store, bytes);
  if (m == NULL) return 1;
  wasm_module_delete(m);
  return 0;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  ReadWasm("counter", &binary);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);

  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  CHECK(serialized.size == HEADER_SIZE + binary.size);
  CHECK(memcmp(serialized.data, "weftmod", 8) == 0);

  /* Round trip, into a fresh store: same exports, same behaviour. */
  wasm_store_t* other = wasm_store_new(engine);
  wasm_module_t* back = wasm_module_deserialize(other, &serialized);
  CHECK(back != NULL);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(back, &exports);
  CHECK(exports.size == 2);
  wasm_exporttype_vec_delete(&exports);
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(other, back, &no_imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t ext;
  wasm_instance_exports(instance, &ext);
  CHECK(CallI32(ExportedFunc(&ext, 1), 1, 10, 0) == 55);
  wasm_extern_vec_delete(&ext);
  wasm_instance_delete(instance);
  /* ...and serializing it again gives the same bytes. */
  wasm_byte_vec_t again;
  wasm_module_serialize(back, &again);
  CHECK(again.size == serialized.size && memcmp(again.data, serialized.data, again.size) == 0);
  wasm_byte_vec_delete(&again);
  wasm_module_delete(back);

  wasm_byte_vec_t bad;
  /* Truncated anywhere: in the header, or in the payload. */
  for (size_t size = 0; size < serialized.size; size += (size < HEADER_SIZE ? 1 : 7)) {
    Resized(&serialized, size, &bad);
    CHECK(Refused(other, &bad));
    wasm_byte_vec_delete(&bad);
  }
  /* Trailing bytes. */
  Resized(&serialized, serialized.size + 1, &bad);
  CHECK(Refused(other, &bad));
  wasm_byte_vec_delete(&bad);
  /* Another format version. */
  wasm_byte_vec_copy(&bad, &serialized);
  bad.data[VERSION_AT] = 2;
  CHECK(Refused(other, &bad));
  wasm_byte_vec_delete(&bad);
  /* Not weft's magic. */
  wasm_byte_vec_copy(&bad, &serialized);
  bad.data[0] = 'W';
  CHECK(Refused(other, &bad));
  wasm_byte_vec_delete(&bad);
  /* Every single flipped payload byte, also those that would still
   * validate. */
  for (size_t i = HEADER_SIZE; i < serialized.size; ++i) {
    wasm_byte_vec_copy(&bad, &serialized);
    bad.data[i] ^= 0x01;
    CHECK(Refused(other, &bad));
    wasm_byte_vec_delete(&bad);
  }
  /* A raw module is not a serialized one. */
  CHECK(Refused(other, &binary));

  /* Invalid binaries: NULL from wasm_module_new, false from validate. */
  wasm_byte_vec_t empty = WASM_EMPTY_VEC;
  CHECK(wasm_module_new(store, &empty) == NULL && !wasm_module_validate(store, &empty));
  wasm_byte_vec_t truncated = {binary.size - 3, binary.data};
  CHECK(wasm_module_new(store, &truncated) == NULL);
  CHECK(!wasm_module_validate(store, &truncated));
  /* Decodes but does not validate: i32.add on an empty stack. */
  static const char kInvalid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type () -> () */
                                  0x03, 0x02, 0x01, 0x00,             /* one function */
                                  0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b};
  wasm_byte_vec_t invalid = {sizeof kInvalid, (char*)kInvalid};
  CHECK(wasm_module_new(store, &invalid) == NULL && !wasm_module_validate(store, &invalid));
  /* The same with a valid body (nop) is accepted: the check above is the
   * validator's, not the decoder's. */
  static const char kValid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                                0x0a, 0x05, 0x01, 0x03, 0x00, 0x01, 0x0b};
  wasm_byte_vec_t valid = {sizeof kValid, (char*)kValid};
  CHECK(wasm_module_validate(store, &valid));
  /* Text is not a binary. */
  wasm_byte_vec_t text;
  wasm_name_new_from_string(&text, "(module)");
  CHECK(wasm_module_new(store, &text) == NULL);
  wasm_byte_vec_delete(&text);

  wasm_byte_vec_delete(&serialized);
  wasm_module_delete(module);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(other);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("serialize: ok\n");
  return 0;
}
