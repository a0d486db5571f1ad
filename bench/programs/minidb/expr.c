// Expression evaluation: a switch over node kinds, binary operators through
// a table of function pointers, scalar functions through a name table.
// Arithmetic wraps (done in u64) and x / 0 is NULL, so nothing here is
// undefined behaviour whatever the data.
#include "minidb.h"

// Strings made while evaluating (||, UPPER) live until DbEvalReleaseTemps.
static void** g_temps;
static u32 g_ntemps, g_temps_cap;

static char* TempAlloc(u32 n) {
  if (g_ntemps == g_temps_cap) {
    g_temps_cap = g_temps_cap == 0 ? 64 : g_temps_cap * 2;
    g_temps = (void**)DbRealloc(g_temps, g_temps_cap * (u32)sizeof(void*));
  }
  char* p = (char*)DbAlloc(n == 0 ? 1 : n);
  g_temps[g_ntemps++] = p;
  return p;
}

void DbEvalReleaseTemps(void) {
  for (u32 i = 0; i < g_ntemps; ++i) DbFree(g_temps[i]);
  g_ntemps = 0;
}

void DbEvalReset(void) {
  g_temps = 0;
  g_ntemps = g_temps_cap = 0;
}

static Value Bool(i32 b) { return DbIntValue(b ? 1 : 0); }

static Value Add(Value a, Value b) { return DbIntValue((i64)((u64)a.i + (u64)b.i)); }
static Value Sub(Value a, Value b) { return DbIntValue((i64)((u64)a.i - (u64)b.i)); }
static Value Mul(Value a, Value b) { return DbIntValue((i64)((u64)a.i * (u64)b.i)); }

static Value Div(Value a, Value b) {
  if (b.i == 0 || (b.i == -1 && a.i == (i64)((u64)1 << 63))) return DbNullValue();
  return DbIntValue(a.i / b.i);
}

static Value Mod(Value a, Value b) {
  if (b.i == 0 || b.i == -1) return b.i == 0 ? DbNullValue() : DbIntValue(0);
  return DbIntValue(a.i % b.i);
}

static void AppendText(Buf* b, const Value* v) {
  if (v->type == kInt) {
    BufPutInt(b, v->i);
  } else if (v->type == kText) {
    BufPut(b, v->s.p, (u32)v->s.n);
  }
}

static Value Concat(Value a, Value b) {
  Buf tmp;
  BufInit(&tmp, 32);
  AppendText(&tmp, &a);
  AppendText(&tmp, &b);
  char* p = TempAlloc(tmp.len);
  DbMemCopy(p, tmp.data, tmp.len);
  Str s = {p, (i32)tmp.len};
  BufFree(&tmp);
  return DbTextValue(s);
}

static Value Eq(Value a, Value b) { return Bool(DbValueCompare(&a, &b) == 0); }
static Value Ne(Value a, Value b) { return Bool(DbValueCompare(&a, &b) != 0); }
static Value Lt(Value a, Value b) { return Bool(DbValueCompare(&a, &b) < 0); }
static Value Le(Value a, Value b) { return Bool(DbValueCompare(&a, &b) <= 0); }
static Value Gt(Value a, Value b) { return Bool(DbValueCompare(&a, &b) > 0); }
static Value Ge(Value a, Value b) { return Bool(DbValueCompare(&a, &b) >= 0); }

static Value Like(Value a, Value b) {
  if (a.type != kText || b.type != kText) return Bool(0);
  return Bool(DbLike(a.s, b.s));
}

typedef Value (*BinaryFn)(Value, Value);

typedef struct BinaryOp {
  BinaryFn fn;
  i32 ints_only;  // NULL unless both operands are ints
} BinaryOp;

static const BinaryOp kBinaryOps[kOpCount] = {
    [kOpAdd] = {Add, 1},     [kOpSub] = {Sub, 1}, [kOpMul] = {Mul, 1},
    [kOpDiv] = {Div, 1},     [kOpMod] = {Mod, 1}, [kOpConcat] = {Concat, 0},
    [kOpEq] = {Eq, 0},       [kOpNe] = {Ne, 0},   [kOpLt] = {Lt, 0},
    [kOpLe] = {Le, 0},       [kOpGt] = {Gt, 0},   [kOpGe] = {Ge, 0},
    [kOpAnd] = {0, 0},       [kOpOr] = {0, 0},    [kOpLike] = {Like, 0},
};

// Scalar functions.
static Value FnLength(const Value* a) {
  return a[0].type == kText ? DbIntValue(a[0].s.n) : DbNullValue();
}

static Value FnAbs(const Value* a) {
  if (a[0].type != kInt) return DbNullValue();
  return DbIntValue(a[0].i < 0 ? (i64)((u64)0 - (u64)a[0].i) : a[0].i);
}

// SUBSTR(s, from, count), 1-based: a view into the argument, no copy.
static Value FnSubstr(const Value* a) {
  if (a[0].type != kText || a[1].type != kInt || a[2].type != kInt) return DbNullValue();
  i64 from = a[1].i - 1, count = a[2].i;
  if (from < 0) from = 0;
  if (from > a[0].s.n) from = a[0].s.n;
  if (count < 0) count = 0;
  if (count > a[0].s.n - from) count = a[0].s.n - from;
  Str s = {a[0].s.p + from, (i32)count};
  return DbTextValue(s);
}

static Value FnUpper(const Value* a) {
  if (a[0].type != kText) return a[0];
  char* p = TempAlloc((u32)a[0].s.n);
  for (i32 i = 0; i < a[0].s.n; ++i) {
    char c = a[0].s.p[i];
    p[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
  }
  Str s = {p, a[0].s.n};
  return DbTextValue(s);
}

typedef struct Function {
  const char* name;
  i32 nargs;
  Value (*fn)(const Value* args);
} Function;

static const Function kFunctions[] = {
    {"length", 1, FnLength},
    {"abs", 1, FnAbs},
    {"substr", 3, FnSubstr},
    {"upper", 1, FnUpper},
};
enum { kFunctionCount = sizeof(kFunctions) / sizeof(kFunctions[0]) };

i32 DbFunctionId(Str name) {
  for (i32 i = 0; i < kFunctionCount; ++i) {
    if (DbStrEqualNoCase(name, kFunctions[i].name)) return i;
  }
  return -1;
}

i32 DbFunctionArity(i32 id) { return kFunctions[id].nargs; }

Value DbEval(const Expr* e, const EvalContext* ctx) {
  switch (e->kind) {
    case kExprInt:
      return DbIntValue(e->ival);
    case kExprText:
      return DbTextValue(e->text);
    case kExprNull:
    case kExprStar:
      return DbNullValue();
    case kExprColumn: {
      const Row* r = ctx->rows[e->slot];
      return r == 0 ? DbNullValue() : r->cells[e->column];
    }
    case kExprAgg:
      return ctx->aggs == 0 ? DbNullValue() : ctx->aggs[e->agg_index];
    case kExprNot: {
      Value v = DbEval(e->args[0], ctx);
      return v.type == kNull ? v : Bool(!DbValueTruthy(&v));
    }
    case kExprNeg: {
      Value v = DbEval(e->args[0], ctx);
      return v.type == kInt ? DbIntValue((i64)((u64)0 - (u64)v.i)) : DbNullValue();
    }
    case kExprCall: {
      Value args[kMaxArgs];
      for (i32 i = 0; i < e->nargs; ++i) args[i] = DbEval(e->args[i], ctx);
      return kFunctions[e->op].fn(args);
    }
    case kExprBinary: {
      Value l = DbEval(e->args[0], ctx);
      if (e->op == kOpAnd) {
        if (!DbValueTruthy(&l)) return Bool(0);
        Value r = DbEval(e->args[1], ctx);
        return Bool(DbValueTruthy(&r));
      }
      if (e->op == kOpOr) {
        if (DbValueTruthy(&l)) return Bool(1);
        Value r = DbEval(e->args[1], ctx);
        return Bool(DbValueTruthy(&r));
      }
      Value r = DbEval(e->args[1], ctx);
      const BinaryOp* op = &kBinaryOps[e->op];
      if (l.type == kNull || r.type == kNull) return DbNullValue();
      if (op->ints_only && (l.type != kInt || r.type != kInt)) return DbNullValue();
      return op->fn(l, r);
    }
    default:
      return DbNullValue();
  }
}
