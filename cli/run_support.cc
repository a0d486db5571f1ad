#include "cli/run_support.h"

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_util.h"

namespace weft::cli {

absl::StatusOr<LoadedModule> LoadModule(const std::string& path, bool metering,
                                        LoadError* error) {
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) {
    *error = {std::string(bytes.status().message()), true};
    return bytes.status();
  }
  auto wasm = absl::MakeConstSpan(
      reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  auto fail = [&](const absl::Status& s) {
    *error = {absl::StrCat(path, ": ", s.message()), false};
    return s;
  };
  interp::CompileOptions copts;
  copts.metering = metering;
  auto code = interp::ModuleCode::Load(wasm, copts);
  if (!code.ok()) return fail(code.status());
  LoadedModule out;
  out.module = (*code)->shared_module();
  out.code = *std::move(code);
  return out;
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

Watchdog::Watchdog(interp::ExecContext* ctx, absl::Duration timeout) {
  thread_ = std::thread([this, ctx, timeout] {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                      [this] { return done_; })) {
      ctx->RequestInterrupt();
    }
  });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

}  // namespace weft::cli
