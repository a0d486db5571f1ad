// The real Os, Clock and RandomSource on a POSIX (Linux) host.
#ifndef WEFT_WASI_POSIX_OS_H_
#define WEFT_WASI_POSIX_OS_H_

#include <string>

#include "wasi/os.h"

namespace weft::wasi {

class PosixOs : public Os {
 public:
  enum class Resolver { kAuto, kOpenat2, kWalk };
  // kAuto probes openat2 once, here; kWalk forces the portable walker (tests
  // run both).
  explicit PosixOs(Resolver resolver = Resolver::kAuto);

  bool uses_openat2() const { return use_openat2_; }

  Errno OpenHostDir(const std::string& host_path, OsHandle* out) override;
  Errno OpenAt(OsHandle dir, std::string_view path, const OpenRequest& req,
               const InterruptNotifier& intr, OsHandle* out) override;
  Errno Close(OsHandle h) override;
  Errno Read(OsHandle h, const IoSpan* iov, size_t iovcnt,
             const InterruptNotifier& intr, size_t* n) override;
  Errno Write(OsHandle h, const IoSpan* iov, size_t iovcnt,
              const InterruptNotifier& intr, size_t* n) override;
  Errno Pread(OsHandle h, const IoSpan* iov, size_t iovcnt, uint64_t offset,
              size_t* n) override;
  Errno Pwrite(OsHandle h, const IoSpan* iov, size_t iovcnt, uint64_t offset,
               size_t* n) override;
  Errno Seek(OsHandle h, int64_t offset, Whence whence,
             uint64_t* new_offset) override;
  Errno Stat(OsHandle h, FileStat* out) override;
  Errno StatAt(OsHandle dir, std::string_view path, bool follow,
               FileStat* out) override;
  Errno SetSize(OsHandle h, uint64_t size) override;
  Errno SetTimes(OsHandle h, uint64_t atim, uint64_t mtim,
                 uint16_t fst_flags) override;
  Errno SetTimesAt(OsHandle dir, std::string_view path, bool follow,
                   uint64_t atim, uint64_t mtim, uint16_t fst_flags) override;
  Errno Sync(OsHandle h, bool data_only) override;
  Errno Advise(OsHandle h, uint64_t offset, uint64_t len,
               Advice advice) override;
  Errno Allocate(OsHandle h, uint64_t offset, uint64_t len) override;
  Errno GetFdflags(OsHandle h, uint16_t* flags) override;
  Errno SetFdflags(OsHandle h, uint16_t flags) override;
  Errno ReadDir(OsHandle h, std::vector<DirEntry>* out) override;
  Errno MkdirAt(OsHandle dir, std::string_view path) override;
  Errno RmdirAt(OsHandle dir, std::string_view path) override;
  Errno UnlinkAt(OsHandle dir, std::string_view path) override;
  Errno RenameAt(OsHandle old_dir, std::string_view old_path, OsHandle new_dir,
                 std::string_view new_path) override;
  Errno LinkAt(OsHandle old_dir, std::string_view old_path, bool follow,
               OsHandle new_dir, std::string_view new_path) override;
  Errno SymlinkAt(std::string_view target, OsHandle dir,
                  std::string_view path) override;
  Errno ReadlinkAt(OsHandle dir, std::string_view path,
                   std::string* out) override;
  Errno Poll(std::vector<PollRequest>* reqs, int64_t timeout_ns,
             const InterruptNotifier& intr) override;
  Errno SockAccept(OsHandle h, uint16_t fdflags, const InterruptNotifier& intr,
                   OsHandle* out) override;
  Errno SockRecv(OsHandle h, const IoSpan* iov, size_t iovcnt,
                 uint16_t riflags, const InterruptNotifier& intr, size_t* n,
                 bool* truncated) override;
  Errno SockSend(OsHandle h, const IoSpan* iov, size_t iovcnt,
                 const InterruptNotifier& intr, size_t* n) override;
  Errno SockShutdown(OsHandle h, uint8_t how) override;

 private:
  bool use_openat2_;
};

// clock_getres / clock_gettime; Sleep waits in ppoll on the interrupt.
class SystemClock : public Clock {
 public:
  Errno Resolution(uint32_t clock_id, uint64_t* out) override;
  Errno Now(uint32_t clock_id, uint64_t* out) override;
  Errno Sleep(uint64_t ns, const InterruptNotifier& intr) override;
};

// getrandom(2).
class SystemRandom : public RandomSource {
 public:
  Errno Fill(uint8_t* buf, size_t len) override;
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_POSIX_OS_H_
