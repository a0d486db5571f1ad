// Evaluation of constant expressions (global initialisers, active segment
// offsets, element-segment item expressions) at instantiation time.
//
// The module has been validated, so the expression is a sequence of
// t.const, v128.const, ref.null t, ref.func x, global.get x (an imported
// or earlier global) and the extended-const i32/i64 add, sub and mul
// (wrapping), leaving one value at its `end`. The runtime supplies how global.get and
// ref.func resolve, so this stays independent of the instance layout.
#ifndef WEFT_RUNTIME_CONST_EXPR_H_
#define WEFT_RUNTIME_CONST_EXPR_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "base/opcode.h"
#include "decoder/module.h"
#include "weft/value.h"

namespace weft::runtime {

struct ConstExprContext {
  // Current value of global `index` (joint index space), or nullopt when
  // that global does not exist yet (a defined global not yet initialised).
  std::function<std::optional<Value>(uint32_t index)> global_get;
  // Reference to function `index` (joint index space).
  std::function<Value(uint32_t index)> ref_func;
  // GC allocations (struct.new*, array.new*): a new object of type
  // `type_index` (the module's) with `operands` as the instruction takes
  // them; absent, or failing (heap limit), the expression fails.
  std::function<absl::StatusOr<Value>(Opcode op, uint32_t type_index, uint32_t count,
                                      absl::Span<const Value> operands)>
      gc_new;
};

// Evaluates `expr` of `module`. Errors (only possible for unvalidated input)
// name the byte offset; they never crash.
absl::StatusOr<Value> EvalConstExpr(const Module& module, const ConstExpr& expr,
                                    const ConstExprContext& context);

}  // namespace weft::runtime

#endif  // WEFT_RUNTIME_CONST_EXPR_H_
