// The fusions chosen from dispatch counts (docs/interpreter.md): a loop's
// closing step and test as one op (IR_STEP_BRANCH) and `x[i] op= e` as one
// op (IR_BINOP_MEM's MemUpdate form). Each test checks both that the fused
// op is what runs (the code printer's view of the compiled function) and
// that the results, wrap-around and traps are exactly the unfused ones;
// and that nothing fuses where a label or a different address stands
// between the two halves.
#include <cstdint>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>
#include <atomic>
#include <bit>
#include <chrono>
#include <thread>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "interp/code_printer.h"
#include "interp/sample_sink.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

class FusionTest : public WatTestFixture {
 protected:
  static uint64_t Bits(double d) { return std::bit_cast<uint64_t>(d); }
  static double Value(uint64_t bits) { return std::bit_cast<double>(bits); }
  // Calls export `name`, which must trap out of bounds, and returns the
  // code offset its backtrace names, which must hold `opcode` (the access
  // that trapped); 0 after a failure.
  uint32_t OutOfBoundsAt(const char* name, std::vector<uint64_t> args, uint8_t opcode) {
    EXPECT_EQ(Call(name, std::move(args)), TrapCode::kMemoryOutOfBounds) << name;
    if (ctx_.backtrace.empty()) {
      ADD_FAILURE() << name << ": no backtrace";
      return 0;
    }
    const uint32_t at = ctx_.backtrace[0].code_offset;
    const std::vector<uint8_t>& wasm = inst_->module->bytes;
    if (at >= wasm.size()) {
      ADD_FAILURE() << name << ": code offset " << at << " past the module";
      return 0;
    }
    EXPECT_EQ(wasm[at], opcode) << name << " at " << at;
    return at;
  }
  uint32_t Word32(uint32_t at) {
    uint32_t v;
    std::memcpy(&v, inst_->memory->base() + at, 4);
    return v;
  }
};

TEST_F(FusionTest, LoopStepAndTestRunAsOneOp) {
  Load(R"((module
    (func (export "count_up") (param $n i32) (result i32) (local $i i32) (local $sum i32)
      (loop $top
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $sum))
    (func (export "to_ten") (result i32) (local $i i32) (local $sum i32)
      (loop $top
        (local.set $sum (i32.add (local.get $sum) (i32.const 1)))
        (br_if $top (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 2)))
                            (i32.const 10))))
      (i32.add (local.get $sum) (i32.mul (local.get $i) (i32.const 100))))))");
  EXPECT_EQ(Run("to_ten"), 5u + 1000u);
  EXPECT_NE(Code("to_ten").find("StepBrIfI32Ne"), std::string::npos) << Code("to_ten");
  // A bound in a slot: the ToVar form.
  EXPECT_EQ(Run("count_up", {10}), 0u + 3 + 6 + 9);
  EXPECT_NE(Code("count_up").find("StepBrIfI32LtUToVar"), std::string::npos) << Code("count_up");
}

TEST_F(FusionTest, StepThenTestForZero) {
  Load(R"((module
    ;; Counts down to zero: br_if on the stepped value itself.
    (func (export "to_zero") (param $i i32) (result i32) (local $n i32)
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $top (local.tee $i (i32.add (local.get $i) (i32.const -1)))))
      (local.get $n))
    ;; Loops while the step has not reached zero, tested with eqz.
    (func (export "until_zero") (param $i i32) (result i32) (local $n i32)
      (block $out
        (loop $top
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br_if $out (i32.eqz (local.tee $i (i32.sub (local.get $i) (i32.const 2)))))
          (br $top)))
      (local.get $n))))");
  EXPECT_EQ(Run("to_zero", {5}), 5u);
  EXPECT_EQ(Run("to_zero", {1}), 1u);
  EXPECT_NE(Code("to_zero").find("StepBrIfI32Ne"), std::string::npos) << Code("to_zero");
  EXPECT_EQ(Run("until_zero", {10}), 5u);
  EXPECT_NE(Code("until_zero").find("StepBrIfI32Eq"), std::string::npos) << Code("until_zero");
}

TEST_F(FusionTest, StepByASlotAndToASlot) {
  Load(R"((module
    ;; i += step (a slot) until i >= 100: the ByVar form.
    (func (export "by_var") (param $step i32) (result i32) (local $i i32) (local $n i32)
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (local.get $step)))
                              (i32.const 100))))
      (local.get $n))
    ;; The bound is the stepped local itself (i < i never holds): the
    ;; bound must be read after the step wrote it.
    (func (export "self_bound") (result i32) (local $i i32) (local $n i32)
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                              (local.get $i))))
      (local.get $n))
    ;; i -= 1 against a bound in a slot, signed.
    (func (export "down_to") (param $end i32) (result i32) (local $i i32) (local $n i32)
      (local.set $i (i32.const 10))
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $top (i32.gt_s (local.tee $i (i32.sub (local.get $i) (i32.const 1)))
                              (local.get $end))))
      (local.get $n))))");
  EXPECT_EQ(Run("by_var", {7}), 15u);   // 7, 14, ..., 105
  EXPECT_EQ(Run("by_var", {100}), 1u);
  // A step of 2^32 - 60 wraps: 0 -> 4294967236 (no), stops at once.
  EXPECT_EQ(Run("by_var", {uint32_t(-60)}), 1u);
  EXPECT_NE(Code("by_var").find("StepBrIfI32LtUByVar"), std::string::npos) << Code("by_var");
  EXPECT_EQ(Run("self_bound"), 1u);
  EXPECT_NE(Code("self_bound").find("StepBrIfI32LtUToVar"), std::string::npos)
      << Code("self_bound");
  EXPECT_EQ(Run("down_to", {uint32_t(-3)}), 13u);  // 9, 8, ..., -3
  EXPECT_EQ(Run("down_to", {20}), 1u);
  EXPECT_NE(Code("down_to").find("StepBrIfI32GtSToVar"), std::string::npos) << Code("down_to");
}

TEST_F(FusionTest, StepWrapsAndSubtractsLikeTheUnfusedOps) {
  Load(R"((module
    ;; i = 5, 4, ..., 0, -1, -2: stops when i == -3 (unsigned wrap of sub).
    (func (export "down") (result i32) (local $i i32) (local $n i32)
      (local.set $i (i32.const 5))
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $top (i32.ne (local.tee $i (i32.sub (local.get $i) (i32.const 1)))
                            (i32.const -3))))
      (local.get $n))
    ;; Crosses 2^32: 0xFFFFFFF0 + 8 + 8 wraps to 0.
    (func (export "wrap") (result i32) (local $i i32) (local $n i32)
      (local.set $i (i32.const 0xFFFFFFF0))
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $top (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8)))
                            (i32.const 0))))
      (local.get $n))
    (func (export "wide") (result i64) (local $i i64) (local $n i64)
      (loop $top
        (local.set $n (i64.add (local.get $n) (i64.const 1)))
        (br_if $top (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 0x100000000)))
                              (i64.const 0x500000000))))
      (local.get $n))))");
  EXPECT_EQ(Run("down"), 8u);
  EXPECT_NE(Code("down").find("StepBrIfI32Ne"), std::string::npos) << Code("down");
  EXPECT_EQ(Run("wrap"), 2u);
  EXPECT_NE(Code("wrap").find("StepBrIfI32Ne"), std::string::npos) << Code("wrap");
  EXPECT_EQ(Run("wide"), 5u);
  EXPECT_NE(Code("wide").find("StepBrIfI64LtU"), std::string::npos) << Code("wide");
}

TEST_F(FusionTest, StepIntoAnIfConditionJumpsWhenFalse) {
  Load(R"((module
    (func (export "step_if") (param $i i32) (result i32)
      (if (result i32) (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                 (i32.const 10))
        (then (local.get $i))
        (else (i32.const -1))))))");
  EXPECT_EQ(Run("step_if", {3}), 4u);
  EXPECT_EQ(Run("step_if", {9}), uint32_t(-1));
  EXPECT_EQ(Run("step_if", {uint32_t(-5)}), uint32_t(-4));
  EXPECT_NE(Code("step_if").find("StepBrUnlessI32LtS"), std::string::npos) << Code("step_if");
}

TEST_F(FusionTest, NoStepFusionAcrossALabel) {
  // The block's end is a label between the add and the test: a branch to
  // it must still run the test, so the two stay separate ops.
  Load(R"((module
    (func (export "label_between") (param $skip i32) (result i32) (local $i i32) (local $n i32)
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (block $b (br_if $b (local.get $skip)) (local.set $n (i32.add (local.get $n) (i32.const 10))))
        (br_if $top (i32.ne (local.get $i) (i32.const 4))))
      (local.get $n))))");
  EXPECT_EQ(Run("label_between", {1}), 4u);
  EXPECT_EQ(Run("label_between", {0}), 44u);
  EXPECT_EQ(Code("label_between").find("Step"), std::string::npos) << Code("label_between");
}

TEST_F(FusionTest, OpAssignToMemoryIsOneOp) {
  Load(R"((module
    (memory 1)
    (func (export "add_f64") (param $p i32) (param $x f64)
      (f64.store (local.get $p) (f64.add (local.get $x) (f64.load (local.get $p)))))
    (func (export "get_f64") (param $p i32) (result f64) (f64.load (local.get $p)))
    ;; The loaded value is the right operand: x - mem[p], as unfused.
    (func (export "sub_i32") (param $p i32) (param $x i32)
      (i32.store offset=8 (local.get $p) (i32.sub (local.get $x) (i32.load offset=8 (local.get $p)))))
    ;; Different offsets: the store is not to the loaded address.
    (func (export "elsewhere") (param $p i32) (param $x i32)
      (i32.store offset=4 (local.get $p) (i32.add (local.get $x) (i32.load (local.get $p)))))))");
  double two_and_half = 2.5;
  uint64_t bits;
  std::memcpy(&bits, &two_and_half, 8);
  ASSERT_EQ(Call("add_f64", {16, bits}), TrapCode::kOk);
  ASSERT_EQ(Call("add_f64", {16, bits}), TrapCode::kOk);
  uint64_t got = Run("get_f64", {16});
  double sum;
  std::memcpy(&sum, &got, 8);
  EXPECT_EQ(sum, 5.0);
  EXPECT_NE(Code("add_f64").find("F64AddMemUpdate"), std::string::npos) << Code("add_f64");

  ASSERT_EQ(Call("sub_i32", {100, 7}), TrapCode::kOk);  // mem = 7 - 0
  ASSERT_EQ(Call("sub_i32", {100, 10}), TrapCode::kOk);  // mem = 10 - 7
  EXPECT_EQ(Word32(108), 3u);
  EXPECT_NE(Code("sub_i32").find("I32SubMemUpdate"), std::string::npos) << Code("sub_i32");

  ASSERT_EQ(Call("elsewhere", {200, 5}), TrapCode::kOk);
  EXPECT_EQ(Word32(204), 5u);
  EXPECT_EQ(Code("elsewhere").find("MemUpdate"), std::string::npos) << Code("elsewhere");
}

// A load feeding the left operand of an add or xor (mem[p] + x) takes the
// Mem form too, the operands swapped (they commute); a subtract does not.
TEST_F(FusionTest, LoadIntoTheLeftOperandOfACommutingOpIsOneOp) {
  Load(R"((module
    (memory 1)
    (data (i32.const 16) "\ff\ff\ff\ff\05\00\00\00")
    (func (export "add") (param $p i32) (param $x i32) (result i32)
      (i32.add (i32.load offset=4 (local.get $p)) (local.get $x)))
    (func (export "xor") (param $p i32) (param $x i32) (result i32)
      (i32.xor (i32.load (local.get $p)) (local.get $x)))
    ;; The address slot is also the right operand: p + mem[p].
    (func (export "add_self") (param $p i32) (result i32)
      (i32.add (i32.load (local.get $p)) (local.get $p)))
    (func (export "sub") (param $p i32) (param $x i32) (result i32)
      (i32.sub (i32.load offset=4 (local.get $p)) (local.get $x)))))");
  EXPECT_EQ(Run("add", {16, 3}), 8u);
  EXPECT_EQ(Run("add", {12, 1}), 0u);  // 0xffffffff + 1 wraps
  EXPECT_EQ(Run("xor", {16, 0x0f}), 0xfffffff0u);
  EXPECT_EQ(Run("add_self", {20}), 25u);
  EXPECT_EQ(Run("sub", {16, 3}), 2u);
  EXPECT_NE(Code("add").find("I32AddMem"), std::string::npos) << Code("add");
  EXPECT_NE(Code("xor").find("I32XorMem"), std::string::npos) << Code("xor");
  EXPECT_EQ(Code("sub").find("Mem"), std::string::npos) << Code("sub");
  // Out of bounds: the trap names the i32.load.
  OutOfBoundsAt("add", {65536 - 6, 1}, 0x28);
}

// c + a[i] + b[i] (a stencil's sum of neighbours): two loads feeding one
// running sum are one op (F64AddMem2), rounded after each add in order;
// each load traps at its own instruction; a local in between (tee) keeps
// the ops apart.
TEST_F(FusionTest, SumOfTwoLoadsIsOneOpRoundedInOrder) {
  Load(R"((module
    (memory 1)
    (func (export "sum") (param $c f64) (param $p i32) (param $q i32) (result f64)
      (f64.add (f64.add (local.get $c) (f64.load (local.get $p))) (f64.load offset=8 (local.get $q))))
    (func (export "sum_i32") (param $c i32) (param $p i32) (result i32)
      (i32.sub (i32.sub (local.get $c) (i32.load (local.get $p))) (i32.load offset=4 (local.get $p))))
    (func (export "teed") (param $c f64) (param $p i32) (result f64) (local $t f64)
      (f64.add (local.tee $t (f64.add (local.get $c) (f64.load (local.get $p))))
               (f64.load offset=8 (local.get $p))))
    (func (export "put") (param $p i32) (param $v i64) (i64.store (local.get $p) (local.get $v)))))");
  // 1 + 2^-53 + 2^-53: each add rounds back to 1 when done in order; one
  // sum of both small terms first would not.
  ASSERT_EQ(Call("put", {0, Bits(0x1p-53)}), TrapCode::kOk);
  ASSERT_EQ(Call("put", {16, Bits(0x1p-53)}), TrapCode::kOk);
  EXPECT_EQ(Value(Run("sum", {Bits(1.0), 0, 8})), 1.0);
  EXPECT_EQ(Value(Run("teed", {Bits(1.0), 8})), 1.0);
  ASSERT_EQ(Call("put", {32, 0x0000000500000007u}), TrapCode::kOk);
  EXPECT_EQ(Run("sum_i32", {3, 32}), uint32_t(3 - 7 - 5));
  EXPECT_NE(Code("sum").find("F64AddMem2"), std::string::npos) << Code("sum");
  EXPECT_NE(Code("sum_i32").find("I32SubMem2"), std::string::npos) << Code("sum_i32");
  EXPECT_EQ(Code("teed").find("Mem2"), std::string::npos) << Code("teed");
  // Out of bounds at the first load, then at the second (f64.load each).
  const uint32_t at_first = OutOfBoundsAt("sum", {Bits(1.0), 65536 - 4, 0}, 0x2B);
  const uint32_t at_second = OutOfBoundsAt("sum", {Bits(1.0), 0, 65536 - 12}, 0x2B);
  EXPECT_LT(at_first, at_second);
}

// `if (!(x <= 4))`: eqz of a compare is the compare's branch with the
// sense flipped, NaN included (not (NaN <= 4) holds).
TEST_F(FusionTest, NegatedCompareBranchesOnTheCompare) {
  Load(R"((module
    (func (export "outside") (param $x f64) (result i32)
      (if (i32.eqz (f64.le (local.get $x) (f64.const 4))) (then (return (i32.const 1))))
      (i32.const 0))
    (func (export "not_less") (param $a i32) (param $b i32) (result i32)
      (block $out
        (br_if $out (i32.eqz (i32.lt_s (local.get $a) (local.get $b))))
        (return (i32.const 7)))
      (i32.const 9))))");
  EXPECT_EQ(Run("outside", {Bits(3.0)}), 0u);
  EXPECT_EQ(Run("outside", {Bits(4.0)}), 0u);
  EXPECT_EQ(Run("outside", {Bits(4.5)}), 1u);
  EXPECT_EQ(Run("outside", {Bits(std::numeric_limits<double>::quiet_NaN())}), 1u);
  EXPECT_EQ(Run("not_less", {uint32_t(-2), 1}), 7u);
  EXPECT_EQ(Run("not_less", {1, 1}), 9u);
  EXPECT_EQ(Run("not_less", {2, uint32_t(-1)}), 9u);
  EXPECT_NE(Code("outside").find("F64LeImm "), std::string::npos) << Code("outside");
  EXPECT_EQ(Code("outside").find("  F64LeImm"), std::string::npos) << Code("outside");
  EXPECT_NE(Code("not_less").find("BrUnlessI32LtS"), std::string::npos) << Code("not_less");
}

// `switch (code[pc])`: a br_table on an i32 loaded by a shifted index
// just before is one op (BrTableLoadShl): each entry, an index past the
// table (the default), a load out of bounds trapping at the i32.load, and
// with metering the same fuel as one Fuel op per run.
TEST_F(FusionTest, SwitchOnALoadedOpcodeIsOneOp) {
  const std::string wat = R"((module
    (memory 1)
    (data (i32.const 1024) "\02\00\00\00\00\00\00\00\07\00\00\00\01\00\00\00")
    (func (export "dispatch") (param $pc i32) (result i32)
      (block $default
        (block $c
          (block $b
            (block $a
              (br_table $a $b $c $default
                (i32.load offset=1024 (i32.shl (local.get $pc) (i32.const 2)))))
            (return (i32.const 10)))
          (return (i32.const 11)))
        (return (i32.const 12)))
      (i32.const 13))))";
  Load(wat);
  EXPECT_EQ(Run("dispatch", {0}), 12u);  // 2 -> $c
  EXPECT_EQ(Run("dispatch", {1}), 10u);  // 0 -> $a
  EXPECT_EQ(Run("dispatch", {2}), 13u);  // 7 -> past the table: $default
  EXPECT_EQ(Run("dispatch", {3}), 11u);  // 1 -> $b
  EXPECT_EQ(Run("dispatch", {4}), 10u);  // 0 (zero memory) -> $a
  EXPECT_NE(Code("dispatch").find("BrTableLoadShl "), std::string::npos) << Code("dispatch");
  OutOfBoundsAt("dispatch", {(65536 - 1024) / 4}, 0x28);  // i32.load
  // Metered, fused and plain: the same fuel at every budget.
  for (uint32_t pc = 0; pc < 4; ++pc) {
    for (uint64_t budget = 0; budget < 12; ++budget) {
      uint64_t left[2];
      TrapCode trap[2];
      for (int fused = 0; fused < 2; ++fused) {
        CompileOptions options;
        options.metering = true;
        options.fuse_fuel_charges = fused == 1;
        Load(wat, options);
        ctx_.set_fuel(budget);
        trap[fused] = Call("dispatch", {pc});
        left[fused] = ctx_.fuel();
      }
      EXPECT_EQ(trap[0], trap[1]) << pc << " " << budget;
      EXPECT_EQ(left[0], left[1]) << pc << " " << budget;
    }
  }
  EXPECT_NE(Code("dispatch").find("BrTableLoadShlFuel"), std::string::npos) << Code("dispatch");
}

// `switch (c) case 'a'...`: the index less a constant is one op with the
// br_table (BrTableAddImm), wrapping as the subtract would: below 'a' is
// past the table, the default.
TEST_F(FusionTest, SwitchFromANonZeroCaseIsOneOp) {
  Load(R"((module
    (func (export "kind") (param $c i32) (result i32)
      (block $default
        (block $b
          (block $a
            (br_table $a $b $default (i32.sub (local.get $c) (i32.const 97))))
          (return (i32.const 1)))
        (return (i32.const 2)))
      (i32.const 0))
    (func (export "kind_plus") (param $c i32) (result i32)
      (block $default
        (block $a
          (br_table $a $default (i32.add (local.get $c) (i32.const -48))))
        (return (i32.const 1)))
      (i32.const 0))))");
  EXPECT_EQ(Run("kind", {'a'}), 1u);
  EXPECT_EQ(Run("kind", {'b'}), 2u);
  EXPECT_EQ(Run("kind", {'c'}), 0u);
  EXPECT_EQ(Run("kind", {'a' - 1}), 0u);  // wraps to 0xffffffff: default
  EXPECT_EQ(Run("kind", {0}), 0u);
  EXPECT_EQ(Run("kind_plus", {'0'}), 1u);
  EXPECT_EQ(Run("kind_plus", {'1'}), 0u);
  EXPECT_EQ(Run("kind_plus", {0xFFFFFFFFu}), 0u);
  EXPECT_NE(Code("kind").find("BrTableAddImm "), std::string::npos) << Code("kind");
  EXPECT_NE(Code("kind_plus").find("BrTableAddImm "), std::string::npos) << Code("kind_plus");
}

// SHA-2's sigma functions, rotl(x, a) ^ rotl(x, b) ^ rotl(x, c) (or
// ^ (x >> c)), are one op; counts are taken mod 32 as the rotates and
// shift would; a chain that overwrites x itself first stays unfused.
TEST_F(FusionTest, RotationsOfOneValueXoredAreOneOp) {
  Load(R"((module
    (func (export "big_sigma") (param $x i32) (param $a i32) (result i32)
      (i32.add (local.get $a)
        (i32.xor (i32.xor (i32.rotl (local.get $x) (i32.const 30))
                          (i32.rotl (local.get $x) (i32.const 19)))
                 (i32.rotl (local.get $x) (i32.const 42)))))
    (func (export "small_sigma") (param $x i32) (param $a i32) (result i32)
      (i32.add (local.get $a)
        (i32.xor (i32.xor (i32.rotl (local.get $x) (i32.const 25))
                          (i32.rotl (local.get $x) (i32.const 14)))
                 (i32.shr_u (local.get $x) (i32.const 3)))))
    (func (export "two") (param $x i32) (param $a i32) (result i32)
      (i32.add (local.get $a)
        (i32.xor (i32.rotl (local.get $x) (i32.const 0)) (i32.rotl (local.get $x) (i32.const 31)))))
    (func (export "self") (param $x i32) (result i32)
      (local.set $x (i32.rotl (local.get $x) (i32.const 7)))
      (i32.xor (local.get $x) (i32.rotl (local.get $x) (i32.const 5))))))");
  auto rotl = [](uint32_t x, int k) { return std::rotl(x, k); };
  for (uint32_t x : {0u, 1u, 0x80000000u, 0x6a09e667u, 0xFFFFFFFFu}) {
    EXPECT_EQ(Run("big_sigma", {x, 5}), 5 + (rotl(x, 30) ^ rotl(x, 19) ^ rotl(x, 42 % 32))) << x;
    EXPECT_EQ(Run("small_sigma", {x, 5}), 5 + (rotl(x, 25) ^ rotl(x, 14) ^ (x >> 3))) << x;
    EXPECT_EQ(Run("two", {x, 5}), 5 + (x ^ rotl(x, 31))) << x;
    EXPECT_EQ(Run("self", {x}), rotl(x, 7) ^ rotl(rotl(x, 7), 5)) << x;
  }
  EXPECT_NE(Code("big_sigma").find("I32RotlXorRotlXorRotl"), std::string::npos) << Code("big_sigma");
  EXPECT_NE(Code("small_sigma").find("I32RotlXorRotlXorShrU"), std::string::npos)
      << Code("small_sigma");
  EXPECT_NE(Code("two").find("I32RotlXorRotl "), std::string::npos) << Code("two");
}

TEST_F(FusionTest, OpAssignToMemoryTrapsBeforeWriting) {
  Load(R"((module
    (memory 1)
    (func (export "add_i64") (param $p i32) (param $x i64)
      (i64.store (local.get $p) (i64.add (local.get $x) (i64.load (local.get $p)))))))");
  // The last 8 bytes fit; 4 bytes before the end do not, and nothing is
  // written there.
  EXPECT_EQ(Call("add_i64", {65536 - 8, 1}), TrapCode::kOk);
  EXPECT_EQ(Call("add_i64", {65536 - 4, 1}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Word32(65536 - 4), 0u);
  EXPECT_EQ(Call("add_i64", {0xFFFFFFFF, 1}), TrapCode::kMemoryOutOfBounds);
  EXPECT_NE(Code("add_i64").find("I64AddMemUpdate"), std::string::npos) << Code("add_i64");
}

// An address made by subtracting a constant just before (p[-2] reached
// as p - 8) folds into the access as a wrapping constant, as an added one
// does: the 32-bit difference, then the offset added without wrapping.
TEST_F(FusionTest, AddressMinusAConstantFoldsIntoTheAccess) {
  Load(R"((module
    (memory 1)
    (data (i32.const 4) "\2a\00\00\00")
    (data (i32.const 24) "\07\00\00\00")
    (func (export "back") (param $p i32) (result i32)
      (i32.load (i32.sub (local.get $p) (i32.const 8))))
    (func (export "back_offset") (param $p i32) (result i32)
      (i32.load offset=16 (i32.sub (local.get $p) (i32.const 20))))
    (func (export "put_back") (param $p i32) (param $v f64)
      (f64.store (i32.sub (local.get $p) (i32.const 8)) (local.get $v)))))");
  EXPECT_EQ(Run("back", {12}), 42u);
  EXPECT_EQ(Run("back_offset", {28}), 7u);  // (28 - 20) + 16 = 24
  // (8 - 20) wraps to 0xfffffff4; + 16 is past 4 GiB, not 4.
  EXPECT_EQ(Call("back_offset", {8}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("back", {4}), TrapCode::kMemoryOutOfBounds);  // 0xfffffffc
  EXPECT_EQ(Call("back", {7}), TrapCode::kMemoryOutOfBounds);  // 0xffffffff
  EXPECT_EQ(Call("put_back", {65536 + 8 - 4, 0}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("put_back", {65536 + 8 - 8, 0}), TrapCode::kOk);
  EXPECT_EQ(Code("back").find("I32SubImm"), std::string::npos) << Code("back");
  EXPECT_NE(Code("back").find("k=-8"), std::string::npos) << Code("back");
}

TEST_F(FusionTest, TableLoadByShiftedIndexIsOneOp) {
  Load(R"((module
    (memory 1)
    (data (i32.const 1024) "\01\00\00\00\02\00\00\00\03\00\00\00")
    (func (export "entry") (param $x i32) (result i32)
      (i32.load (i32.add (i32.shl (local.get $x) (i32.const 2)) (i32.const 1024))))
    (func (export "entry_offset") (param $x i32) (result i32)
      (i32.load offset=1024 (i32.shl (local.get $x) (i32.const 2))))
    ;; The shifted index is kept in a local too: the shift must stay.
    (func (export "kept") (param $x i32) (result i32) (local $t i32)
      (i32.add (i32.load offset=1024 (local.tee $t (i32.shl (local.get $x) (i32.const 2))))
               (local.get $t)))))");
  EXPECT_EQ(Run("entry", {1}), 2u);
  EXPECT_EQ(Run("entry_offset", {2}), 3u);
  // x << 2 wraps in 32 bits before the constant is added: 0x40000001 -> 4.
  EXPECT_EQ(Run("entry", {0x40000001}), 2u);
  EXPECT_EQ(Run("entry_offset", {0x40000002}), 3u);
  // Past the end: (0x3FFFFFFF << 2) + 1024 wraps to 1020 (in bounds), but
  // 16383 << 2 + 1024 = 66556 is not.
  EXPECT_EQ(Call("entry", {16383}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("entry_offset", {16383}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Run("entry", {0x3FFFFFFF}), 0u);
  EXPECT_NE(Code("entry").find("I32LoadShl"), std::string::npos) << Code("entry");
  EXPECT_NE(Code("entry_offset").find("I32LoadShl"), std::string::npos) << Code("entry_offset");
  EXPECT_EQ(Run("kept", {1}), 2u + 4u);
  EXPECT_EQ(Code("kept").find("LoadShl"), std::string::npos) << Code("kept");
}

TEST_F(FusionTest, AValueMovedOutAndStraightBackIsNotCopiedBack) {
  Load(R"((module
    (func (export "pick") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (local.get 0) (i32.const 5)))))))");
  EXPECT_EQ(Run("pick", {1}), 1u);
  EXPECT_EQ(Run("pick", {7}), 12u);
  EXPECT_EQ(Run("pick", {uint32_t(-9)}), uint32_t(-9));
}

TEST_F(FusionTest, ReturningALocalFromItsOwnResultSlotCopiesNothing) {
  Load(R"((module
    (func (export "leaf") (param i32) (result i32)
      (if (i32.lt_s (local.get 0) (i32.const 2)) (then (return (local.get 0))))
      (i32.add (local.get 0) (i32.const 1)))
    ;; Two results that swap the parameters still need their copies.
    (func (export "swap") (param i32 i32) (result i32 i32)
      (return (local.get 1) (local.get 0)))
    (func (export "swap_first") (param i32 i32) (result i32)
      (call $swap_first_of (local.get 0) (local.get 1)))
    (func $swap_first_of (param i32 i32) (result i32)
      (call $swap (local.get 0) (local.get 1)) (drop))
    (func $swap (param i32 i32) (result i32 i32)
      (return (local.get 1) (local.get 0)))
    (func (export "twice") (param i32) (result i32 i32)
      (return (local.get 0) (local.get 0)))))");
  EXPECT_EQ(Run("leaf", {1}), 1u);
  EXPECT_EQ(Run("leaf", {5}), 6u);
  EXPECT_EQ(Code("leaf").find("Copy"), std::string::npos) << Code("leaf");
  ASSERT_EQ(Call("swap", {3, 4}), TrapCode::kOk);
  EXPECT_EQ(results_[0], 4u);
  EXPECT_EQ(results_[1], 3u);
  EXPECT_EQ(Run("swap_first", {3, 4}), 4u);
  ASSERT_EQ(Call("twice", {9}), TrapCode::kOk);
  EXPECT_EQ(results_[0], 9u);
  EXPECT_EQ(results_[1], 9u);
}

TEST_F(FusionTest, TwoAddsIntoLocalsRunAsOnePair) {
  Load(R"((module
    (func (export "two") (param $i i32) (param $a i32) (param $b i32) (result i32)
      (local $pa i32) (local $pb i32)
      (local.set $pa (i32.add (local.get $i) (local.get $a)))
      (local.set $pb (i32.add (local.get $i) (local.get $b)))
      (i32.sub (local.get $pa) (i32.mul (local.get $pb) (i32.const 3))))
    ;; The second add reads the first's result: the pair runs them in order.
    (func (export "chain") (param $i i32) (result i32) (local $x i32) (local $y i32)
      (local.set $x (i32.add (local.get $i) (local.get $i)))
      (local.set $y (i32.add (local.get $x) (local.get $i)))
      (local.get $y))))");
  EXPECT_EQ(Run("two", {0xFFFFFFFF, 5, 1}), uint32_t(4 - 0 * 3));
  EXPECT_EQ(Run("two", {10, 5, 1}), uint32_t(15 - 11 * 3));
  EXPECT_NE(Code("two").find("I32AddPair"), std::string::npos) << Code("two");
  EXPECT_EQ(Run("chain", {7}), 21u);
  EXPECT_EQ(Run("chain", {0x80000000}), 0x80000000u);
  EXPECT_NE(Code("chain").find("I32AddPair"), std::string::npos) << Code("chain");
}

// a op shift(b, k) for op in add/or/xor and shift in shl/shr_u/rotl, with
// counts the wasm masks to 5 bits (0, 31, 33) and values whose high bits
// shift out or wrap around: the same result as the two ops unfused; and
// shift(b, k) op a, the shift on the left (swapped: the ops commute), with
// b == a too (`(x >> 16) ^ x`).
TEST_F(FusionTest, ShiftedRightOperandsAreOneOpWithTheSameResult) {
  struct Form {
    const char* op;
    const char* shift;
    const char* fused;
    uint32_t (*want)(uint32_t a, uint32_t b, uint32_t k);
  };
  const Form forms[] = {
      {"add", "shl", "I32AddShl", [](uint32_t a, uint32_t b, uint32_t k) { return a + (b << (k & 31)); }},
      {"add", "shr_u", "I32AddShrU", [](uint32_t a, uint32_t b, uint32_t k) { return a + (b >> (k & 31)); }},
      {"add", "rotl", "I32AddRotl", [](uint32_t a, uint32_t b, uint32_t k) { return a + std::rotl(b, int(k & 31)); }},
      {"or", "shl", "I32OrShl", [](uint32_t a, uint32_t b, uint32_t k) { return a | (b << (k & 31)); }},
      {"or", "shr_u", "I32OrShrU", [](uint32_t a, uint32_t b, uint32_t k) { return a | (b >> (k & 31)); }},
      {"or", "rotl", "I32OrRotl", [](uint32_t a, uint32_t b, uint32_t k) { return a | std::rotl(b, int(k & 31)); }},
      {"xor", "shl", "I32XorShl", [](uint32_t a, uint32_t b, uint32_t k) { return a ^ (b << (k & 31)); }},
      {"xor", "shr_u", "I32XorShrU", [](uint32_t a, uint32_t b, uint32_t k) { return a ^ (b >> (k & 31)); }},
      {"xor", "rotl", "I32XorRotl", [](uint32_t a, uint32_t b, uint32_t k) { return a ^ std::rotl(b, int(k & 31)); }},
  };
  for (const Form& f : forms) {
    for (uint32_t k : {0u, 1u, 13u, 31u, 33u}) {
      Load(absl::StrFormat(R"((module
        (func (export "f") (param $a i32) (param $b i32) (result i32)
          (i32.%1$s (local.get $a) (i32.%2$s (local.get $b) (i32.const %3$u))))
        (func (export "left") (param $a i32) (param $b i32) (result i32)
          (i32.%1$s (i32.%2$s (local.get $b) (i32.const %3$u)) (local.get $a)))
        (func (export "self") (param $x i32) (result i32)
          (i32.%1$s (i32.%2$s (local.get $x) (i32.const %3$u)) (local.get $x)))))",
                           f.op, f.shift, k));
      for (const auto& [a, b] : std::vector<std::pair<uint32_t, uint32_t>>{
               {0, 0}, {1, 0x80000001u}, {0xFFFFFFFFu, 0xFFFFFFFFu}, {0x12345678u, 0x9ABCDEF0u}}) {
        EXPECT_EQ(Run("f", {a, b}), f.want(a, b, k)) << f.fused << " k=" << k << " " << a << " " << b;
        EXPECT_EQ(Run("left", {a, b}), f.want(a, b, k)) << f.fused << " left k=" << k << " " << a;
        EXPECT_EQ(Run("self", {b}), f.want(b, b, k)) << f.fused << " self k=" << k << " " << b;
      }
      for (const char* name : {"f", "left", "self"}) {
        EXPECT_NE(Code(name).find(f.fused), std::string::npos) << name << Code(name);
      }
    }
  }
}

// Locals rotated one into the next (a hash round's working variables):
// copies in a row pair up, each pair run in order, so each local gets the
// value the one before it had.
TEST_F(FusionTest, CopiesInARowRunInPairsInOrder) {
  Load(R"((module
    (func (export "rotate") (param $a i32) (param $b i32) (param $c i32) (param $d i32)
        (param $e i32) (result i32)
      (local.set $e (local.get $d))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32.const 0))
      (i32.or (i32.or (i32.shl (local.get $b) (i32.const 24)) (i32.shl (local.get $c) (i32.const 16)))
              (i32.or (i32.shl (local.get $d) (i32.const 8)) (local.get $e))))))");
  EXPECT_EQ(Run("rotate", {1, 2, 3, 4, 5}), 0x01020304u);
  EXPECT_NE(Code("rotate").find("Copy2"), std::string::npos) << Code("rotate");
}

// `y[i] += a * x[i]` is one op (F64MulAddUpdate), and so is an unrolled
// `y[i+1] += a * x[i+1]` that makes y's address into a local first, the
// add joining it (AddImmF64MulAddUpdate): the local gets the wrapped
// 32-bit sum. Each rounds after the multiply and after the add, and each
// load traps at its own instruction.
TEST_F(FusionTest, MultiplyAddIntoMemoryRoundsTwiceAndTrapsAtEachLoad) {
  Load(R"((module
    (memory 1)
    (func (export "axpy") (param $y i32) (param $x i32) (param $a f64)
      (f64.store (local.get $y)
        (f64.add (f64.mul (local.get $a) (f64.load (local.get $x)))
                 (f64.load (local.get $y)))))
    (func (export "axpy_next") (param $y i32) (param $x i32) (param $a f64) (result i32)
      (local $p i32)
      (f64.store (local.tee $p (i32.add (local.get $y) (i32.const 8)))
        (f64.add (f64.mul (local.get $a) (f64.load offset=8 (local.get $x)))
                 (f64.load (local.get $p))))
      (local.get $p))
    (func (export "put") (param $p i32) (param $v f64) (f64.store (local.get $p) (local.get $v)))
    (func (export "get") (param $p i32) (result f64) (f64.load (local.get $p)))))");
  // 0.1 * 3 + 1e-17 rounds after the multiply and after the add; a fused
  // multiply-add would give a different last bit.
  volatile double a = 0.1, x = 3.0, y = 1e-17;
  const double product = a * x;
  const double want = product + y;
  ASSERT_EQ(Call("put", {8, Bits(3.0)}), TrapCode::kOk);
  ASSERT_EQ(Call("put", {16, Bits(1e-17)}), TrapCode::kOk);
  ASSERT_EQ(Call("axpy", {16, 8, Bits(0.1)}), TrapCode::kOk);
  EXPECT_EQ(Bits(Value(Run("get", {16}))), Bits(want));
  ASSERT_EQ(Call("put", {16, Bits(3.0)}), TrapCode::kOk);
  ASSERT_EQ(Call("put", {24, Bits(1e-17)}), TrapCode::kOk);
  EXPECT_EQ(Run("axpy_next", {16, 8, Bits(0.1)}), 24u);
  EXPECT_EQ(Bits(Value(Run("get", {24}))), Bits(want));
  EXPECT_NE(Code("axpy").find("F64MulAddUpdate"), std::string::npos) << Code("axpy");
  EXPECT_NE(Code("axpy_next").find("AddImmF64MulAddUpdate"), std::string::npos)
      << Code("axpy_next");
  // y + 8 wraps to address 0 in 32 bits, as the add would.
  ASSERT_EQ(Call("put", {0, Bits(2.0)}), TrapCode::kOk);
  EXPECT_EQ(Run("axpy_next", {0xFFFFFFF8u, 8, Bits(1.0)}), 0u);
  EXPECT_EQ(Value(Run("get", {0})), 5.0);
  // Out of bounds at x, then at y: each trap names its own f64.load. (Both
  // functions read 8 bytes 4 before the end: axpy_next's x and y are 8
  // further on.)
  for (const auto& [name, end] : {std::pair<const char*, uint64_t>{"axpy", 65536 - 4},
                                  {"axpy_next", 65536 - 12}}) {
    const uint32_t at_x = OutOfBoundsAt(name, {16, end, Bits(1.0)}, 0x2B);
    const uint32_t at_y = OutOfBoundsAt(name, {end, 8, Bits(1.0)}, 0x2B);
    EXPECT_LT(at_x, at_y) << name;
  }
}

TEST_F(FusionTest, LoadThenStoreOfTheValueIsAMove) {
  Load(R"((module
    (memory 1)
    (data (i32.const 100) "abcdefgh")
    ;; A byte-copy loop, as a freestanding memcpy is.
    (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
      (block $done
        (loop $top
          (br_if $done (i32.eqz (local.get $n)))
          (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
          (local.set $src (i32.add (local.get $src) (i32.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $top))))
    (func (export "move64") (param $dst i32) (param $src i32)
      (i64.store offset=8 (local.get $dst) (i64.load offset=4 (local.get $src))))
    (func (export "byte") (param $p i32) (result i32) (i32.load8_u (local.get $p)))))");
  ASSERT_EQ(Call("copy", {200, 100, 8}), TrapCode::kOk);
  EXPECT_EQ(Run("byte", {200}), uint32_t('a'));
  EXPECT_EQ(Run("byte", {207}), uint32_t('h'));
  // Overlapping, forwards: each byte is read after the one before it was
  // written, exactly as the unfused loop does.
  ASSERT_EQ(Call("copy", {101, 100, 4}), TrapCode::kOk);
  EXPECT_EQ(Run("byte", {104}), uint32_t('a'));
  EXPECT_NE(Code("copy").find("Move8"), std::string::npos) << Code("copy");
  ASSERT_EQ(Call("move64", {300, 96}), TrapCode::kOk);  // bytes 100..107 -> 308..315
  EXPECT_EQ(Run("byte", {308}), uint32_t('a'));
  EXPECT_NE(Code("move64").find("Move64"), std::string::npos) << Code("move64");
  // A trap at the load names the i64.load, one at the store the i64.store,
  // and a trap at the load writes nothing.
  OutOfBoundsAt("move64", {300, 65536 - 8}, 0x29);   // i64.load
  OutOfBoundsAt("move64", {65536 - 12, 96}, 0x37);   // i64.store
}

TEST_F(FusionTest, StackPointerPrologueAndEpilogueAreOneOpEach) {
  Load(R"((module
    (memory 1)
    (global $sp (mut i32) (i32.const 1024))
    (global $other (mut i32) (i32.const 7))
    (func (export "frame") (result i32) (local $fp i32)
      ;; sp -= 16, kept in $fp; use the frame; sp = fp + 16.
      (global.set $sp (local.tee $fp (i32.sub (global.get $sp) (i32.const 16))))
      (i32.store offset=4 (local.get $fp) (i32.const 99))
      (global.set $sp (i32.add (local.get $fp) (i32.const 16)))
      (i32.load offset=4 (local.get $fp)))
    (func (export "sp") (result i32) (global.get $sp))
    ;; Not the same global: the get stays, the add and set fuse.
    (func (export "cross") (result i32)
      (global.set $sp (i32.add (global.get $other) (i32.const 1)))
      (global.get $sp))
    ;; Without a tee, and wrapping below zero.
    (func (export "wrap") (param $k i32) (result i32)
      (global.set $other (i32.sub (global.get $other) (i32.const 10)))
      (global.get $other))))");
  EXPECT_EQ(Run("frame"), 99u);
  EXPECT_EQ(Run("sp"), 1024u);
  EXPECT_EQ(Word32(1024 - 16 + 4), 99u);
  EXPECT_NE(Code("frame").find("StepGlobal"), std::string::npos) << Code("frame");
  EXPECT_NE(Code("frame").find("SetGlobalSum"), std::string::npos) << Code("frame");
  EXPECT_EQ(Run("cross"), 8u);
  EXPECT_NE(Code("cross").find("GlobalGet"), std::string::npos) << Code("cross");
  EXPECT_NE(Code("cross").find("SetGlobalSum"), std::string::npos) << Code("cross");
  EXPECT_EQ(Run("wrap", {0}), uint32_t(7 - 10));
  EXPECT_EQ(Run("wrap", {0}), uint32_t(7 - 20));
  EXPECT_NE(Code("wrap").find("StepGlobal"), std::string::npos) << Code("wrap");
}

// (x*y)*z is one op rounded after each product, in that order (x*(y*z)
// would differ); a square of the product stays two ops.
TEST_F(FusionTest, ProductOfThreeRoundsTwiceInOrder) {
  Load(R"((module
    (func (export "mul3") (param $x f64) (param $y f64) (param $z f64) (result f64)
      (f64.mul (f64.mul (local.get $x) (local.get $y)) (local.get $z)))
    (func (export "square") (param $x f64) (param $y f64) (result f64) (local $p f64)
      (f64.mul (local.tee $p (f64.mul (local.get $x) (local.get $y))) (local.get $p)))))");
  volatile double x = 0.1, y = 0.2, z = 0.3;
  const double xy = x * y;
  const double want = xy * z;
  const double yz = y * z;
  ASSERT_NE(Bits(want), Bits(x * yz));  // the grouping shows in the last bit
  EXPECT_EQ(Run("mul3", {Bits(0.1), Bits(0.2), Bits(0.3)}), Bits(want));
  // Overflow then a zero: inf * 0 is NaN, as unfused.
  EXPECT_TRUE(std::isnan(Value(Run("mul3", {Bits(1e200), Bits(1e200), Bits(0.0)}))));
  EXPECT_EQ(Value(Run("square", {Bits(3.0), Bits(0.5)})), 2.25);
  EXPECT_NE(Code("mul3").find("F64MulMul"), std::string::npos) << Code("mul3");
  EXPECT_EQ(Code("square").find("F64MulMul"), std::string::npos) << Code("square");
}

TEST_F(FusionTest, ProductsIntoSumsRoundTwiceAndKeepTheirSide) {
  Load(R"((module
    (func (export "mul_add") (param f64 f64 f64) (result f64)
      (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "add_mul") (param f64 f64 f64) (result f64)
      (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "mul_sub") (param f64 f64 f64) (result f64)
      (f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "sub_mul") (param f64 f64 f64) (result f64)
      (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))))");
  volatile double x = 0.1, y = 3.0, c = 1e-17;
  const double product = x * y;
  EXPECT_EQ(Run("mul_add", {Bits(x), Bits(y), Bits(c)}), Bits(product + c));
  EXPECT_EQ(Run("add_mul", {Bits(x), Bits(y), Bits(c)}), Bits(c + product));
  EXPECT_EQ(Run("mul_sub", {Bits(x), Bits(y), Bits(c)}), Bits(product - c));
  EXPECT_EQ(Run("sub_mul", {Bits(x), Bits(y), Bits(c)}), Bits(c - product));
  for (const char* f : {"mul_add", "add_mul", "mul_sub", "sub_mul"}) {
    const std::string code = Code(f);
    EXPECT_EQ(code.find("F64Mul "), std::string::npos) << code;
  }
  EXPECT_NE(Code("mul_add").find("F64MulAdd"), std::string::npos) << Code("mul_add");
  EXPECT_NE(Code("sub_mul").find("F64SubMul"), std::string::npos) << Code("sub_mul");
  // Infinity times zero is NaN whichever side it is on.
  const double inf = std::numeric_limits<double>::infinity();
  const uint64_t nan = Run("add_mul", {Bits(inf), Bits(0.0), Bits(1.0)});
  double got;
  std::memcpy(&got, &nan, 8);
  EXPECT_TRUE(std::isnan(got));
}

// The loop of the fuel and interruption tests: per iteration 11
// instructions (local.get, local.get, i32.add, local.set; local.get,
// i32.const, i32.add, local.tee, local.get, i32.lt_u, br_if).
constexpr char kCountingLoop[] = R"((module
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $top
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                            (local.get $n))))
    (local.get $s))
  (func (export "sum_to_1000") (result i32) (local $i i32) (local $s i32)
    (loop $top
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (br_if $top (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (i32.const 1000))))
    (local.get $s))
  (func (export "sum_3m") (result i32) (local $i i32) (local $s i32)
    (loop $top
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                            (i32.const 3000000))))
    (local.get $s))
  ;; The test at the top, an unconditional back-edge: per iteration 13
  ;; (local.get, local.get, i32.ge_u, br_if; local.get, local.get, i32.add,
  ;; local.set; local.get, i32.const, i32.add, local.set; br).
  (func (export "while_sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $s))))";

TEST_F(FusionTest, MeteredLoopChargesExactlyWithTheBackEdgeCharging) {
  CompileOptions metered;
  metered.metering = true;
  Load(kCountingLoop, metered);
  auto consumed = [&](const char* name, std::vector<uint64_t> args) {
    ctx_.set_fuel(1'000'000);
    EXPECT_EQ(Call(name, args), TrapCode::kOk);
    return 1'000'000 - ctx_.fuel();
  };
  const uint64_t once = consumed("sum_to_1000", {});
  EXPECT_EQ(results_[0], 499500u);
  EXPECT_NE(Code("sum_to_1000").find("StepBrIfI32NeBoth"), std::string::npos)
      << Code("sum_to_1000");
  // Exactly the fuel it needs runs it; one less stops it, leaving the
  // fuel as it was at the start of the run that could not be paid.
  ctx_.set_fuel(once);
  EXPECT_EQ(Call("sum_to_1000"), TrapCode::kOk);
  EXPECT_EQ(ctx_.fuel(), 0u);
  ctx_.set_fuel(once - 1);
  EXPECT_EQ(Call("sum_to_1000"), TrapCode::kFuelExhausted);
  EXPECT_LT(ctx_.fuel(), 11u);
  // Each iteration costs its 11 instructions, whichever op charges them.
  EXPECT_EQ(consumed("sum", {10}) - consumed("sum", {9}), 11u);
  EXPECT_EQ(consumed("sum", {1000}) - consumed("sum", {1}), 999u * 11u);
  EXPECT_EQ(consumed("sum", {1000}), once);
  // An unconditional back-edge (BrFuel) charges exactly as well.
  const uint64_t while_100 = consumed("while_sum", {100});
  EXPECT_EQ(results_[0], 4950u);
  EXPECT_EQ(consumed("while_sum", {101}) - while_100, 13u);
  EXPECT_NE(Code("while_sum").find("BrFuel"), std::string::npos) << Code("while_sum");
  for (uint64_t budget = while_100 - 30; budget < while_100; ++budget) {
    ctx_.set_fuel(budget);
    EXPECT_EQ(Call("while_sum", {100}), TrapCode::kFuelExhausted) << budget;
  }
  ctx_.set_fuel(while_100);
  EXPECT_EQ(Call("while_sum", {100}), TrapCode::kOk);
  EXPECT_EQ(ctx_.fuel(), 0u);
  // Every budget between stops the loop at a run boundary, never past it.
  for (uint64_t budget = once - 40; budget < once; ++budget) {
    ctx_.set_fuel(budget);
    EXPECT_EQ(Call("sum_to_1000"), TrapCode::kFuelExhausted) << budget;
    EXPECT_LT(ctx_.fuel(), 11u) << budget;
  }
}

TEST_F(FusionTest, BranchesChargeTheRunTheyFallInto) {
  CompileOptions metered;
  metered.metering = true;
  Load(R"((module
    (func (export "classify") (param $x i32) (result i32)
      (if (i32.lt_s (local.get $x) (i32.const 0)) (then (return (i32.const -1))))
      (if (i32.eqz (local.get $x)) (then (return (i32.const 0))))
      (if (local.get $x) (then (nop)) (else (unreachable)))
      (i32.const 1))))", metered);
  for (const auto& [x, want] : std::vector<std::pair<uint32_t, uint32_t>>{
           {uint32_t(-5), uint32_t(-1)}, {0, 0}, {7, 1}}) {
    ctx_.set_fuel(1000);
    EXPECT_EQ(Run("classify", {x}), want);
    const uint64_t cost = 1000 - ctx_.fuel();
    for (uint64_t budget = 0; budget < cost; ++budget) {
      ctx_.set_fuel(budget);
      EXPECT_EQ(Call("classify", {x}), TrapCode::kFuelExhausted) << x << " " << budget;
    }
    ctx_.set_fuel(cost);
    EXPECT_EQ(Call("classify", {x}), TrapCode::kOk) << x;
    EXPECT_EQ(ctx_.fuel(), 0u) << x;
  }
  EXPECT_NE(Code("classify").find("Both"), std::string::npos) << Code("classify");
}

// A loop-closing step whose branch falls into a new run charges that run
// itself (StepBr*Next; here StepBr*Both, as its target is a lone Fuel op
// too), with the same total and the same stopping points as a Fuel op
// there.
TEST_F(FusionTest, StepBranchesChargeTheRunTheyFallInto) {
  CompileOptions metered;
  metered.metering = true;
  Load(R"((module
    (func (export "count") (param $n i32) (result i32)
      (local $i i32) (local $count i32)
      (block $done
        (loop $next
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $done (i32.eq (local.get $i) (local.get $n)))
          (local.set $count (i32.sub (local.get $count) (i32.const 1)))
          (loop $body
            (local.set $count (i32.add (local.get $count) (i32.const 3))))
          (br $next)))
      (local.get $count))))", metered);
  auto consumed = [&](uint32_t n) {
    ctx_.set_fuel(1'000'000);
    EXPECT_EQ(Run("count", {n}), 2 * (n - 1));
    return 1'000'000 - ctx_.fuel();
  };
  // local.get, i32.const, i32.add, local.set, local.get, local.get, i32.eq,
  // br_if; local.get, i32.const, i32.sub, local.set; loop, local.get,
  // i32.const, i32.add, local.set, end; br.
  EXPECT_EQ(consumed(11) - consumed(10), 19u);
  EXPECT_NE(Code("count").find("StepBrIfI32EqToVarBoth"), std::string::npos) << Code("count");
  EXPECT_EQ(consumed(101) - consumed(1), 100u * 19u);
  const uint64_t cost = consumed(20);
  for (uint64_t budget = 0; budget < cost; ++budget) {
    ctx_.set_fuel(budget);
    EXPECT_EQ(Call("count", {20}), TrapCode::kFuelExhausted) << budget;
  }
  ctx_.set_fuel(cost);
  EXPECT_EQ(Call("count", {20}), TrapCode::kOk);
  EXPECT_EQ(ctx_.fuel(), 0u);
}

// A sink that counts samples.
class CountingSink : public SampleSink {
 public:
  void Record(absl::Span<const BacktraceFrame>, bool) override { ++samples; }
  bool RecordHostCall(absl::Span<const BacktraceFrame>, bool, const FunctionInstance&, int64_t,
                      uint64_t) override {
    return false;  // the loop makes no host calls
  }
  std::atomic<int> samples{0};
};

TEST_F(FusionTest, SamplingAtAFusedBackEdgeNeitherRepeatsNorSkipsTheStep) {
  for (bool metering : {false, true}) {
    CompileOptions options;
    options.metering = metering;
    Load(kCountingLoop, options);
    CountingSink sink;
    ctx_.sample_sink = &sink;
    std::atomic<bool> done{false};
    std::thread sampler([&] {
      while (!done.load()) {
        ctx_.RequestSample();
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    });
    // 3,000,000 iterations: sum of 0..2,999,999 mod 2^32.
    const uint64_t n = 3'000'000;
    const uint32_t want = uint32_t(uint64_t(n) * (n - 1) / 2);
    uint32_t got = 0;
    for (int round = 0; round < 5; ++round) got = uint32_t(Run("sum_3m"));
    done = true;
    sampler.join();
    ctx_.sample_sink = nullptr;
    EXPECT_EQ(got, want) << "metering " << metering;
    EXPECT_GT(sink.samples.load(), 0) << "metering " << metering;
    EXPECT_NE(Code("sum_3m").find(metering ? "StepBrIfI32LtUBoth" : "StepBrIfI32LtU"),
              std::string::npos)
        << Code("sum_3m");
  }
}

TEST_F(FusionTest, EmptyRunsChargeTogether) {
  CompileOptions metered;
  metered.metering = true;
  // `end` after a br_if is a run of one instruction followed at once by
  // the block's label: its Fuel op charges both when it can.
  Load(R"((module
    (func (export "f") (param $x i32) (result i32)
      (block $out
        (block $b (br_if $b (local.get $x)))
        (br_if $out (i32.eqz (local.get $x))))
      (i32.add (local.get $x) (i32.const 1)))
    (func (export "then_return") (param $x i32) (result i32)
      (block $b (br_if $b (local.get $x)))
      (return (local.get $x)))
    (func (export "only_return") (param $x i32) (result i32)
      (if (i32.eqz (local.get $x)) (then (unreachable)))
      (return (local.get $x)))))", metered);
  ctx_.set_fuel(1000);
  EXPECT_EQ(Run("f", {1}), 2u);
  const uint64_t taken = 1000 - ctx_.fuel();
  ctx_.set_fuel(1000);
  EXPECT_EQ(Run("f", {0}), 1u);
  const uint64_t fallen = 1000 - ctx_.fuel();
  EXPECT_NE(Code("f").find("FuelChain"), std::string::npos) << Code("f");
  // An empty run, then a run that only returns (which charges itself).
  ctx_.set_fuel(1000);
  EXPECT_EQ(Run("then_return", {1}), 1u);
  EXPECT_EQ(Run("then_return", {0}), 0u);
  EXPECT_NE(Code("then_return").find("FuelReturn"), std::string::npos) << Code("then_return");
  // A function whose only run returns at once.
  EXPECT_EQ(Run("only_return", {5}), 5u);
  EXPECT_NE(Code("only_return").find("FuelReturn"), std::string::npos) << Code("only_return");
  ctx_.set_fuel(0);
  EXPECT_EQ(Call("only_return", {5}), TrapCode::kFuelExhausted);
  // Any budget short of a path's cost stops it; its own cost runs it.
  for (auto [x, cost] : {std::pair<uint64_t, uint64_t>{1, taken}, {0, fallen}}) {
    for (uint64_t budget = 0; budget < cost; ++budget) {
      ctx_.set_fuel(budget);
      EXPECT_EQ(Call("f", {x}), TrapCode::kFuelExhausted) << x << " " << budget;
    }
    ctx_.set_fuel(cost);
    EXPECT_EQ(Call("f", {x}), TrapCode::kOk) << x;
    EXPECT_EQ(ctx_.fuel(), 0u);
  }
}

// The fused charges (EnterFuel, FuelReturn, the charging branch forms,
// Fuel ops covering empty runs, BrTableFuel) against one Fuel op per run,
// the plain form of the rule: for every budget up to each path's cost,
// the same trap or result and the same fuel left, to the unit.
TEST_F(FusionTest, FusedChargesMatchOneFuelOpPerRunAtEveryBudget) {
  const std::string wat = R"((module
    (memory 1)
    (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
    (func (export "f") (param $n i32) (param $mode i32) (result i32)
      (local $i i32) (local $s i32)
      (block $out
        (block $b2
          (block $b1
            (block $b0
              (br_table $b0 $b1 $b2 $out (local.get $mode)))
            ;; mode 0: a counted loop with a nested empty block
            (loop $top
              (block $e (br_if $e (i32.and (local.get $i) (i32.const 1))))
              (local.set $s (i32.add (local.get $s) (call $leaf (local.get $i))))
              (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                    (local.get $n))))
            (br $out))
          ;; mode 1: a while loop with a return from inside and a store
          (loop $w
            (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (local.get $s))))
            (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
            (local.set $s (i32.add (local.get $s) (i32.load (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $w)))
        ;; mode 2: traps midway (a division by zero once i reaches n)
        (loop $t
          (local.set $s (i32.add (local.get $s)
                                 (i32.div_u (i32.const 100) (i32.sub (local.get $n) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $t)))
      (local.get $s)))
  )";
  CompileOptions fused, plain;
  fused.metering = plain.metering = true;
  plain.fuse_fuel_charges = false;
  Load(wat, plain);
  std::unique_ptr<TestInstance> reference = std::move(inst_);
  Load(wat, fused);
  for (uint32_t mode = 0; mode < 4; ++mode) {
    for (uint32_t n : {0u, 1u, 5u}) {
      // The path's whole cost, from the plain code.
      std::swap(inst_, reference);
      ctx_.set_fuel(100'000);
      const TrapCode full = Call("f", {n, mode});
      const uint64_t cost = 100'000 - ctx_.fuel();
      std::swap(inst_, reference);
      for (uint64_t budget = 0; budget <= cost + 1; ++budget) {
        std::swap(inst_, reference);
        ctx_.set_fuel(budget);
        const TrapCode want = Call("f", {n, mode});
        const uint64_t want_left = ctx_.fuel(), want_result = results_[0];
        std::swap(inst_, reference);
        ctx_.set_fuel(budget);
        const TrapCode got = Call("f", {n, mode});
        EXPECT_EQ(got, want) << "mode " << mode << " n " << n << " budget " << budget;
        EXPECT_EQ(ctx_.fuel(), want_left) << "mode " << mode << " n " << n << " budget " << budget;
        if (want == TrapCode::kOk) EXPECT_EQ(results_[0], want_result) << mode << " " << n;
      }
      EXPECT_NE(full, TrapCode::kFuelExhausted) << mode << " " << n;
    }
  }
  // (Compiled on the first call.)
  const std::string fused_code = Code("f");
  std::swap(inst_, reference);
  const std::string plain_code = Code("f");
  std::swap(inst_, reference);
  EXPECT_NE(fused_code.find("Both"), std::string::npos) << fused_code;
  EXPECT_NE(fused_code.find("BrTableFuel"), std::string::npos) << fused_code;
  EXPECT_NE(fused_code.find("FuelChain"), std::string::npos) << fused_code;
  EXPECT_EQ(plain_code.find("Both"), std::string::npos) << plain_code;
  EXPECT_EQ(plain_code.find("Next"), std::string::npos) << plain_code;
  EXPECT_EQ(plain_code.find("FuelChain"), std::string::npos) << plain_code;
}

}  // namespace
}  // namespace weft::interp

namespace weft::interp {
namespace {

// Two adds of constants in a row (`p++, q -= 4`) run as one op
// (Compiler::LinkAddImmPairs), with the results of two: wrapping, a
// subtraction as the add of its negation, and not where the second takes
// the first's result or a branch enters between them.
TEST_F(FusionTest, TwoAddsOfConstantsInARowRunAsOneOp) {
  const std::string wat = R"((module
    (func (export "bumps") (param $p i32) (param $q i32) (param $n i32) (result i32)
      (loop $top
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $q (i32.sub (local.get $q) (i32.const 4)))
        (br_if $top (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (i32.xor (local.get $p) (i32.mul (local.get $q) (i32.const 31))))
    (func (export "chained") (param $p i32) (result i32)
      (local.set $p (i32.add (local.get $p) (i32.const 7)))
      (local.set $p (i32.add (local.get $p) (i32.const 9)))
      (local.get $p))
    (func (export "entered") (param $p i32) (param $q i32) (param $c i32) (result i32)
      (local.set $p (i32.add (local.get $p) (i32.const 3)))
      (loop $l
        (local.set $q (i32.add (local.get $q) (i32.const 5)))
        (br_if $l (local.tee $c (i32.sub (local.get $c) (i32.const 1)))))
      (i32.sub (local.get $p) (local.get $q)))))";
  LoadWithPassOff(wat, &CompileOptions::pair_ops);
  const uint32_t kValues[] = {0, 1, 4, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff};
  for (uint32_t p : kValues) {
    for (uint32_t q : kValues) {
      for (uint32_t n : {1u, 3u}) EXPECT_EQ(ExpectSameAsReference("bumps", {p, q, n}), TrapCode::kOk);
      for (uint32_t c : {1u, 3u}) EXPECT_EQ(ExpectSameAsReference("entered", {p, q, c}), TrapCode::kOk);
    }
    EXPECT_EQ(Run("chained", {p}), uint32_t(p + 16));
  }
  EXPECT_EQ(Run("bumps", {0xffffffff, 2, 1}), uint32_t(0 ^ (0xfffffffeu * 31)));
  EXPECT_NE(Code("bumps").find("I32AddImmThenAddImm"), std::string::npos) << Code("bumps");
  EXPECT_EQ(Code("chained").find("ThenAddImm"), std::string::npos) << Code("chained");
  EXPECT_EQ(Code("entered").find("ThenAddImm"), std::string::npos) << Code("entered");
}

// Division and remainder by a constant (IR_BINOP_TRAP's Imm forms) give
// what the op by a slot gives, traps included: by zero, and INT_MIN / -1.
TEST_F(FusionTest, DivisionByAConstantTakesItAsAnOperand) {
  const char* kOps[] = {"div_s", "div_u", "rem_s", "rem_u"};
  const int64_t kDivisors[] = {0, 1, -1, 7, -7, 10, 150000, INT32_MIN, INT64_MIN};
  std::string wat = "(module";
  for (const char* type : {"i32", "i64"}) {
    for (const char* op : kOps) {
      for (size_t d = 0; d < std::size(kDivisors); ++d) {
        const bool i32 = type[1] == '3';
        const int64_t divisor = i32 ? int64_t(int32_t(kDivisors[d])) : kDivisors[d];
        const std::string c = absl::StrFormat("(%s.const %d)", type, divisor);
        wat += absl::StrFormat(
            "(func (export \"%1$s_%2$s_%3$d\") (param $x %1$s) (result %1$s)"
            "  (%1$s.%2$s (local.get $x) %4$s))"
            "(func (export \"%1$s_%2$s_%3$d_slot\") (param $x %1$s) (result %1$s) (local $c %1$s)"
            "  (local.set $c %4$s) (%1$s.%2$s (local.get $x) (local.get $c)))",
            type, op, d, c);
      }
    }
  }
  Load(wat + ")");
  const int64_t kDividends[] = {0, 1, -1, 100, -100, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};
  for (const char* type : {"i32", "i64"}) {
    for (const char* op : kOps) {
      for (size_t d = 0; d < std::size(kDivisors); ++d) {
        const std::string f = absl::StrFormat("%s_%s_%d", type, op, d), slot = f + "_slot";
        for (int64_t x : kDividends) {
          const uint64_t arg = type[1] == '3' ? uint32_t(x) : uint64_t(x);
          const TrapCode want = Call(slot.c_str(), {arg});
          const uint64_t want_result = results_[0];
          EXPECT_EQ(Call(f.c_str(), {arg}), want) << f << " " << x;
          if (want == TrapCode::kOk) EXPECT_EQ(results_[0], want_result) << f << " " << x;
        }
        EXPECT_NE(Code(f.c_str()).find("Imm "), std::string::npos) << Code(f.c_str());
      }
    }
  }
  EXPECT_EQ(Call("i32_div_s_2", {uint32_t(INT32_MIN)}), TrapCode::kIntegerOverflow);
  EXPECT_EQ(Call("i64_rem_u_0", {5}), TrapCode::kIntegerDivideByZero);
}

}  // namespace
}  // namespace weft::interp
