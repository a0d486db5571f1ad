// All-pairs shortest paths (Floyd-Warshall): the min-plus triple loop over
// an int matrix.
#include "kernel_support.h"

enum { kN = 320, kInf = 1 << 28 };
static i32 d[kN][kN];

KERNEL_EXPORT u32 run(void) {
  u32 seed = 5;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) {
      u32 r = KernelRandom(&seed);
      d[i][j] = i == j ? 0 : (r % 8 == 0 ? (i32)(r >> 8) % 1000 + 1 : kInf);
    }
  for (i32 k = 0; k < kN; ++k)
    for (i32 i = 0; i < kN; ++i) {
      const i32 dik = d[i][k];
      if (dik == kInf) continue;
      for (i32 j = 0; j < kN; ++j) {
        const i32 through = dik + d[k][j];
        if (through < d[i][j]) d[i][j] = through;
      }
    }
  u32 h = 0;
  for (i32 i = 0; i < kN; ++i)
    for (i32 j = 0; j < kN; ++j) h = KernelMix(h, (u32)d[i][j]);
  return h;
}
