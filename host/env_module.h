// The `env` host module of a plugin instance: net_dial and fs_check
// (contracts in weft/plugin_host.h), bound to that instance's
// capabilities, denial log and WASI fd table.
#ifndef WEFT_HOST_ENV_MODULE_H_
#define WEFT_HOST_ENV_MODULE_H_

#include <memory>

#include "absl/status/status.h"
#include "host/net_dial.h"
#include "weft/linker.h"
#include "weft/plugin_capabilities.h"
#include "weft/wasi.h"

namespace weft {

absl::Status DefineEnvModule(Linker& linker, std::shared_ptr<const PluginCapabilities> caps,
                             DenialLog* denials, std::shared_ptr<Wasi> wasi);

}  // namespace weft

#endif  // WEFT_HOST_ENV_MODULE_H_
