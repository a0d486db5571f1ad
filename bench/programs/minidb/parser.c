// Recursive-descent parser: tokens to a Stmt with Expr trees. The grammar:
//   SELECT items FROM t [JOIN u ON e] [WHERE e] [GROUP BY e,..]
//          [ORDER BY e [ASC|DESC],..] [LIMIT n]
//   INSERT INTO t VALUES (e,..), (e,..) ..
//   UPDATE t SET c = e, .. [WHERE e]      DELETE FROM t [WHERE e]
//   CREATE TABLE t (c INT|TEXT, ..)       CREATE HASH|TREE INDEX ON t (c)
//   VACUUM t
// Expressions, loosest first: OR, AND, NOT, comparisons and LIKE, + - ||,
// * / %, unary minus, then literals, columns, calls and parentheses.
#include "minidb.h"

typedef struct Parser {
  const Token* tokens;
  i32 pos;
  i32 failed;
} Parser;

static const char* const kReserved[] = {
    "select", "from", "where", "group", "by", "order", "limit", "join", "on",
    "and", "or", "not", "like", "asc", "desc", "insert", "into", "values",
    "update", "set", "delete", "create", "table", "index", "vacuum", 0};

static const Token* Peek(Parser* p) { return &p->tokens[p->pos]; }
static const Token* Next(Parser* p) {
  const Token* t = &p->tokens[p->pos];
  if (t->kind != kTokEnd) ++p->pos;
  return t;
}

static i32 Fail(Parser* p) {
  p->failed = 1;
  return 0;
}

static i32 AtKeyword(Parser* p, const char* kw) {
  const Token* t = Peek(p);
  return t->kind == kTokIdent && DbStrEqualNoCase(t->text, kw);
}

static i32 AcceptKeyword(Parser* p, const char* kw) {
  if (!AtKeyword(p, kw)) return 0;
  Next(p);
  return 1;
}

static i32 ExpectKeyword(Parser* p, const char* kw) {
  return AcceptKeyword(p, kw) ? 1 : Fail(p);
}

static i32 Accept(Parser* p, i32 kind) {
  if (Peek(p)->kind != kind) return 0;
  Next(p);
  return 1;
}

static i32 Expect(Parser* p, i32 kind) { return Accept(p, kind) ? 1 : Fail(p); }

static i32 IsReserved(Str s) {
  for (i32 i = 0; kReserved[i] != 0; ++i) {
    if (DbStrEqualNoCase(s, kReserved[i])) return 1;
  }
  return 0;
}

static Str ExpectName(Parser* p) {
  const Token* t = Peek(p);
  Str empty = {"", 0};
  if (t->kind != kTokIdent || IsReserved(t->text)) {
    Fail(p);
    return empty;
  }
  Next(p);
  return t->text;
}

static Expr* NewExpr(i32 kind) {
  Expr* e = (Expr*)DbAllocZero((u32)sizeof(Expr));
  e->kind = kind;
  e->agg_index = -1;
  return e;
}

static Expr* Binary(i32 op, Expr* l, Expr* r) {
  Expr* e = NewExpr(kExprBinary);
  e->op = op;
  e->args[0] = l;
  e->args[1] = r;
  e->nargs = 2;
  return e;
}

void DbExprFree(Expr* e) {
  if (e == 0) return;
  for (i32 i = 0; i < e->nargs; ++i) DbExprFree(e->args[i]);
  if (e->kind == kExprText && e->ival > 0) DbFree((void*)e->text.p);
  DbFree(e);
}

static Expr* ParseExpr(Parser* p);

// A string literal: points into the SQL text unless it had '' escapes,
// in which case the collapsed copy is owned by the node (ival = 1).
static Expr* StringLiteral(const Token* t) {
  Expr* e = NewExpr(kExprText);
  if (t->value == 0) {
    e->text = t->text;
    return e;
  }
  char* copy = (char*)DbAlloc((u32)t->text.n);
  i32 n = 0;
  for (i32 i = 0; i < t->text.n; ++i) {
    copy[n++] = t->text.p[i];
    if (t->text.p[i] == '\'') ++i;
  }
  e->text.p = copy;
  e->text.n = n;
  e->ival = 1;
  return e;
}

static const char* const kAggNames[kAggKinds] = {"count", "sum", "min", "max", "avg"};

static Expr* ParseCall(Parser* p, Str name) {
  for (i32 a = 0; a < kAggKinds; ++a) {
    if (!DbStrEqualNoCase(name, kAggNames[a])) continue;
    Expr* e = NewExpr(kExprAgg);
    e->op = a;
    e->text = name;
    if (a == kAggCount && Accept(p, kTokStar)) {
      e->nargs = 0;
    } else {
      e->args[0] = ParseExpr(p);
      e->nargs = 1;
    }
    Expect(p, kTokRParen);
    return e;
  }
  Expr* e = NewExpr(kExprCall);
  e->text = name;
  e->op = DbFunctionId(name);
  if (e->op < 0) Fail(p);
  if (!Accept(p, kTokRParen)) {
    do {
      if (e->nargs == kMaxArgs) {
        Fail(p);
        break;
      }
      e->args[e->nargs++] = ParseExpr(p);
    } while (!p->failed && Accept(p, kTokComma));
    Expect(p, kTokRParen);
  }
  return e;
}

static Expr* ParsePrimary(Parser* p) {
  const Token* t = Next(p);
  switch (t->kind) {
    case kTokInt: {
      Expr* e = NewExpr(kExprInt);
      e->ival = t->value;
      return e;
    }
    case kTokString:
      return StringLiteral(t);
    case kTokLParen: {
      Expr* e = ParseExpr(p);
      Expect(p, kTokRParen);
      return e;
    }
    case kTokIdent: {
      if (DbStrEqualNoCase(t->text, "null")) return NewExpr(kExprNull);
      if (IsReserved(t->text)) break;
      if (Accept(p, kTokLParen)) return ParseCall(p, t->text);
      Expr* e = NewExpr(kExprColumn);
      e->text = t->text;
      if (Accept(p, kTokDot)) {
        e->table = t->text;
        e->text = ExpectName(p);
      }
      return e;
    }
    default:
      break;
  }
  Fail(p);
  return NewExpr(kExprNull);
}

static Expr* ParseUnary(Parser* p) {
  if (Accept(p, kTokMinus)) {
    Expr* e = NewExpr(kExprNeg);
    e->args[0] = ParseUnary(p);
    e->nargs = 1;
    return e;
  }
  return ParsePrimary(p);
}

static Expr* ParseMul(Parser* p) {
  Expr* e = ParseUnary(p);
  for (;;) {
    i32 kind = Peek(p)->kind;
    i32 op = kind == kTokStar ? kOpMul : kind == kTokSlash ? kOpDiv
             : kind == kTokPercent ? kOpMod : -1;
    if (op < 0 || p->failed) return e;
    Next(p);
    e = Binary(op, e, ParseUnary(p));
  }
}

static Expr* ParseAdd(Parser* p) {
  Expr* e = ParseMul(p);
  for (;;) {
    i32 kind = Peek(p)->kind;
    i32 op = kind == kTokPlus ? kOpAdd : kind == kTokMinus ? kOpSub
             : kind == kTokConcat ? kOpConcat : -1;
    if (op < 0 || p->failed) return e;
    Next(p);
    e = Binary(op, e, ParseMul(p));
  }
}

static Expr* ParseCompare(Parser* p) {
  Expr* e = ParseAdd(p);
  i32 op;
  switch (Peek(p)->kind) {
    case kTokEq: op = kOpEq; break;
    case kTokNe: op = kOpNe; break;
    case kTokLt: op = kOpLt; break;
    case kTokLe: op = kOpLe; break;
    case kTokGt: op = kOpGt; break;
    case kTokGe: op = kOpGe; break;
    default: op = AtKeyword(p, "like") ? kOpLike : -1; break;
  }
  if (op < 0 || p->failed) return e;
  Next(p);
  return Binary(op, e, ParseAdd(p));
}

static Expr* ParseNot(Parser* p) {
  if (AcceptKeyword(p, "not")) {
    Expr* e = NewExpr(kExprNot);
    e->args[0] = ParseNot(p);
    e->nargs = 1;
    return e;
  }
  return ParseCompare(p);
}

static Expr* ParseAnd(Parser* p) {
  Expr* e = ParseNot(p);
  while (!p->failed && AcceptKeyword(p, "and")) e = Binary(kOpAnd, e, ParseNot(p));
  return e;
}

static Expr* ParseExpr(Parser* p) {
  Expr* e = ParseAnd(p);
  while (!p->failed && AcceptKeyword(p, "or")) e = Binary(kOpOr, e, ParseAnd(p));
  return e;
}

static Stmt* NewStmt(i32 kind) {
  Stmt* s = (Stmt*)DbAllocZero((u32)sizeof(Stmt));
  s->kind = kind;
  s->limit = -1;
  return s;
}

static void ParseSelect(Parser* p, Stmt* s) {
  if (Accept(p, kTokStar)) {
    s->star = 1;
  } else {
    do {
      if (s->nitems == kMaxItems) {
        Fail(p);
        return;
      }
      s->items[s->nitems++] = ParseExpr(p);
    } while (!p->failed && Accept(p, kTokComma));
  }
  ExpectKeyword(p, "from");
  s->table = ExpectName(p);
  if (AcceptKeyword(p, "join")) {
    s->join_table = ExpectName(p);
    ExpectKeyword(p, "on");
    s->join_on = ParseExpr(p);
  }
  if (AcceptKeyword(p, "where")) s->where = ParseExpr(p);
  if (AcceptKeyword(p, "group")) {
    ExpectKeyword(p, "by");
    do {
      if (s->ngroup == kMaxKeys) {
        Fail(p);
        return;
      }
      s->group[s->ngroup++] = ParseExpr(p);
    } while (!p->failed && Accept(p, kTokComma));
  }
  if (AcceptKeyword(p, "order")) {
    ExpectKeyword(p, "by");
    do {
      if (s->norder == kMaxKeys) {
        Fail(p);
        return;
      }
      s->order[s->norder] = ParseExpr(p);
      if (AcceptKeyword(p, "desc")) {
        s->order_desc[s->norder] = 1;
      } else {
        AcceptKeyword(p, "asc");
      }
      ++s->norder;
    } while (!p->failed && Accept(p, kTokComma));
  }
  if (AcceptKeyword(p, "limit")) {
    const Token* t = Next(p);
    if (t->kind != kTokInt) Fail(p);
    s->limit = t->value;
  }
}

static void PushValue(Stmt* s, Expr* e) {
  if (s->nvalues == s->values_cap) {
    s->values_cap = s->values_cap == 0 ? 16 : s->values_cap * 2;
    s->values = (Expr**)DbRealloc(s->values, (u32)s->values_cap * (u32)sizeof(Expr*));
  }
  s->values[s->nvalues++] = e;
}

static void ParseInsert(Parser* p, Stmt* s) {
  ExpectKeyword(p, "into");
  s->table = ExpectName(p);
  ExpectKeyword(p, "values");
  s->ncols = -1;  // values per row, fixed by the first row
  do {
    Expect(p, kTokLParen);
    i32 n = 0;
    do {
      PushValue(s, ParseExpr(p));
      ++n;
    } while (!p->failed && Accept(p, kTokComma));
    Expect(p, kTokRParen);
    if (s->ncols < 0) s->ncols = n;
    if (n != s->ncols) Fail(p);
  } while (!p->failed && Accept(p, kTokComma));
}

static void ParseUpdate(Parser* p, Stmt* s) {
  s->table = ExpectName(p);
  ExpectKeyword(p, "set");
  do {
    if (s->nsets == kMaxSets) {
      Fail(p);
      return;
    }
    s->set_cols[s->nsets] = ExpectName(p);
    Expect(p, kTokEq);
    s->set_vals[s->nsets++] = ParseExpr(p);
  } while (!p->failed && Accept(p, kTokComma));
  if (AcceptKeyword(p, "where")) s->where = ParseExpr(p);
}

static void ParseCreate(Parser* p, Stmt* s) {
  if (AcceptKeyword(p, "table")) {
    s->kind = kStmtCreate;
    s->table = ExpectName(p);
    Expect(p, kTokLParen);
    do {
      if (s->ncols == kMaxCols) {
        Fail(p);
        return;
      }
      s->col_names[s->ncols] = ExpectName(p);
      if (AcceptKeyword(p, "int")) {
        s->col_types[s->ncols] = kInt;
      } else if (AcceptKeyword(p, "text")) {
        s->col_types[s->ncols] = kText;
      } else {
        Fail(p);
      }
      ++s->ncols;
    } while (!p->failed && Accept(p, kTokComma));
    Expect(p, kTokRParen);
    return;
  }
  s->kind = kStmtIndex;
  if (AcceptKeyword(p, "hash")) {
    s->index_kind = 0;
  } else if (AcceptKeyword(p, "tree")) {
    s->index_kind = 1;
  } else {
    Fail(p);
  }
  ExpectKeyword(p, "index");
  ExpectKeyword(p, "on");
  s->table = ExpectName(p);
  Expect(p, kTokLParen);
  s->col_names[0] = ExpectName(p);
  s->ncols = 1;
  Expect(p, kTokRParen);
}

i32 DbParse(const TokenList* tokens, Stmt** out) {
  Parser p = {tokens->tokens, 0, 0};
  Stmt* s;
  if (AcceptKeyword(&p, "select")) {
    s = NewStmt(kStmtSelect);
    ParseSelect(&p, s);
  } else if (AcceptKeyword(&p, "insert")) {
    s = NewStmt(kStmtInsert);
    ParseInsert(&p, s);
  } else if (AcceptKeyword(&p, "update")) {
    s = NewStmt(kStmtUpdate);
    ParseUpdate(&p, s);
  } else if (AcceptKeyword(&p, "delete")) {
    s = NewStmt(kStmtDelete);
    ExpectKeyword(&p, "from");
    s->table = ExpectName(&p);
    if (AcceptKeyword(&p, "where")) s->where = ParseExpr(&p);
  } else if (AcceptKeyword(&p, "create")) {
    s = NewStmt(kStmtCreate);
    ParseCreate(&p, s);
  } else if (AcceptKeyword(&p, "vacuum")) {
    s = NewStmt(kStmtVacuum);
    s->table = ExpectName(&p);
  } else {
    *out = 0;
    return -1;
  }
  Accept(&p, kTokSemicolon);
  if (Peek(&p)->kind != kTokEnd) p.failed = 1;
  if (p.failed) {
    DbStmtFree(s);
    *out = 0;
    return -1;
  }
  *out = s;
  return 0;
}

void DbStmtFree(Stmt* s) {
  if (s == 0) return;
  for (i32 i = 0; i < s->nitems; ++i) DbExprFree(s->items[i]);
  DbExprFree(s->join_on);
  DbExprFree(s->where);
  for (i32 i = 0; i < s->ngroup; ++i) DbExprFree(s->group[i]);
  for (i32 i = 0; i < s->norder; ++i) DbExprFree(s->order[i]);
  for (i32 i = 0; i < s->nvalues; ++i) DbExprFree(s->values[i]);
  DbFree(s->values);
  for (i32 i = 0; i < s->nsets; ++i) DbExprFree(s->set_vals[i]);
  DbFree(s);
}
