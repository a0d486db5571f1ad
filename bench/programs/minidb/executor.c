// Runs parsed statements against the catalog and writes each result as one
// JSON object. SELECT picks an access path from the WHERE clause (hash
// index for `col = n`, B-tree for ranges, else a scan), joins through an
// index on the inner table when the ON clause is an equality it covers,
// groups through a hash table of group keys, then sorts and limits.
#include "minidb.h"

typedef struct RowList {
  u32* ids;
  u32 n;
  u32 cap;
} RowList;

static void CollectRow(void* ctx, u32 row) {
  RowList* l = (RowList*)ctx;
  if (l->n == l->cap) {
    l->cap = l->cap == 0 ? 64 : l->cap * 2;
    l->ids = (u32*)DbRealloc(l->ids, l->cap * (u32)sizeof(u32));
  }
  l->ids[l->n++] = row;
}

// ---- binding ---------------------------------------------------------------

typedef struct Binding {
  Table* tables[2];
  i32 ntables;
  Expr* aggs[kMaxItems * 2];
  i32 naggs;
  const char* error;
} Binding;

static void Bind(Binding* b, Expr* e, i32 allow_aggs) {
  if (e == 0 || b->error != 0) return;
  switch (e->kind) {
    case kExprColumn: {
      for (i32 slot = 0; slot < b->ntables; ++slot) {
        if (e->table.n > 0 && !DbStrEqual(e->table, b->tables[slot]->name)) continue;
        i32 col = DbTableColumn(b->tables[slot], e->text);
        if (col >= 0) {
          e->slot = slot;
          e->column = col;
          return;
        }
      }
      b->error = "unknown column";
      return;
    }
    case kExprAgg:
      if (!allow_aggs || b->naggs == kMaxItems * 2) {
        b->error = "misplaced aggregate";
        return;
      }
      e->agg_index = b->naggs;
      b->aggs[b->naggs++] = e;
      if (e->nargs > 0) Bind(b, e->args[0], 0);
      return;
    case kExprCall:
      if (e->nargs != DbFunctionArity(e->op)) {
        b->error = "wrong number of arguments";
        return;
      }
      break;
    default:
      break;
  }
  for (i32 i = 0; i < e->nargs; ++i) Bind(b, e->args[i], allow_aggs);
}

// ---- access paths ----------------------------------------------------------

enum { kPlanScan, kPlanHash, kPlanTree };
static const char* const kPlanNames[] = {"scan", "hash", "tree"};

typedef struct Access {
  i32 plan;
  i64 lo, hi;
} Access;

static const i64 kMinKey = -((i64)1 << 62), kMaxKey = (i64)1 << 62;

// Narrows `a` with one conjunct `column op literal` on table slot 0.
static void ConsiderConjunct(const Table* t, const Expr* e, Access* a) {
  if (e->kind != kExprBinary) return;
  if (e->op == kOpAnd) {
    ConsiderConjunct(t, e->args[0], a);
    ConsiderConjunct(t, e->args[1], a);
    return;
  }
  const Expr* col = e->args[0];
  const Expr* lit = e->args[1];
  i32 op = e->op;
  if (col->kind == kExprInt && lit->kind == kExprColumn) {
    const Expr* swap = col;
    col = lit;
    lit = swap;
    op = op == kOpLt ? kOpGt : op == kOpGt ? kOpLt : op == kOpLe ? kOpGe
         : op == kOpGe ? kOpLe : op;
  }
  if (col->kind != kExprColumn || col->slot != 0 || lit->kind != kExprInt) return;
  i64 v = lit->ival;
  if (v <= kMinKey || v >= kMaxKey) return;
  if (op == kOpEq && col->column == t->hash_col && t->hash != 0) {
    a->plan = kPlanHash;
    a->lo = a->hi = v;
    return;
  }
  if (col->column != t->tree_col || t->tree == 0 || a->plan == kPlanHash) return;
  i64 lo = a->lo, hi = a->hi;
  switch (op) {
    case kOpEq: lo = v; hi = v; break;
    case kOpLt: hi = v - 1; break;
    case kOpLe: hi = v; break;
    case kOpGt: lo = v + 1; break;
    case kOpGe: lo = v; break;
    default: return;
  }
  if (lo > a->lo) a->lo = lo;
  if (hi < a->hi) a->hi = hi;
  a->plan = kPlanTree;
}

static void CandidateRows(const Table* t, const Expr* where, RowList* out, Access* a) {
  a->plan = kPlanScan;
  a->lo = kMinKey;
  a->hi = kMaxKey;
  if (where != 0) ConsiderConjunct(t, where, a);
  if (a->plan == kPlanHash) {
    HashIndexLookup(t->hash, a->lo, CollectRow, out);
  } else if (a->plan == kPlanTree) {
    BTreeRange(t->tree, a->lo, a->hi, CollectRow, out);
  } else {
    for (u32 id = 0; id < t->nrows; ++id) CollectRow(out, id);
  }
}

// Rows of `t` matching `where` (live ones only), by the best access path.
static u32 MatchingRows(Table* t, const Expr* where, RowList* out, Access* a) {
  RowList candidates = {0, 0, 0};
  CandidateRows(t, where, &candidates, a);
  EvalContext ctx = {{0, 0}, 0};
  for (u32 i = 0; i < candidates.n; ++i) {
    Row* r = t->rows[candidates.ids[i]];
    if (!r->live) continue;
    ctx.rows[0] = r;
    if (where != 0) {
      Value v = DbEval(where, &ctx);
      if (!DbValueTruthy(&v)) continue;
    }
    CollectRow(out, candidates.ids[i]);
  }
  u32 examined = candidates.n;
  DbFree(candidates.ids);
  return examined;
}

// ---- aggregates ------------------------------------------------------------

typedef struct AggState {
  i64 count;
  i64 sum;
  Value best;
} AggState;

static void StepCount(AggState* s, const Value* v) {
  if (v == 0 || v->type != kNull) ++s->count;
}

static void StepSum(AggState* s, const Value* v) {
  if (v->type != kInt) return;
  ++s->count;
  s->sum = (i64)((u64)s->sum + (u64)v->i);
}

static void StepMin(AggState* s, const Value* v) {
  if (v->type == kNull) return;
  if (s->count++ == 0 || DbValueCompare(v, &s->best) < 0) s->best = *v;
}

static void StepMax(AggState* s, const Value* v) {
  if (v->type == kNull) return;
  if (s->count++ == 0 || DbValueCompare(v, &s->best) > 0) s->best = *v;
}

static Value FinishCount(const AggState* s) { return DbIntValue(s->count); }
static Value FinishSum(const AggState* s) {
  return s->count == 0 ? DbNullValue() : DbIntValue(s->sum);
}
static Value FinishBest(const AggState* s) { return s->count == 0 ? DbNullValue() : s->best; }
static Value FinishAvg(const AggState* s) {
  return s->count == 0 ? DbNullValue() : DbIntValue(s->sum / s->count);
}

typedef struct AggOps {
  void (*step)(AggState*, const Value*);
  Value (*finish)(const AggState*);
} AggOps;

static const AggOps kAggOps[kAggKinds] = {
    [kAggCount] = {StepCount, FinishCount}, [kAggSum] = {StepSum, FinishSum},
    [kAggMin] = {StepMin, FinishBest},      [kAggMax] = {StepMax, FinishBest},
    [kAggAvg] = {StepSum, FinishAvg},
};

// ---- grouping --------------------------------------------------------------

typedef struct Group {
  Value keys[kMaxKeys];
  u32 hash;
  Row* first[2];
  AggState* states;
} Group;

typedef struct GroupTable {
  Group** slots;
  u32 mask;
  Group** order;  // creation order
  u32 n;
  u32 order_cap;
} GroupTable;

static void GroupTableInit(GroupTable* g) {
  g->mask = 31;
  g->slots = (Group**)DbAllocZero((g->mask + 1) * (u32)sizeof(Group*));
  g->order = 0;
  g->n = g->order_cap = 0;
}

static void GroupTableGrow(GroupTable* g) {
  u32 mask = g->mask * 2 + 1;
  Group** slots = (Group**)DbAllocZero((mask + 1) * (u32)sizeof(Group*));
  for (u32 i = 0; i < g->n; ++i) {
    u32 s = g->order[i]->hash & mask;
    while (slots[s] != 0) s = (s + 1) & mask;
    slots[s] = g->order[i];
  }
  DbFree(g->slots);
  g->slots = slots;
  g->mask = mask;
}

static Group* FindGroup(GroupTable* g, const Value* keys, i32 nkeys, i32 naggs) {
  u32 h = 0x12345u;
  for (i32 k = 0; k < nkeys; ++k) h = DbValueHash(&keys[k], h * 31u);
  u32 s = h & g->mask;
  for (; g->slots[s] != 0; s = (s + 1) & g->mask) {
    Group* grp = g->slots[s];
    if (grp->hash != h) continue;
    i32 k = 0;
    while (k < nkeys && DbValueCompare(&grp->keys[k], &keys[k]) == 0) ++k;
    if (k == nkeys) return grp;
  }
  Group* grp = (Group*)DbAllocZero((u32)sizeof(Group));
  for (i32 k = 0; k < nkeys; ++k) grp->keys[k] = keys[k];
  grp->hash = h;
  grp->states = (AggState*)DbAllocZero((u32)(naggs > 0 ? naggs : 1) * (u32)sizeof(AggState));
  g->slots[s] = grp;
  if (g->n == g->order_cap) {
    g->order_cap = g->order_cap == 0 ? 16 : g->order_cap * 2;
    g->order = (Group**)DbRealloc(g->order, g->order_cap * (u32)sizeof(Group*));
  }
  g->order[g->n++] = grp;
  if (g->n * 2 > g->mask) GroupTableGrow(g);
  return grp;
}

static void GroupTableFree(GroupTable* g) {
  for (u32 i = 0; i < g->n; ++i) {
    DbFree(g->order[i]->states);
    DbFree(g->order[i]);
  }
  DbFree(g->order);
  DbFree(g->slots);
}

// ---- SELECT ----------------------------------------------------------------

typedef struct Output {
  Value** rows;  // each: items then order keys
  u32 n;
  u32 cap;
  i32 width;
} Output;

typedef struct SortSpec {
  i32 first;
  i32 n;
  const i32* desc;
} SortSpec;

static i32 CompareOutRows(const void* ctx, const void* a, const void* b) {
  const SortSpec* spec = (const SortSpec*)ctx;
  const Value* x = *(Value* const*)a;
  const Value* y = *(Value* const*)b;
  for (i32 k = 0; k < spec->n; ++k) {
    i32 c = DbValueCompare(&x[spec->first + k], &y[spec->first + k]);
    if (c != 0) return spec->desc[k] ? -c : c;
  }
  return 0;
}

typedef struct SelectRun {
  Stmt* s;
  Binding b;
  Output out;
  GroupTable groups;
  i32 grouped;
  u32 examined;
} SelectRun;

static void Emit(SelectRun* q, const EvalContext* ctx) {
  Output* o = &q->out;
  if (o->n == o->cap) {
    o->cap = o->cap == 0 ? 64 : o->cap * 2;
    o->rows = (Value**)DbRealloc(o->rows, o->cap * (u32)sizeof(Value*));
  }
  Value* row = (Value*)DbAlloc((u32)o->width * (u32)sizeof(Value));
  for (i32 i = 0; i < q->s->nitems; ++i) row[i] = DbEval(q->s->items[i], ctx);
  for (i32 k = 0; k < q->s->norder; ++k) row[q->s->nitems + k] = DbEval(q->s->order[k], ctx);
  o->rows[o->n++] = row;
}

// One joined row that passed WHERE: emitted, or folded into its group.
static void Accept(SelectRun* q, Row* left, Row* right) {
  EvalContext ctx = {{left, right}, 0};
  if (!q->grouped) {
    Emit(q, &ctx);
    return;
  }
  Value keys[kMaxKeys];
  for (i32 k = 0; k < q->s->ngroup; ++k) keys[k] = DbEval(q->s->group[k], &ctx);
  Group* g = FindGroup(&q->groups, keys, q->s->ngroup, q->b.naggs);
  if (g->first[0] == 0) {
    g->first[0] = left;
    g->first[1] = right;
  }
  for (i32 a = 0; a < q->b.naggs; ++a) {
    const Expr* agg = q->b.aggs[a];
    if (agg->nargs == 0) {
      kAggOps[agg->op].step(&g->states[a], 0);
    } else {
      Value v = DbEval(agg->args[0], &ctx);
      kAggOps[agg->op].step(&g->states[a], &v);
    }
  }
}

typedef struct JoinProbe {
  SelectRun* q;
  Table* inner;
  Row* left;
} JoinProbe;

static void TryPair(JoinProbe* j, Row* right) {
  SelectRun* q = j->q;
  EvalContext ctx = {{j->left, right}, 0};
  ++q->examined;
  Value on = DbEval(q->s->join_on, &ctx);
  if (!DbValueTruthy(&on)) return;
  if (q->s->where != 0) {
    Value w = DbEval(q->s->where, &ctx);
    if (!DbValueTruthy(&w)) return;
  }
  Accept(q, j->left, right);
}

static void VisitInner(void* ctx, u32 row) {
  JoinProbe* j = (JoinProbe*)ctx;
  Row* r = j->inner->rows[row];
  if (r->live) TryPair(j, r);
}

// `outer.a = inner.b` with an index on inner.b: probe it per outer row.
static i32 JoinIndexColumn(const Expr* on, const Table* inner, i32* outer_col) {
  if (on->kind != kExprBinary || on->op != kOpEq) return -1;
  const Expr* a = on->args[0];
  const Expr* b = on->args[1];
  if (a->kind != kExprColumn || b->kind != kExprColumn || a->slot == b->slot) return -1;
  if (a->slot == 1) {
    const Expr* t = a;
    a = b;
    b = t;
  }
  if (b->column != inner->hash_col && b->column != inner->tree_col) return -1;
  *outer_col = a->column;
  return b->column;
}

static void RunJoin(SelectRun* q, Table* inner, const RowList* outer_rows, Table* outer) {
  i32 outer_col = -1;
  i32 inner_col = JoinIndexColumn(q->s->join_on, inner, &outer_col);
  JoinProbe j = {q, inner, 0};
  for (u32 i = 0; i < outer_rows->n; ++i) {
    j.left = outer->rows[outer_rows->ids[i]];
    if (!j.left->live) continue;
    const Value* key = &j.left->cells[outer_col < 0 ? 0 : outer_col];
    if (inner_col >= 0 && key->type == kInt) {
      if (inner_col == inner->hash_col) {
        HashIndexLookup(inner->hash, key->i, VisitInner, &j);
      } else {
        BTreeRange(inner->tree, key->i, key->i, VisitInner, &j);
      }
    } else if (inner_col < 0) {
      for (u32 r = 0; r < inner->nrows; ++r) VisitInner(&j, r);
    }
  }
}

static void ColumnName(Buf* out, const Expr* e, i32 index) {
  if (e->kind == kExprColumn || e->kind == kExprAgg || e->kind == kExprCall) {
    JsonString(out, e->text);
    return;
  }
  BufPutZ(out, "\"col");
  BufPutInt(out, index);
  BufPutChar(out, '"');
}

static void AddStarItems(Stmt* s, Binding* b) {
  for (i32 slot = 0; slot < b->ntables; ++slot) {
    const Table* t = b->tables[slot];
    for (i32 c = 0; c < t->ncols && s->nitems < kMaxItems; ++c) {
      Expr* e = (Expr*)DbAllocZero((u32)sizeof(Expr));
      e->kind = kExprColumn;
      e->text = t->col_names[c];
      e->table = t->name;
      e->agg_index = -1;
      s->items[s->nitems++] = e;
    }
  }
}

static const char* ExecuteSelect(Stmt* s, Buf* out) {
  SelectRun q;
  DbMemZero(&q, (u32)sizeof(q));
  q.s = s;
  q.b.tables[0] = DbFindTable(s->table);
  q.b.ntables = 1;
  if (q.b.tables[0] == 0) return "unknown table";
  if (s->join_table.n > 0) {
    q.b.tables[1] = DbFindTable(s->join_table);
    q.b.ntables = 2;
    if (q.b.tables[1] == 0) return "unknown table";
  }
  if (s->star) AddStarItems(s, &q.b);
  for (i32 i = 0; i < s->nitems; ++i) Bind(&q.b, s->items[i], 1);
  Bind(&q.b, s->join_on, 0);
  Bind(&q.b, s->where, 0);
  for (i32 k = 0; k < s->ngroup; ++k) Bind(&q.b, s->group[k], 0);
  for (i32 k = 0; k < s->norder; ++k) Bind(&q.b, s->order[k], 1);
  if (q.b.error != 0) return q.b.error;

  q.grouped = s->ngroup > 0 || q.b.naggs > 0;
  q.out.width = s->nitems + s->norder;
  if (q.grouped) GroupTableInit(&q.groups);

  Table* outer = q.b.tables[0];
  RowList rows = {0, 0, 0};
  Access access;
  if (s->join_table.n > 0) {
    // Index bounds from WHERE narrow the outer rows; the whole clause is
    // checked on each joined pair (it may mention the inner table).
    CandidateRows(outer, s->where, &rows, &access);
    q.examined = rows.n;
    RunJoin(&q, q.b.tables[1], &rows, outer);
  } else {
    q.examined = MatchingRows(outer, s->where, &rows, &access);
    for (u32 i = 0; i < rows.n; ++i) Accept(&q, outer->rows[rows.ids[i]], 0);
  }
  DbFree(rows.ids);

  if (q.grouped) {
    // An aggregate over no rows still yields one row.
    if (q.groups.n == 0 && s->ngroup == 0) {
      Value none[kMaxKeys];
      FindGroup(&q.groups, none, 0, q.b.naggs);
    }
    Value results[kMaxItems * 2];
    for (u32 i = 0; i < q.groups.n; ++i) {
      Group* g = q.groups.order[i];
      for (i32 a = 0; a < q.b.naggs; ++a) {
        results[a] = kAggOps[q.b.aggs[a]->op].finish(&g->states[a]);
      }
      EvalContext ctx = {{g->first[0], g->first[1]}, results};
      Emit(&q, &ctx);
    }
    GroupTableFree(&q.groups);
  }

  SortSpec spec = {s->nitems, s->norder, s->order_desc};
  if (s->norder > 0) DbSort(q.out.rows, q.out.n, (u32)sizeof(Value*), CompareOutRows, &spec);
  u32 shown = q.out.n;
  if (s->limit >= 0 && (u64)s->limit < shown) shown = (u32)s->limit;

  BufPutZ(out, "{\"plan\":\"");
  BufPutZ(out, kPlanNames[access.plan]);
  BufPutZ(out, "\",\"examined\":");
  BufPutInt(out, q.examined);
  BufPutZ(out, ",\"columns\":[");
  for (i32 i = 0; i < s->nitems; ++i) {
    if (i > 0) BufPutChar(out, ',');
    ColumnName(out, s->items[i], i);
  }
  BufPutZ(out, "],\"rows\":[");
  for (u32 r = 0; r < shown; ++r) {
    if (r > 0) BufPutChar(out, ',');
    BufPutChar(out, '[');
    for (i32 i = 0; i < s->nitems; ++i) {
      if (i > 0) BufPutChar(out, ',');
      JsonValue(out, &q.out.rows[r][i]);
    }
    BufPutChar(out, ']');
  }
  BufPutZ(out, "],\"matched\":");
  BufPutInt(out, q.out.n);
  BufPutChar(out, '}');
  for (u32 r = 0; r < q.out.n; ++r) DbFree(q.out.rows[r]);
  DbFree(q.out.rows);
  return 0;
}

// ---- data changes ----------------------------------------------------------

static Value OwnedCopy(Value v) {
  if (v.type == kText) v.s = DbStrCopy(v.s);
  return v;
}

static const char* ExecuteInsert(Stmt* s, Buf* out) {
  Table* t = DbFindTable(s->table);
  if (t == 0) return "unknown table";
  if (s->ncols != t->ncols) return "wrong number of values";
  EvalContext ctx = {{0, 0}, 0};
  Value cells[kMaxCols];
  i32 rows = s->nvalues / s->ncols;
  for (i32 r = 0; r < rows; ++r) {
    for (i32 c = 0; c < t->ncols; ++c) {
      cells[c] = OwnedCopy(DbEval(s->values[r * s->ncols + c], &ctx));
    }
    DbTableAppend(t, cells);
  }
  BufPutZ(out, "{\"inserted\":");
  BufPutInt(out, rows);
  BufPutChar(out, '}');
  return 0;
}

static const char* ExecuteUpdate(Stmt* s, Buf* out) {
  Binding b;
  DbMemZero(&b, (u32)sizeof(b));
  Table* t = b.tables[0] = DbFindTable(s->table);
  b.ntables = 1;
  if (t == 0) return "unknown table";
  i32 cols[kMaxSets];
  i32 touches_index = 0;
  for (i32 i = 0; i < s->nsets; ++i) {
    cols[i] = DbTableColumn(t, s->set_cols[i]);
    if (cols[i] < 0) return "unknown column";
    if (cols[i] == t->hash_col || cols[i] == t->tree_col) touches_index = 1;
    Bind(&b, s->set_vals[i], 0);
  }
  Bind(&b, s->where, 0);
  if (b.error != 0) return b.error;
  RowList rows = {0, 0, 0};
  Access access;
  MatchingRows(t, s->where, &rows, &access);
  EvalContext ctx = {{0, 0}, 0};
  Value fresh[kMaxSets];
  for (u32 i = 0; i < rows.n; ++i) {
    Row* r = t->rows[rows.ids[i]];
    ctx.rows[0] = r;
    // All new values from the old row first, as SQL requires.
    for (i32 k = 0; k < s->nsets; ++k) fresh[k] = OwnedCopy(DbEval(s->set_vals[k], &ctx));
    for (i32 k = 0; k < s->nsets; ++k) {
      Value* cell = &r->cells[cols[k]];
      if (cell->type == kText) DbFree((void*)cell->s.p);
      *cell = fresh[k];
    }
    DbEvalReleaseTemps();
  }
  if (touches_index && rows.n > 0) DbTableRebuildIndexes(t);
  BufPutZ(out, "{\"plan\":\"");
  BufPutZ(out, kPlanNames[access.plan]);
  BufPutZ(out, "\",\"updated\":");
  BufPutInt(out, rows.n);
  BufPutChar(out, '}');
  DbFree(rows.ids);
  return 0;
}

static const char* ExecuteDelete(Stmt* s, Buf* out) {
  Binding b;
  DbMemZero(&b, (u32)sizeof(b));
  Table* t = b.tables[0] = DbFindTable(s->table);
  b.ntables = 1;
  if (t == 0) return "unknown table";
  Bind(&b, s->where, 0);
  if (b.error != 0) return b.error;
  RowList rows = {0, 0, 0};
  Access access;
  MatchingRows(t, s->where, &rows, &access);
  for (u32 i = 0; i < rows.n; ++i) DbTableDelete(t, rows.ids[i]);
  BufPutZ(out, "{\"plan\":\"");
  BufPutZ(out, kPlanNames[access.plan]);
  BufPutZ(out, "\",\"deleted\":");
  BufPutInt(out, rows.n);
  BufPutChar(out, '}');
  DbFree(rows.ids);
  return 0;
}

static const char* ExecuteDefinition(Stmt* s, Buf* out) {
  if (s->kind == kStmtCreate) {
    if (DbCreateTable(s->table, s->ncols, s->col_names, s->col_types) == 0) {
      return "cannot create table";
    }
    BufPutZ(out, "{\"created\":");
    JsonString(out, s->table);
    BufPutChar(out, '}');
    return 0;
  }
  Table* t = DbFindTable(s->table);
  if (t == 0) return "unknown table";
  if (s->kind == kStmtVacuum) {
    u32 before = t->nrows;
    DbTableVacuum(t);
    BufPutZ(out, "{\"vacuumed\":");
    BufPutInt(out, before - t->nrows);
    BufPutChar(out, '}');
    return 0;
  }
  i32 col = DbTableColumn(t, s->col_names[0]);
  if (col < 0 || t->col_types[col] != kInt) return "index needs an int column";
  if (s->index_kind == 0) {
    HashIndexFree(t->hash);
    t->hash = HashIndexCreate();
    t->hash_col = col;
  } else {
    BTreeFree(t->tree);
    t->tree = BTreeCreate();
    t->tree_col = col;
  }
  DbTableRebuildIndexes(t);
  BufPutZ(out, "{\"indexed\":");
  JsonString(out, t->col_names[col]);
  BufPutChar(out, '}');
  return 0;
}

i32 DbExecute(Str sql, Buf* out) {
  TokenList tokens;
  Stmt* s = 0;
  const char* error = 0;
  if (DbTokenize(sql, &tokens) != 0) {
    error = "bad token";
  } else if (DbParse(&tokens, &s) != 0) {
    error = "syntax error";
  } else {
    switch (s->kind) {
      case kStmtSelect: error = ExecuteSelect(s, out); break;
      case kStmtInsert: error = ExecuteInsert(s, out); break;
      case kStmtUpdate: error = ExecuteUpdate(s, out); break;
      case kStmtDelete: error = ExecuteDelete(s, out); break;
      default: error = ExecuteDefinition(s, out); break;
    }
  }
  if (error != 0) {
    BufPutZ(out, "{\"error\":");
    JsonString(out, DbStr(error));
    BufPutChar(out, '}');
  }
  DbStmtFree(s);
  DbTokensFree(&tokens);
  DbEvalReleaseTemps();
  return error != 0 ? -1 : 0;
}
