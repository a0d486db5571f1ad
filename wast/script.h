// A WebAssembly script (.wast), read: the commands of the spec's script
// language (the reference interpreter's README, "Scripts") as data for the
// runner (script_runner.h). wast/script_parser.h builds it from text.
//
// Modules stay in the form the script wrote them (tokens, bytes or quoted
// text) until the runner needs their binary: a module weft's text parser
// cannot read then fails its own command, not the whole file.
#ifndef WEFT_WAST_SCRIPT_H_
#define WEFT_WAST_SCRIPT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "text/lexer.h"
#include "wast/spec_value.h"

namespace weft::wast {

struct ScriptModule {
  enum class Form : uint8_t {
    kText,    // (module $id? field*): `tokens` is the whole group
    kBinary,  // (module $id? binary "..."*): `source` is the bytes
    kQuote,   // (module $id? quote "..."*): `source` is the text
  };
  Form form = Form::kText;
  std::string name;  // the script's $id without `$`; empty: anonymous
  std::vector<text::Token> tokens;
  text::Token end;  // kText: where "end of input" errors point
  std::string source;
};

// The module's binary format: text is parsed by weft's text parser (its
// errors carry the script's line:column), binary is returned as written.
absl::StatusOr<std::vector<uint8_t>> EncodeModule(const ScriptModule& module);

struct Action {
  bool is_get = false;  // (get ...) rather than (invoke ...)
  std::string module;   // empty: the most recent instance
  std::string field;
  std::vector<Value> args;
};

struct Command {
  enum class Kind : uint8_t {
    kModule,            // instantiate `module`
    kModuleDefinition,  // (module definition $id? ...): check, keep, do not run
    kModuleInstance,    // (module instance $inst? $def?)
    kRegister,          // (register "as" $inst?)
    kAction,            // a bare invoke or get
    kAssertReturn,
    kAssertTrap,        // on an action
    kAssertExhaustion,
    kAssertException,
    kAssertMalformed,
    kAssertInvalid,
    // The custom annotations' assertions (text/parser.h, AnnotationError):
    // the text parser must reject the module's annotations as malformed
    // (syntax, placement) or invalid (content that does not fit).
    kAssertMalformedCustom,
    kAssertInvalidCustom,
    kAssertUnlinkable,
    kAssertUninstantiable,  // also `assert_trap` on a module
    // Read but not carried out by weft (e.g. threads' `thread`/`wait`):
    // always a failure, `error` says why.
    kUnsupported,
    // Could not be read: `error` says why.
    kBroken,
  };
  Kind kind = Kind::kBroken;
  std::string keyword;  // as written: "assert_return", "module", ...
  size_t line = 0;

  ScriptModule module;  // module commands and module assertions
  Action action;        // action commands and action assertions
  std::vector<ExpectedResult> expected;  // kAssertReturn
  std::string text;     // the expected failure message of assertions
  // kRegister: the name to register under. kModuleInstance: the
  // definition to instantiate (empty: the most recent one).
  std::string as;
  std::string instance;  // kRegister/kModuleInstance: the instance's id
  std::string error;     // kBroken / kUnsupported
};

struct Script {
  std::vector<Command> commands;
};

}  // namespace weft::wast

#endif  // WEFT_WAST_SCRIPT_H_
