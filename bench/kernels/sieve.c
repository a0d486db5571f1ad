// Sieve of Eratosthenes: byte loads/stores in tight loops.
#include "kernel_support.h"

enum { kLimit = 3000000 };
static unsigned char composite[kLimit + 1];

KERNEL_EXPORT u32 run(void) {
  u32 h = 0;
  for (i32 round = 0; round < 2; ++round) {
    for (i32 i = 0; i <= kLimit; ++i) composite[i] = 0;
    u32 count = 0;
    for (i32 i = 2; i <= kLimit; ++i) {
      if (composite[i]) continue;
      ++count;
      for (i32 j = i + i; j <= kLimit; j += i) composite[j] = 1;
    }
    h = KernelMix(h, count);
  }
  return h;
}
