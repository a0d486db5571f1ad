// `weft run [FLAGS] FILE.wasm [ARGS...]`: run a WASI command (its `_start`)
// with the granted capabilities and exit with the guest's exit code, or
// with --invoke NAME call one export with ARGS parsed from its signature.
// Flags come before FILE; everything after FILE belongs to the guest.
// Built on the public API (include/weft) only, as any embedder would be.
//
// Exit status: the guest's (proc_exit(N) -> N & 0xff; 0 when _start or the
// invoked function returns); kExitTrap (134) on a trap, fuel exhaustion or
// --timeout; 1 for a module that does not decode, validate, link or
// instantiate; 2 for bad usage, an unreadable FILE or a bad --dir.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cli/command.h"
#include "cli/flame_graph.h"
#include "cli/invoke_values.h"
#include "cli/run_wasi.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/profiler.h"
#include "weft/spectest.h"
#include "weft/trap_code.h"
#include "weft/wasi.h"

namespace weft::cli {
namespace {

struct RunLimits {
  uint64_t max_pages = kMaxPages;
  std::optional<uint64_t> fuel;
  std::optional<absl::Duration> timeout;
};

// --profile FILE: where the samples go, and in which form.
struct ProfileRequest {
  std::string path;
  bool svg = false;  // a flame graph; else folded stacks
  absl::Duration interval = Profiler::DefaultInterval();
};

// nullopt without --profile. Checks FILE can be written before the guest
// runs, so that a typo does not cost a whole run.
absl::StatusOr<std::optional<ProfileRequest>> ParseProfile(const ParsedArgs& args) {
  if (!args.Has("profile")) {
    if (args.Has("profile-interval")) {
      return absl::InvalidArgumentError("--profile-interval needs --profile FILE");
    }
    return std::optional<ProfileRequest>();
  }
  ProfileRequest p;
  p.path = args.Get("profile");
  if (absl::EndsWith(p.path, ".svg")) {
    p.svg = true;
  } else if (!absl::EndsWith(p.path, ".folded")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--profile ", p.path, ": expected a .folded (folded stacks) or .svg (flame graph) file"));
  }
  if (args.Has("profile-interval")) {
    auto d = ParsePositiveDuration(args.Get("profile-interval"));
    if (!d.ok()) return d.status();
    p.interval = *d;
  }
  std::ofstream probe(p.path, std::ios::trunc);
  if (!probe) {
    return absl::InvalidArgumentError(
        absl::StrCat("--profile ", p.path, ": cannot write: ", std::strerror(errno)));
  }
  return std::optional<ProfileRequest>(std::move(p));
}

// Writes the profile of a finished run (whatever its exit status: a trap
// or proc_exit is often what the profile is about); false on failure.
bool WriteProfile(const ProfileRequest& request, const Profiler& profiler,
                  const std::string& module_path, const Context& ctx) {
  const std::string folded = profiler.FoldedStacks();
  std::ofstream file(request.path, std::ios::trunc);
  file << (request.svg ? FlameGraphSvg(folded, module_path) : folded);
  file.close();
  if (!file) {
    ctx.err << "weft run: --profile " << request.path << ": cannot write: "
            << std::strerror(errno) << "\n";
    return false;
  }
  ctx.err << "weft run: profile of " << profiler.sample_count() << " samples written to "
          << request.path << "\n";
  return true;
}

absl::StatusOr<RunLimits> ParseLimits(const ParsedArgs& args) {
  RunLimits l;
  if (args.Has("max-memory")) {
    auto size = ParseByteSize(args.Get("max-memory"));
    if (!size.ok()) return size.status();
    if (*size % kPageSize != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--max-memory ", args.Get("max-memory"),
          ": not a whole number of 64 KiB pages (e.g. 64KiB, 1MiB, 256MiB)"));
    }
    l.max_pages = std::min<uint64_t>(*size / kPageSize, kMaxPages);
  }
  if (args.Has("fuel")) {
    auto n = ParseCount(args.Get("fuel"));
    if (!n.ok()) return n.status();
    l.fuel = *n;
  }
  if (args.Has("timeout")) {
    auto d = ParsePositiveDuration(args.Get("timeout"));
    if (!d.ok()) return d.status();
    l.timeout = *d;
  }
  return l;
}

std::string Basename(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// One run: the budget every call draws from (--fuel and --timeout cover
// the start function, _initialize and the call together) and how a
// finished call turns into an exit status.
class Run {
 public:
  Run(const std::string& path, const RunLimits& limits, Profiler* profiler, const Context& ctx)
      : path_(path), ctx_(ctx), fuel_(limits.fuel), profiler_(profiler) {
    if (limits.timeout) deadline_ = absl::Now() + *limits.timeout;
  }

  // The budget for the next outermost call (or the start function).
  CallOptions Budget() const {
    CallOptions o;
    o.fuel = fuel_;
    o.deadline = deadline_;
    o.profiler = profiler_;
    return o;
  }
  void Spent(const Instance& instance) {
    if (fuel_) fuel_ = instance.remaining_fuel();
  }

  // A failed call or instantiation's exit status: the guest's proc_exit
  // code, a trap (message and backtrace on stderr), or a load/link error.
  int Failed(const absl::Status& status) const {
    if (wasi_ != nullptr && wasi_->exit_code().has_value()) {
      return int(*wasi_->exit_code() & 0xff);
    }
    if (GetTrapCode(status) != TrapCode::kOk) {
      // An uncaught exception is not a trap: its message says what it is.
      const bool exception = GetTrapCode(status) == TrapCode::kUncaughtException;
      ctx_.err << (exception ? "" : "trap: ") << status.message() << "\n";
      return kExitTrap;
    }
    ctx_.err << path_ << ": " << status.message() << "\n";
    return kExitFailure;
  }

  void set_wasi(std::shared_ptr<Wasi> wasi) { wasi_ = std::move(wasi); }

 private:
  const std::string& path_;
  const Context& ctx_;
  std::optional<uint64_t> fuel_;
  std::optional<absl::Time> deadline_;
  Profiler* profiler_;
  std::shared_ptr<Wasi> wasi_;
};

bool ExportsFunction(const CompiledModule& module, absl::string_view name) {
  for (const ExportInfo& e : module.exports()) {
    if (e.name == name) return e.type.kind == ExternKind::kFunc;
  }
  return false;
}

// Calls an export taking and returning nothing (_start, _initialize);
// nullopt when it returned normally.
std::optional<int> CallVoidExport(Run& run, Instance& inst, const std::string& name,
                                  const std::string& path, const Context& ctx) {
  const FuncType type = *inst.GetFunctionType(name);
  if (!type.params.empty() || !type.results.empty()) {
    ctx.err << path << ": \"" << name << "\" must have type () -> (), has "
            << FuncTypeToString(type) << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::vector<Value>> r = inst.Call(name, {}, run.Budget());
  run.Spent(inst);
  if (!r.ok()) return run.Failed(r.status());
  return std::nullopt;
}

int InvokeExport(Run& run, Instance& inst, const std::string& name,
                 const std::vector<std::string>& argv, const Context& ctx) {
  if (!ExportsFunction(inst.module(), name)) {
    return ctx.UsageError(absl::StrCat("no exported function \"", name, "\""));
  }
  const FuncType type = *inst.GetFunctionType(name);
  if (argv.size() != type.params.size()) {
    return ctx.UsageError(absl::StrCat("\"", name, "\" takes ", type.params.size(),
                                       " argument(s) ", FuncTypeToString(type), ", got ",
                                       argv.size()));
  }
  std::vector<Value> args;
  for (size_t i = 0; i < argv.size(); ++i) {
    absl::StatusOr<Value> v = ParseArgValue(type.params[i], argv[i]);
    if (!v.ok()) return ctx.UsageError(v.status().message());
    args.push_back(*v);
  }
  absl::StatusOr<std::vector<Value>> results = inst.Call(name, args, run.Budget());
  run.Spent(inst);
  if (!results.ok()) return run.Failed(results.status());
  for (const Value& v : *results) ctx.out << FormatResult(v) << "\n";
  return kExitOk;
}

int RunModule(const ParsedArgs& args, const RunLimits* limits, Profiler* profiler,
              const Context& ctx) {
  const std::string& path = args.positional[0];
  const std::vector<std::string> rest(args.positional.begin() + 1, args.positional.end());
  const bool invoke = args.Has("invoke");

  int read_failure = kExitOk;
  std::optional<WasmFeatures> features = FeaturesFromFlags(args, ctx, &read_failure);
  if (!features) return read_failure;
  absl::StatusOr<std::string> bytes = ReadModuleFile(path, ctx, &read_failure);
  if (!bytes.ok()) return read_failure;
  EngineConfig config;
  config.metering = limits->fuel.has_value();
  config.features = *features;
  Engine engine(config);
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
  if (!module.ok()) {
    ctx.err << path << ": " << module.status().message() << "\n";
    return kExitFailure;
  }

  Linker linker(engine);
  Run run(path, *limits, profiler, ctx);
  // A command always gets WASI (with nothing granted unless asked); with
  // --invoke only a module that imports it does, and ARGS are the export's.
  std::shared_ptr<Wasi> wasi;
  if (!invoke || ImportsWasi(**module)) {
    absl::StatusOr<std::shared_ptr<Wasi>> w = DefineRunWasi(
        linker, args, args.Has("argv0") ? args.Get("argv0") : Basename(path),
        invoke ? std::vector<std::string>{} : rest, &std::cerr);
    if (!w.ok()) return ctx.UsageError(w.status().message());
    wasi = *std::move(w);
    run.set_wasi(wasi);
  }
  if (absl::Status st = DefineSpectest(linker); !st.ok()) {
    ctx.err << st.message() << "\n";
    return kExitFailure;
  }

  InstantiateOptions options;
  options.limits = engine.config().default_limits;
  options.limits->max_memory_pages = uint32_t(limits->max_pages);
  options.start = run.Budget();
  absl::StatusOr<std::unique_ptr<Instance>> inst = linker.Instantiate(*module, options);
  if (!inst.ok()) return run.Failed(inst.status());
  Instance& instance = **inst;
  run.Spent(instance);
  if (wasi != nullptr) {
    if (absl::Status st = wasi->Attach(instance); !st.ok()) {
      ctx.err << path << ": " << st.message() << "\n";
      return kExitFailure;
    }
  }

  if (invoke) {
    // A reactor initialises itself before any other export is called.
    if (ExportsFunction(**module, "_initialize")) {
      if (auto done = CallVoidExport(run, instance, "_initialize", path, ctx)) return *done;
    }
    return InvokeExport(run, instance, args.Get("invoke"), rest, ctx);
  }
  if (!ExportsFunction(**module, "_start")) {
    ctx.err << path << ": no \"_start\" export to run (for a library or "
            << "reactor module, call an export with --invoke NAME)\n";
    return kExitFailure;
  }
  return CallVoidExport(run, instance, "_start", path, ctx).value_or(kExitOk);
}

int RunRun(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.empty()) return ctx.UsageError("expected FILE.wasm");
  absl::StatusOr<RunLimits> limits = ParseLimits(args);
  if (!limits.ok()) return ctx.UsageError(limits.status().message());
  absl::StatusOr<std::optional<ProfileRequest>> profile = ParseProfile(args);
  if (!profile.ok()) return ctx.UsageError(profile.status().message());
  if (!profile->has_value()) return RunModule(args, &*limits, nullptr, ctx);
  Profiler profiler((*profile)->interval);
  const int exit_code = RunModule(args, &*limits, &profiler, ctx);
  if (exit_code == kExitUsage) {
    // Nothing ran (no FILE, a bad --dir...): no profile, not even the
    // empty file that checked the path.
    std::remove((*profile)->path.c_str());
    return exit_code;
  }
  const bool written = WriteProfile(**profile, profiler, args.positional[0], ctx);
  return exit_code == kExitOk && !written ? kExitFailure : exit_code;
}

}  // namespace

const Command& RunCommand() {
  static const Command* const kCommand = new Command{
      "run",
      "[FLAGS] FILE.wasm [ARGS...]",
      "Run a WebAssembly program (WASI command) or call one export.",
      "Runs FILE's _start with WASI preview1; the guest's argv is FILE's base\n"
      "name (or --argv0 NAME) then ARGS. Flags go before FILE: everything\n"
      "after it is the guest's. Nothing is granted unless asked: no directories, no\n"
      "environment, no sockets. stdin/stdout/stderr are the host's.\n"
      "\n"
      "With --invoke NAME, calls that export instead (after _initialize, if\n"
      "exported); ARGS are parsed from its parameter types (integers: an\n"
      "optional sign, then decimal or 0x hex digits; floats: decimal or hex,\n"
      "inf, nan; nothing else) and results print one per line as\n"
      "type:value. WASI is linked if the module imports it; \"spectest\" is\n"
      "always importable.\n"
      "\n"
      "Exit status: the guest's own (proc_exit(N) gives N & 0xff, returning\n"
      "from _start gives 0); 134 if it traps (the message and a backtrace go\n"
      "to stderr), also for --fuel and --timeout; 1 if FILE does not decode,\n"
      "validate or link; 2 for bad usage, an unreadable FILE or a bad --dir.\n"
      "\n"
      "--profile FILE samples the guest's wasm call stack (1,000 times a\n"
      "second by default) and writes, when the run ends, folded stacks\n"
      "(FILE.folded: \"main;work;hot 812\" lines, for flame-graph tools) or a\n"
      "flame graph (FILE.svg). Names are demangled. Time blocked in a WASI\n"
      "call counts under the guest's stack with the call as its leaf\n"
      "(\"main;read;[wasi:fd_read]\").\n",
      {
          {"dir", "HOST[::GUEST]", "preopen a host directory", true},
          {"dir-ro", "HOST[::GUEST]", "preopen a directory read-only", true},
          {"env", "KEY[=VALUE]", "set a guest variable (bare KEY: the host's)", true},
          {"inherit-env", nullptr, "give the guest the whole host environment"},
          {"tcplisten", "HOST:PORT", "a listening socket for sock_accept", true},
          {"invoke", "NAME", "call this export instead of _start"},
          {"argv0", "NAME", "the guest's argv[0] (default: FILE's base name)"},
          {"fuel", "N", "stop the guest after N instructions"},
          {"max-memory", "SIZE", "cap linear memory, e.g. 64MiB"},
          {"timeout", "DURATION", "interrupt the guest after e.g. 2s"},
          {"trace-wasi", nullptr, "print every WASI call to stderr"},
          {"profile", "FILE", "sample the guest's stacks: FILE.folded or FILE.svg"},
          {"profile-interval", "DURATION", "time between samples (default 1ms)"},
          kWasmFeaturesFlag,
          kFlagsEndAtFirstPositional,
      },
      RunRun,
  };
  return *kCommand;
}

}  // namespace weft::cli
