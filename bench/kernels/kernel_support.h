// Freestanding helpers shared by the benchmark kernels. The kernels build
// both to wasm32 (no libc at all) and natively, so they use only these.
#ifndef WEFT_BENCH_KERNELS_KERNEL_SUPPORT_H_
#define WEFT_BENCH_KERNELS_KERNEL_SUPPORT_H_

typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#ifdef __wasm__
// clang may lower loops/struct copies to these even with no libc linked.
void* memset(void* dst, int c, unsigned long n);
void* memcpy(void* dst, const void* src, unsigned long n);
#define KERNEL_EXPORT __attribute__((export_name("run")))
#else
#define KERNEL_EXPORT
#endif

// Deterministic pseudo-random stream (same values native and wasm).
static inline u32 KernelRandom(u32* state) {
  *state = *state * 1664525u + 1013904223u;
  return *state;
}

// Mixes a value into a running checksum.
static inline u32 KernelMix(u32 h, u32 v) {
  h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
  return h;
}

#endif  // WEFT_BENCH_KERNELS_KERNEL_SUPPORT_H_
