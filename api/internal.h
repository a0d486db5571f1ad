// Implementation structures behind the public API's pimpl pointers, shared
// by the api/ translation units. Not a public header.
#ifndef WEFT_API_INTERNAL_H_
#define WEFT_API_INTERNAL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "interp/instance_data.h"
#include "interp/module_code.h"
#include "interp/trap.h"
#include "runtime/store.h"
#include "weft/engine.h"
#include "weft/host_function.h"
#include "weft/instance.h"
#include "weft/module.h"
#include "weft/value.h"

namespace weft::api {

struct ModuleImpl {
  std::shared_ptr<const Module> ir;
  std::shared_ptr<interp::ModuleCode> code;
  std::vector<ImportInfo> imports;
  std::vector<ExportInfo> exports;
  bool metering = false;
};

// A host function's environment: owned by the store, reached through
// FunctionInstance::host_env.
struct HostFunctionEnv {
  FuncType type;
  HostCallback callback;
};

// Everything a Linker and its instances share.
struct StoreImpl {
  runtime::Store store;
  std::deque<std::unique_ptr<HostFunctionEnv>> host_envs;
};

struct LinkerImpl {
  Engine engine;
  std::shared_ptr<StoreImpl> store;
  runtime::Linker linker;
};

struct InstanceImpl {
  std::shared_ptr<StoreImpl> store;
  std::shared_ptr<const CompiledModule> module;
  runtime::Instance* instance = nullptr;  // owned by store
  std::shared_ptr<interp::ExecContext> ctx;
  InstanceLimits limits;
  uint32_t active_calls = 0;  // > 0 while a call runs (re-entry detection)
  uint64_t remaining_fuel = 0;

  // Runs `fn` on this instance's context with the call-level policy (fuel,
  // deadline, interrupt bookkeeping). `results` has room for one slot per
  // result. Returns the trap as a status.
  absl::Status Invoke(interp::FunctionInstance* fn, const uint64_t* args,
                      uint64_t* results, const CallOptions& options);
};

// Slot <-> Value conversion (layout: interp/instance_data.h).
uint64_t ValueToSlot(const Value& v);
Value SlotToValue(ValType type, uint64_t slot);

// The trap status for `code` with the context's detail and backtrace.
absl::Status MakeTrapStatus(const interp::ExecContext& ctx, interp::TrapCode code);

// Host function trampoline (interp::HostFunction ABI); env is a
// HostFunctionEnv.
interp::TrapCode HostTrampoline(void* env, const uint64_t* args, uint64_t* results,
                                interp::ExecContext* ctx);

}  // namespace weft::api

#endif  // WEFT_API_INTERNAL_H_
