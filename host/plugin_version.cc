#include "host/plugin_version.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/json.h"
#include "base/sha256.h"
#include "host/plugin_error.h"

namespace weft {

absl::Status CheckPluginMeta(absl::string_view meta) {
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

std::string PluginVersion::Sha256Of(absl::Span<const uint8_t> wasm) {
  return Sha256Hex(absl::string_view(reinterpret_cast<const char*>(wasm.data()), wasm.size()));
}

absl::StatusOr<std::shared_ptr<PluginVersion>> PluginVersion::Create(
    const PluginSessionConfig& config, absl::Span<const uint8_t> wasm, uint64_t number,
    uint32_t prepared) {
  const std::string& name = config.caps->name;
  auto module = CompiledModule::Compile(*config.engine, wasm);
  if (!module.ok()) {
    return PluginStatus(absl::StatusCode::kInvalidArgument, name, module.status().message());
  }
  if (absl::Status abi = CheckPluginAbi(**module); !abi.ok()) return PluginError(name, abi);
  auto v = std::make_shared<PluginVersion>();
  v->module = *module;
  v->sha256 = Sha256Of(wasm);
  v->number = number;
  InstancePoolOptions options;
  options.max_items = config.caps->max_instances;
  v->instances = std::make_unique<InstancePool<PluginSession>>(
      options,
      [&config, module = v->module](absl::Time deadline) {
        return PluginSession::Create(config, module, deadline);
      },
      [](PluginSession& s) { return s.Reset(); });
  // One instance first: a plugin whose meta() is wrong costs no more.
  if (absl::Status first = v->instances->Prepare(1, absl::InfiniteFuture()); !first.ok()) {
    return PluginError(name, first);
  }
  {
    absl::StatusOr<InstancePool<PluginSession>::Lease> session =
        v->instances->Acquire(absl::InfiniteFuture());
    if (!session.ok()) return PluginError(name, session.status());
    absl::StatusOr<std::string> meta = (*session)->Meta();
    if (!meta.ok()) return PluginError(name, meta.status());
    if (absl::Status m = CheckPluginMeta(*meta); !m.ok()) return PluginError(name, m);
    v->meta_json = *std::move(meta);
  }  // reset and back in the pool: the first call starts from init's state
  if (absl::Status more = v->instances->Prepare(std::max<uint32_t>(1, prepared),
                                                absl::InfiniteFuture());
      !more.ok()) {
    return PluginError(name, more);
  }
  return v;
}

}  // namespace weft
