// Kernel suite: native vs interpreter time per kernel, their ratio, and the
// geometric mean of the ratios; also the interpreter with fuel metering on
// (an unlimited budget) and what metering costs over it.
//   bazel run -c opt //bench:kernels_bench [-- --benchmark_repetitions=5]
// (with repetitions the table uses each side's fastest run).
// The interpreter side loads bench/kernels/<name>.wasm into weft
// (bench/wasm_kernel.h) and checks that `run` returns the native checksum:
// a kernel that computes something else reports an error, not a time.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "bench/kernel_registry.h"
#include "benchmark/benchmark.h"
#include "bench/wasm_kernel.h"

namespace weft::bench {
namespace {

struct Result {
  double native_ns = 0;
  double interp_ns = 0;
  double fuel_ns = 0;  // the interpreter with metering
  uint32_t native_checksum = 0;
  uint32_t interp_checksum = 0;
};
std::map<std::string, Result>& Results() {
  static auto* results = new std::map<std::string, Result>;
  return *results;
}

void RunNative(benchmark::State& state, const Kernel* kernel) {
  uint32_t checksum = 0;
  for (auto _ : state) {
    checksum = kernel->native_run();
    benchmark::DoNotOptimize(checksum);
  }
  Result& r = Results()[kernel->name];
  r.native_checksum = checksum;
  state.counters["checksum"] = checksum;
}

void RunWasm(benchmark::State& state, const Kernel* kernel, bool metering) {
  interp::CompileOptions options;
  options.metering = metering;
  auto loaded =
      WasmKernel::Load(std::string("bench/kernels/") + kernel->name + ".wasm", options);
  if (!loaded.ok()) {
    state.SkipWithError(std::string(loaded.status().message()).c_str());
    return;
  }
  WasmKernel& wasm = **loaded;
  const uint32_t expected = kernel->native_run();
  uint32_t checksum = 0;
  for (auto _ : state) {
    wasm.context().set_fuel(UINT64_MAX);  // metering's cost, never its limit
    absl::StatusOr<uint32_t> r = wasm.Run();
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    checksum = *r;
  }
  if (checksum != expected) {
    state.SkipWithError("checksum differs from the native build");
    return;
  }
  Results()[kernel->name].interp_checksum = checksum;
  state.counters["checksum"] = checksum;
}
void RunInterp(benchmark::State& state, const Kernel* kernel) { RunWasm(state, kernel, false); }
void RunFuel(benchmark::State& state, const Kernel* kernel) { RunWasm(state, kernel, true); }

// Captures real times per benchmark for the summary table.
class TableReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred || run.iterations == 0) continue;
      if (run.run_type == Run::RT_Aggregate) continue;  // mean/median rows
      std::string name = run.benchmark_name();
      // CPU time: on a shared machine it is far steadier than wall time,
      // and both sides run single-threaded, so the ratio means the same.
      double ns = run.GetAdjustedCPUTime();  // in run.time_unit
      ns *= run.time_unit == benchmark::kMillisecond ? 1e6 : 1.0;
      auto slash = name.find('/');
      if (slash == std::string::npos) continue;
      std::string side = name.substr(0, slash), kernel = name.substr(slash + 1);
      kernel = kernel.substr(0, kernel.find('/'));
      // With --benchmark_repetitions=N the table keeps each side's best
      // run: interference on a shared machine only ever adds time.
      Result& result = Results()[kernel];
      double* slot_ptr = side == "native"   ? &result.native_ns
                         : side == "interp" ? &result.interp_ns
                         : side == "fuel"   ? &result.fuel_ns
                                            : nullptr;
      if (slot_ptr == nullptr) continue;
      double& slot = *slot_ptr;
      if (slot == 0 || ns < slot) slot = ns;
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

void PrintTable() {
  std::printf("\n%-12s %12s %12s %9s %12s %9s %12s\n", "kernel", "native ms", "interp ms",
              "ratio", "fuel ms", "fuel cost", "checksum");
  double log_sum = 0, fuel_log_sum = 0;
  int ratios = 0, fuel_ratios = 0;
  for (const Kernel& k : Kernels()) {
    const Result& r = Results()[k.name];
    char interp[32] = "n/a", ratio[32] = "n/a", fuel[32] = "n/a", fuel_cost[32] = "n/a";
    if (r.interp_ns > 0 && r.native_ns > 0) {
      std::snprintf(interp, sizeof(interp), "%.2f", r.interp_ns / 1e6);
      std::snprintf(ratio, sizeof(ratio), "%.1fx", r.interp_ns / r.native_ns);
      log_sum += std::log(r.interp_ns / r.native_ns);
      ++ratios;
    }
    if (r.fuel_ns > 0 && r.interp_ns > 0) {
      std::snprintf(fuel, sizeof(fuel), "%.2f", r.fuel_ns / 1e6);
      std::snprintf(fuel_cost, sizeof(fuel_cost), "%+.1f%%", 100 * (r.fuel_ns / r.interp_ns - 1));
      fuel_log_sum += std::log(r.fuel_ns / r.interp_ns);
      ++fuel_ratios;
    }
    std::printf("%-12s %12.2f %12s %9s %12s %9s %12u\n", k.name, r.native_ns / 1e6, interp,
                ratio, fuel, fuel_cost, r.native_checksum);
  }
  if (ratios > 0)
    std::printf("geometric mean ratio over %d kernels: %.2fx\n", ratios,
                std::exp(log_sum / ratios));
  else
    std::printf("geometric mean ratio: n/a (interpreter not available)\n");
  if (fuel_ratios > 0) {
    std::printf("metering costs %+.1f%% by geometric mean over %d kernels\n",
                100 * (std::exp(fuel_log_sum / fuel_ratios) - 1), fuel_ratios);
  }
}

}  // namespace
}  // namespace weft::bench

int main(int argc, char** argv) {
  using namespace weft::bench;
  for (const Kernel& k : Kernels()) {
    benchmark::RegisterBenchmark((std::string("native/") + k.name).c_str(), RunNative, &k)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("interp/") + k.name).c_str(), RunInterp, &k)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("fuel/") + k.name).c_str(), RunFuel, &k)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  TableReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  PrintTable();
  return 0;
}
