// A disassembler for threaded code: what the compiler made of a function,
// one line per handler, operands decoded by their kinds (ir_layout.h).
// `weft inspect --code` prints it, and golden tests pin the compiler's
// fusions with it (tests/golden/), so a change to the emitted code shows up
// as a readable diff.
//
// Line format (word offsets are indices into CompiledFunction::code):
//     12  I32AddImm         s5 <- s3, 1
//     16  BrIfI32LtS        s5, s0, -> 8
//     20  I32LoadIdx        s6 <- s4, s5, off=8, shl=2
// A destination slot comes first, followed by "<-"; slots are "sN"; typed
// constants print as their values, raw constant bits as decimal up to
// 0xffff and as hex above; branch targets as the word offset they jump to;
// other operands as name=value (off, k, shl, cost, func, type, table,
// global, data, elem, lane, n, hdr, args).
#ifndef WEFT_INTERP_CODE_PRINTER_H_
#define WEFT_INTERP_CODE_PRINTER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/types/span.h"
#include "interp/compiled_function.h"

namespace weft::interp {

// The op whose handler is `h`, if any. Ops whose handlers the toolchain
// merged (identical code) map to the first of them, which has the same
// layout.
std::optional<IrOp> IrOpForHandler(Handler h);

// The text of the op at code[at] without its offset ("I32AddImm s5 <- s3,
// 1"); *words is set to the words the op spans. Code that does not start
// with a handler, or is cut short, gives a line saying so and spans the
// rest of `code`.
std::string PrintOp(absl::Span<const Word> code, uint32_t at, uint32_t* words);

// All of `fn`: a summary line (frame layout), then one line per op.
std::string PrintCode(const CompiledFunction& fn);

}  // namespace weft::interp

#endif  // WEFT_INTERP_CODE_PRINTER_H_
