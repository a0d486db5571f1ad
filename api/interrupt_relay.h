// The state behind an InterruptHandle made by InterruptHandle::Create():
// it exists before any instance does, so it cannot be an instance's
// ExecContext; it forwards requests to the contexts of the start functions
// running with it (InstantiateOptions::interrupt). The executor keeps
// reading only its own context's flag: nothing changes on the hot path.
#ifndef WEFT_API_INTERRUPT_RELAY_H_
#define WEFT_API_INTERRUPT_RELAY_H_

#include <mutex>
#include <vector>

#include "interp/instance_data.h"

namespace weft::api {

class InterruptRelay {
 public:
  // Interrupts every attached context; with none attached, the request
  // stays pending for the next Attach.
  void Interrupt();

  // While attached, requests reach `ctx`; a pending request is delivered
  // (and consumed) at once. Detach before `ctx` goes away.
  void Attach(interp::ExecContext* ctx);
  void Detach(interp::ExecContext* ctx);

 private:
  std::mutex mu_;
  std::vector<interp::ExecContext*> targets_;
  bool pending_ = false;
};

// Attaches for the lifetime of the scope; a null relay does nothing.
class ScopedRelayAttachment {
 public:
  ScopedRelayAttachment(InterruptRelay* relay, interp::ExecContext* ctx)
      : relay_(relay), ctx_(ctx) {
    if (relay_ != nullptr) relay_->Attach(ctx_);
  }
  ~ScopedRelayAttachment() {
    if (relay_ != nullptr) relay_->Detach(ctx_);
  }
  ScopedRelayAttachment(const ScopedRelayAttachment&) = delete;
  ScopedRelayAttachment& operator=(const ScopedRelayAttachment&) = delete;

 private:
  InterruptRelay* relay_;
  interp::ExecContext* ctx_;
};

}  // namespace weft::api

#endif  // WEFT_API_INTERRUPT_RELAY_H_
