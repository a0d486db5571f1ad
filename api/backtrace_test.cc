// GetBacktrace: a trap's frames as data, matching the message's lines, and
// bounded for deep recursion like the message.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

// down(n) recurses n times and then hits `unreachable`; the second
// function has no name.
constexpr char kRecursion[] = R"(
(module
  (func $down (export "down") (param i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (call $down (i32.sub (local.get 0) (i32.const 1))))
  (func (export "anon") (call $down (i32.const 2)))
  ;; The name section (weft's text parser emits none): function 0 is "down".
  (@custom "name" "\01\07\01\00\04down"))
)";

class BacktraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = CompiledModule::Compile(
        engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kRecursion),
                                     sizeof(kRecursion) - 1));
    ASSERT_TRUE(m.ok()) << m.status();
    InstanceLimits limits;
    limits.max_call_depth = 20000;
    auto inst = linker_.Instantiate(*m, limits);
    ASSERT_TRUE(inst.ok()) << inst.status();
    instance_ = std::move(*inst);
  }
  Engine engine_;
  Linker linker_{engine_};
  std::unique_ptr<Instance> instance_;
};

TEST_F(BacktraceTest, ShortBacktraceHasEveryFrameWithNamesAndOffsets) {
  absl::Status s = instance_->Call<void()>("anon");
  ASSERT_EQ(GetTrapCode(s), TrapCode::kUnreachable) << s;
  Backtrace bt = GetBacktrace(s);
  ASSERT_EQ(bt.total_frames, 4u);
  ASSERT_EQ(bt.frames.size(), 4u);
  for (uint64_t i = 0; i < 4; ++i) EXPECT_EQ(bt.frames[i].depth, i);
  EXPECT_EQ(bt.frames[0].func_index, 0u);
  EXPECT_EQ(bt.frames[0].name, "down");
  EXPECT_EQ(bt.frames[3].func_index, 1u);
  EXPECT_EQ(bt.frames[3].name, "");
  // Each frame is the line the message prints.
  for (const BacktraceFrame& f : bt.frames) {
    char line[128];
    std::snprintf(line, sizeof line, "#%d func[%u]%s @ 0x%x", int(f.depth), f.func_index,
                  f.name.empty() ? "" : (" <" + f.name + ">").c_str(), f.module_offset);
    EXPECT_THAT(s.message(), HasSubstr(line));
  }
  // The innermost frame is at the `unreachable`, deeper in the body than
  // the recursive frames' `call`.
  EXPECT_LT(bt.frames[0].module_offset, bt.frames[1].module_offset);
  EXPECT_EQ(bt.frames[1].module_offset, bt.frames[2].module_offset);
}

TEST_F(BacktraceTest, DeepRecursionKeepsBothEndsAndTheTrueCount) {
  absl::Status s = instance_->Call<void(int32_t)>("down", 9999);
  ASSERT_EQ(GetTrapCode(s), TrapCode::kUnreachable) << s;
  EXPECT_LT(s.message().size(), 4096u);
  EXPECT_THAT(s.message(), HasSubstr("... 9960 frames ..."));
  Backtrace bt = GetBacktrace(s);
  EXPECT_EQ(bt.total_frames, 10000u);
  ASSERT_EQ(bt.frames.size(), 40u);
  EXPECT_EQ(bt.frames[19].depth, 19u);
  EXPECT_EQ(bt.frames[20].depth, 9980u);
  EXPECT_EQ(bt.frames[39].depth, 9999u);
  EXPECT_THAT(s.message(), HasSubstr("#9999 func[0] <down>"));
  for (const BacktraceFrame& f : bt.frames) EXPECT_EQ(f.name, "down");
}

TEST_F(BacktraceTest, OtherStatusesHaveNone) {
  Backtrace bt = GetBacktrace(absl::InvalidArgumentError("x"));
  EXPECT_EQ(bt.total_frames, 0u);
  EXPECT_TRUE(bt.frames.empty());
  absl::Status s = instance_->Call<void()>("nope");
  EXPECT_TRUE(GetBacktrace(s).frames.empty());
}

// A Rust v0 function called from a C++ one, both named as their compilers
// mangle them.
constexpr char kMangled[] = R"(
(module
  (func unreachable)
  (func (export "run") (call 0))
  (@custom "name" "\01\30\02\00\17_RNvCs1234_7mycrate3foo\01\14_ZN5shape4area3runEv"))
)";

TEST(BacktraceDemangleTest, MessageShowsReadableNamesAndFramesKeepBoth) {
  Engine engine;
  Linker linker(engine);
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kMangled),
                                  sizeof(kMangled) - 1));
  ASSERT_TRUE(m.ok()) << m.status();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  absl::Status s = (*inst)->Call<void()>("run");
  ASSERT_EQ(GetTrapCode(s), TrapCode::kUnreachable) << s;
  EXPECT_THAT(s.message(), HasSubstr("#0 func[0] <mycrate::foo> @ 0x"));
  EXPECT_THAT(s.message(), HasSubstr("#1 func[1] <shape::area::run()> @ 0x"));
  Backtrace bt = GetBacktrace(s);
  ASSERT_EQ(bt.frames.size(), 2u);
  EXPECT_EQ(bt.frames[0].name, "_RNvCs1234_7mycrate3foo");
  EXPECT_EQ(bt.frames[0].demangled_name, "mycrate::foo");
  EXPECT_EQ(bt.frames[1].name, "_ZN5shape4area3runEv");
  EXPECT_EQ(bt.frames[1].demangled_name, "shape::area::run()");
}

// Fuel that runs out as a function is entered (its first run's charge)
// reports the function's first instruction. (func $f (export "forever")
// (return_call $f)) and one with a local (an Enter op first): the
// return_call is at byte 0x24 of each.
TEST(BacktraceFuelTest, FuelExhaustedOnEntryReportsTheFirstInstruction) {
  const std::string forever("\0asm\1\0\0\0\1\4\1\x60\0\0\3\2\1\0\7\13\1\7forever\0\0"
                            "\12\6\1\4\0\x12\0\13", 39);
  const std::string with_local("\0asm\1\0\0\0\1\4\1\x60\0\0\3\2\1\0\7\13\1\7forever\0\0"
                               "\12\x08\1\6\1\1\x7f\x12\0\13", 41);
  for (const std::string& bytes : {forever, with_local}) {
    EngineConfig config;
    config.metering = true;
    Engine engine(config);
    Linker linker(engine);
    auto m = CompiledModule::Compile(
        engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    ASSERT_TRUE(m.ok()) << m.status();
    auto inst = linker.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.status();
    CallOptions options;
    options.fuel = 100;
    absl::Status s = (*inst)->Call("forever", {}, options).status();
    ASSERT_EQ(GetTrapCode(s), TrapCode::kFuelExhausted) << s;
    Backtrace bt = GetBacktrace(s);
    ASSERT_EQ(bt.frames.size(), 1u);
    const uint32_t first_instruction = bytes.size() - 3;  // return_call 0; end
    EXPECT_EQ(bt.frames[0].module_offset, first_instruction);
    EXPECT_THAT(s.message(), HasSubstr(absl::StrFormat("#0 func[0] @ 0x%x", first_instruction)));
  }
}

}  // namespace
}  // namespace weft
