// The one way weft says where in a module's bytes something went wrong:
// "<message> (at byte offset N)", N in decimal from the start of the
// module. The decoder, the validator, constant expressions and the CLI all
// format offsets through here, so tools and tests can rely on one shape.
#ifndef WEFT_BASE_BYTE_OFFSET_H_
#define WEFT_BASE_BYTE_OFFSET_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace weft {

// " (at byte offset N)", to append to a message.
inline std::string AtByteOffset(uint64_t offset) {
  return absl::StrCat(" (at byte offset ", offset, ")");
}

// InvalidArgument "<message> (at byte offset N)": malformed or invalid
// module bytes.
inline absl::Status ErrorAtByteOffset(absl::string_view message, uint64_t offset) {
  return absl::InvalidArgumentError(absl::StrCat(message, AtByteOffset(offset)));
}

}  // namespace weft

#endif  // WEFT_BASE_BYTE_OFFSET_H_
