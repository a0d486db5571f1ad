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

namespace weft {
namespace {

using ::testing::ContainsRegex;
using ::testing::EndsWith;

std::string DivideDebugWasm() {
  const char* root = std::getenv("TEST_SRCDIR");
  std::ifstream in(std::string(root ? root : ".") + "/weft/api/testdata/divide_debug.wasm",
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

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
