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

class PluginSession {
 public:
  using LogFn = std::function<void(absl::string_view)>;

  // Instantiates `module` (which passed CheckPluginAbi), runs
  // _initialize and init(init_bytes) when exported.
  static absl::StatusOr<std::unique_ptr<PluginSession>> Create(
      const Engine& engine, std::shared_ptr<const CompiledModule> module,
      std::shared_ptr<const PluginCapabilities> caps, DenialLog* denials, LogFn log,
      absl::string_view init_bytes);
  ~PluginSession();  // calls destroy() when exported

  // meta()'s bytes.
  absl::StatusOr<std::string> Meta();
  // execute(input) with the per-call fuel and timeout.
  absl::StatusOr<std::string> Execute(absl::string_view input);

  // Execute with an earlier stop than the plugin's timeout (absl::
  // InfiniteFuture: none).
  absl::StatusOr<std::string> Execute(absl::string_view input, absl::Time deadline);

  // After a failed call the instance may hold any state (a trap mid-way,
  // an interrupt): it must be reset before it serves another call.
  bool poisoned() const { return poisoned_; }
  // Back to the state right after init: memory, globals, tables, WASI fds
  // (weft/instance.h, weft/wasi.h). An error means: discard the session.
  absl::Status Reset();
  // Fuel the last execute used (0 when unmetered).
  uint64_t last_fuel_used() const { return last_fuel_used_; }

 private:
  PluginSession() = default;
  // Copies `bytes` into guest memory through weft_alloc; returns the ptr.
  absl::StatusOr<uint32_t> WriteInput(absl::string_view bytes);
  // Reads the (ptr | len << 32) block a call returned, then frees it.
  absl::StatusOr<std::string> TakeOutput(uint64_t packed, absl::string_view what);
  absl::StatusOr<std::vector<Value>> CallExport(absl::string_view name,
                                                std::vector<Value> args);
  void ForwardOutput();

  std::shared_ptr<const PluginCapabilities> caps_;
  LogFn log_;
  std::unique_ptr<Linker> linker_;
  std::shared_ptr<Wasi> wasi_;
  std::unique_ptr<Instance> instance_;
  bool has_destroy_ = false;
  bool poisoned_ = false;
  absl::Time deadline_ = absl::InfiniteFuture();  // of the running execute
  uint64_t last_fuel_used_ = 0;
};

}  // namespace weft

#endif  // WEFT_HOST_PLUGIN_SESSION_H_
