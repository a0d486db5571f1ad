// LU decomposition without pivoting of a diagonally dominant double
// matrix (Doolittle, in place), then a check value from the factors.
#include "kernel_support.h"

enum { kN = 400 };
static double a[kN][kN];

KERNEL_EXPORT u32 run(void) {
  u32 seed = 3;
  for (i32 i = 0; i < kN; ++i) {
    for (i32 j = 0; j < kN; ++j) a[i][j] = (double)(KernelRandom(&seed) % 100) / 10.0;
    a[i][i] += 10.0 * kN;  // dominant diagonal: no pivoting needed
  }
  for (i32 k = 0; k < kN; ++k) {
    const double pivot = a[k][k];
    for (i32 i = k + 1; i < kN; ++i) {
      const double l = a[i][k] / pivot;
      a[i][k] = l;
      for (i32 j = k + 1; j < kN; ++j) a[i][j] -= l * a[k][j];
    }
  }
  u32 h = 0;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) h = KernelMix(h, (u32)(i64)(a[i][j] * 65536.0));
  return h;
}
