#include "interp/module_code.h"

#include "base/status_macros.h"
#include "interp/compiled_function.h"
#include "interp/compiler.h"
#include "validator/function_validator.h"

namespace weft::interp {

ModuleCode::ModuleCode(std::shared_ptr<const Module> module, ModuleContext ctx,
                       CompileOptions options)
    : module_(std::move(module)), context_(std::move(ctx)), options_(options) {
  compiled_.resize(module_->code.size());
}

ModuleCode::~ModuleCode() = default;

absl::StatusOr<std::shared_ptr<ModuleCode>> ModuleCode::Create(
    std::shared_ptr<const Module> module, CompileOptions options) {
  WEFT_ASSIGN_OR_RETURN(ModuleContext ctx, BuildModuleContext(*module));
  return std::shared_ptr<ModuleCode>(new ModuleCode(std::move(module), std::move(ctx), options));
}

absl::StatusOr<const CompiledFunction*> ModuleCode::Get(uint32_t defined_index) {
  std::lock_guard<std::mutex> lock(mu_);
  if (defined_index >= compiled_.size()) {
    return absl::InvalidArgumentError("function index out of range");
  }
  if (compiled_[defined_index] == nullptr) {
    auto fn = std::make_unique<CompiledFunction>();
    Compiler compiler(options_, fn.get());
    WEFT_RETURN_IF_ERROR(ValidateFunction(*module_, context_, defined_index, compiler));
    compiled_[defined_index] = std::move(fn);
  }
  return compiled_[defined_index].get();
}

absl::Status ModuleCode::CompileAll() {
  for (uint32_t i = 0; i < compiled_.size(); ++i) {
    WEFT_RETURN_IF_ERROR(Get(i).status());
  }
  return absl::OkStatus();
}

}  // namespace weft::interp
