// How PosixOs waits without ever sleeping where an interrupt cannot reach.
//
// A guest that left a handle blocking expects reads, writes and accepts on
// it to wait; sleeping inside read(2) would hold the thread (and, in a pool,
// the instance) past any deadline. So every call that may wait is made
// without waiting — MSG_DONTWAIT on sockets, RWF_NOWAIT on pipes — and when
// it would block, the thread sleeps in ppoll(2) on the handle and the
// interrupt notifier's eventfd, then tries again. Where the kernel offers no
// per-call non-blocking form (accept, FIFOs and terminals on this kernel),
// the poll comes first and the call follows once the handle is ready; only
// another process draining the same handle between the two can make that
// call wait, and which host handles a guest shares with other processes
// (inherited stdin) is the embedder's choice.
//
// The host fd's own O_NONBLOCK is never touched after open: it is the
// guest's (fd_fdstat_set_flags) or shared with other processes (inherited
// stdio, where flipping it would break the parent shell). A handle whose
// O_NONBLOCK is set gets one plain attempt: EAGAIN reaches the guest.
#ifndef WEFT_WASI_POSIX_BLOCKING_H_
#define WEFT_WASI_POSIX_BLOCKING_H_

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/interrupt_notifier.h"
#include "wasi/wasi_types.h"

namespace weft::wasi::posix {

// How a call on a handle may wait.
enum class WaitKind {
  kNever,   // regular file, directory, block device, or O_NONBLOCK set
  kSocket,  // MSG_DONTWAIT attempts
  kStream,  // pipe, FIFO, character device
};
WaitKind ClassifyForWait(int fd);

// Sleeps until `fd` reports `events` (or an error / hangup, which the next
// call will report), or returns kIntr once `intr` is requested.
Errno WaitReady(int fd, short events, const InterruptNotifier& intr);
// Sleeps `ns` nanoseconds, or returns kIntr once `intr` is requested.
Errno SleepFor(int64_t ns, const InterruptNotifier& intr);

// Blocking-mode transfers with the semantics of their system calls: Read
// and Recv return once something (or EOF) arrives; Write and Send once
// everything is written (a host error after a partial transfer reports
// the partial count, as write(2) does). `iov` is consumed.
Errno ReadWaiting(int fd, std::vector<struct iovec> iov,
                  const InterruptNotifier& intr, size_t* n);
Errno WriteWaiting(int fd, std::vector<struct iovec> iov,
                   const InterruptNotifier& intr, size_t* n);
// `flags`: MSG_PEEK / MSG_WAITALL. WAITALL gathers until the buffers are
// full, EOF or an error; PEEK with WAITALL peeks at what has arrived.
Errno RecvWaiting(int fd, std::vector<struct iovec> iov, int flags,
                  const InterruptNotifier& intr, size_t* n, bool* truncated);
Errno SendWaiting(int fd, std::vector<struct iovec> iov,
                  const InterruptNotifier& intr, size_t* n);
// accept4(2) with `flags` (SOCK_CLOEXEC, SOCK_NONBLOCK).
Errno AcceptWaiting(int fd, int flags, const InterruptNotifier& intr, int* out);

// openat(2) that never hangs in the kernel: the file is opened O_NONBLOCK
// and, unless `flags` asked for it, O_NONBLOCK is cleared again before
// returning. Opening a FIFO for reading then returns at once (the first
// read waits for a writer, interruptibly: a FIFO with no writer yet is not
// readable); opening one for writing with no reader, and an open held up by
// a lease break, are retried with a backoff of at most 50 ms until they
// succeed or `intr` is requested. With O_NONBLOCK in `flags` the kernel's
// answer (ENXIO, EAGAIN) is returned as is.
Errno OpenWaiting(int dir, const std::string& name, int flags,
                  const InterruptNotifier& intr, int* out);

}  // namespace weft::wasi::posix

#endif  // WEFT_WASI_POSIX_BLOCKING_H_
