// Pieces of `weft run` that do not depend on WASI: loading a module,
// trap reports, the --timeout
// watchdog, and the exit codes.
#ifndef WEFT_CLI_RUN_SUPPORT_H_
#define WEFT_CLI_RUN_SUPPORT_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "weft/value_type.h"
#include "decoder/module.h"
#include "interp/instance_data.h"
#include "interp/module_code.h"
#include "interp/trap.h"

namespace weft::cli {

// `weft run` exit status when the guest traps (incl. fuel exhaustion and
// --timeout): 128 + SIGABRT, what wasmtime reports on Unix. A guest that
// exits by itself reports its own code (proc_exit(N) -> N & 0xff, 0 when
// _start returns), so 1 and 2 are ambiguous between weft's own errors and
// the guest's, exactly as with wasmtime.
inline constexpr int kExitTrap = 134;

// A decoded, validated module and its (lazily compiled) code.
struct LoadedModule {
  std::shared_ptr<const Module> module;
  std::shared_ptr<interp::ModuleCode> code;
};

// Errors carry the path; `unreadable` tells a missing/unreadable file
// (usage error) from bad bytes.
struct LoadError {
  std::string message;
  bool unreadable = false;
};
absl::StatusOr<LoadedModule> LoadModule(const std::string& path, bool metering,
                                        LoadError* error);

// "trap: <message>" then one backtrace line per frame, innermost first.
void PrintTrap(const interp::ExecContext& ctx, interp::TrapCode trap,
               std::ostream& err);

// Requests an interrupt of `ctx` after `timeout` unless destroyed first; the
// timer thread is always joined by the destructor.
class Watchdog {
 public:
  Watchdog(interp::ExecContext* ctx, absl::Duration timeout);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace weft::cli

#endif  // WEFT_CLI_RUN_SUPPORT_H_
