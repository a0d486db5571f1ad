#include "wasi/posix_blocking.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace weft::wasi::posix {
namespace {

Errno Last() { return ErrnoFromHost(errno); }

bool WouldBlock(int e) { return e == EAGAIN || e == EWOULDBLOCK; }

// RWF_NOWAIT is not supported for this file (EOPNOTSUPP), or preadv2 /
// pwritev2 are missing or filtered (ENOSYS).
bool NoNowait(int e) { return e == EOPNOTSUPP || e == ENOSYS; }

// The unconsumed part of a scatter/gather list.
class IovCursor {
 public:
  explicit IovCursor(std::vector<struct iovec> v) : v_(std::move(v)) {
    Skip(0);
  }
  struct iovec* data() {
    return v_.data() + first_;
  }
  int count() const {
    return int(std::min<size_t>(v_.size() - first_, IOV_MAX));
  }
  bool done() const { return first_ == v_.size(); }
  size_t bytes() const {
    size_t n = 0;
    for (size_t i = first_; i < v_.size(); ++i) n += v_[i].iov_len;
    return n;
  }
  // Drops `n` transferred bytes (and empty buffers).
  void Skip(size_t n) {
    while (first_ < v_.size()) {
      struct iovec& b = v_[first_];
      if (b.iov_len > n) {
        b.iov_base = static_cast<char*>(b.iov_base) + n;
        b.iov_len -= n;
        return;
      }
      n -= b.iov_len;
      ++first_;
    }
  }
  // At most `limit` bytes of what is left, as a separate list.
  std::vector<struct iovec> Prefix(size_t limit) const {
    std::vector<struct iovec> out;
    for (size_t i = first_; i < v_.size() && limit > 0; ++i) {
      const size_t take = std::min(limit, v_[i].iov_len);
      out.push_back({v_[i].iov_base, take});
      limit -= take;
    }
    return out;
  }

 private:
  std::vector<struct iovec> v_;
  size_t first_ = 0;
};

// One attempt at sending what `c` holds without waiting.
ssize_t SendNow(int fd, IovCursor& c) {
  struct msghdr msg = {};
  msg.msg_iov = c.data();
  msg.msg_iovlen = size_t(c.count());
  return sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
}

// One attempt at writing to a pipe, FIFO or terminal without waiting.
// Where the kernel has no RWF_NOWAIT for the file, waits for POLLOUT and
// writes at most PIPE_BUF bytes, which a writable pipe takes whole.
ssize_t StreamWriteNow(int fd, IovCursor& c, const InterruptNotifier& intr,
                       Errno* wait_error) {
  ssize_t r = pwritev2(fd, c.data(), c.count(), -1, RWF_NOWAIT);
  if (r >= 0 || !NoNowait(errno)) return r;
  if (Errno e = WaitReady(fd, POLLOUT, intr); e != Errno::kSuccess) {
    *wait_error = e;
    return -1;
  }
  std::vector<struct iovec> part = c.Prefix(PIPE_BUF);
  return writev(fd, part.data(), int(part.size()));
}

// Write and Send: everything, waiting whenever the handle is full.
Errno TransferAll(int fd, WaitKind kind, std::vector<struct iovec> iov,
                  const InterruptNotifier& intr, size_t* n) {
  IovCursor c(std::move(iov));
  size_t total = 0;
  do {
    Errno wait_error = Errno::kSuccess;
    const ssize_t r = kind == WaitKind::kSocket
                          ? SendNow(fd, c)
                          : StreamWriteNow(fd, c, intr, &wait_error);
    if (wait_error != Errno::kSuccess) return wait_error;
    if (r >= 0) {
      total += size_t(r);
      c.Skip(size_t(r));
      continue;
    }
    if (errno == EINTR) continue;
    if (WouldBlock(errno)) {
      if (Errno e = WaitReady(fd, POLLOUT, intr); e != Errno::kSuccess)
        return e;
      continue;
    }
    if (total == 0) return Last();
    break;  // write(2) reports the bytes it moved before an error
  } while (!c.done());
  *n = total;
  return Errno::kSuccess;
}

}  // namespace

WaitKind ClassifyForWait(int fd) {
  struct stat st;
  // A bad fd: the call itself will say so.
  if (fstat(fd, &st) != 0) return WaitKind::kNever;
  if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode)) {
    return WaitKind::kNever;
  }
  const int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || (fl & O_NONBLOCK)) return WaitKind::kNever;
  return S_ISSOCK(st.st_mode) ? WaitKind::kSocket : WaitKind::kStream;
}

Errno WaitReady(int fd, short events, const InterruptNotifier& intr) {
  struct pollfd p = {fd, events, 0};
  switch (intr.Wait(&p, 1, -1)) {
    case InterruptNotifier::WaitResult::kInterrupted:
      return Errno::kIntr;
    case InterruptNotifier::WaitResult::kError:
      return Last();
    default:
      // Ready, or in error / hung up / invalid: the call reports which.
      return Errno::kSuccess;
  }
}

Errno SleepFor(int64_t ns, const InterruptNotifier& intr) {
  switch (intr.Wait(nullptr, 0, std::max<int64_t>(ns, 0))) {
    case InterruptNotifier::WaitResult::kInterrupted:
      return Errno::kIntr;
    case InterruptNotifier::WaitResult::kError:
      return Last();
    default:
      return Errno::kSuccess;
  }
}

Errno ReadWaiting(int fd, std::vector<struct iovec> iov,
                  const InterruptNotifier& intr, size_t* n) {
  const WaitKind kind = ClassifyForWait(fd);
  IovCursor c(std::move(iov));
  // An empty read never waits (it returns 0 at once from the kernel too).
  if (kind == WaitKind::kNever || c.bytes() == 0) {
    ssize_t r;
    do {
      r = readv(fd, c.data(), c.count());
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Last();
    *n = size_t(r);
    return Errno::kSuccess;
  }
  for (;;) {
    ssize_t r;
    if (kind == WaitKind::kSocket) {
      struct msghdr msg = {};
      msg.msg_iov = c.data();
      msg.msg_iovlen = size_t(c.count());
      r = recvmsg(fd, &msg, MSG_DONTWAIT);
    } else {
      // Poll first: a FIFO opened before any writer came reads as EOF but
      // polls as not readable, and a blocking reader waits for the writer.
      if (Errno e = WaitReady(fd, POLLIN, intr); e != Errno::kSuccess) return e;
      r = preadv2(fd, c.data(), c.count(), -1, RWF_NOWAIT);
      if (r < 0 && NoNowait(errno)) r = readv(fd, c.data(), c.count());
    }
    if (r >= 0) {
      *n = size_t(r);
      return Errno::kSuccess;
    }
    if (errno == EINTR) continue;
    if (!WouldBlock(errno)) return Last();
    if (kind == WaitKind::kSocket) {
      if (Errno e = WaitReady(fd, POLLIN, intr); e != Errno::kSuccess) return e;
    }
  }
}

Errno WriteWaiting(int fd, std::vector<struct iovec> iov,
                   const InterruptNotifier& intr, size_t* n) {
  const WaitKind kind = ClassifyForWait(fd);
  if (kind == WaitKind::kNever) {
    ssize_t r;
    do {
      r = writev(fd, iov.data(), int(std::min<size_t>(iov.size(), IOV_MAX)));
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Last();
    *n = size_t(r);
    return Errno::kSuccess;
  }
  return TransferAll(fd, kind, std::move(iov), intr, n);
}

Errno RecvWaiting(int fd, std::vector<struct iovec> iov, int flags,
                  const InterruptNotifier& intr, size_t* n, bool* truncated) {
  const WaitKind kind = ClassifyForWait(fd);
  IovCursor c(std::move(iov));
  struct msghdr msg = {};
  if (kind == WaitKind::kNever) {
    msg.msg_iov = c.data();
    msg.msg_iovlen = size_t(c.count());
    ssize_t r;
    do {
      r = recvmsg(fd, &msg, flags);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Last();
    *n = size_t(r);
    *truncated = msg.msg_flags & MSG_TRUNC;
    return Errno::kSuccess;
  }
  // WAITALL is emulated (the kernel's would sleep in recvmsg); a peek
  // cannot gather, so PEEK|WAITALL peeks at what is there.
  const bool gather = (flags & MSG_WAITALL) && !(flags & MSG_PEEK);
  const int once = (flags & ~MSG_WAITALL) | MSG_DONTWAIT;
  size_t total = 0;
  bool trunc = false;
  for (;;) {
    msg = {};
    msg.msg_iov = c.data();
    msg.msg_iovlen = size_t(c.count());
    const ssize_t r = recvmsg(fd, &msg, once);
    if (r > 0) {
      total += size_t(r);
      trunc = trunc || (msg.msg_flags & MSG_TRUNC);
      c.Skip(size_t(r));
      if (gather && !c.done()) continue;
      break;
    }
    if (r == 0) break;  // EOF (or an empty buffer)
    if (errno == EINTR) continue;
    if (!WouldBlock(errno)) {
      if (total == 0) return Last();
      break;
    }
    if (Errno e = WaitReady(fd, POLLIN, intr); e != Errno::kSuccess) return e;
  }
  *n = total;
  *truncated = trunc;
  return Errno::kSuccess;
}

Errno SendWaiting(int fd, std::vector<struct iovec> iov,
                  const InterruptNotifier& intr, size_t* n) {
  const WaitKind kind = ClassifyForWait(fd);
  if (kind == WaitKind::kNever) {
    struct msghdr msg = {};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = iov.size();
    ssize_t r;
    do {
      r = sendmsg(fd, &msg, MSG_NOSIGNAL);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Last();
    *n = size_t(r);
    return Errno::kSuccess;
  }
  // sendmsg on whatever the handle is (ENOTSOCK for a pipe, as before).
  return TransferAll(fd, WaitKind::kSocket, std::move(iov), intr, n);
}

Errno AcceptWaiting(int fd, int flags, const InterruptNotifier& intr,
                    int* out) {
  const bool wait = ClassifyForWait(fd) != WaitKind::kNever;
  for (;;) {
    // accept4 has no per-call non-blocking flag: wait for a pending
    // connection first.
    if (wait) {
      if (Errno e = WaitReady(fd, POLLIN, intr); e != Errno::kSuccess) return e;
    }
    const int r = accept4(fd, nullptr, nullptr, flags);
    if (r >= 0) {
      *out = r;
      return Errno::kSuccess;
    }
    if (errno == EINTR || (wait && WouldBlock(errno))) continue;
    return Last();
  }
}

Errno OpenWaiting(int dir, const std::string& name, int flags,
                  const InterruptNotifier& intr, int* out) {
  const bool guest_nonblock = flags & O_NONBLOCK;
  constexpr int64_t kMaxBackoffNs = 50'000'000;
  for (int64_t backoff = 1'000'000;;
       backoff = std::min(2 * backoff, kMaxBackoffNs)) {
    const int fd = openat(dir, name.c_str(), flags | O_NONBLOCK, 0666);
    if (fd >= 0) {
      // F_SETFL ignores the access mode and creation flags in `flags` and
      // keeps O_APPEND: only O_NONBLOCK goes.
      if (!guest_nonblock && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        const Errno e = Last();
        close(fd);
        return e;
      }
      *out = fd;
      return Errno::kSuccess;
    }
    const int err = errno;
    if (err == EINTR) continue;
    if (guest_nonblock) return ErrnoFromHost(err);
    // Held up by a lease break, or a FIFO with no reader yet: what a
    // blocking open would sleep through. (ENXIO also means "no device" or
    // "a socket file": those are not FIFOs and fail as they are.)
    bool retry = WouldBlock(err);
    if (err == ENXIO && (flags & O_ACCMODE) == O_WRONLY) {
      struct stat st;
      retry = fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
              S_ISFIFO(st.st_mode);
    }
    if (!retry) return ErrnoFromHost(err);
    if (Errno e = SleepFor(backoff, intr); e != Errno::kSuccess) return e;
  }
}

}  // namespace weft::wasi::posix
