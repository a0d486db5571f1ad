#include "wast/module_check.h"

#include "interp/module_code.h"

namespace weft::wast {

absl::Status DecodeAndValidate(absl::Span<const uint8_t> wasm, const WasmFeatures& features) {
  // The load pipeline in its default mode validates every body and
  // translates none: exactly "does weft accept these bytes".
  interp::CompileOptions options;
  options.features = features;
  return interp::ModuleCode::Load(wasm, options).status();
}

}  // namespace weft::wast
