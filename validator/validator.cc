#include "validator/validator.h"

#include "base/status_macros.h"
#include "validator/function_validator.h"
#include "validator/module_context.h"

namespace weft {
namespace {

// ValidateModule only validates: it consumes nothing.
struct NullConsumer {
  void OnFunctionBegin(uint32_t, const FuncType&, absl::Span<const ValType>) {}
  void OnInstruction(const Instruction&, const OpContext&, const ValidatorView&) {}
  absl::Status OnFunctionEnd() { return absl::OkStatus(); }
};

}  // namespace

absl::Status ValidateModule(const Module& module) {
  WEFT_ASSIGN_OR_RETURN(ModuleContext ctx, BuildModuleContext(module));
  FunctionChecker checker;
  NullConsumer consumer;
  for (uint32_t i = 0; i < module.code.size(); ++i) {
    absl::Status status = ValidateFunction(module, ctx, i, consumer, checker);
    if (status.ok()) continue;
    // A later body's malformed bytes win over a validation error here, as
    // in the reference interpreter (which decodes all bodies first).
    if (ScanFunctionBody(module, i).ok()) {
      for (uint32_t j = i + 1; j < module.code.size(); ++j) {
        WEFT_RETURN_IF_ERROR(ScanFunctionBody(module, j));
      }
    }
    return status;
  }
  return absl::OkStatus();
}

}  // namespace weft
