#include "bench/wasm_kernel.h"

#include <fstream>
#include <iterator>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"
#include "interp/executor.h"
#include "interp/trap.h"
#include "validator/validator.h"

namespace weft::bench {

absl::StatusOr<std::unique_ptr<WasmKernel>> WasmKernel::Load(
    const std::string& path, interp::CompileOptions options,
    const DefineImports& imports) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  WEFT_ASSIGN_OR_RETURN(std::shared_ptr<interp::ModuleCode> code,
                        interp::ModuleCode::Load(absl::MakeConstSpan(bytes), options));
  const std::shared_ptr<const Module>& module = code->shared_module();
  auto kernel = std::unique_ptr<WasmKernel>(new WasmKernel);
  runtime::Linker linker;
  if (imports) imports(kernel->store_, linker);
  runtime::InstantiateOptions instantiate;
  WasmKernel* k = kernel.get();
  instantiate.run_start = [k](interp::FunctionInstance* f) {
    return interp::Invoke(k->exec_, f, nullptr, nullptr);
  };
  WEFT_ASSIGN_OR_RETURN(runtime::Instance * instance,
                        kernel->store_.Instantiate(module, code, linker, instantiate));
  kernel->instance_ = instance;
  interp::FunctionInstance* run = kernel->Export("run");
  if (run != nullptr && run->type->params.empty() && run->type->results.size() == 1 &&
      run->type->results[0] == ValType::kI32) {
    kernel->run_ = run;
  }
  return kernel;
}

interp::FunctionInstance* WasmKernel::Export(const std::string& name) const {
  const runtime::Extern* e = instance_->FindExport(name);
  return e != nullptr && e->kind == ExternKind::kFunc ? e->func : nullptr;
}

absl::StatusOr<uint32_t> WasmKernel::Run() {
  if (run_ == nullptr) return absl::NotFoundError("no export run: [] -> [i32]");
  uint64_t result = 0;
  interp::TrapCode trap = interp::Invoke(exec_, run_, nullptr, &result);
  if (trap != interp::TrapCode::kOk) {
    return absl::AbortedError(interp::DescribeTrap(trap, exec_.trap_detail));
  }
  return uint32_t(result);
}

}  // namespace weft::bench
