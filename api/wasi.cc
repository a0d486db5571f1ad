// weft::Wasi: the public face of wasi::WasiContext + wasi::WasiBinding.
#include "weft/wasi.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/internal.h"
#include "wasi/posix_os.h"
#include "wasi/runtime_binding.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_types.h"

namespace weft {
namespace api {

struct WasiImpl {
  std::shared_ptr<StoreImpl> store;  // keeps the host functions alive
  std::unique_ptr<wasi::WasiContext> ctx;
  std::shared_ptr<wasi::WasiBinding> binding;
  std::shared_ptr<wasi::MemoryStream> out, err;
};

namespace {

wasi::StdioConfig StdioFor(WasiOptions::Stdio mode,
                           std::shared_ptr<wasi::MemoryStream>* buffer) {
  switch (mode) {
    case WasiOptions::Stdio::kClosed:
      return wasi::StdioConfig::Closed();
    case WasiOptions::Stdio::kInherit:
      // A stream the host process does not have (started with it closed)
      // is closed for the guest too, not an error.
      return wasi::StdioConfig::Inherit();
    case WasiOptions::Stdio::kCapture:
      *buffer = std::make_shared<wasi::MemoryStream>();
      return wasi::StdioConfig::Buffer(*buffer);
  }
  return wasi::StdioConfig::Closed();
}

std::string Take(const std::shared_ptr<wasi::MemoryStream>& s) {
  if (s == nullptr) return {};
  std::string out = std::move(s->data);
  s->data.clear();
  return out;
}

}  // namespace
}  // namespace api

Wasi::Wasi(std::unique_ptr<api::WasiImpl> impl) : impl_(std::move(impl)) {}
Wasi::~Wasi() = default;

absl::StatusOr<std::shared_ptr<Wasi>> Wasi::Define(Linker& linker, WasiOptions options) {
  wasi::WasiConfig config;
  config.args = std::move(options.args);
  config.env = std::move(options.env);
  for (WasiOptions::Dir& d : options.dirs) {
    config.preopen_dirs.push_back({std::move(d.host_path), std::move(d.guest_path), d.read_only});
  }
  auto impl = std::make_unique<api::WasiImpl>();
  std::shared_ptr<wasi::MemoryStream> in;
  config.stdin_config = api::StdioFor(options.stdin_mode, &in);
  if (in != nullptr) in->data = std::move(options.stdin_data);
  config.stdout_config = api::StdioFor(options.stdout_mode, &impl->out);
  config.stderr_config = api::StdioFor(options.stderr_mode, &impl->err);
  if (impl->out) impl->out->max_size = options.max_capture;
  if (impl->err) impl->err->max_size = options.max_capture;
  if (options.trace) {
    config.trace = [trace = std::move(options.trace)](std::string_view line) {
      trace(absl::string_view(line.data(), line.size()));
    };
  }
  if (options.path_resolver != WasiOptions::PathResolver::kAuto) {
    config.os = std::make_shared<wasi::PosixOs>(
        options.path_resolver == WasiOptions::PathResolver::kWalk ? wasi::PosixOs::Resolver::kWalk
                                                                  : wasi::PosixOs::Resolver::kOpenat2);
  }
  absl::StatusOr<std::unique_ptr<wasi::WasiContext>> ctx =
      wasi::WasiContext::Create(std::move(config));
  if (!ctx.ok()) return ctx.status();
  impl->ctx = *std::move(ctx);
  api::LinkerImpl& l = api::Access::Of(linker);
  impl->store = l.store;
  impl->binding = wasi::WasiBinding::Define(l.store->store, l.linker, *impl->ctx);
  // A start function's WASI calls run before Attach can: give them the
  // memory 0 of the instance being created.
  l.before_start.push_back(
      [binding = std::weak_ptr<wasi::WasiBinding>(impl->binding)](interp::InstanceData* data) {
        if (auto b = binding.lock()) b->SetMemory(data->memory);
      });
  return std::shared_ptr<Wasi>(new Wasi(std::move(impl)));
}

absl::Status Wasi::Attach(const Instance& instance) {
  return impl_->binding->AttachInstance(*api::Access::Of(instance).instance);
}

std::optional<uint32_t> Wasi::exit_code() const { return impl_->ctx->exit_code(); }

absl::StatusOr<uint32_t> Wasi::AdoptSocket(int host_fd) {
  wasi::FdEntry entry;
  entry.handle = host_fd;
  entry.type = wasi::Filetype::kSocketStream;
  entry.rights_base = wasi::rights::kSocketBase;
  uint32_t fd = 0;
  if (impl_->ctx->Insert(std::move(entry), &fd) != wasi::Errno::kSuccess) {
    ::close(host_fd);
    return absl::ResourceExhaustedError("WASI fd table full: socket not given to the guest");
  }
  return fd;
}

void Wasi::SavePristine() { impl_->ctx->SavePristine(); }

absl::Status Wasi::ResetToPristine() {
  (void)api::Take(impl_->out);
  (void)api::Take(impl_->err);
  return impl_->ctx->ResetToPristine();
}

std::string Wasi::TakeStdout() { return api::Take(impl_->out); }
std::string Wasi::TakeStderr() { return api::Take(impl_->err); }

}  // namespace weft
