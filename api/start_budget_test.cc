// The start function's budget (issue 12 item 4): a start function that
// never returns is stopped by InstantiateOptions' timeout, deadline, fuel
// or interrupt handle; Instantiate fails with an error naming the start
// function and the cause, and the Linker stays usable.
#include <memory>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "api/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/instantiate_options.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

// Scheduling slack allowed past a deadline (see limits_test.cc).
constexpr absl::Duration kStopBound = absl::Seconds(2);

std::shared_ptr<const CompiledModule> Compile(const Engine& engine, const char* name) {
  auto m = testing::CompileTestModule(engine, name);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : nullptr;
}

// After a failed instantiation the Linker instantiates and calls as before.
void ExpectLinkerUsable(const Engine& engine, Linker& linker) {
  auto inst = linker.Instantiate(Compile(engine, "limits"));
  ASSERT_TRUE(inst.ok()) << inst.status();
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t, int32_t)>("add", 2, 3), 5);
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("sum", 10), 45);  // no stray interrupt
}

TEST(StartBudgetTest, TimeoutStopsALoopingStartFunction) {
  Engine engine;
  auto module = Compile(engine, "start_loop");
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  InstantiateOptions options;
  options.start.timeout = absl::Milliseconds(100);
  const absl::Time start = absl::Now();
  auto inst = linker.Instantiate(module, options);
  const absl::Duration took = absl::Now() - start;
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetTrapCode(inst.status()), TrapCode::kInterrupted);
  EXPECT_THAT(inst.status().message(),
              HasSubstr("start function func[0] <start>: deadline exceeded: interrupted"));
  EXPECT_THAT(inst.status().message(), HasSubstr("wasm backtrace"));
  EXPECT_GE(took, absl::Milliseconds(100));
  EXPECT_LT(took, absl::Milliseconds(100) + kStopBound);
  std::cout << "looping start, timeout 100ms: Instantiate failed after " << took << "\n";
  ExpectLinkerUsable(engine, linker);

  // An absolute deadline, and the earlier of the two when both are set.
  InstantiateOptions both;
  both.start.deadline = absl::Now() + absl::Milliseconds(30);
  both.start.timeout = absl::Seconds(60);
  const absl::Time start2 = absl::Now();
  auto again = linker.Instantiate(module, both);
  EXPECT_EQ(GetTrapCode(again.status()), TrapCode::kInterrupted);
  EXPECT_LT(absl::Now() - start2, absl::Milliseconds(30) + kStopBound);
}

TEST(StartBudgetTest, FuelStopsALoopingStartFunction) {
  Engine engine(EngineConfig{.metering = true});
  auto module = Compile(engine, "start_loop");
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  InstantiateOptions options;
  options.start.fuel = 100000;
  auto inst = linker.Instantiate(module, options);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(GetTrapCode(inst.status()), TrapCode::kFuelExhausted);
  EXPECT_THAT(inst.status().message(), HasSubstr("start function func[0] <start>: fuel exhausted"));
  // Without options.start.fuel the limits' fuel_per_call bounds it.
  InstantiateOptions by_limits;
  by_limits.limits = InstanceLimits{};
  by_limits.limits->fuel_per_call = 5000;
  EXPECT_EQ(GetTrapCode(linker.Instantiate(module, by_limits).status()),
            TrapCode::kFuelExhausted);
  ExpectLinkerUsable(engine, linker);

  // What the start function leaves is readable; with no start function
  // the whole allowance is.
  auto plain = linker.Instantiate(Compile(engine, "limits"), options);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ((*plain)->remaining_fuel(), 100000u);
}

TEST(StartBudgetTest, FuelNeedsMetering) {
  Engine engine;  // metering off
  Linker linker(engine);
  InstantiateOptions options;
  options.start.fuel = 10;
  EXPECT_EQ(linker.Instantiate(Compile(engine, "limits"), options).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(StartBudgetTest, InterruptHandleStopsAStartFunctionFromAnotherThread) {
  Engine engine;
  auto module = Compile(engine, "start_loop");
  ASSERT_NE(module, nullptr);
  Linker linker(engine);
  InstantiateOptions options;
  options.interrupt = InterruptHandle::Create();
  absl::Time requested;
  std::thread stopper([&] {
    absl::SleepFor(absl::Milliseconds(50));
    requested = absl::Now();
    options.interrupt->Interrupt();
  });
  auto inst = linker.Instantiate(module, options);
  const absl::Time returned = absl::Now();
  stopper.join();
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(GetTrapCode(inst.status()), TrapCode::kInterrupted);
  EXPECT_THAT(inst.status().message(), HasSubstr("start function func[0] <start>: interrupted"));
  EXPECT_THAT(inst.status().message(), ::testing::Not(HasSubstr("deadline")));
  EXPECT_LT(returned - requested, kStopBound);

  // A request made before the instantiation is pending: it stops the next
  // start function, and is consumed by it.
  options.interrupt->Interrupt();
  EXPECT_EQ(GetTrapCode(linker.Instantiate(module, options).status()), TrapCode::kInterrupted);
  options.start.timeout = absl::Milliseconds(20);
  EXPECT_THAT(linker.Instantiate(module, options).status().message(),
              HasSubstr("deadline exceeded"));
  // A module without a start function neither consumes nor keeps a stray
  // request for its calls.
  options.interrupt->Interrupt();
  auto plain = linker.Instantiate(Compile(engine, "limits"), options);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(*(*plain)->Call<int32_t(int32_t, int32_t)>("add", 1, 2), 3);
  ExpectLinkerUsable(engine, linker);
}

TEST(StartBudgetTest, AnInstancesOwnHandleIsRefused) {
  Engine engine;
  Linker linker(engine);
  auto other = linker.Instantiate(Compile(engine, "limits"));
  ASSERT_TRUE(other.ok());
  InstantiateOptions options;
  options.interrupt = (*other)->interrupt_handle();
  auto inst = linker.Instantiate(Compile(engine, "start_loop"), options);
  EXPECT_EQ(inst.status().code(), absl::StatusCode::kInvalidArgument) << inst.status();
}

}  // namespace
}  // namespace weft
