// Start-up cost of a large module through the public API: bytes to a
// CompiledModule (decode, validate, translate per the engine's mode) and to
// a first call, for a generated module of about 1 MB.
//   bazel run //bench:startup_bench
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "bench/module_generator.h"
#include "benchmark/benchmark.h"
#include "weft/engine.h"
#include "weft/module.h"

namespace weft::bench {
namespace {

const std::vector<uint8_t>& OneMegabyteModule() {
  static const auto* bytes = new std::vector<uint8_t>(GenerateModule(1u << 20));
  return *bytes;
}

void CompileWith(benchmark::State& state, bool eager) {
  const auto& bytes = OneMegabyteModule();
  EngineConfig config;
  config.eager_compile = eager;
  Engine engine(config);
  for (auto _ : state) {
    auto module = CompiledModule::Compile(engine, absl::MakeConstSpan(bytes));
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(module->get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.counters["module_MB"] = bytes.size() / 1e6;
}

void BM_CompileLazy(benchmark::State& state) { CompileWith(state, false); }
BENCHMARK(BM_CompileLazy)->Unit(benchmark::kMillisecond);

void BM_CompileEager(benchmark::State& state) { CompileWith(state, true); }
BENCHMARK(BM_CompileEager)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weft::bench

BENCHMARK_MAIN();
