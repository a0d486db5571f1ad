// Satisfies every import of a module that the linker does not already
// provide, so a fuzzer can execute modules written for any host (Binaryen's
// `wasm-opt -ttf` output imports "fuzzing-support" functions, a JS tag and
// an externref global). Functions return zeros (and trap when a result
// type has no zero: a non-nullable reference); globals hold zero; tables
// and memories have the import's minimum size (memories capped); tags
// have the import's payload type. Imports that cannot be stubbed this way
// (non-nullable globals or tables) are left out, so instantiation reports
// them as unknown imports.
#ifndef WEFT_TESTS_FUZZ_STUB_IMPORTS_H_
#define WEFT_TESTS_FUZZ_STUB_IMPORTS_H_

#include <cstdint>

#include "decoder/module.h"
#include "runtime/store.h"

namespace weft::fuzz {

// Defines the missing imports of `module` in `linker`, owned by `store`.
// Memories get at most `max_memory_pages` pages.
void DefineStubImports(const Module& module, uint64_t max_memory_pages,
                       runtime::Store& store, runtime::Linker& linker);

}  // namespace weft::fuzz

#endif  // WEFT_TESTS_FUZZ_STUB_IMPORTS_H_
