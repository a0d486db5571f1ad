// Command-line style WASI options (for `weft run` and embedders that take
// user-facing strings) turned into a WasiConfig.
//
//   --dir HOST[:GUEST][:ro]   preopen HOST as GUEST (default: same path);
//                             ":ro" makes it read-only. Repeatable.
//   --env KEY=VALUE           grant one environment variable. Repeatable.
//   --trace-wasi              print every WASI call to stderr.
// Nothing is granted by default: no directories, no environment. stdio is
// inherited from the host process.
#ifndef WEFT_WASI_WASI_OPTIONS_H_
#define WEFT_WASI_WASI_OPTIONS_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "wasi/wasi_context.h"

namespace weft::wasi {

struct WasiOptions {
  std::vector<std::string> dirs;  // --dir values
  std::vector<std::string> env;   // --env values
  bool trace = false;             // --trace-wasi
};

// "HOST", "HOST:GUEST", "HOST:ro", "HOST:GUEST:ro". Errors name the spec.
absl::StatusOr<PreopenDir> ParseDirSpec(std::string_view spec);

// argv[0] of the guest is `program_name`; `args` follow. Trace lines go to
// `trace_out` (prefixed "[wasi] ") when options.trace is set; the stream
// must outlive the context.
absl::StatusOr<WasiConfig> MakeWasiConfig(std::string_view program_name,
                                          const std::vector<std::string>& args,
                                          const WasiOptions& options,
                                          std::ostream* trace_out);

}  // namespace weft::wasi

#endif  // WEFT_WASI_WASI_OPTIONS_H_
