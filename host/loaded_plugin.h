// A plugin as PluginHost keeps it from load to unload: its capabilities
// and init bytes, the version that serves calls (swapped on reload), and
// what guards and measures its calls — the circuit breaker, call metrics
// and capability denials. PluginHost (host/plugin_host.cc) keeps the
// registry of these by name and decides when versions change; this file
// is one call's path through a plugin and the plugin's metrics.
#ifndef WEFT_HOST_LOADED_PLUGIN_H_
#define WEFT_HOST_LOADED_PLUGIN_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "host/net_dial.h"
#include "host/plugin_session.h"
#include "host/plugin_version.h"
#include "pool/call_metrics.h"
#include "pool/circuit_breaker.h"
#include "weft/engine.h"
#include "weft/plugin_capabilities.h"
#include "weft/plugin_host.h"

namespace weft {

// Thread-safe: calls, metrics and version swaps may come from any thread.
class LoadedPlugin {
 public:
  // `engine` must outlive the plugin. Messages (denials, the plugin's
  // output, reload results) go to options.log with the plugin's name.
  LoadedPlugin(const Engine& engine, PluginCapabilities caps, std::string init_bytes,
               const PluginHostOptions& options);
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const PluginCapabilities& caps() const { return *config_.caps; }
  const std::string& name() const { return config_.caps->name; }
  void Log(absl::string_view message) const;

  // A new version of this plugin from `wasm` (PluginVersion::Create with
  // the host's prepared_instances); not yet current.
  absl::StatusOr<std::shared_ptr<PluginVersion>> NewVersion(absl::Span<const uint8_t> wasm,
                                                            uint64_t number) const;
  // The version new calls run on; null before the first set_current.
  std::shared_ptr<PluginVersion> current() const;
  void set_current(std::shared_ptr<PluginVersion> version);
  // Held by a reload from reading current() to set_current(), so that
  // two reloads (the watcher's and Reload's) never interleave.
  std::mutex& reload_mutex() { return reload_mu_; }

  // One call of the plugin's execute on an instance of the current
  // version, by `deadline` (or the plugin's timeout from now, whichever
  // comes first): the breaker asked first, the outcome recorded in the
  // metrics and the breaker afterwards. Errors: see PluginHost::Call.
  absl::StatusOr<std::string> Call(absl::string_view input, absl::Time deadline,
                                   const InterruptHandle* cancel = nullptr);

  PluginMetrics Metrics() const;
  uint64_t denials() const { return denials_.count.load(std::memory_order_relaxed); }

 private:
  // Runs the call on an instance of `v`; `deadline` is the call's one
  // deadline, for the wait, a creation and the exports alike.
  absl::StatusOr<std::string> CallOnInstance(PluginVersion& v, absl::string_view input,
                                             absl::Time deadline, const InterruptHandle* cancel,
                                             uint64_t* fuel);

  const std::function<void(absl::string_view, absl::string_view)> log_;
  const uint32_t prepared_instances_;
  const bool use_breaker_;
  DenialLog denials_;
  PluginSessionConfig config_;  // after denials_: points at it
  CallMetrics metrics_;
  CircuitBreaker breaker_;

  mutable std::mutex mu_;
  std::shared_ptr<PluginVersion> current_;  // guarded by mu_
  std::mutex reload_mu_;
};

}  // namespace weft

#endif  // WEFT_HOST_LOADED_PLUGIN_H_
