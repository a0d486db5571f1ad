// An in-memory Os: a small filesystem tree (directories, regular files,
// symlinks, hard links) with the same confinement rules as PosixOs, for
// deterministic tests. Directory listings are sorted by name; timestamps come
// from a counter that ticks on every change. Sockets are not modelled
// (ENOTSOCK). Not thread-safe.
#ifndef WEFT_WASI_MEM_OS_H_
#define WEFT_WASI_MEM_OS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wasi/os.h"

namespace weft::wasi {

class MemOs : public Os {
 public:
  // Files may not grow beyond this (EFBIG), so a guest cannot make the fake
  // allocate without bound.
  static constexpr uint64_t kMaxFileSize = 64 << 20;

  MemOs();
  ~MemOs() override;

  // Test setup, with absolute paths from the fake root "/". Parents must
  // exist.
  Errno MakeDir(const std::string& path);
  Errno MakeFile(const std::string& path, const std::string& contents);
  Errno MakeSymlink(const std::string& path, const std::string& target);
  // Contents of a regular file, or ENOENT etc.
  Errno GetFile(const std::string& path, std::string* contents);
  size_t open_handles() const { return handles_.size(); }

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
  // Nothing here waits (files are always ready, sockets do not exist), so
  // the interrupt is never consulted.
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

  struct Node;
  struct OpenFile;

 private:
  struct Resolved;
  Errno Resolve(OsHandle dir, std::string_view path, bool follow,
                Resolved* out);
  Errno Handle(OsHandle h, OpenFile** out);
  Errno HostLookup(const std::string& path, std::shared_ptr<Node>* out,
                   std::shared_ptr<Node>* parent, std::string* name);
  std::shared_ptr<Node> NewNode(Filetype type);
  uint64_t Tick() { return ++now_; }

  std::shared_ptr<Node> root_;
  std::map<OsHandle, std::unique_ptr<OpenFile>> handles_;
  OsHandle next_handle_ = 100;
  uint64_t next_ino_ = 1;
  uint64_t now_ = 1'000'000'000;
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_MEM_OS_H_
