// Module-level validation (everything except function bodies), following
// the order of the spec's reference interpreter so that a module with
// several errors reports the same first one.
#include "validator/module_context.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"
#include "base/status_macros.h"
#include "validator/const_expr.h"

namespace weft {
namespace {

using validator_internal::CheckConstExpr;
using validator_internal::ConstExprRules;
using validator_internal::ForEachRefFunc;

class ModuleChecker {
 public:
  ModuleChecker(const Module& m, const ValidationOptions& options) : m_(m), options_(options) {}

  const RefTypes& types() const { return types_; }

  absl::Status Run() {
    WEFT_RETURN_IF_ERROR(CheckExceptionsFeature());
    WEFT_RETURN_IF_ERROR(CheckTypes());
    absl::StatusOr<RefTypes> types = RefTypes::Build(m_);
    if (!types.ok()) return Error(SectionId::kType, types.status().message());
    types_ = *std::move(types);
    WEFT_RETURN_IF_ERROR(CheckImports());
    WEFT_RETURN_IF_ERROR(CheckFunctions());
    WEFT_RETURN_IF_ERROR(CheckGlobals());
    WEFT_RETURN_IF_ERROR(CheckTables());
    WEFT_RETURN_IF_ERROR(CheckMemories());
    WEFT_RETURN_IF_ERROR(CheckTags());
    WEFT_RETURN_IF_ERROR(CheckElements());
    WEFT_RETURN_IF_ERROR(CheckData());
    WEFT_RETURN_IF_ERROR(CheckStart());
    WEFT_RETURN_IF_ERROR(CheckExports());
    if (m_.total_memories() > 1 && !Has(WasmFeature::kMultiMemory)) {
      return Error(SectionId::kMemory, Disabled(WasmFeature::kMultiMemory));
    }
    return absl::OkStatus();
  }

 private:
  // Module-level items carry no offsets of their own; errors name the
  // offset of the section that holds them.
  absl::Status Error(SectionId id, absl::string_view message) const {
    uint32_t offset = 0;
    for (const SectionInfo& s : m_.sections) {
      if (s.id == id) {
        offset = s.offset;
        break;
      }
    }
    return ErrorAtByteOffset(message, offset);
  }

  // A value type the module may use: type indices in range (a type
  // definition may name only the types before it), features switched on.
  absl::Status CheckValType(SectionId id, ValType t, uint32_t num_types) const {
    const std::string why = RefTypes::CheckValType(t, num_types, options_.features);
    if (!why.empty()) return Error(id, why);
    return absl::OkStatus();
  }
  absl::Status CheckValType(SectionId id, ValType t) const {
    return CheckValType(id, t, static_cast<uint32_t>(m_.types.size()));
  }

  // Each type names only types before the end of its recursion group;
  // a declared supertype is an earlier type. GC's struct and array
  // types, subtype declarations and groups need the GC feature.
  absl::Status CheckTypes() const {
    const bool gc = Has(WasmFeature::kGc);
    std::vector<uint32_t> depth(m_.types.size());
    for (uint32_t i = 0; i < m_.types.size(); ++i) {
      const TypeDef& t = m_.types[i];
      const uint32_t visible = t.rec_start + t.rec_size;
      if (!gc && (!t.is_func() || t.rec_size != 1 || t.supertype != kNoSupertype || !t.is_final)) {
        return Error(SectionId::kType, Disabled(WasmFeature::kGc));
      }
      for (ValType v : t.func.params) WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kType, v, visible));
      for (ValType v : t.func.results) WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kType, v, visible));
      for (const FieldType& f : t.fields) {
        WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kType, f.type, visible));
      }
      if (t.supertype != kNoSupertype && t.supertype >= i) {
        return Error(SectionId::kType, absl::StrCat("unknown type ", t.supertype));
      }
      // Implementation limits (docs/gc.md): a struct's layout must fit
      // 32-bit offsets, and subtype displays are copied per type.
      if (t.fields.size() > kMaxStructFields) {
        return Error(SectionId::kType, absl::StrCat("struct type ", i, " has more than ",
                                                    kMaxStructFields, " fields"));
      }
      depth[i] = t.supertype == kNoSupertype ? 0 : depth[t.supertype] + 1;
      if (depth[i] > kMaxSubtypeDepth) {
        return Error(SectionId::kType, absl::StrCat("type ", i, " is more than ", kMaxSubtypeDepth,
                                                    " subtypes deep"));
      }
    }
    return absl::OkStatus();
  }

  ConstExprRules Rules(uint32_t visible_globals) const {
    return ConstExprRules{visible_globals, Extended(),
                          options_.features.Has(WasmFeature::kFunctionReferences), &types_};
  }

  absl::Status CheckTypeIndex(SectionId id, uint32_t index) const {
    if (index >= m_.types.size()) return Error(id, absl::StrCat("unknown type ", index));
    return absl::OkStatus();
  }

  // A function's type must be a function type.
  absl::Status CheckFuncTypeIndex(SectionId id, uint32_t index) const {
    WEFT_RETURN_IF_ERROR(CheckTypeIndex(id, index));
    if (!m_.types[index].is_func()) return Error(id, "type mismatch");
    return absl::OkStatus();
  }

  absl::Status CheckLimits(SectionId id, const Limits& l, uint64_t range,
                           absl::string_view too_large) const {
    if (l.min > range) return Error(id, too_large);
    if (l.has_max) {
      if (l.max > range) return Error(id, too_large);
      if (l.min > l.max) return Error(id, "size minimum must not be greater than maximum");
    }
    return absl::OkStatus();
  }
  absl::Status CheckTableType(SectionId id, const TableType& t) const {
    if (t.is64 && !Has(WasmFeature::kMemory64)) return Error(id, Disabled(WasmFeature::kMemory64));
    // A 64-bit table's limits are u64s: every value is in range.
    return CheckLimits(id, t.limits, t.is64 ? UINT64_MAX : 0xFFFFFFFFu,
                       "table size must be at most 2^32-1");
  }
  absl::Status CheckMemoryType(SectionId id, const MemoryType& t) const {
    if (t.is64 && !Has(WasmFeature::kMemory64)) return Error(id, Disabled(WasmFeature::kMemory64));
    if (t.page_size_log2 != 16) {
      if (!Has(WasmFeature::kCustomPageSizes)) {
        return Error(id, Disabled(WasmFeature::kCustomPageSizes));
      }
      // The proposal allows exactly two page sizes: 1 byte and 64 KiB.
      if (t.page_size_log2 != 0) return Error(id, "invalid custom page size");
    }
    // At most the whole address space (2^32 or 2^64 bytes) in pages.
    if (!t.is64) {
      const uint64_t pages = (uint64_t(1) << 32) >> t.page_size_log2;
      return CheckLimits(id, t.limits, pages,
                         t.page_size_log2 == 16
                             ? "memory size must be at most 65536 pages (4GiB)"
                             : "memory size must be at most 2^32 bytes (4GiB)");
    }
    const uint64_t pages = t.page_size_log2 == 0 ? UINT64_MAX : kMaxPages64;
    return CheckLimits(id, t.limits, pages, "memory size must be at most 2^48 pages (256TiB)");
  }
  bool Has(WasmFeature f) const { return options_.features.Has(f); }
  // "multiple memories are disabled (feature multi-memory)".
  static std::string Disabled(WasmFeature f) { return WasmFeatureDisabledMessage(f); }

  absl::Status CheckImports() const {
    for (const Import& imp : m_.imports) {
      switch (imp.kind) {
        case ExternKind::kFunc:
          WEFT_RETURN_IF_ERROR(CheckFuncTypeIndex(SectionId::kImport, imp.func_type_index));
          break;
        case ExternKind::kTable:
          WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kImport, imp.table.elem_type));
          WEFT_RETURN_IF_ERROR(CheckTableType(SectionId::kImport, imp.table));
          break;
        case ExternKind::kMemory:
          WEFT_RETURN_IF_ERROR(CheckMemoryType(SectionId::kImport, imp.memory));
          break;
        case ExternKind::kGlobal:
          WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kImport, imp.global.type));
          break;
        case ExternKind::kTag:
          WEFT_RETURN_IF_ERROR(CheckTagType(SectionId::kImport, imp.tag_type_index));
          break;
      }
    }
    return absl::OkStatus();
  }

  // A tag's type is a function type whose params are the payload.
  absl::Status CheckTagType(SectionId id, uint32_t type_index) const {
    WEFT_RETURN_IF_ERROR(CheckTypeIndex(id, type_index));
    if (!m_.types[type_index].is_func()) return Error(id, "type mismatch");
    if (!m_.types[type_index].func.results.empty()) {
      return Error(id, "non-empty tag result type");
    }
    return absl::OkStatus();
  }

  absl::Status CheckTags() const {
    for (uint32_t t : m_.tags) WEFT_RETURN_IF_ERROR(CheckTagType(SectionId::kTag, t));
    return absl::OkStatus();
  }

  // With exception handling off, a module may not mention tags or exnref
  // anywhere outside function bodies (the function validator refuses the
  // instructions, exnref locals, block types and ref.null exn).
  absl::Status CheckExceptionsFeature() const {
    if (options_.features.Has(WasmFeature::kExceptions)) return absl::OkStatus();
    const std::string disabled = WasmFeatureDisabledMessage(WasmFeature::kExceptions);
    if (!m_.tags.empty()) return Error(SectionId::kTag, disabled);
    auto has_exnref = [](const std::vector<ValType>& v) {
      for (ValType t : v) {
        if (t == ValType::kExnRef) return true;
      }
      return false;
    };
    for (const TypeDef& t : m_.types) {
      if (has_exnref(t.func.params) || has_exnref(t.func.results)) {
        return Error(SectionId::kType, disabled);
      }
    }
    for (const Import& imp : m_.imports) {
      if (imp.kind == ExternKind::kTag ||
          (imp.kind == ExternKind::kGlobal && imp.global.type == ValType::kExnRef) ||
          (imp.kind == ExternKind::kTable && imp.table.elem_type == ValType::kExnRef)) {
        return Error(SectionId::kImport, disabled);
      }
    }
    for (const Export& e : m_.exports) {
      if (e.kind == ExternKind::kTag) return Error(SectionId::kExport, disabled);
    }
    for (const Global& g : m_.globals) {
      if (g.type.type == ValType::kExnRef) return Error(SectionId::kGlobal, disabled);
    }
    for (const TableType& t : m_.tables) {
      if (t.elem_type == ValType::kExnRef) return Error(SectionId::kTable, disabled);
    }
    for (const ElemSegment& e : m_.elements) {
      if (e.elem_type == ValType::kExnRef) return Error(SectionId::kElement, disabled);
    }
    for (const FunctionBody& b : m_.code) {
      for (const LocalDecl& d : b.locals) {
        if (d.type == ValType::kExnRef) return Error(SectionId::kCode, disabled);
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckFunctions() const {
    for (uint32_t t : m_.function_type_indices) {
      WEFT_RETURN_IF_ERROR(CheckFuncTypeIndex(SectionId::kFunction, t));
    }
    return absl::OkStatus();
  }

  absl::Status CheckGlobals() const {
    // 3.0: global i's initializer sees the imported globals and globals
    // 0..i-1; 2.0: the imported ones only.
    const bool preceding = Extended();
    uint32_t visible = m_.num_imported_globals;
    for (const Global& g : m_.globals) {
      WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kGlobal, g.type.type));
      WEFT_RETURN_IF_ERROR(CheckConstExpr(m_, g.init, g.type.type, Rules(visible)));
      if (preceding) ++visible;
    }
    return absl::OkStatus();
  }

  absl::Status CheckTables() const {
    for (size_t i = 0; i < m_.tables.size(); ++i) {
      const TableType& t = m_.tables[i];
      WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kTable, t.elem_type));
      WEFT_RETURN_IF_ERROR(CheckTableType(SectionId::kTable, t));
      // An initial value, else null: which a non-nullable type cannot hold.
      const bool has_init = i < m_.table_inits.size() && m_.table_inits[i].code.size() != 0;
      if (has_init) {
        WEFT_RETURN_IF_ERROR(
            CheckConstExpr(m_, m_.table_inits[i], t.elem_type, Rules(m_.num_imported_globals)));
      } else if (!RefIsNullable(t.elem_type)) {
        return Error(SectionId::kTable, "type mismatch");
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckMemories() const {
    for (const MemoryType& t : m_.memories) {
      WEFT_RETURN_IF_ERROR(CheckMemoryType(SectionId::kMemory, t));
    }
    return absl::OkStatus();
  }

  absl::Status CheckElements() const {
    for (const ElemSegment& e : m_.elements) {
      // The declared type first: the checks below compare with it.
      WEFT_RETURN_IF_ERROR(CheckValType(SectionId::kElement, e.elem_type));
      if (e.mode == SegmentMode::kActive) {
        if (e.table_index >= m_.total_tables()) {
          return Error(SectionId::kElement, absl::StrCat("unknown table ", e.table_index));
        }
        // A 64-bit table's offset is an i64 (memory64).
        const ValType offset_type =
            m_.table_type(e.table_index).is64 ? ValType::kI64 : ValType::kI32;
        WEFT_RETURN_IF_ERROR(CheckConstExpr(m_, e.offset, offset_type, Rules(SegmentGlobals())));
        if (!types_.IsSubtype(RefTypes::ElemSegmentType(e, options_.features),
                              m_.table_type(e.table_index).elem_type)) {
          return Error(SectionId::kElement, "type mismatch");
        }
      }
      if (e.uses_exprs) {
        for (const ConstExpr& x : e.exprs) {
          WEFT_RETURN_IF_ERROR(CheckConstExpr(m_, x, e.elem_type, Rules(SegmentGlobals())));
        }
      } else {
        for (uint32_t f : e.func_indices) {
          if (f >= m_.total_funcs()) {
            return Error(SectionId::kElement, absl::StrCat("unknown function ", f));
          }
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckData() const {
    for (const DataSegment& d : m_.data) {
      if (d.mode != SegmentMode::kActive) continue;
      if (d.memory_index >= m_.total_memories()) {
        return Error(SectionId::kData, absl::StrCat("unknown memory ", d.memory_index));
      }
      const ValType offset_type =
          m_.memory_type(d.memory_index).is64 ? ValType::kI64 : ValType::kI32;
      WEFT_RETURN_IF_ERROR(CheckConstExpr(m_, d.offset, offset_type, Rules(SegmentGlobals())));
    }
    return absl::OkStatus();
  }

  absl::Status CheckStart() const {
    if (!m_.start) return absl::OkStatus();
    uint32_t f = *m_.start;
    if (f >= m_.total_funcs()) return Error(SectionId::kStart, absl::StrCat("unknown function ", f));
    const FuncType& t = m_.func_type(f);
    if (!t.params.empty() || !t.results.empty()) return Error(SectionId::kStart, "start function");
    return absl::OkStatus();
  }

  absl::Status CheckExports() const {
    absl::flat_hash_set<absl::string_view> names;
    names.reserve(m_.exports.size());
    for (const Export& e : m_.exports) {
      uint32_t limit = 0;
      const char* what = "";
      switch (e.kind) {
        case ExternKind::kFunc: limit = m_.total_funcs(); what = "unknown function "; break;
        case ExternKind::kTable: limit = m_.total_tables(); what = "unknown table "; break;
        case ExternKind::kMemory: limit = m_.total_memories(); what = "unknown memory "; break;
        case ExternKind::kGlobal: limit = m_.total_globals(); what = "unknown global "; break;
        case ExternKind::kTag: limit = m_.total_tags(); what = "unknown tag "; break;
      }
      if (e.index >= limit) return Error(SectionId::kExport, absl::StrCat(what, e.index));
      if (!names.insert(e.name).second) return Error(SectionId::kExport, "duplicate export name");
    }
    return absl::OkStatus();
  }

  // 3.0's constant expressions (extended-const): arithmetic, and
  // global.get of defined globals too. 2.0 (the feature off): imported
  // globals only — the two suites contradict each other on exactly this.
  bool Extended() const { return options_.features.Has(WasmFeature::kExtendedConst); }

  // Globals a segment's constant expressions may read.
  uint32_t SegmentGlobals() const {
    return Extended() ? m_.total_globals() : m_.num_imported_globals;
  }

  const Module& m_;
  const ValidationOptions& options_;
  RefTypes types_;  // built once the type section passed
};

}  // namespace

absl::StatusOr<ModuleContext> BuildModuleContext(const Module& module,
                                                 const ValidationOptions& options) {
  ModuleChecker checker(module, options);
  WEFT_RETURN_IF_ERROR(checker.Run());
  ModuleContext ctx;
  ctx.features_ = options.features;
  ctx.types_ = checker.types();
  // C.refs: function indices named anywhere outside function bodies and
  // the start section (indices were range-checked above).
  ctx.declared_funcs_.assign(module.total_funcs(), false);
  auto declare = [&](uint32_t f) {
    if (f < ctx.declared_funcs_.size()) ctx.declared_funcs_[f] = true;
  };
  for (const Global& g : module.globals) ForEachRefFunc(module, g.init, declare);
  for (const ElemSegment& e : module.elements) {
    if (e.mode == SegmentMode::kActive) ForEachRefFunc(module, e.offset, declare);
    for (uint32_t f : e.func_indices) declare(f);
    for (const ConstExpr& x : e.exprs) ForEachRefFunc(module, x, declare);
  }
  for (const DataSegment& d : module.data) {
    if (d.mode == SegmentMode::kActive) ForEachRefFunc(module, d.offset, declare);
  }
  for (const Export& e : module.exports) {
    if (e.kind == ExternKind::kFunc) declare(e.index);
  }
  ctx.func_types_.reserve(module.total_funcs());
  for (uint32_t f = 0; f < module.total_funcs(); ++f) ctx.func_types_.push_back(&module.func_type(f));
  ctx.table_types_.reserve(module.total_tables());
  for (uint32_t t = 0; t < module.total_tables(); ++t) {
    ctx.table_types_.push_back(module.table_type(t).elem_type);
  }
  for (uint32_t t = 0; t < module.total_tables(); ++t) {
    ctx.table_is64_.push_back(module.table_type(t).is64);
  }
  for (uint32_t m = 0; m < module.total_memories(); ++m) {
    ctx.memory_is64_.push_back(module.memory_type(m).is64);
  }
  ctx.global_types_.reserve(module.total_globals());
  for (uint32_t g = 0; g < module.total_globals(); ++g) {
    ctx.global_types_.push_back(module.global_type(g));
  }
  ctx.tag_types_.reserve(module.total_tags());
  for (uint32_t t = 0; t < module.total_tags(); ++t) {
    ctx.tag_types_.push_back(&module.types[module.tag_type_index(t)].func);
  }
  return ctx;
}

}  // namespace weft
