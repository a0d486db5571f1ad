#include "wasi/posix_os.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "wasi/posix_blocking.h"
#include "wasi/posix_path.h"
#include "wasi/symlink_target.h"

namespace weft::wasi {

namespace {

Errno Last() { return ErrnoFromHost(errno); }

Filetype TypeFromMode(mode_t m) {
  if (S_ISREG(m)) return Filetype::kRegularFile;
  if (S_ISDIR(m)) return Filetype::kDirectory;
  if (S_ISLNK(m)) return Filetype::kSymbolicLink;
  if (S_ISCHR(m)) return Filetype::kCharacterDevice;
  if (S_ISBLK(m)) return Filetype::kBlockDevice;
  if (S_ISSOCK(m)) return Filetype::kSocketStream;
  return Filetype::kUnknown;
}

uint64_t Nanos(const struct timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull +
         static_cast<uint64_t>(ts.tv_nsec);
}

void FillStat(const struct stat& st, FileStat* out) {
  out->dev = st.st_dev;
  out->ino = st.st_ino;
  out->type = TypeFromMode(st.st_mode);
  out->nlink = st.st_nlink;
  out->size = static_cast<uint64_t>(st.st_size);
  out->atim = Nanos(st.st_atim);
  out->mtim = Nanos(st.st_mtim);
  out->ctim = Nanos(st.st_ctim);
}

Errno TimesFromFlags(uint64_t atim, uint64_t mtim, uint16_t fst,
                     struct timespec ts[2]) {
  if (fst & ~kFstAll) return Errno::kInval;
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return Errno::kInval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return Errno::kInval;
  auto one = [](bool set, bool now, uint64_t v, struct timespec* t) {
    if (now) {
      t->tv_sec = 0;
      t->tv_nsec = UTIME_NOW;
    } else if (set) {
      t->tv_sec = static_cast<time_t>(v / 1000000000ull);
      t->tv_nsec = static_cast<long>(v % 1000000000ull);
    } else {
      t->tv_sec = 0;
      t->tv_nsec = UTIME_OMIT;
    }
  };
  one(fst & kFstAtim, fst & kFstAtimNow, atim, &ts[0]);
  one(fst & kFstMtim, fst & kFstMtimNow, mtim, &ts[1]);
  return Errno::kSuccess;
}

// Transient short reads/writes are the caller's business; EINTR is ours.
template <typename F>
ssize_t Retry(F f) {
  ssize_t r;
  do {
    r = f();
  } while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace

PosixOs::PosixOs(Resolver resolver) {
  switch (resolver) {
    case Resolver::kAuto: use_openat2_ = ProbeOpenat2(); break;
    case Resolver::kOpenat2: use_openat2_ = true; break;
    case Resolver::kWalk: use_openat2_ = false; break;
  }
}

Errno PosixOs::OpenHostDir(const std::string& host_path, OsHandle* out) {
  int fd = open(host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Last();
  *out = fd;
  return Errno::kSuccess;
}

Errno PosixOs::OpenAt(OsHandle dir, std::string_view path,
                      const OpenRequest& req, const InterruptNotifier& intr,
                      OsHandle* out) {
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, req.follow, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  // Symlinks were expanded during resolution; never let the kernel follow one.
  int flags = O_CLOEXEC | O_NOFOLLOW;
  if (req.oflags & kOflagDirectory) {
    flags |= O_DIRECTORY | O_RDONLY;
  } else if (req.read && req.write) {
    flags |= O_RDWR;
  } else if (req.write) {
    flags |= O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (req.oflags & kOflagCreat) flags |= O_CREAT;
  if (req.oflags & kOflagExcl) flags |= O_EXCL;
  if (req.oflags & kOflagTrunc) flags |= O_TRUNC;
  if (req.fdflags & kFdflagAppend) flags |= O_APPEND;
  if (req.fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (req.fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (req.fdflags & kFdflagSync) flags |= O_SYNC;
  if (req.fdflags & kFdflagRsync) flags |= O_RSYNC;
  // O_NOFOLLOW on a symlink reports ELOOP; with O_DIRECTORY, ENOTDIR.
  return posix::OpenWaiting(r.dir, r.name, flags, intr, out);
}

Errno PosixOs::Close(OsHandle h) {
  return close(h) == 0 || errno == EINTR ? Errno::kSuccess : Last();
}

// IoSpan has iovec's shape; converting keeps the Os interface POSIX-free.
static std::vector<struct iovec> ToIovec(const IoSpan* iov, size_t iovcnt) {
  std::vector<struct iovec> v(iovcnt);
  for (size_t i = 0; i < iovcnt; ++i) v[i] = {iov[i].data, iov[i].len};
  return v;
}

Errno PosixOs::Read(OsHandle h, const IoSpan* iov, size_t iovcnt,
                    const InterruptNotifier& intr, size_t* n) {
  return posix::ReadWaiting(h, ToIovec(iov, iovcnt), intr, n);
}

Errno PosixOs::Write(OsHandle h, const IoSpan* iov, size_t iovcnt,
                     const InterruptNotifier& intr, size_t* n) {
  return posix::WriteWaiting(h, ToIovec(iov, iovcnt), intr, n);
}

Errno PosixOs::Pread(OsHandle h, const IoSpan* iov, size_t iovcnt,
                     uint64_t offset, size_t* n) {
  if (offset > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  auto v = ToIovec(iov, iovcnt);
  ssize_t r = Retry([&] { return preadv(h, v.data(), v.size(), offset); });
  if (r < 0) return Last();
  *n = static_cast<size_t>(r);
  return Errno::kSuccess;
}

Errno PosixOs::Pwrite(OsHandle h, const IoSpan* iov, size_t iovcnt,
                      uint64_t offset, size_t* n) {
  if (offset > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  auto v = ToIovec(iov, iovcnt);
  ssize_t r = Retry([&] { return pwritev(h, v.data(), v.size(), offset); });
  if (r < 0) return Last();
  *n = static_cast<size_t>(r);
  return Errno::kSuccess;
}

Errno PosixOs::Seek(OsHandle h, int64_t offset, Whence whence,
                    uint64_t* new_offset) {
  int w = whence == Whence::kSet ? SEEK_SET
          : whence == Whence::kCur ? SEEK_CUR : SEEK_END;
  off_t r = lseek(h, offset, w);
  if (r < 0) return Last();
  *new_offset = static_cast<uint64_t>(r);
  return Errno::kSuccess;
}

Errno PosixOs::Stat(OsHandle h, FileStat* out) {
  struct stat st;
  if (fstat(h, &st) != 0) return Last();
  FillStat(st, out);
  return Errno::kSuccess;
}

Errno PosixOs::StatAt(OsHandle dir, std::string_view path, bool follow,
                      FileStat* out) {
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, follow, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  struct stat st;
  if (fstatat(r.dir, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return Last();
  }
  FillStat(st, out);
  return Errno::kSuccess;
}

Errno PosixOs::SetSize(OsHandle h, uint64_t size) {
  if (size > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  return ftruncate(h, static_cast<off_t>(size)) == 0 ? Errno::kSuccess
                                                      : Last();
}

Errno PosixOs::SetTimes(OsHandle h, uint64_t atim, uint64_t mtim,
                        uint16_t fst_flags) {
  struct timespec ts[2];
  Errno e = TimesFromFlags(atim, mtim, fst_flags, ts);
  if (e != Errno::kSuccess) return e;
  return futimens(h, ts) == 0 ? Errno::kSuccess : Last();
}

Errno PosixOs::SetTimesAt(OsHandle dir, std::string_view path, bool follow,
                          uint64_t atim, uint64_t mtim, uint16_t fst_flags) {
  struct timespec ts[2];
  Errno e = TimesFromFlags(atim, mtim, fst_flags, ts);
  if (e != Errno::kSuccess) return e;
  ResolvedPath r;
  e = ResolveBeneath(dir, path, follow, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  return utimensat(r.dir, r.name.c_str(), ts, AT_SYMLINK_NOFOLLOW) == 0
             ? Errno::kSuccess
             : Last();
}

Errno PosixOs::Sync(OsHandle h, bool data_only) {
  int r = data_only ? fdatasync(h) : fsync(h);
  return r == 0 ? Errno::kSuccess : Last();
}

Errno PosixOs::Advise(OsHandle h, uint64_t offset, uint64_t len,
                      Advice advice) {
  int a = POSIX_FADV_NORMAL;
  switch (advice) {
    case Advice::kNormal: a = POSIX_FADV_NORMAL; break;
    case Advice::kSequential: a = POSIX_FADV_SEQUENTIAL; break;
    case Advice::kRandom: a = POSIX_FADV_RANDOM; break;
    case Advice::kWillneed: a = POSIX_FADV_WILLNEED; break;
    case Advice::kDontneed: a = POSIX_FADV_DONTNEED; break;
    case Advice::kNoreuse: a = POSIX_FADV_NOREUSE; break;
  }
  if (offset > static_cast<uint64_t>(INT64_MAX) ||
      len > static_cast<uint64_t>(INT64_MAX)) {
    return Errno::kInval;
  }
  int r = posix_fadvise(h, static_cast<off_t>(offset),
                        static_cast<off_t>(len), a);
  return r == 0 ? Errno::kSuccess : ErrnoFromHost(r);
}

Errno PosixOs::Allocate(OsHandle h, uint64_t offset, uint64_t len) {
  if (offset > static_cast<uint64_t>(INT64_MAX) ||
      len > static_cast<uint64_t>(INT64_MAX) - offset) {
    return Errno::kFbig;
  }
  int r = posix_fallocate(h, static_cast<off_t>(offset),
                          static_cast<off_t>(len));
  return r == 0 ? Errno::kSuccess : ErrnoFromHost(r);
}

Errno PosixOs::GetFdflags(OsHandle h, uint16_t* flags) {
  int fl = fcntl(h, F_GETFL);
  if (fl < 0) return Last();
  uint16_t f = 0;
  if (fl & O_APPEND) f |= kFdflagAppend;
  if (fl & O_NONBLOCK) f |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC) {
    f |= kFdflagSync;
  } else if (fl & O_DSYNC) {
    f |= kFdflagDsync;
  }
  *flags = f;
  return Errno::kSuccess;
}

Errno PosixOs::SetFdflags(OsHandle h, uint16_t flags) {
  // Linux cannot change the sync flags after open.
  if (flags & (kFdflagDsync | kFdflagSync | kFdflagRsync)) {
    return Errno::kNotsup;
  }
  int fl = fcntl(h, F_GETFL);
  if (fl < 0) return Last();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  return fcntl(h, F_SETFL, fl) == 0 ? Errno::kSuccess : Last();
}

Errno PosixOs::ReadDir(OsHandle h, std::vector<DirEntry>* out) {
  // A fresh open of "." gives an independent position and a DIR* we own.
  int fd = openat(h, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Last();
  DIR* d = fdopendir(fd);
  if (d == nullptr) {
    Errno e = Last();
    close(fd);
    return e;
  }
  out->clear();
  errno = 0;
  while (struct dirent* de = readdir(d)) {
    DirEntry entry;
    entry.name = de->d_name;
    entry.ino = de->d_ino;
    switch (de->d_type) {
      case DT_REG: entry.type = Filetype::kRegularFile; break;
      case DT_DIR: entry.type = Filetype::kDirectory; break;
      case DT_LNK: entry.type = Filetype::kSymbolicLink; break;
      case DT_CHR: entry.type = Filetype::kCharacterDevice; break;
      case DT_BLK: entry.type = Filetype::kBlockDevice; break;
      case DT_SOCK: entry.type = Filetype::kSocketStream; break;
      default: {
        struct stat st;
        if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          entry.type = TypeFromMode(st.st_mode);
        }
      }
    }
    out->push_back(std::move(entry));
    errno = 0;
  }
  Errno e = errno ? Last() : Errno::kSuccess;
  closedir(d);
  // Sorted (with "." and ".." first) so listings are reproducible.
  std::sort(out->begin(), out->end(), [](const DirEntry& a, const DirEntry& b) {
    auto rank = [](const std::string& n) {
      return n == "." ? 0 : n == ".." ? 1 : 2;
    };
    if (rank(a.name) != rank(b.name)) return rank(a.name) < rank(b.name);
    return a.name < b.name;
  });
  return e;
}

Errno PosixOs::MkdirAt(OsHandle dir, std::string_view path) {
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, false, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  if (r.name == ".") return Errno::kExist;
  return mkdirat(r.dir, r.name.c_str(), 0777) == 0 ? Errno::kSuccess : Last();
}

Errno PosixOs::RmdirAt(OsHandle dir, std::string_view path) {
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, false, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  if (r.name == ".") return Errno::kInval;
  if (unlinkat(r.dir, r.name.c_str(), AT_REMOVEDIR) == 0) {
    return Errno::kSuccess;
  }
  // Linux says EEXIST for some filesystems; WASI wants ENOTEMPTY.
  return errno == EEXIST ? Errno::kNotempty : Last();
}

Errno PosixOs::UnlinkAt(OsHandle dir, std::string_view path) {
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, false, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  if (r.name == "." || r.name.back() == '/') {
    struct stat st;
    if (fstatat(r.dir, r.name.c_str(), &st, 0) == 0 && S_ISDIR(st.st_mode)) {
      return Errno::kIsdir;
    }
    if (r.name != ".") return Errno::kNotdir;
  }
  if (unlinkat(r.dir, r.name.c_str(), 0) == 0) return Errno::kSuccess;
  // Linux reports EISDIR for directories already; keep POSIX's EPERM out.
  if (errno == EPERM) {
    struct stat st;
    if (fstatat(r.dir, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode)) {
      return Errno::kIsdir;
    }
    errno = EPERM;
  }
  return Last();
}

Errno PosixOs::RenameAt(OsHandle old_dir, std::string_view old_path,
                        OsHandle new_dir, std::string_view new_path) {
  ResolvedPath a, b;
  Errno e = ResolveBeneath(old_dir, old_path, false, use_openat2_, &a);
  if (e != Errno::kSuccess) return e;
  e = ResolveBeneath(new_dir, new_path, false, use_openat2_, &b);
  if (e != Errno::kSuccess) return e;
  if (a.name == "." || b.name == ".") return Errno::kBusy;
  return renameat(a.dir, a.name.c_str(), b.dir, b.name.c_str()) == 0
             ? Errno::kSuccess
             : Last();
}

Errno PosixOs::LinkAt(OsHandle old_dir, std::string_view old_path, bool follow,
                      OsHandle new_dir, std::string_view new_path) {
  ResolvedPath a, b;
  Errno e = ResolveBeneath(old_dir, old_path, follow, use_openat2_, &a);
  if (e != Errno::kSuccess) return e;
  e = ResolveBeneath(new_dir, new_path, false, use_openat2_, &b);
  if (e != Errno::kSuccess) return e;
  if (b.name == ".") return Errno::kExist;
  return linkat(a.dir, a.name.c_str(), b.dir, b.name.c_str(), 0) == 0
             ? Errno::kSuccess
             : Last();
}

Errno PosixOs::SymlinkAt(std::string_view target, OsHandle dir,
                         std::string_view path) {
  if (Errno e = CheckGuestSymlinkTarget(target); e != Errno::kSuccess) {
    return e;
  }
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, false, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  if (r.name == ".") return Errno::kExist;
  std::string t(target);
  return symlinkat(t.c_str(), r.dir, r.name.c_str()) == 0 ? Errno::kSuccess
                                                            : Last();
}

Errno PosixOs::ReadlinkAt(OsHandle dir, std::string_view path,
                          std::string* out) {
  ResolvedPath r;
  Errno e = ResolveBeneath(dir, path, false, use_openat2_, &r);
  if (e != Errno::kSuccess) return e;
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = readlinkat(r.dir, r.name.c_str(), buf.data(), buf.size());
    if (n < 0) return Last();
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(n);
      *out = std::move(buf);
      return Errno::kSuccess;
    }
    if (buf.size() >= 65536) return Errno::kNametoolong;
    buf.resize(buf.size() * 2);
  }
}

Errno PosixOs::Poll(std::vector<PollRequest>* reqs, int64_t timeout_ns,
                    const InterruptNotifier& intr) {
  std::vector<struct pollfd> fds(reqs->size());
  for (size_t i = 0; i < reqs->size(); ++i) {
    fds[i].fd = (*reqs)[i].handle;
    fds[i].events = (*reqs)[i].write ? POLLOUT : POLLIN;
  }
  switch (intr.Wait(fds.data(), fds.size(), timeout_ns)) {
    case InterruptNotifier::WaitResult::kInterrupted:
      return Errno::kIntr;
    case InterruptNotifier::WaitResult::kError:
      return Last();
    default:
      break;  // on a timeout every revents is 0
  }
  for (size_t i = 0; i < reqs->size(); ++i) {
    PollRequest& q = (*reqs)[i];
    short ev = fds[i].revents;
    q.ready = ev != 0;
    q.hangup = ev & POLLHUP;
    if (ev & POLLNVAL) q.error = Errno::kBadf;
    if (q.ready && !q.write) {
      int avail = 0;
      if (ioctl(q.handle, FIONREAD, &avail) == 0 && avail > 0) {
        q.nbytes = static_cast<uint64_t>(avail);
      }
    }
  }
  return Errno::kSuccess;
}

Errno PosixOs::SockAccept(OsHandle h, uint16_t fdflags,
                          const InterruptNotifier& intr, OsHandle* out) {
  int flags = SOCK_CLOEXEC;
  if (fdflags & kFdflagNonblock) flags |= SOCK_NONBLOCK;
  return posix::AcceptWaiting(h, flags, intr, out);
}

Errno PosixOs::SockRecv(OsHandle h, const IoSpan* iov, size_t iovcnt,
                        uint16_t riflags, const InterruptNotifier& intr,
                        size_t* n, bool* truncated) {
  int flags = 0;
  if (riflags & kRiflagRecvPeek) flags |= MSG_PEEK;
  if (riflags & kRiflagRecvWaitall) flags |= MSG_WAITALL;
  return posix::RecvWaiting(h, ToIovec(iov, iovcnt), flags, intr, n,
                            truncated);
}

Errno PosixOs::SockSend(OsHandle h, const IoSpan* iov, size_t iovcnt,
                        const InterruptNotifier& intr, size_t* n) {
  return posix::SendWaiting(h, ToIovec(iov, iovcnt), intr, n);
}

Errno PosixOs::SockShutdown(OsHandle h, uint8_t how) {
  int mode;
  if (how == (kSdflagRd | kSdflagWr)) {
    mode = SHUT_RDWR;
  } else if (how == kSdflagRd) {
    mode = SHUT_RD;
  } else if (how == kSdflagWr) {
    mode = SHUT_WR;
  } else {
    return Errno::kInval;
  }
  return shutdown(h, mode) == 0 ? Errno::kSuccess : Last();
}

namespace {
bool HostClock(uint32_t id, clockid_t* out) {
  switch (id) {
    case kClockRealtime: *out = CLOCK_REALTIME; return true;
    case kClockMonotonic: *out = CLOCK_MONOTONIC; return true;
    case kClockProcessCputime: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case kClockThreadCputime: *out = CLOCK_THREAD_CPUTIME_ID; return true;
  }
  return false;
}
}  // namespace

Errno SystemClock::Resolution(uint32_t clock_id, uint64_t* out) {
  clockid_t c;
  if (!HostClock(clock_id, &c)) return Errno::kInval;
  struct timespec ts;
  if (clock_getres(c, &ts) != 0) return Last();
  *out = Nanos(ts);
  return Errno::kSuccess;
}

Errno SystemClock::Now(uint32_t clock_id, uint64_t* out) {
  clockid_t c;
  if (!HostClock(clock_id, &c)) return Errno::kInval;
  struct timespec ts;
  if (clock_gettime(c, &ts) != 0) return Last();
  *out = Nanos(ts);
  return Errno::kSuccess;
}

Errno SystemClock::Sleep(uint64_t ns, const InterruptNotifier& intr) {
  return posix::SleepFor(
      static_cast<int64_t>(std::min<uint64_t>(ns, INT64_MAX)), intr);
}

Errno SystemRandom::Fill(uint8_t* buf, size_t len) {
  while (len > 0) {
    ssize_t r = getrandom(buf, len, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return Last();
    }
    buf += r;
    len -= static_cast<size_t>(r);
  }
  return Errno::kSuccess;
}

}  // namespace weft::wasi
