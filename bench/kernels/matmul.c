// Dense double-precision matrix multiply (i-k-j order).
#include "kernel_support.h"

enum { kN = 384 };
static double a[kN][kN], b[kN][kN], c[kN][kN];

KERNEL_EXPORT u32 run(void) {
  u32 seed = 7;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) {
      a[i][j] = (double)(KernelRandom(&seed) % 1000) / 100.0;
      b[i][j] = (double)(KernelRandom(&seed) % 1000) / 100.0;
      c[i][j] = 0.0;
    }
  for (i32 i = 0; i < kN; ++i)
    for (i32 k = 0; k < kN; ++k) {
      double aik = a[i][k];
      for (i32 j = 0; j < kN; ++j) c[i][j] += aik * b[k][j];
    }
  u32 h = 0;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) h = KernelMix(h, (u32)(i64)(c[i][j] * 16.0));
  return h;
}
