// Evaluation of constant expressions (global initialisers, active segment
// offsets, element-segment item expressions) at instantiation time.
//
// The module has been validated, so the expression is one of: t.const,
// v128.const, ref.null t, ref.func x, global.get x (an imported or earlier
// global), followed by `end`. The runtime supplies how global.get and
// ref.func resolve, so this stays independent of the instance layout.
#ifndef WEFT_RUNTIME_CONST_EXPR_H_
#define WEFT_RUNTIME_CONST_EXPR_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "weft/value.h"

namespace weft::runtime {

struct ConstExprContext {
  // Current value of global `index` (joint index space).
  std::function<Value(uint32_t index)> global_get;
  // Reference to function `index` (joint index space).
  std::function<Value(uint32_t index)> ref_func;
};

// Evaluates `expr` of `module`. Errors (only possible for unvalidated input)
// name the byte offset; they never crash.
absl::StatusOr<Value> EvalConstExpr(const Module& module, const ConstExpr& expr,
                                    const ConstExprContext& context);

}  // namespace weft::runtime

#endif  // WEFT_RUNTIME_CONST_EXPR_H_
