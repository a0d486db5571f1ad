#include "text/strings.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/utf8.h"

namespace weft::text {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

StringScan Fail(size_t offset, std::string what) {
  StringScan scan;
  scan.error = std::move(what);
  scan.error_offset = offset;
  return scan;
}

// The spec caps a string's decoded length below 2^32 bytes.
constexpr uint64_t kMaxStringBytes = (uint64_t{1} << 32) - 1;

}  // namespace

StringScan ScanStringLiteral(absl::string_view text, std::string* bytes) {
  if (text.empty() || text[0] != '"') return Fail(0, "expected string");
  uint64_t decoded = 0;
  size_t pos = 1;
  while (true) {
    if (pos >= text.size() || text[pos] == '\n' || text[pos] == '\r') {
      return Fail(0, "unterminated string");
    }
    const char c = text[pos];
    if (c == '"') break;
    if (c == '\\') {
      if (pos + 1 >= text.size()) return Fail(0, "unterminated string");
      const char e = text[pos + 1];
      char simple = 0;
      switch (e) {
        case 't': simple = '\t'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case '"': simple = '"'; break;
        case '\'': simple = '\''; break;
        case '\\': simple = '\\'; break;
        default: break;
      }
      if (simple != 0) {
        if (bytes != nullptr) bytes->push_back(simple);
        ++decoded;
        pos += 2;
      } else if (e == 'u') {
        // \u{hexnum}: underscores only between digits; the value is capped
        // as it grows so a long run of digits cannot overflow.
        size_t p = pos + 2;
        if (p >= text.size() || text[p] != '{') {
          return Fail(pos, "invalid escape \\u: expected {");
        }
        ++p;
        uint32_t value = 0;
        bool any = false, last_underscore = false;
        while (p < text.size() && text[p] != '}') {
          if (text[p] == '_' && any && !last_underscore) {
            last_underscore = true;
          } else if (HexValue(text[p]) >= 0) {
            value = value > 0x10FFFF ? value : value * 16 + HexValue(text[p]);
            any = true;
            last_underscore = false;
          } else {
            break;
          }
          ++p;
        }
        if (!any || last_underscore || p >= text.size() || text[p] != '}') {
          return Fail(pos, "malformed \\u{...} escape");
        }
        if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) {
          return Fail(pos, "\\u{...} escape is not a Unicode scalar value");
        }
        std::string utf8;
        AppendUtf8(value, &utf8);
        if (bytes != nullptr) bytes->append(utf8);
        decoded += utf8.size();
        pos = p + 1;
      } else if (HexValue(e) >= 0 && pos + 2 < text.size() &&
                 HexValue(text[pos + 2]) >= 0) {
        if (bytes != nullptr) {
          bytes->push_back(
              static_cast<char>(HexValue(e) * 16 + HexValue(text[pos + 2])));
        }
        ++decoded;
        pos += 3;
      } else {
        const uint8_t b = static_cast<uint8_t>(e);
        return Fail(pos, b >= 0x20 && b < 0x7F
                             ? absl::StrCat("invalid escape \\", std::string(1, e))
                             : "invalid escape");
      }
    } else {
      const uint8_t b = static_cast<uint8_t>(c);
      if (b < 0x20 || b == 0x7F) {
        return Fail(pos, absl::StrFormat(
                             "control character U+%04X in string", b));
      }
      uint32_t cp;
      const size_t length = DecodeUtf8(text, pos, &cp);
      if (length == 0) return Fail(pos, "malformed UTF-8 encoding");
      if (bytes != nullptr) bytes->append(text.data() + pos, length);
      decoded += length;
      pos += length;
    }
    if (decoded > kMaxStringBytes) return Fail(0, "string too long");
  }
  StringScan scan;
  scan.length = pos + 1;
  return scan;
}

absl::StatusOr<std::string> DecodeStringLiteral(absl::string_view literal) {
  std::string bytes;
  const StringScan scan = ScanStringLiteral(literal, &bytes);
  if (!scan.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("offset ", scan.error_offset, ": ", scan.error));
  }
  if (scan.length != literal.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "offset ", scan.length, ": unexpected text after string literal"));
  }
  return bytes;
}

absl::Status CheckName(absl::string_view bytes) {
  const size_t bad = FindInvalidUtf8(bytes);
  if (bad == bytes.size()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("malformed UTF-8 encoding in name at byte ", bad));
}

}  // namespace weft::text
