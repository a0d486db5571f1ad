// Which features past WebAssembly 2.0 a decoded module uses: for `weft
// inspect` and ModuleInfo, so an embedder can see what a module needs
// before choosing EngineConfig::features. Read from the module's types,
// imports, memories, tables, tags and every function body's opcodes; a
// body that does not decode stops the scan of that body only.
#ifndef WEFT_VALIDATOR_FEATURES_USED_H_
#define WEFT_VALIDATOR_FEATURES_USED_H_

#include <vector>

#include "decoder/module.h"
#include "weft/features.h"

namespace weft {

// The features used, in WasmFeature order.
std::vector<WasmFeature> FeaturesUsed(const Module& module);

}  // namespace weft

#endif  // WEFT_VALIDATOR_FEATURES_USED_H_
