// The plug-in point between the spec-test runner and an execution engine.
//
// Without an engine the runner checks only what decoding and validation can
// (modules, assert_malformed, assert_invalid) and counts every command that
// needs execution as "not run". An engine implements this interface on top
// of the interpreter; the runner (script_runner.h) then carries out every
// execution command against it — argument/result conversion, comparison with
// NaN patterns, trap-message matching — so the engine only has to execute.
//
// Module naming follows the scripts: `instance_name` is the script's "$id"
// of a module command (empty when the module is anonymous); actions name a
// module by that id, or leave it empty for "the most recently instantiated
// module". Register makes an instance's exports importable under a module
// name for later instantiations (e.g. "spectest"-style names like "M").
//
// The engine is expected to provide the spec's "spectest" host module
// (print*, global_i32/i64/f32/f64, table, memory) itself.
//
// Threading: the runner calls an engine from one thread only.
#ifndef WEFT_WAST_SCRIPT_ENGINE_H_
#define WEFT_WAST_SCRIPT_ENGINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "wast/spec_value.h"

namespace weft::wast {

// Result of instantiating a module.
struct InstantiateOutcome {
  enum class Kind : uint8_t {
    kOk,
    // Imports could not be resolved or do not match ("unknown import",
    // "incompatible import type").
    kLinkError,
    // Instantiation trapped: out-of-bounds segment, trapping start function.
    kTrap,
    // Anything else the engine refuses (e.g. it rejects the bytes, or an
    // implementation limit); always a failure in the runner.
    kError,
  };
  Kind kind = Kind::kOk;
  std::string message;  // the spec's wording for kLinkError / kTrap

  static InstantiateOutcome Ok() { return {}; }
  static InstantiateOutcome Fail(Kind k, std::string m) { return {k, std::move(m)}; }
};

// Result of an invoke or a global get.
struct ActionOutcome {
  enum class Kind : uint8_t {
    kOk,
    kTrap,        // message: the spec's trap wording, e.g. "integer overflow"
    kExhaustion,  // call stack or other resource exhausted by the guest
    kException,   // an uncaught WebAssembly exception left the call
    kError,       // no such module/export, wrong kind, wrong argument types
  };
  Kind kind = Kind::kOk;
  std::vector<Value> results;  // kOk only; a get yields exactly one value
  std::string message;

  static ActionOutcome Values(std::vector<Value> v) {
    return {Kind::kOk, std::move(v), ""};
  }
  static ActionOutcome Fail(Kind k, std::string m) { return {k, {}, std::move(m)}; }
};

class ScriptEngine {
 public:
  virtual ~ScriptEngine() = default;

  // Instantiates `wasm` (already decoded and validated by the runner). On
  // success the instance becomes the current module and, when
  // `instance_name` is not empty, is also reachable under that name. An
  // instance that fails to instantiate is not current afterwards.
  virtual InstantiateOutcome Instantiate(absl::Span<const uint8_t> wasm,
                                         absl::string_view instance_name) = 0;

  // Makes the exports of `instance_name` (empty: the current module)
  // importable under `as`. Returns false with `*error` if there is no such
  // instance.
  virtual bool Register(absl::string_view instance_name, absl::string_view as,
                        std::string* error) = 0;

  // Calls export `field` of `instance_name` (empty: current module).
  virtual ActionOutcome Invoke(absl::string_view instance_name,
                               absl::string_view field,
                               absl::Span<const Value> args) = 0;

  // Reads exported global `field` of `instance_name` (empty: current).
  virtual ActionOutcome Get(absl::string_view instance_name,
                            absl::string_view field) = 0;
};

}  // namespace weft::wast

#endif  // WEFT_WAST_SCRIPT_ENGINE_H_
