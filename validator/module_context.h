// Module-level facts the function validator needs, computed once per module
// after the module-level checks passed. Immutable after construction, so it
// can be shared by threads validating/compiling different functions.
#ifndef WEFT_VALIDATOR_MODULE_CONTEXT_H_
#define WEFT_VALIDATOR_MODULE_CONTEXT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "validator/ref_types.h"
#include "weft/features.h"

namespace weft {

// What the validator accepts: the features past 2.0 that are switched on
// (weft/features.h; all by default). Instructions of a disabled feature
// are refused by name; without extended-const, constant expressions follow
// 2.0's rules (constants and imported globals only).
struct ValidationOptions {
  WasmFeatures features;
};

class ModuleContext {
 public:
  const WasmFeatures& features() const { return features_; }
  // Reference types: well-formedness and subtyping (ref_types.h).
  const RefTypes& types() const { return types_; }

  // True when `func_index` may be named by ref.func inside a function body:
  // it occurs in an element segment, an export or a constant expression
  // outside function bodies ("declared" in the spec's terms, C.refs).
  bool IsDeclaredFunc(uint32_t func_index) const {
    return func_index < declared_funcs_.size() && declared_funcs_[func_index];
  }

  // The joint index spaces (imports first), flattened for O(1) lookups.
  uint32_t num_funcs() const { return static_cast<uint32_t>(func_types_.size()); }
  const FuncType& func_type(uint32_t func_index) const { return *func_types_[func_index]; }
  uint32_t num_tables() const { return static_cast<uint32_t>(table_types_.size()); }
  ValType table_elem_type(uint32_t table_index) const { return table_types_[table_index]; }
  uint32_t num_globals() const { return static_cast<uint32_t>(global_types_.size()); }
  GlobalType global_type(uint32_t global_index) const { return global_types_[global_index]; }
  // Exception tags: the type (no results; params are the payload) of each.
  uint32_t num_tags() const { return static_cast<uint32_t>(tag_types_.size()); }
  const FuncType& tag_type(uint32_t tag_index) const { return *tag_types_[tag_index]; }
  // Memories (multi-memory) and the address type of memories and tables
  // (memory64): the type of their address / index operands.
  uint32_t num_memories() const { return static_cast<uint32_t>(memory_is64_.size()); }
  bool memory_is64(uint32_t memory_index) const { return memory_is64_[memory_index]; }
  bool table_is64(uint32_t table_index) const { return table_is64_[table_index]; }

 private:
  friend absl::StatusOr<ModuleContext> BuildModuleContext(const Module& module,
                                                          const ValidationOptions& options);
  WasmFeatures features_;
  RefTypes types_;
  std::vector<bool> declared_funcs_;
  std::vector<const FuncType*> func_types_;
  std::vector<ValType> table_types_;
  std::vector<GlobalType> global_types_;
  std::vector<const FuncType*> tag_types_;
  std::vector<bool> memory_is64_;
  std::vector<bool> table_is64_;
};

// Runs every module-level check (types, imports, function type indices,
// tables, memories, globals and all constant expressions, exports, start,
// element and data segments) and, when they pass, returns the context for
// validating function bodies with ValidateFunction. Function bodies are not
// looked at. Errors are InvalidArgument with the spec's wording.
absl::StatusOr<ModuleContext> BuildModuleContext(const Module& module,
                                                 const ValidationOptions& options = {});

}  // namespace weft

#endif  // WEFT_VALIDATOR_MODULE_CONTEXT_H_
