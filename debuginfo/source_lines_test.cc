#include "debuginfo/source_lines.h"

#include <atomic>
#include <set>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"

namespace weft {
namespace {

std::string Runfile(const std::string& path) {
  const char* root = std::getenv("TEST_SRCDIR");
  return std::string(root != nullptr ? root : ".") + "/weft/" + path;
}

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  return std::vector<uint8_t>(text.begin(), text.end());
}

std::unique_ptr<const Module> Decode(const std::vector<uint8_t>& bytes) {
  auto m = DecodeModule(bytes);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? std::move(*m) : nullptr;
}

// The line of render.cc that holds `text`.
uint32_t LineOf(const std::string& text) {
  std::ifstream in(Runfile("examples/profile/render.cc"));
  std::string line;
  for (uint32_t n = 1; std::getline(in, line); ++n) {
    if (absl::StrContains(line, text)) return n;
  }
  return 0;
}

const FunctionBody* BodyNamed(const Module& m, const std::string& name) {
  for (uint32_t i = 0; i < m.code.size(); ++i) {
    if (m.function_name(m.num_imported_funcs + i) == name) return &m.code[i];
  }
  return nullptr;
}

// clang -g's line table for render.cc: Escape's instructions map to
// Escape's lines.
TEST(SourceLinesTest, ClangLineTableMapsAFunctionToItsLines) {
  const std::vector<uint8_t> bytes = ReadBytes(Runfile("debuginfo/render_debug.wasm"));
  std::unique_ptr<const Module> m = Decode(bytes);
  ASSERT_NE(m, nullptr);
  const SourceLines lines = SourceLines::Read(*m);
  ASSERT_FALSE(lines.empty());
  const FunctionBody* escape = BodyNamed(*m, "render::Escape(double, double)");
  ASSERT_NE(escape, nullptr);
  const uint32_t first = LineOf("int Escape(double cr, double ci)");
  const uint32_t last = LineOf("return n;");
  ASSERT_GT(first, 0u);
  ASSERT_GT(last, first);
  int found = 0;
  for (uint32_t at = escape->code.begin; at < escape->code.end; ++at) {
    std::optional<SourceLocation> where = lines.Find(at);
    if (!where) continue;
    ++found;
    EXPECT_TRUE(absl::EndsWith(where->file, "examples/profile/render.cc")) << where->file;
    EXPECT_GE(where->line, first) << at;
    EXPECT_LE(where->line, last + 1) << at;
  }
  EXPECT_GT(found, 0);
  // Nothing before the code section or past the module.
  EXPECT_FALSE(lines.Find(0).has_value());
  EXPECT_FALSE(lines.Find(uint32_t(bytes.size()) + 100).has_value());
}

// Instances of one module trapping together read its line tables on
// several threads at once (libdwarf keeps global state: weft serializes
// it); each reader gets the whole table.
TEST(SourceLinesTest, ConcurrentReadersAgree) {
  const std::vector<uint8_t> bytes = ReadBytes(Runfile("debuginfo/render_debug.wasm"));
  std::unique_ptr<const Module> m = Decode(bytes);
  ASSERT_NE(m, nullptr);
  const SourceLines reference = SourceLines::Read(*m);
  ASSERT_FALSE(reference.empty());
  const FunctionBody* escape = BodyNamed(*m, "render::Escape(double, double)");
  ASSERT_NE(escape, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        const SourceLines lines = SourceLines::Read(*m);
        for (uint32_t at = escape->code.begin; at < escape->code.end; ++at) {
          const std::optional<SourceLocation> a = lines.Find(at), b = reference.Find(at);
          if (a.has_value() != b.has_value() ||
              (a && (a->file != b->file || a->line != b->line || a->column != b->column))) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// api/testdata/inline_trap.c (clang -O2 -g, with wasi-libc's DWARF):
// wherever ratio() was inlined, per_item() encloses it and average() holds
// the call; wasi-libc's malloc has calls that DWARF records only as
// address ranges (.debug_ranges: tmalloc_large, tmalloc_small), found too.
TEST(SourceLinesTest, InlinedCallsNestInnermostFirst) {
  const std::vector<uint8_t> bytes = ReadBytes(Runfile("api/testdata/inline_trap.wasm"));
  std::unique_ptr<const Module> m = Decode(bytes);
  ASSERT_NE(m, nullptr);
  const SourceLines lines = SourceLines::Read(*m);
  ASSERT_FALSE(lines.empty());
  std::set<std::string> inlined_names;
  int in_ratio = 0;
  for (uint32_t at = 0; at < bytes.size(); ++at) {
    const CodePosition position = lines.Locate(at);
    for (const InlinedFrame& f : position.inlined) inlined_names.insert(f.name);
    if (position.inlined.empty() || position.inlined[0].name != "ratio") continue;
    ++in_ratio;
    ASSERT_EQ(position.inlined.size(), 2u) << at;
    EXPECT_EQ(position.inlined[1].name, "per_item");
    ASSERT_TRUE(position.inlined[1].where.has_value());
    EXPECT_EQ(position.inlined[1].where->line, 11u);  // per_item's call of ratio
    ASSERT_TRUE(position.where.has_value());
    EXPECT_EQ(position.where->line, 17u);  // average's call of per_item
    EXPECT_TRUE(absl::EndsWith(position.where->file, "api/testdata/inline_trap.c"));
  }
  EXPECT_GT(in_ratio, 0);
  for (const char* name : {"ratio", "per_item", "tmalloc_large", "tmalloc_small"}) {
    EXPECT_TRUE(inlined_names.count(name)) << name;
  }
}

TEST(SourceLinesTest, NoDwarfNoLines) {
  // (module (func)) with no custom section.
  const std::vector<uint8_t> bytes = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0,
                                      3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b};
  std::unique_ptr<const Module> m = Decode(bytes);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(SourceLines::Read(*m).empty());
}

// Hostile DWARF: random bytes in the debug sections of a real module are
// read without crashing (run under ASan in the asan config).
TEST(SourceLinesTest, CorruptDwarfIsSurvived) {
  const std::vector<uint8_t> original = ReadBytes(Runfile("debuginfo/render_debug.wasm"));
  std::unique_ptr<const Module> m = Decode(original);
  ASSERT_NE(m, nullptr);
  std::vector<ByteRange> debug;
  for (const CustomSection& c : m->customs) {
    if (absl::StartsWith(c.name, ".debug_")) debug.push_back(c.bytes);
  }
  ASSERT_FALSE(debug.empty());
  std::mt19937 rng(19);
  for (int round = 0; round < 200; ++round) {
    std::vector<uint8_t> bytes = original;
    const int edits = 1 + int(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const ByteRange& r = debug[rng() % debug.size()];
      if (r.size() == 0) continue;
      bytes[r.begin + rng() % r.size()] = uint8_t(rng());
    }
    std::unique_ptr<const Module> mutated = Decode(bytes);
    ASSERT_NE(mutated, nullptr);
    const SourceLines lines = SourceLines::Read(*mutated);
    for (uint32_t at = 0; at < bytes.size(); at += 7) {
      lines.Find(at);
      lines.Locate(at);
    }
  }
}

}  // namespace
}  // namespace weft
