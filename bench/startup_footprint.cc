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
// Times are wall-clock (steady_clock; start-up is a latency) and this
// thread's CPU time (user + system, page faults included; less disturbed
// than wall time by other processes on a shared machine). Each is run
// --runs times; medians and minima are printed. The last block, "summary",
// has one line per figure for scripts (the CI test reads it): the name,
// the median (wall) and, for times, the median CPU time.
//
// Peak RSS is measured first, while this process is small: Linux carries a
// forked child's resident set over its exec into ru_maxrss (a maximum, so
// a parent smaller than the child does not show). /bin/true measured the
// same way gives the method's floor.
//
// Flags: --runs=N (default 5), --quick (small modules, one run: the CI
// test), --weft=PATH (default cli/weft), --trivial_wasm=PATH (default
// examples/hello.wasm), --real_wasm=PATH (a compiler-built module for
// figures 1-2, default bench/kernels/minidb.wasm). Defaults are runfiles
// paths, right under `bazel run`.
#include <time.h>
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
#include "absl/strings/str_format.h"
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

struct Flags {
  int runs = 5;
  bool quick = false;
  std::string weft = "cli/weft";
  std::string trivial_wasm = "examples/hello.wasm";
  std::string real_wasm = "bench/kernels/minidb.wasm";
};

using Clock = std::chrono::steady_clock;

// A point in wall-clock time and in this thread's CPU time.
struct Stamp {
  Clock::time_point wall;
  double cpu_ms = 0;
};

Stamp Now() {
  timespec cpu{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
  return {Clock::now(), cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6};
}

// An interval in milliseconds, wall and CPU.
struct Millis {
  double wall = 0;
  double cpu = 0;
};

Millis Between(const Stamp& start, const Stamp& end) {
  return {std::chrono::duration<double, std::milli>(end.wall - start.wall).count(),
          end.cpu_ms - start.cpu_ms};
}

// Median and minimum of one interval measured once per run.
struct Spread {
  Millis median;
  Millis min;
};

double MedianOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Spread SpreadOf(const std::vector<Millis>& runs) {
  std::vector<double> wall, cpu;
  for (const Millis& m : runs) {
    wall.push_back(m.wall);
    cpu.push_back(m.cpu);
  }
  return {{MedianOf(wall), MedianOf(cpu)},
          {*std::min_element(wall.begin(), wall.end()), *std::min_element(cpu.begin(), cpu.end())}};
}

std::string Describe(const Spread& s) {
  char text[128];
  std::snprintf(text, sizeof(text), "wall %.2f ms (min %.2f), CPU %.2f ms (min %.2f)",
                s.median.wall, s.min.wall, s.median.cpu, s.min.cpu);
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
  std::vector<Millis> ms;
  for (int i = 0; i < runs; ++i) {
    const Stamp start = Now();
    absl::Status status = load();
    const Stamp end = Now();
    if (!status.ok()) return status;
    ms.push_back(Between(start, end));
  }
  return SpreadOf(ms);
}

struct TranslationFigures {
  Millis mb_per_s;  // MB of function bodies per second of wall / CPU time
  double code_ratio = 0;
};

Millis PerSecond(double mb, const Millis& ms) {
  return {mb / (ms.wall / 1e3), mb / (ms.cpu / 1e3)};
}

// Figures 1 and 2 for one module.
absl::StatusOr<TranslationFigures> MeasureTranslation(const std::string& label,
                                                      absl::Span<const uint8_t> wasm, int runs) {
  using interp::CompilationMode;
  using interp::ModuleCode;
  auto once = ModuleCode::Load(wasm, {.mode = CompilationMode::kEager});
  if (!once.ok()) return once.status();
  const uint64_t body_bytes = FunctionBodyBytes((*once)->module());
  const ModuleCode::TranslatedSize size = (*once)->TranslatedSizeSoFar();
  once->reset();  // not resident while timing

  auto eager = TimeLoads(
      runs, [&] { return ModuleCode::Load(wasm, {.mode = CompilationMode::kEager}).status(); });
  if (!eager.ok()) return eager.status();
  auto validate_only = TimeLoads(runs, [&] {
    return ModuleCode::Load(wasm, {.mode = CompilationMode::kLazyTranslation}).status();
  });
  if (!validate_only.ok()) return validate_only.status();

  const double body_mb = body_bytes / 1e6;
  TranslationFigures figures;
  figures.mb_per_s = PerSecond(body_mb, eager->median);
  figures.code_ratio = static_cast<double>(size.code_bytes) / body_bytes;
  const Millis validate_mb_per_s = PerSecond(body_mb, validate_only->median);
  std::printf("  %s: %zu bytes, %u functions, function bodies %llu bytes (%.3f MB)\n",
              label.c_str(), wasm.size(), size.functions,
              static_cast<unsigned long long>(body_bytes), body_mb);
  std::printf(
      "    eager (decode+validate+translate), medians of %d: %s\n"
      "      -> %.1f MB/s wall, %.1f MB/s CPU\n",
      runs, Describe(*eager).c_str(), figures.mb_per_s.wall, figures.mb_per_s.cpu);
  std::printf(
      "    decode+validate only, for comparison: %s\n"
      "      -> %.1f MB/s wall, %.1f MB/s CPU\n",
      Describe(*validate_only).c_str(), validate_mb_per_s.wall, validate_mb_per_s.cpu);
  std::printf(
      "    threaded code %llu bytes = %.2fx the bodies; with the pc->offset maps "
      "(%llu bytes) %.2fx\n",
      static_cast<unsigned long long>(size.code_bytes), figures.code_ratio,
      static_cast<unsigned long long>(size.pc_map_bytes),
      static_cast<double>(size.code_bytes + size.pc_map_bytes) / body_bytes);
  return figures;
}

// One bytes -> first-instruction-of-_start run, split into its phases.
struct StartPhases {
  Millis compile;      // CompiledModule::Compile
  Millis instantiate;  // a Linker, its one host function, Instantiate
  Millis call;         // Call("_start") until the host function reads the clock
  Millis total;
};

constexpr absl::string_view kStopMessage = "startup_footprint: _start reached";

absl::StatusOr<StartPhases> TimeToStartOnce(const EngineConfig& config,
                                            absl::Span<const uint8_t> wasm) {
  const Stamp start = Now();
  Engine engine(config);
  auto module = CompiledModule::Compile(engine, wasm);
  if (!module.ok()) return module.status();
  const Stamp compiled = Now();
  Linker linker(engine);
  std::optional<Stamp> first_instruction;
  absl::Status defined = linker.DefineFunction(
      "bench", "first_instruction", FuncType{}, [&](absl::Span<const Value>, absl::Span<Value>) {
        first_instruction = Now();
        return absl::CancelledError(kStopMessage);  // ends _start here
      });
  if (!defined.ok()) return defined;
  auto instance = linker.Instantiate(*module);
  if (!instance.ok()) return instance.status();
  const Stamp instantiated = Now();
  auto result = (*instance)->Call("_start", {});
  if (!first_instruction.has_value()) {
    return absl::InternalError(absl::StrCat("_start did not reach its first instruction: ",
                                            result.ok() ? "returned" : result.status().ToString()));
  }
  if (result.ok() || !absl::StrContains(result.status().message(), kStopMessage)) {
    return absl::InternalError("_start did not stop at its first instruction");
  }
  return StartPhases{Between(start, compiled), Between(compiled, instantiated),
                     Between(instantiated, *first_instruction), Between(start, *first_instruction)};
}

// Figure 3 for one module and mode; returns the median total.
absl::StatusOr<Millis> MeasureTimeToStart(const char* mode, const EngineConfig& config,
                                          absl::Span<const uint8_t> wasm, int runs) {
  std::vector<Millis> compile, instantiate, call, total;
  for (int i = 0; i < runs; ++i) {
    auto phases = TimeToStartOnce(config, wasm);
    if (!phases.ok()) return phases.status();
    compile.push_back(phases->compile);
    instantiate.push_back(phases->instantiate);
    call.push_back(phases->call);
    total.push_back(phases->total);
  }
  const Spread t = SpreadOf(total);
  std::printf(
      "    %-16s %s\n"
      "      wall medians of the phases: compile %.2f, instantiate %.2f, "
      "call to first instruction %.3f ms\n",
      mode, Describe(t).c_str(), SpreadOf(compile).median.wall, SpreadOf(instantiate).median.wall,
      SpreadOf(call).median.wall);
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
  return static_cast<uint64_t>(MedianOf(kib));
}

struct PeakRss {
  uint64_t run_trivial_kib = 0;
  uint64_t version_kib = 0;
  std::optional<uint64_t> floor_kib;  // /bin/true; none where it is missing
};

absl::StatusOr<PeakRss> MeasurePeakRss(const Flags& flags, int runs) {
  PeakRss rss;
  auto run = MedianPeakRssKib({flags.weft, "run", flags.trivial_wasm, "world"}, runs);
  if (!run.ok()) return run.status();
  auto version = MedianPeakRssKib({flags.weft, "--version"}, runs);
  if (!version.ok()) return version.status();
  rss.run_trivial_kib = *run;
  rss.version_kib = *version;
  if (access("/bin/true", X_OK) == 0) {
    auto floor = MedianPeakRssKib({"/bin/true"}, runs);
    if (floor.ok()) rss.floor_kib = *floor;
  }
  return rss;
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
  std::printf("%ld CPUs online; times are wall-clock and this thread's CPU\n",
              sysconf(_SC_NPROCESSORS_ONLN));
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
  auto rss = MeasurePeakRss(flags, flags.quick ? 1 : 3);
  if (!rss.ok()) return rss.status();
  std::vector<std::string> summary;
  auto add = [&summary](const std::string& name, double value, std::optional<double> cpu = {}) {
    char line[160];
    std::snprintf(line, sizeof(line), "%-40s %12.2f", name.c_str(), value);
    summary.push_back(cpu.has_value() ? absl::StrCat(line, absl::StrFormat(" %12.2f", *cpu))
                                      : line);
  };

  std::printf("\n[1, 2] eager translation speed and threaded-code size\n");
  const size_t generated_size = flags.quick ? (64u << 10) : (1u << 20);
  const std::string generated_label = "generated_" + SizeLabel(generated_size);
  auto generated = MeasureTranslation(generated_label, GenerateModule(generated_size), flags.runs);
  if (!generated.ok()) return generated.status();
  auto minidb = MeasureTranslation("real (" + flags.real_wasm + ")", *real, flags.runs);
  if (!minidb.ok()) return minidb.status();
  add("translation_MB_per_s." + generated_label, generated->mb_per_s.wall, generated->mb_per_s.cpu);
  add("translation_MB_per_s.real", minidb->mb_per_s.wall, minidb->mb_per_s.cpu);
  add("code_size_ratio." + generated_label, generated->code_ratio);
  add("code_size_ratio.real", minidb->code_ratio);

  std::printf(
      "\n[3] bytes in memory -> first instruction of _start "
      "(compile + instantiate + call)\n");
  const std::vector<size_t> start_sizes = flags.quick ? std::vector<size_t>{64u << 10, 256u << 10}
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
      add("time_to_start_ms." + label + "." + key, median->wall, median->cpu);
    }
  }

  std::printf(
      "\n[4] peak RSS of the weft CLI (child process, wait4 ru_maxrss; "
      "measured before [1])\n");
  std::printf("  weft run %s world: %llu KiB (%.1f MiB)\n", flags.trivial_wasm.c_str(),
              static_cast<unsigned long long>(rss->run_trivial_kib), rss->run_trivial_kib / 1024.0);
  std::printf("  weft --version (no module): %llu KiB (%.1f MiB)\n",
              static_cast<unsigned long long>(rss->version_kib), rss->version_kib / 1024.0);
  if (rss->floor_kib.has_value()) {
    std::printf("  /bin/true, the method's floor: %llu KiB\n",
                static_cast<unsigned long long>(*rss->floor_kib));
  }
  add("peak_rss_KiB.weft_run_trivial", static_cast<double>(rss->run_trivial_kib));
  add("peak_rss_KiB.weft_version", static_cast<double>(rss->version_kib));

  std::printf("\n");
  PrintLoad("after");
  std::printf("summary (figure, median wall, median CPU)\n");
  for (const std::string& line : summary) std::printf("%s\n", line.c_str());
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
