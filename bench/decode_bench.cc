// Decode+validate throughput (MB/s via SetBytesProcessed):
//   bazel run -c opt //bench:decode_bench
// Inputs: a ~10 MB generated module with varied bodies, the clang-built
// kernel modules, and clang-built wasm32-wasi programs (with wasi-libc).
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "bench/module_generator.h"
#include "benchmark/benchmark.h"
#include "decoder/decoder.h"
#include "validator/validator.h"

namespace weft::bench {
namespace {

const std::vector<uint8_t>& BigModule() {
  static const auto* bytes = new std::vector<uint8_t>(GenerateModule(10u << 20));
  return *bytes;
}

void BM_Decode(benchmark::State& state) {
  const auto& bytes = BigModule();
  for (auto _ : state) {
    auto module = DecodeModule(absl::MakeConstSpan(bytes));
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(module->get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

void BM_DecodeValidate(benchmark::State& state) {
  const auto& bytes = BigModule();
  for (auto _ : state) {
    auto module = DecodeModule(absl::MakeConstSpan(bytes));
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    absl::Status valid = ValidateModule(**module);
    if (!valid.ok()) {
      state.SkipWithError(std::string(valid.message()).c_str());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.counters["module_MB"] = bytes.size() / 1e6;
}
BENCHMARK(BM_DecodeValidate)->Unit(benchmark::kMillisecond);

// Decodes+validates each file of `paths` (runfiles-relative) per iteration.
void DecodeValidateFiles(benchmark::State& state, const std::vector<std::string>& paths) {
  std::vector<std::vector<uint8_t>> files;
  size_t total = 0;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      state.SkipWithError(("not found (use bazel run): " + path).c_str());
      return;
    }
    files.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    total += files.back().size();
  }
  for (auto _ : state) {
    for (const auto& bytes : files) {
      auto module = DecodeModule(absl::MakeConstSpan(bytes));
      if (!module.ok() || !ValidateModule(**module).ok()) {
        state.SkipWithError("module rejected");
        return;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
  state.counters["input_KB"] = total / 1e3;
}

// The freestanding clang -O2 kernels (small, code-dominated).
void BM_DecodeValidateKernels(benchmark::State& state) {
  std::vector<std::string> paths;
  for (const char* name : {"fib", "sieve", "matmul", "sha256", "nbody", "mandelbrot",
                           "crc32", "quicksort", "hashmap", "bytecode_vm"})
    paths.push_back(std::string("bench/kernels/") + name + ".wasm");
  DecodeValidateFiles(state, paths);
}
BENCHMARK(BM_DecodeValidateKernels);

// clang-built wasm32-wasi programs linked with wasi-libc (tests/wasi guests).
void BM_DecodeValidateClangWasiPrograms(benchmark::State& state) {
  std::vector<std::string> paths;
  for (const char* name : {"hello", "fs_ops", "dir_poll", "clock_random", "stdin_upper"})
    paths.push_back(std::string("tests/wasi/guests/") + name + ".wasm");
  DecodeValidateFiles(state, paths);
}
BENCHMARK(BM_DecodeValidateClangWasiPrograms)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace weft::bench

BENCHMARK_MAIN();
