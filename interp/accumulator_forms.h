// The accumulator: every op that writes one result with PUT (handlers.cc)
// writes it to its frame slot and also leaves it in a handler argument — an
// f64 in `facc`, any other value's slot bits in `acc` — which every handler
// passes on unchanged. Ops that read such a value come in an `...Acc` form
// (some also `...AccRight`) that takes it from there instead of reading
// back the slot the op before just wrote: reading it from the frame waits
// for that store to be forwarded (docs/interpreter.md, "The accumulator").
// The forms keep the plain form's layout (the slot operand is still there,
// unused), so the compiler picks them once a function is complete, in
// place. Which ops leave a result and which forms read it is listed once,
// in AccumulatorRoleOf (compiler.cc); Compiler::LinkAccumulator applies it.
#ifndef WEFT_INTERP_ACCUMULATOR_FORMS_H_
#define WEFT_INTERP_ACCUMULATOR_FORMS_H_

#include "interp/branch_forms.h"

// X(name, ...) for the plain form and the accumulator form; the extra
// arguments are passed on.
#define WEFT_ACC_FORMS(X, NAME, ...) X(NAME, __VA_ARGS__) X(NAME##Acc, __VA_ARGS__)
// A binary op of two slots: also NAME##AccRight, its second operand from
// the accumulator (`c - x`; operands are never swapped instead, which
// would change which NaN's payload an f64 add passes on).
#define WEFT_BINOP_ACC_FORMS(X, NAME, ...) \
  WEFT_ACC_FORMS(X, NAME, __VA_ARGS__) X(NAME##AccRight, __VA_ARGS__)
// The same for a conditional branch family (compare-and-branch, BrIf): its
// forms of interp/branch_forms.h, then theirs with the first operand (the
// condition, or the compare's left side) from the accumulator: IF##Acc,
// IF##Acc##Fuel, ...
#define WEFT_COND_BRANCH_ACC_FORMS(X, IF, UNLESS, ...) \
  WEFT_COND_BRANCH_FORMS(X, IF, UNLESS, __VA_ARGS__)   \
  WEFT_COND_BRANCH_FORMS(X, IF##Acc, UNLESS##Acc, __VA_ARGS__)

#endif  // WEFT_INTERP_ACCUMULATOR_FORMS_H_
