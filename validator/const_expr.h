// Validation of constant expressions (global initializers, segment offsets
// and element items) as WebAssembly 3.0 defines them: 2.0's constants,
// ref.null, ref.func and global.get, plus the extended-const arithmetic
// i32/i64 add, sub and mul.
#ifndef WEFT_VALIDATOR_CONST_EXPR_H_
#define WEFT_VALIDATOR_CONST_EXPR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "decoder/module.h"
#include "validator/ref_types.h"

namespace weft {
namespace validator_internal {

struct ConstExprRules {
  // global.get may read globals 0..visible_globals-1 that are immutable:
  // for global i's initializer the imported globals and the defined ones
  // before i; for segments, every global.
  uint32_t visible_globals = 0;
  // The extended-const arithmetic is allowed (otherwise it is "constant
  // expression required", as in 2.0).
  bool extended = false;
  // Typed function references: ref.func has type (ref $t) (else funcref).
  bool typed_refs = false;
  const RefTypes* types = nullptr;  // subtyping of the result; required
};

// Checks that `expr` is a constant expression producing exactly one value
// of a subtype of `expected`.
absl::Status CheckConstExpr(const Module& module, const ConstExpr& expr, ValType expected,
                            const ConstExprRules& rules);

// Calls fn(func_index) for each ref.func in `expr` (expr already decoded;
// stops quietly at malformed bytes).
template <class Fn>
void ForEachRefFunc(const Module& module, const ConstExpr& expr, Fn fn);

}  // namespace validator_internal
}  // namespace weft

#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"

namespace weft {
namespace validator_internal {

template <class Fn>
void ForEachRefFunc(const Module& module, const ConstExpr& expr, Fn fn) {
  ByteReader in(module.data_at(expr.code), expr.code.size(), expr.code.begin);
  InstructionReader reader(&in);
  Instruction ins;
  while (!in.at_end() && reader.Read(&ins)) {
    if (ins.op == Opcode::kRefFunc) fn(ins.index);
  }
}

}  // namespace validator_internal
}  // namespace weft

#endif  // WEFT_VALIDATOR_CONST_EXPR_H_
