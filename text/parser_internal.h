// The parser's state, shared by parser.cc (module fields), types.cc (value
// and type definitions), segments.cc, instructions.cc and
// instructions_3_0.cc (instructions and expressions). Not a public header.
//
// Two passes over the token vector: the first records every identifier
// in every index space and the explicit type definitions (so a use may
// precede its definition); the second parses each field and encodes it
// straight into its section.
#ifndef WEFT_TEXT_PARSER_INTERNAL_H_
#define WEFT_TEXT_PARSER_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/opcode.h"
#include "text/custom_annotations.h"
#include "text/encoder.h"
#include "text/lexer.h"

namespace weft::text::parser_internal {

enum class Space : uint8_t { kType, kFunc, kTable, kMemory, kGlobal, kElem, kData, kTag };
inline constexpr int kSpaceCount = 8;
absl::string_view SpaceName(Space space);

// A value type as its binary encoding: one byte for numeric types and
// the shorthand reference types (0x70 funcref), more for `(ref null? ht)`
// (0x63/0x64 then the heap type, an s33 type index or one byte). 3.0 made
// value types variable-length, so every place that held a byte holds this.
using ValType = std::string;
inline constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF32 = 0x7D, kF64 = 0x7C,
                         kV128 = 0x7B, kFuncRef = 0x70, kExternRef = 0x6F;
inline ValType OneByte(uint8_t b) { return ValType(1, static_cast<char>(b)); }

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType& o) const {
    return params == o.params && results == o.results;
  }
};

// One type definition (3.0 subtype): its composite type, encoded, and
// what the text format needs to know about it.
struct TypeDef {
  enum class Kind : uint8_t { kFunc, kStruct, kArray };
  Kind kind = Kind::kFunc;
  FuncType func;                 // kFunc only
  bool final = true;             // `(type (func))` is final
  std::vector<uint32_t> supers;  // `(sub $super ...)`
  std::string comp;              // encoded comptype (0x60/0x5F/0x5E ...)
  bool singleton = true;         // alone in its rec group
  // Field identifiers: an index space per struct type (`struct.get $t $f`).
  absl::flat_hash_map<std::string, uint32_t> fields;
};

// Consecutive types that form one rec group. Types outside `(rec ...)`
// are groups of one, written without the 0x4E prefix.
struct RecGroup {
  uint32_t first = 0;
  uint32_t size = 0;
  bool explicit_rec = false;
};

enum class LabelKind : uint8_t { kBlock, kIf, kTry, kTryTable };

struct Label {
  std::string name;  // empty: no identifier
  bool plain;        // `block ... end` (not folded)
  LabelKind kind;
  bool in_else;      // if: after `else`; legacy try: after `catch_all`
  bool in_catch = false;  // legacy try: after a `catch` or `catch_all`
  size_t else_end = 0;    // if: the code size just after `else`
};

struct FunctionContext {
  absl::flat_hash_map<std::string, uint32_t> locals;
  std::vector<Label> labels;
};

class Parser {
 public:
  // end_line/end_column: where end-of-input errors point.
  Parser(std::vector<Token> tokens, size_t end_line, size_t end_column);
  absl::StatusOr<std::vector<uint8_t>> ParseModule();

 private:
  static constexpr size_t kNoId = ~size_t{0};
  // Elem segment modes, as the low bits of the binary flags.
  static constexpr int kActive = 0, kPassive = 1, kDeclarative = 3;

  struct IndexSpace {
    absl::flat_hash_map<std::string, uint32_t> names;
    uint32_t count = 0;    // pass 1: entries seen
    uint32_t next = 0;     // pass 2: entries encoded
    uint32_t defined = 0;  // pass 2: non-imported entries encoded
  };

  // ---- tokens (parser.cc)
  const Token& Peek(size_t ahead = 0) const;
  const Token& Take();
  bool PeekIs(TokenKind kind, size_t ahead = 0) const;
  bool PeekKeyword(absl::string_view keyword, size_t ahead = 0) const;
  bool PeekField(absl::string_view keyword) const;  // `(` keyword
  // "expected `what` but found <next token>" at the next token.
  absl::Status Expected(absl::string_view what) const;
  absl::Status Fail(const Token& at, absl::string_view what) const;
  absl::Status ExpectLParen();
  absl::Status ExpectRParen();
  absl::Status ExpectKeyword(absl::string_view keyword);
  absl::Status ExpectField(absl::string_view keyword);  // `(` keyword
  absl::StatusOr<std::string> ParseString();
  absl::StatusOr<std::string> ParseName();  // a string that is UTF-8
  // The next token's name if it is an identifier (consumed), else "".
  std::string TakeId();
  absl::StatusOr<uint32_t> ParseU32(absl::string_view what);
  bool PeekVar() const;
  absl::StatusOr<uint32_t> ParseVar(Space space);
  void SkipGroup();  // at `(`: past its matching `)`

  // ---- custom annotations (annotation_placement.cc)
  // A `(param ...)` or `(local ...)` group: where an @name on it stands
  // (the token after the keyword and its id), its first local index and
  // how many locals it declares.
  struct LocalGroup {
    size_t anchor;
    uint32_t first;
    uint32_t count;
  };
  void SortAnnotations(std::vector<Annotation> known);
  // Reads every @custom (which must stand at module level), the module's
  // @name (at module level before `fields_start`, the first field) and
  // every branch hint's value.
  absl::Status ReadModuleAnnotations(bool wrapped, size_t fields_start);
  // The @name standing at token `anchor`, if any; "multiple `what` names"
  // when more than one does.
  absl::StatusOr<std::optional<std::string>> TakeNameAt(size_t anchor, absl::string_view what);
  absl::Status NameFunction(size_t anchor, uint32_t index);
  absl::Status NameTag(size_t anchor, uint32_t index);
  absl::Status NameLocals(uint32_t func, const std::vector<LocalGroup>& groups);
  // Branch hints: a function's code starts after token `func_start`
  // (hints before it are not in a function) and ends at token `end`.
  // TakeBranchHint claims the hint standing before the instruction at
  // token `at` (for a folded one, its `(`'s keyword), returning the mark
  // id the caller puts where the instruction's opcode is written.
  absl::Status BeginFunctionHints(size_t func_start);
  absl::StatusOr<std::optional<uint32_t>> TakeBranchHint(size_t at, const Token& instr);
  absl::Status EndFunctionHints(uint32_t func, size_t end, const Encoder& body);
  // At the end: every @name and hint must have been claimed.
  absl::Status CheckAnnotationsClaimed();
  // The @custom sections, the name and branch hint sections, in order.
  std::vector<CustomSection> TakeCustomSections();

  // ---- types (types.cc)
  absl::StatusOr<ValType> ParseValType();
  absl::StatusOr<ValType> ParseRefType();
  // An abstract heap type keyword or a type index, encoded.
  absl::StatusOr<std::string> ParseHeapType();
  bool PeekRefType() const;
  // `(param ...)*`; names (when not null) get one entry per param.
  absl::Status ParseParams(FuncType* type, std::vector<std::string>* names);
  absl::Status ParseResults(FuncType* type);
  // Pass 1: `(type ...)` or `(rec (type ...)*)`, appended to types_.
  absl::Status ParseTypeField();
  absl::Status ParseTypeDef();
  absl::Status ParseStructType(TypeDef* def);
  absl::Status ParseFieldType(std::string* out);  // (mut? storagetype)
  // typeuse: `(type x)? (param ...)* (result ...)*`. Returns the index.
  absl::StatusOr<uint32_t> ParseTypeUse(FuncType* type,
                                        std::vector<std::string>* names);
  // 3.0's rule for implicit types: the first final, supertype-less func
  // type alone in its rec group that matches; else a new one at the end.
  uint32_t FindOrAddType(const FuncType& type);
  void EncodeTypes(Encoder* out, uint32_t* groups) const;
  // Limits with the 3.0 flags: bit 0 max, bit 2 64-bit, bit 3 page size.
  absl::Status ParseLimits(Encoder* out, bool index64, bool allow_pagesize);
  // `i64`? limits `(pagesize n)`?: a memory type.
  absl::Status ParseMemoryType(Encoder* out);
  absl::Status ParseTableType(Encoder* out);  // i64? limits reftype
  absl::Status ParseGlobalType(Encoder* out);
  absl::StatusOr<uint32_t> ParsePageSizeLog2();

  // ---- module fields (parser.cc)
  absl::Status CollectNames();
  absl::Status DefineName(Space space, size_t token_index);
  absl::Status ParseField();
  // Inline `(export "n")*`, each written to the export section.
  absl::Status ParseInlineExports(uint8_t kind, uint32_t index);
  // One entry of the export section.
  void AddExport(const std::string& name, uint8_t kind, uint32_t index);
  // func | table | memory | global, as an index space and export kind byte.
  absl::Status TakeKindKeyword(absl::string_view what, Space* space, uint8_t* kind);
  // Optional inline `(import "m" "n")`: writes the two names to the import
  // section (the caller adds the description) and returns true.
  absl::StatusOr<bool> ParseInlineImport();
  // Counts one entry of `space`; imports after any definition are an error.
  absl::Status BeginDefinition(Space space, bool imported, const Token& at);
  // The common head of func, table, memory and global fields: "(" keyword
  // $id? (export "n")* (import "m" "n")?, counted in `space`.
  struct FieldHead {
    const Token* start = nullptr;  // the field's "(", for error positions
    uint32_t index = 0;
    bool imported = false;
  };
  absl::StatusOr<FieldHead> BeginField(Space space, uint8_t export_kind);
  absl::Status ParseFunc();
  absl::Status ParseTable();
  absl::Status ParseMemory();
  absl::Status ParseGlobal();
  absl::Status ParseTag();
  absl::Status ParseImport();
  absl::Status ParseExport();
  absl::Status ParseStart();
  absl::Status ParseElem();
  absl::Status ParseData();
  // elemlist: `func x*`, or reftype then `(item e)` / single folded instrs;
  // a bare `x*` after an offset. In a table's inline `(elem ...)` the
  // reftype is the table's (given) and the list is `x*` or expressions.
  absl::Status ParseElemList(bool inline_table, ValType* reftype,
                             std::vector<Encoder>* items,
                             std::vector<uint32_t>* funcs);
  void EncodeElem(int mode, uint32_t table, const Encoder& offset,
                  const ValType& reftype, const std::vector<Encoder>& items,
                  const std::vector<uint32_t>& funcs);
  absl::Status ParseDataStrings(std::string* bytes);
  // `(offset instr*)` or one folded instruction; writes expr and `end`.
  absl::Status ParseOffset(Encoder* out);

  // ---- instructions (instructions.cc)
  // Instructions up to (not including) the closing `)` of the enclosing
  // group; plain blocks must be closed inside.
  absl::Status ParseInstrs(Encoder* out);
  absl::Status ParseFolded(Encoder* out);
  absl::Status ParsePlainOp(const Token& name, Encoder* out);
  absl::Status ParseImmediates(Opcode op, const Token& name, Encoder* out);
  absl::Status ParseBlockType(Encoder* out);
  absl::Status PushLabel(std::string name, bool plain, LabelKind kind);
  absl::StatusOr<uint32_t> ParseLabel();
  absl::StatusOr<uint32_t> ParseLocal();
  // `$m`? offset=? align=?: a memory index other than 0 sets bit 6 of the
  // alignment field and follows it (multi-memory).
  absl::Status ParseMemArg(uint32_t natural_align, Encoder* out, bool lane_follows);
  // An optional memory index (0 when absent). With `lane_follows`, a
  // number is the index only if another number follows it: in
  // `v128.load8_lane 1` the 1 is the lane.
  absl::StatusOr<uint32_t> ParseOptionalMemory(bool lane_follows);
  absl::Status ParseV128Const(Encoder* out);
  absl::Status ParseConstExpr(Encoder* out);  // instrs, `end`
  // An optional index (`table.get` alone means table 0).
  absl::StatusOr<uint32_t> ParseOptionalVar(Space space);

  // ---- 3.0 instructions (instructions_3_0.cc)
  // Writes a 3.0 instruction (text/instructions_3_0.def) and its
  // immediates; false when `name` is not one.
  absl::StatusOr<bool> ParseOp30(const Token& name, Encoder* out);
  // try_table's catch clauses `(catch x l)` ... as a vec.
  absl::Status ParseCatchClauses(Encoder* out);
  // `(ref null? ht)` or a shorthand: the heap type, and whether null.
  absl::Status ParseCastType(std::string* heap, bool* nullable);
  absl::StatusOr<uint32_t> ParseFieldIndex(uint32_t type);
  // Legacy exceptions: `try` and its `catch`/`catch_all`/`delegate`, plain
  // (returns false when `t` is none of them) and folded.
  absl::StatusOr<bool> ParsePlainTry(const Token& t, size_t base, Encoder* out);
  absl::Status ParseFoldedTry(Encoder* out);
  absl::Status ParseFoldedTryTable(Encoder* out);

  std::vector<Token> tokens_;
  Token eof_;
  // An annotation `(@x ...` left open at the end of the text.
  std::optional<Token> unclosed_annotation_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string context_;  // " (in func $f)" for messages
  IndexSpace spaces_[kSpaceCount];
  std::vector<TypeDef> types_;  // explicit, then implicit
  std::vector<RecGroup> groups_;
  FunctionContext empty_function_;
  FunctionContext* fn_ = &empty_function_;
  bool seen_start_ = false;
  // The kind of the first definition (not import), for "import after ...".
  absl::string_view first_definition_;
  bool uses_data_count_ = false;

  // Custom annotations (custom_annotations.h), each kind in text order.
  std::vector<Annotation> customs_, names_, hints_;
  std::vector<bool> name_used_;
  std::vector<uint8_t> hint_values_;  // by hint
  size_t next_hint_ = 0;              // the first hint not claimed yet
  bool in_code_ = false;              // parsing a function's instructions
  std::vector<LocalGroup> param_groups_;  // of the last ParseParams
  std::vector<CustomSection> custom_sections_;
  NameAnnotations names_section_;
  std::vector<std::pair<uint32_t, std::vector<BranchHint>>> branch_hints_;
  // Where the name and branch hint sections go among custom sections at
  // the same place: their first annotation's source offset.
  size_t names_order_ = kNoId, hints_order_ = kNoId;

  Encoder imports_, funcs_, tables_, memories_, tags_, globals_, exports_, start_,
      elems_, code_, datas_;
  uint32_t import_count_ = 0, export_count_ = 0, code_count_ = 0;
};

}  // namespace weft::text::parser_internal

#endif  // WEFT_TEXT_PARSER_INTERNAL_H_
