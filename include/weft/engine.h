// weft public API: Engine, the configuration shared by modules compiled
// with it and the instances created from them.
//
// Ownership: an Engine is a small value (its configuration); modules copy
// what they need, so an Engine may be destroyed before them.
// Thread-safety: immutable after construction; use from any thread.
#ifndef WEFT_INCLUDE_WEFT_ENGINE_H_
#define WEFT_INCLUDE_WEFT_ENGINE_H_

#include "weft/features.h"
#include "weft/limits.h"

namespace weft {

struct EngineConfig {
  // Compile fuel-charging code. Needed for fuel limits; without it code
  // carries no metering instructions and runs slightly faster. Interruption
  // (InterruptHandle, deadlines) works either way.
  bool metering = false;
  // When function bodies are validated and translated. By default
  // CompiledModule::Compile validates every body (an invalid module never
  // compiles, as the spec requires) and translates each on its first call,
  // so large modules are ready in milliseconds.
  // eager_compile: Compile validates and translates every body, in one
  //   walk per body; all translation cost (and any implementation-limit
  //   error) moves to Compile.
  // lazy_validation: Compile checks the module's structure but no body; a
  //   body is validated and translated in one walk on its first call. A
  //   function that does not validate then fails when called (TrapCode::
  //   kCompileError, with the validator's message and function index), and
  //   Compile accepts modules the spec calls invalid: for trusted code
  //   whose start-up matters more than that. Ignored with eager_compile.
  bool eager_compile = false;
  bool lazy_validation = false;
  // Limits of instances created without explicit limits.
  InstanceLimits default_limits;
  // The WebAssembly features past 2.0 that modules may use: all by
  // default. A module using a disabled one does not compile ("tail calls
  // are disabled (feature tail-call) in function 3 (at byte offset 41)").
  WasmFeatures features;
};

class Engine {
 public:
  Engine() = default;
  explicit Engine(EngineConfig config) : config_(config) {}

  const EngineConfig& config() const { return config_; }

 private:
  EngineConfig config_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_ENGINE_H_
