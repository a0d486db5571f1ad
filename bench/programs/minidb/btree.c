// An in-memory B-tree over (key, row) pairs: every pair is distinct, so
// duplicate keys of a non-unique column are ordered by row number. Inserts
// split full nodes on the way down; range scans recurse and prune.
#include "minidb.h"

enum { kOrder = 16, kMaxEntries = 2 * kOrder - 1 };

typedef struct Entry {
  i64 key;
  u32 row;
} Entry;

typedef struct Node {
  i32 count;
  i32 leaf;
  Entry entries[kMaxEntries];
  struct Node* children[kMaxEntries + 1];
} Node;

struct BTree {
  Node* root;
  u32 size;
  u32 nodes;
};

static i32 EntryLess(const Entry* a, i64 key, u32 row) {
  return a->key < key || (a->key == key && a->row < row);
}

static Node* NewNode(BTree* t, i32 leaf) {
  Node* n = (Node*)DbAlloc((u32)sizeof(Node));
  n->count = 0;
  n->leaf = leaf;
  ++t->nodes;
  return n;
}

BTree* BTreeCreate(void) {
  BTree* t = (BTree*)DbAlloc((u32)sizeof(BTree));
  t->size = 0;
  t->nodes = 0;
  t->root = NewNode(t, 1);
  return t;
}

static void FreeNode(Node* n) {
  if (!n->leaf) {
    for (i32 i = 0; i <= n->count; ++i) FreeNode(n->children[i]);
  }
  DbFree(n);
}

void BTreeFree(BTree* t) {
  if (t == 0) return;
  FreeNode(t->root);
  DbFree(t);
}

// Splits the full child `i` of `parent` around its middle entry.
static void SplitChild(BTree* t, Node* parent, i32 i) {
  Node* full = parent->children[i];
  Node* right = NewNode(t, full->leaf);
  right->count = kOrder - 1;
  for (i32 j = 0; j < kOrder - 1; ++j) right->entries[j] = full->entries[j + kOrder];
  if (!full->leaf) {
    for (i32 j = 0; j < kOrder; ++j) right->children[j] = full->children[j + kOrder];
  }
  full->count = kOrder - 1;
  for (i32 j = parent->count; j > i; --j) parent->children[j + 1] = parent->children[j];
  parent->children[i + 1] = right;
  for (i32 j = parent->count - 1; j >= i; --j) parent->entries[j + 1] = parent->entries[j];
  parent->entries[i] = full->entries[kOrder - 1];
  ++parent->count;
}

static void InsertNonFull(BTree* t, Node* n, i64 key, u32 row) {
  for (;;) {
    i32 i = n->count - 1;
    if (n->leaf) {
      while (i >= 0 && !EntryLess(&n->entries[i], key, row)) {
        n->entries[i + 1] = n->entries[i];
        --i;
      }
      n->entries[i + 1].key = key;
      n->entries[i + 1].row = row;
      ++n->count;
      return;
    }
    while (i >= 0 && !EntryLess(&n->entries[i], key, row)) --i;
    ++i;
    if (n->children[i]->count == kMaxEntries) {
      SplitChild(t, n, i);
      if (EntryLess(&n->entries[i], key, row)) ++i;
    }
    n = n->children[i];
  }
}

void BTreeInsert(BTree* t, i64 key, u32 row) {
  if (t->root->count == kMaxEntries) {
    Node* root = NewNode(t, 0);
    root->children[0] = t->root;
    t->root = root;
    SplitChild(t, root, 0);
  }
  InsertNonFull(t, t->root, key, row);
  ++t->size;
}

static void RangeNode(const Node* n, i64 lo, i64 hi, RowVisitor visit, void* ctx) {
  // First entry with key >= lo (binary search).
  i32 a = 0, b = n->count;
  while (a < b) {
    i32 mid = (a + b) / 2;
    if (n->entries[mid].key < lo) {
      a = mid + 1;
    } else {
      b = mid;
    }
  }
  for (i32 i = a; i <= n->count; ++i) {
    if (!n->leaf) RangeNode(n->children[i], lo, hi, visit, ctx);
    if (i == n->count || n->entries[i].key > hi) return;
    visit(ctx, n->entries[i].row);
  }
}

void BTreeRange(const BTree* t, i64 lo, i64 hi, RowVisitor visit, void* ctx) {
  if (lo <= hi) RangeNode(t->root, lo, hi, visit, ctx);
}

static u32 Depth(const Node* n) {
  u32 d = 1;
  while (!n->leaf) {
    n = n->children[0];
    ++d;
  }
  return d;
}

u32 BTreeDigest(const BTree* t) {
  return KernelMix(KernelMix(t->size, t->nodes), Depth(t->root));
}
