// Loop dispatch copying (interp/compiler_loop_dispatch.cc): a `br` back to
// a loop whose head ends in a br_table runs a copy of that head. Each test
// runs a small bytecode interpreter written in the text format, compiled
// with copying and without (CompileOptions::copy_loop_dispatch), and
// requires every call to end the same way: same results, same trap at the
// same instruction, and, metered, the same fuel left at every budget.
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

// A VM over i32 words in memory: op 0 `jmp t`, op 1 `add k` (acc += k),
// op 2 `loop t` (n -= 1; to t unless n is 0), anything else halts. `run`
// fetches with one op (the head is the table jump alone); `run2` keeps
// the opcode in a local and advances pc in its head, so three ops are
// copied. The program at word 0 adds 5 n times, then 1, and halts; the
// one at word 16 jumps to itself; the one at word 32 jumps out of memory.
constexpr char kInterpreter[] = R"((module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\05\00\00\00\02\00\00\00\00\00\00\00\01\00\00\00\01\00\00\00\03\00\00\00")
  (data (i32.const 64) "\00\00\00\00\10\00\00\00")
  (data (i32.const 128) "\00\00\00\00\00\40\00\00")
  (func (export "run") (param $pc i32) (param $n i32) (result i32) (local $acc i32)
    (loop $next
      (block $halt
        (block $loop
          (block $add
            (block $jmp
              (br_table $jmp $add $loop $halt
                (i32.load (i32.shl (local.get $pc) (i32.const 2)))))
            (local.set $pc (i32.load offset=4 (i32.shl (local.get $pc) (i32.const 2))))
            (br $next))
          (local.set $acc (i32.add (local.get $acc)
                                   (i32.load offset=4 (i32.shl (local.get $pc) (i32.const 2)))))
          (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
          (br $next))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $pc (select (i32.load offset=4 (i32.shl (local.get $pc) (i32.const 2)))
                               (i32.add (local.get $pc) (i32.const 2))
                               (local.get $n)))
        (br $next)))
    (local.get $acc))
  (func (export "run2") (param $pc i32) (param $n i32) (result i32) (local $acc i32) (local $op i32)
    (loop $next
      (local.set $op (i32.load (i32.shl (local.get $pc) (i32.const 2))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (block $halt
        (block $loop
          (block $add
            (block $jmp
              (br_table $jmp $add $loop $halt (local.get $op)))
            (local.set $pc (i32.load (i32.shl (local.get $pc) (i32.const 2))))
            (br $next))
          (local.set $acc (i32.add (local.get $acc)
                                   (i32.load (i32.shl (local.get $pc) (i32.const 2)))))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $next))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $pc (select (i32.load (i32.shl (local.get $pc) (i32.const 2)))
                               (i32.add (local.get $pc) (i32.const 1))
                               (local.get $n)))
        (br $next)))
    (local.get $acc)))
)";

class LoopDispatchTest : public WatTestFixture {
 protected:
  void LoadBoth(const std::string& wat, bool metering = false) {
    LoadWithPassOff(wat, &CompileOptions::copy_loop_dispatch, metering);
  }
  // How many table jumps the code of `name` holds.
  int TableJumps(const char* name) {
    const std::string code = Code(name);
    int n = 0;
    for (size_t at = code.find("BrTable"); at != std::string::npos; at = code.find("BrTable", at + 1)) ++n;
    return n;
  }
};

TEST_F(LoopDispatchTest, EachCaseEndsInACopyOfTheHeadAndComputesTheSame) {
  LoadBoth(kInterpreter);
  for (const char* f : {"run", "run2"}) {
    for (uint32_t n : {1u, 2u, 7u, 1000u}) {
      EXPECT_EQ(ExpectSameAsReference(f, {0, n}), TrapCode::kOk) << f;
      EXPECT_EQ(results_[0], 5 * n + 1) << f;
    }
    // The three cases that branch back each hold a copy; no Br is left.
    EXPECT_EQ(TableJumps(f), 4) << Code(f);
    EXPECT_EQ(Code(f).find(" Br "), std::string::npos) << Code(f);
  }
}

TEST_F(LoopDispatchTest, ATrapInACopyNamesTheHeadsInstruction) {
  LoadBoth(kInterpreter);
  for (const char* f : {"run", "run2"}) {
    // The program at word 32 jumps to word 0x4000: the fetch, in the jmp
    // case's copy of the head, is out of bounds.
    EXPECT_EQ(ExpectSameAsReference(f, {32, 1}), TrapCode::kMemoryOutOfBounds) << f;
    EXPECT_NE(TrapOffset(), 0u);
  }
}

TEST_F(LoopDispatchTest, MeteredFuelIsExactAtEveryBudget) {
  LoadBoth(kInterpreter, /*metering=*/true);
  for (const char* f : {"run", "run2"}) {
    int exhausted = 0;
    for (uint64_t fuel = 1; fuel <= 400; ++fuel) {
      if (ExpectSameAsReference(f, {0, 20}, fuel) == TrapCode::kFuelExhausted) ++exhausted;
    }
    EXPECT_GT(exhausted, 100) << f;  // the budgets reach into the loop
    EXPECT_EQ(TableJumps(f), 4) << Code(f);
  }
}

// The program at word 16 jumps to itself forever: every cycle still takes
// a backward jump, which checks the interrupt flag.
TEST_F(LoopDispatchTest, AStopEndsAnInterpreterThatNeverHalts) {
  LoadBoth(kInterpreter);
  for (const char* f : {"run", "run2"}) {
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      ctx_.RequestInterrupt();
    });
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(Call(f, {16, 1}), TrapCode::kInterrupted) << f;
    const auto took = std::chrono::steady_clock::now() - start;
    stopper.join();
    ctx_.ClearInterrupt();
    EXPECT_LT(took, std::chrono::seconds(5)) << f;
  }
}

// Not copied: a head that calls, a br inside a try_table (a throw in the
// copy would meet another handler), and a table with a stub that moves a
// carried value.
TEST_F(LoopDispatchTest, HeadsThatCannotBeCopiedKeepTheirJump) {
  LoadBoth(R"((module
    (func $op (param i32) (result i32) (i32.and (local.get 0) (i32.const 1)))
    (func (export "calls") (param $n i32) (result i32)
      (loop $next
        (block $b (br_table $b $b (call $op (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (if (i32.gt_s (local.get $n) (i32.const 0)) (then (br $next))))
      (local.get $n))
    (func (export "in_try") (param $n i32) (result i32)
      (block $caught
        (loop $next
          (block $b (br_table $b $b (local.get $n)))
          (try_table (catch_all $caught)
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (if (i32.gt_s (local.get $n) (i32.const 0)) (then (br $next))))))
      (local.get $n))
    (func (export "stub") (param $n i32) (result i32)
      (loop $next
        (drop (block $b (result i32)
          (i32.const 1)
          (i32.const 7)
          (br_table $b $b (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (if (i32.gt_s (local.get $n) (i32.const 0)) (then (br $next))))
      (local.get $n))))");
  for (const char* f : {"calls", "in_try", "stub"}) {
    EXPECT_EQ(ExpectSameAsReference(f, {6}), TrapCode::kOk) << f;
    EXPECT_EQ(results_[0], 0u) << f;
  }
  for (const char* f : {"calls", "in_try", "stub"}) EXPECT_EQ(TableJumps(f), 1) << f << Code(f);
}

// A switch of many cases, each ending in a br to the loop: the copies stop
// at the budget (Compiler::TryCopyLoopDispatch) instead of multiplying the
// code by the number of cases.
TEST_F(LoopDispatchTest, AHugeSwitchIsCopiedWithinABudget) {
  constexpr int kCases = 600;
  std::string blocks, labels, bodies;
  for (int i = 0; i < kCases; ++i) {
    blocks += "(block ";
    labels += absl::StrCat(" ", i);
    bodies += absl::StrFormat(
        ")(local.set $acc (i32.add (local.get $acc) (i32.const %d)))"
        "(local.set $x (i32.sub (local.get $x) (i32.const 1)))(br %d)",
        i, kCases - 1 - i);
  }
  const std::string wat = absl::StrCat(
      "(module (func (export \"sw\") (param $x i32) (result i32) (local $acc i32)"
      "(block $out (loop $next ",
      blocks, "(br_table", labels, " ", kCases + 1, " (local.get $x))", bodies,
      "))(local.get $acc)))");
  LoadWithPassOff(wat, &CompileOptions::copy_loop_dispatch);
  // x counts down through the cases to 0, then -1 leaves by the default.
  EXPECT_EQ(ExpectSameAsReference("sw", {kCases - 1}), TrapCode::kOk);
  EXPECT_EQ(results_[0], uint32_t(kCases * (kCases - 1) / 2));
  const auto words = [](const std::string& code) {
    return std::stoul(code.substr(code.find("; ") + 2));
  };
  const std::string copied = Code("sw");
  std::swap(inst_, reference_);
  const std::string plain_code = Code("sw");
  std::swap(inst_, reference_);
  EXPECT_GT(TableJumps("sw"), 1);
  EXPECT_LE(words(copied), 2 * words(plain_code) + 8192) << words(plain_code);
}

}  // namespace
}  // namespace weft::interp
