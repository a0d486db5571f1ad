// libFuzzer entry point over weft's text-format reader: module text and
// WAST scripts. A module is parsed and encoded, then the encoding decoded
// and validated; a script is cut into commands and each module of it
// encoded the same way. Any crash, hang, sanitizer report or leak is a
// bug; a rejected input is the expected outcome for almost every mutation.
//
// Oracle: the parser writes well-formed binaries only, so an encoding the
// decoder refuses is a bug — unless the text uses WebAssembly 3.0 syntax,
// which the text reader knows and the decoder does not yet (issue 15
// brings the decoder up; then this exemption goes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "text/parser.h"
#include "validator/validator.h"
#include "wast/script_parser.h"

namespace {

// Tokens only 3.0 text has (2.0's `ref.null`, `i32.sub`, `externref` are
// not among them), and the decoder's words for 3.0 features it refuses.
bool UsesPost20Feature(absl::string_view text, absl::string_view decode_error) {
  static constexpr absl::string_view kSyntax[] = {
      "return_call", "call_ref", "try", "throw", "catch", "delegate", "(tag", "struct",
      "array", "(rec", "(sub", "i31", "anyref", "eqref", "(ref", "ref.as_non_null",
      "br_on", "ref.eq", "ref.test", "ref.cast", "exn", "relaxed", "pagesize",
      "memory i64", "table i64", "any.convert", "extern.convert", "nullref",
      "nullfuncref", "nullexternref", "noextern", "nofunc", "none"};
  static constexpr absl::string_view kDecoderWords[] = {
      "multiple memories", "constant expression required"};
  for (absl::string_view m : kSyntax) {
    if (absl::StrContains(text, m)) return true;
  }
  for (absl::string_view m : kDecoderWords) {
    if (absl::StrContains(decode_error, m)) return true;
  }
  return false;
}

void CheckEncoding(const std::vector<uint8_t>& binary, absl::string_view text) {
  auto module = weft::DecodeModule(absl::MakeConstSpan(binary));
  if (!module.ok()) {
    if (!UsesPost20Feature(text, module.status().message())) {
      std::abort();  // the encoder wrote something malformed
    }
    return;
  }
  (void)weft::ValidateModule(**module);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto binary = weft::text::ParseWat(text); binary.ok()) CheckEncoding(*binary, text);
  if (auto script = weft::wast::ParseScript(text); script.ok()) {
    for (const weft::wast::Command& cmd : script->commands) {
      if (cmd.kind == weft::wast::Command::Kind::kBroken ||
          cmd.kind == weft::wast::Command::Kind::kUnsupported) {
        continue;
      }
      auto binary = weft::wast::EncodeModule(cmd.module);
      if (binary.ok() && cmd.module.form != weft::wast::ScriptModule::Form::kBinary) {
        CheckEncoding(*binary, text);
      }
    }
  }
  return 0;
}
