// weft public API: load untrusted WebAssembly plugins, call them, and be
// sure they reach only what their capabilities grant.
//
// The plugin ABI (a plugin is a wasm32-wasi reactor module; the C side is
// examples/plugins/weft_plugin.h):
//   memory                           exported linear memory
//   weft_alloc(size: i32) -> i32     allocates `size` bytes, 0 on failure
//   weft_free(ptr: i32, size: i32)   frees a weft_alloc'ed block
//   meta() -> i64                    packed (ptr | len << 32) of a JSON object
//                                    {"name", "version", "description"}
//                                    (strings; checked at load, the block
//                                    is the plugin's: it is not freed)
//   execute(ptr: i32, len: i32) -> i64
//                                    input bytes in; packed (ptr | len << 32)
//                                    of output bytes allocated by weft_alloc
//   init(ptr: i32, len: i32) -> i32  optional: called once per instance with
//                                    the plugin's init bytes; 0 = ready
//   destroy()                        optional: called before an instance ends
//   _initialize()                    optional (wasi-libc reactors): run first
// The host writes input through weft_alloc, reads results by their exact
// pointer and length, checks both against the memory size, and frees input
// and output with weft_free after the call. A missing export, a wrong
// signature, an out-of-bounds result and a trap each get their own error.
//
// The `env` host module a plugin may import:
//   net_dial(host_ptr: i32, host_len: i32, port: i32) -> i32
//       a WASI fd for a TCP connection, or a negative WASI errno
//       (-76 ENOTCAPABLE when the capabilities refuse it; see
//       host/net_dial.h for every rule).
//   fs_check(path_ptr: i32, path_len: i32) -> i32
//       1 when the guest path lies within a granted directory, 0 when not,
//       negative WASI errno for bad input (host/fs_check.h).
//   Out-of-bounds pointers return -21 (EFAULT); nothing is read outside
//   guest memory.
//
// Budgets: one Call is one budget. Its deadline is the earlier of the
// caller's and the plugin's timeout counted from the start of Call, and
// everything the call does spends it: waiting for an instance, creating
// one, and the exports it runs (weft_alloc, execute, weft_free of output
// and input), each interrupted at that same instant. fuel_per_call is one
// allowance for all of those exports together; Metrics' fuel_used is the
// fuel of whole calls (measured also when the plugin sets no limit).
// Creating an instance — its start function, _initialize, weft_alloc,
// init and weft_free — is bounded the same way (timeout from the start of
// the creation, or the call's deadline when a call creates it; its own
// fuel_per_call allowance, not counted in fuel_used): a plugin that never
// returns there fails Load, Reload or the call that needed the instance
// with DeadlineExceeded (or kFuelExhausted) naming the start function or
// export, e.g. "plugin \"p\": start function func[1] <start>: deadline
// exceeded: interrupted".
//
// Thread-safety: a PluginHost may be used from many threads at once. Each
// call runs on an instance of its own (at most max_instances per plugin;
// calls beyond that wait up to the call's deadline, 30 s when there is
// none). Between calls an
// instance is reset to its state right after init (memory, globals,
// tables, WASI fds: Instance::ResetToPristine), also after a trap or a
// timeout; one whose reset fails is discarded. Reload swaps a plugin
// atomically: calls in flight finish on the old version.
#ifndef WEFT_INCLUDE_WEFT_PLUGIN_HOST_H_
#define WEFT_INCLUDE_WEFT_PLUGIN_HOST_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "weft/interrupt_handle.h"
#include "weft/module.h"
#include "weft/plugin_capabilities.h"

namespace weft {

struct PluginHostOptions {
  // Receives (plugin name, message): capability refusals, reload results,
  // the plugin's stderr lines. Called from calling threads and the
  // watcher thread; must be thread-safe. Empty: messages are dropped.
  std::function<void(absl::string_view, absl::string_view)> log;
  // Watch loaded plugin files and reload them when they change.
  bool watch_files = false;
  absl::Duration reload_debounce = absl::Milliseconds(200);
  // Circuit breaker per plugin: after this many consecutive failed calls
  // (traps, deadlines, fuel, ABI violations) calls are refused with
  // Unavailable for `circuit_reset_timeout`, then one trial call decides.
  // 0 disables the breaker.
  uint32_t circuit_failure_threshold = 5;
  // Instances created when a plugin loads (and on each reload), up to its
  // max_instances; more are created on demand.
  uint32_t prepared_instances = 1;
  absl::Duration circuit_reset_timeout = absl::Seconds(5);
};

// Per-plugin counters: a snapshot taken when Metrics() is called. Calls
// and failures count every PluginHost::Call since the plugin was loaded;
// latency percentiles come from a histogram of all those calls (within 9%
// of the true value); the instance gauges are the current version's pool.
struct PluginMetrics {
  uint64_t calls = 0;
  uint64_t failures = 0;
  // "trap", "deadline exceeded", "fuel exhausted", "pool exhausted",
  // "circuit open", "other error" -> count; and "trap: <message>" per
  // trap code.
  std::vector<std::pair<std::string, uint64_t>> failures_by_kind;
  uint64_t capability_denials = 0;
  uint64_t fuel_used = 0;
  absl::Duration latency_p50, latency_p90, latency_p99, latency_max;
  uint32_t instances_in_use = 0, instances_idle = 0;
  std::string circuit;  // "closed", "open" or "half-open"
  std::string text;     // all of the above, printable
};

struct PluginInfo {
  std::string name;         // from the capabilities
  std::string meta_json;    // what meta() returned
  std::string sha256;       // of the loaded bytes, hex
  uint64_t version = 0;     // 1 at load, +1 per successful reload
  std::vector<ImportInfo> imports;
  std::vector<ExportInfo> exports;
  uint64_t denials = 0;     // capability refusals so far
};

class PluginHost {
 public:
  explicit PluginHost(PluginHostOptions options = {});
  ~PluginHost();  // Close()
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Loads a plugin: from caps.wasm_path, from `wasm` bytes, or from a
  // config file. Compiles once, checks the ABI (exports and signatures),
  // and creates one instance to read meta() and prove instantiation works
  // (it is kept for the first call), within the plugin's timeout and fuel
  // (see Budgets above). AlreadyExists for a taken name.
  absl::Status Load(PluginCapabilities caps, std::string init_bytes = {});
  absl::Status LoadBytes(PluginCapabilities caps, std::vector<uint8_t> wasm,
                         std::string init_bytes = {});
  absl::Status LoadConfigFile(const std::string& path);

  // Calls the plugin's execute with `input`; returns its output bytes.
  // Errors: NotFound (no such plugin), DeadlineExceeded when the timeout
  // stopped it (GetTrapCode: kInterrupted), a trap status (weft/
  // trap_code.h, e.g. kFuelExhausted) naming the export that ran out (the
  // budget is the whole call's, see Budgets above), DataLoss
  // for a result outside memory, FailedPrecondition for an ABI violation
  // (weft_alloc's block outside memory), ResourceExhausted when weft_alloc
  // returns 0, DeadlineExceeded when no instance freed up within the
  // timeout.
  absl::StatusOr<std::string> Call(absl::string_view name, absl::string_view input);
  // With a deadline (the earlier of it and the plugin's timeout): the guest
  // is stopped through interruption when it passes — also while it waits
  // in a WASI call (a sleep, a read on a granted socket or FIFO, a poll)
  // or in env.net_dial's connect — and the error is
  // DeadlineExceeded "deadline exceeded" (GetTrapCode: kInterrupted). No
  // thread, timer or instance is left behind: the instance is reset.
  absl::StatusOr<std::string> Call(absl::string_view name, absl::string_view input,
                                   absl::Time deadline);
  // With a cancel handle as well (from InterruptHandle::Create(); e.g. the
  // HTTP client went away): interrupting it stops the guest as the
  // deadline would, wherever it is, and the error is Cancelled
  // "cancelled" (GetTrapCode: kInterrupted; not counted against the
  // circuit breaker). A handle interrupted before the call stops it at
  // once; use a handle per call. Waiting for a free instance is bounded
  // by the deadline only.
  absl::StatusOr<std::string> Call(absl::string_view name, absl::string_view input,
                                   absl::Time deadline, const InterruptHandle& cancel);
  // The same for JSON: `input_json` must parse, and so must the output.
  absl::StatusOr<std::string> CallJson(absl::string_view name, absl::string_view input_json);

  absl::StatusOr<PluginInfo> Describe(absl::string_view name) const;
  absl::StatusOr<PluginMetrics> Metrics(absl::string_view name) const;
  std::vector<std::string> Names() const;

  // Re-reads the plugin's file (or uses `wasm`), validates, checks the
  // ABI and swaps. On any error the old version stays and the error says
  // why. Unchanged bytes (same hash) are not reloaded.
  absl::Status Reload(absl::string_view name);
  absl::Status ReloadBytes(absl::string_view name, std::vector<uint8_t> wasm);

  // Removes a plugin (calls in flight finish first on their instance).
  absl::Status Unload(absl::string_view name);
  // Unloads everything and stops the file watcher (joined).
  void Close();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_PLUGIN_HOST_H_
