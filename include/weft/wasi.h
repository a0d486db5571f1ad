// weft public API: WASI preview1 for instances created through a Linker.
//
//   weft::WasiOptions opts;
//   opts.args = {"tool", "--flag"};
//   opts.dirs.push_back({.host_path = "/srv/data", .guest_path = "/data",
//                        .read_only = true});
//   auto wasi = weft::Wasi::Define(linker, std::move(opts));   // before
//   auto inst = linker.Instantiate(module);                   // instantiating
//   (*wasi)->Attach(**inst);        // guest pointers use inst's "memory"
//   absl::Status s = (*inst)->Call("_start", {}).status();
//   if ((*wasi)->exit_code()) ...   // proc_exit(N) ended the call
//
// Capabilities are explicit: no arguments, environment, directories,
// sockets or stdio unless WasiOptions grants them. Paths never leave a
// preopened directory (symlinks and ".." included). One Wasi serves ONE
// instance (its fd table is that guest's): create a Linker per instance
// when several run at once. WASI calls made by a start function use the
// memory 0 of the instance being created; Attach then fixes the memory for
// every later call.
//
// proc_exit(N) stops the guest: the call returns a kHostTrap status whose
// message is "proc_exit(N)", and exit_code() holds N.
//
// Thread-safety: like the instance it is attached to (one thread at a
// time). The Wasi object must outlive every call into the instance.
#ifndef WEFT_INCLUDE_WEFT_WASI_H_
#define WEFT_INCLUDE_WEFT_WASI_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "weft/instance.h"
#include "weft/linker.h"

namespace weft {

namespace api {
struct WasiImpl;
}

struct WasiOptions {
  std::vector<std::string> args;  // argv, argv[0] included
  std::vector<std::string> env;   // "KEY=value" entries the guest may see
  struct Dir {
    std::string host_path;   // an existing host directory
    std::string guest_path;  // the name the guest opens it by
    bool read_only = false;  // no writing anything at or below it
  };
  std::vector<Dir> dirs;
  enum class Stdio {
    kClosed,   // the fd exists but is closed: calls fail with EBADF
    kInherit,  // the host process's own (closed if the process has none)
    kCapture,  // an in-memory buffer (stdin: `stdin_data`; out/err: Take*)
  };
  Stdio stdin_mode = Stdio::kClosed;
  Stdio stdout_mode = Stdio::kClosed;
  Stdio stderr_mode = Stdio::kClosed;
  std::string stdin_data;    // what a captured stdin reads
  size_t max_capture = 16 << 20;  // bytes a captured stdout/stderr keeps
  // Called with one line per WASI call (name, decoded arguments, errno),
  // e.g. for `weft run --trace-wasi`; unset: no tracing.
  std::function<void(absl::string_view line)> trace;
  // How paths are confined beneath a preopen: kAuto uses the kernel's
  // openat2(RESOLVE_BENEATH) when it has it, else a component walker that
  // expands symlinks by hand. The other two force one (for testing both).
  enum class PathResolver { kAuto, kOpenat2, kWalk };
  PathResolver path_resolver = PathResolver::kAuto;
};

class Wasi {
 public:
  // Defines "wasi_snapshot_preview1" in `linker` with the capabilities of
  // `options`. Errors: InvalidArgument/NotFound for a directory that
  // cannot be opened, naming it.
  static absl::StatusOr<std::shared_ptr<Wasi>> Define(Linker& linker, WasiOptions options);
  ~Wasi();

  // Points guest pointers at `instance`'s exported "memory" (an instance
  // without one: every pointer faults with EFAULT).
  absl::Status Attach(const Instance& instance);

  // N after the guest called proc_exit(N).
  std::optional<uint32_t> exit_code() const;

  // Gives the guest an already connected host socket (ownership passes to
  // WASI, which closes it on fd_close or destruction). Returns the guest
  // fd, usable with fd_read/fd_write/sock_recv/sock_send/sock_shutdown.
  // ResourceExhausted when the guest's fd table is full (the socket is
  // closed then).
  absl::StatusOr<uint32_t> AdoptSocket(int host_fd);

  // For instance pools (Instance::SavePristine): records every open guest
  // fd exactly (handle, rights, fdflags, offset). ResetToPristine closes
  // every fd opened since, puts each recorded fd back at its number with
  // its rights, flags and offset even if the guest closed, renumbered,
  // reseeked or re-flagged it, drops directory-listing caches, clears
  // captured output and forgets a proc_exit. FailedPrecondition when the
  // OS refuses to restore a flag or offset (discard the instance).
  void SavePristine();
  absl::Status ResetToPristine();

  // Captured output so far, then cleared (empty unless kCapture).
  std::string TakeStdout();
  std::string TakeStderr();

 private:
  explicit Wasi(std::unique_ptr<api::WasiImpl> impl);
  std::unique_ptr<api::WasiImpl> impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_WASI_H_
