// Import matching (WebAssembly 2.0, "Import subtyping" in the validation of
// external values): decides whether an external value of type `actual`
// (provided by the linker namespace) may satisfy an import declared with type
// `required`. Pure functions over base/value_type.h types so the runtime's
// linker and tests share one definition. Failures carry the testsuite's
// assert_unlinkable wording "incompatible import type".
#ifndef WEFT_RUNTIME_IMPORT_MATCH_H_
#define WEFT_RUNTIME_IMPORT_MATCH_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "decoder/module.h"
#include "weft/value_type.h"

namespace weft::runtime {

// The text every linking error starts with (the spec scripts match prefixes).
inline constexpr absl::string_view kUnknownImport = "unknown import";
inline constexpr absl::string_view kIncompatibleImportType =
    "incompatible import type";

// `actual` limits are a subtype of `required`: actual.min >= required.min and,
// when required has a max, actual has one too and it is <= required.max.
bool LimitsMatch(const Limits& actual, const Limits& required);

bool TableTypeMatches(const TableType& actual, const TableType& required);
bool MemoryTypeMatches(const MemoryType& actual, const MemoryType& required);
bool GlobalTypeMatches(const GlobalType& actual, const GlobalType& required);

// Status forms for the linker: OK, or InvalidArgument
// "incompatible import type: <module>.<name> (<detail>)".
// `matches`: the caller's verdict (canonical type ids equal); the types
// are for the message.
absl::Status CheckFuncImport(absl::string_view module, absl::string_view name,
                             const FuncType& actual, const FuncType& required, bool matches);
absl::Status CheckTableImport(absl::string_view module, absl::string_view name,
                              const TableType& actual,
                              const TableType& required);
absl::Status CheckMemoryImport(absl::string_view module,
                               absl::string_view name, const MemoryType& actual,
                               const MemoryType& required);
absl::Status CheckGlobalImport(absl::string_view module,
                               absl::string_view name, const GlobalType& actual,
                               const GlobalType& required);

// "incompatible import type: m.n (expected func, got table)".
absl::Status KindMismatchError(absl::string_view module, absl::string_view name,
                               ExternKind actual, ExternKind required);
// "unknown import: m.n".
absl::Status UnknownImportError(absl::string_view module,
                                absl::string_view name);

// Every import of `module` that `linker_has` cannot provide, in one
// NotFound status: 'unknown import: import 2 "env"."log" (expected func
// (i32) -> ()); import 5 "env"."mem" (expected memory {min 1})', the first
// 10 and "and N more". OK when all are there.
absl::Status UnknownImports(
    const Module& module,
    const std::function<bool(absl::string_view, absl::string_view)>& linker_has);

// "func (i32) -> ()", "table funcref {min 1}", "memory {min 1, max 2}",
// "global (mut i32)": what an import requires.
std::string ImportTypeToString(const Module& module, const Import& import);

}  // namespace weft::runtime

#endif  // WEFT_RUNTIME_IMPORT_MATCH_H_
