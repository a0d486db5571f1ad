#include "wasi/posix_path.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <vector>

namespace weft::wasi {

ScopedFd& ScopedFd::operator=(ScopedFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

ScopedFd::~ScopedFd() {
  if (fd_ >= 0) close(fd_);
}

namespace {

long Openat2(int dir, const char* path, uint64_t flags, uint64_t resolve) {
  struct open_how how = {};
  how.flags = flags;
  how.resolve = resolve;
  return syscall(SYS_openat2, dir, path, &how, sizeof(how));
}

constexpr uint64_t kBeneath = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

// Reads a symlink's text; refuses absolute targets (they always escape).
Errno ReadLinkTarget(int dir, const std::string& name, std::string* out) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = readlinkat(dir, name.c_str(), buf.data(), buf.size());
    if (n < 0) return ErrnoFromHost(errno);
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(n);
      break;
    }
    if (buf.size() >= 65536) return Errno::kNametoolong;
    buf.resize(buf.size() * 2);
  }
  if (buf.empty()) return Errno::kNoent;
  if (buf[0] == '/') return Errno::kNotcapable;
  *out = std::move(buf);
  return Errno::kSuccess;
}

// Returns true (and the target) if dir/name is a symlink.
Errno IsSymlink(int dir, const std::string& name, bool* is_link) {
  struct stat st;
  if (fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) {
      *is_link = false;
      return Errno::kSuccess;
    }
    return ErrnoFromHost(errno);
  }
  *is_link = S_ISLNK(st.st_mode);
  return Errno::kSuccess;
}

Errno ResolveWalk(int root, std::string_view path, bool follow_final,
                  ResolvedPath* out) {
  bool trailing_slash = path.back() == '/';
  if (trailing_slash) follow_final = true;
  std::vector<std::string> split = Split(path);
  std::deque<std::string> comps(split.begin(), split.end());
  std::vector<ScopedFd> stack;  // directories below the root
  auto cur = [&] { return stack.empty() ? root : stack.back().get(); };
  auto finish = [&](std::string name) {
    if (!stack.empty()) {
      out->owned = std::move(stack.back());
      out->dir = out->owned.get();
    } else {
      out->dir = root;
    }
    out->name = std::move(name);
    if (trailing_slash && out->name != ".") out->name += '/';
    return Errno::kSuccess;
  };
  int expansions = 0;
  while (!comps.empty()) {
    std::string c = std::move(comps.front());
    comps.pop_front();
    bool last = comps.empty();
    if (c == ".") continue;
    if (c == "..") {
      if (stack.empty()) return Errno::kNotcapable;
      stack.pop_back();
      continue;
    }
    if (last && !follow_final) return finish(std::move(c));
    struct stat st;
    if (fstatat(cur(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT && last) return finish(std::move(c));
      return ErrnoFromHost(errno);
    }
    if (S_ISLNK(st.st_mode)) {
      if (++expansions > kMaxSymlinkExpansions) return Errno::kLoop;
      std::string target;
      Errno e = ReadLinkTarget(cur(), c, &target);
      if (e != Errno::kSuccess) return e;
      std::vector<std::string> t = Split(target);
      comps.insert(comps.begin(), t.begin(), t.end());
      continue;
    }
    if (last) return finish(std::move(c));
    if (!S_ISDIR(st.st_mode)) return Errno::kNotdir;
    int fd = openat(cur(), c.c_str(),
                    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return ErrnoFromHost(errno);
    stack.emplace_back(fd);
  }
  return finish(".");
}

Errno ResolveKernel(int root, std::string_view path, bool follow_final,
                    ResolvedPath* out) {
  std::string p(path);
  for (int expansions = 0;; ++expansions) {
    if (expansions > kMaxSymlinkExpansions) return Errno::kLoop;
    if (p[0] == '/') return Errno::kNotcapable;
    bool trailing_slash = p.back() == '/';
    std::vector<std::string> comps = Split(p);
    bool follow = follow_final || trailing_slash;
    std::string parent = ".";
    std::string last = comps.empty() ? "." : comps.back();
    for (size_t i = 0; i + 1 < comps.size(); ++i) parent += "/" + comps[i];
    if (last == "." || last == "..") {
      // The path names a directory itself; open all of it.
      parent += "/" + last;
      last = ".";
    }
    long fd = Openat2(root, parent.c_str(),
                      O_PATH | O_DIRECTORY | O_CLOEXEC, kBeneath);
    if (fd < 0) return errno == EXDEV ? Errno::kNotcapable : ErrnoFromHost(errno);
    ScopedFd dir(static_cast<int>(fd));
    bool is_link = false;
    if (follow && last != ".") {
      Errno e = IsSymlink(dir.get(), last, &is_link);
      if (e != Errno::kSuccess) return e;
    }
    if (!is_link) {
      out->owned = std::move(dir);
      out->dir = out->owned.get();
      out->name = last;
      if (trailing_slash && last != ".") out->name += '/';
      return Errno::kSuccess;
    }
    std::string target;
    Errno e = ReadLinkTarget(dir.get(), last, &target);
    if (e != Errno::kSuccess) return e;
    p = parent + "/" + target + (trailing_slash ? "/" : "");
  }
}

}  // namespace

bool ProbeOpenat2() {
  long fd = Openat2(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, kBeneath);
  if (fd < 0) return false;
  close(static_cast<int>(fd));
  return true;
}

Errno ResolveBeneath(int root, std::string_view path, bool follow_final,
                     bool use_openat2, ResolvedPath* out) {
  if (path.empty()) return Errno::kNoent;
  if (path[0] == '/') return Errno::kNotcapable;
  if (path.find('\0') != std::string_view::npos) return Errno::kInval;
  return use_openat2 ? ResolveKernel(root, path, follow_final, out)
                     : ResolveWalk(root, path, follow_final, out);
}

}  // namespace weft::wasi
