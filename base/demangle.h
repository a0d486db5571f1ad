// Readable names for the mangled symbols that compilers put in a wasm
// module's name section: C++ (Itanium ABI, `_Z...`), Rust's legacy scheme
// (Itanium-shaped `_ZN...17h<hash>E`, printed without the hash as rustc's
// own backtraces do) and Rust's v0 scheme (`_R...`).
//
// Names come from the guest module, so they are hostile input: anything
// longer than kMaxMangledBytes is left as it is, the demanglers used bound
// their recursion, and the result is cut at kMaxDemangledBytes. Never
// throws; thread-safe.
#ifndef WEFT_BASE_DEMANGLE_H_
#define WEFT_BASE_DEMANGLE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace weft {

inline constexpr size_t kMaxMangledBytes = 4096;
inline constexpr size_t kMaxDemangledBytes = 1024;

// The readable form of `symbol`, or `symbol` itself when it is not a
// mangled name this recognises (a C function's plain name, a name that
// fails to demangle, or one over the size limit).
std::string DemangleSymbol(absl::string_view symbol);

}  // namespace weft

#endif  // WEFT_BASE_DEMANGLE_H_
