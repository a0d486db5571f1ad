// libFuzzer entry point over execution: every module that decodes and
// validates is compiled in full, instantiated against the spectest module
// with a small memory cap, and each exported function is called with
// zero arguments under fuel and tight stack limits. Traps, link errors and
// refusals are expected outcomes; any crash, hang, sanitizer report or leak
// is a bug in the compiler, the interpreter or the runtime.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "interp/executor.h"
#include "interp/module_code.h"
#include "runtime/spectest.h"
#include "runtime/store.h"
#include "validator/validator.h"

namespace {

constexpr uint64_t kFuelPerCall = 20000;

weft::interp::ExecLimits SmallLimits() {
  weft::interp::ExecLimits limits;
  limits.max_call_depth = 200;
  limits.max_stack_slots = 1u << 16;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weft;
  interp::CompileOptions options;
  options.metering = true;  // fuel ends every infinite loop
  options.mode = interp::CompilationMode::kEager;
  auto code = interp::ModuleCode::Load(absl::MakeConstSpan(data, size), options);
  if (!code.ok()) return 0;
  const std::shared_ptr<const Module>& module = (*code)->shared_module();

  runtime::Store store;
  runtime::Linker linker;
  if (!runtime::DefineSpectest(store, linker, nullptr).ok()) return 0;
  interp::ExecContext exec(SmallLimits());
  runtime::InstantiateOptions instantiate;
  instantiate.max_memory_pages = 16;
  instantiate.run_start = [&exec](interp::FunctionInstance* f) {
    exec.set_fuel(kFuelPerCall);
    return interp::Invoke(exec, f, nullptr, nullptr);
  };
  auto instance = store.Instantiate(module, *code, linker, instantiate);
  if (!instance.ok()) return 0;
  for (const auto& [name, ext] : (*instance)->exports) {
    if (ext.kind != ExternKind::kFunc) continue;
    const FuncType& type = *ext.func->type;
    // Zero is a valid bit pattern for every scalar and reference type (null).
    std::vector<uint64_t> args(2 * type.params.size() + 1, 0);
    std::vector<uint64_t> results(2 * type.results.size() + 1, 0);
    exec.set_fuel(kFuelPerCall);
    (void)interp::Invoke(exec, ext.func, args.data(), results.data());
  }
  return 0;
}
