// Profiler: sampled stacks name the functions where a guest spends its time.
#include "weft/profiler.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/trap_code.h"
#include "weft/wasi.h"

namespace weft {
namespace {

// run(n) spins n/20 iterations in cold and n in hot; hot's name is a C++
// symbol, printed demangled.
constexpr char kGuest[] = R"(
(module
  (func (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func (param i32) (result i32) (call 0 (local.get 0)))
  (func (export "run") (param i32) (result i32)
    (i32.add (call 1 (i32.div_u (local.get 0) (i32.const 20))) (call 0 (local.get 0))))
  (func (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call 3 (i32.sub (local.get 0) (i32.const 1))))
      (else (call 0 (i32.const 20000000)))))
  (@custom "name" "\01\1b\03\00\0d_ZN3app3hotEi\01\04cold\02\03run"))
)";

std::unique_ptr<Instance> Instantiate(Engine& engine, Linker& linker) {
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kGuest), sizeof(kGuest) - 1));
  EXPECT_TRUE(m.ok()) << m.status();
  InstanceLimits limits;
  limits.max_call_depth = 5000;
  auto inst = linker.Instantiate(*m, limits);
  EXPECT_TRUE(inst.ok()) << inst.status();
  return std::move(*inst);
}

std::map<std::string, uint64_t> ParseFolded(const std::string& folded) {
  std::map<std::string, uint64_t> stacks;
  for (absl::string_view line : absl::StrSplit(folded, '\n', absl::SkipEmpty())) {
    const size_t space = line.rfind(' ');
    uint64_t n = 0;
    EXPECT_NE(space, absl::string_view::npos) << line;
    EXPECT_TRUE(absl::SimpleAtoi(line.substr(space + 1), &n)) << line;
    stacks[std::string(line.substr(0, space))] += n;
  }
  return stacks;
}

TEST(ProfilerTest, TheHotFunctionDominates) {
  Engine engine;
  Linker linker(engine);
  std::unique_ptr<Instance> inst = Instantiate(engine, linker);
  Profiler profiler(absl::Microseconds(200));
  CallOptions options;
  options.profiler = &profiler;
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (profiler.sample_count() < 300 && absl::Now() < give_up) {
    auto r = inst->Call("run", {Value::I32(2'000'000)}, options);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  ASSERT_GE(profiler.sample_count(), 300u);
  const std::map<std::string, uint64_t> stacks = ParseFolded(profiler.FoldedStacks());
  uint64_t total = 0;
  for (const auto& [stack, n] : stacks) total += n;
  EXPECT_EQ(total, profiler.sample_count());
  // hot runs 20 times as long as cold (which calls hot too).
  const uint64_t hot = stacks.count("run;app::hot(int)") ? stacks.at("run;app::hot(int)") : 0;
  EXPECT_GT(hot, total * 8 / 10) << profiler.FoldedStacks();
  for (const auto& [stack, n] : stacks) {
    EXPECT_THAT(stack, ::testing::AnyOf("run", "run;app::hot(int)", "run;cold",
                                        "run;cold;app::hot(int)"));
  }
}

TEST(ProfilerTest, DeepStacksKeepTheirInnermostFrames) {
  Engine engine;
  Linker linker(engine);
  std::unique_ptr<Instance> inst = Instantiate(engine, linker);
  Profiler profiler(absl::Microseconds(200));
  CallOptions options;
  options.profiler = &profiler;
  auto r = inst->Call("deep", {Value::I32(1000)}, options);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_GT(profiler.sample_count(), 0u);
  // (Samples taken on the way down, if any, are shorter.)
  uint64_t in_hot = 0;
  for (const auto& [stack, n] : ParseFolded(profiler.FoldedStacks())) {
    if (!absl::EndsWith(stack, ";func[3];app::hot(int)")) continue;
    in_hot += n;
    EXPECT_TRUE(absl::StartsWith(stack, "[truncated];func[3];func[3]")) << stack;
    EXPECT_EQ(std::count(stack.begin(), stack.end(), ';'), 512) << stack;
  }
  EXPECT_GT(in_hot, 0u);
}

TEST(ProfilerTest, CallsWithoutAProfilerAreNotSampled) {
  Engine engine;
  Linker linker(engine);
  std::unique_ptr<Instance> inst = Instantiate(engine, linker);
  Profiler profiler(absl::Microseconds(100));
  ASSERT_TRUE(inst->Call("run", {Value::I32(3'000'000)}).ok());
  EXPECT_EQ(profiler.sample_count(), 0u);
  EXPECT_EQ(profiler.FoldedStacks(), "");
}

// A profiler's samples never stop a call, and a stop still does.
TEST(ProfilerTest, SamplingLeavesInterruptionWorking) {
  Engine engine;
  Linker linker(engine);
  std::unique_ptr<Instance> inst = Instantiate(engine, linker);
  Profiler profiler(absl::Microseconds(50));
  CallOptions options;
  options.profiler = &profiler;
  options.timeout = absl::Milliseconds(50);
  auto r = inst->Call("run", {Value::I32(2'000'000'000)}, options);
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kInterrupted) << r.status();
  EXPECT_GT(profiler.sample_count(), 0u);
  auto again = inst->Call("run", {Value::I32(1000)}, options);
  EXPECT_TRUE(again.ok()) << again.status();
}

// A guest blocked in host calls reaches no sample check: each call is
// timed instead and charged as the samples the timer would have taken,
// under the guest's stack with the host function as the leaf. Here a WASI
// sleep (poll_oneoff on a 30 ms relative clock) and a host function that
// sleeps 30 ms, each called from its own wasm function under run.
TEST(ProfilerTest, TimeBlockedInHostCallsIsChargedToThem) {
  constexpr char kSleeper[] = R"(
(module
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "env" "wait" (func $wait (param i32)))
  (memory (export "memory") 1)
  ;; one subscription at 0: userdata 0, tag 0 (clock), clock 1 (monotonic),
  ;; timeout 30,000,000 ns, precision 0, flags 0 (relative)
  (data (i32.const 16) "\01\00\00\00\00\00\00\00\80\c3\c9\01\00\00\00\00")
  (func $nap (result i32)
    (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
  (func $pause (call $wait (i32.const 30)))
  (func (export "run") (result i32) (call $pause) (call $nap))
  (@custom "name" "\01\12\03\02\03nap\03\05pause\04\03run"))
)";
  Engine engine;
  Linker linker(engine);
  ASSERT_TRUE(linker.Define("env", "wait", [](int32_t ms) { absl::SleepFor(absl::Milliseconds(ms)); }).ok());
  auto wasi = Wasi::Define(linker, WasiOptions());
  ASSERT_TRUE(wasi.ok()) << wasi.status();
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kSleeper), sizeof(kSleeper) - 1));
  ASSERT_TRUE(m.ok()) << m.status();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  ASSERT_TRUE((*wasi)->Attach(**inst).ok());
  Profiler profiler(absl::Milliseconds(1));
  CallOptions options;
  options.profiler = &profiler;
  auto r = (*inst)->Call("run", {}, options);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].i32(), 0);  // poll_oneoff succeeded
  const std::map<std::string, uint64_t> stacks = ParseFolded(profiler.FoldedStacks());
  uint64_t total = 0;
  for (const auto& [stack, n] : stacks) total += n;
  EXPECT_EQ(total, profiler.sample_count());
  // Each call lasted at least 30 intervals, so charges at least 30; the
  // guest's own code takes microseconds, so the host calls are nearly all.
  ASSERT_TRUE(stacks.count("run;pause;[env:wait]")) << profiler.FoldedStacks();
  ASSERT_TRUE(stacks.count("run;nap;[wasi:poll_oneoff]")) << profiler.FoldedStacks();
  EXPECT_GE(stacks.at("run;pause;[env:wait]"), 30u);
  EXPECT_GE(stacks.at("run;nap;[wasi:poll_oneoff]"), 30u);
  EXPECT_GE(stacks.at("run;pause;[env:wait]") + stacks.at("run;nap;[wasi:poll_oneoff]") + 3,
            total);
}

}  // namespace
}  // namespace weft
