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

void CompileWith(benchmark::State& state, EngineConfig config) {
  const auto& bytes = OneMegabyteModule();
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

// The default: every body validated, none translated.
void BM_CompileLazy(benchmark::State& state) { CompileWith(state, EngineConfig{}); }
BENCHMARK(BM_CompileLazy)->Unit(benchmark::kMillisecond);

void BM_CompileEager(benchmark::State& state) {
  CompileWith(state, EngineConfig{.eager_compile = true});
}
BENCHMARK(BM_CompileEager)->Unit(benchmark::kMillisecond);

// Structure only: bodies are validated on their first call.
void BM_CompileLazyValidation(benchmark::State& state) {
  CompileWith(state, EngineConfig{.lazy_validation = true});
}
BENCHMARK(BM_CompileLazyValidation)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weft::bench

BENCHMARK_MAIN();
