#include "validator/features_used.h"

#include <array>

#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"

namespace weft {
namespace {

// The feature a value type needs, if any.
void NoteType(ValType t, std::array<bool, static_cast<int>(WasmFeature::kCount)>* used) {
  if (!IsRefType(t) || t == ValType::kFuncRef || t == ValType::kExternRef) return;
  const HeapType h = RefHeapType(t);
  WasmFeature f = WasmFeature::kFunctionReferences;
  if (h == HeapType::kExn || h == HeapType::kNoExn) f = WasmFeature::kExceptions;
  if (h == HeapType::kAny || h == HeapType::kEq || h == HeapType::kI31 ||
      h == HeapType::kStruct || h == HeapType::kArray || h == HeapType::kNone) {
    f = WasmFeature::kGc;
  }
  (*used)[static_cast<int>(f)] = true;
}

}  // namespace

std::vector<WasmFeature> FeaturesUsed(const Module& m) {
  std::array<bool, static_cast<int>(WasmFeature::kCount)> used{};
  auto note = [&used](WasmFeature f) { used[static_cast<int>(f)] = true; };
  for (const TypeDef& t : m.types) {
    for (ValType v : t.func.params) NoteType(v, &used);
    for (ValType v : t.func.results) NoteType(v, &used);
    for (const FieldType& f : t.fields) NoteType(f.type, &used);
    if (!t.is_func() || t.rec_size != 1 || t.supertype != kNoSupertype || !t.is_final) {
      note(WasmFeature::kGc);
    }
  }
  for (const Global& g : m.globals) NoteType(g.type.type, &used);
  for (const TableType& t : m.tables) {
    NoteType(t.elem_type, &used);
    if (t.is64) note(WasmFeature::kMemory64);
  }
  if (!m.table_inits.empty()) note(WasmFeature::kFunctionReferences);
  if (m.total_memories() > 1) note(WasmFeature::kMultiMemory);
  for (uint32_t i = 0; i < m.total_memories(); ++i) {
    const MemoryType t = m.memory_type(i);
    if (t.is64) note(WasmFeature::kMemory64);
    if (t.page_size_log2 != 16) note(WasmFeature::kCustomPageSizes);
  }
  if (!m.tags.empty()) note(WasmFeature::kExceptions);
  for (const Import& imp : m.imports) {
    if (imp.kind == ExternKind::kTag) note(WasmFeature::kExceptions);
    if (imp.kind == ExternKind::kGlobal) NoteType(imp.global.type, &used);
    if (imp.kind == ExternKind::kTable) {
      NoteType(imp.table.elem_type, &used);
      if (imp.table.is64) note(WasmFeature::kMemory64);
    }
  }
  for (const FunctionBody& body : m.code) {
    for (const LocalDecl& d : body.locals) NoteType(d.type, &used);
    ByteReader in(m.data_at(body.code), body.code.size(), body.code.begin);
    InstructionReader reader(&in);
    Instruction ins;
    while (!in.at_end() && reader.Read(&ins)) {
      WasmFeature f;
      if (OpcodeFeature(ins.op, &f)) note(f);
      if (GetOpcodeInfo(ins.op).imm == ImmKind::MemArg && ins.memarg.memory != 0) {
        note(WasmFeature::kMultiMemory);
      }
    }
  }
  std::vector<WasmFeature> out;
  for (int i = 0; i < static_cast<int>(WasmFeature::kCount); ++i) {
    if (used[i]) out.push_back(static_cast<WasmFeature>(i));
  }
  return out;
}

}  // namespace weft
