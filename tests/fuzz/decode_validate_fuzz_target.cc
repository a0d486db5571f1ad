// libFuzzer entry point over the untrusted-input front door: decode, then
// validate. Any crash, hang, sanitizer report or leak here is a bug; a
// rejected input is the expected outcome for almost every mutation.
#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "validator/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = weft::DecodeModule(absl::MakeConstSpan(data, size));
  if (!module.ok()) return 0;
  (void)weft::ValidateModule(**module);
  return 0;
}
