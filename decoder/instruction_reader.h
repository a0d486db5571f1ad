// Reads one instruction (opcode + immediates) at a time from a function body
// or constant expression. Shared by the decoder (to find the end of constant
// expressions) and by the validator's single pass over function bodies, so
// immediates are decoded in exactly one place. It checks only the binary
// format (malformed); typing and index bounds are the validator's job.
#ifndef WEFT_DECODER_INSTRUCTION_READER_H_
#define WEFT_DECODER_INSTRUCTION_READER_H_

#include <cstdint>
#include <vector>

#include "base/byte_reader.h"
#include "base/opcode.h"
#include "weft/features.h"
#include "weft/value_type.h"

namespace weft {

// A memarg. Multi-memory: bit 6 of the flags field says a u32 memory
// index follows it (else memory 0); memory64: the offset is a u64 (the
// validator limits it to u32 for 32-bit memories).
struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t memory = 0;
  uint64_t offset = 0;
  bool explicit_memory = false;  // bit 6 was set
};

// Block type as encoded: empty, one value type, or a type index.
struct BlockType {
  enum class Kind : uint8_t { kEmpty, kValue, kTypeIndex } kind = Kind::kEmpty;
  ValType value = ValType::kI32;  // kValue
  uint32_t type_index = 0;        // kTypeIndex
};

// One catch clause of try_table, as encoded.
struct CatchClause {
  enum class Kind : uint8_t { kCatch = 0, kCatchRef = 1, kCatchAll = 2, kCatchAllRef = 3 };
  Kind kind = Kind::kCatch;
  uint32_t tag = 0;    // kCatch, kCatchRef
  uint32_t label = 0;  // counted from outside the try_table
  bool has_tag() const { return kind == Kind::kCatch || kind == Kind::kCatchRef; }
  bool has_ref() const { return kind == Kind::kCatchRef || kind == Kind::kCatchAllRef; }
};

struct Instruction {
  Opcode op = Opcode::kNop;
  uint32_t offset = 0;  // module byte offset of the opcode

  // Immediates; which are set depends on GetOpcodeInfo(op).imm.
  uint32_t index = 0;   // func/local/global/table/label/type/elem/data index;
                        // CallIndirect: type index; TableInit: elem index;
                        // TableCopy: destination table; MemIdx: memory;
                        // MemoryInit: data index; MemoryCopy: destination
  uint32_t index2 = 0;  // CallIndirect/TableInit: table; TableCopy: source;
                        // TypeField: field; TypeU32: count; TypeData: data;
                        // TypeElem: elem; TypeType: source type;
                        // MemoryInit: memory; MemoryCopy: source memory
  BlockType block_type;
  MemArg memarg;
  uint8_t lane = 0;
  uint64_t bits = 0;       // I32/I64 (sign-extended), F32/F64 raw bits
  uint8_t bytes16[16] = {};  // V128 constant or Shuffle lanes
  ValType value_type = ValType::kI32;  // SelectT (the one type), RefType
                                       // (nullable), BrOnCast: source type
  ValType value_type2 = ValType::kI32; // BrOnCast: target type
  uint32_t select_arity = 0;           // SelectT: declared count of types
  // BrTable: targets followed by the default; points into the reader's
  // buffer, valid until the next Read().
  const std::vector<uint32_t>* br_targets = nullptr;
  // TryTable: its catch clauses; points into the reader's buffer, valid
  // until the next Read().
  const std::vector<CatchClause>* catches = nullptr;
};

class InstructionReader {
 public:
  // `features` picks the memarg encoding: multi-memory's memory index
  // (flags bit 6) and memory64's u64 offsets when on, 2.0's otherwise (see
  // DecodeLimits::features).
  explicit InstructionReader(ByteReader* in, WasmFeatures features = {})
      : in_(in),
        multi_memory_(features.Has(WasmFeature::kMultiMemory)),
        memory64_(features.Has(WasmFeature::kMemory64)) {}

  // Reads the next instruction into *out. Returns false on malformed input
  // (the error is recorded in the ByteReader).
  bool Read(Instruction* out);

 private:
  void ReadImmediates(ImmKind kind, Instruction* out);
  void ReadBlockType(Instruction* out);
  void ReadZeroByte();
  void ReadMemArg(MemArg* out);
  // A memory index where 2.0 had a zero byte: a u32 with multi-memory.
  uint32_t ReadMemoryIndex();

  ByteReader* in_;
  bool multi_memory_;
  bool memory64_;
  std::vector<uint32_t> br_targets_;
  std::vector<CatchClause> catches_;
};

}  // namespace weft

#endif  // WEFT_DECODER_INSTRUCTION_READER_H_
