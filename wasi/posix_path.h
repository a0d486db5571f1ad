// Confined path resolution on a POSIX host: turns (directory fd, guest path)
// into (parent directory fd, final component) without ever leaving the
// directory. Two strategies:
//  - kernel: openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) opens the
//    parent; the kernel refuses `..` above the root and symlinks leaving it;
//  - walk: component by component with O_NOFOLLOW opens, a stack of parent
//    fds for `..`, and symlinks expanded by hand (readlinkat), so a swapped-in
//    symlink can never be followed behind our back.
// Both follow the final component's symlink only when asked, re-resolving its
// target from the same root, and return ENOTCAPABLE for any escape.
#ifndef WEFT_WASI_POSIX_PATH_H_
#define WEFT_WASI_POSIX_PATH_H_

#include <string>
#include <string_view>

#include "wasi/wasi_types.h"

namespace weft::wasi {

// Closes the fd on destruction.
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(ScopedFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  ScopedFd& operator=(ScopedFd&& o) noexcept;
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd();
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_ = -1;
};

struct ResolvedPath {
  ScopedFd owned;    // the parent, when it is not the root itself
  int dir = -1;      // parent directory fd to use with *at calls
  std::string name;  // final component; "." for the directory itself; a
                     // trailing "/" is kept so the kernel demands a directory
};

// Symlink expansions allowed in one resolution before ELOOP.
inline constexpr int kMaxSymlinkExpansions = 32;

// True if this kernel implements openat2 with RESOLVE_BENEATH (probed with a
// real call; seccomp filters or old kernels make it false).
bool ProbeOpenat2();

Errno ResolveBeneath(int root, std::string_view path, bool follow_final,
                     bool use_openat2, ResolvedPath* out);

}  // namespace weft::wasi

#endif  // WEFT_WASI_POSIX_PATH_H_
