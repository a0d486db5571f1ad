// Alpha blending of two 8-bit RGBA images with a per-pixel alpha plane
// (image compositing): byte loads widened to 16 bits, multiply, shift and
// narrow. Plain C that clang vectorises: -msimd128 for wasm (i16x8
// extend/mul/shr and i8x16 narrow), the host's SSE natively.
#include "kernel_support.h"

enum { kPixels = 1 << 16, kBytes = kPixels * 4, kRounds = 60 };
static unsigned char src[kBytes], dst[kBytes], alpha[kBytes], out[kBytes];

static void Blend(void) {
  for (i32 i = 0; i < kBytes; ++i) {
    unsigned short k = alpha[i];
    out[i] = (unsigned char)((src[i] * k + dst[i] * (255 - k) + 255) >> 8);
  }
}

KERNEL_EXPORT u32 run(void) {
  u32 seed = 77;
  for (i32 i = 0; i < kBytes; ++i) {
    src[i] = (unsigned char)(KernelRandom(&seed) >> 24);
    dst[i] = (unsigned char)(KernelRandom(&seed) >> 24);
    alpha[i] = (unsigned char)(KernelRandom(&seed) >> 24);
  }
  u32 h = 0;
  for (i32 r = 0; r < kRounds; ++r) {
    Blend();
    for (i32 i = 0; i < kBytes; i += 4093) h = KernelMix(h, out[i]);
    dst[(u32)r * 977 % kBytes] ^= (unsigned char)h;  // rounds differ
    alpha[(u32)r * 131 % kBytes] += 1;
  }
  return h;
}
