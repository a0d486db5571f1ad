// SQL text to tokens. Keywords are plain identifiers here; the parser
// matches them case-insensitively.
#include "minidb.h"

static i32 IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
static i32 IsDigit(char c) { return c >= '0' && c <= '9'; }
static i32 IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static i32 IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

static void Push(TokenList* out, i32 kind, const char* p, i32 n, i64 value) {
  if (out->count == out->cap) {
    out->cap = out->cap == 0 ? 64 : out->cap * 2;
    out->tokens = (Token*)DbRealloc(out->tokens, (u32)out->cap * (u32)sizeof(Token));
  }
  Token* t = &out->tokens[out->count++];
  t->kind = kind;
  t->text.p = p;
  t->text.n = n;
  t->value = value;
}

// One- and two-character operators, longest match first.
typedef struct OperatorSpelling {
  const char* text;
  i32 kind;
} OperatorSpelling;

static const OperatorSpelling kOperators[] = {
    {"<=", kTokLe}, {">=", kTokGe}, {"<>", kTokNe}, {"!=", kTokNe},
    {"||", kTokConcat}, {"(", kTokLParen}, {")", kTokRParen}, {",", kTokComma},
    {".", kTokDot}, {"*", kTokStar}, {"+", kTokPlus}, {"-", kTokMinus},
    {"/", kTokSlash}, {"%", kTokPercent}, {"=", kTokEq}, {"<", kTokLt},
    {">", kTokGt}, {";", kTokSemicolon},
};

static i32 MatchOperator(const char* p, i32 left) {
  for (u32 i = 0; i < sizeof(kOperators) / sizeof(kOperators[0]); ++i) {
    const char* t = kOperators[i].text;
    i32 n = t[1] == 0 ? 1 : 2;
    if (n > left) continue;
    if (p[0] == t[0] && (n == 1 || p[1] == t[1])) return (i32)i;
  }
  return -1;
}

i32 DbTokenize(Str sql, TokenList* out) {
  out->tokens = 0;
  out->count = out->cap = 0;
  i32 i = 0;
  while (i < sql.n) {
    char c = sql.p[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '-' && i + 1 < sql.n && sql.p[i + 1] == '-') {
      while (i < sql.n && sql.p[i] != '\n') ++i;  // comment
    } else if (IsDigit(c)) {
      i64 v = 0;
      i32 start = i;
      while (i < sql.n && IsDigit(sql.p[i])) {
        v = (i64)((u64)v * 10u + (u64)(sql.p[i] - '0'));
        ++i;
      }
      Push(out, kTokInt, sql.p + start, i - start, v);
    } else if (IsIdentStart(c)) {
      i32 start = i;
      while (i < sql.n && IsIdentChar(sql.p[i])) ++i;
      Push(out, kTokIdent, sql.p + start, i - start, 0);
    } else if (c == '\'') {
      i32 start = ++i;
      i32 quotes = 0;
      for (;;) {
        if (i >= sql.n) {
          Push(out, kTokError, sql.p + start, 0, 0);
          return -1;
        }
        if (sql.p[i] == '\'') {
          if (i + 1 < sql.n && sql.p[i + 1] == '\'') {
            i += 2;
            ++quotes;
            continue;
          }
          break;
        }
        ++i;
      }
      Push(out, kTokString, sql.p + start, i - start, quotes);
      ++i;
    } else {
      i32 op = MatchOperator(sql.p + i, sql.n - i);
      if (op < 0) {
        Push(out, kTokError, sql.p + i, 1, 0);
        return -1;
      }
      i32 n = kOperators[op].text[1] == 0 ? 1 : 2;
      Push(out, kOperators[op].kind, sql.p + i, n, 0);
      i += n;
    }
  }
  Push(out, kTokEnd, sql.p + sql.n, 0, 0);
  return 0;
}

void DbTokensFree(TokenList* list) {
  DbFree(list->tokens);
  list->tokens = 0;
  list->count = list->cap = 0;
}
