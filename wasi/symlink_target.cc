#include "wasi/symlink_target.h"

namespace weft::wasi {

Errno CheckGuestSymlinkTarget(std::string_view target) {
  if (target.empty()) return Errno::kNoent;
  if (target.find('\0') != std::string_view::npos) return Errno::kInval;
  if (target.front() == '/') return Errno::kNotcapable;
  size_t start = 0;
  while (start <= target.size()) {
    size_t end = target.find('/', start);
    if (end == std::string_view::npos) end = target.size();
    if (target.substr(start, end - start) == "..") return Errno::kNotcapable;
    start = end + 1;
  }
  return Errno::kSuccess;
}

}  // namespace weft::wasi
