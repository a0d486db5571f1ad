#include "interp/dispatch_counter.h"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "interp/code_printer.h"
#include "interp/compiled_function.h"
#include "interp/ir_layout.h"

namespace weft::interp {
namespace {

constexpr uint64_t kNone = 0xFFFF;

struct Counts {
  absl::flat_hash_map<uint64_t, uint64_t> singles, pairs, triples;
  uint64_t prev = kNone, prev2 = kNone;
};

const char* Name(uint64_t op) { return GetIrOpInfo(static_cast<IrOp>(op)).name; }

void Write(const Counts& c) {
  const char* path = std::getenv("WEFT_DISPATCH_COUNTS");
  if (path == nullptr) return;
  FILE* f = std::fopen(path, "w");
  if (f == nullptr) {
    std::fprintf(stderr, "weft: cannot write dispatch counts to %s\n", path);
    return;
  }
  for (const auto& [k, n] : c.singles) {
    std::fprintf(f, "1 %llu %s\n", (unsigned long long)n, Name(k));
  }
  for (const auto& [k, n] : c.pairs) {
    std::fprintf(f, "2 %llu %s %s\n", (unsigned long long)n, Name(k >> 16), Name(k & 0xFFFF));
  }
  for (const auto& [k, n] : c.triples) {
    std::fprintf(f, "3 %llu %s %s %s\n", (unsigned long long)n, Name(k >> 32),
                 Name((k >> 16) & 0xFFFF), Name(k & 0xFFFF));
  }
  std::fclose(f);
}

Counts& TheCounts() {
  static Counts* counts = [] {
    auto* c = new Counts;
    std::atexit([] { Write(TheCounts()); });
    return c;
  }();
  return *counts;
}

}  // namespace

void CountDispatch(const Word* target) {
  const std::optional<IrOp> op = IrOpForHandler(target->h);
  if (!op) return;  // not a handler entry (cannot happen in valid code)
  Counts& c = TheCounts();
  const uint64_t id = static_cast<uint64_t>(*op);
  c.singles[id]++;
  if (c.prev != kNone) c.pairs[(c.prev << 16) | id]++;
  if (c.prev2 != kNone) c.triples[(c.prev2 << 32) | (c.prev << 16) | id]++;
  c.prev2 = c.prev;
  c.prev = id;
}

}  // namespace weft::interp
