// libFuzzer entry point over weft's text-format reader: parse and encode,
// then decode and validate what came out. Any crash, hang, sanitizer
// report or leak is a bug; a rejected input is the expected outcome for
// almost every mutation. The encoding of an accepted module must always
// decode: the parser produces well-formed binaries only.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "text/parser.h"
#include "validator/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto binary =
      weft::text::ParseWat(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!binary.ok()) return 0;
  auto module = weft::DecodeModule(absl::MakeConstSpan(*binary));
  if (!module.ok()) std::abort();  // the encoder wrote something malformed
  (void)weft::ValidateModule(**module);
  return 0;
}
