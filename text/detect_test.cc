#include "text/detect.h"

#include <string>

#include "gtest/gtest.h"

namespace weft::text {
namespace {

using std::string_literals::operator""s;

TEST(DetectTest, TextModulesAfterSpaceAndComments) {
  EXPECT_TRUE(LooksLikeWat("(module)"));
  EXPECT_TRUE(LooksLikeWat("  \n\t(func)"));
  EXPECT_TRUE(LooksLikeWat(";; a comment\n(module)"));
  EXPECT_TRUE(LooksLikeWat("(; block (; nested ;) ;) (module)"));
  EXPECT_TRUE(LooksLikeWat("(; never closed"));  // ParseWat reports it
}

TEST(DetectTest, BinaryAndOtherBytesAreNotText) {
  EXPECT_FALSE(LooksLikeWat("\0asm\1\0\0\0"s));
  EXPECT_FALSE(LooksLikeWat(""));
  EXPECT_FALSE(LooksLikeWat("   \n"));
  EXPECT_FALSE(LooksLikeWat("module"));
  EXPECT_FALSE(LooksLikeWat(";; only a comment"));
  EXPECT_FALSE(LooksLikeWat("hello, world"));
}

}  // namespace
}  // namespace weft::text
