// Costs of the embedding API's call paths (host->wasm and wasm->host), to
// compare with the interpreter's own call overhead (bench/micro_bench).
//   bazel run -c opt //api:api_bench
#include <cstdint>

#include "api/test_util.h"
#include "benchmark/benchmark.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"

namespace weft {
namespace {

struct Fixture {
  Fixture() {
    auto m = testing::CompileTestModule(engine, "basic");
    if (!m.ok()) return;
    linker.Define("env", "add", [](int32_t a, int32_t b) { return a + b; }).IgnoreError();
    linker.Define("env", "callback", [](int32_t x) { return x; }).IgnoreError();
    linker.Define("env", "fail", [](int32_t x) { return x; }).IgnoreError();
    auto i = linker.Instantiate(*m);
    if (i.ok()) inst = std::move(*i);
  }
  Engine engine;
  Linker linker{engine};
  std::unique_ptr<Instance> inst;
};

void BM_CallByName(benchmark::State& state) {
  Fixture f;
  if (f.inst == nullptr) return state.SkipWithError("setup failed");
  int32_t x = 0;
  for (auto _ : state) x = *f.inst->Call<int32_t(int32_t, int32_t)>("add", x, 1);
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_CallByName);

void BM_CallTypedHandle(benchmark::State& state) {
  Fixture f;
  if (f.inst == nullptr) return state.SkipWithError("setup failed");
  auto add = f.inst->GetTypedFunction<int32_t(int32_t, int32_t)>("add");
  int32_t x = 0;
  for (auto _ : state) x = *(*add)(x, 1);
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_CallTypedHandle);

void BM_CallUntypedHandle(benchmark::State& state) {
  Fixture f;
  if (f.inst == nullptr) return state.SkipWithError("setup failed");
  auto add = f.inst->GetFunction("add");
  Value args[2] = {Value::I32(1), Value::I32(2)};
  for (auto _ : state) benchmark::DoNotOptimize(add->Call(args));
}
BENCHMARK(BM_CallUntypedHandle);

// One host->wasm call whose wasm calls a typed host function once.
void BM_WasmCallsTypedHost(benchmark::State& state) {
  Fixture f;
  if (f.inst == nullptr) return state.SkipWithError("setup failed");
  auto fn = f.inst->GetTypedFunction<int32_t(int32_t, int32_t)>("call_host_add");
  int32_t x = 0;
  for (auto _ : state) x = *(*fn)(x, 1);
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_WasmCallsTypedHost);

}  // namespace
}  // namespace weft
