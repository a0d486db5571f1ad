#include "api/module_bytes.h"

#include "absl/strings/string_view.h"
#include "text/detect.h"
#include "text/parser.h"

namespace weft::api {

absl::StatusOr<absl::Span<const uint8_t>> BinaryModuleBytes(absl::Span<const uint8_t> input,
                                                            std::vector<uint8_t>* storage) {
  const absl::string_view chars(reinterpret_cast<const char*>(input.data()), input.size());
  if (!text::LooksLikeWat(chars)) return input;
  absl::StatusOr<std::vector<uint8_t>> binary = text::ParseWat(chars);
  if (!binary.ok()) return binary.status();
  *storage = *std::move(binary);
  return absl::MakeConstSpan(*storage);
}

}  // namespace weft::api
