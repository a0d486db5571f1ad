// Exception handling on the interpreter: throw and catch in one frame and
// across many, catch_ref with throw_ref, catch_all, nested try_tables,
// exceptions through tail calls, the legacy try/catch/rethrow/delegate,
// an uncaught exception's outcome and backtrace, and that unwinding leaves
// no call depth or stack behind however often it runs.
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
  (tag $e (param i32))
  (tag $f (param i64 i32))
  (tag $g)
  (func $throw_e (param i32) (throw $e (local.get 0)))
  ;; One frame: the payload lands in the label's slot.
  (func (export "same_frame") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (throw $e (i32.add (local.get 0) (i32.const 1))))
      (i32.const -1)))
  ;; Depth n of calls, then a throw; caught n frames up.
  (func $down (param $n i32) (param $v i32)
    (if (i32.eqz (local.get $n)) (then (throw $e (local.get $v))))
    (call $down (i32.sub (local.get $n) (i32.const 1)) (local.get $v)))
  (func (export "deep") (param $n i32) (param $v i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $down (local.get $n) (local.get $v)))
      (i32.const -1)))
  ;; catch_ref keeps the exception; throw_ref throws it again, caught
  ;; outside with its payload intact.
  (func $rethrower (param i64 i32)
    (block $h (result i64 i32 exnref)
      (try_table (catch_ref $f $h) (throw $f (local.get 0) (local.get 1)))
      (unreachable))
    (throw_ref))
  (func (export "rethrow_ref") (result i64)
    (local i32)
    (block $h (result i64 i32)
      (try_table (catch $f $h) (call $rethrower (i64.const 40) (i32.const 2)))
      (unreachable))
    (local.set 0)
    (i64.add (i64.extend_i32_u (local.get 0))))
  ;; catch_all takes any tag; catch_all_ref gives only the exnref.
  (func (export "catch_all") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h)
        (if (local.get 0) (then (throw $g)) (else (throw $e (i32.const 1)))))
      (return (i32.const -1)))
    (i32.const 7))
  (func (export "catch_all_ref") (result i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $g))
      (return (i32.const -1)))
    (ref.is_null))
  ;; Nested: the inner handler does not match $g, the outer one does; a
  ;; throw from the inner catch's label goes to the outer one.
  (func (export "nested") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (catch $e $outer)
        (block $inner
          (try_table (catch $g $inner)
            (if (local.get 0) (then (throw $g)) (else (throw $e (i32.const 5))))))
        (throw $e (i32.const 9)))
      (unreachable)))
  ;; Tail calls: the callee replaced the frame with the try_table, so the
  ;; exception goes past it to the caller's handler.
  (func $tail (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (return_call $thrower_i32 (local.get 0))))
    (i32.const 1000) (i32.add))
  (func $thrower_i32 (param i32) (result i32) (throw $e (local.get 0)))
  (func (export "through_tail_call") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $tail (local.get 0))))
    )
  ;; A catch whose label is the function's: the values are its results.
  (func (export "to_function_label") (result i32)
    (try_table (catch $e 0) (throw $e (i32.const 33)))
    (i32.const -1))
  ;; Uncaught: thrown two calls down.
  (func $inner (throw $f (i64.const 1) (i32.const 2)))
  (func $middle (call $inner))
  (func (export "uncaught") (call $middle))
  ;; A loop of n deep throws, each caught: nothing may accumulate.
  (func (export "many") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (block $h (result i32)
        (try_table (catch $e $h) (call $down (i32.const 8) (local.get $n)))
        (i32.const 0))
      (local.set $sum (i32.add (local.get $sum)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  ;; A v128 in the payload takes two slots, between others.
  (tag $wide (param i32 v128 i64))
  (func $throw_wide (throw $wide (i32.const 1) (v128.const i64x2 20 300) (i64.const 4000)))
  (func (export "wide") (result i64)
    (local $l i64) (local $v v128)
    (block $h (result i32 v128 i64)
      (try_table (catch $wide $h) (call $throw_wide))
      (unreachable))
    (local.set $l)
    (local.set $v)
    (i64.extend_i32_u)
    (i64.add (i64x2.extract_lane 0 (local.get $v)))
    (i64.add (i64x2.extract_lane 1 (local.get $v)))
    (i64.add (local.get $l)))
  ;; A loop made only of throws and catches (no branch, no call).
  (func (export "throw_loop")
    (loop $l (try_table (catch_all $l) (throw $g))))
  ;; exnref values: null, kept in a global, thrown again later.
  (global $saved (mut exnref) (ref.null exn))
  (func (export "null_exn") (result i32) (ref.is_null (ref.null exn)))
  (func (export "save") (result i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $e (i32.const 61)))
      (unreachable))
    (global.set $saved)
    (ref.is_null (global.get $saved)))
  (func (export "throw_saved") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw_ref (global.get $saved)))
      (unreachable)))
  (func (export "throw_null") (throw_ref (ref.null exn)))
  ;; Legacy: catch with payload, catch_all, rethrow, delegate.
  (func (export "legacy_catch") (param i32) (result i32)
    (try (result i32)
      (do (call $throw_e (local.get 0)) (i32.const -1))
      (catch $e (i32.add (i32.const 100)))
      (catch_all (i32.const -2))))
  (func (export "legacy_rethrow") (param i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $throw_e (local.get 0)) (i32.const -1))
          (catch_all (rethrow 0))))
      (catch $e)))
  (func (export "legacy_delegate") (param i32) (result i32)
    (try $outer (result i32)
      (do
        (try (result i32)
          (do (call $throw_e (local.get 0)) (i32.const -1))
          (delegate $outer)))
      (catch $e (i32.const 200) (i32.add))))
)
)";

class ExceptionsTest : public WatTestFixture {
 protected:
  void SetUp() override { Load(kModule); }
};

TEST_F(ExceptionsTest, ThrowAndCatchInOneFrame) {
  EXPECT_EQ(Run("same_frame", {41}), 42u);
  EXPECT_EQ(Run("to_function_label"), 33u);
}

TEST_F(ExceptionsTest, CatchTenFramesUp) {
  EXPECT_EQ(Run("deep", {10, 77}), 77u);
  EXPECT_EQ(Run("deep", {0, 5}), 5u);
}

TEST_F(ExceptionsTest, CatchRefThenThrowRef) { EXPECT_EQ(Run("rethrow_ref"), 42u); }

TEST_F(ExceptionsTest, CatchAll) {
  EXPECT_EQ(Run("catch_all", {0}), 7u);
  EXPECT_EQ(Run("catch_all", {1}), 7u);
  EXPECT_EQ(Run("catch_all_ref"), 0u);  // a non-null exnref
}

TEST_F(ExceptionsTest, NestedTryTables) {
  EXPECT_EQ(Run("nested", {0}), 5u);  // inner does not match $e
  EXPECT_EQ(Run("nested", {1}), 9u);  // inner catches $g, then $e goes out
}

TEST_F(ExceptionsTest, V128Payload) { EXPECT_EQ(Run("wide"), 4321u); }

TEST_F(ExceptionsTest, ThroughReturnCall) { EXPECT_EQ(Run("through_tail_call", {3}), 3u); }

TEST_F(ExceptionsTest, UncaughtIsItsOwnOutcomeWithTagPayloadAndBacktrace) {
  ASSERT_EQ(Call(ctx_, "uncaught", {}), TrapCode::kUncaughtException);
  EXPECT_EQ(ctx_.trap, TrapCode::kUncaughtException);
  ASSERT_NE(ctx_.exception, nullptr);
  EXPECT_EQ(ctx_.exception->tag, inst_->data.tags[1]);
  EXPECT_EQ(ctx_.exception->payload, (std::vector<uint64_t>{1, 2}));
  // Innermost first: $inner, $middle, the export.
  ASSERT_EQ(ctx_.backtrace.size(), 3u);
  const uint32_t inner = inst_->data.functions[0]->func_index;  // any: check order below
  (void)inner;
  EXPECT_LT(ctx_.backtrace[1].func_index, ctx_.backtrace[2].func_index);
  EXPECT_LT(ctx_.backtrace[0].func_index, ctx_.backtrace[1].func_index);
  // The next call starts clean.
  EXPECT_EQ(Run("same_frame", {1}), 2u);
  EXPECT_EQ(ctx_.exception, nullptr);
}

TEST_F(ExceptionsTest, ManyThrowsLeakNoDepthNorStack) {
  // A small stack and depth: any frame or level left behind by unwinding
  // would exhaust them long before 20000 throws from 9 calls down.
  ExecLimits limits;
  limits.max_call_depth = 16;
  limits.max_stack_slots = 512;
  ExecContext small(limits);
  const uint32_t depth = small.call_depth_;
  uint64_t* const top = small.stack_top_;
  ASSERT_EQ(Call(small, "many", {20000}), TrapCode::kOk) << TrapMessage(small.trap);
  EXPECT_EQ(uint32_t(results_[0]), uint32_t(20000u * 20001u / 2));
  EXPECT_EQ(small.call_depth_, depth);
  EXPECT_EQ(small.stack_top_, top);
  // Exceptions caught without a reference are reused, not accumulated.
  EXPECT_EQ(small.own_exceptions_.live(), 0u);
}

TEST_F(ExceptionsTest, InterruptStopsALoopOfThrows) {
  std::thread t([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ctx_.RequestInterrupt();
  });
  EXPECT_EQ(Call(ctx_, "throw_loop", {}), TrapCode::kInterrupted);
  t.join();
  ctx_.ClearInterrupt();
}

TEST_F(ExceptionsTest, ExnrefValues) {
  EXPECT_EQ(Run("null_exn"), 1u);
  EXPECT_EQ(Run("save"), 0u);
  EXPECT_EQ(Run("throw_saved"), 61u);
  EXPECT_EQ(Run("throw_saved"), 61u);  // an exnref can be thrown again and again
  EXPECT_EQ(Call(ctx_, "throw_null", {}), TrapCode::kNullExceptionReference);
}

TEST_F(ExceptionsTest, LegacyTryCatchRethrowDelegate) {
  EXPECT_EQ(Run("legacy_catch", {5}), 105u);
  EXPECT_EQ(Run("legacy_rethrow", {6}), 6u);
  EXPECT_EQ(Run("legacy_delegate", {7}), 207u);
}

}  // namespace
}  // namespace weft::interp
