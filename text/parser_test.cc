#include "text/parser.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weft::text {
namespace {

using ::testing::HasSubstr;

std::vector<uint8_t> Header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

// The module's bytes after the 8-byte header.
std::vector<uint8_t> Body(absl::string_view wat) {
  absl::StatusOr<std::vector<uint8_t>> bytes = ParseWat(wat);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (!bytes.ok()) return {};
  EXPECT_GE(bytes->size(), 8u);
  return std::vector<uint8_t>(bytes->begin() + 8, bytes->end());
}

std::string Error(absl::string_view wat) {
  absl::StatusOr<std::vector<uint8_t>> bytes = ParseWat(wat);
  EXPECT_FALSE(bytes.ok()) << "parsed: " << wat;
  return bytes.ok() ? "" : std::string(bytes.status().message());
}

using Bytes = std::vector<uint8_t>;

// Type section with one () -> () type, function section, code section with
// one body `body` (no locals).
Bytes OneVoidFunc(const Bytes& body) {
  Bytes out = {0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0A};
  const uint8_t size = static_cast<uint8_t>(body.size() + 2);
  out.push_back(size + 2);
  out.push_back(0x01);
  out.push_back(size);
  out.push_back(0x00);
  out.insert(out.end(), body.begin(), body.end());
  out.push_back(0x0B);
  return out;
}

TEST(ParserTest, EmptyModule) {
  EXPECT_EQ(*ParseWat("(module)"), Header());
  EXPECT_EQ(*ParseWat("(module $name)"), Header());
  EXPECT_EQ(*ParseWat(""), Header());
  EXPECT_EQ(*ParseWat(" ;; comment\n"), Header());
}

TEST(ParserTest, FunctionWithInlineType) {
  EXPECT_EQ(Body("(module (func (param i32) (result i32) (local.get 0)))"),
            (Bytes{0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F,  // type
                   0x03, 0x02, 0x01, 0x00,                          // func
                   0x0A, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0B}));
}

TEST(ParserTest, PlainAndFoldedAgree) {
  EXPECT_EQ(Body("(func (drop (i32.add (i32.const 1) (i32.const 2))))"),
            Body("(func i32.const 1 i32.const 2 i32.add drop)"));
  EXPECT_EQ(Body("(func (nop))"), OneVoidFunc({0x01}));
}

// Every .wat under text/testdata encodes to the bytes wat2wasm (wabt)
// produces for it.
TEST(ParserDifferentialTest, MatchesWat2Wasm) {
  const char* kWat2Wasm = "/usr/bin/wat2wasm";
  ASSERT_TRUE(std::filesystem::exists(kWat2Wasm))
      << kWat2Wasm << " is missing: install Debian's wabt package to run this test";
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string tmpdir = tmp != nullptr ? tmp : "/tmp";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator("text/testdata")) {
    if (entry.path().extension() != ".wat") continue;
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path());
    const std::string wat((std::istreambuf_iterator<char>(in)), {});
    const std::string out = absl::StrCat(tmpdir, "/", entry.path().stem().string(), ".wasm");
    const std::string command =
        absl::StrCat(kWat2Wasm, " ", entry.path().string(), " -o ", out);
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream wasm(out, std::ios::binary);
    const Bytes expected((std::istreambuf_iterator<char>(wasm)), {});
    absl::StatusOr<Bytes> actual = ParseWat(wat);
    ASSERT_TRUE(actual.ok()) << actual.status();
    EXPECT_EQ(*actual, expected);
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

}  // namespace
}  // namespace weft::text
