// Table-driven CRC-32 (IEEE) over a generated buffer: byte loads + lookups.
#include "kernel_support.h"

enum { kBytes = 1 << 20, kRounds = 8 };
static unsigned char data[kBytes];
static u32 table[256];

KERNEL_EXPORT u32 run(void) {
  for (u32 i = 0; i < 256; ++i) {
    u32 c = i;
    for (i32 k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  u32 seed = 9;
  for (i32 i = 0; i < kBytes; ++i) data[i] = (unsigned char)(KernelRandom(&seed) >> 16);
  u32 h = 0;
  for (i32 r = 0; r < kRounds; ++r) {
    u32 crc = 0xffffffffu ^ (u32)r;
    for (i32 i = 0; i < kBytes; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    h = KernelMix(h, crc ^ 0xffffffffu);
  }
  return h;
}
