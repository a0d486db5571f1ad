// UTF-8 well-formedness, as the binary format requires of every name
// (imports, exports, custom section names, the name section).
#ifndef WEFT_DECODER_UTF8_H_
#define WEFT_DECODER_UTF8_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace weft {

// True when [data, data + size) is well-formed UTF-8 (Unicode 3.9, table
// 3-7): no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no stray or missing continuation bytes.
bool IsValidUtf8(const uint8_t* data, size_t size);

inline bool IsValidUtf8(absl::string_view s) {
  return IsValidUtf8(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace weft

#endif  // WEFT_DECODER_UTF8_H_
