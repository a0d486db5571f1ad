// Recursive quicksort of pseudo-random i32s: compares, swaps, recursion.
#include "kernel_support.h"

enum { kCount = 400000 };
static i32 values[kCount];

static void Sort(i32* v, i32 lo, i32 hi) {
  while (lo < hi) {
    i32 pivot = v[lo + (hi - lo) / 2];
    i32 i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) ++i;
      while (v[j] > pivot) --j;
      if (i <= j) {
        i32 t = v[i]; v[i] = v[j]; v[j] = t;
        ++i; --j;
      }
    }
    // Recurse on the smaller side to bound the depth.
    if (j - lo < hi - i) { Sort(v, lo, j); lo = i; }
    else { Sort(v, i, hi); hi = j; }
  }
}

KERNEL_EXPORT u32 run(void) {
  u32 seed = 12345;
  for (i32 i = 0; i < kCount; ++i) values[i] = (i32)KernelRandom(&seed);
  Sort(values, 0, kCount - 1);
  u32 h = 0;
  for (i32 i = 0; i < kCount; i += 97) h = KernelMix(h, (u32)values[i]);
  for (i32 i = 1; i < kCount; ++i)
    if (values[i - 1] > values[i]) return 0;  // not sorted: wrong checksum
  return h;
}
