// The opcode tables are inline constexpr in opcode.h (generated from
// opcodes.def); this file only checks them at compile time.
#include "base/opcode.h"

namespace weft {
static_assert(sizeof(opcode_internal::kInfo) / sizeof(opcode_internal::kInfo[0]) == kOpcodeCount);
}  // namespace weft
