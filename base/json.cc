#include "base/json.h"

#include <cerrno>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "base/utf8.h"

namespace weft::json {
namespace {

const std::string& EmptyString() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}

// Length of the well-formed UTF-8 sequence starting at s[i], or 0.
size_t Utf8SequenceLength(absl::string_view s, size_t i) {
  uint32_t ignored;
  return DecodeUtf8(s, i, &ignored);
}

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<Value> ParseDocument() {
    SkipWhitespace();
    Value v = ParseValue(0);
    if (!error_.empty()) return Error();
    SkipWhitespace();
    if (pos_ != text_.size()) {
      Fail("unexpected content after the JSON value");
      return Error();
    }
    return v;
  }

 private:
  absl::Status Error() const {
    // Line and column of the error position, both 1-based.
    int line = 1, column = 1;
    for (size_t i = 0; i < error_pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return absl::InvalidArgumentError(
        absl::StrCat("JSON: ", error_, " at line ", line, ", column ", column));
  }

  void Fail(absl::string_view message) {
    if (!error_.empty()) return;
    error_ = std::string(message);
    error_pos_ = pos_;
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  void SkipWhitespace() {
    while (!AtEnd()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool ConsumeLiteral(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Value ParseValue(int depth) {
    if (depth > kMaxDepth) {
      Fail("nesting too deep");
      return Value();
    }
    switch (Peek()) {
      case '{': return ParseObject(depth);
      case '[': return ParseArray(depth);
      case '"': {
        std::string s;
        if (!ParseString(&s)) return Value();
        return Value::String(std::move(s));
      }
      case 't':
        if (ConsumeLiteral("true")) return Value::Bool(true);
        break;
      case 'f':
        if (ConsumeLiteral("false")) return Value::Bool(false);
        break;
      case 'n':
        if (ConsumeLiteral("null")) return Value::Null();
        break;
      default:
        if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9'))
          return ParseNumber();
        break;
    }
    Fail(AtEnd() ? "unexpected end of input" : "unexpected character");
    return Value();
  }

  Value ParseObject(int depth) {
    ++pos_;  // '{'
    std::vector<Value::Member> members;
    SkipWhitespace();
    if (Peek() == '}') {
      ++pos_;
      return Value::Object(std::move(members));
    }
    while (error_.empty()) {
      SkipWhitespace();
      if (Peek() != '"') {
        Fail("expected a string key");
        break;
      }
      const size_t key_pos = pos_;
      std::string key;
      if (!ParseString(&key)) break;
      for (const auto& m : members) {
        if (m.first == key) {
          pos_ = key_pos;
          Fail(absl::StrCat("duplicate key \"", key, "\""));
          return Value();
        }
      }
      SkipWhitespace();
      if (Peek() != ':') {
        Fail("expected ':'");
        break;
      }
      ++pos_;
      SkipWhitespace();
      Value v = ParseValue(depth + 1);
      if (!error_.empty()) break;
      members.emplace_back(std::move(key), std::move(v));
      SkipWhitespace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == '}') {
        ++pos_;
        return Value::Object(std::move(members));
      }
      Fail("expected ',' or '}'");
    }
    return Value();
  }

  Value ParseArray(int depth) {
    ++pos_;  // '['
    std::vector<Value> items;
    SkipWhitespace();
    if (Peek() == ']') {
      ++pos_;
      return Value::Array(std::move(items));
    }
    while (error_.empty()) {
      SkipWhitespace();
      Value v = ParseValue(depth + 1);
      if (!error_.empty()) break;
      items.push_back(std::move(v));
      SkipWhitespace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == ']') {
        ++pos_;
        return Value::Array(std::move(items));
      }
      Fail("expected ',' or ']'");
    }
    return Value();
  }

  Value ParseNumber() {
    const size_t start = pos_;
    const auto digits = [&] {
      const size_t from = pos_;
      while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
      if (Peek() >= '0' && Peek() <= '9') {
        Fail("leading zero in number");
        return Value();
      }
    } else if (digits() == 0) {
      Fail("expected digits");
      return Value();
    }
    if (Peek() == '.') {
      ++pos_;
      if (digits() == 0) {
        Fail("expected digits after '.'");
        return Value();
      }
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (digits() == 0) {
        Fail("expected exponent digits");
        return Value();
      }
    }
    std::string text(text_.substr(start, pos_ - start));
    // strtod accepts a superset of the grammar checked above; out-of-range
    // magnitudes become +-HUGE_VAL or 0, which is fine for our use.
    const double d = std::strtod(text.c_str(), nullptr);
    return Value::Number(d, std::move(text));
  }

  // Reads 4 hex digits after "\u".
  bool ParseHex4(uint32_t* out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = Peek();
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        Fail("expected 4 hex digits in \\u escape");
        return false;
      }
      v = v * 16 + d;
      ++pos_;
    }
    *out = v;
    return true;
  }

  bool ParseEscape(std::string* out) {
    const char c = Peek();
    ++pos_;
    switch (c) {
      case '"': out->push_back('"'); return true;
      case '\\': out->push_back('\\'); return true;
      case '/': out->push_back('/'); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'u': break;
      default:
        --pos_;
        Fail("invalid escape");
        return false;
    }
    uint32_t cp;
    if (!ParseHex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
      Fail("lone low surrogate in \\u escape");
      return false;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low;
      if (!ConsumeLiteral("\\u") || !ParseHex4(&low) || low < 0xDC00 ||
          low > 0xDFFF) {
        Fail("high surrogate not followed by a low surrogate");
        return false;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(cp, out);
    return true;
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      if (AtEnd()) {
        Fail("unterminated string");
        return false;
      }
      const uint8_t c = static_cast<uint8_t>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        ++pos_;
        if (!ParseEscape(out)) return false;
        continue;
      }
      if (c < 0x20) {
        Fail("control character in string");
        return false;
      }
      const size_t n = Utf8SequenceLength(text_, pos_);
      if (n == 0) {
        Fail("invalid UTF-8 in string");
        return false;
      }
      out->append(text_.data() + pos_, n);
      pos_ += n;
    }
  }

  absl::string_view text_;
  size_t pos_ = 0;
  std::string error_;
  size_t error_pos_ = 0;
};

}  // namespace

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::Number(double number, std::string text) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.number_ = number;
  v.text_ = std::move(text);
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::Array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.items_ = std::move(items);
  return v;
}

Value Value::Object(std::vector<Member> members) {
  Value v;
  v.kind_ = Kind::kObject;
  v.members_ = std::move(members);
  return v;
}

const std::string& Value::number_text() const {
  return kind_ == Kind::kNumber ? text_ : EmptyString();
}

const std::string& Value::string_value() const {
  return kind_ == Kind::kString ? text_ : EmptyString();
}

const Value* Value::Find(absl::string_view key) const {
  for (const auto& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

absl::StatusOr<uint64_t> Value::AsUint64() const {
  if (kind_ != Kind::kNumber) {
    return absl::InvalidArgumentError("expected a number");
  }
  uint64_t v = 0;
  for (char c : text_) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(
          absl::StrCat("expected a non-negative integer, got ", text_));
    }
    const uint64_t d = c - '0';
    if (v > (UINT64_MAX - d) / 10) {
      return absl::InvalidArgumentError(
          absl::StrCat("integer out of range: ", text_));
    }
    v = v * 10 + d;
  }
  return v;
}

absl::StatusOr<Value> Parse(absl::string_view text) {
  return Parser(text).ParseDocument();
}

std::string Quote(absl::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const uint8_t c = static_cast<uint8_t>(s[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      default: break;
    }
    const size_t n = c < 0x20 || c == 0x7F ? 0 : Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
      ++i;
      continue;
    }
    out.append(s.data() + i, n);
    i += n;
  }
  out += "\"";
  return out;
}

}  // namespace weft::json
