// An LZ77 compressor with hash chains over a 64 KiB window, and its
// decompressor. The stream is a list of sequences, each
//   token (literal count << 4 | match length - 4), [count extension],
//   literals, 2-byte little-endian distance, [length extension]
// where a nibble of 15 continues in bytes of 255 plus a final remainder.
// The last sequence has literals only: it ends where the input ends.
#include "minidb.h"

enum {
  kMinMatch = 4,
  kHashBits = 14,
  kWindow = 1 << 16,
  kMaxDistance = kWindow - 1,
  kMaxChain = 24,
  kGoodEnough = 64,  // stop searching once a match is this long
};

static const u32 kNone = 0xffffffffu;

static u32 Hash4(const unsigned char* p) {
  u32 v = (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
  return (v * 2654435761u) >> (32 - kHashBits);
}

u32 LzCompressBound(u32 n) { return n + n / 255 + 16; }

static u32 PutLength(unsigned char* out, u32 o, u32 extra) {
  while (extra >= 255) {
    out[o++] = 255;
    extra -= 255;
  }
  out[o++] = (unsigned char)extra;
  return o;
}

static u32 EmitSequence(unsigned char* out, u32 o, const unsigned char* lit, u32 nlit,
                        u32 match, u32 distance) {
  u32 m = match == 0 ? 0 : match - kMinMatch;
  u32 token_pos = o++;
  out[token_pos] = (unsigned char)(((nlit < 15 ? nlit : 15) << 4) | (m < 15 ? m : 15));
  if (nlit >= 15) o = PutLength(out, o, nlit - 15);
  for (u32 k = 0; k < nlit; ++k) out[o++] = lit[k];
  if (match == 0) return o;
  out[o++] = (unsigned char)(distance & 255);
  out[o++] = (unsigned char)(distance >> 8);
  if (m >= 15) o = PutLength(out, o, m - 15);
  return o;
}

typedef struct Matcher {
  u32* head;
  u32* prev;
  const unsigned char* in;
  u32 n;
} Matcher;

static void Insert(Matcher* m, u32 pos) {
  u32 h = Hash4(m->in + pos);
  m->prev[pos & (kWindow - 1)] = m->head[h];
  m->head[h] = pos;
}

static u32 LongestMatch(const Matcher* m, u32 pos, u32* distance) {
  u32 best = 0;
  u32 limit = m->n - pos;
  u32 cand = m->head[Hash4(m->in + pos)];
  for (i32 depth = 0; cand != kNone && pos - cand <= kMaxDistance && depth < kMaxChain;
       ++depth) {
    const unsigned char* a = m->in + cand;
    const unsigned char* b = m->in + pos;
    if (a[best] == b[best]) {  // cannot beat `best` otherwise
      u32 len = 0;
      while (len < limit && a[len] == b[len]) ++len;
      if (len > best) {
        best = len;
        *distance = pos - cand;
        if (len >= kGoodEnough || len == limit) break;
      }
    }
    cand = m->prev[cand & (kWindow - 1)];
  }
  return best;
}

u32 LzCompress(const unsigned char* in, u32 n, unsigned char* out) {
  Matcher m;
  m.head = (u32*)DbAlloc((1u << kHashBits) * (u32)sizeof(u32));
  m.prev = (u32*)DbAlloc(kWindow * (u32)sizeof(u32));
  m.in = in;
  m.n = n;
  for (u32 i = 0; i < (1u << kHashBits); ++i) m.head[i] = kNone;
  u32 o = 0, anchor = 0, pos = 0;
  while (pos + kMinMatch <= n) {
    u32 distance = 0;
    u32 len = LongestMatch(&m, pos, &distance);
    Insert(&m, pos);
    if (len < kMinMatch) {
      ++pos;
      continue;
    }
    o = EmitSequence(out, o, in + anchor, pos - anchor, len, distance);
    for (u32 k = 1; k < len && pos + k + kMinMatch <= n; ++k) Insert(&m, pos + k);
    pos += len;
    anchor = pos;
  }
  o = EmitSequence(out, o, in + anchor, n - anchor, 0, 0);
  DbFree(m.prev);
  DbFree(m.head);
  return o;
}

static i32 ReadLength(const unsigned char* in, u32 n, u32* i, u32* value) {
  for (;;) {
    if (*i >= n) return 0;
    u32 b = in[(*i)++];
    *value += b;
    if (b != 255) return 1;
  }
}

u32 LzDecompress(const unsigned char* in, u32 n, unsigned char* out, u32 cap) {
  u32 i = 0, o = 0;
  while (i < n) {
    u32 token = in[i++];
    u32 nlit = token >> 4;
    if (nlit == 15 && !ReadLength(in, n, &i, &nlit)) return kNone;
    if (nlit > n - i || nlit > cap - o) return kNone;
    for (u32 k = 0; k < nlit; ++k) out[o++] = in[i++];
    if (i == n) break;  // the final, literal-only sequence
    if (n - i < 2) return kNone;
    u32 distance = (u32)in[i] | ((u32)in[i + 1] << 8);
    i += 2;
    u32 len = (token & 15);
    if (len == 15 && !ReadLength(in, n, &i, &len)) return kNone;
    len += kMinMatch;
    if (distance == 0 || distance > o || len > cap - o) return kNone;
    // Forward byte copy: overlapping matches repeat the last `distance` bytes.
    const unsigned char* from = out + (o - distance);
    for (u32 k = 0; k < len; ++k) out[o + k] = from[k];
    o += len;
  }
  return o;
}
