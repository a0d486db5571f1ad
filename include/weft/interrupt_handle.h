// weft public API: InterruptHandle, the way to stop a running call from
// another thread.
//
// Interrupt() asks the instance's running call to stop; the guest stops at
// its next loop back-edge or function entry (so within a bounded number of
// instructions), or at once while it waits in a WASI call (fd_read on a
// pipe or socket, poll_oneoff, sock_accept, opening a FIFO, a sleep) or in
// a host function that waits on Caller::interrupt_fd(), and the call
// returns a trap with TrapCode::kInterrupted. The instance stays usable:
// memory, globals and tables keep the values they had when it stopped.
//
// A request made while no call is running stays pending and stops the next
// call at its first function entry; the request is consumed by the call it
// interrupts.
//
// Ownership: copyable; keeps the instance's execution state alive, so it is
// safe to call even after the Instance is destroyed (then it does nothing
// useful). Thread-safety: Interrupt() may be called from any thread.
#ifndef WEFT_INCLUDE_WEFT_INTERRUPT_HANDLE_H_
#define WEFT_INCLUDE_WEFT_INTERRUPT_HANDLE_H_

#include <memory>

namespace weft {

class InterruptHandle {
 public:
  void Interrupt() const;

 private:
  friend class Instance;
  explicit InterruptHandle(std::shared_ptr<void> context) : context_(std::move(context)) {}
  std::shared_ptr<void> context_;  // the instance's execution context
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_INTERRUPT_HANDLE_H_
