// A stable top-down merge sort over records of any size, with the compare
// function passed as a pointer (ORDER BY keys, group keys). Short runs are
// sorted by insertion.
#include "minidb.h"

enum { kInsertionRun = 12 };

static void CopyRecord(unsigned char* dst, const unsigned char* src, u32 size) {
  for (u32 i = 0; i < size; ++i) dst[i] = src[i];
}

static void InsertionSort(unsigned char* a, u32 n, u32 size, CompareFn cmp,
                          const void* ctx, unsigned char* hold) {
  for (u32 i = 1; i < n; ++i) {
    CopyRecord(hold, a + i * size, size);
    u32 j = i;
    while (j > 0 && cmp(ctx, a + (j - 1) * size, hold) > 0) {
      CopyRecord(a + j * size, a + (j - 1) * size, size);
      --j;
    }
    CopyRecord(a + j * size, hold, size);
  }
}

static void MergeSort(unsigned char* a, unsigned char* tmp, u32 n, u32 size,
                      CompareFn cmp, const void* ctx) {
  if (n <= kInsertionRun) {
    InsertionSort(a, n, size, cmp, ctx, tmp);
    return;
  }
  u32 half = n / 2;
  MergeSort(a, tmp, half, size, cmp, ctx);
  MergeSort(a + half * size, tmp, n - half, size, cmp, ctx);
  // Already in order: nothing to merge (common for presorted index scans).
  if (cmp(ctx, a + (half - 1) * size, a + half * size) <= 0) return;
  u32 i = 0, j = half, k = 0;
  while (i < half && j < n) {
    // Take from the right only when strictly smaller: keeps the sort stable.
    if (cmp(ctx, a + j * size, a + i * size) < 0) {
      CopyRecord(tmp + k * size, a + j * size, size);
      ++j;
    } else {
      CopyRecord(tmp + k * size, a + i * size, size);
      ++i;
    }
    ++k;
  }
  while (i < half) CopyRecord(tmp + (k++) * size, a + (i++) * size, size);
  while (j < n) CopyRecord(tmp + (k++) * size, a + (j++) * size, size);
  CopyRecord(a, tmp, n * size);
}

void DbSort(void* base, u32 count, u32 size, CompareFn cmp, const void* ctx) {
  if (count < 2) return;
  unsigned char* tmp = (unsigned char*)DbAlloc(count * size);
  MergeSort((unsigned char*)base, tmp, count, size, cmp, ctx);
  DbFree(tmp);
}
