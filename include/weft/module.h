// weft public API: CompiledModule, a decoded, validated and compiled
// WebAssembly module.
//
// (Named CompiledModule because weft::Module is the decoder's IR.)
//
// Ownership: created as std::shared_ptr<const CompiledModule>; every
// Instance of it holds a reference, so the caller may drop its own at any
// time. Thread-safety: immutable once created; share it across threads and
// instantiate it concurrently (function bodies are translated to the
// interpreter's code on first call, under an internal lock).
#ifndef WEFT_INCLUDE_WEFT_MODULE_H_
#define WEFT_INCLUDE_WEFT_MODULE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "weft/value_type.h"
#include "weft/engine.h"

namespace weft {

// The type of an import or export. Exactly the member matching `kind` is
// meaningful; a tag (exception handling) uses `func`: its params are the
// exception's payload.
struct ExternType {
  ExternKind kind = ExternKind::kFunc;
  FuncType func;  // kFunc, kTag
  TableType table;
  MemoryType memory;
  GlobalType global;

  // "func (i32) -> (i32)", "memory 1..2", "global mut i32", ...
  std::string ToString() const;
};

struct ImportInfo {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportInfo {
  std::string name;
  ExternType type;
};

namespace api {
struct ModuleImpl;  // implementation detail (api/)
struct Access;      // api/internal.h: the implementation's way in
}

class CompiledModule {
 public:
  // Decodes and fully validates `wasm` (every function body), then prepares
  // it for execution with `engine`'s configuration (metering). The bytes are
  // copied. Text-format input (a module in the WebAssembly text format,
  // told from binary by its content: '(' after white space and comments) is
  // encoded first; its errors say "line:column: expected ...", and byte
  // offsets in later errors count in that encoding. Errors are InvalidArgument with the spec's wording and
  // " (at byte offset N)", e.g. "type mismatch in function 3 (at byte
  // offset 112)". Never crashes or over-allocates on malformed input.
  static absl::StatusOr<std::shared_ptr<const CompiledModule>> Compile(
      const Engine& engine, absl::Span<const uint8_t> wasm);

  ~CompiledModule();
  CompiledModule(const CompiledModule&) = delete;
  CompiledModule& operator=(const CompiledModule&) = delete;

  // Imports in module order, with their full types.
  const std::vector<ImportInfo>& imports() const;
  // Exports in module order, with their full types.
  const std::vector<ExportInfo>& exports() const;
  // Whether the code charges fuel (EngineConfig::metering at compile time).
  bool metering() const;

  // Functions in the function index space: imported ones first.
  uint32_t function_count() const;
  uint32_t imported_function_count() const;

  // For tools (`weft inspect --code`): the interpreter's compiled code of
  // defined function `func_index` (function index space) as text: a title
  // line 'func N "name" (params) -> (results)', then one handler per line
  // with its operands. For reading, not parsing. Translates the function
  // if no call has yet. InvalidArgument for an index out of range or an
  // imported function; a compiler limit's error otherwise.
  absl::StatusOr<std::string> DescribeCode(uint32_t func_index) const;

 private:
  friend struct api::Access;
  explicit CompiledModule(std::unique_ptr<api::ModuleImpl> impl);
  std::unique_ptr<api::ModuleImpl> impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_MODULE_H_
