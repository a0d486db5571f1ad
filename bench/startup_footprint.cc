// Start-up and footprint figures, all four in one run:
//   bazel run -c opt //bench:startup_footprint [-- --runs=N]
//
//  1. Eager translation speed: MB of wasm code (the code section's function
//     bodies) per second through ModuleCode::Load in kEager mode — decode,
//     validate and translate every body to threaded code.
//  2. Threaded-code size: bytes of the compiled code (8-byte Words) over
//     the bytes of those function bodies, every function translated.
//  3. Time to `_start`: bytes already in memory -> CompiledModule::Compile
//     -> Linker::Instantiate -> Instance::Call("_start") -> the first
//     instruction of `_start` executing, for generated modules of 1 and 20
//     MiB. That first instruction calls a host function, which reads the
//     clock and then ends the call (the generated code is not meant to
//     run). Compilation modes: the default (every body validated, each
//     translated on its first call), lazy_validation, eager_compile.
//  4. Peak RSS (wait4's ru_maxrss) of the weft CLI as a child process
//     running examples/hello.wasm, and of `weft --version` for comparison.
//
// Times are wall-clock (steady_clock): start-up is a latency. Each is run
// --runs times; the median and the minimum are printed (on a shared machine
// the minimum is the least disturbed run). The last block, "summary", has
// one `name value` line per figure for scripts (the CI test reads it).
//
// Flags: --runs=N (default 5), --quick (small modules, one run: the CI
// test), --weft=PATH (default cli/weft), --trivial_wasm=PATH (default
// examples/hello.wasm), --real_wasm=PATH (a compiler-built module for
// figures 1-2, default bench/kernels/minidb.wasm). Defaults are runfiles
// paths, right under `bazel run`.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "bench/child_peak_rss.h"
#include "bench/module_generator.h"
#include "interp/module_code.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"

namespace weft::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  int runs = 5;
  bool quick = false;
  std::string weft = "cli/weft";
  std::string trivial_wasm = "examples/hello.wasm";
  std::string real_wasm = "bench/kernels/minidb.wasm";
};

double MillisSince(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double, std::milli>(end - start).count();
}

// Median and minimum of a figure measured once per run.
struct Spread {
  double median = 0;
  double min = 0;
};

Spread SpreadOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front()};
}

std::string Describe(const Spread& s, int runs) {
  char text[96];
  std::snprintf(text, sizeof(text), "median %.2f ms, min %.2f ms (%d run%s)", s.median, s.min,
                runs, runs == 1 ? "" : "s");
  return text;
}

absl::StatusOr<std::vector<uint8_t>> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "cannot read ", path, " (run through `bazel run`, or pass the path as a flag)"));
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Bytes of the code section's function bodies (locals and instructions;
// not the section's count or the bodies' size fields). A body's size field
// is a LEB128 u32 at body_offset, and its value is exactly that count.
uint64_t FunctionBodyBytes(const Module& module) {
  uint64_t total = 0;
  for (const FunctionBody& body : module.code) {
    uint64_t size = 0;
    for (uint32_t at = body.body_offset, shift = 0; at < module.bytes.size(); ++at, shift += 7) {
      size |= uint64_t{module.bytes[at] & 0x7Fu} << shift;
      if (!(module.bytes[at] & 0x80)) break;
    }
    total += size;
  }
  return total;
}

template <typename F>
absl::StatusOr<Spread> TimeLoads(int runs, F&& load) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const Clock::time_point start = Clock::now();
    absl::Status status = load();
    const Clock::time_point end = Clock::now();
    if (!status.ok()) return status;
    ms.push_back(MillisSince(start, end));
  }
  return SpreadOf(ms);
}

struct TranslationFigures {
  double mb_per_s = 0;
  double code_ratio = 0;
};

// Figures 1 and 2 for one module.
absl::StatusOr<TranslationFigures> MeasureTranslation(const std::string& label,
                                                      absl::Span<const uint8_t> wasm,
                                                      int runs) {
  using interp::CompilationMode;
  using interp::ModuleCode;
  auto once = ModuleCode::Load(wasm, {.mode = CompilationMode::kEager});
  if (!once.ok()) return once.status();
  const uint64_t body_bytes = FunctionBodyBytes((*once)->module());
  const ModuleCode::TranslatedSize size = (*once)->TranslatedSizeSoFar();
  once->reset();  // not resident while timing

  auto eager = TimeLoads(runs, [&] {
    return ModuleCode::Load(wasm, {.mode = CompilationMode::kEager}).status();
  });
  if (!eager.ok()) return eager.status();
  auto validate_only = TimeLoads(runs, [&] {
    return ModuleCode::Load(wasm, {.mode = CompilationMode::kLazyTranslation}).status();
  });
  if (!validate_only.ok()) return validate_only.status();

  const double body_mb = body_bytes / 1e6;
  TranslationFigures figures;
  figures.mb_per_s = body_mb / (eager->median / 1e3);
  figures.code_ratio = static_cast<double>(size.code_bytes) / body_bytes;
  std::printf("  %s: %zu bytes, %u functions, function bodies %llu bytes (%.3f MB)\n",
              label.c_str(), wasm.size(), size.functions,
              static_cast<unsigned long long>(body_bytes), body_mb);
  std::printf("    eager (decode+validate+translate): %s -> %.1f MB/s (%.1f MB/s at the min)\n",
              Describe(*eager, runs).c_str(), figures.mb_per_s, body_mb / (eager->min / 1e3));
  std::printf("    decode+validate only, for comparison: %s -> %.1f MB/s\n",
              Describe(*validate_only, runs).c_str(), body_mb / (validate_only->median / 1e3));
  std::printf("    threaded code %llu bytes = %.2fx the bodies; with the pc->offset maps "
              "(%llu bytes) %.2fx\n",
              static_cast<unsigned long long>(size.code_bytes), figures.code_ratio,
              static_cast<unsigned long long>(size.pc_map_bytes),
              static_cast<double>(size.code_bytes + size.pc_map_bytes) / body_bytes);
  return figures;
}

// One bytes -> first-instruction-of-_start run, split into its phases.
struct StartPhases {
  double compile_ms = 0;      // CompiledModule::Compile
  double instantiate_ms = 0;  // Linker, its one host function, Instantiate
  double total_ms = 0;        // up to the host function's clock read
};

constexpr absl::string_view kStopMessage = "startup_footprint: _start reached";

absl::StatusOr<StartPhases> TimeToStartOnce(const EngineConfig& config,
                                            absl::Span<const uint8_t> wasm) {
  const Clock::time_point start = Clock::now();
  Engine engine(config);
  auto module = CompiledModule::Compile(engine, wasm);
  if (!module.ok()) return module.status();
  const Clock::time_point compiled = Clock::now();
  Linker linker(engine);
  std::optional<Clock::time_point> first_instruction;
  absl::Status defined = linker.DefineFunction(
      "bench", "first_instruction", FuncType{},
      [&](absl::Span<const Value>, absl::Span<Value>) {
        first_instruction = Clock::now();
        return absl::CancelledError(kStopMessage);  // ends _start here
      });
  if (!defined.ok()) return defined;
  auto instance = linker.Instantiate(*module);
  if (!instance.ok()) return instance.status();
  const Clock::time_point instantiated = Clock::now();
  auto result = (*instance)->Call("_start", {});
  if (!first_instruction.has_value()) {
    return absl::InternalError(absl::StrCat("_start did not reach its first instruction: ",
                                            result.ok() ? "returned" : result.status().ToString()));
  }
  if (result.ok() || !absl::StrContains(result.status().message(), kStopMessage)) {
    return absl::InternalError("_start did not stop at its first instruction");
  }
  return StartPhases{MillisSince(start, compiled), MillisSince(compiled, instantiated),
                     MillisSince(start, *first_instruction)};
}

// Figure 3 for one module and mode; returns the median total.
absl::StatusOr<double> MeasureTimeToStart(const char* mode, const EngineConfig& config,
                                          absl::Span<const uint8_t> wasm, int runs) {
  std::vector<double> compile, instantiate, total;
  for (int i = 0; i < runs; ++i) {
    auto phases = TimeToStartOnce(config, wasm);
    if (!phases.ok()) return phases.status();
    compile.push_back(phases->compile_ms);
    instantiate.push_back(phases->instantiate_ms);
    total.push_back(phases->total_ms);
  }
  const Spread t = SpreadOf(total);
  std::printf("    %-16s %s   [medians: compile %.2f, instantiate %.2f, call to first "
              "instruction %.2f ms]\n",
              mode, Describe(t, runs).c_str(), SpreadOf(compile).median,
              SpreadOf(instantiate).median,
              t.median - SpreadOf(compile).median - SpreadOf(instantiate).median);
  return t.median;
}

// Figure 4: the median of `runs` children (ru_maxrss hardly varies).
absl::StatusOr<uint64_t> MedianPeakRssKib(const std::vector<std::string>& argv, int runs) {
  std::vector<double> kib;
  for (int i = 0; i < runs; ++i) {
    auto rss = ChildPeakRssKib(argv);
    if (!rss.ok()) return rss.status();
    kib.push_back(static_cast<double>(*rss));
  }
  return static_cast<uint64_t>(SpreadOf(kib).median);
}

std::string SizeLabel(size_t bytes) {
  return bytes % (1u << 20) == 0 ? absl::StrCat(bytes >> 20, "MiB")
                                 : absl::StrCat(bytes >> 10, "KiB");
}

void PrintLoad(const char* when) {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) {
    std::printf("load average %s: %.2f %.2f %.2f\n", when, load[0], load[1], load[2]);
  }
}

absl::Status Run(const Flags& flags) {
#ifdef NDEBUG
  std::printf("weft start-up and footprint (optimized build)\n");
#else
  std::printf("weft start-up and footprint (NOT an optimized build: use -c opt for figures)\n");
#endif
  std::printf("%ld CPUs online; wall-clock times\n", sysconf(_SC_NPROCESSORS_ONLN));
  PrintLoad("before");
  // Checked first, so a wrong path fails before minutes of measuring.
  auto real = ReadFile(flags.real_wasm);
  if (!real.ok()) return real.status();
  for (const std::string& path : {flags.weft, flags.trivial_wasm}) {
    if (access(path.c_str(), R_OK) != 0) {
      return absl::NotFoundError(absl::StrCat(
          "cannot find ", path, " (run through `bazel run`, or pass the path as a flag)"));
    }
  }
  std::vector<std::pair<std::string, double>> summary;

  std::printf("\n[1, 2] eager translation speed and threaded-code size\n");
  const size_t generated_size = flags.quick ? (64u << 10) : (1u << 20);
  const std::string generated_label = "generated_" + SizeLabel(generated_size);
  auto generated = MeasureTranslation(generated_label, GenerateModule(generated_size), flags.runs);
  if (!generated.ok()) return generated.status();
  auto minidb = MeasureTranslation("real (" + flags.real_wasm + ")", *real, flags.runs);
  if (!minidb.ok()) return minidb.status();
  summary.push_back({"translation_MB_per_s." + generated_label, generated->mb_per_s});
  summary.push_back({"translation_MB_per_s.real", minidb->mb_per_s});
  summary.push_back({"code_size_ratio." + generated_label, generated->code_ratio});
  summary.push_back({"code_size_ratio.real", minidb->code_ratio});

  std::printf("\n[3] bytes in memory -> first instruction of _start "
              "(compile + instantiate + call)\n");
  const std::vector<size_t> start_sizes =
      flags.quick ? std::vector<size_t>{64u << 10, 256u << 10}
                  : std::vector<size_t>{1u << 20, 20u << 20};
  for (size_t size : start_sizes) {
    const std::vector<uint8_t> wasm = GenerateModule(size, 1, {.with_start = true});
    std::printf("  generated module with _start, %zu bytes:\n", wasm.size());
    const std::string label = SizeLabel(size);
    struct Mode {
      const char* name;
      EngineConfig config;
    };
    for (const Mode& mode : {Mode{"default (lazy)", EngineConfig{}},
                             Mode{"lazy_validation", EngineConfig{.lazy_validation = true}},
                             Mode{"eager_compile", EngineConfig{.eager_compile = true}}}) {
      auto median = MeasureTimeToStart(mode.name, mode.config, wasm, flags.runs);
      if (!median.ok()) return median.status();
      const std::string key = mode.config.eager_compile     ? "eager"
                              : mode.config.lazy_validation ? "lazy_validation"
                                                            : "default";
      summary.push_back({"time_to_start_ms." + label + "." + key, *median});
    }
  }

  std::printf("\n[4] peak RSS of the weft CLI (child process, wait4 ru_maxrss)\n");
  const int rss_runs = flags.quick ? 1 : 3;
  auto run_rss = MedianPeakRssKib({flags.weft, "run", flags.trivial_wasm, "world"}, rss_runs);
  if (!run_rss.ok()) return run_rss.status();
  auto version_rss = MedianPeakRssKib({flags.weft, "--version"}, rss_runs);
  if (!version_rss.ok()) return version_rss.status();
  std::printf("  weft run %s world: %llu KiB (%.1f MiB), median of %d\n",
              flags.trivial_wasm.c_str(), static_cast<unsigned long long>(*run_rss),
              *run_rss / 1024.0, rss_runs);
  std::printf("  weft --version (no module): %llu KiB (%.1f MiB)\n",
              static_cast<unsigned long long>(*version_rss), *version_rss / 1024.0);
  summary.push_back({"peak_rss_KiB.weft_run_trivial", static_cast<double>(*run_rss)});
  summary.push_back({"peak_rss_KiB.weft_version", static_cast<double>(*version_rss)});

  std::printf("\n");
  PrintLoad("after");
  std::printf("summary\n");
  for (const auto& [name, value] : summary) std::printf("%-45s %.2f\n", name.c_str(), value);
  return absl::OkStatus();
}

constexpr char kUsage[] =
    "usage: startup_footprint [--runs=N] [--quick] [--weft=PATH] [--trivial_wasm=PATH] "
    "[--real_wasm=PATH]\n";

std::optional<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  bool runs_given = false;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    auto value_of = [&](absl::string_view name, std::string* out) {
      if (!absl::StartsWith(arg, name)) return false;
      *out = std::string(arg.substr(name.size()));
      return true;
    };
    std::string runs;
    if (arg == "--quick") {
      flags.quick = true;
    } else if (value_of("--runs=", &runs)) {
      if (!absl::SimpleAtoi(runs, &flags.runs) || flags.runs < 1 || flags.runs > 1000) {
        std::fprintf(stderr, "startup_footprint: --runs wants 1..1000, not '%s'\n", runs.c_str());
        return std::nullopt;
      }
      runs_given = true;
    } else if (!value_of("--weft=", &flags.weft) &&
               !value_of("--trivial_wasm=", &flags.trivial_wasm) &&
               !value_of("--real_wasm=", &flags.real_wasm)) {
      std::fprintf(stderr, "startup_footprint: unknown argument '%s'\n%s", argv[i], kUsage);
      return std::nullopt;
    }
  }
  if (flags.quick && !runs_given) flags.runs = 1;
  return flags;
}

}  // namespace
}  // namespace weft::bench

int main(int argc, char** argv) {
  const std::optional<weft::bench::Flags> flags = weft::bench::ParseFlags(argc, argv);
  if (!flags.has_value()) return 2;
  const absl::Status status = weft::bench::Run(*flags);
  if (!status.ok()) {
    std::fprintf(stderr, "startup_footprint: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
