// PluginHost: the registry of loaded plugins by name, and their load,
// reload and unload. A plugin's calls and metrics: host/loaded_plugin.h;
// one version of it and its instances: host/plugin_version.h.
#include "weft/plugin_host.h"

#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "base/json.h"
#include "host/loaded_plugin.h"
#include "host/plugin_error.h"
#include "host/plugin_watcher.h"

namespace weft {
namespace {

absl::StatusOr<std::vector<uint8_t>> ReadWasmFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("plugin file ", path, ": cannot open"));
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

absl::Status NotLoaded(absl::string_view name) {
  return PluginStatus(absl::StatusCode::kNotFound, name, "not loaded");
}

}  // namespace

struct PluginHost::Impl {
  PluginHostOptions options;
  Engine engine{EngineConfig{.metering = true}};
  mutable std::mutex mu;
  std::map<std::string, std::shared_ptr<LoadedPlugin>, std::less<>> plugins;
  std::unique_ptr<PluginWatcher> watcher;  // guarded by mu (Close takes it)

  // The watcher's own lock is taken inside mu; the watcher thread calls
  // back without holding it, so the order is one way.
  absl::Status Watch(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    if (watcher == nullptr || path.empty()) return absl::OkStatus();
    return watcher->Watch(path);
  }
  void Unwatch(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    if (watcher != nullptr && !path.empty()) watcher->Unwatch(path);
  }

  std::shared_ptr<LoadedPlugin> Find(absl::string_view name) const {
    std::lock_guard<std::mutex> lock(mu);
    auto it = plugins.find(name);
    return it == plugins.end() ? nullptr : it->second;
  }

  // Makes `wasm` the plugin's current version, unless it is the current
  // one already; a failure keeps the old version and is logged.
  absl::Status Swap(LoadedPlugin& p, const std::vector<uint8_t>& wasm) {
    std::lock_guard<std::mutex> reloading(p.reload_mutex());
    std::shared_ptr<PluginVersion> old = p.current();
    if (old != nullptr && old->sha256 == PluginVersion::Sha256Of(wasm)) return absl::OkStatus();
    auto v = p.NewVersion(wasm, old ? old->number + 1 : 1);
    if (!v.ok()) {
      p.Log(absl::StrCat("reload failed, keeping version ", old ? old->number : 0, ": ",
                         v.status().message()));
      return v.status();
    }
    p.set_current(*v);
    p.Log(absl::StrCat("reloaded: version ", (*v)->number, " sha256 ", (*v)->sha256));
    return absl::OkStatus();
  }
};

PluginHost::PluginHost(PluginHostOptions options) : impl_(std::make_shared<Impl>()) {
  impl_->options = std::move(options);
  if (impl_->options.watch_files) {
    // The watcher reaches the host through a weak pointer: it never keeps
    // a closed host alive, and Close joins it before the host goes.
    std::weak_ptr<Impl> weak = impl_;
    impl_->watcher = std::make_unique<PluginWatcher>(
        impl_->options.reload_debounce, [weak](const std::string& path) {
          std::shared_ptr<Impl> impl = weak.lock();
          if (impl == nullptr) return;
          std::vector<std::shared_ptr<LoadedPlugin>> hit;
          {
            std::lock_guard<std::mutex> lock(impl->mu);
            for (auto& [name, p] : impl->plugins) {
              if (p->caps().wasm_path == path) hit.push_back(p);
            }
          }
          for (auto& p : hit) {
            auto wasm = ReadWasmFile(path);
            if (!wasm.ok()) {
              p->Log(absl::StrCat("reload failed: ", wasm.status().message()));
              continue;
            }
            (void)impl->Swap(*p, *wasm);
          }
        });
  }
}

PluginHost::~PluginHost() { Close(); }

absl::Status PluginHost::LoadBytes(PluginCapabilities caps, std::vector<uint8_t> wasm,
                                   std::string init_bytes) {
  auto p = std::make_shared<LoadedPlugin>(impl_->engine, std::move(caps), std::move(init_bytes),
                                          impl_->options);
  const std::string& name = p->name();
  const absl::Status taken = PluginStatus(absl::StatusCode::kAlreadyExists, name, "already loaded");
  if (impl_->Find(name) != nullptr) return taken;
  auto v = p->NewVersion(wasm, 1);
  if (!v.ok()) return v.status();
  p->set_current(*v);
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (!impl_->plugins.emplace(name, p).second) return taken;
  }
  absl::Status watched = impl_->Watch(p->caps().wasm_path);
  if (!watched.ok()) p->Log(absl::StrCat("not watched: ", watched.message()));
  return absl::OkStatus();
}

absl::Status PluginHost::Load(PluginCapabilities caps, std::string init_bytes) {
  auto wasm = ReadWasmFile(caps.wasm_path);
  if (!wasm.ok()) return wasm.status();
  return LoadBytes(std::move(caps), *std::move(wasm), std::move(init_bytes));
}

absl::Status PluginHost::LoadConfigFile(const std::string& path) {
  auto caps = LoadCapabilitiesFile(path);
  if (!caps.ok()) return caps.status();
  return Load(*std::move(caps));
}

absl::StatusOr<std::string> PluginHost::Call(absl::string_view name, absl::string_view input) {
  return Call(name, input, absl::InfiniteFuture());
}

absl::StatusOr<std::string> PluginHost::Call(absl::string_view name, absl::string_view input,
                                             absl::Time deadline) {
  std::shared_ptr<LoadedPlugin> p = impl_->Find(name);
  if (p == nullptr) return NotLoaded(name);
  return p->Call(input, deadline);
}

absl::StatusOr<std::string> PluginHost::Call(absl::string_view name, absl::string_view input,
                                             absl::Time deadline, const InterruptHandle& cancel) {
  if (cancel.relay() == nullptr) {
    return absl::InvalidArgumentError(
        "PluginHost::Call: the cancel handle must come from InterruptHandle::Create()");
  }
  std::shared_ptr<LoadedPlugin> p = impl_->Find(name);
  if (p == nullptr) return NotLoaded(name);
  return p->Call(input, deadline, &cancel);
}

absl::StatusOr<PluginMetrics> PluginHost::Metrics(absl::string_view name) const {
  std::shared_ptr<LoadedPlugin> p = impl_->Find(name);
  if (p == nullptr) return NotLoaded(name);
  return p->Metrics();
}

absl::StatusOr<std::string> PluginHost::CallJson(absl::string_view name,
                                                 absl::string_view input_json) {
  if (auto in = json::Parse(input_json); !in.ok()) {
    return PluginStatus(absl::StatusCode::kInvalidArgument, name,
                        absl::StrCat("input is not JSON: ", in.status().message()));
  }
  absl::StatusOr<std::string> out = Call(name, input_json);
  if (!out.ok()) return out;
  if (auto parsed = json::Parse(*out); !parsed.ok()) {
    return PluginStatus(absl::StatusCode::kDataLoss, name,
                        absl::StrCat("returned invalid JSON: ", parsed.status().message()));
  }
  return out;
}

absl::StatusOr<PluginInfo> PluginHost::Describe(absl::string_view name) const {
  std::shared_ptr<LoadedPlugin> p = impl_->Find(name);
  if (p == nullptr) return NotLoaded(name);
  std::shared_ptr<PluginVersion> v = p->current();
  PluginInfo info;
  info.name = p->name();
  info.meta_json = v->meta_json;
  info.sha256 = v->sha256;
  info.version = v->number;
  info.imports = v->module->imports();
  info.exports = v->module->exports();
  info.denials = p->denials();
  return info;
}

std::vector<std::string> PluginHost::Names() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::string> out;
  for (const auto& [name, p] : impl_->plugins) out.push_back(name);
  return out;
}

absl::Status PluginHost::Reload(absl::string_view name) {
  std::shared_ptr<LoadedPlugin> p = impl_->Find(name);
  if (p == nullptr) return NotLoaded(name);
  auto wasm = ReadWasmFile(p->caps().wasm_path);
  if (!wasm.ok()) return wasm.status();
  return impl_->Swap(*p, *wasm);
}

absl::Status PluginHost::ReloadBytes(absl::string_view name, std::vector<uint8_t> wasm) {
  std::shared_ptr<LoadedPlugin> p = impl_->Find(name);
  if (p == nullptr) return NotLoaded(name);
  return impl_->Swap(*p, wasm);
}

absl::Status PluginHost::Unload(absl::string_view name) {
  std::shared_ptr<LoadedPlugin> p;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->plugins.find(name);
    if (it == impl_->plugins.end()) return NotLoaded(name);
    p = it->second;
    impl_->plugins.erase(it);
  }
  impl_->Unwatch(p->caps().wasm_path);
  return absl::OkStatus();
}

void PluginHost::Close() {
  std::unique_ptr<PluginWatcher> watcher;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    watcher = std::move(impl_->watcher);
  }
  // Joined without holding mu: a reload in progress on the watcher
  // thread takes it.
  watcher.reset();  // joins the thread, closes its fds
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->plugins.clear();
}

}  // namespace weft
