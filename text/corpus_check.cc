// Dev tool: reads every module of the given .wast scripts with the text
// parser and reports those it cannot read. Not a test (the corpus, the
// spec suite under shared/, is outside the repository).
//
//   bazel run //text:corpus_check -- [--out DIR] FILE.wast...
//
// Modules are the `(module ...)` groups at the top level of a script and
// directly inside assertions. `(module quote "...")` is read from its
// strings, as `(module ...)` around them; `(module binary ...)` and
// `(module instance ...)` are skipped; `(module $id? definition? ...)` is read
// without the id and `definition`, as the script layer passes it.
// Top-level modules and those in assert_trap / assert_unlinkable /
// assert_exception must parse (they are valid); those in assert_invalid
// only should (the text is well-formed, the module invalid), and are
// counted apart; text modules in assert_malformed should not parse (most
// are `module quote`, skipped), and those that do are listed. With --out, each parsed module is written to DIR as
// N.wat (its source) and N.wasm (the encoding), for a differential check
// against another tool.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "text/lexer.h"
#include "text/parser.h"

namespace {

using weft::text::Token;
using weft::text::TokenKind;

struct Counts {
  int parsed = 0;
  int total = 0;
};

size_t MatchingParen(const std::vector<Token>& tokens, size_t open) {
  size_t depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::kLParen || tokens[i].kind == TokenKind::kAnnotation) ++depth;
    if (tokens[i].kind == TokenKind::kRParen && --depth == 0) return i;
  }
  return tokens.size();
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  Counts valid, invalid, malformed;
  int written = 0;
  for (int a = 1; a < argc; ++a) {
    const std::string path = argv[a];
    if (path == "--out" && a + 1 < argc) {
      out_dir = argv[++a];
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    const std::string source((std::istreambuf_iterator<char>(in)), {});
    absl::StatusOr<std::vector<Token>> tokens = weft::text::Tokenize(source);
    if (!tokens.ok()) {
      std::printf("%s: %s\n", path.c_str(), std::string(tokens.status().message()).c_str());
      continue;
    }
    const std::vector<Token>& t = *tokens;
    // (module ...) at `i`: reads it if it is a text module.
    auto check = [&](size_t i, Counts* counts) {
      const size_t close = MatchingParen(t, i);
      if (close >= t.size()) return;
      size_t body = i + 2;
      if (body < close && t[body].kind == TokenKind::kId) ++body;
      if (body < close && t[body].kind == TokenKind::kKeyword &&
          (t[body].text == "binary" || t[body].text == "instance")) {
        return;
      }
      absl::StatusOr<std::vector<uint8_t>> bytes;
      if (body < close && t[body].kind == TokenKind::kKeyword && t[body].text == "quote") {
        std::string text = "(module ";
        for (size_t k = body + 1; k < close; ++k) absl::StrAppend(&text, t[k].value);
        bytes = weft::text::ParseWat(text + ")");
      }
      if (body < close && t[body].kind == TokenKind::kKeyword && t[body].text == "definition") {
        ++body;
      }
      std::vector<Token> group = {t[i], t[i + 1]};
      group.insert(group.end(), t.begin() + body, t.begin() + close + 1);
      ++counts->total;
      if (t[body].text != "quote") bytes = weft::text::ParseWatTokens(std::move(group), t[close]);
      if (counts == &malformed) {
        if (bytes.ok()) std::printf("%s:%zu: malformed, but parsed\n", path.c_str(), size_t{t[i].line});
        counts->parsed += bytes.ok();
        return;
      }
      if (!bytes.ok()) {
        std::printf("%s:%zu: %s\n", path.c_str(), size_t{t[i].line},
                    std::string(bytes.status().message()).c_str());
        return;
      }
      ++counts->parsed;
      if (out_dir.empty() || t[body].text == "quote") return;
      const std::string stem = absl::StrCat(out_dir, "/", written++);
      std::ofstream(stem + ".wat", std::ios::binary)
          << "(module " << source.substr(t[body].offset, t[close].offset - t[body].offset)
          << ")\n";
      std::ofstream(stem + ".wasm", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes->data()), bytes->size());
      std::ofstream(stem + ".src", std::ios::binary) << path << ":" << t[i].line << "\n";
    };
    for (size_t i = 0; i + 1 < t.size();) {
      if (t[i].kind != TokenKind::kLParen) {
        ++i;
        continue;
      }
      const size_t close = MatchingParen(t, i);
      const absl::string_view kw = t[i + 1].text;
      if (kw == "module") {
        check(i, &valid);
      } else if (kw == "assert_invalid" || kw == "assert_trap" || kw == "assert_unlinkable" ||
                 kw == "assert_exception" || kw == "assert_return" || kw == "assert_malformed") {
        if (i + 3 < t.size() && t[i + 2].kind == TokenKind::kLParen && t[i + 3].text == "module") {
          check(i + 2, kw == "assert_invalid"     ? &invalid
                       : kw == "assert_malformed" ? &malformed
                                                  : &valid);
        }
      }
      i = close + 1;
    }
  }
  std::printf("parsed %d of %d modules (valid: top level, assert_trap, assert_unlinkable)\n",
              valid.parsed, valid.total);
  std::printf("parsed %d of %d assert_invalid modules\n", invalid.parsed, invalid.total);
  std::printf("parsed %d of %d assert_malformed text and quote modules (should be 0)\n",
              malformed.parsed,
              malformed.total);
  return valid.parsed == valid.total ? 0 : 1;
}
