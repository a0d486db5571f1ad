// A small, strict JSON reader (RFC 8259) for untrusted text — the files
// wast2json writes, plugin capability configs, plugin payloads — and a
// string quoter for the JSON weft prints (`weft inspect --json`).
//
// Strict means: exactly one value and optional whitespace in the input; no
// comments, trailing commas, leading zeros, single quotes, control characters
// or invalid UTF-8 in strings, lone surrogates in \u escapes, or duplicate
// object keys. Nesting is capped so hostile input cannot exhaust the stack.
#ifndef WEFT_BASE_JSON_H_
#define WEFT_BASE_JSON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weft::json {

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  Value() = default;
  static Value Null() { return Value(); }
  static Value Bool(bool b);
  // `text` is the number exactly as written; `number` its double value.
  static Value Number(double number, std::string text);
  static Value String(std::string s);
  static Value Array(std::vector<Value> items);
  static Value Object(std::vector<Member> members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // Accessors return a neutral value (false, 0, "", empty) on a kind
  // mismatch; callers check the kind first when it matters.
  bool bool_value() const { return kind_ == Kind::kBool && bool_; }
  double number() const { return kind_ == Kind::kNumber ? number_ : 0; }
  // The number's source text ("12", "-1.5e3"); empty for other kinds.
  const std::string& number_text() const;
  const std::string& string_value() const;
  const std::vector<Value>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }

  // Object member lookup; nullptr when absent or when this is no object.
  const Value* Find(absl::string_view key) const;

  // The number as a non-negative integer when it is written as one (no
  // fraction, no exponent, no sign) and fits in 64 bits.
  absl::StatusOr<uint64_t> AsUint64() const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string text_;  // string value, or the number's text
  std::vector<Value> items_;
  std::vector<Member> members_;
};

inline constexpr int kMaxDepth = 256;

// Parses `text`. Errors say what was wrong and where ("line L, column C").
absl::StatusOr<Value> Parse(absl::string_view text);

// `s` (UTF-8, possibly containing arbitrary bytes) as a JSON string literal,
// quotes included. Control characters and invalid UTF-8 bytes are escaped
// (invalid bytes as \u00XX of the byte value, so output is always valid JSON).
std::string Quote(absl::string_view s);

}  // namespace weft::json

#endif  // WEFT_BASE_JSON_H_
