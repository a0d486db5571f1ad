// Host function shapes (typed and untyped) and sharing a module across
// threads.
#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <tuple>
#include <vector>

#include "api/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/host_function.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

TEST(HostFunctionTest, DeducedSignatures) {
  EXPECT_EQ(MakeHostFunction([](int32_t a, int32_t b) { return a + b; }).type,
            (FuncTypeOf<int32_t(int32_t, int32_t)>()));
  EXPECT_EQ(MakeHostFunction([](float, double) {}).type, (FuncTypeOf<void(float, double)>()));
  EXPECT_EQ(MakeHostFunction([](int64_t x) { return std::make_tuple(int32_t(x), x); }).type,
            (FuncTypeOf<std::tuple<int32_t, int64_t>(int64_t)>()));
  EXPECT_EQ(MakeHostFunction([](Caller&, uint32_t) -> absl::StatusOr<uint64_t> { return 1; }).type,
            (FuncTypeOf<uint64_t(uint32_t)>()));
  EXPECT_EQ(MakeHostFunction([]() -> absl::Status { return absl::OkStatus(); }).type,
            (FuncTypeOf<void()>()));
  int32_t (*fn)(int32_t) = [](int32_t x) { return x; };
  EXPECT_EQ(MakeHostFunction(fn).type, (FuncTypeOf<int32_t(int32_t)>()));
  int counter = 0;
  auto mutable_fn = [counter]() mutable { return ++counter; };
  EXPECT_EQ(MakeHostFunction(mutable_fn).type, (FuncTypeOf<int32_t()>()));
}

class HostShapesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = testing::CompileTestModule(engine_, "host_variants");
    ASSERT_TRUE(m.ok()) << m.status();
    Linker linker(engine_);
    ASSERT_TRUE(linker
                    .Define("env", "pair",
                            [](int64_t x) { return std::make_tuple(int32_t(-1), x * 2); })
                    .ok());
    ASSERT_TRUE(linker
                    .Define("env", "maybe",
                            [](int32_t x) -> absl::StatusOr<int32_t> {
                              if (x < 0) return absl::OutOfRangeError("negative");
                              return x + 1;
                            })
                    .ok());
    ASSERT_TRUE(linker
                    .DefineFunction("env", "bad_result", FuncTypeOf<int32_t()>(),
                                    [](absl::Span<const Value>, absl::Span<Value> results) {
                                      results[0] = Value::I64(1);  // wrong type
                                      return absl::OkStatus();
                                    })
                    .ok());
    ASSERT_TRUE(linker
                    .Define("env", "sink",
                            [this](float f, double d) {
                              f_ = f;
                              d_ = d;
                            })
                    .ok());
    auto inst = linker.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.status();
    inst_ = std::move(*inst);
  }

  Engine engine_;
  std::unique_ptr<Instance> inst_;
  float f_ = 0;
  double d_ = 0;
};

TEST_F(HostShapesTest, SeveralResults) {
  EXPECT_EQ(*inst_->Call<int64_t(int64_t)>("use_pair", 21), 41);
}

TEST_F(HostShapesTest, FallibleResult) {
  EXPECT_EQ(*inst_->Call<int32_t(int32_t)>("use_maybe", 1), 2);
  auto r = inst_->Call<int32_t(int32_t)>("use_maybe", -1);
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kHostTrap);
  EXPECT_THAT(r.status().message(), HasSubstr("host trap: negative"));
}

TEST_F(HostShapesTest, WrongResultTypeTraps) {
  auto r = inst_->Call<int32_t()>("use_bad");
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kHostTrap);
  EXPECT_THAT(r.status().message(), HasSubstr("stored a i64 as result 0 of type i32"));
}

TEST_F(HostShapesTest, FloatParameters) {
  ASSERT_TRUE(inst_->Call<void()>("use_sink").ok());
  EXPECT_EQ(f_, 1.5f);
  EXPECT_EQ(d_, -2.25);
}

TEST(HostFunctionTest, RejectsEmptyCallbacks) {
  Engine engine;
  Linker linker(engine);
  EXPECT_EQ(linker.DefineFunction("env", "e", FuncType{}, HostCallback()).code(),
            absl::StatusCode::kInvalidArgument);
}

// v128 takes two slots inside; through the API it is one Value, in calls,
// host functions and globals, next to one-slot values.
TEST(HostFunctionTest, V128ArgumentsResultsHostFunctionsAndGlobals) {
  Engine engine;
  Linker linker(engine);
  ASSERT_TRUE(linker
                  .DefineFunction("env", "swap_halves", FuncType{{ValType::kV128}, {ValType::kV128}},
                                  HostCallback([](absl::Span<const Value> args,
                                                  absl::Span<Value> results) {
                                    results[0] = Value::V128(args[0].v128_hi(), args[0].v128_lo());
                                    return absl::OkStatus();
                                  }))
                  .ok());
  auto m = testing::CompileTestModule(engine, "v128");
  ASSERT_TRUE(m.ok()) << m.status();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  const Value v = Value::V128(0x1111222233334444u, 0x5555666677778888u);
  auto swapped = (*inst)->Call("via_host", {v});
  ASSERT_TRUE(swapped.ok()) << swapped.status();
  ASSERT_EQ(swapped->size(), 1u);
  EXPECT_EQ((*swapped)[0].v128_lo(), 0x5555666677778888u);
  EXPECT_EQ((*swapped)[0].v128_hi(), 0x1111222233334444u);

  auto rotated = (*inst)->Call("rotate", {Value::I32(-7), v, Value::I64(1)});
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  ASSERT_EQ(rotated->size(), 3u);
  EXPECT_EQ((*rotated)[0].i64(), 1);
  EXPECT_EQ((*rotated)[1].v128_lo(), v.v128_lo());
  EXPECT_EQ((*rotated)[1].v128_hi(), v.v128_hi());
  EXPECT_EQ((*rotated)[2].i32(), -7);

  auto g = (*inst)->GetGlobal("g");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->v128_lo(), 0x0000000200000001u);
  EXPECT_EQ(g->v128_hi(), 0x0000000400000003u);
  ASSERT_TRUE((*inst)->SetGlobal("g", Value::V128(5, 7)).ok());
  auto sum = (*inst)->Call("lane_sum", {*(*inst)->GetGlobal("g")});
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ((*sum)[0].i32(), 12);
}

// One CompiledModule, many threads, each with its own Linker and Instance;
// the functions are compiled lazily, concurrently.
TEST(ThreadingTest, ModuleSharedAcrossThreads) {
  Engine engine(EngineConfig{.metering = true});
  auto m = testing::CompileTestModule(engine, "limits");
  ASSERT_TRUE(m.ok()) << m.status();
  std::shared_ptr<const CompiledModule> module = *m;
  constexpr int kThreads = 8;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Linker linker(engine);
      InstanceLimits limits;
      limits.fuel_per_call = 1000000;
      auto inst = linker.Instantiate(module, limits);
      if (!inst.ok()) return;
      bool ok = true;
      for (int i = 0; i < 200; ++i) {
        auto r = (*inst)->Call<int32_t(int32_t)>("sum", t + i);
        ok = ok && r.ok() && *r == (t + i) * (t + i - 1) / 2;
        ok = ok && (*inst)->remaining_fuel() == 1000000 - (13u * (t + i) + 8);
      }
      auto spin = (*inst)->Call<void()>("spin");
      ok = ok && GetTrapCode(spin) == TrapCode::kFuelExhausted;
      if (ok) ++good;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), kThreads);
}

}  // namespace
}  // namespace weft
