// SHA-256 (FIPS 180-4), for identifying plugin versions by content.
#ifndef WEFT_BASE_SHA256_H_
#define WEFT_BASE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace weft {

// Lower-case hex digest of `data`.
std::string Sha256Hex(absl::string_view data);

}  // namespace weft

#endif  // WEFT_BASE_SHA256_H_
