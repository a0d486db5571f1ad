// `weft run [FLAGS] FILE.wasm [ARGS...]`: run a WASI command (its `_start`)
// with the granted capabilities and exit with the guest's exit code, or
// with --invoke NAME call one export with ARGS parsed from its signature.
// Flags come before FILE; everything after FILE belongs to the guest.
//
// Exit status: the guest's (proc_exit(N) -> N & 0xff; 0 when _start or the
// invoked function returns); kExitTrap (134) on a trap, fuel exhaustion or
// --timeout; 1 for a module that does not decode, validate, link or
// instantiate; 2 for bad usage, an unreadable FILE or a bad --dir.
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/invoke_values.h"
#include "cli/run_support.h"
#include "cli/run_wasi.h"
#include "interp/executor.h"
#include "runtime/spectest.h"
#include "runtime/store.h"
#include "wasi/runtime_binding.h"
#include "wasi/wasi_context.h"

namespace weft::cli {
namespace {

struct RunLimits {
  uint64_t max_pages = kMaxPages;
  std::optional<uint64_t> fuel;
  std::optional<absl::Duration> timeout;
};

absl::StatusOr<RunLimits> ParseLimits(const ParsedArgs& args) {
  RunLimits l;
  if (args.Has("max-memory")) {
    auto size = ParseByteSize(args.Get("max-memory"));
    if (!size.ok()) return size.status();
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

// Everything one run needs, destroyed in reverse order: the Store's host
// functions point into the WASI binding, which points at the context.
struct Session {
  std::unique_ptr<wasi::WasiContext> wasi;
  std::unique_ptr<wasi::WasiBinding> binding;
  runtime::Store store;
  runtime::Linker linker;
  interp::ExecContext exec;

  // A finished call's exit status, or nullopt to carry on. proc_exit is a
  // kHostTrap with the context's exit code set: the guest's status.
  std::optional<int> Finish(interp::TrapCode trap, std::ostream& err) const {
    if (trap == interp::TrapCode::kOk) return std::nullopt;
    if (wasi != nullptr && wasi->exit_code().has_value()) {
      return int(*wasi->exit_code() & 0xff);
    }
    PrintTrap(exec, trap, err);
    return kExitTrap;
  }
};

// Calls an export taking and returning nothing (_start, _initialize).
std::optional<int> CallVoidExport(Session& s, const runtime::Instance& inst,
                                  const std::string& name,
                                  const std::string& path, const Context& ctx) {
  const runtime::Extern* ext = inst.FindExport(name);
  const FuncType& type = *ext->func->type;
  if (!type.params.empty() || !type.results.empty()) {
    ctx.err << path << ": \"" << name << "\" must have type () -> (), has "
            << FuncTypeToString(type) << "\n";
    return kExitFailure;
  }
  return s.Finish(interp::Invoke(s.exec, ext->func, nullptr, nullptr), ctx.err);
}

bool ExportsFunction(const runtime::Instance& inst, absl::string_view name) {
  const runtime::Extern* ext = inst.FindExport(name);
  return ext != nullptr && ext->kind == ExternKind::kFunc;
}

int InvokeExport(Session& s, const runtime::Instance& inst,
                 const std::string& name, const std::vector<std::string>& argv,
                 const Context& ctx) {
  if (!ExportsFunction(inst, name)) {
    return ctx.UsageError(absl::StrCat("no exported function \"", name, "\""));
  }
  interp::FunctionInstance* fn = inst.FindExport(name)->func;
  const FuncType& type = *fn->type;
  if (argv.size() != type.params.size()) {
    return ctx.UsageError(absl::StrCat("\"", name, "\" takes ",
                                       type.params.size(), " argument(s) ",
                                       FuncTypeToString(type), ", got ",
                                       argv.size()));
  }
  std::vector<uint64_t> slots;
  for (size_t i = 0; i < argv.size(); ++i) {
    auto slot = ParseArgValue(type.params[i], argv[i]);
    if (!slot.ok()) return ctx.UsageError(slot.status().message());
    slots.push_back(*slot);
  }
  for (ValType t : type.results) {
    if (t == ValType::kV128) {
      return ctx.UsageError("v128 results are not supported by weft run");
    }
  }
  std::vector<uint64_t> results(type.results.size() + 1);
  if (std::optional<int> done = s.Finish(
          interp::Invoke(s.exec, fn, slots.data(), results.data()), ctx.err)) {
    return *done;
  }
  for (size_t i = 0; i < type.results.size(); ++i) {
    ctx.out << FormatResult(type.results[i], results[i]) << "\n";
  }
  return kExitOk;
}

int RunRun(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.empty()) return ctx.UsageError("expected FILE.wasm");
  absl::StatusOr<RunLimits> limits = ParseLimits(args);
  if (!limits.ok()) return ctx.UsageError(limits.status().message());
  const std::string& path = args.positional[0];
  const std::vector<std::string> rest(args.positional.begin() + 1,
                                      args.positional.end());
  const bool invoke = args.Has("invoke");

  LoadError load_error;
  absl::StatusOr<LoadedModule> loaded =
      LoadModule(path, limits->fuel.has_value(), &load_error);
  if (!loaded.ok()) {
    if (load_error.unreadable) return ctx.UsageError(load_error.message);
    ctx.err << load_error.message << "\n";
    return kExitFailure;
  }

  Session s;
  // A command always gets WASI (with nothing granted unless asked); with
  // --invoke only a module that imports it does, and ARGS are the export's.
  if (!invoke || ImportsWasi(*loaded->module)) {
    auto config = MakeRunWasiConfig(args, Basename(path),
                                    invoke ? std::vector<std::string>{} : rest,
                                    &std::cerr);
    if (!config.ok()) return ctx.UsageError(config.status().message());
    auto wasi_ctx = wasi::WasiContext::Create(*std::move(config));
    if (!wasi_ctx.ok()) return ctx.UsageError(wasi_ctx.status().message());
    s.wasi = *std::move(wasi_ctx);
    s.binding = wasi::WasiBinding::Define(s.store, s.linker, *s.wasi);
  }
  if (absl::Status st = runtime::DefineSpectest(s.store, s.linker, stdout);
      !st.ok()) {
    ctx.err << st.message() << "\n";
    return kExitFailure;
  }
  if (limits->fuel.has_value()) s.exec.set_fuel(*limits->fuel);
  std::optional<Watchdog> watchdog;
  if (limits->timeout.has_value()) watchdog.emplace(&s.exec, *limits->timeout);

  runtime::InstantiateOptions options;
  options.max_memory_pages = uint32_t(limits->max_pages);
  interp::TrapCode start_trap = interp::TrapCode::kOk;
  options.run_start = [&](interp::FunctionInstance* f) {
    // The start function runs before exports exist: give WASI memory 0.
    if (s.binding != nullptr && f->instance != nullptr) {
      s.binding->SetMemory(f->instance->memory);
    }
    start_trap = interp::Invoke(s.exec, f, nullptr, nullptr);
    return start_trap;
  };
  absl::StatusOr<runtime::Instance*> inst =
      s.store.Instantiate(loaded->module, loaded->code, s.linker, options);
  if (!inst.ok()) {
    if (start_trap != interp::TrapCode::kOk) return *s.Finish(start_trap, ctx.err);
    ctx.err << path << ": " << inst.status().message() << "\n";
    return kExitFailure;
  }
  if (s.binding != nullptr) {
    if (absl::Status st = s.binding->AttachInstance(**inst); !st.ok()) {
      ctx.err << path << ": " << st.message() << "\n";
      return kExitFailure;
    }
  }

  if (invoke) {
    // A reactor initialises itself before any other export is called.
    if (ExportsFunction(**inst, "_initialize")) {
      if (auto done = CallVoidExport(s, **inst, "_initialize", path, ctx)) {
        return *done;
      }
    }
    return InvokeExport(s, **inst, args.Get("invoke"), rest, ctx);
  }
  if (!ExportsFunction(**inst, "_start")) {
    ctx.err << path << ": no \"_start\" export to run (for a library or "
            << "reactor module, call an export with --invoke NAME)\n";
    return kExitFailure;
  }
  return CallVoidExport(s, **inst, "_start", path, ctx).value_or(kExitOk);
}

}  // namespace

const Command& RunCommand() {
  static const Command* const kCommand = new Command{
      "run",
      "[FLAGS] FILE.wasm [ARGS...]",
      "Run a WebAssembly program (WASI command) or call one export.",
      "Runs FILE's _start with WASI preview1; the guest's argv is FILE's base\n"
      "name then ARGS. Flags go before FILE: everything after it is the\n"
      "guest's. Nothing is granted unless asked: no directories, no\n"
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
      "validate or link; 2 for bad usage, an unreadable FILE or a bad --dir.\n",
      {
          {"dir", "HOST[::GUEST]", "preopen a host directory", true},
          {"dir-ro", "HOST[::GUEST]", "preopen a directory read-only", true},
          {"env", "KEY[=VALUE]", "set a guest variable (bare KEY: the host's)", true},
          {"inherit-env", nullptr, "give the guest the whole host environment"},
          {"tcplisten", "HOST:PORT", "a listening socket for sock_accept", true},
          {"invoke", "NAME", "call this export instead of _start"},
          {"fuel", "N", "stop the guest after N instructions"},
          {"max-memory", "SIZE", "cap linear memory, e.g. 64MiB"},
          {"timeout", "DURATION", "interrupt the guest after e.g. 2s"},
          {"trace-wasi", nullptr, "print every WASI call to stderr"},
          kFlagsEndAtFirstPositional,
      },
      RunRun,
  };
  return *kCommand;
}

}  // namespace weft::cli
