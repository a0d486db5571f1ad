// Per-instance WASI state: the fd table (with rights), preopens, args,
// environment, stdio wiring, and the injected Os / Clock / RandomSource.
//
// One WasiContext belongs to one guest instance; nothing here is global. It
// is not thread-safe (a guest instance runs on one thread at a time).
// Capabilities are explicit: no args, no environment, no directories, no
// sockets and closed stdio unless the WasiConfig grants them.
#ifndef WEFT_WASI_WASI_CONTEXT_H_
#define WEFT_WASI_WASI_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/interrupt_notifier.h"
#include "wasi/os.h"
#include "wasi/wasi_types.h"

namespace weft::wasi {

// An in-memory byte stream for stdio: the guest reads `data` from
// `read_pos` (stdin) or appends to it (stdout/stderr), up to `max_size`.
struct MemoryStream {
  std::string data;
  size_t read_pos = 0;
  size_t max_size = 64 << 20;  // a write past this fails with ENOSPC
};

struct StdioConfig {
  enum class Kind { kClosed, kInherit, kHostFd, kBuffer };
  Kind kind = Kind::kClosed;
  int host_fd = -1;                       // kHostFd: not closed by WASI
  std::shared_ptr<MemoryStream> buffer;   // kBuffer

  static StdioConfig Closed() { return {}; }
  static StdioConfig Inherit() { return {Kind::kInherit, -1, nullptr}; }
  static StdioConfig HostFd(int fd) { return {Kind::kHostFd, fd, nullptr}; }
  static StdioConfig Buffer(std::shared_ptr<MemoryStream> b) {
    return {Kind::kBuffer, -1, std::move(b)};
  }
};

struct PreopenDir {
  std::string host_path;   // opened through Os::OpenHostDir
  std::string guest_path;  // what fd_prestat_dir_name reports
  bool read_only = false;  // no writing rights on it or anything below
};

struct WasiConfig {
  std::vector<std::string> args;
  std::vector<std::string> env;  // "KEY=value"; empty unless granted
  StdioConfig stdin_config;
  StdioConfig stdout_config;
  StdioConfig stderr_config;
  std::vector<PreopenDir> preopen_dirs;
  std::vector<int> preopen_sockets;  // host socket fds, owned by the context
  // Null means the system implementations (PosixOs, SystemClock,
  // SystemRandom).
  std::shared_ptr<Os> os;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<RandomSource> random;
  uint32_t max_fds = 1024;  // path_open/sock_accept beyond it: EMFILE
  // Called with one line per WASI call when set (--trace-wasi).
  std::function<void(std::string_view)> trace;
};

// One open guest fd.
struct FdEntry {
  enum class Kind { kOs, kStream };
  Kind kind = Kind::kOs;
  OsHandle handle = -1;
  bool owned = true;  // close the Os handle on fd_close / destruction
  Filetype type = Filetype::kUnknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  bool read_only = false;  // opened under a read-only preopen
  std::optional<std::string> preopen_name;  // set for preopened directories
  std::shared_ptr<MemoryStream> stream;     // kStream
  // fd_readdir snapshot, refreshed when a listing starts at cookie 0.
  std::vector<DirEntry> dir_listing;
  bool dir_listing_valid = false;
};

class WasiContext {
 public:
  // Opens the preopens and wires stdio: fds 0-2 are stdio (possibly closed
  // slots), preopened directories follow from 3, then preopened sockets.
  static absl::StatusOr<std::unique_ptr<WasiContext>> Create(WasiConfig config);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  const std::vector<std::string>& args() const { return config_.args; }
  const std::vector<std::string>& env() const { return config_.env; }
  Os& os() { return *os_; }
  Clock& clock() { return *clock_; }

  // The interrupt that blocking calls made for the guest observe (os.h).
  // The host-function binding points it at the running guest's for the
  // duration of each call (InterruptScope); between calls it is the
  // context's own, which nothing requests unless a test does.
  const InterruptNotifier& interrupt() const { return *interrupt_; }
  class InterruptScope {
   public:
    InterruptScope(WasiContext& ctx, const InterruptNotifier& intr)
        : ctx_(ctx), saved_(ctx.interrupt_) {
      ctx_.interrupt_ = &intr;
    }
    ~InterruptScope() { ctx_.interrupt_ = saved_; }
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

   private:
    WasiContext& ctx_;
    const InterruptNotifier* saved_;
  };
  RandomSource& random() { return *random_; }
  const std::function<void(std::string_view)>& trace() const {
    return config_.trace;
  }

  // The entry for `fd` if it exists (EBADF) and holds every right in `base`
  // (ENOTCAPABLE; EROFS if a missing right writes and the fd is under a
  // read-only preopen).
  Errno Get(uint32_t fd, uint64_t base, FdEntry** out);
  // Installs an entry at the lowest free fd above 2 (EMFILE past max_fds).
  Errno Insert(FdEntry entry, uint32_t* fd);
  // Closes and removes `fd` (EBADF if absent).
  Errno Close(uint32_t fd);
  // fd_renumber: moves `from` onto `to`, closing what `to` held.
  Errno Renumber(uint32_t from, uint32_t to);
  // Instance pools. SavePristine records every open fd exactly: its entry
  // (kind, handle, type, rights, read-only, preopen name), the Os handle's
  // fdflags and offset where it has them, and a stream's read position.
  // From then on the recorded Os handles are pinned: a guest that closes
  // or renumbers over a recorded fd only drops its entry, the handle stays
  // open for the reset (and is closed by the destructor).
  // ResetToPristine closes every fd that is not the recorded entry at its
  // recorded number and puts each recorded fd back at that number with its
  // rights, fdflags and offset, drops readdir snapshots and forgets
  // proc_exit, so nothing a call did to the fd table reaches the next call.
  // An error (the Os refused to restore a flag or an offset) means the
  // context is not pristine: discard the instance. Calling SavePristine
  // again re-records, closing pinned handles no longer in use.
  void SavePristine();
  absl::Status ResetToPristine();

  // proc_exit: the guest asked to stop with this code. The host-function
  // adapter turns this into an exit outcome, never a host exit().
  void RequestExit(uint32_t code) { exit_code_ = code; }
  std::optional<uint32_t> exit_code() const { return exit_code_; }

 private:
  explicit WasiContext(WasiConfig config);
  absl::Status Init();
  absl::Status AddStdio(const StdioConfig& c, int host_fd, bool readable);
  // Closes e's Os handle if it owns one that the pristine record does not
  // pin.
  void Release(FdEntry& e);
  bool IsPinned(OsHandle h) const;

  // One fd as SavePristine found it.
  struct PristineFd {
    uint32_t fd = 0;
    FdEntry entry;                    // readdir snapshot dropped
    std::optional<uint16_t> fdflags;  // kOs handles whose flags the Os reports
    std::optional<uint64_t> offset;   // kOs regular files
    size_t stream_read_pos = 0;       // kStream
  };
  void ClosePinnedHandles(const std::vector<PristineFd>& record);

  WasiConfig config_;
  std::shared_ptr<Os> os_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<RandomSource> random_;
  std::vector<std::unique_ptr<FdEntry>> fds_;  // index = guest fd
  std::optional<uint32_t> exit_code_;
  std::vector<PristineFd> pristine_;
  InterruptNotifier own_interrupt_;
  const InterruptNotifier* interrupt_ = &own_interrupt_;
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_WASI_CONTEXT_H_
