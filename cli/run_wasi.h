// `weft run`'s WASI flags turned into weft::Wasi (the public API), wasmtime
// style:
//
//   --dir HOST[::GUEST]     preopen HOST as GUEST (default: GUEST = HOST)
//   --dir-ro HOST[::GUEST]  the same, read-only (writes fail with EROFS)
//   --env KEY=VALUE         grant one variable (repeatable; overrides
//                           --inherit-env for that key); --env KEY passes
//                           the host's KEY if it is set
//   --inherit-env           grant the whole host environment
//   --tcplisten HOST:PORT   a listening TCP socket the guest may
//                           sock_accept on (IPv4; fds after the dirs)
//   --trace-wasi            every WASI call, decoded, on stderr
// Nothing is granted by default. stdio is inherited.
#ifndef WEFT_CLI_RUN_WASI_H_
#define WEFT_CLI_RUN_WASI_H_

#include <cstdlib>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/flags.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/wasi.h"

namespace weft::cli {

// "HOST" or "HOST::GUEST". HOST must name an existing directory (checked
// here so the error names the flag); GUEST must be non-empty.
absl::StatusOr<WasiOptions::Dir> ParseRunDir(std::string_view value, bool read_only);

// Environment for the guest: `inherited` (host "K=V" strings, only with
// --inherit-env) then each --env, a later KEY replacing an earlier one. A
// bare "KEY" takes its value from `host` (getenv by default), or is
// skipped when the host has none.
absl::StatusOr<std::vector<std::string>> MakeGuestEnv(
    const std::vector<std::string>& inherited,
    const std::vector<std::string>& env_flags,
    const std::function<const char*(const char*)>& host = std::getenv);

// Binds and listens on an IPv4 "HOST:PORT" (HOST a dotted quad or
// "localhost"); returns the socket fd. Errors name the flag.
absl::StatusOr<int> OpenTcpListener(std::string_view addr);

// The options of the flags: argv = {program_name, guest_args...}; stdio
// inherited; preopens: each --dir, then each --dir-ro; trace lines
// ("[wasi] ...") to `trace_out`. (--timeout needs nothing here: blocking
// WASI calls wait on the running call's interrupt.)
absl::StatusOr<WasiOptions> MakeRunWasiOptions(const ParsedArgs& args, std::string program_name,
                                               const std::vector<std::string>& guest_args,
                                               std::ostream* trace_out);

// Defines WASI in `linker` with MakeRunWasiOptions' options and gives the
// guest a listening socket per --tcplisten (fds after the directories).
absl::StatusOr<std::shared_ptr<Wasi>> DefineRunWasi(Linker& linker, const ParsedArgs& args,
                                                    std::string program_name,
                                                    const std::vector<std::string>& guest_args,
                                                    std::ostream* trace_out);

// True if `module` imports anything from wasi_snapshot_preview1.
bool ImportsWasi(const CompiledModule& module);

}  // namespace weft::cli

#endif  // WEFT_CLI_RUN_WASI_H_
