// minidb: a tiny SQL-ish table engine, the first larger program of bench/.
//
// Why it is in the suite: the kernels next to it are inner loops; real
// programs compiled to wasm spend their time elsewhere as well — in
// string handling, hashing, pointer-chasing through trees and lists,
// recursive parsers, switch and function-pointer dispatch, sorting with a
// callback, and a heap allocator. This program does all of that, spread
// over some thousands of lines, so an interpreter cannot win here by
// fusing one hot loop (issue 17).
//
// What one `run` does, from an empty heap each time:
//   1. CREATE two tables (users, orders) and four indexes (hash and B-tree),
//      then fill them by generating batched INSERT statements as SQL text
//      (KernelRandom data: ints and short strings, some with quotes) which
//      go through the lexer, parser and executor like any other query.
//   2. Several passes over a fixed list of statements: SELECT with WHERE,
//      ORDER BY, LIMIT, LIKE and scalar functions; GROUP BY with COUNT, SUM,
//      MIN, MAX, AVG; joins through an index; UPDATE (also of an indexed
//      column), DELETE, VACUUM, more INSERTs; one statement with an error.
//      Each result is printed as JSON into one buffer.
//   3. The JSON is validated by a separate reader, compressed with the
//      program's own LZ77 coder, decompressed and compared byte for byte.
// `run` returns a KernelMix checksum over the JSON text, the compressed
// size, the tables' final contents, index shapes and allocator counts —
// the same natively and on wasm32 (no pointer-size or layout dependence).
//
// Files: memory.c (heap), text.c (strings, buffers, values), lexer.c,
// parser.c, expr.c, sort.c, hash_index.c, btree.c, table.c, executor.c,
// json.c, lz.c; declarations in minidb.h.
#include "minidb.h"

enum {
  kUsers = 2000,
  kOrders = 6000,
  kBatch = 40,      // rows per generated INSERT
  kPasses = 4,      // times the query list runs
  kNewOrders = 400  // orders inserted per pass
};

static const char* const kCities[] = {"Oslo", "Lima",  "Kyoto", "Quito", "Accra", "Perth",
                                      "Riga", "Tunis", "Hanoi", "Dakar", "Porto", "Turin"};
static const char* const kSyllables[] = {"ka", "ro", "mi", "ta", "le", "su", "no", "vi",
                                         "ra", "de", "an", "el", "jo", "pe", "zu", "ha"};
static const char* const kItems[] = {"lamp", "desk", "chair", "mug",  "pen",     "book",
                                     "clock", "rug", "vase",  "sofa", "tv 12\"", "fan"};

static const char* const kSetup[] = {
    "CREATE TABLE users (id INT, name TEXT, age INT, city TEXT, score INT)",
    "CREATE TABLE orders (oid INT, user_id INT, amount INT, item TEXT, qty INT)",
    "CREATE HASH INDEX ON users (id)",
    "CREATE TREE INDEX ON users (age)",
    "CREATE TREE INDEX ON orders (user_id)",
    "CREATE HASH INDEX ON orders (oid)",
};

static const char* const kQueries[] = {
    "SELECT id, name, age FROM users WHERE age > 30 AND city = 'Oslo' "
    "ORDER BY name, id LIMIT 20",
    "SELECT city, COUNT(*), SUM(score), MIN(age), MAX(age), AVG(score) FROM users "
    "GROUP BY city ORDER BY city",
    "SELECT users.name, orders.amount, orders.item FROM users JOIN orders "
    "ON users.id = orders.user_id WHERE orders.amount > 950 "
    "ORDER BY orders.amount DESC, users.name, orders.oid LIMIT 40",
    "SELECT name, score, city FROM users WHERE id = 1234",
    "SELECT id, score FROM users WHERE age >= 20 AND age < 23 ORDER BY score DESC, id LIMIT 25",
    "SELECT name, age FROM users WHERE name LIKE 'ka%' ORDER BY age, name, id LIMIT 30",
    "SELECT item, COUNT(*), SUM(amount * qty), MAX(amount) FROM orders GROUP BY item "
    "ORDER BY SUM(amount * qty) DESC, item",
    "SELECT COUNT(*), SUM(amount), MIN(item) FROM orders WHERE item = 'lamp' OR amount % 7 = 3",
    "UPDATE users SET score = score + 7, name = name || 'x' WHERE id % 97 = 5",
    "DELETE FROM orders WHERE amount < 60 AND qty > 2",
    "SELECT city, age / 10, COUNT(*), SUM(orders.amount) FROM users JOIN orders "
    "ON orders.user_id = users.id GROUP BY city, age / 10 "
    "ORDER BY COUNT(*) DESC, city, age / 10 LIMIT 15",
    "SELECT * FROM users WHERE name LIKE '%d''%' ORDER BY id LIMIT 10",
    "SELECT id, LENGTH(name) + ABS(score - 500), UPPER(SUBSTR(name, 2, 3)) || '-' || city "
    "FROM users WHERE id < 80 AND NOT city = 'Riga' ORDER BY LENGTH(name), id",
    "UPDATE users SET age = age + 1 WHERE id % 50 = 0",
    "SELECT COUNT(*) FROM users WHERE age BETWEEN 1 AND 2",  // a syntax error
    "SELECT user_id, COUNT(*) FROM orders WHERE user_id >= 100 AND user_id <= 140 "
    "GROUP BY user_id ORDER BY COUNT(*) DESC, user_id LIMIT 12",
    "SELECT oid, amount FROM orders WHERE oid = 77 OR oid = 78 ORDER BY oid",
    "SELECT nope FROM users",  // a binding error
    "VACUUM orders",
    // A long result: most of the JSON (and of the compressor's input).
    "SELECT oid, user_id, amount, item FROM orders WHERE qty = 3 AND amount > 400 "
    "ORDER BY user_id, oid",
};

enum {
  kSetupCount = sizeof(kSetup) / sizeof(kSetup[0]),
  kQueryCount = sizeof(kQueries) / sizeof(kQueries[0]),
};

// A number in [0, n) from the generator's high bits (its low bits cycle
// with short periods).
static u32 Pick(u32* seed, u32 n) { return (KernelRandom(seed) >> 12) % n; }

static void PutName(Buf* sql, u32* seed) {
  BufPutChar(sql, '\'');
  if (Pick(seed, 16) == 0) BufPutZ(sql, "d''");  // an escaped quote
  i32 parts = 2 + (i32)Pick(seed, 2);
  for (i32 i = 0; i < parts; ++i) BufPutZ(sql, kSyllables[Pick(seed, 16)]);
  BufPutChar(sql, '\'');
}

static void PutText(Buf* sql, const char* text) {
  BufPutChar(sql, '\'');
  BufPutZ(sql, text);
  BufPutChar(sql, '\'');
}

// One INSERT of `count` users starting at `first_id`.
static void UsersInsert(Buf* sql, i32 first_id, i32 count, u32* seed) {
  BufPutZ(sql, "INSERT INTO users VALUES ");
  for (i32 r = 0; r < count; ++r) {
    if (r > 0) BufPutZ(sql, ", ");
    BufPutChar(sql, '(');
    BufPutInt(sql, first_id + r);
    BufPutZ(sql, ", ");
    PutName(sql, seed);
    BufPutZ(sql, ", ");
    BufPutInt(sql, 18 + (i64)Pick(seed, 60));
    BufPutZ(sql, ", ");
    PutText(sql, kCities[Pick(seed, 12)]);
    BufPutZ(sql, ", ");
    BufPutInt(sql, (i64)Pick(seed, 1000));
    BufPutChar(sql, ')');
  }
}

static void OrdersInsert(Buf* sql, i32 first_id, i32 count, u32* seed) {
  BufPutZ(sql, "INSERT INTO orders VALUES ");
  for (i32 r = 0; r < count; ++r) {
    if (r > 0) BufPutZ(sql, ", ");
    BufPutChar(sql, '(');
    BufPutInt(sql, first_id + r);
    BufPutZ(sql, ", ");
    BufPutInt(sql, (i64)Pick(seed, kUsers));
    BufPutZ(sql, ", ");
    // Amounts as an expression half the time: the executor evaluates them.
    u32 amount = Pick(seed, 1000);
    if (amount % 2 == 0) {
      BufPutInt(sql, amount / 2);
      BufPutZ(sql, " * 2");
    } else {
      BufPutInt(sql, amount);
    }
    BufPutZ(sql, ", ");
    PutText(sql, kItems[Pick(seed, 12)]);
    BufPutZ(sql, ", ");
    BufPutInt(sql, 1 + (i64)Pick(seed, 5));
    BufPutChar(sql, ')');
  }
}

typedef void (*BatchWriter)(Buf* sql, i32 first_id, i32 count, u32* seed);

static u32 g_errors;

static void Run(Buf* out, Str sql) {
  if (out->len > 1) BufPutChar(out, ',');
  if (DbExecute(sql, out) != 0) ++g_errors;
}

static void InsertRows(Buf* out, BatchWriter write, i32 first_id, i32 count, u32* seed) {
  Buf sql;
  BufInit(&sql, 256);
  for (i32 done = 0; done < count; done += kBatch) {
    sql.len = 0;
    write(&sql, first_id + done, count - done < kBatch ? count - done : kBatch, seed);
    Str text = {sql.data, (i32)sql.len};
    Run(out, text);
  }
  BufFree(&sql);
}

static u32 HashBuffer(const Buf* b) { return DbHashBytes(b->data, (i32)b->len, b->len); }

// Compresses `json`, checks the round trip, and folds sizes into `h`.
static u32 CompressCheck(const Buf* json, u32 h) {
  unsigned char* packed = (unsigned char*)DbAlloc(LzCompressBound(json->len));
  u32 packed_len = LzCompress((const unsigned char*)json->data, json->len, packed);
  unsigned char* back = (unsigned char*)DbAlloc(json->len + 1);
  u32 back_len = LzDecompress(packed, packed_len, back, json->len + 1);
  u32 same = back_len == json->len;
  for (u32 i = 0; same && i < back_len; ++i) same = back[i] == (unsigned char)json->data[i];
  h = KernelMix(h, packed_len);
  h = KernelMix(h, same ? 0x600du : 0xbad0u);
  h = KernelMix(h, DbHashBytes((const char*)packed, (i32)packed_len, 7));
  DbFree(back);
  DbFree(packed);
  return h;
}

#ifdef MINIDB_DUMP
// Debugging aid: a native harness built with -DMINIDB_DUMP gets the JSON.
void MinidbDump(const char* json, u32 n);
#endif

KERNEL_EXPORT u32 run(void) {
  DbHeapReset();
  DbCatalogReset();
  DbEvalReset();
  g_errors = 0;
  u32 seed = 20240917u;
  u32 h = 0;

  Buf out;
  BufInit(&out, 1 << 16);
  BufPutChar(&out, '[');
  for (i32 i = 0; i < kSetupCount; ++i) Run(&out, DbStr(kSetup[i]));
  InsertRows(&out, UsersInsert, 0, kUsers, &seed);
  InsertRows(&out, OrdersInsert, 0, kOrders, &seed);
  i32 next_order = kOrders;

  for (i32 pass = 0; pass < kPasses; ++pass) {
    u32 pass_start = out.len;
    for (i32 q = 0; q < kQueryCount; ++q) Run(&out, DbStr(kQueries[q]));
    InsertRows(&out, OrdersInsert, next_order, kNewOrders, &seed);
    next_order += kNewOrders;
    Buf chunk = {out.data + pass_start, out.len - pass_start, 0};
    h = KernelMix(h, HashBuffer(&chunk));
  }
  BufPutChar(&out, ']');

  Str json = {out.data, (i32)out.len};
#ifdef MINIDB_DUMP
  MinidbDump(out.data, out.len);
#endif
  h = KernelMix(h, (u32)JsonValidate(json));
  h = KernelMix(h, HashBuffer(&out));
  h = CompressCheck(&out, h);
  h = KernelMix(h, DbCatalogDigest());
  h = KernelMix(h, g_errors);
  BufFree(&out);
  h = KernelMix(h, DbHeapStats());
  return h;
}
