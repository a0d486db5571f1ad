// `weft inspect --code`: the threaded code the interpreter compiles a
// module's functions to (interp/code_printer.h), one handler per line.
#ifndef WEFT_CLI_INSPECT_CODE_H_
#define WEFT_CLI_INSPECT_CODE_H_

#include <string>

#include "cli/command.h"

namespace weft::cli {

// Prints the compiled code of function --func N (an index in the function
// index space), or of every defined function, of the module in `bytes`
// read from `path`. Compiled as `weft run` would compile it; --metering as
// with `weft run --fuel`. Returns the exit code: usage errors (a bad or
// imported N) are kExitUsage, a module that does not load kExitFailure.
int InspectCode(const std::string& path, const std::string& bytes, const ParsedArgs& args,
                const Context& ctx);

}  // namespace weft::cli

#endif  // WEFT_CLI_INSPECT_CODE_H_
