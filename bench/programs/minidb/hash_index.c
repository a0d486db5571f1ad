// A chained hash index from an int column to row numbers. Entries are
// heap nodes (freed on removal, so the allocator's free lists get reused);
// the bucket array doubles when the load passes one entry per bucket.
#include "minidb.h"

typedef struct HashEntry {
  i64 key;
  u32 row;
  struct HashEntry* next;
} HashEntry;

struct HashIndex {
  HashEntry** buckets;
  u32 mask;
  u32 count;
};

HashIndex* HashIndexCreate(void) {
  HashIndex* h = (HashIndex*)DbAlloc((u32)sizeof(HashIndex));
  h->mask = 63;
  h->count = 0;
  h->buckets = (HashEntry**)DbAllocZero((h->mask + 1) * (u32)sizeof(HashEntry*));
  return h;
}

void HashIndexFree(HashIndex* h) {
  if (h == 0) return;
  for (u32 b = 0; b <= h->mask; ++b) {
    HashEntry* e = h->buckets[b];
    while (e != 0) {
      HashEntry* next = e->next;
      DbFree(e);
      e = next;
    }
  }
  DbFree(h->buckets);
  DbFree(h);
}

static void Grow(HashIndex* h) {
  u32 new_mask = h->mask * 2 + 1;
  HashEntry** fresh = (HashEntry**)DbAllocZero((new_mask + 1) * (u32)sizeof(HashEntry*));
  for (u32 b = 0; b <= h->mask; ++b) {
    HashEntry* e = h->buckets[b];
    while (e != 0) {
      HashEntry* next = e->next;
      // Re-linking reverses each chain; appending at the tail keeps the
      // insertion order, so lookups visit rows in the order they came.
      u32 nb = DbHashInt(e->key) & new_mask;
      HashEntry** tail = &fresh[nb];
      while (*tail != 0) tail = &(*tail)->next;
      e->next = 0;
      *tail = e;
      e = next;
    }
  }
  DbFree(h->buckets);
  h->buckets = fresh;
  h->mask = new_mask;
}

void HashIndexInsert(HashIndex* h, i64 key, u32 row) {
  if (h->count > h->mask) Grow(h);
  HashEntry* e = (HashEntry*)DbAlloc((u32)sizeof(HashEntry));
  e->key = key;
  e->row = row;
  e->next = 0;
  HashEntry** tail = &h->buckets[DbHashInt(key) & h->mask];
  while (*tail != 0) tail = &(*tail)->next;
  *tail = e;
  ++h->count;
}

i32 HashIndexRemove(HashIndex* h, i64 key, u32 row) {
  HashEntry** link = &h->buckets[DbHashInt(key) & h->mask];
  while (*link != 0) {
    HashEntry* e = *link;
    if (e->key == key && e->row == row) {
      *link = e->next;
      DbFree(e);
      --h->count;
      return 1;
    }
    link = &e->next;
  }
  return 0;
}

void HashIndexLookup(const HashIndex* h, i64 key, RowVisitor visit, void* ctx) {
  for (HashEntry* e = h->buckets[DbHashInt(key) & h->mask]; e != 0; e = e->next) {
    if (e->key == key) visit(ctx, e->row);
  }
}

u32 HashIndexDigest(const HashIndex* h) {
  u32 d = KernelMix(h->count, h->mask);
  u32 longest = 0;
  for (u32 b = 0; b <= h->mask; ++b) {
    u32 n = 0;
    for (HashEntry* e = h->buckets[b]; e != 0; e = e->next) ++n;
    if (n > longest) longest = n;
  }
  return KernelMix(d, longest);
}
