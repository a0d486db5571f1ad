// The SIMD handlers (simd_handlers.cc), declared for the handler table in
// handlers.cc: one per IR_SIMD and IR_SIMD_OP entry of ir_ops.def.
#ifndef WEFT_INTERP_SIMD_HANDLERS_H_
#define WEFT_INTERP_SIMD_HANDLERS_H_

#include "interp/compiled_function.h"

namespace weft::interp::simd_handlers {

#define IR_SIMD(N)                                                                      \
  TrapCode H_##N(const Word* ip, uint64_t* fp, uint8_t* mem, uint64_t msize, int64_t fuel, \
                 ExecState* st);
#define IR_SIMD_OP(N, L) IR_SIMD(N)
#define IR_V128_OP(N, L) IR_SIMD(N)
#include "interp/ir_ops.def"

}  // namespace weft::interp::simd_handlers

#endif  // WEFT_INTERP_SIMD_HANDLERS_H_
