#include "interp/module_code.h"

#include "base/status_macros.h"
#include "interp/compiled_function.h"
#include "interp/compiler.h"
#include "decoder/decoder.h"
#include "validator/function_validator.h"
#include "validator/validator.h"

namespace weft::interp {

ModuleCode::ModuleCode(std::shared_ptr<const Module> module, ModuleContext ctx,
                       CompileOptions options)
    : module_(std::move(module)), context_(std::move(ctx)), options_(options) {
  compiled_.resize(module_->code.size());
}

ModuleCode::~ModuleCode() = default;

absl::StatusOr<std::shared_ptr<ModuleCode>> ModuleCode::Load(absl::Span<const uint8_t> wasm,
                                                             CompileOptions options) {
  DecodeLimits decode_limits;
  decode_limits.features = options.features;  // 2.0's wording for 2.0
  WEFT_ASSIGN_OR_RETURN(std::unique_ptr<const Module> decoded,
                        DecodeModule(wasm, decode_limits));
  std::shared_ptr<const Module> module(std::move(decoded));
  WEFT_ASSIGN_OR_RETURN(ModuleContext ctx,
                        BuildModuleContext(*module, ValidationOptions{options.features}));
  std::shared_ptr<ModuleCode> code(new ModuleCode(module, std::move(ctx), options));
  if (options.mode == CompilationMode::kLazy) return code;
  if (options.mode == CompilationMode::kLazyTranslation) {
    WEFT_RETURN_IF_ERROR(ValidateModuleBodies(*module, code->context_));
    return code;
  }
  FunctionChecker checker;
  WEFT_RETURN_IF_ERROR(ValidateEachBody(*module, [&](uint32_t i) {
    auto fn = std::make_unique<CompiledFunction>();
    Compiler compiler(options, fn.get(), module.get());
    WEFT_RETURN_IF_ERROR(ValidateFunction(*module, code->context_, i, compiler, checker));
    code->compiled_[i] = std::move(fn);
    return absl::OkStatus();
  }));
  return code;
}

absl::StatusOr<const CompiledFunction*> ModuleCode::Get(uint32_t defined_index) {
  std::lock_guard<std::mutex> lock(mu_);
  if (defined_index >= compiled_.size()) {
    return absl::InvalidArgumentError("function index out of range");
  }
  if (compiled_[defined_index] == nullptr) {
    auto fn = std::make_unique<CompiledFunction>();
    Compiler compiler(options_, fn.get(), module_.get());
    WEFT_RETURN_IF_ERROR(ValidateFunction(*module_, context_, defined_index, compiler));
    compiled_[defined_index] = std::move(fn);
  }
  return compiled_[defined_index].get();
}

ModuleCode::TranslatedSize ModuleCode::TranslatedSizeSoFar() const {
  std::lock_guard<std::mutex> lock(mu_);
  TranslatedSize size;
  for (const auto& fn : compiled_) {
    if (fn == nullptr) continue;
    ++size.functions;
    size.code_bytes += fn->code.size() * sizeof(Word);
    size.pc_map_bytes += fn->pc_offsets.size() * sizeof(fn->pc_offsets[0]);
  }
  return size;
}

}  // namespace weft::interp
