// return_call / return_call_indirect on the interpreter: frames are reused
// (constant stack), arguments move down correctly whatever the two
// functions' frame shapes, and fuel and interrupts still stop a loop made
// only of tail calls.
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "interp/executor.h"
#include "interp/test_instance.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

constexpr char kModule[] = R"(
(module
  (type $ii_i (func (param i32 i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $add $even)
  ;; even/odd by mutual tail recursion: n levels, no frame kept.
  (func $even (export "even") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get $n) (i32.const 1))))))
  (func $odd (export "odd") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $even (i32.sub (local.get $n) (i32.const 1))))))
  ;; Arguments that are the caller's own locals, swapped: each must be read
  ;; before the callee's parameters overwrite them.
  (func $sub (export "sub") (param $a i32) (param $b i32) (result i32)
    (i32.sub (local.get $a) (local.get $b)))
  (func (export "swap_sub") (param $a i32) (param $b i32) (result i32)
    (return_call $sub (local.get $b) (local.get $a)))
  ;; A caller with no parameters tail-calls one with many (the arguments
  ;; move down over the caller's header) and the reverse.
  (func $sum6 (param i64 i64 i64 i64 i64 i64) (result i64)
    (i64.add (i64.add (i64.add (local.get 0) (local.get 1)) (i64.add (local.get 2) (local.get 3)))
             (i64.add (local.get 4) (local.get 5))))
  (func (export "grow_frame") (result i64)
    (return_call $sum6 (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
                       (i64.const 5) (i64.const 6)))
  (func $seven (result i64) (i64.const 7))
  (func (export "shrink_frame") (param i64 i64 i64 i64 i64 i64) (result i64)
    (local v128 v128)
    (return_call $seven))
  ;; v128 arguments take two slots each.
  (func $lanes (param v128 i32 v128) (result i32)
    (i32.add (i32x4.extract_lane 3 (local.get 0))
             (i32.add (local.get 1) (i32x4.extract_lane 0 (local.get 2)))))
  (func (export "v128_args") (param $x i32) (result i32)
    (return_call $lanes (v128.const i32x4 0 0 0 100) (local.get $x) (v128.const i32x4 20 0 0 0)))
  ;; Indirect: through the table, with its traps.
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "indirect") (param $i i32) (result i32)
    (return_call_indirect (type $ii_i) (i32.const 40) (i32.const 2) (local.get $i)))
  ;; Forever, through tail calls only: no loop, no back-edge.
  (func $spin (export "spin") (param i32) (result i32)
    (return_call $spin (i32.add (local.get 0) (i32.const 1))))
  ;; A tail call inside a normal call: the caller's frame is intact after.
  (func (export "nested") (param $n i32) (result i32)
    (i32.add (call $even (local.get $n)) (i32.const 10))))
)";

class TailCallTest : public WatTestFixture {
 protected:
  void SetUp() override { Load(kModule); }
};

TEST_F(TailCallTest, MillionMutualTailCallsInATinyStack) {
  // 64 call levels and 256 slots: a million nested calls could never fit.
  ExecLimits limits;
  limits.max_call_depth = 64;
  limits.max_stack_slots = 256;
  ExecContext small(limits);
  ASSERT_EQ(Call(small, "even", {1000000}), TrapCode::kOk) << TrapMessage(small.trap);
  EXPECT_EQ(results_[0], 1u);
  ASSERT_EQ(Call(small, "odd", {1000001}), TrapCode::kOk);
  EXPECT_EQ(results_[0], 1u);
  ASSERT_EQ(Call(small, "nested", {999}), TrapCode::kOk);
  EXPECT_EQ(results_[0], 10u);
}

TEST_F(TailCallTest, ArgumentsMoveCorrectlyBetweenFrameShapes) {
  EXPECT_EQ(Run("swap_sub", {10, 3}), uint32_t(3 - 10));
  EXPECT_EQ(Run("grow_frame"), 21u);
  EXPECT_EQ(Run("shrink_frame", {1, 2, 3, 4, 5, 6}), 7u);
  EXPECT_EQ(Run("v128_args", {3}), 123u);
}

TEST_F(TailCallTest, IndirectTailCallsAndTheirTraps) {
  EXPECT_EQ(Run("indirect", {0}), 42u);
  EXPECT_EQ(Call(ctx_, "indirect", {1}), TrapCode::kIndirectCallTypeMismatch);
  EXPECT_EQ(Call(ctx_, "indirect", {2}), TrapCode::kUninitializedElement);
  EXPECT_EQ(Call(ctx_, "indirect", {3}), TrapCode::kUndefinedElement);
}

TEST_F(TailCallTest, FuelStopsALoopOfTailCalls) {
  Load(kModule, {.metering = true});
  ExecContext ctx;
  ctx.set_fuel(100000);
  EXPECT_EQ(Call(ctx, "spin", {0}), TrapCode::kFuelExhausted);
  ctx.set_fuel(1000000);
  ASSERT_EQ(Call(ctx, "even", {10}), TrapCode::kOk);
  EXPECT_LT(ctx.fuel(), 1000000u);
}

TEST_F(TailCallTest, InterruptStopsALoopOfTailCalls) {
  std::thread t([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ctx_.RequestInterrupt();
  });
  EXPECT_EQ(Call(ctx_, "spin", {0}), TrapCode::kInterrupted);
  t.join();
  ctx_.ClearInterrupt();
  EXPECT_EQ(Run("even", {4}), 1u);
}

}  // namespace
}  // namespace weft::interp
