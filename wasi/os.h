// The host operating-system interface WASI is built on (LevelDB Env style).
//
// WasiContext never calls the OS directly: filesystem, socket and readiness
// operations go through Os, time through Clock, entropy through RandomSource.
// PosixOs (posix_os.h) is the real implementation; MemOs (mem_os.h) is an
// in-memory filesystem for deterministic tests, with FakeClock and
// FakeRandom beside it.
//
// Handles are small non-negative integers owned by the Os implementation
// (host fds for PosixOs). WASI fd numbers are never passed to the Os: the
// context maps guest fds to handles.
//
// Confinement contract: every `*At(dir, path, ...)` resolves `path` beneath
// the directory `dir`. Absolute paths, `..` that would climb above `dir`, and
// symlinks (absolute, or relative ones that climb) whose target lies outside
// `dir` fail with ENOTCAPABLE; nothing outside `dir` is ever touched.
// Symlinks in intermediate components are followed (within `dir`); the final
// component is followed only when `follow` is true. All calls return a WASI
// errno; none throws.
//
// Blocking and interruption: the calls that can wait — OpenAt (a FIFO waits
// for its other end), Read/Write/SockAccept/SockRecv/SockSend on a handle
// the guest left blocking, Poll and Clock::Sleep — take the interrupt of
// the guest they run for. They never sleep where it cannot reach them: once
// `intr` is requested (a deadline, InterruptHandle) a waiting call returns
// Errno::kIntr at once, which the host-function adapter turns into the
// guest's "interrupted" trap (bytes a write or a WAITALL receive moved
// before that are lost with the guest). A guest that set NONBLOCK still gets
// EAGAIN, never a wait. Pread/Pwrite only reach seekable files, which do not
// wait, and take no interrupt.
#ifndef WEFT_WASI_OS_H_
#define WEFT_WASI_OS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/interrupt_notifier.h"
#include "wasi/wasi_types.h"

namespace weft::wasi {

using OsHandle = int;

struct FileStat {
  uint64_t dev = 0;
  uint64_t ino = 0;
  Filetype type = Filetype::kUnknown;
  uint64_t nlink = 0;
  uint64_t size = 0;
  uint64_t atim = 0;  // nanoseconds since the epoch
  uint64_t mtim = 0;
  uint64_t ctim = 0;
};

struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  Filetype type = Filetype::kUnknown;
};

struct OpenRequest {
  bool follow = false;   // lookupflags.symlink_follow for the last component
  uint16_t oflags = 0;   // kOflag*
  uint16_t fdflags = 0;  // kFdflag*
  bool read = false;
  bool write = false;
};

// One scatter/gather buffer (host memory, already bounds-checked).
struct IoSpan {
  uint8_t* data = nullptr;
  size_t len = 0;
};

struct PollRequest {
  OsHandle handle = -1;
  bool write = false;  // false: wait for readable
  // Outputs.
  bool ready = false;
  bool hangup = false;
  Errno error = Errno::kSuccess;
  uint64_t nbytes = 0;  // bytes available, when the Os knows
};

class Os {
 public:
  virtual ~Os() = default;

  // Opens a host directory chosen by the embedder (a preopen). Not confined:
  // it is the root that later *At calls are confined to.
  virtual Errno OpenHostDir(const std::string& host_path, OsHandle* out) = 0;
  virtual Errno OpenAt(OsHandle dir, std::string_view path,
                       const OpenRequest& req, const InterruptNotifier& intr,
                       OsHandle* out) = 0;
  virtual Errno Close(OsHandle h) = 0;

  // Scatter/gather I/O; `n` is the total transferred (short counts are not
  // errors).
  // A blocking Read returns once some bytes (or EOF) arrive; a blocking
  // Write returns once everything is written.
  virtual Errno Read(OsHandle h, const IoSpan* iov, size_t iovcnt,
                     const InterruptNotifier& intr, size_t* n) = 0;
  virtual Errno Write(OsHandle h, const IoSpan* iov, size_t iovcnt,
                      const InterruptNotifier& intr, size_t* n) = 0;
  virtual Errno Pread(OsHandle h, const IoSpan* iov, size_t iovcnt,
                      uint64_t offset, size_t* n) = 0;
  virtual Errno Pwrite(OsHandle h, const IoSpan* iov, size_t iovcnt,
                       uint64_t offset, size_t* n) = 0;
  virtual Errno Seek(OsHandle h, int64_t offset, Whence whence,
                     uint64_t* new_offset) = 0;

  virtual Errno Stat(OsHandle h, FileStat* out) = 0;
  virtual Errno StatAt(OsHandle dir, std::string_view path, bool follow,
                       FileStat* out) = 0;
  virtual Errno SetSize(OsHandle h, uint64_t size) = 0;
  // fst_flags: kFst*; the *_NOW flags use the OS clock.
  virtual Errno SetTimes(OsHandle h, uint64_t atim, uint64_t mtim,
                         uint16_t fst_flags) = 0;
  virtual Errno SetTimesAt(OsHandle dir, std::string_view path, bool follow,
                           uint64_t atim, uint64_t mtim,
                           uint16_t fst_flags) = 0;
  virtual Errno Sync(OsHandle h, bool data_only) = 0;
  virtual Errno Advise(OsHandle h, uint64_t offset, uint64_t len,
                       Advice advice) = 0;
  virtual Errno Allocate(OsHandle h, uint64_t offset, uint64_t len) = 0;
  // Only APPEND and NONBLOCK can change after open; SYNC flags are reported.
  virtual Errno GetFdflags(OsHandle h, uint16_t* flags) = 0;
  virtual Errno SetFdflags(OsHandle h, uint16_t flags) = 0;

  // The whole listing of a directory, "." and ".." included, in a stable
  // order for as long as the directory is unchanged.
  virtual Errno ReadDir(OsHandle h, std::vector<DirEntry>* out) = 0;

  virtual Errno MkdirAt(OsHandle dir, std::string_view path) = 0;
  virtual Errno RmdirAt(OsHandle dir, std::string_view path) = 0;
  virtual Errno UnlinkAt(OsHandle dir, std::string_view path) = 0;
  virtual Errno RenameAt(OsHandle old_dir, std::string_view old_path,
                         OsHandle new_dir, std::string_view new_path) = 0;
  virtual Errno LinkAt(OsHandle old_dir, std::string_view old_path,
                       bool follow, OsHandle new_dir,
                       std::string_view new_path) = 0;
  // Creates a symlink at `path` whose text is `target`, which must pass
  // CheckGuestSymlinkTarget (symlink_target.h: relative, no ".."), so no
  // link a guest leaves behind leads a host program outside.
  virtual Errno SymlinkAt(std::string_view target, OsHandle dir,
                          std::string_view path) = 0;
  virtual Errno ReadlinkAt(OsHandle dir, std::string_view path,
                           std::string* out) = 0;

  // Waits until one request is ready or `timeout_ns` passes (<0: forever;
  // 0: just checks). Fills each request's outputs.
  virtual Errno Poll(std::vector<PollRequest>* reqs, int64_t timeout_ns,
                     const InterruptNotifier& intr) = 0;

  virtual Errno SockAccept(OsHandle h, uint16_t fdflags,
                           const InterruptNotifier& intr, OsHandle* out) = 0;
  virtual Errno SockRecv(OsHandle h, const IoSpan* iov, size_t iovcnt,
                         uint16_t riflags, const InterruptNotifier& intr,
                         size_t* n, bool* truncated) = 0;
  // Like Write: returns once everything is sent.
  virtual Errno SockSend(OsHandle h, const IoSpan* iov, size_t iovcnt,
                         const InterruptNotifier& intr, size_t* n) = 0;
  virtual Errno SockShutdown(OsHandle h, uint8_t how) = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Errno Resolution(uint32_t clock_id, uint64_t* out) = 0;
  virtual Errno Now(uint32_t clock_id, uint64_t* out) = 0;
  // Sleeps (or, for a fake, advances time) by `ns` nanoseconds; kIntr as
  // soon as `intr` is requested.
  virtual Errno Sleep(uint64_t ns, const InterruptNotifier& intr) = 0;
};

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual Errno Fill(uint8_t* buf, size_t len) = 0;
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_OS_H_
