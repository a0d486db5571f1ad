// Open-addressing hash map (u32 -> u32, linear probing): inserts, lookups,
// updates with a data-dependent probe loop.
#include "kernel_support.h"

enum { kCapacity = 1 << 18, kOps = 600000 };
static u32 keys[kCapacity];
static u32 vals[kCapacity];
static unsigned char used[kCapacity];

static inline u32 Hash(u32 k) {
  k ^= k >> 16; k *= 0x7feb352du; k ^= k >> 15; k *= 0x846ca68bu; k ^= k >> 16;
  return k;
}

static u32* Slot(u32 key) {
  u32 i = Hash(key) & (kCapacity - 1);
  while (used[i] && keys[i] != key) i = (i + 1) & (kCapacity - 1);
  if (!used[i]) { used[i] = 1; keys[i] = key; vals[i] = 0; }
  return &vals[i];
}

KERNEL_EXPORT u32 run(void) {
  for (i32 i = 0; i < kCapacity; ++i) used[i] = 0;
  u32 seed = 77;
  u32 h = 0;
  for (i32 op = 0; op < kOps; ++op) {
    // ~150k distinct keys: a mix of new inserts and hits.
    u32 key = KernelRandom(&seed) % 150000u;
    u32* v = Slot(key * 2654435761u);
    *v += (u32)op;
    h = KernelMix(h, *v);
  }
  return h;
}
