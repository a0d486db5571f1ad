// Implementation structures behind the public API's pimpl pointers, shared
// by the api/ translation units. Not a public header.
#ifndef WEFT_API_INTERNAL_H_
#define WEFT_API_INTERNAL_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "decoder/module.h"
#include "interp/instance_data.h"
#include "interp/module_code.h"
#include "interp/trap.h"
#include "runtime/store.h"
#include "weft/caller.h"
#include "weft/engine.h"
#include "weft/host_function.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/value.h"

namespace weft::api {

struct ModuleImpl {
  std::shared_ptr<interp::ModuleCode> code;  // owns the decoded module
  const std::shared_ptr<const Module>& ir() const { return code->shared_module(); }
  std::vector<ImportInfo> imports;
  std::vector<ExportInfo> exports;
  bool metering = false;
};

// A host function as defined in a Linker. Owned by the store.
struct HostFunctionEnv {
  FuncType type;
  HostCallbackWithCaller callback;
  internal::SlotHostCallback slot_callback;  // typed host functions only
};

// FunctionInstance::host_env of every host function: the definition plus
// the instance it is bound to (the importer, see caller.h). The Linker's
// own entries are unbound (instance == nullptr); each instantiation binds
// copies for its imports. Owned by the store.
struct BoundHostEnv {
  HostFunctionEnv* def = nullptr;
  interp::InstanceData* instance = nullptr;
  struct StoreImpl* store = nullptr;
};

// Everything a Linker and its instances share.
struct StoreImpl : std::enable_shared_from_this<StoreImpl> {
  runtime::Store store;
  std::deque<std::unique_ptr<HostFunctionEnv>> host_defs;
  std::deque<std::unique_ptr<BoundHostEnv>> host_envs;
};

// What Caller (caller.h) wraps during one host function call.
struct CallerImpl {
  BoundHostEnv* env;
  interp::ExecContext* ctx;
};

struct LinkerImpl {
  Engine engine;
  std::shared_ptr<StoreImpl> store;
  runtime::Linker linker;
  // Run on the new instance right before its start function (Wasi gives
  // the start function's calls that instance's memory).
  std::vector<std::function<void(interp::InstanceData*)>> before_start;
};

struct InstanceImpl {
  std::shared_ptr<StoreImpl> store;
  std::shared_ptr<const CompiledModule> module;
  runtime::Instance* instance = nullptr;  // owned by store
  std::shared_ptr<interp::ExecContext> ctx;
  InstanceLimits limits;
  uint32_t active_calls = 0;  // > 0 while a call runs (re-entry detection)
  // SavePristine's record of the instance's own state (instance.h).
  struct Pristine {
    std::vector<interp::GlobalCell> globals;           // own globals, in order
    std::vector<std::vector<interp::Ref>> tables;      // own tables' elements
    std::vector<std::vector<interp::Ref>> elem_segments;
    std::vector<absl::Span<const uint8_t>> data_segments;
  };
  std::unique_ptr<Pristine> pristine;
  uint64_t remaining_fuel = 0;

  // Runs `fn` on this instance's context with the call-level policy (fuel,
  // deadline, interrupt bookkeeping). `results` has room for one slot per
  // result. Returns the trap as a status.
  absl::Status Invoke(interp::FunctionInstance* fn, const uint64_t* args,
                      uint64_t* results, const CallOptions& options);
};

// Checks `args` against fn's type, converts, runs `invoke` and converts
// the results back; `name` is for messages.
absl::StatusOr<std::vector<Value>> CallFunction(
    interp::FunctionInstance* fn, absl::string_view name, absl::Span<const Value> args,
    absl::FunctionRef<absl::Status(interp::FunctionInstance*, const uint64_t*, uint64_t*)>
        invoke);

// The value of a global cell.
Value GlobalValue(const interp::GlobalCell& cell);
// Sets exported global `name` (for messages) to `value`, checking that it
// is mutable and of value's type (Instance::SetGlobal, Caller::SetGlobal).
absl::Status SetGlobalValue(absl::string_view name, const Value& value,
                            interp::GlobalCell* global);

// Slot <-> Value conversion (layout: interp/instance_data.h). The one-slot
// forms are for scalars and references; WriteSlots/ReadSlots also handle
// v128 (two slots) and say how many slots they used.
uint64_t ValueToSlot(const Value& v);
Value SlotToValue(ValType type, uint64_t slot);
size_t WriteSlots(const Value& v, uint64_t* out);
Value ReadSlots(ValType type, const uint64_t* in, size_t* consumed);

// How messages name a function: "func[3] <name>" ("func[3]" when the
// module has no name for it). Used by backtraces and start-function errors.
std::string FunctionLabel(const Module* module, uint32_t func_index);

// The trap status for `code` with the context's detail and backtrace.
absl::Status MakeTrapStatus(const interp::ExecContext& ctx, interp::TrapCode code);
// An uncaught exception's status (MakeTrapStatus, Caller::Throw) carries
// the exception under this payload (AttachException); ExceptionOf reads it
// back: null if there is none or it belongs to a heap other than `heap`.
inline constexpr absl::string_view kExceptionPayloadUrl = "weft.dev/exception";
void AttachException(const interp::Exception& e, absl::Status* status);
interp::Exception* ExceptionOf(const absl::Status& status, const interp::ExceptionHeap& heap);
// A new exception of `data`'s exported tag `tag` with `payload`, as the
// status a host function returns to throw it (Caller::Throw,
// Instance::Throw); an ordinary error when the tag or payload is wrong.
absl::Status HostException(const interp::InstanceData& data, absl::string_view tag,
                           absl::Span<const Value> payload);

// The trap status for a host->wasm re-entry refused by NativeStackScope.
absl::Status NativeStackExhausted();

// Host function trampoline (interp::HostFunction ABI); env is a
// BoundHostEnv.
interp::TrapCode HostTrampoline(void* env, const uint64_t* args, uint64_t* results,
                                interp::ExecContext* ctx);

// The implementation behind the public classes, for the rest of api/ and
// nothing else (the public headers expose no impl() accessor).
struct Access {
  static const ModuleImpl& Of(const weft::CompiledModule& m) { return *m.impl_; }
  static LinkerImpl& Of(const weft::Linker& l) { return *l.impl_; }
  static InstanceImpl& Of(const weft::Instance& i) { return *i.impl_; }
};

}  // namespace weft::api

#endif  // WEFT_API_INTERNAL_H_
