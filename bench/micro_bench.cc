// Microbenchmarks of the interpreter's fixed costs (bench/micro/calls.wat):
// call overhead wasm->wasm (direct and indirect), wasm->host and
// host->wasm, a memory load/store loop, fuel metering on and off, and
// (bench/micro/wasm3.wat) a tail call and a throw caught 10 frames up.
//   bazel run -c opt //bench:micro_bench
// Each loop benchmark reports ns per iteration in the "ns/iter" counter.
//
// Interruption checks (on backward branches and function entry) are always
// compiled in; their cost is measured by building this benchmark with
// --copt=-DWEFT_INTERP_NO_INTERRUPT_CHECKS, which removes them (never do
// that for real use: a guest could then not be stopped).
#include <cstdint>
#include <memory>
#include <string>

#include "bench/wasm_kernel.h"
#include "benchmark/benchmark.h"
#include "interp/executor.h"

namespace weft::bench {
namespace {

constexpr uint32_t kIterations = 1000000;

interp::TrapCode HostInc(void*, const uint64_t* args, uint64_t* results,
                         interp::ExecContext*) {
  results[0] = uint32_t(args[0] + 1);
  return interp::TrapCode::kOk;
}

std::unique_ptr<WasmKernel> LoadMicro(bool metering, const char* file = "bench/micro/calls.wasm") {
  interp::CompileOptions options;
  options.metering = metering;
  auto loaded = WasmKernel::Load(
      file, options,
      [](runtime::Store& store, runtime::Linker& linker) {
        static const FuncType kType{{ValType::kI32}, {ValType::kI32}};
        runtime::Extern e;
        e.kind = ExternKind::kFunc;
        e.func = store.AddHostFunction(kType, HostInc, nullptr);
        linker.Define("bench", "host_inc", e);
      });
  return loaded.ok() ? std::move(*loaded) : nullptr;
}

// Runs export `name`(kIterations) of `file` per benchmark iteration.
void FileLoopBenchmark(benchmark::State& state, const char* file, const char* name,
                       bool metering) {
  std::unique_ptr<WasmKernel> k = LoadMicro(metering, file);
  interp::FunctionInstance* f = k ? k->Export(name) : nullptr;
  if (f == nullptr) {
    state.SkipWithError("the micro module did not load");
    return;
  }
  uint64_t arg = kIterations, result = 0;
  for (auto _ : state) {
    if (metering) k->context().set_fuel(UINT64_MAX);
    if (interp::Invoke(k->context(), f, &arg, &result) != interp::TrapCode::kOk) {
      state.SkipWithError("trapped");
      return;
    }
    benchmark::DoNotOptimize(result);
  }
  state.counters["ns/iter"] = benchmark::Counter(
      double(state.iterations()) * kIterations,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void LoopBenchmark(benchmark::State& state, const char* name, bool metering) {
  FileLoopBenchmark(state, "bench/micro/calls.wasm", name, metering);
}

void Wasm3Benchmark(benchmark::State& state, const char* name) {
  FileLoopBenchmark(state, "bench/micro/wasm3.wasm", name, false);
}

void HostToWasm(benchmark::State& state) {
  std::unique_ptr<WasmKernel> k = LoadMicro(false);
  interp::FunctionInstance* f = k ? k->Export("nop") : nullptr;
  if (f == nullptr) {
    state.SkipWithError("bench/micro/calls.wasm did not load");
    return;
  }
  uint64_t arg = 1, result = 0;
  for (auto _ : state) {
    interp::Invoke(k->context(), f, &arg, &result);
    benchmark::DoNotOptimize(result);
  }
  state.counters["ns/iter"] = benchmark::Counter(
      double(state.iterations()), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Fuel on a real kernel: the same module compiled with and without metering.
void KernelFuel(benchmark::State& state, const char* kernel, bool metering) {
  interp::CompileOptions options;
  options.metering = metering;
  auto k = WasmKernel::Load(std::string("bench/kernels/") + kernel + ".wasm", options);
  if (!k.ok()) {
    state.SkipWithError(std::string(k.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    if (metering) (*k)->context().set_fuel(UINT64_MAX);
    absl::StatusOr<uint32_t> r = (*k)->Run();
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(*r);
  }
}

BENCHMARK_CAPTURE(LoopBenchmark, wasm_to_wasm, "wasm_to_wasm", false);
BENCHMARK_CAPTURE(LoopBenchmark, wasm_to_wasm_indirect, "wasm_to_wasm_indirect", false);
BENCHMARK_CAPTURE(LoopBenchmark, wasm_to_host, "wasm_to_host", false);
BENCHMARK(HostToWasm);
BENCHMARK_CAPTURE(Wasm3Benchmark, tail_call_mutual, "tail_mutual");
BENCHMARK_CAPTURE(Wasm3Benchmark, throw_catch_10_frames, "throw_catch_10");
BENCHMARK_CAPTURE(Wasm3Benchmark, return_10_frames, "return_10");
BENCHMARK_CAPTURE(LoopBenchmark, memory_load_store, "memory_sum", false);
BENCHMARK_CAPTURE(LoopBenchmark, count_fuel_off, "count", false);
BENCHMARK_CAPTURE(LoopBenchmark, count_fuel_on, "count", true);
BENCHMARK_CAPTURE(KernelFuel, fib_fuel_off, "fib", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(KernelFuel, fib_fuel_on, "fib", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(KernelFuel, sieve_fuel_off, "sieve", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(KernelFuel, sieve_fuel_on, "sieve", true)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weft::bench

BENCHMARK_MAIN();
