// One loaded version of a plugin: its compiled module, what identifies it
// (sha256, number, meta) and its pool of instances. A reload builds a new
// version beside the current one and swaps; calls in flight hold theirs
// (std::shared_ptr), so each version's instances live until its last call
// has released them.
#ifndef WEFT_HOST_PLUGIN_VERSION_H_
#define WEFT_HOST_PLUGIN_VERSION_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "host/plugin_session.h"
#include "pool/instance_pool.h"
#include "weft/module.h"

namespace weft {

struct PluginVersion {
  // Compiles `wasm`, checks the plugin ABI, creates an instance to read and
  // check meta(), and prepares instances up to `prepared` (at least the
  // one that read meta; at most the plugin's max_instances), each within
  // the plugin's budget. Errors name the plugin (host/plugin_error.h).
  // `config` must outlive the version.
  static absl::StatusOr<std::shared_ptr<PluginVersion>> Create(
      const PluginSessionConfig& config, absl::Span<const uint8_t> wasm, uint64_t number,
      uint32_t prepared);

  // What identifies a version's bytes: their SHA-256, hex.
  static std::string Sha256Of(absl::Span<const uint8_t> wasm);

  std::shared_ptr<const CompiledModule> module;
  std::string sha256;   // Sha256Of(wasm)
  uint64_t number = 0;  // 1 at load, +1 per reload
  std::string meta_json;
  // Up to the plugin's max_instances; reset after every call.
  std::unique_ptr<InstancePool<PluginSession>> instances;
};

// meta()'s rule: a JSON object with string "name", "version" and
// "description" (other members are the plugin's business).
absl::Status CheckPluginMeta(absl::string_view meta);

}  // namespace weft

#endif  // WEFT_HOST_PLUGIN_VERSION_H_
