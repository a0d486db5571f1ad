// Tokens of the WebAssembly text format (spec 3.0, Lexical Format).
//
// The lexer cuts source text into tokens by the spec's longest-match rule:
// a token is a maximal run of id characters, string literals and the
// reserved punctuation `,` `;` `[` `]` `{` `}`, or a parenthesis. The run is
// then classified: keyword, identifier, string, number, or, if it is none of
// these (`0$x`, `"a""b"`, `1__0`, `$`), a *reserved* token. Reserved tokens
// are not lexical errors: they may stand inside annotations, and the parser
// rejects them anywhere else.
//
// White space (space, tab, LF, CR, CR LF) and comments separate tokens:
// `;; ...` to the end of the line, and `(; ... ;)`, which nest.
//
// Lexical errors are absl::InvalidArgument "line:column: what", 1-based,
// columns counted in characters (UTF-8 sequences):
//   "3:14: unterminated string"            (at the opening quote)
//   "1:1: unterminated block comment"      (at the outermost `(;`)
//   "2:5: malformed UTF-8 encoding"        (at the first bad byte)
//   "1:7: unexpected character U+0000"     (outside strings and comments)
//   "1:2: invalid escape \q", "1:1: empty annotation id", ...
//
// Numbers are classified by syntax only; their values are for the parser
// to convert with text/numbers.h once it knows the type, and conversion
// errors are reported at the token with ErrorAt.
//
// Cost: linear time in the source; memory is the tokens' decoded values.
// Hostile input (huge tokens, deep comment nesting, NUL bytes, bad UTF-8)
// neither recurses nor re-scans.
#ifndef WEFT_TEXT_LEXER_H_
#define WEFT_TEXT_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weft::text {

enum class TokenKind : uint8_t {
  kLParen,      // (
  kRParen,      // )
  kKeyword,     // a-z then id chars: module, i32.add, offset=8, align=4
  kId,          // $name or $"name"; value is the name without `$`
  kString,      // "..."; value is the decoded bytes
  kNat,         // unsigned integer syntax: 42, 0xFF (also a float)
  kInt,         // signed integer syntax: +1, -0x80 (also a float)
  kFloat,       // 1.5, 1e3, 0x1p-3, inf, nan, nan:0x1 (with any sign)
  kAnnotation,  // `(@name`; value is the name. Its `)` is a kRParen.
  kReserved,    // any other run; an error outside annotations
  kEof,
};

// "keyword", "identifier", ... for messages.
absl::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEof;
  // The token's exact source bytes (a view into the lexer's source).
  absl::string_view text;
  // kString: decoded bytes. kId: the name (decoded for `$"..."`; `$a` and
  // `$"a"` denote the same identifier). kAnnotation: the annotation id.
  std::string value;
  // 32 bits each: a large module has millions of tokens, and their size
  // is most of the reader's memory traffic (Tokenize refuses sources of
  // 4 GiB or more).
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in characters
  uint32_t offset = 0;  // byte offset of text in the source
};

// "line:column: what", the shape of every text-format error.
absl::Status ErrorAt(size_t line, size_t column, absl::string_view what);
// The same at a token: for number conversion and parse errors.
absl::Status ErrorAt(const Token& token, absl::string_view what);

class Lexer {
 public:
  // `source` must outlive the lexer and its tokens (they view into it).
  explicit Lexer(absl::string_view source) : source_(source) {}

  Lexer(const Lexer&) = delete;
  Lexer& operator=(const Lexer&) = delete;

  // The next token; kEof at the end (and on every later call). After an
  // error every later call returns the same error. Each successful call
  // consumes at least one byte or returns kEof.
  absl::StatusOr<Token> Next();

 private:
  struct Run;

  absl::Status SkipSpaceAndComments();
  absl::Status SkipLineComment();
  absl::Status SkipBlockComment();
  absl::StatusOr<Token> LexAnnotation();
  absl::StatusOr<Token> LexRun();
  // Scans the run of token characters at `from` (strings included).
  absl::Status ScanRun(size_t from, Run* run);
  // Moves to `to`, keeping line and column.
  void AdvanceTo(size_t to);
  absl::Status ErrorAtOffset(size_t offset, absl::string_view what);
  Token MakeToken(TokenKind kind, size_t start, size_t line, size_t column);

  absl::string_view source_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t column_ = 1;
  absl::Status error_;
};

// All tokens of `source`, without the final kEof, or the first error.
absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view source);

}  // namespace weft::text

#endif  // WEFT_TEXT_LEXER_H_
