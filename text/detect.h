// Telling text from binary by content, not by file name (as wasmtime does):
// every binary module starts with "\0asm", and every text module with '('
// once white space and comments are skipped.
#ifndef WEFT_TEXT_DETECT_H_
#define WEFT_TEXT_DETECT_H_

#include "absl/strings/string_view.h"

namespace weft::text {

// True when `bytes` begin, after white space and comments (";;" lines and
// nested "(; ;)" blocks), with '(' — a module in the text format (or at
// least an attempt at one, which ParseWat then judges).
bool LooksLikeWat(absl::string_view bytes);

}  // namespace weft::text

#endif  // WEFT_TEXT_DETECT_H_
