// Strings (pointer + length, never zero-terminated in the tables), growable
// byte buffers, hashing, SQL LIKE, and the Value helpers built on them.
#include "minidb.h"

Str DbStr(const char* z) {
  Str s;
  s.p = z;
  s.n = 0;
  while (z[s.n] != 0) ++s.n;
  return s;
}

i32 DbStrCompare(Str a, Str b) {
  i32 n = a.n < b.n ? a.n : b.n;
  for (i32 i = 0; i < n; ++i) {
    unsigned char x = (unsigned char)a.p[i], y = (unsigned char)b.p[i];
    if (x != y) return x < y ? -1 : 1;
  }
  return a.n == b.n ? 0 : (a.n < b.n ? -1 : 1);
}

i32 DbStrEqual(Str a, Str b) {
  if (a.n != b.n) return 0;
  for (i32 i = 0; i < a.n; ++i) {
    if (a.p[i] != b.p[i]) return 0;
  }
  return 1;
}

static char Lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

i32 DbStrEqualNoCase(Str a, const char* lit) {
  i32 i = 0;
  for (; i < a.n; ++i) {
    if (lit[i] == 0 || Lower(a.p[i]) != Lower(lit[i])) return 0;
  }
  return lit[i] == 0;
}

Str DbStrCopy(Str s) {
  char* p = (char*)DbAlloc((u32)s.n + 1);
  DbMemCopy(p, s.p, (u32)s.n);
  p[s.n] = 0;
  Str r;
  r.p = p;
  r.n = s.n;
  return r;
}

// FNV-1a, then a final avalanche so that short keys spread over buckets.
u32 DbHashBytes(const char* p, i32 n, u32 seed) {
  u32 h = 2166136261u ^ seed;
  for (i32 i = 0; i < n; ++i) {
    h ^= (unsigned char)p[i];
    h *= 16777619u;
  }
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h;
}

u32 DbHashInt(i64 v) {
  u64 x = (u64)v;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return (u32)x;
}

// LIKE: '%' matches any run, '_' any one character; case-sensitive.
// Recursive on '%', iterative otherwise.
i32 DbLike(Str s, Str pattern) {
  i32 si = 0, pi = 0;
  while (pi < pattern.n) {
    char pc = pattern.p[pi];
    if (pc == '%') {
      while (pi < pattern.n && pattern.p[pi] == '%') ++pi;
      if (pi == pattern.n) return 1;
      Str rest_pattern = {pattern.p + pi, pattern.n - pi};
      for (i32 k = si; k <= s.n; ++k) {
        Str rest = {s.p + k, s.n - k};
        if (DbLike(rest, rest_pattern)) return 1;
      }
      return 0;
    }
    if (si >= s.n) return 0;
    if (pc != '_' && pc != s.p[si]) return 0;
    ++si;
    ++pi;
  }
  return si == s.n;
}

void BufInit(Buf* b, u32 cap) {
  b->data = (char*)DbAlloc(cap);
  b->len = 0;
  b->cap = cap;
}

void BufFree(Buf* b) {
  DbFree(b->data);
  b->data = 0;
  b->len = b->cap = 0;
}

static void BufReserve(Buf* b, u32 extra) {
  if (b->len + extra <= b->cap) return;
  u32 cap = b->cap * 2;
  while (cap < b->len + extra) cap *= 2;
  b->data = (char*)DbRealloc(b->data, cap);
  b->cap = cap;
}

void BufPutChar(Buf* b, char c) {
  BufReserve(b, 1);
  b->data[b->len++] = c;
}

void BufPut(Buf* b, const char* p, u32 n) {
  BufReserve(b, n);
  DbMemCopy(b->data + b->len, p, n);
  b->len += n;
}

void BufPutZ(Buf* b, const char* z) { BufPut(b, z, (u32)DbStr(z).n); }

void BufPutInt(Buf* b, i64 v) {
  char digits[24];
  i32 n = 0;
  u64 m = v < 0 ? (u64)0 - (u64)v : (u64)v;
  do {
    digits[n++] = (char)('0' + (i32)(m % 10));
    m /= 10;
  } while (m != 0);
  if (v < 0) BufPutChar(b, '-');
  while (n > 0) BufPutChar(b, digits[--n]);
}

Value DbIntValue(i64 v) {
  Value r;
  r.type = kInt;
  r.i = v;
  r.s.p = 0;
  r.s.n = 0;
  return r;
}

Value DbTextValue(Str s) {
  Value r;
  r.type = kText;
  r.i = 0;
  r.s = s;
  return r;
}

Value DbNullValue(void) {
  Value r;
  r.type = kNull;
  r.i = 0;
  r.s.p = 0;
  r.s.n = 0;
  return r;
}

i32 DbValueCompare(const Value* a, const Value* b) {
  if (a->type != b->type) return a->type < b->type ? -1 : 1;
  if (a->type == kInt) return a->i == b->i ? 0 : (a->i < b->i ? -1 : 1);
  if (a->type == kText) return DbStrCompare(a->s, b->s);
  return 0;
}

u32 DbValueHash(const Value* v, u32 seed) {
  if (v->type == kInt) return DbHashInt(v->i) ^ seed;
  if (v->type == kText) return DbHashBytes(v->s.p, v->s.n, seed);
  return seed * 31u + 7u;
}

i32 DbValueTruthy(const Value* v) {
  if (v->type == kInt) return v->i != 0;
  if (v->type == kText) return v->s.n != 0;
  return 0;
}
