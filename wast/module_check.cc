#include "wast/module_check.h"

#include "interp/module_code.h"

namespace weft::wast {

absl::Status DecodeAndValidate(absl::Span<const uint8_t> wasm) {
  // The load pipeline in its default mode validates every body and
  // translates none: exactly "does weft accept these bytes".
  return interp::ModuleCode::Load(wasm).status();
}

}  // namespace weft::wast
