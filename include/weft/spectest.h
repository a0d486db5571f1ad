// weft public API: the WebAssembly spec testsuite's host module.
//
// The official testsuite's scripts import a module named "spectest":
// print functions (print, print_i32, print_i64, print_f32, print_f64,
// print_i32_f32, print_f64_f64), globals global_i32 = 666, global_i64 =
// 666, global_f32 = 666.6, global_f64 = 666.6, a funcref table of 10..20
// elements and a memory of 1..2 pages. `weft run` makes it importable so
// small test modules run unchanged; embedders running such modules can do
// the same.
#ifndef WEFT_INCLUDE_WEFT_SPECTEST_H_
#define WEFT_INCLUDE_WEFT_SPECTEST_H_

#include "absl/status/status.h"
#include "weft/linker.h"

namespace weft {

// Defines "spectest" in `linker`; the print functions write one line per
// call ("42:i32") to the process's stdout.
absl::Status DefineSpectest(Linker& linker);

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_SPECTEST_H_
