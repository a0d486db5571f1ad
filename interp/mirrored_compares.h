// Compares and their mirrors, the operands swapped (a < b is b > a, NaN
// included): X(A, B) once per pair (A and B are the same op when the
// compare is symmetric). The compiler uses it to fuse a compare whose right
// operand was made just before: for compare-and-branch ops taking the
// accumulator (AccumulatorRoleOf) and for load branches (TryLoadBranch).
#ifndef WEFT_INTERP_MIRRORED_COMPARES_H_
#define WEFT_INTERP_MIRRORED_COMPARES_H_

#define WEFT_MIRRORED_INT_COMPARES(X, W)                                   \
  X(W##Eq, W##Eq) X(W##Ne, W##Ne) X(W##LtS, W##GtS) X(W##LtU, W##GtU)       \
  X(W##LeS, W##GeS) X(W##LeU, W##GeU)
#define WEFT_MIRRORED_FLOAT_COMPARES(X, W) \
  X(W##Eq, W##Eq) X(W##Ne, W##Ne) X(W##Lt, W##Gt) X(W##Le, W##Ge)
#define WEFT_MIRRORED_COMPARES(X)                                           \
  WEFT_MIRRORED_INT_COMPARES(X, I32) WEFT_MIRRORED_INT_COMPARES(X, I64)     \
  WEFT_MIRRORED_FLOAT_COMPARES(X, F32) WEFT_MIRRORED_FLOAT_COMPARES(X, F64) \
  X(I32And, I32And)

#endif  // WEFT_INTERP_MIRRORED_COMPARES_H_
