#include "runtime/store.h"

#include <sys/resource.h>

#include <cstring>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "interp/gc_ops.h"
#include "runtime/const_expr.h"
#include "runtime/import_match.h"
#include "validator/type_canon.h"

namespace weft::runtime {
namespace {

using interp::FunctionInstance;
using interp::GlobalCell;
using interp::Ref;
using interp::TrapCode;

constexpr absl::string_view kTrapPayloadUrl = "weft.dev/trap";

Value CellToValue(const GlobalCell& cell) {
  switch (cell.type) {
    case ValType::kI32:
      return Value::I32(int32_t(uint32_t(cell.bits[0])));
    case ValType::kI64:
      return Value::I64(int64_t(cell.bits[0]));
    case ValType::kF32:
      return Value::F32Bits(uint32_t(cell.bits[0]));
    case ValType::kF64:
      return Value::F64Bits(cell.bits[0]);
    case ValType::kV128:
      return Value::V128(cell.bits[0], cell.bits[1]);
    default:
      break;
  }
  if (IsRefType(cell.type)) return Value::Ref(cell.type, uintptr_t(cell.bits[0]));
  return Value();
}

void ValueToCell(const Value& v, GlobalCell* cell) {
  switch (v.type()) {
    case ValType::kI32:
      cell->bits[0] = uint32_t(v.i32());
      break;
    case ValType::kF32:
      cell->bits[0] = v.f32_bits();
      break;
    case ValType::kV128:
      cell->bits[0] = v.v128_lo();
      cell->bits[1] = v.v128_hi();
      break;
    default:  // i64, f64, refs: the low 64 bits as is
      cell->bits[0] = v.f64_bits();
      break;
  }
}

// Checks one import against what the linker provides and wires it into
// `inst`.
absl::Status LinkImport(const Module& m, const Import& imp, const Linker& linker,
                        Instance* inst) {
  const Extern* ext = linker.Find(imp.module, imp.name);
  if (ext == nullptr) return UnknownImportError(imp.module, imp.name);
  if (ext->kind != imp.kind) {
    return KindMismatchError(imp.module, imp.name, ext->kind, imp.kind);
  }
  // Types are compared in the process-wide canonical form (a concrete
  // reference names a canonical type id, not this module's index), which
  // is how runtime objects keep them (see CanonicalValType).
  const std::vector<uint32_t>& ids = inst->data.type_ids;
  switch (imp.kind) {
    case ExternKind::kFunc:
      WEFT_RETURN_IF_ERROR(CheckFuncImport(
          imp.module, imp.name, *ext->func->type, m.types[imp.func_type_index].func,
          TypeCanonicalizer::Global().IsSubtypeId(ext->func->type_id, ids[imp.func_type_index])));
      inst->data.functions.push_back(ext->func);
      break;
    case ExternKind::kTable: {
      TableType actual = ext->table_type;
      actual.elem_type = ext->table->elem_type;
      actual.limits.min = ext->table->size();
      TableType required = imp.table;
      required.elem_type = interp::CanonicalValType(required.elem_type, ids);
      WEFT_RETURN_IF_ERROR(
          CheckTableImport(imp.module, imp.name, actual, required));
      inst->data.tables.push_back(ext->table);
      break;
    }
    case ExternKind::kMemory: {
      MemoryType actual = ext->memory_type;
      actual.limits.min = ext->memory->pages();
      actual.is64 = ext->memory->is64();
      actual.page_size_log2 = ext->memory->page_size_log2();
      WEFT_RETURN_IF_ERROR(
          CheckMemoryImport(imp.module, imp.name, actual, imp.memory));
      if (inst->data.memory == nullptr) inst->data.memory = ext->memory;
      inst->data.memories.push_back(ext->memory);
      break;
    }
    case ExternKind::kGlobal: {
      GlobalType actual{ext->global->type, ext->global->is_mutable};
      GlobalType required = imp.global;
      required.type = interp::CanonicalValType(required.type, ids);
      WEFT_RETURN_IF_ERROR(
          CheckGlobalImport(imp.module, imp.name, actual, required));
      inst->data.globals.push_back(ext->global);
      break;
    }
    case ExternKind::kTag: {
      // Tags match when their types are the same (structurally); the
      // import is then the exporter's tag itself, so throws and catches on
      // both sides agree.
      const FuncType& required = m.types[imp.tag_type_index].func;
      if (ids[imp.tag_type_index] != ext->tag->type_id) {
        return absl::InvalidArgumentError(absl::StrCat(
            kIncompatibleImportType, ": ", imp.module, ".", imp.name, ": expected tag ",
            FuncTypeToString(required), ", got tag ", FuncTypeToString(*ext->tag->type)));
      }
      inst->data.tags.push_back(ext->tag);
      break;
    }
  }
  return absl::OkStatus();
}

// The payload slots of a tag of type `t` that may hold GC objects
// (`type_ids`: the module's canonical ids; empty for canonical types).
std::vector<uint32_t> GcSlots(const FuncType& t, const std::vector<uint32_t>& type_ids) {
  std::vector<uint32_t> slots;
  uint32_t slot = 0;
  for (ValType v : t.params) {
    if (interp::MayHoldGcRef(interp::CanonicalValType(v, type_ids))) slots.push_back(slot);
    slot += v == ValType::kV128 ? 2 : 1;
  }
  return slots;
}

// A value's slots (v128: two).
void ValueSlots(const Value& v, uint64_t out[2]) {
  if (v.type() == ValType::kV128) {
    out[0] = v.v128_lo();
    out[1] = v.v128_hi();
  } else if (v.type() == ValType::kI32) {
    out[0] = uint32_t(v.i32());
  } else if (v.type() == ValType::kF32) {
    out[0] = v.f32_bits();
  } else if (IsRefType(v.type())) {
    out[0] = v.ref_handle();
  } else {
    out[0] = uint64_t(v.i64());  // i64, f64: the bits
  }
}

// struct.new*/array.new* of a constant expression.
absl::StatusOr<Value> NewGcObject(Instance* inst, Opcode op, uint32_t type_index,
                                  uint32_t count, absl::Span<const Value> operands) {
  if (type_index >= inst->data.type_ids.size() || inst->data.gc == nullptr) {
    return absl::InvalidArgumentError("unknown type");
  }
  const CanonType& t = TypeCanonicalizer::Global().type(inst->data.type_ids[type_index]);
  uint64_t length = 0;
  if (op == Opcode::kArrayNew) length = uint32_t(operands[1].i32());
  if (op == Opcode::kArrayNewDefault) length = uint32_t(operands[0].i32());
  if (op == Opcode::kArrayNewFixed) length = count;
  interp::GcObject* o = inst->data.gc->Allocate(&t, length);
  if (o == nullptr) return TrapStatus(interp::TrapCode::kGcHeapExhausted);
  uint64_t slots[2] = {0, 0};
  if (op == Opcode::kStructNew) {
    for (size_t i = 0; i < t.fields.size() && i < operands.size(); ++i) {
      ValueSlots(operands[i], slots);
      interp::GcStoreField(t.fields[i], o->payload() + t.field_offsets[i], slots);
    }
  } else if (op == Opcode::kArrayNew || op == Opcode::kArrayNewFixed) {
    for (uint64_t i = 0; i < length; ++i) {
      ValueSlots(operands[op == Opcode::kArrayNew ? 0 : i], slots);
      interp::GcStoreField(t.fields[0], o->payload() + i * t.elem_bytes, slots);
    }
  }
  return Value::Ref(MakeConcreteRefType(false, inst->data.type_ids[type_index]), o->AsRef());
}

ConstExprContext ContextFor(Instance* inst) {
  ConstExprContext c;
  // Globals are initialised in order, so while global i's initializer runs
  // only globals 0..i-1 are there; validation keeps later ones out, and
  // this keeps an unvalidated module from reading past them.
  c.global_get = [inst](uint32_t i) -> std::optional<Value> {
    if (i >= inst->data.globals.size()) return std::nullopt;
    return CellToValue(*inst->data.globals[i]);
  };
  c.ref_func = [inst](uint32_t i) {
    return Value::Ref(ValType::kFuncRef, inst->data.functions[i]->AsRef());
  };
  return c;
}

// A segment offset: an i32, or an i64 for a 64-bit table or memory.
absl::StatusOr<uint64_t> EvalOffset(const Module& m, const ConstExpr& e,
                                    const ConstExprContext& c, bool is64) {
  WEFT_ASSIGN_OR_RETURN(Value v, EvalConstExpr(m, e, c));
  if (v.type() != (is64 ? ValType::kI64 : ValType::kI32)) {
    return absl::InvalidArgumentError("type mismatch in segment offset");
  }
  return is64 ? uint64_t(v.i64()) : uint64_t(uint32_t(v.i32()));
}

// [offset, offset + n) within `size`, without wrapping.
bool SegmentFits(uint64_t offset, uint64_t n, uint64_t size) {
  return n <= size && offset <= size - n;
}

// Elements of every segment resolved to Refs (function indices or
// expressions), before any active segment is applied.
absl::Status EvalElemSegments(const Module& m, Instance* inst,
                              const ConstExprContext& c) {
  inst->data.elem_segments.reserve(m.elements.size());
  for (const ElemSegment& seg : m.elements) {
    std::vector<Ref> refs;
    refs.reserve(seg.item_count());
    if (!seg.uses_exprs) {
      for (uint32_t f : seg.func_indices) {
        if (f >= inst->data.functions.size()) {
          return absl::InvalidArgumentError("unknown function");
        }
        refs.push_back(inst->data.functions[f]->AsRef());
      }
    } else {
      for (const ConstExpr& e : seg.exprs) {
        WEFT_ASSIGN_OR_RETURN(Value v, EvalConstExpr(m, e, c));
        refs.push_back(v.ref_handle());
      }
    }
    inst->data.elem_segments.push_back(std::move(refs));
  }
  return absl::OkStatus();
}

// Active element then data segments, in order; each is bounds-checked at
// its turn (2.0 semantics), so earlier segments stay applied on a trap.
absl::Status ApplySegments(const Module& m, Instance* inst,
                           const ConstExprContext& c) {
  for (size_t i = 0; i < m.elements.size(); ++i) {
    const ElemSegment& seg = m.elements[i];
    std::vector<Ref>& refs = inst->data.elem_segments[i];
    if (seg.mode == SegmentMode::kActive) {
      if (seg.table_index >= inst->data.tables.size()) {
        return absl::InvalidArgumentError("unknown table");
      }
      WEFT_ASSIGN_OR_RETURN(
          uint64_t offset, EvalOffset(m, seg.offset, c, m.table_type(seg.table_index).is64));
      interp::Table* table = inst->data.tables[seg.table_index];
      if (!SegmentFits(offset, refs.size(), table->size())) {
        return TrapStatus(TrapCode::kTableOutOfBounds);
      }
      std::copy(refs.begin(), refs.end(), table->elements.begin() + offset);
    }
    // Active and declarative segments are dropped after instantiation.
    if (seg.mode != SegmentMode::kPassive) refs.clear();
  }
  inst->data.data_segments.reserve(m.data.size());
  for (const DataSegment& seg : m.data) {
    inst->data.data_segments.emplace_back(m.data_at(seg.bytes),
                                          seg.bytes.size());
  }
  for (size_t i = 0; i < m.data.size(); ++i) {
    const DataSegment& seg = m.data[i];
    if (seg.mode != SegmentMode::kActive) continue;
    if (seg.memory_index >= inst->data.memories.size()) {
      return absl::InvalidArgumentError("unknown memory");
    }
    interp::LinearMemory* mem = inst->data.memories[seg.memory_index];
    WEFT_ASSIGN_OR_RETURN(uint64_t offset, EvalOffset(m, seg.offset, c, mem->is64()));
    if (!SegmentFits(offset, seg.bytes.size(), mem->size_bytes())) {
      return TrapStatus(TrapCode::kMemoryOutOfBounds);
    }
    if (seg.bytes.size() > 0) {
      std::memcpy(mem->base() + offset, m.data_at(seg.bytes), seg.bytes.size());
    }
    inst->data.data_segments[i] = {};
  }
  return absl::OkStatus();
}

}  // namespace

const Extern* Instance::FindExport(absl::string_view name) const {
  auto it = exports.find(name);
  return it == exports.end() ? nullptr : &it->second;
}

void Linker::Define(absl::string_view module, absl::string_view name,
                    Extern value) {
  items_[{std::string(module), std::string(name)}] = value;
}

void Linker::DefineInstance(absl::string_view module,
                            const Instance& instance) {
  for (const auto& [name, ext] : instance.exports) Define(module, name, ext);
}

const Extern* Linker::Find(absl::string_view module,
                           absl::string_view name) const {
  auto it = items_.find({std::string(module), std::string(name)});
  return it == items_.end() ? nullptr : &it->second;
}

bool IsLinkError(const absl::Status& status) {
  return absl::IsNotFound(status) ||
         (absl::IsInvalidArgument(status) &&
          absl::StartsWith(status.message(), kIncompatibleImportType));
}

absl::Status TrapStatus(TrapCode code, absl::string_view detail) {
  absl::Status s = absl::AbortedError(
      detail.empty() ? std::string(interp::TrapMessage(code))
                     : absl::StrCat(interp::TrapMessage(code), ": ", detail));
  s.SetPayload(kTrapPayloadUrl,
               absl::Cord(std::string(1, char(static_cast<uint8_t>(code)))));
  return s;
}

TrapCode TrapCodeOf(const absl::Status& status) {
  absl::optional<absl::Cord> p = status.GetPayload(kTrapPayloadUrl);
  if (!p.has_value() || p->size() != 1) return TrapCode::kOk;
  return static_cast<TrapCode>(uint8_t(std::string(*p)[0]));
}

FunctionInstance* Store::AddHostFunction(FuncType type, interp::HostFunction fn,
                                         void* env) {
  host_types_.push_back(std::move(type));
  auto f = std::make_unique<FunctionInstance>();
  f->type = &host_types_.back();
  f->type_id = interp::CanonicalTypeId(*f->type);
  f->host = fn;
  f->host_env = env;
  host_functions_.push_back(std::move(f));
  return host_functions_.back().get();
}

interp::Table* Store::AddTable(const TableType& type, Ref init) {
  auto t = std::make_unique<interp::Table>();
  t->elem_type = type.elem_type;
  // (A 64-bit table's maximum may exceed 32 bits: no table gets that big.)
  t->max_size = type.limits.has_max ? uint32_t(std::min<uint64_t>(type.limits.max, UINT32_MAX))
                                    : UINT32_MAX;
  if (type.limits.min > interp::kMaxTableElements) return nullptr;
  t->elements.assign(type.limits.min, init);
  tables_.push_back(std::move(t));
  return tables_.back().get();
}

namespace {

// Why a memory of `type` could not be had: the OS refused even its initial
// size, most often because of an address-space limit (ulimit -v).
absl::Status MemoryAllocationError(const MemoryType& type) {
  std::string limit = "unlimited";
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    limit = absl::StrCat(rl.rlim_cur, " bytes");
  }
  return absl::ResourceExhaustedError(absl::StrCat(
      "cannot allocate memory: the OS refused ", type.limits.min,
      " pages (", type.limits.min << type.page_size_log2,
      " bytes) of linear memory; address-space limit (ulimit -v): ", limit));
}

}  // namespace

interp::LinearMemory* Store::AddMemory(const MemoryType& type) {
  // weft's largest memory: 4 GiB in this memory's pages, whatever its
  // address type (LinearMemory).
  const uint64_t cap = (uint64_t(kMaxPages) * kPageSize) >> type.page_size_log2;
  uint64_t max = type.limits.has_max ? std::min(type.limits.max, cap) : cap;
  if (type.page_size_log2 > 16 || type.limits.min > max) return nullptr;
  auto m = interp::LinearMemory::Create(type.limits.min, max, type.page_size_log2, type.is64);
  if (m == nullptr) return nullptr;
  memories_.push_back(std::move(m));
  return memories_.back().get();
}

interp::TagInstance* Store::AddTag(FuncType type) {
  host_types_.push_back(std::move(type));
  auto tag = std::make_unique<interp::TagInstance>();
  tag->type = &host_types_.back();
  tag->type_id = interp::CanonicalTypeId(*tag->type);
  tag->gc_slots = GcSlots(*tag->type, {});
  tags_.push_back(std::move(tag));
  return tags_.back().get();
}

GlobalCell* Store::AddGlobal(const GlobalType& type, uint64_t bits) {
  auto g = std::make_unique<GlobalCell>();
  g->type = type.type;
  g->is_mutable = type.is_mutable;
  g->bits[0] = bits;
  globals_.push_back(std::move(g));
  return globals_.back().get();
}

// The store's roots: every global and table (the store owns them all,
// imported or not), the instances' element segments, and exception
// payloads. The running frames are the interpreter's to add.
Store::Store() {
  // Only values of the any and extern hierarchies can be objects: function
  // and exception references are pointers too, never to be traced.
  gc_heap_.set_root_tracer([this](const interp::GcHeap::RootVisitor& visit) {
    for (const auto& g : globals_) {
      if (interp::MayHoldGcRef(g->type)) visit(g->bits[0]);
    }
    for (const auto& t : tables_) {
      if (!interp::MayHoldGcRef(t->elem_type)) continue;
      for (interp::Ref r : t->elements) visit(r);
    }
    for (const auto& inst : instances_) {
      const std::vector<ElemSegment>& segs = inst->module->elements;
      for (size_t i = 0; i < inst->data.elem_segments.size() && i < segs.size(); ++i) {
        if (!interp::MayHoldGcRef(
                interp::CanonicalValType(segs[i].elem_type, inst->data.type_ids))) {
          continue;
        }
        for (interp::Ref r : inst->data.elem_segments[i]) visit(r);
      }
    }
    exceptions_.ForEachRefInPayloads(visit);
  });
}

uint64_t Store::CollectGarbage() { return gc_heap_.Collect(); }

absl::StatusOr<Instance*> Store::Instantiate(
    std::shared_ptr<const Module> module,
    std::shared_ptr<interp::ModuleCode> code, const Linker& linker,
    const InstantiateOptions& options) {
  const Module& m = *module;
  auto owned = std::make_unique<Instance>();
  Instance* inst = owned.get();
  inst->module = module;
  inst->data.module = &m;
  inst->data.module_code = std::move(code);
  WEFT_ASSIGN_OR_RETURN(inst->data.type_ids, interp::CanonicalTypeIds(m.types));

  // Every missing import at once, with what it should be; then the
  // present ones are checked (and bound) one by one.
  WEFT_RETURN_IF_ERROR(UnknownImports(m, [&linker](absl::string_view mod, absl::string_view name) {
    return linker.Find(mod, name) != nullptr;
  }));
  for (const Import& imp : m.imports) {
    WEFT_RETURN_IF_ERROR(LinkImport(m, imp, linker, inst));
  }

  // Defined functions exist before globals: ref.func in an initialiser
  // refers to them.
  for (uint32_t i = 0; i < m.function_type_indices.size(); ++i) {
    auto f = std::make_unique<FunctionInstance>();
    uint32_t type_index = m.function_type_indices[i];
    if (type_index >= m.types.size()) {
      return absl::InvalidArgumentError("unknown type");
    }
    f->type = &m.types[type_index].func;
    f->type_id = inst->data.type_ids[type_index];
    f->func_index = m.num_imported_funcs + i;
    f->instance = &inst->data;
    f->defined_index = i;
    inst->data.functions.push_back(f.get());
    inst->own_functions.push_back(std::move(f));
  }

  for (const TableType& declared : m.tables) {
    TableType t = declared;
    t.elem_type = interp::CanonicalValType(t.elem_type, inst->data.type_ids);
    interp::Table* table = AddTable(t, interp::kNullRef);
    if (table == nullptr) {
      return absl::ResourceExhaustedError("table too large");
    }
    inst->data.tables.push_back(table);
  }
  std::vector<MemoryType> memory_types;
  for (const MemoryType& t : m.memories) {
    MemoryType limited = t;
    // The instance limit is in 64 KiB pages; this memory's may be smaller.
    const uint64_t log2 = std::min<uint32_t>(t.page_size_log2, 16);
    const uint64_t cap = uint64_t(std::min<uint32_t>(options.max_memory_pages, kMaxPages))
                         << (16 - log2);
    uint64_t max = t.limits.has_max ? t.limits.max : cap;
    limited.limits.has_max = true;
    limited.limits.max = std::min<uint64_t>(max, cap);
    if (limited.limits.min > limited.limits.max) {
      return absl::ResourceExhaustedError(
          absl::StrCat("memory of ", t.limits.min,
                       " pages exceeds the limit of ", limited.limits.max));
    }
    interp::LinearMemory* mem = AddMemory(limited);
    if (mem == nullptr) return MemoryAllocationError(limited);
    if (inst->data.memory == nullptr) inst->data.memory = mem;
    inst->data.memories.push_back(mem);
  }

  inst->data.exceptions = &exceptions_;
  inst->data.gc = &gc_heap_;
  gc_heap_.set_limit(std::min(gc_heap_.limit(), options.max_gc_heap_bytes));
  for (uint32_t type_index : m.tags) {
    if (type_index >= m.types.size()) return absl::InvalidArgumentError("unknown type");
    auto tag = std::make_unique<interp::TagInstance>();
    tag->type = &m.types[type_index].func;
    tag->type_id = inst->data.type_ids[type_index];
    tag->gc_slots = GcSlots(*tag->type, inst->data.type_ids);
    inst->data.tags.push_back(tag.get());
    tags_.push_back(std::move(tag));
  }

  ConstExprContext ctx = ContextFor(inst);
  ctx.gc_new = [inst](Opcode op, uint32_t type_index, uint32_t count,
                      absl::Span<const Value> operands) -> absl::StatusOr<Value> {
    return NewGcObject(inst, op, type_index, count, operands);
  };
  // Tables with an initial value (3.0): evaluated before any defined
  // global exists, so they see the imported globals only, as validated.
  for (size_t i = 0; i < m.table_inits.size(); ++i) {
    if (m.table_inits[i].code.size() == 0) continue;
    WEFT_ASSIGN_OR_RETURN(Value v, EvalConstExpr(m, m.table_inits[i], ctx));
    interp::Table* table = inst->data.tables[m.num_imported_tables + i];
    std::fill(table->elements.begin(), table->elements.end(), interp::Ref(v.ref_handle()));
  }
  for (const Global& g : m.globals) {
    WEFT_ASSIGN_OR_RETURN(Value v, EvalConstExpr(m, g.init, ctx));
    GlobalType type = g.type;
    type.type = interp::CanonicalValType(type.type, inst->data.type_ids);
    GlobalCell* cell = AddGlobal(type, 0);
    ValueToCell(v, cell);
    inst->data.globals.push_back(cell);
  }

  for (const Export& e : m.exports) {
    Extern ext;
    ext.kind = e.kind;
    switch (e.kind) {
      case ExternKind::kFunc:
        ext.func = inst->data.functions[e.index];
        break;
      case ExternKind::kTable:
        ext.table = inst->data.tables[e.index];
        ext.table_type = m.table_type(e.index);
        if (e.index < m.num_imported_tables) {
          // Re-export the provider's real type, not the importer's view.
          const Import& imp = m.imports[m.imports_of_kind[1][e.index]];
          if (const Extern* src = linker.Find(imp.module, imp.name)) {
            ext.table_type = src->table_type;
          }
        }
        break;
      case ExternKind::kMemory:
        ext.memory = inst->data.memories[e.index];
        ext.memory_type = m.memory_type(e.index);
        if (e.index < m.num_imported_memories) {
          if (const Extern* src = linker.Find(
                  m.imports[m.imports_of_kind[2][e.index]].module,
                  m.imports[m.imports_of_kind[2][e.index]].name)) {
            ext.memory_type = src->memory_type;
          }
        }
        break;
      case ExternKind::kGlobal:
        ext.global = inst->data.globals[e.index];
        break;
      case ExternKind::kTag:
        ext.tag = inst->data.tags[e.index];
        break;
    }
    inst->exports.emplace(e.name, ext);
  }

  instances_.push_back(std::move(owned));
  WEFT_RETURN_IF_ERROR(EvalElemSegments(m, inst, ctx));
  WEFT_RETURN_IF_ERROR(ApplySegments(m, inst, ctx));

  if (m.start.has_value()) {
    if (!options.run_start) {
      return absl::FailedPreconditionError("no executor for the start function");
    }
    TrapCode trap = options.run_start(inst->data.functions[*m.start]);
    if (trap != TrapCode::kOk) return TrapStatus(trap);
  }
  return inst;
}

}  // namespace weft::runtime
