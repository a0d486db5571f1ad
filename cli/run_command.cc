// `weft run FILE.wasm --invoke NAME [ARGS...] [--fuel N] [--max-memory SIZE]
// [--timeout DURATION]`: instantiate a module (imports must be satisfiable
// without a host: none, or "spectest") and call one export with arguments
// parsed from its signature. Results print one per line as "type:value".
// A trap prints its message and a backtrace (function index, name-section
// name, code offset) to stderr and exits 1.
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/command.h"
#include "decoder/decoder.h"
#include "interp/executor.h"
#include "interp/module_code.h"
#include "runtime/spectest.h"
#include "runtime/store.h"
#include "tests/spec/file_util.h"
#include "tests/spec/module_check.h"

namespace weft::cli {
namespace {

// Parses one command-line argument as a value of type `t` into a slot.
absl::StatusOr<uint64_t> ParseArg(ValType t, const std::string& text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("argument \"", text, "\" is not a valid ", ValTypeName(t)));
  };
  switch (t) {
    case ValType::kI32: {
      int32_t s;
      uint32_t u;
      if (absl::SimpleAtoi(text, &s)) return uint64_t(uint32_t(s));
      if (absl::SimpleAtoi(text, &u)) return uint64_t(u);
      if (absl::SimpleHexAtoi(text, &u)) return uint64_t(u);
      return bad();
    }
    case ValType::kI64: {
      int64_t s;
      uint64_t u;
      if (absl::SimpleAtoi(text, &s)) return uint64_t(s);
      if (absl::SimpleAtoi(text, &u)) return u;
      if (absl::SimpleHexAtoi(text, &u)) return u;
      return bad();
    }
    case ValType::kF32: {
      float f;
      if (!absl::SimpleAtof(text, &f)) return bad();
      uint32_t bits;
      std::memcpy(&bits, &f, sizeof bits);
      return uint64_t(bits);
    }
    case ValType::kF64: {
      double d;
      if (!absl::SimpleAtod(text, &d)) return bad();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return bits;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "parameters of type ", ValTypeName(t), " cannot be given on the "
          "command line"));
  }
}

std::string FormatResult(ValType t, uint64_t slot) {
  switch (t) {
    case ValType::kI32:
      return absl::StrCat("i32:", int32_t(uint32_t(slot)));
    case ValType::kI64:
      return absl::StrCat("i64:", int64_t(slot));
    case ValType::kF32: {
      float f;
      uint32_t bits = uint32_t(slot);
      std::memcpy(&f, &bits, sizeof f);
      return absl::StrFormat("f32:%.9g", f);
    }
    case ValType::kF64: {
      double d;
      std::memcpy(&d, &slot, sizeof d);
      return absl::StrFormat("f64:%.17g", d);
    }
    default:
      return slot == 0 ? absl::StrCat(ValTypeName(t), ":null")
                       : absl::StrFormat("%s:0x%x", ValTypeName(t), slot);
  }
}

void PrintTrap(const interp::ExecContext& ctx, interp::TrapCode trap,
               std::ostream& err) {
  err << "trap: " << interp::DescribeTrap(trap, ctx.trap_detail) << "\n";
  for (size_t i = 0; i < ctx.backtrace.size(); ++i) {
    const interp::BacktraceFrame& f = ctx.backtrace[i];
    std::string name;
    if (f.instance != nullptr && f.instance->module != nullptr) {
      name = f.instance->module->function_name(f.func_index);
    }
    err << absl::StrFormat("  #%d func[%d]%s @ 0x%x\n", i, f.func_index,
                           name.empty() ? "" : absl::StrCat(" <", name, ">"),
                           f.code_offset);
  }
}

// Requests an interrupt after `timeout` unless stopped first; the thread is
// always joined by the destructor.
class Watchdog {
 public:
  Watchdog(interp::ExecContext* ctx, absl::Duration timeout) {
    thread_ = std::thread([this, ctx, timeout] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                        [this] { return done_; })) {
        ctx->RequestInterrupt();
      }
    });
  }
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

int RunRun(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.empty()) return ctx.UsageError("expected FILE.wasm");
  if (!args.Has("invoke")) return ctx.UsageError("--invoke NAME is required");
  uint64_t max_pages = kMaxPages;
  if (args.Has("max-memory")) {
    auto size = ParseByteSize(args.Get("max-memory"));
    if (!size.ok()) return ctx.UsageError(size.status().message());
    max_pages = std::min<uint64_t>(*size / kPageSize, kMaxPages);
  }
  std::optional<uint64_t> fuel;
  if (args.Has("fuel")) {
    auto n = ParseCount(args.Get("fuel"));
    if (!n.ok()) return ctx.UsageError(n.status().message());
    fuel = *n;
  }
  std::optional<absl::Duration> timeout;
  if (args.Has("timeout")) {
    auto d = ParsePositiveDuration(args.Get("timeout"));
    if (!d.ok()) return ctx.UsageError(d.status().message());
    timeout = *d;
  }

  const std::string& path = args.positional[0];
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) return ctx.UsageError(bytes.status().message());
  auto wasm = absl::MakeConstSpan(
      reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  if (absl::Status s = spec::DecodeAndValidate(wasm); !s.ok()) {
    ctx.err << path << ": " << s.message() << "\n";
    return kExitFailure;
  }
  auto decoded = DecodeModule(wasm);
  if (!decoded.ok()) {
    ctx.err << path << ": " << decoded.status().message() << "\n";
    return kExitFailure;
  }
  std::shared_ptr<const Module> module(std::move(*decoded));
  interp::CompileOptions copts;
  copts.metering = fuel.has_value();
  auto code = interp::ModuleCode::Create(module, copts);
  if (!code.ok()) {
    ctx.err << path << ": " << code.status().message() << "\n";
    return kExitFailure;
  }

  runtime::Store store;
  runtime::Linker linker;
  if (absl::Status s = runtime::DefineSpectest(store, linker, stdout);
      !s.ok()) {
    ctx.err << s.message() << "\n";
    return kExitFailure;
  }
  interp::ExecContext exec;
  if (fuel.has_value()) exec.set_fuel(*fuel);
  std::optional<Watchdog> watchdog;
  if (timeout.has_value()) watchdog.emplace(&exec, *timeout);

  runtime::InstantiateOptions options;
  options.max_memory_pages = uint32_t(max_pages);
  interp::TrapCode start_trap = interp::TrapCode::kOk;
  options.run_start = [&](interp::FunctionInstance* f) {
    start_trap = interp::Invoke(exec, f, nullptr, nullptr);
    return start_trap;
  };
  auto inst = store.Instantiate(module, *code, linker, options);
  if (!inst.ok()) {
    if (start_trap != interp::TrapCode::kOk) {
      PrintTrap(exec, start_trap, ctx.err);
    } else {
      ctx.err << path << ": " << inst.status().message() << "\n";
    }
    return kExitFailure;
  }

  const std::string name = args.Get("invoke");
  const runtime::Extern* ext = (*inst)->FindExport(name);
  if (ext == nullptr || ext->kind != ExternKind::kFunc) {
    return ctx.UsageError(absl::StrCat("no exported function \"", name, "\""));
  }
  const FuncType& type = *ext->func->type;
  const size_t nargs = args.positional.size() - 1;
  if (nargs != type.params.size()) {
    return ctx.UsageError(absl::StrCat("\"", name, "\" takes ",
                                       type.params.size(), " argument(s) ",
                                       FuncTypeToString(type), ", got ", nargs));
  }
  std::vector<uint64_t> slots;
  for (size_t i = 0; i < nargs; ++i) {
    auto slot = ParseArg(type.params[i], args.positional[i + 1]);
    if (!slot.ok()) return ctx.UsageError(slot.status().message());
    slots.push_back(*slot);
  }
  for (ValType t : type.results) {
    if (t == ValType::kV128) {
      return ctx.UsageError("v128 results are not supported by weft run");
    }
  }
  std::vector<uint64_t> results(type.results.size() + 1);
  interp::TrapCode trap =
      interp::Invoke(exec, ext->func, slots.data(), results.data());
  watchdog.reset();  // joins the timer thread
  if (trap != interp::TrapCode::kOk) {
    PrintTrap(exec, trap, ctx.err);
    return kExitFailure;
  }
  for (size_t i = 0; i < type.results.size(); ++i) {
    ctx.out << FormatResult(type.results[i], results[i]) << "\n";
  }
  return kExitOk;
}

}  // namespace

const Command& RunCommand() {
  static const Command* const kCommand = new Command{
      "run",
      "FILE.wasm --invoke NAME [ARGS...]",
      "Instantiate a module and call one exported function.",
      "Arguments are parsed from the export's parameter types (integers in\n"
      "decimal or 0x hex, floats incl. inf/nan). Results print one per line.\n"
      "The \"spectest\" host module is available for imports. A trap prints\n"
      "its message and a backtrace to stderr and exits 1.\n",
      {
          {"invoke", "NAME", "exported function to call (required)"},
          {"fuel", "N", "stop the guest after N instructions"},
          {"max-memory", "SIZE", "cap linear memory, e.g. 64MiB"},
          {"timeout", "DURATION", "interrupt the guest after e.g. 2s"},
      },
      RunRun,
  };
  return *kCommand;
}

}  // namespace weft::cli
