// SIMD semantics: see simd_ops.def for the list and the signatures.
#ifndef WEFT_INTERP_SIMD_FLOAT_OPS_H_
#define WEFT_INTERP_SIMD_FLOAT_OPS_H_

#include "interp/simd/v128.h"

namespace weft::interp::simd {}  // namespace weft::interp::simd

#endif  // WEFT_INTERP_SIMD_FLOAT_OPS_H_
