// The forms every conditional branch family comes in (IR_CMP_BRANCH,
// IR_CMP_BRANCH_IMM, IR_STEP_BRANCH and the plain BrIf/BrUnless): the one
// list the op enum, the handler structs and table, the layouts and the
// compiler all expand, so no consumer can miss a form.
//
// With metering a run is charged by its Fuel op; a branch may charge the
// run on either side itself and step over that Fuel op (when the fuel is
// short it lands on the op, which traps exactly as it would have):
//   IF, UNLESS              jump when the condition holds / does not
//   IF##Fuel, UNLESS##Fuel  charge the run it jumps to (a Fuel op there)
//   IF##Next, UNLESS##Next  charge the run it falls into (a Fuel op follows)
//   IF##Both, UNLESS##Both  both
#ifndef WEFT_INTERP_BRANCH_FORMS_H_
#define WEFT_INTERP_BRANCH_FORMS_H_

// X(name, ...) once per form; the extra arguments are passed on.
#define WEFT_COND_BRANCH_FORMS(X, IF, UNLESS, ...)                             \
  X(IF, __VA_ARGS__) X(UNLESS, __VA_ARGS__) X(IF##Fuel, __VA_ARGS__)           \
  X(UNLESS##Fuel, __VA_ARGS__) X(IF##Next, __VA_ARGS__) X(UNLESS##Next, __VA_ARGS__) \
  X(IF##Both, __VA_ARGS__) X(UNLESS##Both, __VA_ARGS__)

#endif  // WEFT_INTERP_BRANCH_FORMS_H_
