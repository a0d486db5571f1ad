#include "host/fs_check.h"

#include <climits>
#include <cstdlib>

#include <sys/stat.h>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/utf8.h"

namespace weft {
namespace {

// WASI errnos (wasi/wasi_types.h), negated as fs_check returns them.
constexpr int kEilseq = 25, kEinval = 28, kEnametoolong = 37;

// realpath of the longest existing prefix of `path`, with the rest
// appended unchanged (it does not exist, so it holds no symlink). Empty
// when a component exists but cannot be resolved (a dangling or looping
// symlink, no permission): its target is unknown, so nothing is admitted.
std::string ResolveExistingPrefix(const std::string& path) {
  std::string prefix = path;
  std::string rest;
  for (;;) {
    char buf[PATH_MAX];
    if (::realpath(prefix.c_str(), buf) != nullptr) {
      std::string out = buf;
      if (!rest.empty()) out += (out == "/" ? "" : "/") + rest;
      return out;
    }
    struct stat st;
    if (::lstat(prefix.c_str(), &st) == 0) return "";
    const size_t slash = prefix.find_last_of('/');
    if (slash == std::string::npos || prefix == "/") return "";
    const std::string last = prefix.substr(slash + 1);
    rest = rest.empty() ? last : last + "/" + rest;
    prefix = slash == 0 ? "/" : prefix.substr(0, slash);
  }
}

bool Within(const std::string& path, const std::string& dir) {
  if (path.empty()) return false;
  if (dir == "/") return true;
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

}  // namespace

std::vector<std::string> NormalizeGuestPath(absl::string_view path) {
  std::vector<std::string> out;
  for (absl::string_view c : absl::StrSplit(path, '/', absl::SkipEmpty())) {
    if (c == ".") continue;
    if (c == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.emplace_back(c);
  }
  return out;
}

int FsCheck(const std::vector<FsGrant>& grants, absl::string_view guest_path) {
  if (guest_path.size() > kMaxCheckedPath) return -kEnametoolong;
  if (!IsValidUtf8(guest_path)) return -kEilseq;
  if (guest_path.empty() || guest_path[0] != '/' ||
      guest_path.find('\0') != absl::string_view::npos) {
    return -kEinval;
  }
  const std::vector<std::string> parts = NormalizeGuestPath(guest_path);
  for (const FsGrant& g : grants) {
    const std::vector<std::string> root = NormalizeGuestPath(g.guest_path);
    if (root.size() > parts.size()) continue;
    bool prefix = true;
    for (size_t i = 0; i < root.size() && prefix; ++i) prefix = root[i] == parts[i];
    if (!prefix) continue;
    char buf[PATH_MAX];
    if (::realpath(g.host_path.c_str(), buf) == nullptr) continue;  // grant unusable
    const std::string host_root = buf;
    std::string host = host_root;
    for (size_t i = root.size(); i < parts.size(); ++i) {
      host += (host == "/" ? "" : "/") + parts[i];
    }
    if (Within(ResolveExistingPrefix(host), host_root)) return 1;
  }
  return 0;
}

}  // namespace weft
