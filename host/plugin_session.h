// One instance of a plugin, set up with the plugin's capabilities (WASI
// preopens and environment, the env host module, memory and fuel limits)
// and spoken to through the plugin ABI (weft/plugin_host.h).
#ifndef WEFT_HOST_PLUGIN_SESSION_H_
#define WEFT_HOST_PLUGIN_SESSION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "host/call_budget.h"
#include "host/net_dial.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/plugin_capabilities.h"
#include "weft/wasi.h"

namespace weft {

// The ABI's exports are present with the right signatures (each problem
// named: "plugin ABI: missing export \"execute\"", "... has type ...").
absl::Status CheckPluginAbi(const CompiledModule& module);

// Largest output a plugin may return from one execute.
inline constexpr uint32_t kMaxPluginOutput = 64u << 20;

// What every instance of one plugin is made from, besides its module.
struct PluginSessionConfig {
  const Engine* engine = nullptr;  // must outlive the sessions
  std::shared_ptr<const PluginCapabilities> caps;
  DenialLog* denials = nullptr;  // must outlive the sessions
  // Receives the plugin's stdout and stderr, a line at a time; may be empty.
  std::function<void(absl::string_view)> log;
  std::string init_bytes;  // passed to init()
};

class PluginSession {
 public:
  // Instantiates `module` (which passed CheckPluginAbi), runs
  // _initialize and init(init_bytes) when exported. All of it — the start
  // function included — is one budget (host/call_budget.h): the plugin's
  // fuel_per_call, and the earlier of `deadline` and now + its timeout. A
  // guest stopped by the deadline is DeadlineExceeded (GetTrapCode:
  // kInterrupted), e.g. "plugin \"p\": start function func[1] <start>:
  // deadline exceeded: interrupted".
  static absl::StatusOr<std::unique_ptr<PluginSession>> Create(
      const PluginSessionConfig& config, std::shared_ptr<const CompiledModule> module,
      absl::Time deadline);
  ~PluginSession();  // calls destroy() when exported

  // meta()'s bytes.
  absl::StatusOr<std::string> Meta();
  // One call of the plugin: weft_alloc, execute and the weft_free calls
  // share one budget (host/call_budget.h) — the plugin's fuel_per_call and
  // the earlier of `deadline` and now + its timeout. Stopped by the
  // deadline: DeadlineExceeded (GetTrapCode: kInterrupted).
  // `cancel` (may be null): InterruptHandle::Create()'s, stops the call as
  // the deadline does, with a Cancelled error.
  absl::StatusOr<std::string> Execute(absl::string_view input, absl::Time deadline,
                                      const InterruptHandle* cancel = nullptr);

  // Back to the state right after init: memory, globals, tables, WASI fds
  // (weft/instance.h, weft/wasi.h). An error means: discard the session.
  absl::Status Reset();
  // Fuel the last Execute used, all of its exports together (0 when the
  // module is not metered; measured even when the plugin sets no limit).
  uint64_t last_fuel_used() const { return last_fuel_used_; }

 private:
  PluginSession() = default;
  // The plugin's budget for one operation starting now.
  CallBudget Budget(absl::Time deadline) const;
  // Copies `bytes` into guest memory through weft_alloc; returns the ptr.
  absl::StatusOr<uint32_t> WriteInput(CallBudget& budget, absl::string_view bytes);
  // Reads the (ptr | len << 32) block a call returned, then frees it.
  absl::StatusOr<std::string> TakeOutput(CallBudget& budget, uint64_t packed,
                                         absl::string_view what);
  absl::StatusOr<std::vector<Value>> CallExport(CallBudget& budget, absl::string_view name,
                                                std::vector<Value> args);
  void ForwardOutput();

  std::shared_ptr<const PluginCapabilities> caps_;
  bool metered_ = false;
  std::function<void(absl::string_view)> log_;
  std::unique_ptr<Linker> linker_;
  std::shared_ptr<Wasi> wasi_;
  std::unique_ptr<Instance> instance_;
  bool has_destroy_ = false;
  // A failed export may leave any state (a trap mid-way, an interrupt):
  // destroy() is not run on it until a Reset.
  bool poisoned_ = false;
  uint64_t last_fuel_used_ = 0;
};

}  // namespace weft

#endif  // WEFT_HOST_PLUGIN_SESSION_H_
