// Per-opcode typing facts for the function validator, generated once from
// base/opcodes.def: the fixed signature of "simple" instructions, whether a
// memory must exist, the natural alignment and the lane count of lane
// immediates. Instructions marked "*" in opcodes.def are typed by hand in
// function_checker.cc.
#ifndef WEFT_VALIDATOR_OP_TABLE_H_
#define WEFT_VALIDATOR_OP_TABLE_H_

#include <cstdint>

#include "base/opcode.h"
#include "weft/value_type.h"

namespace weft {
namespace validator_internal {

struct OpTyping {
  bool special = false;      // "*": handled individually
  bool uses_memory = false;  // needs memory 0 to exist
  bool has_memarg = false;   // alignment to check against max_align
  uint8_t max_align = 0;
  uint8_t num_params = 0;    // simple ops: at most 3
  uint8_t num_results = 0;   // simple ops: 0 or 1
  uint8_t lanes = 0;         // Lane / MemArgLane immediates: lane count
  ValType params[3] = {ValType::kI32, ValType::kI32, ValType::kI32};
  ValType result = ValType::kI32;
};

const OpTyping& GetOpTyping(Opcode op);

// Immediate shapes the validator's inline pre-reader decodes itself (only
// their shortest encodings); everything else goes to InstructionReader.
enum class FastImm : uint8_t { kSlow, kNone, kIndex, kI32, kMemArg, kBlockType, kF32, kF64 };
struct FastEntry {
  Opcode op = Opcode::kNop;
  FastImm imm = FastImm::kSlow;
  uint8_t len = 0;   // encoded length when every immediate byte is < 0x80
  uint8_t mask1 = 0;  // 0x80 when byte 1 is a one-byte LEB128 immediate
  uint8_t mask2 = 0;  // 0x80 when byte 2 is one (memarg offset)
};
// 256 entries indexed by the first byte of an instruction.
const FastEntry* FastReadTable();
// The whole table, indexed by static_cast<int>(Opcode).
const OpTyping* OpTypingTable();

}  // namespace validator_internal
}  // namespace weft

#endif  // WEFT_VALIDATOR_OP_TABLE_H_
