#include "interp/executor.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "interp/test_instance.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

uint64_t F32(float f) { uint32_t b; std::memcpy(&b, &f, 4); return b; }
uint64_t F64(double d) { uint64_t b; std::memcpy(&b, &d, 8); return b; }

class ExecutorTest : public WatTestFixture {
 protected:
  void LoadFile(CompileOptions options = {}, const char* file = "interp/testdata/basic.wasm") {
    LoadBytes(ReadFileBytes(file), options);
  }
  void SetUp() override { LoadFile(); }
};

TEST_F(ExecutorTest, Arithmetic) {
  EXPECT_EQ(Run("add", {2, 40}), 42u);
  EXPECT_EQ(Run("add", {0xFFFFFFFF, 2}), 1u);  // wraps, stays zero-extended
  EXPECT_EQ(Run("div_s", {uint32_t(-7), 2}), uint32_t(-3));
  EXPECT_EQ(Run("rem_s64", {uint64_t(INT64_MIN), uint64_t(-1)}), 0u);
  EXPECT_EQ(Run("trunc", {F64(-3.9)}), uint32_t(-3));
  EXPECT_EQ(Run("trunc_sat", {F64(1e20)}), 0xFFFFFFFFu);
  EXPECT_EQ(Run("fmin", {F32(0.0f), F32(-0.0f)}), F32(-0.0f));
}

TEST_F(ExecutorTest, TrapsCarrySpecMessages) {
  EXPECT_EQ(Call("div_s", {1, 0}), TrapCode::kIntegerDivideByZero);
  EXPECT_STREQ(TrapMessage(ctx_.trap), "integer divide by zero");
  EXPECT_EQ(Call("div_s", {0x80000000u, 0xFFFFFFFFu}), TrapCode::kIntegerOverflow);
  EXPECT_EQ(Call("trunc", {F64(NAN)}), TrapCode::kInvalidConversion);
  EXPECT_EQ(Call("trunc", {F64(3e9)}), TrapCode::kIntegerOverflow);
  EXPECT_EQ(Call("unreachable"), TrapCode::kUnreachable);
  ASSERT_EQ(ctx_.backtrace.size(), 1u);
  EXPECT_GT(ctx_.backtrace[0].code_offset, 0u);
}

TEST_F(ExecutorTest, CallsAndLoops) {
  EXPECT_EQ(Run("fib", {20}), 6765u);
  EXPECT_EQ(Run("sum", {100000}), 4999950000ull);
  EXPECT_EQ(Run("tee_loop", {4}), 10u);  // 4+3+2+1
  EXPECT_EQ(Run("multi"), uint32_t(10 - 3));
  EXPECT_EQ(Run("block_multi"), 30u);
  EXPECT_EQ(Run("select", {1}), 1u);
  EXPECT_EQ(Run("select", {0}), 2u);
  EXPECT_EQ(Run("global"), 15u);
  EXPECT_EQ(Run("global"), 20u);
}

TEST_F(ExecutorTest, BrTable) {
  EXPECT_EQ(Run("br_table", {0}), 100u);
  EXPECT_EQ(Run("br_table", {1}), 101u);
  EXPECT_EQ(Run("br_table", {2}), 102u);
  EXPECT_EQ(Run("br_table", {99}), 102u);
  EXPECT_EQ(Run("br_table_val", {0}), 7u);
  EXPECT_EQ(Run("br_table_val", {1}), 1007u);
  EXPECT_EQ(Run("br_table_val", {5}), 1007u);
}

TEST_F(ExecutorTest, Memory) {
  EXPECT_EQ(Run("load", {16}), 0x04030201u);
  EXPECT_EQ(Run("load8_s", {0}), 1u);
  EXPECT_EQ(Run("store_load", {0, 0x1122334455667788ull}), 0x1122334455667788ull);
  EXPECT_EQ(Call("load", {65533}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Run("load", {65532}), 0u);
  // u32 address + offset must not wrap: 0xFFFFFFF8 + 8 + 8 > size.
  EXPECT_EQ(Call("store_load", {0xFFFFFFF8u, 1}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Run("size"), 1u);
  EXPECT_EQ(Run("grow", {2}), 1u);
  EXPECT_EQ(Run("size"), 3u);
  EXPECT_EQ(Run("grow", {2}), 0xFFFFFFFFu);  // max 4
  EXPECT_EQ(Run("load", {3 * 65536 - 4}), 0u);
  EXPECT_EQ(Run("fill_copy"), 0x02010707u);
  const uint64_t size = 3 * 65536;
  EXPECT_EQ(Call("fill_n", {size - 1, 2}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("fill_n", {size, 0}), TrapCode::kOk);  // zero length at the end is fine
  EXPECT_EQ(Call("fill_n", {size + 1, 0}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("init", {200, 1, 3}), TrapCode::kOk);
  EXPECT_EQ(Run("load", {200}) & 0xFFFFFF, 0x646362u);  // "bcd"
  EXPECT_EQ(Call("init", {200, 4, 3}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("drop"), TrapCode::kOk);
  EXPECT_EQ(Call("init", {200, 0, 0}), TrapCode::kOk);
  EXPECT_EQ(Call("init", {200, 0, 1}), TrapCode::kMemoryOutOfBounds);
}

TEST_F(ExecutorTest, TablesAndIndirectCalls) {
  EXPECT_EQ(Run("call_ind", {0, 5}), 6u);
  EXPECT_EQ(Run("call_ind", {1, 5}), 10u);
  EXPECT_EQ(Call("call_ind", {2, 5}), TrapCode::kUninitializedElement);
  EXPECT_EQ(Call("call_ind", {4, 5}), TrapCode::kUndefinedElement);
  EXPECT_EQ(Call("call_ind_bad"), TrapCode::kIndirectCallTypeMismatch);
  EXPECT_EQ(Run("tables"), 6u + 1u + 0u);
  EXPECT_EQ(Call("table_oob"), TrapCode::kTableOutOfBounds);
}

TEST_F(ExecutorTest, DeepRecursionExhaustsCallStack) {
  EXPECT_EQ(Call("deep", {0}), TrapCode::kCallStackExhausted);
  EXPECT_TRUE(IsExhaustion(ctx_.trap));
  EXPECT_GT(ctx_.backtrace.size(), 1000u);
  // The context is reusable afterwards.
  EXPECT_EQ(Run("fib", {10}), 55u);
}

TEST_F(ExecutorTest, SlotStackCapAlsoExhausts) {
  ExecLimits limits;
  limits.max_call_depth = 1u << 30;
  limits.max_stack_slots = 4096;
  ExecContext small(limits);
  FunctionInstance* f = inst_->Func("deep");
  uint64_t arg = 0, res = 0;
  EXPECT_EQ(Invoke(small, f, &arg, &res), TrapCode::kCallStackExhausted);
}

TEST_F(ExecutorTest, InterruptStopsInfiniteLoop) {
  std::thread t([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ctx_.RequestInterrupt();
  });
  EXPECT_EQ(Call("spin"), TrapCode::kInterrupted);
  t.join();
  ctx_.ClearInterrupt();
  EXPECT_EQ(Run("add", {1, 2}), 3u);
}

// fib in basic.wat is exponential recursion without any loop: only the
// check on calls can stop it.
TEST_F(ExecutorTest, InterruptStopsRecursionWithoutLoops) {
  std::thread t([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ctx_.RequestInterrupt();
  });
  // fib(60) would take years; it must stop at a call soon after the request.
  EXPECT_EQ(Call("fib", {60}), TrapCode::kInterrupted);
  t.join();
  EXPECT_FALSE(ctx_.backtrace.empty());
  ctx_.ClearInterrupt();
  EXPECT_EQ(Run("fib", {10}), 55u);
}

TEST(FuelTest, ExactCountAndExhaustion) {
  auto t = MakeTestInstance(ReadFileBytes("interp/testdata/basic.wasm"), {.metering = true});
  ASSERT_TRUE(t.ok()) << t.status();
  ExecContext ctx;
  // add: local.get, local.get, i32.add, end = 4 instructions.
  ctx.set_fuel(100);
  uint64_t args[2] = {1, 2}, res[2];
  ASSERT_EQ(Invoke(ctx, (*t)->Func("add"), args, res), TrapCode::kOk);
  EXPECT_EQ(ctx.fuel(), 96u);
  ctx.set_fuel(3);
  EXPECT_EQ(Invoke(ctx, (*t)->Func("add"), args, res), TrapCode::kFuelExhausted);
  ctx.set_fuel(4);
  EXPECT_EQ(Invoke(ctx, (*t)->Func("add"), args, res), TrapCode::kOk);
  EXPECT_EQ(ctx.fuel(), 0u);
  // sum(n): per iteration: local.get, local.get, i32.ge_u, br_if (4) +
  // local.get, local.get, i64.extend_i32_u, i64.add, local.set, local.get,
  // i32.const, i32.add, local.set, br (10) = 14; entry: block, loop (2);
  // exit: 4 (the failing test) + local.get, end (2).
  ctx.set_fuel(1000000);
  uint64_t n = 10;
  ASSERT_EQ(Invoke(ctx, (*t)->Func("sum"), &n, res), TrapCode::kOk);
  EXPECT_EQ(res[0], 45u);
  EXPECT_EQ(1000000 - ctx.fuel(), 2u + 14u * 10 + 4u + 2u);
  // An infinite loop ends in fuel exhaustion.
  ctx.set_fuel(12345);
  EXPECT_EQ(Invoke(ctx, (*t)->Func("spin"), nullptr, res), TrapCode::kFuelExhausted);
  EXPECT_LT(ctx.fuel(), 2u);
}

// Compiler hazards of reading locals in place (see operand_reuse.wat).
class OperandReuseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = MakeTestInstance(ReadFileBytes("interp/testdata/operand_reuse.wasm"));
    ASSERT_TRUE(t.ok()) << t.status();
    inst_ = std::move(*t);
  }
  std::vector<uint64_t> Run(const char* name, std::vector<uint64_t> args) {
    FunctionInstance* f = inst_->Func(name);
    EXPECT_NE(f, nullptr) << name;
    if (f == nullptr) return {};
    std::vector<uint64_t> results(f->type->results.size() + 1, 0xDEAD);
    TrapCode t = Invoke(ctx_, f, args.data(), results.data());
    EXPECT_EQ(t, TrapCode::kOk) << name << ": " << TrapMessage(t);
    results.pop_back();
    return results;
  }
  std::unique_ptr<TestInstance> inst_;
  ExecContext ctx_;
};

TEST_F(OperandReuseTest, ReadsBeforeWritesSeeOldValues) {
  EXPECT_EQ(Run("get_then_set", {5}), std::vector<uint64_t>{11});
  EXPECT_EQ(Run("get_then_tee", {5}), std::vector<uint64_t>{uint32_t(5 - 50)});
  EXPECT_EQ(Run("swap", {1, 2}), (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(Run("swap_return", {1, 2}), (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(Run("call_args", {10}), std::vector<uint64_t>{19});
}

TEST_F(OperandReuseTest, ControlFlowMergesAndBranches) {
  EXPECT_EQ(Run("merge", {5, 1}), std::vector<uint64_t>{105});
  EXPECT_EQ(Run("merge", {5, 0}), std::vector<uint64_t>{10});
  EXPECT_EQ(Run("br_value", {3}), std::vector<uint64_t>{10});
  EXPECT_EQ(Run("count", {10}), std::vector<uint64_t>{45});
  EXPECT_EQ(Run("count", {0}), std::vector<uint64_t>{0});
  EXPECT_EQ(Run("sign", {uint64_t(-5)}), std::vector<uint64_t>{uint32_t(-1)});
  EXPECT_EQ(Run("sign", {0}), std::vector<uint64_t>{0});
  EXPECT_EQ(Run("sign", {7}), std::vector<uint64_t>{1});
  EXPECT_EQ(Run("is_zero", {0}), std::vector<uint64_t>{1});
  EXPECT_EQ(Run("is_zero", {3}), std::vector<uint64_t>{0});
  EXPECT_EQ(Run("mask_bits", {4, 0}), std::vector<uint64_t>{1});
  EXPECT_EQ(Run("mask_bits", {3, 2}), std::vector<uint64_t>{10});
  EXPECT_EQ(Run("mask_bits", {7, 8}), std::vector<uint64_t>{1});
  EXPECT_EQ(Run("mask_bits", {6, 2}), std::vector<uint64_t>{11});
  EXPECT_EQ(Run("max", {3, 9}), std::vector<uint64_t>{9});
  EXPECT_EQ(Run("max", {uint32_t(-3), uint32_t(-9)}), std::vector<uint64_t>{uint32_t(-3)});
}

TEST_F(OperandReuseTest, FoldedAddressesWrapLikeTheAdd) {
  EXPECT_EQ(Run("wrapped_load", {uint32_t(-4)}), std::vector<uint64_t>{0x1234});
  EXPECT_EQ(Run("wrapped_store", {uint32_t(-4), 77}), std::vector<uint64_t>{77});
}

TEST_F(OperandReuseTest, IndexedAddressesWrapAndTrap) {
  EXPECT_EQ(Run("indexed_load", {uint32_t(-4), 8}), std::vector<uint64_t>{0x4321});
  EXPECT_EQ(Run("indexed_store", {uint32_t(-4), 8, 99}), std::vector<uint64_t>{99});
  FunctionInstance* f = inst_->Func("indexed_load");
  ASSERT_NE(f, nullptr);
  uint64_t args[2] = {65533, 0}, res[2];
  EXPECT_EQ(Invoke(ctx_, f, args, res), TrapCode::kMemoryOutOfBounds);
}

TEST_F(OperandReuseTest, ShiftedIndexFusesWithWasmSemantics) {
  // shl by 35 is shl by 3; the sum wraps at 2^32.
  EXPECT_EQ(Run("add_shl", {1, 5}), std::vector<uint64_t>{41});
  EXPECT_EQ(Run("add_shl", {8, 0x20000000}), std::vector<uint64_t>{8});
  EXPECT_EQ(Run("scaled_load", {uint32_t(-4), 2}), std::vector<uint64_t>{0x5678});
  FunctionInstance* f = inst_->Func("scaled_load");
  ASSERT_NE(f, nullptr);
  uint64_t args[2] = {0, 16384}, res[2];  // 65536: out of bounds
  EXPECT_EQ(Invoke(ctx_, f, args, res), TrapCode::kMemoryOutOfBounds);
}

TEST_F(OperandReuseTest, ConstantStoreValues) {
  // Bytes at 100..107: 07 00 00 00 (i32) | 00 | ff (store8 of 0x1ff at
  // 105) | 00 00; the f32 -0.0 goes to 108, just past the i64 read back.
  EXPECT_EQ(Run("store_constants", {100, 0}), std::vector<uint64_t>{0x0000ff0000000007ull});
  FunctionInstance* f = inst_->Func("store_constants");
  ASSERT_NE(f, nullptr);
  uint64_t args[2] = {65530, 8}, res[2];  // the indexed i32 store is out of bounds
  EXPECT_EQ(Invoke(ctx_, f, args, res), TrapCode::kMemoryOutOfBounds);
}

TEST_F(OperandReuseTest, LoadedRightOperands) {
  EXPECT_EQ(Run("scale_loaded", {F64(4.0), 16}), std::vector<uint64_t>{F64(10.0)});
  EXPECT_EQ(Run("sum_loaded", {2, 32}), std::vector<uint64_t>{42});
  FunctionInstance* f = inst_->Func("scale_loaded");
  ASSERT_NE(f, nullptr);
  uint64_t args[2] = {F64(1.0), 65528}, res[2];  // the store already traps
  EXPECT_EQ(Invoke(ctx_, f, args, res), TrapCode::kMemoryOutOfBounds);
  FunctionInstance* g = inst_->Func("add_loaded");
  ASSERT_NE(g, nullptr);
  args[1] = 65529;  // 8 bytes from 65529 cross the end
  EXPECT_EQ(Invoke(ctx_, g, args, res), TrapCode::kMemoryOutOfBounds);
  EXPECT_FALSE(ctx_.backtrace.empty());
  args[1] = 65528;  // the last 8 bytes: in bounds
  EXPECT_EQ(Invoke(ctx_, g, args, res), TrapCode::kOk);
}

TEST_F(OperandReuseTest, FoldedAddressOutOfBoundsTraps) {
  FunctionInstance* f = inst_->Func("folded_oob");
  ASSERT_NE(f, nullptr);
  uint64_t arg = 4, res[2];
  // 4 + 65520 + 16 = 65540 > 65536 - 4.
  EXPECT_EQ(Invoke(ctx_, f, &arg, res), TrapCode::kMemoryOutOfBounds);
  arg = uint32_t(-65520);  // wraps to 0, + 16: in bounds
  EXPECT_EQ(Invoke(ctx_, f, &arg, res), TrapCode::kOk);
}

// v128 values take two slots; these check the layout where it differs
// from one slot per value (testdata/v128_frames.wat).
class V128FramesTest : public ExecutorTest {
 protected:
  void SetUp() override { LoadFile({}, "interp/testdata/v128_frames.wasm"); }
  // Lane i of an i32x4 result.
  uint32_t Lane(int i) const { return uint32_t(results_[i / 2] >> (32 * (i % 2))); }
};

constexpr uint64_t kLo = 0x0000000200000001u, kHi = 0x0000000400000003u;  // i32x4 1 2 3 4

TEST_F(V128FramesTest, BranchValuesMoveToTheLabelsSlots) {
  EXPECT_EQ(Run("label_moves", {1, kLo, kHi}), 105u);
  EXPECT_EQ(Run("label_moves", {0, kLo, kHi}), 201u);
  EXPECT_EQ(Run("loop_params", {10}), 55u);
  EXPECT_EQ(Run("table", {0}), 20u);
  EXPECT_EQ(Run("table", {1}), 21u);
  EXPECT_EQ(Run("table", {7}), 20u);
}

TEST_F(V128FramesTest, IfSelectCallsGlobalsAndLocals) {
  Run("choose", {0, 1, 2, 3, 4});
  EXPECT_EQ(results_[0], 3u);
  EXPECT_EQ(results_[1], 4u);
  Run("select_v", {1, 1, 2, 3, 4});
  EXPECT_EQ(results_[0], 1u);
  EXPECT_EQ(results_[1], 2u);
  EXPECT_EQ(Run("call_mix"), 2000u + 7u + 100u);
  Run("old_value", {kLo, kHi});
  EXPECT_EQ(results_[0], kLo);
  EXPECT_EQ(results_[1], kHi);
  Run("global_swap", {5, 6});
  EXPECT_EQ(Lane(0), 1u);
  EXPECT_EQ(Lane(3), 4u);
  Run("global_swap", {0, 0});
  EXPECT_EQ(results_[0], 5u);
  EXPECT_EQ(results_[1], 6u);
  Run("locals_zeroed");
  EXPECT_EQ(results_[0], 0u);
  EXPECT_EQ(results_[1], 0u);
}

// i8x16.shuffle has a portable handler and an SSSE3 one (used when the
// CPU has it); both must pick the same bytes.
TEST_F(V128FramesTest, ShuffleHandlersAgree) {
  const uint64_t a_lo = 0x0706050403020100, a_hi = 0x0f0e0d0c0b0a0908;
  const uint64_t b_lo = 0x1716151413121110, b_hi = 0x1f1e1d1c1b1a1918;
  const uint8_t want[16] = {31, 0, 16, 15, 1, 17, 30, 14, 2, 18, 29, 13, 3, 19, 28, 12};
  for (bool host_simd : {true, false}) {
    LoadFile({.host_simd = host_simd}, "interp/testdata/v128_frames.wasm");
    Run("shuffle", {a_lo, a_hi, b_lo, b_hi});
    uint8_t got[16];
    std::memcpy(got, results_.data(), 16);
    EXPECT_EQ(0, std::memcmp(got, want, 16)) << "host_simd=" << host_simd;
  }
}

TEST_F(V128FramesTest, FoldedAddressWrapsLikeI32Add) {
  EXPECT_EQ(Run("load_added", {0xFFFFFFF0u}), 0x04030201u);  // 0xFFFFFFF0 + 16 = 0
  EXPECT_EQ(Call("load_added", {65536 - 16 - 8}), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Call("load_added", {0xFFFFFFF8u}), TrapCode::kOk);  // wraps to 8
}

}  // namespace
}  // namespace weft::interp
