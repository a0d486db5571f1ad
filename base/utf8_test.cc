#include "base/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace weft {
namespace {

bool Valid(std::string s) { return IsValidUtf8(s); }

TEST(Utf8Test, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(Valid(""));
  EXPECT_TRUE(Valid("a"));
  EXPECT_TRUE(Valid("hello, world: a longer ascii name"));
  EXPECT_TRUE(Valid(std::string("\0\x7f", 2)));
}

TEST(Utf8Test, AcceptsBoundaryCodePoints) {
  EXPECT_TRUE(Valid("\xC2\x80"));          // U+0080
  EXPECT_TRUE(Valid("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(Valid("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(Valid("\xED\x9F\xBF"));      // U+D7FF
  EXPECT_TRUE(Valid("\xEE\x80\x80"));      // U+E000
  EXPECT_TRUE(Valid("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(Valid("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(Valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(Valid("abcdefgh\xE2\x82\xAC" "abcdefghijk"));  // mixed, euro
}

TEST(Utf8Test, RejectsOverlongForms) {
  EXPECT_FALSE(Valid("\xC0\x80"));
  EXPECT_FALSE(Valid("\xC1\xBF"));
  EXPECT_FALSE(Valid("\xE0\x80\x80"));
  EXPECT_FALSE(Valid("\xE0\x9F\xBF"));
  EXPECT_FALSE(Valid("\xF0\x80\x80\x80"));
  EXPECT_FALSE(Valid("\xF0\x8F\xBF\xBF"));
}

TEST(Utf8Test, RejectsSurrogatesAndOutOfRange) {
  EXPECT_FALSE(Valid("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(Valid("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(Valid("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(Valid("\xF5\x80\x80\x80"));
  EXPECT_FALSE(Valid("\xFF"));
  EXPECT_FALSE(Valid("\xFE"));
}

TEST(Utf8Test, RejectsBadContinuations) {
  EXPECT_FALSE(Valid("\x80"));              // stray continuation
  EXPECT_FALSE(Valid("abcdefgh\xBF"));      // after the fast path
  EXPECT_FALSE(Valid("\xC2"));              // truncated
  EXPECT_FALSE(Valid("\xE2\x82"));          // truncated
  EXPECT_FALSE(Valid("\xF0\x9F\x98"));      // truncated
  EXPECT_FALSE(Valid("\xC2\x41"));          // non-continuation
  EXPECT_FALSE(Valid("\xE2\x82\x41"));
  EXPECT_FALSE(Valid("\xF0\x9F\x41\x80"));
  EXPECT_FALSE(Valid("\xF0\x9F\x98\xC0"));
}

// Every one- and two-byte input checked against a direct decoding.
TEST(Utf8Test, ExhaustiveShortInputsMatchReferenceDecoding) {
  auto reference = [](const uint8_t* p, size_t n) {
    size_t i = 0;
    while (i < n) {
      uint8_t b = p[i];
      if (b < 0x80) { ++i; continue; }
      if (b < 0xC2 || b > 0xDF) return false;  // only 2-byte forms fit here
      if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return false;
      i += 2;
    }
    return true;
  };
  for (int a = 0; a < 256; ++a) {
    uint8_t one[1] = {static_cast<uint8_t>(a)};
    // A lone lead byte of a 3/4-byte form is also invalid.
    EXPECT_EQ(IsValidUtf8(one, 1), reference(one, 1)) << a;
    for (int b = 0; b < 256; ++b) {
      uint8_t two[2] = {static_cast<uint8_t>(a), static_cast<uint8_t>(b)};
      EXPECT_EQ(IsValidUtf8(two, 2), reference(two, 2)) << a << " " << b;
    }
  }
}

TEST(Utf8Test, DecodeRejectsOverlongSurrogatesAndOutOfRange) {
  uint32_t cp = 0;
  EXPECT_EQ(DecodeUtf8("\x7f", 0, &cp), 1u);
  EXPECT_EQ(cp, 0x7Fu);
  EXPECT_EQ(DecodeUtf8("\xC2\x80", 0, &cp), 2u);
  EXPECT_EQ(cp, 0x80u);
  EXPECT_EQ(DecodeUtf8("\xF4\x8F\xBF\xBF", 0, &cp), 4u);
  EXPECT_EQ(cp, 0x10FFFFu);
  EXPECT_EQ(DecodeUtf8("\xC1\xBF", 0, &cp), 0u);          // overlong
  EXPECT_EQ(DecodeUtf8("\xE0\x9F\xBF", 0, &cp), 0u);      // overlong
  EXPECT_EQ(DecodeUtf8("\xF0\x8F\xBF\xBF", 0, &cp), 0u);  // overlong
  EXPECT_EQ(DecodeUtf8("\xED\xBF\xBF", 0, &cp), 0u);      // surrogate
  EXPECT_EQ(DecodeUtf8("\xF8\x88\x80\x80\x80", 0, &cp), 0u);
  EXPECT_EQ(DecodeUtf8("\x80", 0, &cp), 0u);
  EXPECT_EQ(DecodeUtf8("", 0, &cp), 0u);
  EXPECT_EQ(FindInvalidUtf8("ok\xC3\xA9\xC3"), 4u);
}

}  // namespace
}  // namespace weft
