// Module-level facts the function validator needs, computed once per module
// after the module-level checks passed. Immutable after construction, so it
// can be shared by threads validating/compiling different functions.
#ifndef WEFT_VALIDATOR_MODULE_CONTEXT_H_
#define WEFT_VALIDATOR_MODULE_CONTEXT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "decoder/module.h"

namespace weft {

// Which globals a constant expression's global.get may read. The 2.0 and
// 3.0 specs differ, and their test suites contradict each other (2.0's
// global.wast, data.wast and elem.wast assert_invalid modules that 3.0's
// accept), so the caller picks; weft's default is 2.0's.
enum class ConstExprGlobals : uint8_t {
  // 2.0: only imported globals.
  kImported,
  // 3.0: global i's initializer also reads defined globals 0..i-1; segment
  // offsets and element items read every global.
  kPreceding,
};

struct ValidationOptions {
  ConstExprGlobals const_expr_globals = ConstExprGlobals::kImported;
};

class ModuleContext {
 public:
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

 private:
  friend absl::StatusOr<ModuleContext> BuildModuleContext(const Module& module,
                                                          const ValidationOptions& options);
  std::vector<bool> declared_funcs_;
  std::vector<const FuncType*> func_types_;
  std::vector<ValType> table_types_;
  std::vector<GlobalType> global_types_;
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
