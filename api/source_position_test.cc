// Backtraces of a module with DWARF give each frame's file:line:column.
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/trap_code.h"
#include "weft/wasi.h"

namespace weft {
namespace {

using ::testing::ContainsRegex;
using ::testing::EndsWith;

std::string Testdata(const std::string& name) {
  const char* root = std::getenv("TEST_SRCDIR");
  std::ifstream in(std::string(root ? root : ".") + "/weft/api/testdata/" + name,
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string DivideDebugWasm() { return Testdata("divide_debug.wasm"); }

TEST(SourcePositionTest, FramesOfACxxTrapNameTheirLines) {
  const std::string bytes = DivideDebugWasm();
  Engine engine;
  Linker linker(engine);
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(m.ok()) << m.status();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  absl::Status st = (*inst)->Call("run", {Value::I32(6), Value::I32(0)}).status();
  ASSERT_EQ(GetTrapCode(st), TrapCode::kIntegerDivideByZero) << st;
  // `return a / b;` is line 6, `return Divide(w * h, h);` line 10 and the
  // call in run line 15 (testdata/divide_debug.cc).
  EXPECT_THAT(std::string(st.message()),
              ContainsRegex("#0 func\\[[0-9]+\\] <shape::Divide\\(int, int\\)> @ 0x[0-9a-f]+ at "
                            "[^ ]*api/testdata/divide_debug.cc:6:[0-9]+"));
  EXPECT_THAT(std::string(st.message()),
              ContainsRegex("#1 func\\[[0-9]+\\] <shape::Area\\(int, int\\)> @ 0x[0-9a-f]+ at "
                            "[^ ]*divide_debug.cc:10:[0-9]+"));
  EXPECT_THAT(std::string(st.message()), ContainsRegex("#2 func\\[[0-9]+\\] <run> @ 0x[0-9a-f]+ at "
                                                       "[^ ]*divide_debug.cc:15:[0-9]+"));
  Backtrace bt = GetBacktrace(st);
  ASSERT_EQ(bt.frames.size(), 3u);
  EXPECT_THAT(bt.frames[0].source_file, EndsWith("api/testdata/divide_debug.cc"));
  EXPECT_EQ(bt.frames[0].source_line, 6u);
  EXPECT_GT(bt.frames[0].source_column, 0u);
  EXPECT_EQ(bt.frames[1].source_line, 10u);
  EXPECT_EQ(bt.frames[2].source_line, 15u);
}

// testdata/inline_trap.c, built by clang -O2 -g, traps in ratio(), which
// clang inlined into per_item(), which it inlined into average(): the
// frame of average() lists both, innermost first, each at the position
// reached in it, and average()'s own position is its call of per_item().
TEST(SourcePositionTest, InlinedFramesAreListedInnermostFirst) {
  const std::string bytes = Testdata("inline_trap.wasm");
  Engine engine;
  Linker linker(engine);
  WasiOptions options;
  options.args = {"inline_trap"};  // no arguments: the average of none
  options.stdout_mode = WasiOptions::Stdio::kCapture;
  auto wasi = Wasi::Define(linker, std::move(options));
  ASSERT_TRUE(wasi.ok()) << wasi.status();
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(m.ok()) << m.status();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  ASSERT_TRUE((*wasi)->Attach(**inst).ok());
  absl::Status st = (*inst)->Call("_start", {}).status();
  ASSERT_EQ(GetTrapCode(st), TrapCode::kIntegerDivideByZero) << st;

  const std::string file = "./api/testdata/inline_trap.c";
  EXPECT_THAT(std::string(st.message()),
              ContainsRegex("\n  #0 inlined <ratio> at \\./api/testdata/inline_trap\\.c:7:16\n"
                            "     inlined <per_item> at \\./api/testdata/inline_trap\\.c:11:10\n"
                            "     func\\[[0-9]+\\] <average> @ 0x[0-9a-f]+ at "
                            "\\./api/testdata/inline_trap\\.c:17:10\n"
                            "  #1 func\\[[0-9]+\\] <main> @ 0x[0-9a-f]+ at "
                            "\\./api/testdata/inline_trap\\.c:23:18\n"));

  Backtrace bt = GetBacktrace(st);
  ASSERT_GE(bt.frames.size(), 2u);
  const BacktraceFrame& average = bt.frames[0];
  EXPECT_EQ(average.name, "average");
  EXPECT_EQ(average.source_file, file);
  EXPECT_EQ(average.source_line, 17u);  // return per_item(total, n);
  EXPECT_EQ(average.source_column, 10u);
  ASSERT_EQ(average.inlined.size(), 2u);
  EXPECT_EQ(average.inlined[0].name, "ratio");
  EXPECT_EQ(average.inlined[0].demangled_name, "ratio");
  EXPECT_EQ(average.inlined[0].source_file, file);
  EXPECT_EQ(average.inlined[0].source_line, 7u);  // return total / parts;
  EXPECT_EQ(average.inlined[0].source_column, 16u);
  EXPECT_EQ(average.inlined[1].name, "per_item");
  EXPECT_EQ(average.inlined[1].source_file, file);
  EXPECT_EQ(average.inlined[1].source_line, 11u);  // return ratio(total, items) + 1;
  EXPECT_EQ(average.inlined[1].source_column, 10u);
  const BacktraceFrame& main = bt.frames[1];
  EXPECT_EQ(main.name, "main");
  EXPECT_EQ(main.source_line, 23u);
  EXPECT_TRUE(main.inlined.empty());
}

// Frames of code that nothing was inlined into have no inlined frames.
TEST(SourcePositionTest, NoInliningNoInlinedFrames) {
  const std::string bytes = DivideDebugWasm();
  Engine engine;
  Linker linker(engine);
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(m.ok()) << m.status();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  absl::Status st = (*inst)->Call("run", {Value::I32(6), Value::I32(0)}).status();
  Backtrace bt = GetBacktrace(st);
  ASSERT_EQ(bt.frames.size(), 3u);
  for (const BacktraceFrame& f : bt.frames) EXPECT_TRUE(f.inlined.empty()) << f.name;
  EXPECT_THAT(std::string(st.message()), ::testing::Not(::testing::HasSubstr("inlined")));
}

// The line tables are read once per compiled module and shared: traps of
// several instances on several threads, and of the module compiled again
// after the first one is gone, all name the same lines.
TEST(SourcePositionTest, LinesAreTheSameFromEveryInstanceAndThread) {
  const std::string bytes = DivideDebugWasm();
  for (int compile = 0; compile < 2; ++compile) {
    Engine engine;
    auto m = CompiledModule::Compile(
        engine,
        absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    ASSERT_TRUE(m.ok()) << m.status();
    std::vector<std::thread> threads;
    std::atomic<int> right{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        Linker linker(engine);
        auto inst = linker.Instantiate(*m);
        if (!inst.ok()) return;
        for (int i = 0; i < 20; ++i) {
          absl::Status st = (*inst)->Call("run", {Value::I32(6), Value::I32(0)}).status();
          Backtrace bt = GetBacktrace(st);
          if (bt.frames.size() == 3 && bt.frames[0].source_line == 6 &&
              bt.frames[1].source_line == 10 && bt.frames[2].source_line == 15) {
            ++right;
          }
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(right.load(), 4 * 20) << "compile " << compile;
  }
}

}  // namespace
}  // namespace weft
