// Which symlink texts a guest may create (path_symlink).
//
// A symlink a guest leaves behind outlives the guest: host programs follow
// it without weft's confinement. So a target must point beneath the link's
// own directory now and after any later rename, which rules out:
//   - absolute targets (they can only point outside);
//   - any ".." component. "d/g -> ../x" stays inside only while d is below
//     the preopen's root; renaming d/g to g turns it into an escape, and a
//     "sub/../x" can climb the same way once "sub" is a symlink to ".".
// With only downward components, a chain of guest-made links can never
// climb above the directory that holds the first one.
#ifndef WEFT_WASI_SYMLINK_TARGET_H_
#define WEFT_WASI_SYMLINK_TARGET_H_

#include <string_view>

#include "wasi/wasi_types.h"

namespace weft::wasi {

// kSuccess for a target a guest may create; kNoent for an empty one;
// kInval for one with a NUL byte; kNotcapable for an absolute one or one
// with a ".." component.
Errno CheckGuestSymlinkTarget(std::string_view target);

}  // namespace weft::wasi

#endif  // WEFT_WASI_SYMLINK_TARGET_H_
