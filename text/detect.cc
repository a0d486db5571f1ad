#include "text/detect.h"

namespace weft::text {

bool LooksLikeWat(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (s.substr(i, 2) == ";;") {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.substr(i, 2) == "(;") {
      int depth = 0;
      while (i < s.size()) {
        if (s.substr(i, 2) == "(;") {
          ++depth;
          i += 2;
        } else if (s.substr(i, 2) == ";)") {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
      if (depth != 0) return true;  // unterminated comment: ParseWat says so
    } else {
      return c == '(';
    }
  }
  return false;
}

}  // namespace weft::text
