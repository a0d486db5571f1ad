#include "text/lexer.h"

#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "text/numbers.h"
#include "text/strings.h"
#include "base/utf8.h"

namespace weft::text {
namespace {

// idchar: printable ASCII except space, `"`, `(`, `)`, `,`, `;`, `[`, `]`,
// `{`, `}`.
bool IsIdChar(char c) {
  if (c < '!' || c > '~') return false;
  switch (c) {
    case '"': case '(': case ')': case ',': case ';':
    case '[': case ']': case '{': case '}':
      return false;
    default:
      return true;
  }
}

bool IsPunctuation(char c) {
  return c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}';
}

}  // namespace

// A maximal run of token characters and what it is made of.
struct Lexer::Run {
  size_t end = 0;
  size_t strings = 0;
  bool punctuation = false;
  // The first string's length and decoded bytes: the only string a
  // string token or a `$"..."` identifier can have.
  size_t first_string_start = 0;
  size_t first_string_length = 0;
  std::string first_string;
};

absl::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kLParen: return "(";
    case TokenKind::kRParen: return ")";
    case TokenKind::kKeyword: return "keyword";
    case TokenKind::kId: return "identifier";
    case TokenKind::kString: return "string";
    case TokenKind::kNat: return "unsigned integer";
    case TokenKind::kInt: return "signed integer";
    case TokenKind::kFloat: return "float";
    case TokenKind::kAnnotation: return "annotation";
    case TokenKind::kReserved: return "reserved token";
    case TokenKind::kEof: return "end of input";
  }
  return "token";
}

absl::Status ErrorAt(size_t line, size_t column, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(line, ":", column, ": ", what));
}

absl::Status ErrorAt(const Token& token, absl::string_view what) {
  return ErrorAt(token.line, token.column, what);
}

void Lexer::AdvanceTo(size_t to) {
  for (; pos_ < to; ++pos_) {
    const uint8_t b = static_cast<uint8_t>(source_[pos_]);
    if (b == '\n') {
      ++line_;
      column_ = 1;
    } else if (b == '\r') {
      // CR LF is one newline: the LF counts it.
      if (pos_ + 1 >= source_.size() || source_[pos_ + 1] != '\n') {
        ++line_;
        column_ = 1;
      }
    } else if ((b & 0xC0) != 0x80) {
      ++column_;  // continuation bytes belong to the previous character
    }
  }
}

absl::Status Lexer::ErrorAtOffset(size_t offset, absl::string_view what) {
  AdvanceTo(offset);
  return ErrorAt(line_, column_, what);
}

Token Lexer::MakeToken(TokenKind kind, size_t start, size_t line,
                       size_t column) {
  Token token;
  token.kind = kind;
  token.text = source_.substr(start, pos_ - start);
  token.line = line;
  token.column = column;
  token.offset = start;
  return token;
}

absl::Status Lexer::SkipLineComment() {
  while (pos_ < source_.size() && source_[pos_] != '\n' &&
         source_[pos_] != '\r') {
    uint32_t cp;
    const size_t length = DecodeUtf8(source_, pos_, &cp);
    if (length == 0) return ErrorAtOffset(pos_, "malformed UTF-8 encoding");
    AdvanceTo(pos_ + length);
  }
  return absl::OkStatus();
}

absl::Status Lexer::SkipBlockComment() {
  // A depth count, not recursion: a million `(;` cost no stack.
  const size_t line = line_, column = column_;
  size_t depth = 0;
  do {
    if (pos_ >= source_.size()) {
      return ErrorAt(line, column, "unterminated block comment");
    }
    const absl::string_view rest = source_.substr(pos_, 2);
    if (rest == "(;") {
      ++depth;
      AdvanceTo(pos_ + 2);
    } else if (rest == ";)") {
      --depth;
      AdvanceTo(pos_ + 2);
    } else {
      uint32_t cp;
      const size_t length = DecodeUtf8(source_, pos_, &cp);
      if (length == 0) return ErrorAtOffset(pos_, "malformed UTF-8 encoding");
      AdvanceTo(pos_ + length);
    }
  } while (depth > 0);
  return absl::OkStatus();
}

absl::Status Lexer::SkipSpaceAndComments() {
  while (pos_ < source_.size()) {
    const char c = source_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      AdvanceTo(pos_ + 1);
      continue;
    }
    const absl::string_view two = source_.substr(pos_, 2);
    if (two == ";;") {
      WEFT_RETURN_IF_ERROR(SkipLineComment());
    } else if (two == "(;") {
      WEFT_RETURN_IF_ERROR(SkipBlockComment());
    } else {
      break;
    }
  }
  return absl::OkStatus();
}

absl::Status Lexer::ScanRun(size_t from, Run* run) {
  size_t p = from;
  while (p < source_.size()) {
    const char c = source_[p];
    if (IsIdChar(c)) {
      ++p;
    } else if (c == '"') {
      const StringScan scan = ScanStringLiteral(
          source_.substr(p), run->strings == 0 ? &run->first_string : nullptr);
      if (!scan.ok()) return ErrorAtOffset(p + scan.error_offset, scan.error);
      if (run->strings == 0) {
        run->first_string_start = p;
        run->first_string_length = scan.length;
      }
      ++run->strings;
      p += scan.length;
    } else if (IsPunctuation(c)) {
      // `;;` starts a comment even right after a token.
      if (c == ';' && p + 1 < source_.size() && source_[p + 1] == ';') break;
      run->punctuation = true;
      ++p;
    } else {
      break;
    }
  }
  run->end = p;
  return absl::OkStatus();
}

absl::StatusOr<Token> Lexer::LexRun() {
  const size_t start = pos_, line = line_, column = column_;
  Run run;
  WEFT_RETURN_IF_ERROR(ScanRun(start, &run));
  AdvanceTo(run.end);
  const absl::string_view text = source_.substr(start, run.end - start);
  const bool plain = run.strings == 0 && !run.punctuation;

  if (run.strings == 1 && !run.punctuation &&
      run.first_string_start == start && run.first_string_length == text.size()) {
    Token token = MakeToken(TokenKind::kString, start, line, column);
    token.value = std::move(run.first_string);
    return token;
  }
  if (text[0] == '$') {
    if (plain && text.size() > 1) {
      Token token = MakeToken(TokenKind::kId, start, line, column);
      token.value = std::string(text.substr(1));
      return token;
    }
    // $"name": one string, a non-empty valid UTF-8 name. `$""` and
    // `$"\ff"` are not identifiers, so they are reserved.
    if (run.strings == 1 && !run.punctuation && run.first_string_start == start + 1 &&
        run.first_string_length + 1 == text.size() &&
        !run.first_string.empty() && CheckName(run.first_string).ok()) {
      Token token = MakeToken(TokenKind::kId, start, line, column);
      token.value = std::move(run.first_string);
      return token;
    }
    return MakeToken(TokenKind::kReserved, start, line, column);
  }
  if (plain) {
    switch (ClassifyNumber(text)) {
      case NumberSyntax::kNat:
        return MakeToken(TokenKind::kNat, start, line, column);
      case NumberSyntax::kInt:
        return MakeToken(TokenKind::kInt, start, line, column);
      case NumberSyntax::kFloat:  // also `inf`, `nan`, `nan:0x...`
        return MakeToken(TokenKind::kFloat, start, line, column);
      case NumberSyntax::kNone:
        break;
    }
    if (text[0] >= 'a' && text[0] <= 'z') {
      return MakeToken(TokenKind::kKeyword, start, line, column);
    }
  }
  return MakeToken(TokenKind::kReserved, start, line, column);
}

absl::StatusOr<Token> Lexer::LexAnnotation() {
  // At `(@`. The id is a run of id characters, or one string that is a
  // non-empty UTF-8 name; nothing else may touch it. With no id at all it
  // is no annotation.
  const size_t start = pos_, line = line_, column = column_;
  Run run;
  WEFT_RETURN_IF_ERROR(ScanRun(start + 2, &run));
  const absl::string_view id = source_.substr(start + 2, run.end - start - 2);
  std::string name;
  if (run.strings == 0 && !run.punctuation) {
    if (id.empty()) {
      // `(@)` or `(@ x)`: a paren, then `@` lexes as a reserved token.
      // That is an error outside an annotation and fine inside one (the
      // suite's annotations.wast nests `(@)` in one).
      AdvanceTo(start + 1);
      return MakeToken(TokenKind::kLParen, start, line, column);
    }
    name = std::string(id);
  } else if (run.strings == 1 && !run.punctuation &&
             run.first_string_start == start + 2 &&
             run.first_string_length == id.size()) {
    if (run.first_string.empty()) {
      return ErrorAt(line, column, "empty annotation id");
    }
    if (!CheckName(run.first_string).ok()) {
      return ErrorAt(line, column,
                     "malformed UTF-8 encoding in annotation id");
    }
    name = std::move(run.first_string);
  } else {
    return ErrorAt(line, column, "malformed annotation id");
  }
  AdvanceTo(run.end);
  Token token = MakeToken(TokenKind::kAnnotation, start, line, column);
  token.value = std::move(name);
  return token;
}

absl::StatusOr<Token> Lexer::Next() {
  if (!error_.ok()) return error_;
  absl::StatusOr<Token> token = [&]() -> absl::StatusOr<Token> {
    WEFT_RETURN_IF_ERROR(SkipSpaceAndComments());
    const size_t start = pos_, line = line_, column = column_;
    if (pos_ >= source_.size()) {
      return MakeToken(TokenKind::kEof, start, line, column);
    }
    const char c = source_[pos_];
    if (c == '(') {
      if (pos_ + 1 < source_.size() && source_[pos_ + 1] == '@') {
        return LexAnnotation();
      }
      AdvanceTo(pos_ + 1);
      return MakeToken(TokenKind::kLParen, start, line, column);
    }
    if (c == ')') {
      AdvanceTo(pos_ + 1);
      return MakeToken(TokenKind::kRParen, start, line, column);
    }
    if (IsIdChar(c) || c == '"' || IsPunctuation(c)) return LexRun();
    uint32_t cp;
    if (DecodeUtf8(source_, pos_, &cp) == 0) {
      return ErrorAt(line, column, "malformed UTF-8 encoding");
    }
    return ErrorAt(line, column,
                   absl::StrFormat("unexpected character U+%04X", cp));
  }();
  if (!token.ok()) error_ = token.status();
  return token;
}

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view source) {
  if (source.size() >= (uint64_t{1} << 32)) {
    return absl::InvalidArgumentError("text of 4 GiB or more is not supported");
  }
  Lexer lexer(source);
  std::vector<Token> tokens;
  // Typical text has a token per 4-6 bytes; reserving up front spares the
  // copies of a vector that doubles, which cost as much as lexing.
  tokens.reserve(source.size() / 5 + 16);
  while (true) {
    absl::StatusOr<Token> token = lexer.Next();
    if (!token.ok()) return token.status();
    if (token->kind == TokenKind::kEof) return tokens;
    tokens.push_back(*std::move(token));
  }
}

}  // namespace weft::text
