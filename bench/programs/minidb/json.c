// JSON: the printer used for query results, and a validator that reads the
// whole output back (a second, independent pass over every byte).
#include "minidb.h"

static const char kHex[] = "0123456789abcdef";

void JsonString(Buf* out, Str s) {
  BufPutChar(out, '"');
  for (i32 i = 0; i < s.n; ++i) {
    unsigned char c = (unsigned char)s.p[i];
    switch (c) {
      case '"': BufPut(out, "\\\"", 2); break;
      case '\\': BufPut(out, "\\\\", 2); break;
      case '\n': BufPut(out, "\\n", 2); break;
      case '\t': BufPut(out, "\\t", 2); break;
      default:
        if (c < 0x20) {
          BufPut(out, "\\u00", 4);
          BufPutChar(out, kHex[c >> 4]);
          BufPutChar(out, kHex[c & 15]);
        } else {
          BufPutChar(out, (char)c);
        }
    }
  }
  BufPutChar(out, '"');
}

void JsonValue(Buf* out, const Value* v) {
  switch (v->type) {
    case kInt: BufPutInt(out, v->i); break;
    case kText: JsonString(out, v->s); break;
    default: BufPut(out, "null", 4); break;
  }
}

typedef struct Reader {
  const char* p;
  i32 n;
  i32 pos;
  i32 values;
  i32 depth;
} Reader;

static void SkipSpace(Reader* r) {
  while (r->pos < r->n) {
    char c = r->p[r->pos];
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return;
    ++r->pos;
  }
}

static i32 Literal(Reader* r, const char* word) {
  for (i32 i = 0; word[i] != 0; ++i) {
    if (r->pos >= r->n || r->p[r->pos] != word[i]) return 0;
    ++r->pos;
  }
  return 1;
}

static i32 ReadString(Reader* r) {
  if (r->pos >= r->n || r->p[r->pos] != '"') return 0;
  ++r->pos;
  while (r->pos < r->n) {
    char c = r->p[r->pos++];
    if (c == '"') return 1;
    if ((unsigned char)c < 0x20) return 0;
    if (c != '\\') continue;
    if (r->pos >= r->n) return 0;
    c = r->p[r->pos++];
    if (c == 'u') {
      for (i32 k = 0; k < 4; ++k) {
        if (r->pos >= r->n) return 0;
        char h = r->p[r->pos++];
        i32 hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
        if (!hex) return 0;
      }
    } else if (c != '"' && c != '\\' && c != '/' && c != 'b' && c != 'f' && c != 'n' &&
               c != 'r' && c != 't') {
      return 0;
    }
  }
  return 0;
}

static i32 ReadNumber(Reader* r) {
  if (r->pos < r->n && r->p[r->pos] == '-') ++r->pos;
  i32 start = r->pos;
  while (r->pos < r->n && r->p[r->pos] >= '0' && r->p[r->pos] <= '9') ++r->pos;
  return r->pos > start;
}

static i32 ReadValue(Reader* r);

static i32 ReadList(Reader* r, char close, i32 keyed) {
  ++r->pos;
  SkipSpace(r);
  if (r->pos < r->n && r->p[r->pos] == close) {
    ++r->pos;
    return 1;
  }
  for (;;) {
    SkipSpace(r);
    if (keyed) {
      if (!ReadString(r)) return 0;
      SkipSpace(r);
      if (r->pos >= r->n || r->p[r->pos++] != ':') return 0;
    }
    if (!ReadValue(r)) return 0;
    SkipSpace(r);
    if (r->pos >= r->n) return 0;
    char c = r->p[r->pos++];
    if (c == close) return 1;
    if (c != ',') return 0;
  }
}

static i32 ReadValue(Reader* r) {
  SkipSpace(r);
  if (r->pos >= r->n) return 0;
  ++r->values;
  switch (r->p[r->pos]) {
    case '{':
    case '[': {
      if (++r->depth > 64) return 0;
      char open = r->p[r->pos];
      i32 ok = ReadList(r, open == '{' ? '}' : ']', open == '{');
      --r->depth;
      return ok;
    }
    case '"': return ReadString(r);
    case 't': return Literal(r, "true");
    case 'f': return Literal(r, "false");
    case 'n': return Literal(r, "null");
    default: return ReadNumber(r);
  }
}

i32 JsonValidate(Str text) {
  Reader r = {text.p, text.n, 0, 0, 0};
  if (!ReadValue(&r)) return -1;
  SkipSpace(&r);
  return r.pos == r.n ? r.values : -1;
}
