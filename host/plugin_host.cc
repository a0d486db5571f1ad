// PluginHost: plugins by name, each a current Version (compiled module +
// idle instances) swapped atomically on reload.
#include "weft/plugin_host.h"

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "base/json.h"
#include "base/sha256.h"
#include "host/net_dial.h"
#include "host/plugin_session.h"
#include "host/plugin_watcher.h"
#include "pool/call_metrics.h"
#include "pool/circuit_breaker.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

absl::StatusOr<std::vector<uint8_t>> ReadWasmFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("plugin file ", path, ": cannot open"));
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

absl::string_view AsText(const std::vector<uint8_t>& v) {
  return absl::string_view(reinterpret_cast<const char*>(v.data()), v.size());
}

// meta() must name the plugin: a JSON object with string "name",
// "version" and "description" (other members are the plugin's business).
absl::Status CheckMeta(absl::string_view meta) {
  absl::StatusOr<json::Value> doc = json::Parse(meta);
  if (!doc.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("plugin ABI: meta() is not JSON: ", doc.status().message()));
  }
  for (const char* key : {"name", "version", "description"}) {
    const json::Value* v = doc->Find(key);
    if (v == nullptr || !v->is_string()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "plugin ABI: meta() must be a JSON object with string \"name\", \"version\" and "
          "\"description\" (\"", key, "\" is missing or not a string)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

// One loaded version of a plugin and its instances.
struct Version {
  std::shared_ptr<const CompiledModule> module;
  std::string sha256;
  uint64_t number = 0;
  std::string meta_json;

  std::mutex mu;
  std::condition_variable freed;
  std::vector<std::unique_ptr<PluginSession>> idle;
  uint32_t live = 0;  // idle + in use
};

struct Plugin {
  Plugin(CircuitBreakerOptions breaker_options) : breaker(breaker_options) {}
  std::shared_ptr<const PluginCapabilities> caps;
  std::string init_bytes;
  DenialLog denials;
  CallMetrics metrics;
  CircuitBreaker breaker;
  bool use_breaker = true;
  std::shared_ptr<Version> current;  // guarded by PluginHost::Impl::mu
  // One reload at a time (the watcher and Reload may race): each swap
  // compares against, and numbers after, the version it replaces.
  std::mutex reload_mu;
};

// What kind of failure `s` is, for metrics and the breaker.
CallFailure Classify(const absl::Status& s) {
  if (s.ok()) return CallFailure::kOk;
  if (s.code() == absl::StatusCode::kDeadlineExceeded) {
    return GetTrapCode(s) == TrapCode::kInterrupted ? CallFailure::kDeadlineExceeded
                                                    : CallFailure::kPoolExhausted;
  }
  switch (GetTrapCode(s)) {
    case TrapCode::kOk: return CallFailure::kOther;
    case TrapCode::kFuelExhausted: return CallFailure::kFuelExhausted;
    case TrapCode::kInterrupted: return CallFailure::kDeadlineExceeded;
    default: return CallFailure::kTrap;
  }
}

struct PluginHost::Impl {
  PluginHostOptions options;
  Engine engine{EngineConfig{.metering = true}};
  mutable std::mutex mu;
  std::map<std::string, std::shared_ptr<Plugin>, std::less<>> plugins;
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

  void Log(absl::string_view plugin, absl::string_view message) const {
    if (options.log) options.log(plugin, message);
  }
  std::shared_ptr<Plugin> Find(absl::string_view name) const {
    std::lock_guard<std::mutex> lock(mu);
    auto it = plugins.find(name);
    return it == plugins.end() ? nullptr : it->second;
  }

  // A new instance of `v`, created within the plugin's timeout and fuel
  // (start function included) and by `deadline`.
  absl::StatusOr<std::unique_ptr<PluginSession>> NewSession(
      Plugin& p, const Version& v, absl::Time deadline = absl::InfiniteFuture()) {
    auto log = [this, name = p.caps->name](absl::string_view m) { Log(name, m); };
    return PluginSession::Create(engine, v.module, p.caps, &p.denials, log, p.init_bytes,
                                 deadline);
  }

  // Compiles and checks `wasm` into a version with one ready instance.
  absl::StatusOr<std::shared_ptr<Version>> Prepare(Plugin& p, const std::vector<uint8_t>& wasm,
                                                   uint64_t number) {
    auto module = CompiledModule::Compile(engine, wasm);
    if (!module.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("plugin \"", p.caps->name, "\": ", module.status().message()));
    }
    if (absl::Status abi = CheckPluginAbi(**module); !abi.ok()) {
      return absl::Status(abi.code(), absl::StrCat("plugin \"", p.caps->name, "\": ", abi.message()));
    }
    auto v = std::make_shared<Version>();
    v->module = *module;
    v->sha256 = Sha256Hex(AsText(wasm));
    v->number = number;
    auto session = NewSession(p, *v);
    if (!session.ok()) return session.status();
    auto meta = (*session)->Meta();
    if (!meta.ok()) return meta.status();
    if (absl::Status m = CheckMeta(*meta); !m.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("plugin \"", p.caps->name, "\": ", m.message()));
    }
    v->meta_json = *meta;
    v->idle.push_back(*std::move(session));
    const uint32_t prepared =
        std::max<uint32_t>(1, std::min(options.prepared_instances, p.caps->max_instances));
    while (v->idle.size() < prepared) {
      auto more = NewSession(p, *v);
      if (!more.ok()) return more.status();
      v->idle.push_back(*std::move(more));
    }
    v->live = uint32_t(v->idle.size());
    p.metrics.SetInstances(0, v->live);
    return v;
  }

  absl::StatusOr<std::string> Call(Plugin& p, absl::string_view input, absl::Time deadline) {
    const absl::Time start = absl::Now();
    if (p.use_breaker) {
      if (absl::Status open = p.breaker.Allow(); !open.ok()) {
        p.metrics.RecordCall(CallFailure::kCircuitOpen, absl::Now() - start);
        return absl::Status(open.code(), absl::StrCat("plugin \"", p.caps->name, "\": ",
                                                      open.message()));
      }
    }
    // One deadline for the whole call (issue 12): the caller's or the
    // plugin's timeout from now, whichever comes first. Waiting for an
    // instance, creating one and running it all spend it.
    if (p.caps->timeout_per_call > absl::ZeroDuration()) {
      deadline = std::min(deadline, start + p.caps->timeout_per_call);
    }
    uint64_t fuel = 0;
    absl::StatusOr<std::string> out = CallOnInstance(p, input, start, deadline, &fuel);
    const CallFailure kind = Classify(out.status());
    p.metrics.RecordCall(kind, absl::Now() - start, fuel, GetTrapCode(out.status()));
    if (p.use_breaker) {
      // Bad input is the caller's fault, not the plugin's.
      if (kind == CallFailure::kOk || out.status().code() == absl::StatusCode::kInvalidArgument) {
        p.breaker.OnSuccess();
      } else {
        p.breaker.OnFailure();
      }
    }
    return out;
  }

  // Runs the call on an idle instance, or a new one, of the current
  // version; `deadline` is the call's one deadline (see Call).
  absl::StatusOr<std::string> CallOnInstance(Plugin& p, absl::string_view input,
                                             absl::Time start, absl::Time deadline,
                                             uint64_t* fuel) {
    std::shared_ptr<Version> v;
    {
      std::lock_guard<std::mutex> lock(mu);
      v = p.current;
    }
    // Without any deadline, waiting for an instance is still bounded.
    const absl::Time wait_until = std::min(deadline, start + absl::Seconds(30));
    std::unique_ptr<PluginSession> s;
    {
      std::unique_lock<std::mutex> lock(v->mu);
      while (v->idle.empty() && v->live >= p.caps->max_instances) {
        if (v->freed.wait_until(lock, absl::ToChronoTime(wait_until)) == std::cv_status::timeout &&
            v->idle.empty() && v->live >= p.caps->max_instances) {
          return absl::DeadlineExceededError(
              absl::StrCat("plugin \"", p.caps->name, "\": pool exhausted: all ",
                           p.caps->max_instances, " instances busy until the deadline"));
        }
      }
      if (!v->idle.empty()) {
        s = std::move(v->idle.back());
        v->idle.pop_back();
      } else {
        ++v->live;  // reserve a slot, create outside the lock
      }
      p.metrics.SetInstances(v->live - uint32_t(v->idle.size()), uint32_t(v->idle.size()));
    }
    if (s == nullptr) {
      auto created = NewSession(p, *v, deadline);
      if (!created.ok()) {
        std::lock_guard<std::mutex> lock(v->mu);
        --v->live;
        p.metrics.SetInstances(v->live - uint32_t(v->idle.size()), uint32_t(v->idle.size()));
        v->freed.notify_one();
        return created.status();
      }
      s = *std::move(created);
    }
    // An interrupted guest comes back as DeadlineExceeded (PluginSession).
    absl::StatusOr<std::string> out = s->Execute(input, deadline);
    *fuel = s->last_fuel_used();
    // Every call leaves its instance pristine for the next one, a failed
    // call included; an instance that cannot be reset is dropped.
    const bool reusable = s->Reset().ok();
    std::lock_guard<std::mutex> lock(v->mu);
    if (reusable) {
      v->idle.push_back(std::move(s));
    } else {
      --v->live;
    }
    p.metrics.SetInstances(v->live - uint32_t(v->idle.size()), uint32_t(v->idle.size()));
    v->freed.notify_one();
    return out;
  }

  absl::Status Swap(Plugin& p, const std::vector<uint8_t>& wasm) {
    std::lock_guard<std::mutex> reloading(p.reload_mu);
    std::shared_ptr<Version> old;
    {
      std::lock_guard<std::mutex> lock(mu);
      old = p.current;
    }
    if (old != nullptr && old->sha256 == Sha256Hex(AsText(wasm))) return absl::OkStatus();
    auto v = Prepare(p, wasm, old ? old->number + 1 : 1);
    if (!v.ok()) {
      Log(p.caps->name, absl::StrCat("reload failed, keeping version ", old ? old->number : 0,
                                     ": ", v.status().message()));
      return v.status();
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      p.current = *v;
    }
    Log(p.caps->name, absl::StrCat("reloaded: version ", (*v)->number, " sha256 ", (*v)->sha256));
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
          std::vector<std::shared_ptr<Plugin>> hit;
          {
            std::lock_guard<std::mutex> lock(impl->mu);
            for (auto& [name, p] : impl->plugins) {
              if (p->caps->wasm_path == path) hit.push_back(p);
            }
          }
          for (auto& p : hit) {
            auto wasm = ReadWasmFile(path);
            if (!wasm.ok()) {
              impl->Log(p->caps->name, absl::StrCat("reload failed: ", wasm.status().message()));
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
  auto p = std::make_shared<Plugin>(CircuitBreakerOptions{
      impl_->options.circuit_failure_threshold, impl_->options.circuit_reset_timeout});
  p->use_breaker = impl_->options.circuit_failure_threshold != 0;
  p->caps = std::make_shared<const PluginCapabilities>(std::move(caps));
  p->init_bytes = std::move(init_bytes);
  p->denials.sink = [impl = impl_.get()](absl::string_view plugin, absl::string_view why) {
    impl->Log(plugin, absl::StrCat("denied: ", why));
  };
  const std::string& name = p->caps->name;
  if (impl_->Find(name) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("plugin \"", name, "\" is already loaded"));
  }
  auto v = impl_->Prepare(*p, wasm, 1);
  if (!v.ok()) return v.status();
  p->current = *v;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (!impl_->plugins.emplace(name, p).second) {
      return absl::AlreadyExistsError(absl::StrCat("plugin \"", name, "\" is already loaded"));
    }
  }
  absl::Status watched = impl_->Watch(p->caps->wasm_path);
  if (!watched.ok()) impl_->Log(name, absl::StrCat("not watched: ", watched.message()));
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
  std::shared_ptr<Plugin> p = impl_->Find(name);
  if (p == nullptr) return absl::NotFoundError(absl::StrCat("no plugin \"", name, "\""));
  return impl_->Call(*p, input, deadline);
}

absl::StatusOr<PluginMetrics> PluginHost::Metrics(absl::string_view name) const {
  std::shared_ptr<Plugin> p = impl_->Find(name);
  if (p == nullptr) return absl::NotFoundError(absl::StrCat("no plugin \"", name, "\""));
  const CallMetrics::Snapshot s = p->metrics.Read();
  PluginMetrics m;
  m.calls = s.calls;
  m.failures = s.failures;
  for (size_t i = 1; i < s.by_failure.size(); ++i) {
    if (s.by_failure[i] != 0) m.failures_by_kind.emplace_back(CallFailureName(CallFailure(i)), s.by_failure[i]);
  }
  for (size_t i = 1; i < s.by_trap.size(); ++i) {
    if (s.by_trap[i] != 0) {
      m.failures_by_kind.emplace_back(absl::StrCat("trap: ", TrapCodeMessage(TrapCode(i))), s.by_trap[i]);
    }
  }
  m.capability_denials = p->denials.count.load();
  m.fuel_used = s.fuel_used;
  m.latency_p50 = s.p50;
  m.latency_p90 = s.p90;
  m.latency_p99 = s.p99;
  m.latency_max = s.max;
  m.instances_in_use = s.in_use;
  m.instances_idle = s.idle;
  m.circuit = CircuitStateName(p->breaker.state());
  m.text = absl::StrCat("plugin ", p->caps->name, " (circuit ", m.circuit, ", capability denials ",
                        m.capability_denials, ")\n", p->metrics.ToText());
  return m;
}

absl::StatusOr<std::string> PluginHost::CallJson(absl::string_view name,
                                                 absl::string_view input_json) {
  if (auto in = json::Parse(input_json); !in.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("input is not JSON: ", in.status().message()));
  }
  absl::StatusOr<std::string> out = Call(name, input_json);
  if (!out.ok()) return out;
  if (auto parsed = json::Parse(*out); !parsed.ok()) {
    return absl::DataLossError(absl::StrCat("plugin \"", name, "\" returned invalid JSON: ",
                                            parsed.status().message()));
  }
  return out;
}

absl::StatusOr<PluginInfo> PluginHost::Describe(absl::string_view name) const {
  std::shared_ptr<Plugin> p = impl_->Find(name);
  if (p == nullptr) return absl::NotFoundError(absl::StrCat("no plugin \"", name, "\""));
  std::shared_ptr<Version> v;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    v = p->current;
  }
  PluginInfo info;
  info.name = p->caps->name;
  info.meta_json = v->meta_json;
  info.sha256 = v->sha256;
  info.version = v->number;
  info.imports = v->module->imports();
  info.exports = v->module->exports();
  info.denials = p->denials.count.load();
  return info;
}

std::vector<std::string> PluginHost::Names() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::string> out;
  for (const auto& [name, p] : impl_->plugins) out.push_back(name);
  return out;
}

absl::Status PluginHost::Reload(absl::string_view name) {
  std::shared_ptr<Plugin> p = impl_->Find(name);
  if (p == nullptr) return absl::NotFoundError(absl::StrCat("no plugin \"", name, "\""));
  auto wasm = ReadWasmFile(p->caps->wasm_path);
  if (!wasm.ok()) return wasm.status();
  return impl_->Swap(*p, *wasm);
}

absl::Status PluginHost::ReloadBytes(absl::string_view name, std::vector<uint8_t> wasm) {
  std::shared_ptr<Plugin> p = impl_->Find(name);
  if (p == nullptr) return absl::NotFoundError(absl::StrCat("no plugin \"", name, "\""));
  return impl_->Swap(*p, wasm);
}

absl::Status PluginHost::Unload(absl::string_view name) {
  std::shared_ptr<Plugin> p;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->plugins.find(name);
    if (it == impl_->plugins.end()) return absl::NotFoundError(absl::StrCat("no plugin \"", name, "\""));
    p = it->second;
    impl_->plugins.erase(it);
  }
  impl_->Unwatch(p->caps->wasm_path);
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
