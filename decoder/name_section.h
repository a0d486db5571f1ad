// The "name" custom section (WebAssembly 2.0, appendix 7.4): module name,
// function names and local names. It is informational only, so a malformed
// one is ignored rather than rejecting the module.
#ifndef WEFT_DECODER_NAME_SECTION_H_
#define WEFT_DECODER_NAME_SECTION_H_

#include <cstddef>
#include <cstdint>

#include "decoder/module.h"

namespace weft {

// Parses the payload (after the section name) at module offset
// `base_offset`. On success fills *out and returns true; on any
// malformation returns false and leaves *out untouched.
bool ParseNameSection(const uint8_t* payload, size_t size, size_t base_offset,
                      NameMap* out);

}  // namespace weft

#endif  // WEFT_DECODER_NAME_SECTION_H_
