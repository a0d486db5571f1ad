// Tables: a growable array of heap-allocated rows, deleted rows kept as
// tombstones until VACUUM, and up to one hash and one B-tree index on int
// columns. The catalog is a fixed list reset at the start of every run.
#include "minidb.h"

enum { kMaxTables = 8 };

static Table* g_tables[kMaxTables];
static i32 g_ntables;

void DbCatalogReset(void) {
  // The heap is reset along with the catalog, so nothing is freed here.
  g_ntables = 0;
}

Table* DbCreateTable(Str name, i32 ncols, const Str* names, const i32* types) {
  if (g_ntables == kMaxTables || DbFindTable(name) != 0) return 0;
  Table* t = (Table*)DbAllocZero((u32)sizeof(Table));
  t->name = DbStrCopy(name);
  t->ncols = ncols;
  for (i32 i = 0; i < ncols; ++i) {
    t->col_names[i] = DbStrCopy(names[i]);
    t->col_types[i] = types[i];
  }
  t->hash_col = -1;
  t->tree_col = -1;
  g_tables[g_ntables++] = t;
  return t;
}

Table* DbFindTable(Str name) {
  for (i32 i = 0; i < g_ntables; ++i) {
    if (DbStrEqual(g_tables[i]->name, name)) return g_tables[i];
  }
  return 0;
}

i32 DbTableColumn(const Table* t, Str name) {
  for (i32 i = 0; i < t->ncols; ++i) {
    if (DbStrEqual(t->col_names[i], name)) return i;
  }
  return -1;
}

static i64 IndexKey(const Row* r, i32 col) {
  const Value* v = &r->cells[col];
  return v->type == kInt ? v->i : 0;
}

u32 DbTableAppend(Table* t, const Value* cells) {
  if (t->nrows == t->cap) {
    t->cap = t->cap == 0 ? 256 : t->cap * 2;
    t->rows = (Row**)DbRealloc(t->rows, t->cap * (u32)sizeof(Row*));
  }
  Row* r = (Row*)DbAlloc((u32)sizeof(Row));
  r->live = 1;
  for (i32 i = 0; i < kMaxCols; ++i) r->cells[i] = i < t->ncols ? cells[i] : DbNullValue();
  u32 id = t->nrows++;
  t->rows[id] = r;
  ++t->live_rows;
  if (t->hash != 0) HashIndexInsert(t->hash, IndexKey(r, t->hash_col), id);
  if (t->tree != 0) BTreeInsert(t->tree, IndexKey(r, t->tree_col), id);
  return id;
}

void DbTableDelete(Table* t, u32 id) {
  Row* r = t->rows[id];
  if (!r->live) return;
  r->live = 0;
  --t->live_rows;
  // The hash index drops the entry now; the B-tree keeps it (scans skip
  // dead rows) until the next rebuild.
  if (t->hash != 0) HashIndexRemove(t->hash, IndexKey(r, t->hash_col), id);
}

void DbTableRebuildIndexes(Table* t) {
  if (t->hash != 0) {
    HashIndexFree(t->hash);
    t->hash = HashIndexCreate();
  }
  if (t->tree != 0) {
    BTreeFree(t->tree);
    t->tree = BTreeCreate();
  }
  for (u32 id = 0; id < t->nrows; ++id) {
    const Row* r = t->rows[id];
    if (!r->live) continue;
    if (t->hash != 0) HashIndexInsert(t->hash, IndexKey(r, t->hash_col), id);
    if (t->tree != 0) BTreeInsert(t->tree, IndexKey(r, t->tree_col), id);
  }
}

// Drops tombstones, frees their rows and text, and renumbers the rows.
void DbTableVacuum(Table* t) {
  u32 kept = 0;
  for (u32 id = 0; id < t->nrows; ++id) {
    Row* r = t->rows[id];
    if (r->live) {
      t->rows[kept++] = r;
      continue;
    }
    for (i32 c = 0; c < t->ncols; ++c) {
      if (r->cells[c].type == kText) DbFree((void*)r->cells[c].s.p);
    }
    DbFree(r);
  }
  t->nrows = kept;
  DbTableRebuildIndexes(t);
}

u32 DbCatalogDigest(void) {
  u32 d = 0;
  for (i32 i = 0; i < g_ntables; ++i) {
    const Table* t = g_tables[i];
    d = KernelMix(d, DbHashBytes(t->name.p, t->name.n, t->nrows));
    d = KernelMix(d, t->live_rows);
    for (u32 id = 0; id < t->nrows; ++id) {
      const Row* r = t->rows[id];
      if (!r->live) continue;
      for (i32 c = 0; c < t->ncols; ++c) d = KernelMix(d, DbValueHash(&r->cells[c], (u32)c));
    }
    if (t->hash != 0) d = KernelMix(d, HashIndexDigest(t->hash));
    if (t->tree != 0) d = KernelMix(d, BTreeDigest(t->tree));
  }
  return d;
}
