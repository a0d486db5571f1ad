// weft.h's plugin host for C embedders, over weft::PluginHost
// (weft/plugin_host.h): load a plugin from its JSON config, call it with
// bytes in and out under a deadline, read its metrics, unload it.
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/strings/str_cat.h"
#include "api/c_api_internal.h"
#include "base/json.h"
#include "weft/plugin_capabilities.h"
#include "weft/plugin_host.h"

struct weft_plugin_host {
  weft_plugin_host() = default;
  explicit weft_plugin_host(weft::PluginHostOptions options) : host(std::move(options)) {}
  weft::PluginHost host;
};

namespace {

using weft::c_api::Wrap;

// Whole microseconds, for the C struct's latencies.
uint64_t Micros(absl::Duration d) {
  const int64_t us = absl::ToInt64Microseconds(d);
  return us < 0 ? 0 : uint64_t(us);
}

weft_plugin_circuit_t CircuitState(const std::string& circuit) {
  if (circuit == "open") return WEFT_PLUGIN_CIRCUIT_OPEN;
  if (circuit == "half-open") return WEFT_PLUGIN_CIRCUIT_HALF_OPEN;
  return WEFT_PLUGIN_CIRCUIT_CLOSED;
}

// `text` in a malloc'ed NUL-terminated copy, for weft_string_delete.
char* CopyString(const std::string& text) {
  auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.data(), text.size() + 1);
  return copy;
}

weft_error_t* ReturnJson(const std::string& text, char** json) {
  *json = CopyString(text);
  if (*json == nullptr) return Wrap(absl::ResourceExhaustedError("out of memory"));
  return nullptr;
}

weft::PluginHostOptions ToOptions(const weft_plugin_host_options_t& o) {
  weft::PluginHostOptions options;
  options.watch_files = o.watch_files != 0;
  if (o.reload_debounce_ms != 0) {
    options.reload_debounce = weft::c_api::Milliseconds(o.reload_debounce_ms);
  }
  if (o.circuit_failure_threshold != 0) {
    options.circuit_failure_threshold = o.circuit_failure_threshold;
  }
  if (o.circuit_disabled != 0) options.circuit_failure_threshold = 0;
  if (o.circuit_reset_timeout_ms != 0) {
    options.circuit_reset_timeout = weft::c_api::Milliseconds(o.circuit_reset_timeout_ms);
  }
  if (o.prepared_instances != 0) options.prepared_instances = o.prepared_instances;
  if (o.log != nullptr) {
    // Copies of the strings: the C side gets NUL-terminated ones.
    options.log = [log = o.log, env = o.log_env](absl::string_view plugin,
                                                 absl::string_view message) {
      log(env, std::string(plugin).c_str(), std::string(message).c_str());
    };
  }
  return options;
}

// Both call entry points; `function` names the one called, for its errors.
weft_error_t* CallPlugin(const char* function, weft_plugin_host_t* host, const char* name,
                         const uint8_t* input, size_t input_size, uint64_t deadline_ms,
                         const weft_interrupt_handle_t* cancel, uint8_t** output,
                         size_t* output_size) {
  using weft::c_api::NullArgument;
  if (output == nullptr) return NullArgument(function, "output");
  *output = nullptr;
  if (output_size == nullptr) return NullArgument(function, "output_size");
  *output_size = 0;
  if (host == nullptr) return NullArgument(function, "host");
  if (name == nullptr) return NullArgument(function, "name");
  if (input == nullptr && input_size != 0) return NullArgument(function, "input");
  const absl::Time deadline = deadline_ms == 0
                                  ? absl::InfiniteFuture()
                                  : absl::Now() + weft::c_api::Milliseconds(deadline_ms);
  const absl::string_view in(reinterpret_cast<const char*>(input), input_size);
  absl::StatusOr<std::string> out = cancel == nullptr
                                        ? host->host.Call(name, in, deadline)
                                        : host->host.Call(name, in, deadline, cancel->handle);
  if (!out.ok()) return weft::c_api::Wrap(out.status());
  // malloc, so that a C embedder could free it too; weft_bytes_delete is
  // the documented way.
  auto* bytes = static_cast<uint8_t*>(std::malloc(out->size() + 1));
  if (bytes == nullptr) return weft::c_api::Wrap(absl::ResourceExhaustedError("out of memory"));
  std::memcpy(bytes, out->data(), out->size());
  bytes[out->size()] = 0;
  *output = bytes;
  *output_size = out->size();
  return nullptr;
}

}  // namespace

extern "C" {

weft_plugin_host_t* weft_plugin_host_new_with_options(const weft_plugin_host_options_t* options) {
  if (options == nullptr) return new weft_plugin_host;
  return new weft_plugin_host(ToOptions(*options));
}

weft_error_t* weft_plugin_host_check_config_json(const char* json, const char* base_dir) {
  WEFT_C_REQUIRE(json);
  WEFT_C_REQUIRE(base_dir);
  return Wrap(weft::ParseCapabilities(json, base_dir).status());
}

weft_error_t* weft_plugin_host_reload(weft_plugin_host_t* host, const char* name) {
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(name);
  return Wrap(host->host.Reload(name));
}

weft_error_t* weft_plugin_host_describe_json(const weft_plugin_host_t* host, const char* name,
                                             char** json) {
  WEFT_C_REQUIRE(json);
  *json = nullptr;
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(name);
  absl::StatusOr<weft::PluginInfo> info = host->host.Describe(name);
  if (!info.ok()) return Wrap(info.status());
  using weft::json::Quote;
  // meta_json was checked to be a JSON object when the plugin loaded.
  return ReturnJson(absl::StrCat("{\"name\":", Quote(info->name), ",\"meta\":", info->meta_json,
                                 ",\"sha256\":", Quote(info->sha256),
                                 ",\"version\":", info->version,
                                 ",\"denials\":", info->denials, "}"),
                    json);
}

weft_error_t* weft_plugin_host_metrics_json(const weft_plugin_host_t* host, const char* name,
                                            char** json) {
  WEFT_C_REQUIRE(json);
  *json = nullptr;
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(name);
  absl::StatusOr<weft::PluginMetrics> m = host->host.Metrics(name);
  if (!m.ok()) return Wrap(m.status());
  using weft::json::Quote;
  std::string by_kind;
  for (const auto& [kind, count] : m->failures_by_kind) {
    absl::StrAppend(&by_kind, by_kind.empty() ? "" : ",", Quote(kind), ":", count);
  }
  return ReturnJson(
      absl::StrCat("{\"calls\":", m->calls, ",\"failures\":", m->failures,
                   ",\"capability_denials\":", m->capability_denials,
                   ",\"fuel_used\":", m->fuel_used, ",\"latency_us\":{\"p50\":",
                   Micros(m->latency_p50), ",\"p90\":", Micros(m->latency_p90),
                   ",\"p99\":", Micros(m->latency_p99), ",\"max\":", Micros(m->latency_max),
                   "},\"instances_in_use\":", m->instances_in_use,
                   ",\"instances_idle\":", m->instances_idle, ",\"circuit\":",
                   Quote(m->circuit), ",\"failures_by_kind\":{", by_kind, "}}"),
      json);
}

void weft_string_delete(char* text) { std::free(text); }

weft_plugin_host_t* weft_plugin_host_new(void) { return new weft_plugin_host; }

void weft_plugin_host_delete(weft_plugin_host_t* host) { delete host; }

weft_error_t* weft_plugin_host_load_config(weft_plugin_host_t* host, const char* config_path) {
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(config_path);
  return Wrap(host->host.LoadConfigFile(config_path));
}

weft_error_t* weft_plugin_host_load_config_json(weft_plugin_host_t* host, const char* json,
                                                const char* base_dir) {
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(json);
  WEFT_C_REQUIRE(base_dir);
  auto caps = weft::ParseCapabilities(json, base_dir);
  if (!caps.ok()) return Wrap(caps.status());
  return Wrap(host->host.Load(*std::move(caps)));
}

weft_error_t* weft_plugin_host_call(weft_plugin_host_t* host, const char* name,
                                    const uint8_t* input, size_t input_size,
                                    uint64_t deadline_ms, uint8_t** output,
                                    size_t* output_size) {
  return CallPlugin(__func__, host, name, input, input_size, deadline_ms, nullptr, output,
                    output_size);
}

weft_error_t* weft_plugin_host_call_cancellable(weft_plugin_host_t* host, const char* name,
                                                const uint8_t* input, size_t input_size,
                                                uint64_t deadline_ms,
                                                const weft_interrupt_handle_t* cancel,
                                                uint8_t** output, size_t* output_size) {
  return CallPlugin(__func__, host, name, input, input_size, deadline_ms, cancel, output,
                    output_size);
}

void weft_bytes_delete(uint8_t* bytes) { std::free(bytes); }

weft_error_t* weft_plugin_host_unload(weft_plugin_host_t* host, const char* name) {
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(name);
  return Wrap(host->host.Unload(name));
}

weft_error_t* weft_plugin_host_metrics(const weft_plugin_host_t* host, const char* name,
                                       weft_plugin_metrics_t* out) {
  WEFT_C_REQUIRE(out);
  std::memset(out, 0, sizeof *out);
  WEFT_C_REQUIRE(host);
  WEFT_C_REQUIRE(name);
  absl::StatusOr<weft::PluginMetrics> m = host->host.Metrics(name);
  if (!m.ok()) return Wrap(m.status());
  out->calls = m->calls;
  out->failures = m->failures;
  out->capability_denials = m->capability_denials;
  out->fuel_used = m->fuel_used;
  out->latency_p50_us = Micros(m->latency_p50);
  out->latency_p90_us = Micros(m->latency_p90);
  out->latency_p99_us = Micros(m->latency_p99);
  out->latency_max_us = Micros(m->latency_max);
  out->instances_in_use = m->instances_in_use;
  out->instances_idle = m->instances_idle;
  out->circuit = CircuitState(m->circuit);
  return nullptr;
}

}  // extern "C"
