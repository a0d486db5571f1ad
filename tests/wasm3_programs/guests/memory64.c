// wasm64: pointers and sizes are 64-bit; no libc (there is no wasm64 WASI
// libc in Debian), so the module exports functions that `weft run
// --invoke` calls.
#include <stdint.h>

extern unsigned char __heap_base;

// Fills `n` bytes past the heap base with a pattern and returns a checksum
// read back through 64-bit pointers; grows memory as needed.
__attribute__((export_name("checksum"))) uint64_t checksum(uint64_t n) {
  unsigned char* base = &__heap_base;
  uint64_t need = (uint64_t)(uintptr_t)base + n;
  uint64_t have = __builtin_wasm_memory_size(0) * 65536ull;
  if (need > have) {
    if (__builtin_wasm_memory_grow(0, (need - have + 65535) / 65536) == (uintptr_t)-1) return 0;
  }
  for (uint64_t i = 0; i < n; ++i) base[i] = (unsigned char)(i * 7 + (i >> 8));
  uint64_t sum = 0;
  for (uint64_t i = 0; i < n; i += 8) sum = sum * 31 + *(volatile uint64_t*)(base + i);
  return sum;
}

__attribute__((export_name("pointer_size"))) uint32_t pointer_size(void) { return sizeof(void*); }
