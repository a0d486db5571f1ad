#include "validator/validator.h"

#include "base/status_macros.h"
#include "validator/function_validator.h"

namespace weft {
namespace {

// ValidateModule only validates: it consumes nothing.
struct NullConsumer {
  void OnFunctionBegin(uint32_t, const FuncType&, absl::Span<const ValType>) {}
  void OnInstruction(const Instruction&, const OpContext&, const ValidatorView&) {}
  absl::Status OnFunctionEnd() { return absl::OkStatus(); }
};

}  // namespace

absl::Status ValidateEachBody(const Module& module,
                              absl::FunctionRef<absl::Status(uint32_t)> validate_one) {
  for (uint32_t i = 0; i < module.code.size(); ++i) {
    absl::Status status = validate_one(i);
    if (status.ok()) continue;
    if (ScanFunctionBody(module, i).ok()) {
      for (uint32_t j = i + 1; j < module.code.size(); ++j) {
        WEFT_RETURN_IF_ERROR(ScanFunctionBody(module, j));
      }
    }
    return status;
  }
  return absl::OkStatus();
}

absl::Status ValidateModuleBodies(const Module& module, const ModuleContext& ctx) {
  FunctionChecker checker;
  NullConsumer consumer;
  return ValidateEachBody(module, [&](uint32_t i) {
    return ValidateFunction(module, ctx, i, consumer, checker);
  });
}

absl::Status ValidateModule(const Module& module, const ValidationOptions& options) {
  WEFT_ASSIGN_OR_RETURN(ModuleContext ctx, BuildModuleContext(module, options));
  return ValidateModuleBodies(module, ctx);
}

}  // namespace weft
