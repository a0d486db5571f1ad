// The bridge between the runtime's host-function mechanism and the typed
// WASI functions: one table entry per wasi_snapshot_preview1 import,
// generated from wasi_functions.def, each with its wasm signature and a
// thunk that takes raw argument slots.
//
// The runtime registers every entry of WasiFunctions() as a host function in
// module kWasiModuleName. When the guest calls one, the runtime builds a
// GuestMemory over the instance's memory 0 and calls CallWasiFunction; after
// it returns, `ctx.exit_code()` set means proc_exit ran and execution must
// unwind with that exit code (it is not a trap and never a host exit).
#ifndef WEFT_WASI_WASI_HOST_H_
#define WEFT_WASI_WASI_HOST_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "weft/value_type.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_types.h"

namespace weft::wasi {

inline constexpr std::string_view kWasiModuleName = "wasi_snapshot_preview1";

struct WasiFunction {
  const char* name;         // import field name, e.g. "fd_write"
  const char* params;       // value-type letters, e.g. "iiii"
  const char* results;      // "i", or "" for proc_exit
  const char* param_names;  // comma-separated, for traces
  // args[i] holds parameter i (i32 zero-extended to 64 bits).
  Errno (*thunk)(WasiContext&, GuestMemory&, const uint64_t* args);
};

// All 46 functions, in wasi_functions.def order.
std::span<const WasiFunction> WasiFunctions();
// nullptr if `name` is not a preview1 function.
const WasiFunction* FindWasiFunction(std::string_view name);

// The wasm type of an entry (letters decoded to ValType).
FuncType WasiFunctionType(const WasiFunction& f);

// Runs one call and, if the context has a trace sink, reports it as
// "name(arg=value, ...) -> ERRNO". Returns the errno the guest receives
// (meaningless for proc_exit, whose result list is empty).
Errno CallWasiFunction(const WasiFunction& f, WasiContext& ctx,
                       GuestMemory& mem, const uint64_t* args);

// Everything a runtime's host-function callback needs from one call.
struct WasiCallOutcome {
  bool exited = false;     // proc_exit ran: unwind the guest, not a trap
  uint32_t exit_code = 0;  // valid when exited
  // A call that waited was woken by ctx.interrupt() (a deadline,
  // InterruptHandle): stop the guest exactly as an interrupt stops running
  // code (TrapCode::kInterrupted); the guest never sees EINTR for it.
  bool interrupted = false;
  uint32_t result = 0;     // the i32 errno result (unused for proc_exit)
};
// CallWasiFunction over raw memory (base may be null when size is 0, for a
// module without memory). Blocking calls observe ctx.interrupt(): install
// the running guest's with WasiContext::InterruptScope first.
WasiCallOutcome InvokeWasi(const WasiFunction& f, WasiContext& ctx,
                           uint8_t* memory_base, uint64_t memory_size,
                           const uint64_t* args);

// The trace line for a call (exposed for tests).
std::string FormatWasiCall(const WasiFunction& f, const GuestMemory& mem,
                           const uint64_t* args, Errno result,
                           const WasiContext& ctx);

}  // namespace weft::wasi

#endif  // WEFT_WASI_WASI_HOST_H_
