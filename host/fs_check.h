// env.fs_check: may the plugin reach `guest_path`?
//
// The path is read in the guest's namespace (the "guest" side of its
// FsGrants), normalised lexically (".", "..", repeated slashes; ".." never
// climbs above "/"), mapped to the host path of the grant whose guest path
// contains it at a component boundary ("/data" does not contain
// "/database"), and the longest existing prefix of that host path is
// resolved with the host's realpath (symlinks followed); the result must
// still lie within the grant's own resolved host directory.
#ifndef WEFT_HOST_FS_CHECK_H_
#define WEFT_HOST_FS_CHECK_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "weft/plugin_capabilities.h"

namespace weft {

inline constexpr size_t kMaxCheckedPath = 4096;

// 1 allowed, 0 denied; negative WASI errno for bad input: -28 (EINVAL)
// for a relative path or a NUL byte, -37 (ENAMETOOLONG) beyond
// kMaxCheckedPath bytes, -25 (EILSEQ) for invalid UTF-8.
int FsCheck(const std::vector<FsGrant>& grants, absl::string_view guest_path);

// "/a/./b//../c" -> components {"a", "c"}.
std::vector<std::string> NormalizeGuestPath(absl::string_view path);

}  // namespace weft

#endif  // WEFT_HOST_FS_CHECK_H_
