// weft public API: ModuleInfo, what a module's bytes contain — sections,
// counts, imports and exports with their types, custom sections, the
// name-section module name — for tools (`weft inspect`) and embedders that
// want to look before they compile.
//
// Unlike CompiledModule::Compile, Inspect needs only bytes that decode: a
// module that does not validate is described too, with `validation` saying
// why, so every index in it may be out of range and the types that cannot
// be resolved are left unset.
//
// Plain value type; thread-compatible.
#ifndef WEFT_INCLUDE_WEFT_MODULE_INFO_H_
#define WEFT_INCLUDE_WEFT_MODULE_INFO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "weft/features.h"
#include "weft/module.h"
#include "weft/value_type.h"

namespace weft {

struct ModuleInfo {
  struct Section {
    uint8_t id = 0;           // the binary format's section id (0: custom)
    std::string name;         // "type", "import", ..., "custom"
    uint32_t offset = 0;      // of the section id byte
    uint32_t size = 0;        // payload size
    std::string custom_name;  // custom sections only
  };
  // An import or export. For functions `func_type_index` is the type
  // index (unset for an export whose function index is out of range);
  // `type` is unset when the index it needs is out of range.
  struct Extern {
    std::string module;  // imports only
    std::string name;
    ExternKind kind = ExternKind::kFunc;
    uint32_t index = 0;  // exports: index in the kind's index space
    std::optional<uint32_t> func_type_index;
    std::optional<ExternType> type;
  };
  struct Counts {
    uint32_t types = 0;
    uint32_t imported_functions = 0, functions = 0;
    uint32_t imported_tables = 0, tables = 0;
    uint32_t imported_memories = 0, memories = 0;
    uint32_t imported_globals = 0, globals = 0;
    uint32_t elements = 0, data = 0;
  };

  uint64_t size = 0;  // bytes
  std::optional<std::string> module_name;
  absl::Status validation;  // OK when the module is valid
  // The features past WebAssembly 2.0 the module uses (weft/features.h),
  // in WasmFeature order: what EngineConfig::features must allow.
  std::vector<WasmFeature> features;
  std::vector<Section> sections;
  Counts counts;
  std::optional<uint32_t> start;  // the start function's index
  std::vector<Extern> imports;
  std::vector<Extern> exports;
  std::vector<std::string> custom_sections;  // names, in order

  // Decodes `wasm` and validates it (the result in `validation`); text
  // input is encoded first, as CompiledModule::Compile does. Errors:
  // InvalidArgument with the decoder's message and byte offset when the
  // bytes do not decode, or the text parser's "line:column: ..." message.
  static absl::StatusOr<ModuleInfo> Inspect(absl::Span<const uint8_t> wasm);
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_MODULE_INFO_H_
