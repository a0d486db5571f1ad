// Text-format throughput (MB/s of .wat via SetBytesProcessed):
//   bazel run //bench:text_parse_bench
// Input: a ~10 MB generated module (bench/wat_generator.h). Tokenize alone,
// and the whole reader: tokens, parse and binary encoding (ParseWat).
#include <string>

#include "bench/wat_generator.h"
#include "benchmark/benchmark.h"
#include "text/lexer.h"
#include "text/parser.h"

namespace weft::bench {
namespace {

const std::string& BigWat() {
  static const auto* text = new std::string(GenerateWat(10u << 20));
  return *text;
}

void BM_Tokenize(benchmark::State& state) {
  const std::string& wat = BigWat();
  for (auto _ : state) {
    auto tokens = text::Tokenize(wat);
    if (!tokens.ok()) {
      state.SkipWithError(std::string(tokens.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(tokens->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * wat.size()));
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_ParseWat(benchmark::State& state) {
  const std::string& wat = BigWat();
  size_t binary_size = 0;
  for (auto _ : state) {
    auto binary = text::ParseWat(wat);
    if (!binary.ok()) {
      state.SkipWithError(std::string(binary.status().message()).c_str());
      return;
    }
    binary_size = binary->size();
    benchmark::DoNotOptimize(binary->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * wat.size()));
  state.counters["wat_MB"] = wat.size() / 1e6;
  state.counters["wasm_MB"] = binary_size / 1e6;
}
BENCHMARK(BM_ParseWat)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weft::bench

BENCHMARK_MAIN();
