// What the C API's translation units (api/c_api*.cc) share: the structs
// behind weft.h's opaque handles and the conversions between C and C++
// values and errors. Not a public header.
#ifndef WEFT_API_C_API_INTERNAL_H_
#define WEFT_API_C_API_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "weft/caller.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/interrupt_handle.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"
#include "weft/value.h"
#include "weft/wasi.h"
#include "weft/weft.h"

struct weft_engine {
  weft::Engine engine;
};
struct weft_module {
  std::shared_ptr<const weft::CompiledModule> module;
};
struct weft_linker {
  weft::Linker linker;
};
struct weft_instance {
  std::unique_ptr<weft::Instance> instance;
  std::optional<uint64_t> fuel;
  std::optional<absl::Duration> timeout;
  // Set by weft_wasi_attach: keeps the WASI state alive as long as the
  // instance (weft::Wasi must outlive every call) and lets a failed call
  // say that the guest exited (weft_error_exit_code).
  std::shared_ptr<weft::Wasi> wasi;
};
struct weft_interrupt_handle {
  weft::InterruptHandle handle;
};
struct weft_error {
  absl::Status status;
  std::string message;
  // Set when the failed call ended in WASI proc_exit(N).
  std::optional<uint32_t> exit_code;
  // weft_error_frame*'s decoded backtrace, filled on first use.
  mutable std::optional<weft::Backtrace> backtrace;
};
// Lives on the stack of the host callback that receives it.
struct weft_caller {
  weft::Caller* caller;
};

namespace weft::c_api {

// NULL for an OK status, else a new weft_error_t owning it.
weft_error_t* Wrap(absl::Status status);
// An InvalidArgument error with `message`.
weft_error_t* Error(absl::string_view message);
// "<function>: null argument `<what>`": every entry point names itself so
// a C embedder can tell which call was given the NULL.
weft_error_t* NullArgument(absl::string_view function, absl::string_view what);

bool KnownKind(weft_valkind_t kind);
weft::Value ToValue(const weft_val_t& v);
weft_val_t FromValue(const weft::Value& v);
// Converts `n` C values, checking their kinds; `function` names the entry
// point in the error.
absl::Status ToValues(absl::string_view function, const weft_val_t* in, size_t n,
                      std::vector<weft::Value>* out);
// A function type from C kinds (NULL arrays allowed for zero counts).
absl::Status ToFuncType(absl::string_view function, const weft_valkind_t* params,
                        size_t nparams, const weft_valkind_t* results, size_t nresults,
                        weft::FuncType* out);

weft::InstanceLimits ToLimits(const weft_limits_t& limits);
// A C millisecond count as a Duration (huge values saturate, not wrap).
absl::Duration Milliseconds(uint64_t ms);
// NULL means the conventional "memory".
inline const char* MemoryName(const char* name) { return name == nullptr ? "memory" : name; }

// Bounds-checked copies between a C buffer and a memory looked up by name
// (an instance's or a caller's), and its size (0 when there is none).
absl::Status ReadMemory(const absl::StatusOr<weft::Memory>& memory, uint64_t offset, void* out,
                        size_t size);
absl::Status WriteMemory(absl::StatusOr<weft::Memory> memory, uint64_t offset,
                         const void* data, size_t size);
inline uint64_t MemorySize(const absl::StatusOr<weft::Memory>& memory) {
  return memory.ok() ? memory->size_bytes() : 0;
}

}  // namespace weft::c_api

// Returns NullArgument naming the entry point (__func__) and the parameter
// when `arg` is NULL: a macro only because those two names are not
// reachable from a function.
#define WEFT_C_REQUIRE(arg)                                          \
  do {                                                               \
    if ((arg) == nullptr) return ::weft::c_api::NullArgument(__func__, #arg); \
  } while (0)
// The same for an array that may be NULL only when its count is 0.
#define WEFT_C_REQUIRE_ARRAY(arg, count)                             \
  do {                                                               \
    if ((arg) == nullptr && (count) != 0) {                          \
      return ::weft::c_api::NullArgument(__func__, #arg);            \
    }                                                                \
  } while (0)

#endif  // WEFT_API_C_API_INTERNAL_H_
