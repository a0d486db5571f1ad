// Watches plugin files with inotify and reports each changed file once its
// writes have been quiet for a debounce interval (editors and deploy tools
// write in bursts, or write a temporary file and rename it over the old
// one: the directory is watched, so both are seen).
//
// One thread, started by the constructor and joined by the destructor; the
// inotify and wake-up fds are closed there too.
#ifndef WEFT_HOST_PLUGIN_WATCHER_H_
#define WEFT_HOST_PLUGIN_WATCHER_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace weft {

class PluginWatcher {
 public:
  // `changed(path)` runs on the watcher thread.
  PluginWatcher(absl::Duration debounce, std::function<void(const std::string&)> changed);
  ~PluginWatcher();
  PluginWatcher(const PluginWatcher&) = delete;
  PluginWatcher& operator=(const PluginWatcher&) = delete;

  // Starts reporting changes of `path` (its directory must exist). Calls
  // nest: a path watched twice (two plugins from one file) is reported
  // until it has been unwatched twice.
  absl::Status Watch(const std::string& path);
  void Unwatch(const std::string& path);

 private:
  void Run();

  const absl::Duration debounce_;
  const std::function<void(const std::string&)> changed_;
  int inotify_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes the thread to stop
  std::mutex mu_;
  std::map<int, std::string> dirs_;           // watch descriptor -> directory
  std::map<std::string, int> files_;          // watched path -> Watch calls not yet undone
  std::map<std::string, absl::Time> pending_;  // changed path -> last event
  std::thread thread_;
};

}  // namespace weft

#endif  // WEFT_HOST_PLUGIN_WATCHER_H_
