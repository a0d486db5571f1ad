// Integer dot products of 16-bit vectors (audio / ML-style inner loops).
// Plain C that clang vectorises: built with -msimd128 for wasm (i16x8
// widening multiplies and i32x4 adds) and with the host's SSE natively.
#include "kernel_support.h"

enum { kLen = 4096, kVectors = 16, kRounds = 400 };
static short a[kVectors][kLen];
static short b[kLen];

// Sums wrap (as wasm's i32.add does): unsigned, so native C has no overflow.
static u32 Dot(const short* x, const short* y) {
  u32 sum = 0;
  for (i32 i = 0; i < kLen; ++i) sum += (u32)((i32)x[i] * (i32)y[i]);
  return sum;
}

KERNEL_EXPORT u32 run(void) {
  u32 seed = 5;
  for (i32 v = 0; v < kVectors; ++v) {
    for (i32 i = 0; i < kLen; ++i) a[v][i] = (short)(KernelRandom(&seed) >> 16);
  }
  for (i32 i = 0; i < kLen; ++i) b[i] = (short)(KernelRandom(&seed) >> 16);
  u32 h = 0;
  for (i32 r = 0; r < kRounds; ++r) {
    for (i32 v = 0; v < kVectors; ++v) h = KernelMix(h, Dot(a[v], b));
    b[r % kLen] ^= (short)h;  // keeps rounds from being folded together
  }
  return h;
}
