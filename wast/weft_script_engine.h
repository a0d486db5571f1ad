// The spec runner's ScriptEngine (script_engine.h) implemented over weft's
// runtime: one Store holds every instance of a script (so registered
// modules and shared tables/memories stay alive for the whole script), the
// "spectest" host module is predefined, and calls run on the interpreter
// with a single ExecContext.
//
// Threading: like every ScriptEngine, used from one thread.
#ifndef WEFT_WAST_WEFT_SCRIPT_ENGINE_H_
#define WEFT_WAST_WEFT_SCRIPT_ENGINE_H_

#include <map>
#include <memory>
#include <string>

#include "interp/instance_data.h"
#include "runtime/store.h"
#include "wast/script_engine.h"
#include "weft/features.h"

namespace weft::wast {

class WeftScriptEngine : public ScriptEngine {
 public:
  // With `metering`, code is compiled fuel-charging (with unlimited fuel):
  // the spec suite then also checks the metering ops' behaviour.
  explicit WeftScriptEngine(WasmFeatures features = WasmFeatures(), bool metering = false);
  ~WeftScriptEngine() override;

  InstantiateOutcome Instantiate(absl::Span<const uint8_t> wasm,
                                 absl::string_view instance_name) override;
  bool Register(absl::string_view instance_name, absl::string_view as,
                std::string* error) override;
  ActionOutcome Invoke(absl::string_view instance_name,
                       absl::string_view field,
                       absl::Span<const Value> args) override;
  ActionOutcome Get(absl::string_view instance_name,
                    absl::string_view field) override;

 private:
  runtime::Instance* Find(absl::string_view instance_name) const;

  WasmFeatures features_;
  bool metering_ = false;
  runtime::Store store_;
  runtime::Linker linker_;
  interp::ExecContext context_;
  runtime::Instance* current_ = nullptr;
  std::map<std::string, runtime::Instance*, std::less<>> named_;
};

// The engine for one script file of the spec testsuite: a fresh one per
// file. Could return null (with the reason in `*why_not`) for scripts weft
// cannot execute (their module, malformed and invalid commands would still
// run without an engine); today every script runs.
std::unique_ptr<ScriptEngine> WeftEngineForScript(const std::string& file,
                                                  const WasmFeatures& features,
                                                  std::string* why_not, bool metering = false);

}  // namespace weft::wast

#endif  // WEFT_WAST_WEFT_SCRIPT_ENGINE_H_
