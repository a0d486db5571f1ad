// Limits (issue 3 "Done means"): fuel exhaustion with exact accounting,
// interruption and deadlines from another thread, call-depth limit. Each
// test shows the guest stopped with the right trap and the instance's state
// afterwards (memory, globals, further calls).
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "api/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

// Upper bound we accept between asking a spinning guest to stop and the
// call returning (the guest checks at every loop back-edge, so in practice
// this is microseconds; the bound leaves room for loaded CI machines and
// sanitizers).
constexpr absl::Duration kStopBound = absl::Seconds(2);

std::shared_ptr<const CompiledModule> LimitsModule(const Engine& engine) {
  auto m = testing::CompileTestModule(engine, "limits");
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : nullptr;
}

uint64_t SumFuel(uint64_t n) { return 13 * n + 8; }  // see testdata/limits.wat

TEST(FuelTest, ExactConsumptionOnALoop) {
  Engine engine(EngineConfig{.metering = true});
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  ASSERT_TRUE(module->metering());
  Linker linker(engine);
  auto inst = linker.Instantiate(module);
  ASSERT_TRUE(inst.ok()) << inst.status();
  Instance& i = **inst;
  for (uint64_t n : {0, 1, 10, 1000}) {
    CallOptions opts;
    opts.fuel = 1000000;
    auto r = i.CallWith<int32_t(int32_t)>("sum", opts, int32_t(n));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(*r, int32_t(n * (n - 1) / 2));
    EXPECT_EQ(1000000 - i.remaining_fuel(), SumFuel(n)) << "n=" << n;
  }
  // Exactly enough fuel: completes with none left. One unit less: the last
  // run (local.get, end: 2 units) cannot be paid for with the 1 unit left,
  // so the call traps before it and that 1 unit remains.
  CallOptions exact;
  exact.fuel = SumFuel(10);
  auto ok = i.CallWith<int32_t(int32_t)>("sum", exact, 10);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, 45);
  EXPECT_EQ(i.remaining_fuel(), 0u);
  CallOptions short_by_one;
  short_by_one.fuel = SumFuel(10) - 1;
  auto r = i.CallWith<int32_t(int32_t)>("sum", short_by_one, 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kFuelExhausted);
  EXPECT_THAT(r.status().message(), HasSubstr("fuel exhausted"));
  EXPECT_EQ(i.remaining_fuel(), 1u);
}

TEST(FuelTest, ExhaustionStopsInfiniteLoopAndInstanceStaysUsable) {
  Engine engine(EngineConfig{.metering = true});
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  InstanceLimits limits;
  limits.fuel_per_call = 100000;
  auto inst = linker.Instantiate(module, limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  Instance& i = **inst;
  absl::Status s = i.Call<void()>("spin_after_writes");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetTrapCode(s), TrapCode::kFuelExhausted);
  EXPECT_THAT(s.message(), HasSubstr("fuel exhausted"));
  EXPECT_THAT(s.message(), HasSubstr("<spin_after_writes>"));
  // loop + br = 2 units per iteration: at most 1 unit is left unspent.
  EXPECT_LT(i.remaining_fuel(), 2u);
  // State written before the guest was stopped is intact.
  EXPECT_EQ(*i.GetGlobal("g"), Value::I32(99));
  EXPECT_EQ(*i.GetMemory()->Load<int32_t>(0), 1234);
  // Each call gets the per-call budget again.
  EXPECT_EQ(*i.Call<int32_t(int32_t)>("sum", 100), 4950);
  EXPECT_EQ(i.remaining_fuel(), 100000 - SumFuel(100));
  // A per-call override beats the instance limit.
  CallOptions tiny;
  tiny.fuel = 5;
  EXPECT_EQ(GetTrapCode(i.CallWith<int32_t(int32_t)>("sum", tiny, 100).status()),
            TrapCode::kFuelExhausted);
  EXPECT_EQ(*i.Call<int32_t(int32_t, int32_t)>("add", 2, 3), 5);
}

TEST(FuelTest, FuelNeedsMetering) {
  Engine engine;  // metering off
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  InstanceLimits limits;
  limits.fuel_per_call = 10;
  EXPECT_EQ(linker.Instantiate(module, limits).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto inst = linker.Instantiate(module);
  ASSERT_TRUE(inst.ok());
  CallOptions opts;
  opts.fuel = 10;
  EXPECT_EQ((*inst)->CallWith<int32_t(int32_t)>("sum", opts, 3).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Calls `name` on `inst` while another thread interrupts it after `delay`;
// returns the call's status and how long the call took after the request.
struct Stopped {
  absl::Status status;
  absl::Duration after_request;
};
Stopped InterruptAfter(Instance& inst, absl::string_view name, absl::Duration delay) {
  InterruptHandle handle = inst.interrupt_handle();
  absl::Time requested;
  std::thread stopper([&] {
    absl::SleepFor(delay);
    requested = absl::Now();
    handle.Interrupt();
  });
  absl::Status s = inst.Call<void()>(name);
  absl::Time returned = absl::Now();
  stopper.join();
  return {s, returned - requested};
}

TEST(InterruptTest, OtherThreadStopsInfiniteLoop) {
  for (bool metering : {false, true}) {
    SCOPED_TRACE(metering ? "metering" : "no metering");
    Engine engine(EngineConfig{.metering = metering});
    auto module = LimitsModule(engine);
    ASSERT_NE(module, nullptr);
    Linker linker(engine);
    auto inst = linker.Instantiate(module);
    ASSERT_TRUE(inst.ok()) << inst.status();
    Instance& i = **inst;
    Stopped r = InterruptAfter(i, "spin_after_writes", absl::Milliseconds(50));
    ASSERT_FALSE(r.status.ok());
    EXPECT_EQ(GetTrapCode(r.status), TrapCode::kInterrupted);
    EXPECT_THAT(r.status.message(), HasSubstr("interrupted"));
    EXPECT_THAT(r.status.message(), HasSubstr("<spin_after_writes>"));
    EXPECT_LT(r.after_request, kStopBound);
    // Memory and globals keep what the guest wrote; the instance is callable
    // and the request was consumed (the next call is not interrupted).
    EXPECT_EQ(*i.GetMemory()->Load<int32_t>(0), 1234);
    EXPECT_EQ(*i.GetGlobal("g"), Value::I32(99));
    EXPECT_EQ(*i.Call<int32_t(int32_t)>("sum", 10), 45);
    EXPECT_EQ(*i.Call<int32_t(int32_t, int32_t)>("add", 2, 3), 5);
    // It can be interrupted again.
    r = InterruptAfter(i, "spin", absl::Milliseconds(10));
    EXPECT_EQ(GetTrapCode(r.status), TrapCode::kInterrupted);
    EXPECT_LT(r.after_request, kStopBound);
  }
}

TEST(InterruptTest, PendingRequestStopsTheNextCallOnly) {
  Engine engine;
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  auto inst = linker.Instantiate(module);
  ASSERT_TRUE(inst.ok());
  (*inst)->interrupt_handle().Interrupt();
  EXPECT_EQ(GetTrapCode((*inst)->Call<int32_t(int32_t, int32_t)>("add", 1, 2).status()),
            TrapCode::kInterrupted);
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t, int32_t)>("add", 1, 2), 3);
}

TEST(DeadlineTest, TimeoutStopsInfiniteLoop) {
  Engine engine;
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  auto inst = linker.Instantiate(module);
  ASSERT_TRUE(inst.ok());
  Instance& i = **inst;
  CallOptions opts;
  opts.timeout = absl::Milliseconds(100);
  absl::Time start = absl::Now();
  absl::Status s = i.CallWith<void()>("spin_after_writes", opts);
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(GetTrapCode(s), TrapCode::kInterrupted);
  EXPECT_GE(took, absl::Milliseconds(100));
  EXPECT_LT(took, absl::Milliseconds(100) + kStopBound);
  EXPECT_EQ(*i.GetGlobal("g"), Value::I32(99));
  EXPECT_EQ(*i.GetMemory()->Load<int32_t>(0), 1234);
  // An absolute deadline works the same way.
  CallOptions at;
  at.deadline = absl::Now() + absl::Milliseconds(20);
  EXPECT_EQ(GetTrapCode(i.CallWith<void()>("spin", at)), TrapCode::kInterrupted);
  // A call that finishes in time is unaffected, and so is the next one.
  CallOptions generous;
  generous.timeout = absl::Seconds(30);
  EXPECT_EQ(*i.CallWith<int32_t(int32_t)>("sum", generous, 10), 45);
  EXPECT_EQ(*i.Call<int32_t(int32_t)>("sum", 10), 45);
  // A deadline already in the past stops the call at its first check.
  CallOptions past;
  past.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_EQ(GetTrapCode(i.CallWith<void()>("spin", past)), TrapCode::kInterrupted);
  EXPECT_EQ(*i.Call<int32_t(int32_t, int32_t)>("add", 4, 5), 9);
}

TEST(CallDepthTest, DeepRecursionStopsAtConfiguredDepth) {
  Engine engine;
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  InstanceLimits limits;
  limits.max_call_depth = 500;
  auto inst = linker.Instantiate(module, limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  Instance& i = **inst;
  // recurse(n) needs n + 1 nested frames: 500 frames fit, 501 do not.
  EXPECT_EQ(*i.Call<int32_t(int32_t)>("recurse", 499), 499);
  auto r = i.Call<int32_t(int32_t)>("recurse", 500);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kCallStackExhausted);
  EXPECT_THAT(r.status().message(), HasSubstr("call stack exhausted"));
  EXPECT_THAT(r.status().message(), HasSubstr("<recurse>"));
  // 500 frames print as the innermost 20, the count left out, the
  // outermost 20: 41 backtrace lines, not 500.
  const std::string message(r.status().message());
  EXPECT_THAT(message, HasSubstr("\n  #19 func["));
  EXPECT_THAT(message, HasSubstr("\n  #19 func[4] <recurse> @ 0x"));
  EXPECT_THAT(message, HasSubstr("\n  ... 460 frames ...\n  #480 func["));
  EXPECT_THAT(message, HasSubstr("\n  #499 func["));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("#20 ")));
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1 + 1 + 20 + 1 + 20 - 1);
  // The instance is still usable, with the full depth available again.
  EXPECT_EQ(*i.Call<int32_t(int32_t)>("recurse", 499), 499);
  ASSERT_TRUE(i.SetGlobal("g", Value::I32(5)).ok());
  EXPECT_EQ(*i.GetGlobal("g"), Value::I32(5));
}

TEST(CallDepthTest, UnboundedRecursionNeverOverflowsTheNativeStack) {
  Engine engine;
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  // A depth far beyond what native recursion could survive; the value stack
  // (large frames) runs out first, still as "call stack exhausted".
  InstanceLimits limits;
  limits.max_call_depth = 50000000;
  limits.max_stack_slots = 1u << 16;
  auto inst = linker.Instantiate(module, limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  auto r = (*inst)->Call<int32_t(int32_t)>("forever", 1);
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kCallStackExhausted);
  // Default limits too.
  auto def = linker.Instantiate(module);
  ASSERT_TRUE(def.ok());
  r = (*def)->Call<int32_t(int32_t)>("forever", 1);
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kCallStackExhausted);
  EXPECT_EQ(*(*def)->Call<int32_t(int32_t)>("recurse", 100), 100);
}

}  // namespace
}  // namespace weft

namespace weft {
namespace {

// CallOptions::interrupt: a handle of the caller's (InterruptHandle::Create)
// stops one call — from another thread, or before the call even starts —
// and is refused when it is an instance's own or the call is nested.
TEST(CallInterruptTest, AStandaloneHandleStopsTheCallItIsGiven) {
  Engine engine;
  auto module = LimitsModule(engine);
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  auto inst = linker.Instantiate(module);
  ASSERT_TRUE(inst.ok()) << inst.status();
  Instance& i = **inst;

  InterruptHandle cancel = InterruptHandle::Create();
  CallOptions options;
  options.interrupt = &cancel;
  const absl::Time start = absl::Now();
  std::thread t([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    cancel.Interrupt();
  });
  auto r = i.Call("spin", {}, options);
  t.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kInterrupted);
  EXPECT_LT(absl::Now() - start, kStopBound);
  // Consumed: the instance's next call runs.
  EXPECT_EQ(*i.Call<int32_t(int32_t, int32_t)>("add", 2, 3), 5);

  // Fired before the call: the call stops at its first function entry.
  InterruptHandle early = InterruptHandle::Create();
  early.Interrupt();
  options.interrupt = &early;
  r = i.Call("add", {Value::I32(1), Value::I32(2)}, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kInterrupted);

  // Never fired: no effect, and nothing left behind for the next call.
  InterruptHandle unused = InterruptHandle::Create();
  options.interrupt = &unused;
  r = i.Call("add", {Value::I32(1), Value::I32(2)}, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0], Value::I32(3));
  EXPECT_EQ(*i.Call<int32_t(int32_t, int32_t)>("add", 2, 3), 5);

  // An instance's own handle is refused.
  InterruptHandle own = i.interrupt_handle();
  options.interrupt = &own;
  r = i.Call("add", {Value::I32(1), Value::I32(2)}, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("InterruptHandle::Create()"));
}

}  // namespace
}  // namespace weft
