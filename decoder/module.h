// The decoded module: an immutable representation of a WebAssembly 2.0
// binary, produced by DecodeModule (decoder/decoder.h). It owns a copy of the
// module bytes; function bodies and constant expressions are kept as byte
// ranges into them, read on demand by the validator / compiler through
// InstructionReader. Nothing here has been validated yet.
#ifndef WEFT_DECODER_MODULE_H_
#define WEFT_DECODER_MODULE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "weft/value_type.h"

namespace weft {

// A half-open byte range [begin, end) of the module's bytes.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
};

// A constant expression: the instruction bytes including the final `end`.
struct ConstExpr {
  ByteRange code;
};

// WebAssembly 3.0 type definitions. A type is a composite type (func,
// struct or array) wrapped in a subtype declaration (`sub final? super*`),
// and types come in recursion groups (`rec`): types of one group may
// name each other, forward too; outside its group a type names only
// earlier ones. Unpacked field storage is a ValType; packed fields are
// i8/i16 and read as i32.
enum class CompositeKind : uint8_t { kFunc = 0, kStruct = 1, kArray = 2 };

enum class Packed : uint8_t { kNone = 0, kI8 = 1, kI16 = 2 };

struct FieldType {
  ValType type = ValType::kI32;  // i32 when packed
  Packed packed = Packed::kNone;
  bool is_mutable = false;
  bool operator==(const FieldType& o) const {
    return type == o.type && packed == o.packed && is_mutable == o.is_mutable;
  }
};

inline constexpr uint32_t kNoSupertype = UINT32_MAX;

struct TypeDef {
  CompositeKind kind = CompositeKind::kFunc;
  FuncType func;                  // kFunc
  std::vector<FieldType> fields;  // kStruct: the fields; kArray: one, the element
  bool is_final = true;           // a bare composite type is `sub final`
  uint32_t supertype = kNoSupertype;  // type index of the declared supertype
  // The recursion group holding this type: [rec_start, rec_start + rec_size).
  uint32_t rec_start = 0;
  uint32_t rec_size = 1;
  bool is_func() const { return kind == CompositeKind::kFunc; }
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t func_type_index = 0;  // kind == kFunc
  TableType table;               // kind == kTable
  MemoryType memory;             // kind == kMemory
  GlobalType global;             // kind == kGlobal
  uint32_t tag_type_index = 0;   // kind == kTag
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;  // in the kind's index space (imports first)
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

// One element segment, any of the 8 encodings. Items are either function
// indices (encodings 0-3) or constant expressions (4-7).
struct ElemSegment {
  SegmentMode mode = SegmentMode::kActive;
  ValType elem_type = ValType::kFuncRef;
  uint32_t table_index = 0;  // active only
  ConstExpr offset;          // active only
  bool uses_exprs = false;
  std::vector<uint32_t> func_indices;  // !uses_exprs
  std::vector<ConstExpr> exprs;        // uses_exprs
  uint32_t item_count() const {
    return uses_exprs ? exprs.size() : func_indices.size();
  }
};

struct DataSegment {
  SegmentMode mode = SegmentMode::kActive;  // kActive or kPassive
  uint32_t memory_index = 0;                // active only
  ConstExpr offset;                         // active only
  ByteRange bytes;
};

// Locals after the parameters, run-length encoded as in the binary.
struct LocalDecl {
  uint32_t count = 0;
  ValType type = ValType::kI32;
};

struct FunctionBody {
  std::vector<LocalDecl> locals;
  uint64_t local_count = 0;  // sum of locals[].count (bounded by the decoder)
  ByteRange code;            // instructions after the locals, incl. final end
  uint32_t body_offset = 0;  // module offset of the body's size field
};

struct CustomSection {
  std::string name;
  ByteRange bytes;  // payload after the name
};

// From the "name" custom section. Absent entries mean no name was given.
struct NameMap {
  struct Entry {
    uint32_t index;
    std::string name;
  };
  struct LocalEntry {
    uint32_t func_index;
    std::vector<Entry> locals;
  };
  std::optional<std::string> module_name;
  std::vector<Entry> function_names;  // sorted by index
  std::vector<LocalEntry> local_names;
};

// Section ids of the binary format.
enum class SectionId : uint8_t {
  kCustom = 0, kType = 1, kImport = 2, kFunction = 3, kTable = 4,
  kMemory = 5, kGlobal = 6, kExport = 7, kStart = 8, kElement = 9,
  kCode = 10, kData = 11, kDataCount = 12, kTag = 13,
};
const char* SectionName(SectionId id);

struct SectionInfo {
  SectionId id;
  uint32_t offset = 0;  // offset of the section id byte
  uint32_t size = 0;    // payload size
  std::string custom_name;  // custom sections only
};

struct Module {
  std::vector<uint8_t> bytes;  // the whole binary

  // The type section, flattened (recursion groups recorded per type).
  // Function types keep their FuncType in `func`, so callers that need
  // only signatures read types[i].func.
  std::vector<TypeDef> types;
  std::vector<Import> imports;
  // Type index of each *defined* function (function section).
  std::vector<uint32_t> function_type_indices;
  std::vector<TableType> tables;      // defined tables
  // Initial element values of defined tables (3.0), by table; empty (or
  // an entry with no code) means null. Sized like `tables` when present.
  std::vector<ConstExpr> table_inits;
  std::vector<MemoryType> memories;   // defined memories
  std::vector<Global> globals;        // defined globals
  // Type index (a function type with no results) of each defined tag
  // (exception handling's tag section).
  std::vector<uint32_t> tags;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elements;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> code;     // parallel to function_type_indices
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;
  NameMap names;
  std::vector<SectionInfo> sections;  // in file order, for `weft inspect`

  // Counts of imports per kind, so index spaces can be split without a scan.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;
  // Position in `imports` of each imported item, per ExternKind (indexed by
  // static_cast<int>(kind)), in index-space order. Filled by the decoder.
  std::vector<uint32_t> imports_of_kind[5];

  uint32_t total_funcs() const { return num_imported_funcs + function_type_indices.size(); }
  uint32_t total_tables() const { return num_imported_tables + tables.size(); }
  uint32_t total_memories() const { return num_imported_memories + memories.size(); }
  uint32_t total_globals() const { return num_imported_globals + globals.size(); }
  uint32_t total_tags() const { return num_imported_tags + tags.size(); }

  // Type of function `func_index` (imports first); index must be valid.
  const FuncType& func_type(uint32_t func_index) const;
  uint32_t func_type_index(uint32_t func_index) const;
  // Types in the joint index spaces; indices must be valid.
  TableType table_type(uint32_t table_index) const;
  MemoryType memory_type(uint32_t memory_index) const;
  GlobalType global_type(uint32_t global_index) const;
  uint32_t tag_type_index(uint32_t tag_index) const;
  // The name-section name of a function, or empty.
  std::string function_name(uint32_t func_index) const;
  // The export named `name` (names are unique in a valid module), or null.
  const Export* FindExport(absl::string_view name) const;

  const uint8_t* data_at(ByteRange r) const { return bytes.data() + r.begin; }
};

}  // namespace weft

#endif  // WEFT_DECODER_MODULE_H_
