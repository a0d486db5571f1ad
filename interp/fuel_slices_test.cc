// Metered code carries its fuel in slices (kFuelSlice, handlers_internal.h)
// and checks for interruption where a slice runs out (Refuel, or the slow
// path of the charging branch that found it short), not at back-edges that
// charge their run. These tests hold the three things that depend on
// it: a stop still ends a metered loop made only of such back-edges; fuel
// stays exact to the unit across many slices and at the last one; and a
// run that costs more than a slice is charged whole.
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "interp/handlers_internal.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

class FuelSlicesTest : public WatTestFixture {
 protected:
  void LoadMetered(const std::string& wat) {
    CompileOptions metered;
    metered.metering = true;
    Load(wat, metered);
  }
  // The fuel a call of `name` uses, from a budget far above it.
  uint64_t Cost(const char* name, std::vector<uint64_t> args = {}) {
    ctx_.set_fuel(uint64_t{1} << 40);
    EXPECT_EQ(Call(name, std::move(args)), TrapCode::kOk) << name;
    return (uint64_t{1} << 40) - ctx_.fuel();
  }
};

TEST_F(FuelSlicesTest, AStopEndsAMeteredLoopWhoseBackEdgeCharges) {
  LoadMetered(R"((module
    (func (export "spin") (local $i i32)
      (loop $top
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))))");
  ctx_.set_fuel(uint64_t{1} << 50);  // would run for days
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ctx_.RequestInterrupt();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Call("spin"), TrapCode::kInterrupted);
  const auto took = std::chrono::steady_clock::now() - start;
  stopper.join();
  ctx_.ClearInterrupt();
  EXPECT_LT(took, std::chrono::seconds(5));
  // The fuel it used is what was charged: the total minus what is left.
  EXPECT_LT(ctx_.fuel(), uint64_t{1} << 50);
  EXPECT_NE(Code("spin").find("BrFuel"), std::string::npos) << Code("spin");
}

TEST_F(FuelSlicesTest, FuelIsExactAcrossManySlices) {
  LoadMetered(R"((module
    (func (export "count") (param $n i32) (result i32) (local $i i32) (local $s i32)
      (loop $top
        (local.set $s (i32.xor (local.get $s) (local.get $i)))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                              (local.get $n))))
      (local.get $s))))");
  const uint64_t n = 300'000;  // about 3.6M instructions: dozens of slices
  const uint64_t cost = Cost("count", {n});
  ASSERT_GT(cost, uint64_t(20 * kFuelSlice));
  // Proportional to n to the unit: the loop's run times n, plus the rest.
  EXPECT_EQ(Cost("count", {n + 1}) - cost, (cost - Cost("count", {1})) / (n - 1));
  // Exactly the cost runs it and leaves nothing; one less stops it at the
  // start of the loop's last run, leaving what that run could not pay for.
  ctx_.set_fuel(cost);
  EXPECT_EQ(Call("count", {n}), TrapCode::kOk);
  EXPECT_EQ(ctx_.fuel(), 0u);
  ctx_.set_fuel(cost - 1);
  EXPECT_EQ(Call("count", {n}), TrapCode::kFuelExhausted);
  EXPECT_GT(ctx_.fuel(), 0u);
  EXPECT_LT(ctx_.fuel(), 20u);
  // Budgets that end mid-way, on slice boundaries and off them: the fuel
  // left at the trap is below one run's cost.
  for (uint64_t budget : {uint64_t(kFuelSlice) - 1, uint64_t(kFuelSlice), uint64_t(kFuelSlice) + 1,
                          uint64_t(3 * kFuelSlice) + 7, cost / 2}) {
    ctx_.set_fuel(budget);
    EXPECT_EQ(Call("count", {n}), TrapCode::kFuelExhausted) << budget;
    EXPECT_LT(ctx_.fuel(), 20u) << budget;
  }
}

TEST_F(FuelSlicesTest, ARunCostlierThanASliceIsChargedWhole) {
  // One straight-line run of 2 * 40,000 + 1 instructions.
  std::string body;
  for (int i = 0; i < 40'000; ++i) body += "(drop (i32.const 1))";
  LoadMetered("(module (func (export \"long\") (result i32) " + body + " (i32.const 7)))");
  const uint64_t cost = Cost("long");
  ASSERT_GT(cost, uint64_t(kFuelSlice));
  ctx_.set_fuel(cost);
  EXPECT_EQ(Run("long"), 7u);
  EXPECT_EQ(ctx_.fuel(), 0u);
  // Short by one: nothing of the run is charged.
  ctx_.set_fuel(cost - 1);
  EXPECT_EQ(Call("long"), TrapCode::kFuelExhausted);
  EXPECT_EQ(ctx_.fuel(), cost - 1);
  // With more than a slice left after it, the rest is kept.
  ctx_.set_fuel(cost + 5 * uint64_t(kFuelSlice));
  EXPECT_EQ(Run("long"), 7u);
  EXPECT_EQ(ctx_.fuel(), 5 * uint64_t(kFuelSlice));
}

}  // namespace
}  // namespace weft::interp
