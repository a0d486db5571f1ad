#include "host/plugin_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace weft {

PluginWatcher::PluginWatcher(absl::Duration debounce,
                             std::function<void(const std::string&)> changed)
    : debounce_(debounce), changed_(std::move(changed)) {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { Run(); });
}

PluginWatcher::~PluginWatcher() {
  const uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!write(wake_fd_, &one, sizeof one);
  thread_.join();
  if (inotify_fd_ >= 0) close(inotify_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

absl::Status PluginWatcher::Watch(const std::string& path) {
  if (inotify_fd_ < 0 || wake_fd_ < 0) return absl::InternalError("inotify unavailable");
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int wd = inotify_add_watch(inotify_fd_, dir.c_str(),
                                   IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB);
  if (wd < 0) {
    return absl::NotFoundError(absl::StrCat("watch ", dir, ": ", std::strerror(errno)));
  }
  std::lock_guard<std::mutex> lock(mu_);
  dirs_[wd] = dir;
  ++files_[path];
  return absl::OkStatus();
}

void PluginWatcher::Unwatch(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end() || --it->second > 0) return;
  files_.erase(it);
  pending_.erase(path);
  // The directory watch stays (another plugin may share the directory);
  // inotify drops it with the fd.
}

void PluginWatcher::Run() {
  alignas(inotify_event) char buf[16384];
  for (;;) {
    int timeout_ms = -1;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!pending_.empty()) timeout_ms = int(absl::ToInt64Milliseconds(debounce_)) + 1;
    }
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
    const int n = poll(fds, 2, timeout_ms);
    if (n < 0 && errno != EINTR) return;
    if (fds[0].revents != 0) return;  // stop requested
    if (n > 0 && (fds[1].revents & POLLIN)) {
      const ssize_t len = read(inotify_fd_, buf, sizeof buf);
      std::lock_guard<std::mutex> lock(mu_);
      for (ssize_t at = 0; len > 0 && at < len;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + at);
        at += ssize_t(sizeof(inotify_event) + ev->len);
        auto dir = dirs_.find(ev->wd);
        if (dir == dirs_.end() || ev->len == 0) continue;
        const std::string path =
            dir->second == "/" ? "/" + std::string(ev->name) : dir->second + "/" + ev->name;
        if (files_.count(path) != 0) pending_[path] = absl::Now();
      }
    }
    // Report the paths that have been quiet for the debounce interval.
    std::vector<std::string> ready;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const absl::Time now = absl::Now();
      for (auto it = pending_.begin(); it != pending_.end();) {
        if (now - it->second >= debounce_) {
          ready.push_back(it->first);
          it = pending_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (const std::string& path : ready) changed_(path);
  }
}

}  // namespace weft
