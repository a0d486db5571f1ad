// The accumulator (interp/accumulator_forms.h): an op taking the value the
// op just before it computed reads it from a register, not its slot. Each
// test loads its module twice, as compiled and with
// CompileOptions::use_accumulator off, and requires every call to end the
// same way with the same result bits (and, metered, the same fuel left);
// and checks from the code printer that the ...Acc forms are what runs,
// and that none is used where code is entered other than from the op
// before (a label, a catch) or where the value changes class through a
// reinterpret, which emits no op.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

class AccumulatorTest : public WatTestFixture {
 protected:
  // inst_ as compiled, reference_ with every operand read from its slot.
  // `load_branches` off keeps a load and the branch on it apart (as for
  // i64 and floats), so that the branch reads the loaded value from the
  // accumulator.
  void LoadBoth(const std::string& wat, bool metering = false, bool load_branches = true) {
    CompileOptions plain;
    plain.use_accumulator = false;
    plain.metering = metering;
    plain.load_branches = load_branches;
    CompileOptions compiled;
    compiled.metering = metering;
    compiled.load_branches = load_branches;
    LoadWithReference(wat, plain, compiled);
  }
  TrapCode ExpectSame(const char* name, std::vector<uint64_t> args, uint64_t fuel = 0) {
    return ExpectSameAsReference(name, std::move(args), fuel);
  }
  static uint64_t Bits(double d) { return std::bit_cast<uint64_t>(d); }
};

// Values with edges: zeros of both signs, NaNs with payloads, infinities,
// and integers that wrap.
const double kDoubles[] = {0.0, -0.0, 1.5, -2.25, 4.0, 1e308,
                           std::numeric_limits<double>::infinity(),
                           std::bit_cast<double>(uint64_t{0x7ff8000000000123}),
                           std::bit_cast<double>(uint64_t{0xfff4000000000456})};
const uint32_t kInts[] = {0, 1, 7, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff};

TEST_F(AccumulatorTest, ChainsTakeThePreviousResultFromTheAccumulator) {
  LoadBoth(R"((module
    (func (export "f64_chain") (param $x f64) (param $y f64) (result f64) (local $t f64)
      (local.set $t (f64.add (local.get $x)
                             (f64.sub (f64.mul (local.get $x) (local.get $x))
                                      (f64.mul (local.get $y) (local.get $y)))))
      (f64.add (local.get $x) (f64.mul (f64.add (local.get $t) (local.get $t)) (local.get $y))))
    (func (export "i32_chain") (param $a i32) (param $b i32) (result i32)
      (i32.xor (local.get $a)
               (i32.rotl (i32.sub (local.get $b) (i32.mul (local.get $a) (i32.const 0x9e3779b9)))
                         (i32.const 5))))
    (func (export "i64_chain") (param $a i64) (result i64)
      (i64.shr_u (i64.add (i64.mul (local.get $a) (local.get $a)) (i64.const -1)) (i64.const 3)))
    (func (export "div_chain") (param $a i32) (param $b i32) (result i32)
      (i32.rem_u (i32.const 1000) (i32.div_s (i32.sub (local.get $a) (i32.const 1)) (local.get $b))))
    (func (export "branch_on_sum") (param $x f64) (param $y f64) (result i32)
      (if (result i32) (f64.le (f64.add (local.get $x) (local.get $y)) (f64.const 4))
        (then (i32.const 1)) (else (i32.const 0))))
    (func (export "br_if_on_and") (param $a i32) (result i32)
      (block $b (result i32)
        (br_if $b (i32.const 7) (i32.popcnt (i32.and (local.get $a) (i32.const 6))))
        (drop) (i32.const 9)))
    (func (export "compare_to_product") (param $a i32) (param $b i32) (result i32)
      (if (result i32) (i32.lt_s (i32.mul (local.get $a) (local.get $b)) (local.get $b))
        (then (i32.const 1)) (else (i32.const 2))))))");
  for (double x : kDoubles) {
    for (double y : kDoubles) {
      ExpectSame("f64_chain", {Bits(x), Bits(y)});
      ExpectSame("branch_on_sum", {Bits(x), Bits(y)});
    }
  }
  int traps = 0;
  for (uint32_t a : kInts) {
    ExpectSame("i64_chain", {uint64_t(a) * 0x100000001u});
    ExpectSame("br_if_on_and", {a});
    for (uint32_t b : kInts) {
      ExpectSame("i32_chain", {a, b});
      ExpectSame("compare_to_product", {a, b});
      // Division by zero, overflow (0x80000001 - 1 by -1) and a zero
      // quotient for the remainder: traps in ...Acc and ...AccRight forms.
      traps += ExpectSame("div_chain", {a, b}) != TrapCode::kOk;
    }
  }
  EXPECT_GT(traps, 0);
  for (const char* op : {"F64SubMulAcc", "F64AddAccRight", "F64AddAcc "}) {
    EXPECT_NE(Code("f64_chain").find(op), std::string::npos) << op << "\n" << Code("f64_chain");
  }
  EXPECT_NE(Code("i32_chain").find("I32SubAccRight"), std::string::npos) << Code("i32_chain");
  EXPECT_NE(Code("i64_chain").find("I64AddImmAcc"), std::string::npos) << Code("i64_chain");
  EXPECT_NE(Code("div_chain").find("I32DivSAcc"), std::string::npos) << Code("div_chain");
  EXPECT_NE(Code("div_chain").find("I32RemUAccRight"), std::string::npos) << Code("div_chain");
  EXPECT_NE(Code("branch_on_sum").find("ImmAcc"), std::string::npos) << Code("branch_on_sum");
  EXPECT_NE(Code("br_if_on_and").find("BrIfAcc"), std::string::npos) << Code("br_if_on_and");
  EXPECT_NE(Code("compare_to_product").find("I32LtSAcc"), std::string::npos)
      << Code("compare_to_product");
}

TEST_F(AccumulatorTest, StoresOfThePreviousResultTakeItFromTheAccumulator) {
  LoadBoth(R"((module
    (memory 1)
    (func (export "store_f64") (param $p i32) (param $x f64) (result i64)
      (f64.store offset=8 (local.get $p) (f64.mul (local.get $x) (f64.const 3)))
      (i64.load offset=8 (local.get $p)))
    (func (export "store_f32") (param $p i32) (param $x f32) (result i32)
      (f32.store (local.get $p) (f32.neg (local.get $x)))
      (i32.load (local.get $p)))
    (func (export "store_i32") (param $p i32) (param $a i32) (result i32)
      (i32.store16 (local.get $p) (i32.mul (local.get $a) (local.get $a)))
      (i32.load (local.get $p)))
    (func (export "store_i64") (param $p i32) (param $a i64) (result i64)
      (i64.store (local.get $p) (i64.rotl (local.get $a) (i64.const 13)))
      (i64.load (local.get $p)))))");
  for (uint32_t p : {0u, 8u, 65528u, 65532u, 65536u, 0xfffffff8u}) {
    for (double x : kDoubles) ExpectSame("store_f64", {p, Bits(x)});
    for (uint32_t a : kInts) {
      ExpectSame("store_f32", {p, a});
      ExpectSame("store_i32", {p, a});
      ExpectSame("store_i64", {p, uint64_t(a) << 17 | a});
    }
  }
  EXPECT_EQ(Run("store_f64", {16, Bits(-0.5)}), Bits(-1.5));
  EXPECT_EQ(Call("store_f64", {65528, Bits(1.0)}), TrapCode::kMemoryOutOfBounds);
  for (const auto& [name, op] : {std::pair{"store_f64", "F64StoreAcc"}, {"store_f32", "F32StoreAcc"},
                                  {"store_i32", "I32Store16Acc"}, {"store_i64", "I64StoreAcc"}}) {
    EXPECT_NE(Code(name).find(op), std::string::npos) << op << "\n" << Code(name);
  }
}

TEST_F(AccumulatorTest, ABranchOnAComparedLoadMirrorsTheCompare) {
  // `if (x < a[i])`: the loaded value is the compare's right operand; the
  // branch takes the mirrored compare (a[i] > x) from the accumulator.
  std::string wat = "(module (memory 1)\n";
  const char* const kInt[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
  const char* const kFloat[] = {"eq", "ne", "lt", "gt", "le", "ge"};
  for (const char* c : kInt) {
    for (const char* t : {"i32", "i64"}) {
      wat += absl::StrFormat(
          "(func (export \"%s_%s\") (param $x %s) (param $p i32) (result i32)\n"
          "  (if (result i32) (%s.%s (local.get $x) (%s.load (local.get $p)))\n"
          "    (then (i32.const 1)) (else (i32.const 2))))\n",
          t, c, t, t, c, t);
    }
  }
  for (const char* c : kFloat) {
    wat += absl::StrFormat(
        "(func (export \"f64_%s\") (param $x f64) (param $y f64) (result i32)\n"
        "  (if (result i32) (f64.%s (local.get $x) (f64.add (local.get $y) (f64.const 1)))\n"
        "    (then (i32.const 1)) (else (i32.const 2))))\n",
        c, c);
  }
  wat += "(func (export \"store\") (param $p i32) (param $v i64) (i64.store (local.get $p) (local.get $v))))";
  LoadBoth(wat, /*metering=*/false, /*load_branches=*/false);
  const uint64_t kWide[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000000000000000u,
                            ~uint64_t{0}};
  for (uint64_t stored : kWide) {
    // Both instances hold `stored` at 16.
    ASSERT_EQ(Call("store", {16, stored}), TrapCode::kOk);
    std::swap(inst_, reference_);
    ASSERT_EQ(Call("store", {16, stored}), TrapCode::kOk);
    std::swap(inst_, reference_);
    for (uint64_t x : kWide) {
      for (const char* c : kInt) {
        ExpectSame(absl::StrFormat("i32_%s", c).c_str(), {x & 0xffffffff, 16});
        ExpectSame(absl::StrFormat("i64_%s", c).c_str(), {x, 16});
      }
    }
  }
  for (double x : kDoubles) {
    for (double y : kDoubles) {
      for (const char* c : kFloat) ExpectSame(absl::StrFormat("f64_%s", c).c_str(), {Bits(x), Bits(y)});
    }
  }
  // The load traps at its own instruction, in its ...Acc form too.
  EXPECT_EQ(ExpectSame("i32_lt_s", {0, 65534}), TrapCode::kMemoryOutOfBounds);
  EXPECT_NE(Code("i32_lt_s").find("BrUnlessI32GtSAcc"), std::string::npos) << Code("i32_lt_s");
  EXPECT_NE(Code("i64_le_u").find("BrUnlessI64GeUAcc"), std::string::npos) << Code("i64_le_u");
  EXPECT_NE(Code("f64_lt").find("BrUnlessF64GtAcc"), std::string::npos) << Code("f64_lt");
  EXPECT_NE(Code("f64_eq").find("BrUnlessF64EqAcc"), std::string::npos) << Code("f64_eq");
}

TEST_F(AccumulatorTest, ALoadFromAnAddressJustComputedTakesItFromTheAccumulator) {
  LoadBoth(R"((module (memory 1)
    (func (export "load") (param $p i32) (param $step i32) (result i32)
      (i32.store (i32.const 64) (i32.const 0x11223344))
      (local.set $p (i32.add (local.get $p) (local.get $step)))
      (i32.load offset=4 (local.get $p)))
    (func (export "load_f64") (param $p i32) (result f64)
      (f64.store (i32.const 64) (f64.const -2.5))
      (local.set $p (i32.mul (local.get $p) (i32.const 2)))
      (f64.mul (f64.load (local.get $p)) (f64.const 2)))
    ;; base + (index << 2): the base just computed, or the index
    (func (export "idx_base") (param $b i32) (param $i i32) (result i32)
      (i32.store (i32.const 64) (i32.const 0x11223344))
      (i32.load8_u offset=1 (i32.add (i32.xor (local.get $b) (i32.const 3))
                                     (i32.shl (local.get $i) (i32.const 2)))))
    (func (export "idx_index") (param $b i32) (param $i i32) (result i32)
      (i32.store (i32.const 64) (i32.const 0x11223344))
      (i32.load16_s offset=2 (i32.add (local.get $b)
                                      (i32.shl (i32.add (local.get $i) (i32.const 1))
                                               (i32.const 2)))))))");
  const uint32_t kSteps[] = {0, 4, 60, 65532, 0xfffffffc, 0x80000000};
  for (uint32_t p : {0u, 4u, 60u, 65528u, 0xffffffc4u}) {
    for (uint32_t step : kSteps) ExpectSame("load", {p, step});
  }
  for (uint32_t p : {0u, 32u, 0x80000020u, 32766u, 32767u}) ExpectSame("load_f64", {p});
  EXPECT_EQ(Run("load", {30, 30}), 0x11223344u);  // 30 + 30 wraps nothing; + 4 is 64
  EXPECT_EQ(Run("load", {0xffffffc4u, 0x40}), 0u);  // the sum wraps to 4; + 4 is 8
  EXPECT_EQ(Run("load_f64", {0x80000020u}), Bits(-5.0));  // doubled, wraps to 64
  for (uint32_t b : {0u, 3u, 60u, 64u, 65532u, 0xfffffffcu}) {
    for (uint32_t i : {0u, 1u, 15u, 0x3ffffff0u, 0xffffffffu}) {
      ExpectSame("idx_base", {b, i});
      ExpectSame("idx_index", {b, i});
    }
  }
  EXPECT_EQ(Run("idx_base", {3 ^ 60, 1}), 0x33u);  // byte 65 of 0x11223344
  EXPECT_EQ(Run("idx_index", {56, 1}), 0x1122u);   // 56 + 8 + 2: the high half
  EXPECT_NE(Code("idx_base").find("I32Load8UIdxAcc "), std::string::npos) << Code("idx_base");
  EXPECT_NE(Code("idx_index").find("I32Load16SIdxAccRight"), std::string::npos)
      << Code("idx_index");
  EXPECT_NE(Code("load").find("I32LoadAcc"), std::string::npos) << Code("load");
  EXPECT_NE(Code("load_f64").find("F64LoadAcc"), std::string::npos) << Code("load_f64");
}

TEST_F(AccumulatorTest, ATableStepTakesItsIndexAndEntryFromTheAccumulator) {
  // crc32's step: crc = table[(crc ^ b) & 0xff] ^ (crc >> 8), the index a
  // shifted load's and the entry a shifted-operand xor's first operand.
  LoadBoth(R"((module (memory 1)
    (func (export "step") (param $crc i32) (param $b i32) (result i32)
      (i32.xor (i32.load offset=1024
                 (i32.shl (i32.and (i32.xor (local.get $crc) (local.get $b)) (i32.const 255))
                          (i32.const 2)))
               (i32.shr_u (local.get $crc) (i32.const 8))))
    ;; Its last entry one byte past the memory: index 255 traps.
    (func (export "step_at_end") (param $crc i32) (param $b i32) (result i32)
      (i32.xor (i32.load offset=64517
                 (i32.shl (i32.and (i32.xor (local.get $crc) (local.get $b)) (i32.const 255))
                          (i32.const 2)))
               (i32.shr_u (local.get $crc) (i32.const 8))))
    (func (export "fill") (local $i i32)
      (loop $top
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (i32.const 0x9e3779b1)))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16384)))))))");
  ASSERT_EQ(Call("fill"), TrapCode::kOk);
  std::swap(inst_, reference_);
  ASSERT_EQ(Call("fill"), TrapCode::kOk);
  std::swap(inst_, reference_);
  int traps = 0;
  for (uint32_t crc : kInts) {
    for (uint32_t b : {0u, 0x5au, 0xffu, 0x1234u}) {
      ExpectSame("step", {crc, b});
      traps += ExpectSame("step_at_end", {crc, b}) == TrapCode::kMemoryOutOfBounds;
    }
  }
  EXPECT_GT(traps, 0);
  EXPECT_NE(Code("step").find("I32LoadShlAcc"), std::string::npos) << Code("step");
  EXPECT_NE(Code("step_at_end").find("I32LoadShlAcc"), std::string::npos) << Code("step_at_end");
  EXPECT_NE(Code("step").find("XorShrUAcc"), std::string::npos) << Code("step");
}

TEST_F(AccumulatorTest, LoadsAddedToThePreviousResultTakeItFromTheAccumulator) {
  LoadBoth(R"((module (memory 1)
    (func (export "set") (param $p i32) (param $v i64) (i64.store (local.get $p) (local.get $v)))
    (func (export "f64_sum2") (param $x f64) (param $p i32) (param $q i32) (result f64)
      (f64.add (f64.add (f64.mul (local.get $x) (local.get $x)) (f64.load (local.get $p)))
               (f64.load (local.get $q))))
    (func (export "i32_sum") (param $a i32) (param $p i32) (result i32)
      (i32.sub (i32.xor (local.get $a) (i32.const 0x55)) (i32.load offset=4 (local.get $p))))))");
  for (auto* which : {&inst_, &reference_}) {
    std::swap(inst_, *which);
    ASSERT_EQ(Call("set", {8, Bits(0.1)}), TrapCode::kOk);
    ASSERT_EQ(Call("set", {16, Bits(-3.0)}), TrapCode::kOk);
    ASSERT_EQ(Call("set", {24, 0xffffffff80000000u}), TrapCode::kOk);
    std::swap(inst_, *which);
  }
  int traps = 0;
  for (double x : kDoubles) {
    for (uint32_t p : {8u, 16u, 65528u, 65529u}) {
      for (uint32_t q : {16u, 24u, 65535u}) {
        traps += ExpectSame("f64_sum2", {Bits(x), p, q}) == TrapCode::kMemoryOutOfBounds;
      }
    }
  }
  for (uint32_t a : kInts) {
    for (uint32_t p : {4u, 20u, 65528u, 65532u}) {
      traps += ExpectSame("i32_sum", {a, p}) == TrapCode::kMemoryOutOfBounds;
    }
  }
  EXPECT_GT(traps, 0);
  EXPECT_NE(Code("f64_sum2").find("F64AddMem2Acc"), std::string::npos) << Code("f64_sum2");
  EXPECT_NE(Code("i32_sum").find("I32SubMemAcc"), std::string::npos) << Code("i32_sum");
}

TEST_F(AccumulatorTest, AReinterpretedValueIsReadFromItsSlot) {
  // f64 results live in facc, i64 ones in acc: across a reinterpret (no
  // op of its own) the next op must read the slot.
  LoadBoth(R"((module
    (func (export "f64_bits") (param $x f64) (result i64)
      (i64.and (i64.reinterpret_f64 (f64.div (local.get $x) (f64.const -1)))
               (i64.const 0x7ff8000000000000)))
    (func (export "bits_f64") (param $a i64) (result f64)
      (f64.mul (f64.reinterpret_i64 (i64.or (local.get $a) (i64.const 1))) (f64.const 2)))
    (func (export "f32_bits") (param $a i32) (result i32)
      (i32.xor (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (i32.add (local.get $a)
                                                                          (i32.const 1)))))
               (i32.const 3)))))");
  for (double x : kDoubles) ExpectSame("f64_bits", {Bits(x)});
  for (uint64_t a : {uint64_t{0}, Bits(1.5), uint64_t{0x7ff0000000000000}, ~uint64_t{0}}) {
    ExpectSame("bits_f64", {a});
  }
  for (uint32_t a : kInts) ExpectSame("f32_bits", {a});
  EXPECT_EQ(Run("f64_bits", {Bits(std::nan(""))}), 0x7ff8000000000000u);
  EXPECT_EQ(Code("f64_bits").find("I64AndImmAcc"), std::string::npos) << Code("f64_bits");
  EXPECT_EQ(Code("bits_f64").find("F64MulImmAcc"), std::string::npos) << Code("bits_f64");
  // f32 bits and i32s share acc: that reinterpret may use it.
  EXPECT_NE(Code("f32_bits").find("Acc"), std::string::npos) << Code("f32_bits");
}

TEST_F(AccumulatorTest, CodeEnteredByABranchOrACatchReadsTheSlot) {
  // Each consumer below follows, in the code, an op that wrote the slot it
  // reads; but it is also reached from elsewhere (a br carrying a value to
  // a block's end, a loop's head, a br_table stub, a catch), where the
  // accumulator holds something else.
  LoadBoth(R"((module
    (tag $e (param i32))
    (func (export "block_end") (param $a i32) (result i32)
      (i32.mul
        (block $b (result i32)
          (br_if $b (i32.add (local.get $a) (i32.const 100)) (i32.and (local.get $a) (i32.const 1)))
          (drop)
          (i32.sub (local.get $a) (i32.const 5)))
        (i32.const 3)))
    (func (export "loop_head") (param $n i32) (result i32) (local $s i32)
      (local.set $s (i32.mul (local.get $n) (i32.const 7)))
      (loop $top
        (local.set $s (i32.add (local.get $s) (i32.const 11)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $top (i32.gt_s (local.get $n) (i32.const 0))))
      (local.get $s))
    (func (export "switch") (param $a i32) (result i32)
      (i32.add
        (block $b1 (result i32)
          (block $b0 (result i32)
            (br_table $b0 $b1 (i32.mul (local.get $a) (i32.const 9)) (local.get $a)))
          (i32.xor (i32.const 0x55)))
        (i32.const 1000)))
    (func (export "catch") (param $a i32) (result i32)
      (i32.add
        (block $h (result i32)
          (try_table (catch $e $h)
            (if (local.get $a) (then (throw $e (i32.mul (local.get $a) (i32.const 13))))))
          (i32.shl (local.get $a) (i32.const 2)))
        (i32.const 1)))))");
  for (uint32_t a : kInts) {
    ExpectSame("block_end", {a});
    ExpectSame("switch", {a});
    ExpectSame("catch", {a});
  }
  for (uint32_t n : {0u, 1u, 4u}) ExpectSame("loop_head", {n});
  EXPECT_EQ(Run("block_end", {3}), (3u + 100u) * 3u);
  EXPECT_EQ(Run("block_end", {4}), (4u - 5u) * 3u);
  EXPECT_EQ(Run("switch", {0}), (0u ^ 0x55u) + 1000u);
  EXPECT_EQ(Run("switch", {1}), 9u + 1000u);
  EXPECT_EQ(Run("catch", {2}), 26u + 1u);
  EXPECT_EQ(Run("catch", {0}), 0u + 1u);
}

TEST_F(AccumulatorTest, MeteredCodeUsesItInEveryChargingForm) {
  // The charging branch forms (interp/branch_forms.h) have ...Acc forms
  // too; fuel stays exact at every budget.
  const std::string wat = R"((module
    (func (export "f") (param $n i32) (result i32) (local $i i32) (local $s i32)
      (loop $top
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $top (i32.lt_u (i32.mul (local.get $i) (i32.const 2)) (local.get $n))))
      (local.get $s)))
  )";
  LoadBoth(wat, /*metering=*/true);
  for (uint32_t n : {0u, 3u, 10u}) {
    for (uint64_t fuel = 1; fuel < 200; ++fuel) ExpectSame("f", {n}, fuel);
  }
  EXPECT_NE(Code("f").find("I32LtUAccBoth"), std::string::npos) << Code("f");
}

}  // namespace
}  // namespace weft::interp
