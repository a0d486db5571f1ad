#include "tests/fuzz/execute_module.h"

#include <memory>
#include <vector>

#include "interp/executor.h"
#include "interp/module_code.h"
#include "runtime/spectest.h"
#include "runtime/store.h"
#include "tests/fuzz/stub_imports.h"

namespace weft::fuzz {
namespace {

constexpr uint64_t kFuelPerCall = 20000;
constexpr uint32_t kMaxMemoryPages = 16;

interp::ExecLimits SmallLimits() {
  interp::ExecLimits limits;
  limits.max_call_depth = 200;
  limits.max_stack_slots = 1u << 16;
  return limits;
}

}  // namespace

ExecutionSummary ExecuteModule(absl::Span<const uint8_t> bytes) {
  ExecutionSummary summary;
  interp::CompileOptions options;
  options.metering = true;  // fuel ends every infinite loop
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
  instantiate.run_start = [&exec](interp::FunctionInstance* f) {
    exec.set_fuel(kFuelPerCall);
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
    exec.set_fuel(kFuelPerCall);
    ++summary.calls;
    if (interp::Invoke(exec, ext.func, args.data(), results.data()) == interp::TrapCode::kOk) {
      ++summary.returned;
    }
  }
  return summary;
}

}  // namespace weft::fuzz
