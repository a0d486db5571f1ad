// A five-point Jacobi stencil over a 2-D double grid (heat diffusion), the
// shape of the PolyBench-style stencils: a[i][j] = c * (b[i-1][j] + ...).
#include "kernel_support.h"

enum { kN = 256, kSteps = 60 };
static double a[kN][kN], b[kN][kN];

KERNEL_EXPORT u32 run(void) {
  u32 seed = 11;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) a[i][j] = b[i][j] = (double)(KernelRandom(&seed) % 1000);
  for (i32 t = 0; t < kSteps; ++t) {
    for (i32 i = 1; i < kN - 1; ++i)
      for (i32 j = 1; j < kN - 1; ++j)
        b[i][j] = 0.2 * (a[i][j] + a[i - 1][j] + a[i + 1][j] + a[i][j - 1] + a[i][j + 1]);
    for (i32 i = 1; i < kN - 1; ++i)
      for (i32 j = 1; j < kN - 1; ++j)
        a[i][j] = 0.2 * (b[i][j] + b[i - 1][j] + b[i + 1][j] + b[i][j - 1] + b[i][j + 1]);
  }
  u32 h = 0;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) h = KernelMix(h, (u32)(i64)(a[i][j] * 1024.0));
  return h;
}
