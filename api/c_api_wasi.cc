// weft.h's WASI for C embedders: a weft_wasi_config_t gathers the
// capabilities (weft::WasiOptions), weft_linker_define_wasi turns them into
// the linker's wasi_snapshot_preview1 imports (weft::Wasi::Define), and the
// weft_wasi_t it returns is attached to the instance and read back after
// calls (captured output, proc_exit's code).
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "api/c_api_internal.h"
#include "weft/wasi.h"

struct weft_wasi_config {
  weft::WasiOptions options;
};

struct weft_wasi {
  std::shared_ptr<weft::Wasi> wasi;
  // Everything captured so far: weft::Wasi hands captured output over once
  // (Take*), and the C side keeps it so the pointers it returns stay put
  // until the next weft_wasi_* call on this handle.
  std::string stdout_bytes;
  std::string stderr_bytes;
};

namespace {

using weft::c_api::Wrap;

absl::Status ToStdio(const char* function, weft_wasi_stdio_t mode,
                     weft::WasiOptions::Stdio* out) {
  switch (mode) {
    case WEFT_WASI_STDIO_CLOSED:
      *out = weft::WasiOptions::Stdio::kClosed;
      return absl::OkStatus();
    case WEFT_WASI_STDIO_INHERIT:
      *out = weft::WasiOptions::Stdio::kInherit;
      return absl::OkStatus();
    case WEFT_WASI_STDIO_CAPTURE:
      *out = weft::WasiOptions::Stdio::kCapture;
      return absl::OkStatus();
    default:  // any int a C caller passes (weft.h's full-range enums)
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(function, ": unknown stdio mode ", int(mode)));
}

}  // namespace

extern "C" {

weft_wasi_config_t* weft_wasi_config_new(void) { return new weft_wasi_config; }
void weft_wasi_config_delete(weft_wasi_config_t* config) { delete config; }

weft_error_t* weft_wasi_config_set_args(weft_wasi_config_t* config, const char* const* argv,
                                        size_t argc) {
  WEFT_C_REQUIRE(config);
  WEFT_C_REQUIRE_ARRAY(argv, argc);
  for (size_t i = 0; i < argc; ++i) {
    if (argv[i] == nullptr) {
      return weft::c_api::Error(absl::StrCat(__func__, ": argv[", i, "] is NULL"));
    }
  }
  config->options.args.assign(argv, argv + argc);
  return nullptr;
}

weft_error_t* weft_wasi_config_add_env(weft_wasi_config_t* config, const char* key,
                                       const char* value) {
  WEFT_C_REQUIRE(config);
  WEFT_C_REQUIRE(key);
  WEFT_C_REQUIRE(value);
  if (*key == '\0' || std::string(key).find('=') != std::string::npos) {
    return weft::c_api::Error(
        absl::StrCat(__func__, ": the key \"", key, "\" is empty or holds '='"));
  }
  config->options.env.push_back(absl::StrCat(key, "=", value));
  return nullptr;
}

weft_error_t* weft_wasi_config_preopen_dir(weft_wasi_config_t* config, const char* host_path,
                                           const char* guest_path, int read_only) {
  WEFT_C_REQUIRE(config);
  WEFT_C_REQUIRE(host_path);
  WEFT_C_REQUIRE(guest_path);
  config->options.dirs.push_back({host_path, guest_path, read_only != 0});
  return nullptr;
}

weft_error_t* weft_wasi_config_set_stdin(weft_wasi_config_t* config, weft_wasi_stdio_t mode,
                                         const void* data, size_t size) {
  WEFT_C_REQUIRE(config);
  WEFT_C_REQUIRE_ARRAY(data, size);
  weft::WasiOptions::Stdio stdio;
  if (absl::Status s = ToStdio(__func__, mode, &stdio); !s.ok()) return Wrap(s);
  config->options.stdin_mode = stdio;
  config->options.stdin_data.assign(static_cast<const char*>(data), size);
  return nullptr;
}

weft_error_t* weft_wasi_config_set_stdout(weft_wasi_config_t* config, weft_wasi_stdio_t mode) {
  WEFT_C_REQUIRE(config);
  return Wrap(ToStdio(__func__, mode, &config->options.stdout_mode));
}

weft_error_t* weft_wasi_config_set_stderr(weft_wasi_config_t* config, weft_wasi_stdio_t mode) {
  WEFT_C_REQUIRE(config);
  return Wrap(ToStdio(__func__, mode, &config->options.stderr_mode));
}

weft_error_t* weft_linker_define_wasi(weft_linker_t* linker, const weft_wasi_config_t* config,
                                      weft_wasi_t** out) {
  WEFT_C_REQUIRE(out);
  *out = nullptr;
  WEFT_C_REQUIRE(linker);
  WEFT_C_REQUIRE(config);
  auto wasi = weft::Wasi::Define(linker->linker, config->options);
  if (!wasi.ok()) return Wrap(wasi.status());
  *out = new weft_wasi{std::move(*wasi), {}, {}};
  return nullptr;
}

void weft_wasi_delete(weft_wasi_t* wasi) { delete wasi; }

weft_error_t* weft_wasi_attach(weft_wasi_t* wasi, weft_instance_t* instance) {
  WEFT_C_REQUIRE(wasi);
  WEFT_C_REQUIRE(instance);
  if (absl::Status s = wasi->wasi->Attach(*instance->instance); !s.ok()) return Wrap(s);
  instance->wasi = wasi->wasi;
  return nullptr;
}

int weft_wasi_exit_code(const weft_wasi_t* wasi, uint32_t* code) {
  if (wasi == nullptr) return 0;
  std::optional<uint32_t> exit = wasi->wasi->exit_code();
  if (!exit.has_value()) return 0;
  if (code != nullptr) *code = *exit;
  return 1;
}

const char* weft_wasi_stdout(weft_wasi_t* wasi, size_t* size) {
  if (size != nullptr) *size = 0;
  if (wasi == nullptr) return nullptr;
  wasi->stdout_bytes += wasi->wasi->TakeStdout();
  if (size != nullptr) *size = wasi->stdout_bytes.size();
  return wasi->stdout_bytes.c_str();
}

const char* weft_wasi_stderr(weft_wasi_t* wasi, size_t* size) {
  if (size != nullptr) *size = 0;
  if (wasi == nullptr) return nullptr;
  wasi->stderr_bytes += wasi->wasi->TakeStderr();
  if (size != nullptr) *size = wasi->stderr_bytes.size();
  return wasi->stderr_bytes.c_str();
}

}  // extern "C"
