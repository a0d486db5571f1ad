#include "wast/module_check.h"

#include "decoder/decoder.h"
#include "validator/validator.h"

namespace weft::wast {

absl::Status DecodeAndValidate(absl::Span<const uint8_t> wasm) {
  absl::StatusOr<std::unique_ptr<const Module>> module = DecodeModule(wasm);
  if (!module.ok()) return module.status();
  return ValidateModule(**module);
}

}  // namespace weft::wast
