/* The guest side of weft's plugin ABI (contract: include/weft/plugin_host.h).
 * A plugin includes this header once, defines
 *     weft_bytes plugin_execute(const uint8_t* in, uint32_t len);
 *     extern const char plugin_meta[];   (a JSON object)
 * and builds with
 *     clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor
 * Output returned by plugin_execute must come from weft_output/malloc: the
 * host frees it with weft_free after reading it. */
#ifndef WEFT_PLUGIN_H_
#define WEFT_PLUGIN_H_

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WEFT_EXPORT(name) __attribute__((export_name(name)))
#define WEFT_IMPORT(name) __attribute__((import_module("env"), import_name(name)))

typedef struct {
  uint8_t* ptr;
  uint32_t len;
} weft_bytes;

/* env host module: a WASI fd or -errno; 1/0/-errno. */
WEFT_IMPORT("net_dial") int32_t weft_net_dial(const char* host, uint32_t host_len, uint32_t port);
WEFT_IMPORT("fs_check") int32_t weft_fs_check(const char* path, uint32_t path_len);

weft_bytes plugin_execute(const uint8_t* in, uint32_t len);
extern const char plugin_meta[];

WEFT_EXPORT("weft_alloc") void* weft_alloc(uint32_t size) { return malloc(size ? size : 1); }
WEFT_EXPORT("weft_free") void weft_free(void* ptr, uint32_t size) {
  (void)size;
  free(ptr);
}

static inline uint64_t weft_pack(const void* ptr, uint32_t len) {
  return (uint64_t)(uintptr_t)ptr | ((uint64_t)len << 32);
}

WEFT_EXPORT("meta") uint64_t weft_meta(void) {
  return weft_pack(plugin_meta, (uint32_t)strlen(plugin_meta));
}

WEFT_EXPORT("execute") uint64_t weft_execute(const uint8_t* in, uint32_t len) {
  weft_bytes out = plugin_execute(in, len);
  return weft_pack(out.ptr, out.len);
}

/* A heap copy of `s` as output (NULL/0 on allocation failure). */
static inline weft_bytes weft_output(const char* s, uint32_t len) {
  weft_bytes b = {(uint8_t*)malloc(len ? len : 1), len};
  if (b.ptr == NULL) b.len = 0;
  else memcpy(b.ptr, s, len);
  return b;
}

#endif /* WEFT_PLUGIN_H_ */
