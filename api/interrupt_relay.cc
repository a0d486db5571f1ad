// InterruptRelay and the standalone InterruptHandle built on it.
#include "api/interrupt_relay.h"

#include <algorithm>
#include <memory>

#include "weft/interrupt_handle.h"

namespace weft {
namespace api {

void InterruptRelay::Interrupt() {
  std::lock_guard<std::mutex> lock(mu_);
  if (targets_.empty()) {
    pending_ = true;
    return;
  }
  for (interp::ExecContext* ctx : targets_) ctx->RequestInterrupt();
}

void InterruptRelay::Attach(interp::ExecContext* ctx) {
  std::lock_guard<std::mutex> lock(mu_);
  targets_.push_back(ctx);
  if (pending_) {
    pending_ = false;
    ctx->RequestInterrupt();
  }
}

void InterruptRelay::Detach(interp::ExecContext* ctx) {
  std::lock_guard<std::mutex> lock(mu_);
  targets_.erase(std::find(targets_.begin(), targets_.end(), ctx));
}

}  // namespace api

InterruptHandle InterruptHandle::Create() {
  return InterruptHandle(std::make_shared<api::InterruptRelay>(), /*standalone=*/true);
}

}  // namespace weft
