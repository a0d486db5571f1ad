#include "tests/fuzz/execute_module.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "interp/executor.h"
#include "interp/module_code.h"
#include "runtime/spectest.h"
#include "runtime/store.h"
#include "tests/fuzz/stub_imports.h"

namespace weft::fuzz {
namespace {

constexpr uint32_t kMaxMemoryPages = 16;

interp::ExecLimits SmallLimits() {
  interp::ExecLimits limits;
  limits.max_call_depth = 200;
  limits.max_stack_slots = 1u << 16;
  return limits;
}

}  // namespace

ExecutionSummary ExecuteModule(absl::Span<const uint8_t> bytes, bool linked,
                               uint64_t fuel_per_call) {
  ExecutionSummary summary;
  interp::CompileOptions options;
  options.metering = true;  // fuel ends every infinite loop
  options.fuse_fuel_charges = linked;
  options.use_accumulator = linked;
  options.pair_ops = linked;
  options.copy_loop_dispatch = linked;
  options.load_branches = linked;
  options.mode = interp::CompilationMode::kEager;
  auto code = interp::ModuleCode::Load(bytes, options);
  if (!code.ok()) {
    summary.load = code.status();
    return summary;
  }
  const std::shared_ptr<const Module>& module = (*code)->shared_module();

  runtime::Store store;
  runtime::Linker linker;
  summary.instantiate = runtime::DefineSpectest(store, linker, nullptr);
  if (!summary.instantiate.ok()) return summary;
  DefineStubImports(*module, kMaxMemoryPages, store, linker);
  interp::ExecContext exec(SmallLimits());
  runtime::InstantiateOptions instantiate;
  instantiate.max_memory_pages = kMaxMemoryPages;
  instantiate.run_start = [&exec, fuel_per_call](interp::FunctionInstance* f) {
    exec.set_fuel(fuel_per_call);
    return interp::Invoke(exec, f, nullptr, nullptr);
  };
  auto instance = store.Instantiate(module, *code, linker, instantiate);
  if (!instance.ok()) {
    summary.instantiate = instance.status();
    return summary;
  }
  for (const auto& [name, ext] : (*instance)->exports) {
    if (ext.kind != ExternKind::kFunc) continue;
    const FuncType& type = *ext.func->type;
    // Zero is a valid bit pattern for every scalar and nullable reference
    // (null); a non-nullable parameter cannot be given one.
    if (!std::all_of(type.params.begin(), type.params.end(), IsDefaultable)) continue;
    std::vector<uint64_t> args(interp::SlotCount(type.params) + 1, 0);
    std::vector<uint64_t> results(interp::SlotCount(type.results) + 1, 0);
    exec.set_fuel(fuel_per_call);
    ++summary.calls;
    CallOutcome outcome;
    outcome.name = name;
    outcome.trap = interp::Invoke(exec, ext.func, args.data(), results.data());
    outcome.fuel_left = exec.fuel();
    // (A reference result is an address, which differs between instances.)
    if (outcome.trap == interp::TrapCode::kOk &&
        std::none_of(type.results.begin(), type.results.end(), IsRefType)) {
      outcome.results = results;
    }
    if (outcome.trap == interp::TrapCode::kOk) ++summary.returned;
    summary.outcomes.push_back(std::move(outcome));
  }
  return summary;
}

}  // namespace weft::fuzz
