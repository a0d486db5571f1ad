// libFuzzer entry point over weft's text-format reader: module text and
// WAST scripts. A module is parsed and encoded, then the encoding decoded
// and validated; a script is cut into commands and each module of it
// encoded the same way. Any crash, hang, sanitizer report or leak is a
// bug; a rejected input is the expected outcome for almost every mutation.
//
// Oracle: the parser writes well-formed binaries only, so an encoding the
// decoder refuses is a bug — unless the text uses garbage collection
// (struct/array types, rec groups, casts), which the text reader knows and
// the decoder does not yet (the GC issue removes this exemption).
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

// Tokens only GC text has (2.0's and the rest of 3.0's syntax decodes).
bool UsesGc(absl::string_view text) {
  static constexpr absl::string_view kSyntax[] = {
      "struct", "array", "i31", "(rec", "(sub", "ref.eq", "ref.test", "ref.cast",
      "br_on_cast", "any", "eqref", "nullref", "none", " eq", "(eq"};
  for (absl::string_view m : kSyntax) {
    if (absl::StrContains(text, m)) return true;
  }
  return false;
}

void CheckEncoding(const std::vector<uint8_t>& binary, absl::string_view text) {
  auto module = weft::DecodeModule(absl::MakeConstSpan(binary));
  if (!module.ok()) {
    if (!UsesGc(text)) {
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
