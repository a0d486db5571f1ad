// The spec test harness's "spectest" host module: print, print_i32,
// print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64,
// global_i32 (666), global_i64 (666), global_f32 (666.6), global_f64
// (666.6), table (10 funcref, max 20), memory (1 page, max 2).
//
// The objects are created in `store` (which owns them) and defined in
// `linker` under `module_name`. The print functions write their arguments
// to `out` (may be null to stay silent), one line per call.
#ifndef WEFT_RUNTIME_SPECTEST_H_
#define WEFT_RUNTIME_SPECTEST_H_

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "runtime/store.h"

namespace weft::runtime {

absl::Status DefineSpectest(Store& store, Linker& linker, std::FILE* out,
                            absl::string_view module_name = "spectest");

}  // namespace weft::runtime

#endif  // WEFT_RUNTIME_SPECTEST_H_
