#include "interp/test_instance.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/types/span.h"
#include "base/byte_reader.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"
#include "decoder/instruction_reader.h"
#include "validator/validator.h"

namespace weft::interp {
namespace {

// The value's slot bits; a v128's high half goes to *hi (when given).
absl::StatusOr<uint64_t> EvalConst(const Module& m, const ConstExpr& e, const TestInstance& t,
                                   uint64_t* hi = nullptr) {
  ByteReader in(m.data_at(e.code), e.code.size(), e.code.begin);
  InstructionReader reader(&in);
  Instruction ins;
  uint64_t value = 0;
  while (reader.Read(&ins)) {
    switch (ins.op) {
      case Opcode::kI32Const:
      case Opcode::kF32Const:
        value = uint32_t(ins.bits);
        break;
      case Opcode::kI64Const:
      case Opcode::kF64Const:
        value = ins.bits;
        break;
      case Opcode::kRefNull:
        value = kNullRef;
        break;
      case Opcode::kRefFunc:
        value = t.funcs[ins.index]->AsRef();
        break;
      case Opcode::kGlobalGet:
        value = t.globals[ins.index]->bits[0];
        if (hi != nullptr) *hi = t.globals[ins.index]->bits[1];
        break;
      case Opcode::kV128Const:
        std::memcpy(&value, ins.bytes16, 8);
        if (hi != nullptr) std::memcpy(hi, ins.bytes16 + 8, 8);
        break;
      case Opcode::kEnd:
        return value;
      default:
        return absl::UnimplementedError("const expr op not supported by the test helper");
    }
  }
  return absl::InvalidArgumentError("bad const expr");
}

}  // namespace

FunctionInstance* TestInstance::Func(const std::string& name) const {
  const Export* e = module->FindExport(name);
  return e != nullptr && e->kind == ExternKind::kFunc ? funcs[e->index].get() : nullptr;
}

std::vector<uint8_t> ReadFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

absl::StatusOr<std::unique_ptr<TestInstance>> MakeTestInstance(const std::vector<uint8_t>& wasm,
                                                               CompileOptions options) {
  WEFT_ASSIGN_OR_RETURN(std::shared_ptr<ModuleCode> code,
                        ModuleCode::Load(absl::MakeConstSpan(wasm), options));
  std::shared_ptr<const Module> module = code->shared_module();
  if (!module->imports.empty()) return absl::UnimplementedError("imports not supported here");
  auto t = std::make_unique<TestInstance>();
  t->module = module;
  t->data.module_code = std::move(code);
  InstanceData& d = t->data;
  d.module = module.get();
  {
    absl::StatusOr<std::vector<uint32_t>> ids = CanonicalTypeIds(module->types);
    if (!ids.ok()) return ids.status();
    d.type_ids = *std::move(ids);
  }
  for (uint32_t i = 0; i < module->function_type_indices.size(); ++i) {
    auto f = std::make_unique<FunctionInstance>();
    f->type = &module->types[module->function_type_indices[i]].func;
    f->type_id = d.type_ids[module->function_type_indices[i]];
    f->func_index = i;
    f->instance = &d;
    f->defined_index = i;
    d.functions.push_back(f.get());
    t->funcs.push_back(std::move(f));
  }
  for (const TableType& tt : module->tables) {
    auto tab = std::make_unique<Table>();
    tab->elem_type = tt.elem_type;
    tab->elements.assign(tt.limits.min, kNullRef);
    tab->max_size = tt.limits.has_max ? uint32_t(tt.limits.max) : UINT32_MAX;
    d.tables.push_back(tab.get());
    t->tables.push_back(std::move(tab));
  }
  for (const MemoryType& mt : module->memories) {  // all of them (multi-memory)
    const Limits& l = mt.limits;
    auto m = LinearMemory::Create(l.min, l.has_max ? l.max : UINT64_MAX, mt.page_size_log2, mt.is64);
    if (m == nullptr) return absl::ResourceExhaustedError("memory");
    d.memories.push_back(m.get());
    if (t->memory == nullptr) {
      t->memory = std::move(m);
      d.memory = t->memory.get();
    } else {
      t->more_memories.push_back(std::move(m));
    }
  }
  for (uint32_t type_index : module->tags) {  // exceptions: the ExecContext's heap
    auto tag = std::make_unique<TagInstance>();
    tag->type = &module->types[type_index].func;
    tag->type_id = d.type_ids[type_index];
    d.tags.push_back(tag.get());
    t->tags.push_back(std::move(tag));
  }
  for (const Global& g : module->globals) {
    auto cell = std::make_unique<GlobalCell>();
    cell->type = g.type.type;
    cell->is_mutable = g.type.is_mutable;
    WEFT_ASSIGN_OR_RETURN(cell->bits[0], EvalConst(*module, g.init, *t, &cell->bits[1]));
    d.globals.push_back(cell.get());
    t->globals.push_back(std::move(cell));
  }
  for (const ElemSegment& seg : module->elements) {
    std::vector<Ref> items;
    for (uint32_t i = 0; i < seg.item_count(); ++i) {
      if (seg.uses_exprs) {
        WEFT_ASSIGN_OR_RETURN(uint64_t v, EvalConst(*module, seg.exprs[i], *t));
        items.push_back(v);
      } else {
        items.push_back(t->funcs[seg.func_indices[i]]->AsRef());
      }
    }
    if (seg.mode == SegmentMode::kActive) {
      WEFT_ASSIGN_OR_RETURN(uint64_t off, EvalConst(*module, seg.offset, *t));
      Table* tab = d.tables[seg.table_index];
      if (uint64_t(uint32_t(off)) + items.size() > tab->elements.size()) {
        return absl::OutOfRangeError("out of bounds table access");
      }
      std::copy(items.begin(), items.end(), tab->elements.begin() + uint32_t(off));
      items.clear();
    } else if (seg.mode == SegmentMode::kDeclarative) {
      items.clear();
    }
    d.elem_segments.push_back(std::move(items));
  }
  for (const DataSegment& seg : module->data) {
    absl::Span<const uint8_t> bytes(module->data_at(seg.bytes), seg.bytes.size());
    if (seg.mode == SegmentMode::kActive) {
      WEFT_ASSIGN_OR_RETURN(uint64_t off, EvalConst(*module, seg.offset, *t));
      LinearMemory* m = d.memories[seg.memory_index];
      if (!m->is64()) off = uint32_t(off);
      if (off > m->size_bytes() || bytes.size() > m->size_bytes() - off) {
        return absl::OutOfRangeError("out of bounds memory access");
      }
      std::copy(bytes.begin(), bytes.end(), m->base() + off);
      bytes = {};
    }
    d.data_segments.push_back(bytes);
  }
  return t;
}

}  // namespace weft::interp
