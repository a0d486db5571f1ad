#include "text/strings.h"

#include <string>

#include "gtest/gtest.h"

namespace weft::text {
namespace {

using std::string_literals::operator""s;

std::string Decode(absl::string_view literal) {
  absl::StatusOr<std::string> bytes = DecodeStringLiteral(literal);
  EXPECT_TRUE(bytes.ok()) << literal << ": " << bytes.status();
  return bytes.ok() ? *bytes : "<error>";
}

std::string Error(absl::string_view literal) {
  absl::StatusOr<std::string> bytes = DecodeStringLiteral(literal);
  EXPECT_FALSE(bytes.ok()) << literal;
  if (bytes.ok()) return "<ok>";
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(bytes.status().message());
}

TEST(StringsTest, PlainCharactersAreTheirUtf8Bytes) {
  EXPECT_EQ(Decode(R"("")"), "");
  EXPECT_EQ(Decode(R"("hello, world")"), "hello, world");
  EXPECT_EQ(Decode("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\""),
            "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(StringsTest, SimpleEscapes) {
  EXPECT_EQ(Decode(R"("\t\n\r\"\'\\")"), "\t\n\r\"'\\");
}

TEST(StringsTest, HexByteEscapesAreRawBytes) {
  EXPECT_EQ(Decode(R"("\00\ff\Fe\7f")"), "\x00\xff\xfe\x7f"s);
  EXPECT_EQ(Decode(R"("a\62c")"), "abc");
}

TEST(StringsTest, UnicodeEscapes) {
  EXPECT_EQ(Decode(R"("\u{0}")"), "\0"s);
  EXPECT_EQ(Decode(R"("\u{41}")"), "A");
  EXPECT_EQ(Decode(R"("\u{e9}")"), "\xC3\xA9");
  EXPECT_EQ(Decode(R"("\u{D7FF}")"), "\xED\x9F\xBF");
  EXPECT_EQ(Decode(R"("\u{E000}")"), "\xEE\x80\x80");
  EXPECT_EQ(Decode(R"("\u{1_F600}")"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Decode(R"("\u{10FFFF}")"), "\xF4\x8F\xBF\xBF");
  EXPECT_EQ(Decode(R"("\u{0000000041}")"), "A");
}

TEST(StringsTest, UnicodeEscapeErrors) {
  EXPECT_EQ(Error(R"("\u{D800}")"),
            "offset 1: \\u{...} escape is not a Unicode scalar value");
  EXPECT_EQ(Error(R"("\u{DFFF}")"),
            "offset 1: \\u{...} escape is not a Unicode scalar value");
  EXPECT_EQ(Error(R"("\u{110000}")"),
            "offset 1: \\u{...} escape is not a Unicode scalar value");
  EXPECT_EQ(Error(R"("\u{ffffffffffffffffffff}")"),
            "offset 1: \\u{...} escape is not a Unicode scalar value");
  EXPECT_EQ(Error(R"("ab\u{}")"), "offset 3: malformed \\u{...} escape");
  EXPECT_EQ(Error(R"("\u{_41}")"), "offset 1: malformed \\u{...} escape");
  EXPECT_EQ(Error(R"("\u{41_}")"), "offset 1: malformed \\u{...} escape");
  EXPECT_EQ(Error(R"("\u{4__1}")"), "offset 1: malformed \\u{...} escape");
  EXPECT_EQ(Error(R"("\u{41")"), "offset 1: malformed \\u{...} escape");
  EXPECT_EQ(Error(R"("\u41")"), "offset 1: invalid escape \\u: expected {");
}

TEST(StringsTest, EscapeErrors) {
  EXPECT_EQ(Error(R"("\q")"), "offset 1: invalid escape \\q");
  EXPECT_EQ(Error(R"("x\0")"), "offset 2: invalid escape \\0");
  EXPECT_EQ(Error(R"("\0g")"), "offset 1: invalid escape \\0");
  EXPECT_EQ(Error("\"\\\x01\""), "offset 1: invalid escape");
  EXPECT_EQ(Error("\"\\"), "offset 0: unterminated string");
}

TEST(StringsTest, ControlCharactersMustBeEscaped) {
  EXPECT_EQ(Error("\"a\tb\""), "offset 2: control character U+0009 in string");
  EXPECT_EQ(Error("\"\x7f\""), "offset 1: control character U+007F in string");
  EXPECT_EQ(Error("\"\0\""s), "offset 1: control character U+0000 in string");
}

TEST(StringsTest, UnterminatedAndTrailing) {
  EXPECT_EQ(Error(R"(")"), "offset 0: unterminated string");
  EXPECT_EQ(Error(R"("abc)"), "offset 0: unterminated string");
  EXPECT_EQ(Error("\"ab\ncd\""), "offset 0: unterminated string");
  EXPECT_EQ(Error("\"ab\rcd\""), "offset 0: unterminated string");
  EXPECT_EQ(Error(R"("a"b)"),
            "offset 3: unexpected text after string literal");
  EXPECT_EQ(Error("abc"), "offset 0: expected string");
}

TEST(StringsTest, MalformedUtf8InSource) {
  EXPECT_EQ(Error("\"a\xff\""), "offset 2: malformed UTF-8 encoding");
  EXPECT_EQ(Error("\"\xC0\x80\""), "offset 1: malformed UTF-8 encoding");
  EXPECT_EQ(Error("\"\xED\xA0\x80\""), "offset 1: malformed UTF-8 encoding");
  EXPECT_EQ(Error("\"\xF4\x90\x80\x80\""),
            "offset 1: malformed UTF-8 encoding");
  EXPECT_EQ(Error("\"\xE2\x82\""), "offset 1: malformed UTF-8 encoding");
}

TEST(StringsTest, ScanStopsAtClosingQuoteAndCanSkipDecoding) {
  const StringScan scan = ScanStringLiteral(R"("a\"b" rest)", nullptr);
  ASSERT_TRUE(scan.ok()) << scan.error;
  EXPECT_EQ(scan.length, 6u);
}

TEST(StringsTest, CheckNameRequiresUtf8) {
  EXPECT_TRUE(CheckName("").ok());
  EXPECT_TRUE(CheckName("caf\xC3\xA9").ok());
  const absl::Status bad = CheckName("ab\xff");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(), "malformed UTF-8 encoding in name at byte 2");
  EXPECT_EQ(CheckName("\xC3").message(),
            "malformed UTF-8 encoding in name at byte 0");
}

}  // namespace
}  // namespace weft::text
