// minidb: a tiny SQL-ish table engine, the larger benchmark program of
// bench/ (see minidb.c for what it does and why it is in the suite).
// Everything here is freestanding C: the wasm32 build links no libc, so
// memory, strings, sorting and hashing are all the program's own.
// Nothing depends on pointer sizes or struct layouts, so the wasm32 and
// native builds compute the same checksum.
#ifndef WEFT_BENCH_PROGRAMS_MINIDB_MINIDB_H_
#define WEFT_BENCH_PROGRAMS_MINIDB_MINIDB_H_

#include "../../kernels/kernel_support.h"

// ---- memory.c: size-class free lists over one static arena ----------------
void DbHeapReset(void);
void* DbAlloc(u32 n);
void* DbAllocZero(u32 n);
void* DbRealloc(void* p, u32 n);  // keeps min(old, n) bytes
void DbFree(void* p);
void DbMemCopy(void* dst, const void* src, u32 n);
void DbMemZero(void* dst, u32 n);
u32 DbHeapStats(void);  // a digest of allocator activity (for the checksum)

// ---- text.c: strings, byte buffers, LIKE ----------------------------------
typedef struct Str {
  const char* p;
  i32 n;
} Str;

Str DbStr(const char* zero_terminated);
i32 DbStrCompare(Str a, Str b);
i32 DbStrEqual(Str a, Str b);
i32 DbStrEqualNoCase(Str a, const char* lit);
Str DbStrCopy(Str s);  // into the heap
u32 DbHashBytes(const char* p, i32 n, u32 seed);
u32 DbHashInt(i64 v);
i32 DbLike(Str s, Str pattern);  // SQL LIKE with % and _

typedef struct Buf {
  char* data;
  u32 len;
  u32 cap;
} Buf;

void BufInit(Buf* b, u32 cap);
void BufFree(Buf* b);
void BufPutChar(Buf* b, char c);
void BufPut(Buf* b, const char* p, u32 n);
void BufPutZ(Buf* b, const char* z);
void BufPutInt(Buf* b, i64 v);

// ---- values ----------------------------------------------------------------
enum { kNull = 0, kInt = 1, kText = 2 };

typedef struct Value {
  i32 type;
  i64 i;  // kInt
  Str s;  // kText
} Value;

Value DbIntValue(i64 v);
Value DbTextValue(Str s);
Value DbNullValue(void);
i32 DbValueCompare(const Value* a, const Value* b);  // null < int < text
u32 DbValueHash(const Value* v, u32 seed);
i32 DbValueTruthy(const Value* v);

// ---- lexer.c ---------------------------------------------------------------
enum TokenKind {
  kTokEnd, kTokIdent, kTokInt, kTokString, kTokLParen, kTokRParen, kTokComma,
  kTokDot, kTokStar, kTokPlus, kTokMinus, kTokSlash, kTokPercent, kTokEq,
  kTokNe, kTokLt, kTokLe, kTokGt, kTokGe, kTokSemicolon, kTokConcat, kTokError
};

typedef struct Token {
  i32 kind;
  Str text;  // identifiers, strings (without quotes; '' not yet collapsed)
  i64 value;
} Token;

typedef struct TokenList {
  Token* tokens;
  i32 count;
  i32 cap;
} TokenList;

i32 DbTokenize(Str sql, TokenList* out);  // 0 on success
void DbTokensFree(TokenList* list);

// ---- parser.c: SQL text to statements ----------------------------------
enum ExprKind {
  kExprInt, kExprText, kExprNull, kExprColumn, kExprBinary, kExprNot,
  kExprNeg, kExprCall, kExprAgg, kExprStar
};

// Binary operators, also the index into expr.c's dispatch table.
enum BinOp {
  kOpAdd, kOpSub, kOpMul, kOpDiv, kOpMod, kOpConcat, kOpEq, kOpNe, kOpLt,
  kOpLe, kOpGt, kOpGe, kOpAnd, kOpOr, kOpLike, kOpCount
};

enum AggKind { kAggCount, kAggSum, kAggMin, kAggMax, kAggAvg, kAggKinds };

enum { kMaxArgs = 3, kMaxItems = 12, kMaxKeys = 4, kMaxCols = 8, kMaxSets = 4 };

typedef struct Expr {
  i32 kind;
  i32 op;          // BinOp, AggKind or function id
  i64 ival;
  Str text;        // literal text, column name or function name
  Str table;       // qualifier of a column (may be empty)
  struct Expr* args[kMaxArgs];
  i32 nargs;
  // Bound by the executor:
  i32 slot;        // which row of the evaluation context (0 or 1)
  i32 column;
  i32 agg_index;
} Expr;

enum StmtKind {
  kStmtSelect, kStmtInsert, kStmtUpdate, kStmtDelete, kStmtCreate,
  kStmtIndex, kStmtVacuum
};

typedef struct Stmt {
  i32 kind;
  Str table;
  // SELECT
  Expr* items[kMaxItems];
  i32 nitems;
  i32 star;
  Str join_table;
  Expr* join_on;
  Expr* where;
  Expr* group[kMaxKeys];
  i32 ngroup;
  Expr* order[kMaxKeys];
  i32 order_desc[kMaxKeys];
  i32 norder;
  i64 limit;  // -1: none
  // INSERT: rows of expressions, row-major, `ncols` per row
  Expr** values;
  i32 nvalues;
  i32 values_cap;
  // UPDATE
  Str set_cols[kMaxSets];
  Expr* set_vals[kMaxSets];
  i32 nsets;
  // CREATE TABLE / CREATE INDEX
  Str col_names[kMaxCols];
  i32 col_types[kMaxCols];
  i32 ncols;
  i32 index_kind;  // 0 hash, 1 tree
} Stmt;

// Parses one statement; returns 0 and sets *out, or -1 on a syntax error.
i32 DbParse(const TokenList* tokens, Stmt** out);
void DbStmtFree(Stmt* s);
void DbExprFree(Expr* e);

// ---- hash_index.c: int key -> row numbers (chained) ------------------------
typedef struct HashIndex HashIndex;
typedef void (*RowVisitor)(void* ctx, u32 row);

HashIndex* HashIndexCreate(void);
void HashIndexFree(HashIndex* h);
void HashIndexInsert(HashIndex* h, i64 key, u32 row);
i32 HashIndexRemove(HashIndex* h, i64 key, u32 row);
void HashIndexLookup(const HashIndex* h, i64 key, RowVisitor visit, void* ctx);
u32 HashIndexDigest(const HashIndex* h);

// ---- btree.c: ordered int key -> row numbers -------------------------------
typedef struct BTree BTree;

BTree* BTreeCreate(void);
void BTreeFree(BTree* t);
void BTreeInsert(BTree* t, i64 key, u32 row);
// Visits rows with lo <= key <= hi in key order.
void BTreeRange(const BTree* t, i64 lo, i64 hi, RowVisitor visit, void* ctx);
u32 BTreeDigest(const BTree* t);

// ---- table.c: rows, columns, catalog ---------------------------------------
typedef struct Row {
  i32 live;
  Value cells[kMaxCols];
} Row;

typedef struct Table {
  Str name;
  i32 ncols;
  Str col_names[kMaxCols];
  i32 col_types[kMaxCols];
  Row** rows;
  u32 nrows;
  u32 cap;
  u32 live_rows;
  HashIndex* hash;
  i32 hash_col;  // -1: none
  BTree* tree;
  i32 tree_col;
} Table;

void DbCatalogReset(void);
Table* DbCreateTable(Str name, i32 ncols, const Str* names, const i32* types);
Table* DbFindTable(Str name);
i32 DbTableColumn(const Table* t, Str name);  // -1 if absent
u32 DbTableAppend(Table* t, const Value* cells);
void DbTableDelete(Table* t, u32 row);
void DbTableRebuildIndexes(Table* t);
void DbTableVacuum(Table* t);
u32 DbCatalogDigest(void);

// ---- expr.c: binding and evaluation ----------------------------------------
typedef struct EvalContext {
  Row* rows[2];
  const Value* aggs;  // aggregate results while projecting a group
} EvalContext;

Value DbEval(const Expr* e, const EvalContext* ctx);
i32 DbFunctionId(Str name);  // -1 if unknown
i32 DbFunctionArity(i32 id);
void DbEvalReset(void);         // at the start of a run
void DbEvalReleaseTemps(void);  // frees strings made by || and UPPER

// ---- sort.c: stable merge sort over fixed-size records ---------------------
typedef i32 (*CompareFn)(const void* ctx, const void* a, const void* b);
void DbSort(void* base, u32 count, u32 size, CompareFn cmp, const void* ctx);

// ---- executor.c ------------------------------------------------------------
// Runs one SQL statement, appending its result as a JSON object to `out`.
// Returns 0, or -1 on a parse or binding error (also written to `out`).
i32 DbExecute(Str sql, Buf* out);

// ---- json.c ----------------------------------------------------------------
void JsonString(Buf* out, Str s);
void JsonValue(Buf* out, const Value* v);
// Checks that `text` is one well-formed JSON value; returns the number of
// values it holds (objects, arrays, scalars), or -1 if malformed.
i32 JsonValidate(Str text);

// ---- lz.c: LZ77 with hash chains -------------------------------------------
u32 LzCompressBound(u32 n);
u32 LzCompress(const unsigned char* in, u32 n, unsigned char* out);
// Returns the decompressed size, or 0xffffffff on corrupt input.
u32 LzDecompress(const unsigned char* in, u32 n, unsigned char* out, u32 cap);

#endif  // WEFT_BENCH_PROGRAMS_MINIDB_MINIDB_H_
