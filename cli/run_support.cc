#include "cli/run_support.h"

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "decoder/decoder.h"
#include "tests/spec/file_util.h"
#include "tests/spec/module_check.h"

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
  if (absl::Status s = spec::DecodeAndValidate(wasm); !s.ok()) return fail(s);
  auto decoded = DecodeModule(wasm);
  if (!decoded.ok()) return fail(decoded.status());
  LoadedModule out;
  out.module = std::shared_ptr<const Module>(std::move(*decoded));
  interp::CompileOptions copts;
  copts.metering = metering;
  auto code = interp::ModuleCode::Create(out.module, copts);
  if (!code.ok()) return fail(code.status());
  out.code = *std::move(code);
  return out;
}

absl::StatusOr<uint64_t> ParseArgValue(ValType t, const std::string& text) {
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
