// The program's heap: power-of-two size classes with one free list each,
// carved from a static arena by a bump pointer. Every `run` starts from an
// empty heap (DbHeapReset), so repeated runs do the same work.
#include "minidb.h"

enum {
  kArenaBytes = 16 << 20,  // a run peaks near 8 MiB natively, less on wasm32
  kHeader = 8,       // class index + magic, keeps payloads 8-byte aligned
  kMinShift = 4,     // smallest block: 16 bytes including the header
  kClasses = 22,
  kMagic = 0x6d646230,
};

typedef struct FreeBlock {
  struct FreeBlock* next;
} FreeBlock;

static _Alignas(16) unsigned char g_arena[kArenaBytes];
static u32 g_bump;
static FreeBlock* g_free[kClasses];
static u32 g_allocs, g_frees, g_reuses;

void DbHeapReset(void) {
  g_bump = 0;
  for (i32 i = 0; i < kClasses; ++i) g_free[i] = 0;
  g_allocs = g_frees = g_reuses = 0;
}

static i32 ClassFor(u32 n) {
  u32 need = n + kHeader;
  i32 c = 0;
  while (((u32)1 << (c + kMinShift)) < need) ++c;
  return c;
}

static u32* HeaderOf(void* p) { return (u32*)((unsigned char*)p - kHeader); }

void* DbAlloc(u32 n) {
  i32 c = ClassFor(n);
  if (c >= kClasses) return 0;
  ++g_allocs;
  unsigned char* block;
  if (g_free[c] != 0) {
    block = (unsigned char*)g_free[c] - kHeader;
    g_free[c] = g_free[c]->next;
    ++g_reuses;
  } else {
    u32 size = (u32)1 << (c + kMinShift);
    if (size > kArenaBytes - g_bump) return 0;  // out of memory
    block = g_arena + g_bump;
    g_bump += size;
  }
  u32* header = (u32*)block;
  header[0] = (u32)c;
  header[1] = kMagic;
  return block + kHeader;
}

void* DbAllocZero(u32 n) {
  void* p = DbAlloc(n);
  if (p != 0) DbMemZero(p, n);
  return p;
}

void DbFree(void* p) {
  if (p == 0) return;
  u32* header = HeaderOf(p);
  if (header[1] != kMagic) return;  // not ours: ignore rather than corrupt
  i32 c = (i32)header[0];
  FreeBlock* f = (FreeBlock*)p;
  f->next = g_free[c];
  g_free[c] = f;
  ++g_frees;
}

void* DbRealloc(void* p, u32 n) {
  if (p == 0) return DbAlloc(n);
  u32 c = HeaderOf(p)[0];
  u32 old_payload = ((u32)1 << (c + kMinShift)) - kHeader;
  if (n <= old_payload) return p;
  void* q = DbAlloc(n);
  if (q == 0) return 0;
  DbMemCopy(q, p, old_payload);
  DbFree(p);
  return q;
}

void DbMemCopy(void* dst, const void* src, u32 n) {
  unsigned char* d = (unsigned char*)dst;
  const unsigned char* s = (const unsigned char*)src;
  while (n-- > 0) *d++ = *s++;
}

void DbMemZero(void* dst, u32 n) {
  unsigned char* d = (unsigned char*)dst;
  while (n-- > 0) *d++ = 0;
}

u32 DbHeapStats(void) {
  u32 h = KernelMix(0, g_allocs);
  h = KernelMix(h, g_frees);
  // Reuse counts and the high-water mark are left out: block classes
  // depend on struct sizes, which differ with the pointer width.
  return h;
}
