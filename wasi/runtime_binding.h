// Binds the WASI functions into weft's runtime: each preview1 function
// becomes a host function in a runtime::Store, defined in a runtime::Linker
// under "wasi_snapshot_preview1".
//
// The runtime's host callback does not say which instance called, so the
// binding is per instance: after instantiating, point it at that instance's
// memory with AttachInstance (export "memory"). proc_exit surfaces as
// TrapCode::kHostTrap with trap_detail "proc_exit(N)"; the embedder tells
// it from a real trap by WasiContext::exit_code() and exits with that code.
// A call blocked in the OS (fd_read on a pipe, poll_oneoff, sock_accept,
// opening a FIFO...) waits on the calling ExecContext's interrupt notifier;
// RequestInterrupt wakes it and the guest traps with kInterrupted
// ("interrupted: while waiting in fd_read"), as spinning code would.
// The binding and the WasiContext must outlive every call.
#ifndef WEFT_WASI_RUNTIME_BINDING_H_
#define WEFT_WASI_RUNTIME_BINDING_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "interp/instance_data.h"
#include "runtime/store.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_host.h"

namespace weft::wasi {

class WasiBinding {
 public:
  static std::unique_ptr<WasiBinding> Define(runtime::Store& store,
                                             runtime::Linker& linker,
                                             WasiContext& ctx);

  // Uses `instance`'s exported "memory" for guest pointers (a module without
  // one gets an empty memory: every pointer faults).
  absl::Status AttachInstance(const runtime::Instance& instance);
  void SetMemory(interp::LinearMemory* memory) { memory_ = memory; }

  WasiContext& context() { return ctx_; }

 private:
  struct Env {
    WasiBinding* binding;
    const WasiFunction* fn;
  };
  explicit WasiBinding(WasiContext& ctx) : ctx_(ctx) {}
  static interp::TrapCode Call(void* env, const uint64_t* args,
                               uint64_t* results, interp::ExecContext* ectx);

  WasiContext& ctx_;
  interp::LinearMemory* memory_ = nullptr;
  std::vector<Env> envs_;  // sized once; host functions point into it
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_RUNTIME_BINDING_H_
