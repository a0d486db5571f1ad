#include "cli/flags.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace weft::cli {
namespace {

const FlagSpec kSpecs[] = {
    {"json", nullptr, "json output"},
    {"fuel", "N", "fuel"},
    {"invoke", "NAME", "export to call"},
    {"dir", "PATH", "preopen", /*repeatable=*/true},
};

absl::StatusOr<ParsedArgs> P(std::vector<std::string> args) {
  return ParseFlags(args, kSpecs);
}

TEST(FlagsTest, PositionalAndFlags) {
  auto r = P({"a.wasm", "--json", "--fuel", "100", "--invoke=add", "b"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->positional, (std::vector<std::string>{"a.wasm", "b"}));
  EXPECT_TRUE(r->Has("json"));
  EXPECT_EQ(r->Get("fuel"), "100");
  EXPECT_EQ(r->Get("invoke"), "add");
  EXPECT_EQ(r->Get("dir", "none"), "none");
  EXPECT_FALSE(r->help);
}

TEST(FlagsTest, NegativeNumbersArePositional) {
  auto r = P({"f.wasm", "--invoke", "sub", "-5", "3", "-1.5", "-inf", "-nan", "-0x10"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->positional, (std::vector<std::string>{"f.wasm", "-5", "3", "-1.5",
                                                     "-inf", "-nan", "-0x10"}));
  EXPECT_EQ(r->Get("invoke"), "sub");
}

TEST(FlagsTest, DoubleDashEndsFlags) {
  auto r = P({"--", "--json", "-x"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->positional, (std::vector<std::string>{"--json", "-x"}));
  EXPECT_FALSE(r->Has("json"));
}

TEST(FlagsTest, Help) {
  EXPECT_TRUE(P({"-h"})->help);
  EXPECT_TRUE(P({"x", "--help"})->help);
}

TEST(FlagsTest, Errors) {
  EXPECT_EQ(P({"--bogus"}).status().message(), "unknown flag: --bogus");
  EXPECT_EQ(P({"--bogus=1"}).status().message(), "unknown flag: --bogus");
  EXPECT_EQ(P({"-x"}).status().message(), "unknown flag: -x");
  EXPECT_EQ(P({"--fuel"}).status().message(), "flag --fuel needs a value (N)");
  EXPECT_EQ(P({"--json=1"}).status().message(), "flag --json takes no value");
  EXPECT_EQ(P({"--json", "--json"}).status().message(),
            "flag --json given more than once");
}

TEST(FlagsTest, RepeatableFlag) {
  auto r = P({"--dir", "a", "--dir=b"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->flags.at("dir"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r->Get("dir"), "b");
}

TEST(FlagsTest, SingleDashIsPositional) {
  auto r = P({"-"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->positional, (std::vector<std::string>{"-"}));
}

const FlagSpec kRunSpecs[] = {
    {"fuel", "N", "fuel"},
    {"verbose", nullptr, "talk"},
    kFlagsEndAtFirstPositional,
};

TEST(FlagsTest, EndAtFirstPositional) {
  auto r = ParseFlags(std::vector<std::string>{"--fuel", "9", "p.wasm", "--verbose",
                                               "-x", "--", "--fuel=1", "-h"},
                      kRunSpecs);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->positional,
            (std::vector<std::string>{"p.wasm", "--verbose", "-x", "--",
                                      "--fuel=1", "-h"}));
  EXPECT_EQ(r->Get("fuel"), "9");
  EXPECT_FALSE(r->Has("verbose"));
  EXPECT_FALSE(r->help);
  // Flags before the file still parse and still fail when unknown; the
  // marker is not a flag named "".
  EXPECT_EQ(ParseFlags(std::vector<std::string>{"--bogus", "p.wasm"}, kRunSpecs)
                .status()
                .message(),
            "unknown flag: --bogus");
  EXPECT_EQ(ParseFlags(std::vector<std::string>{"--=x"}, kRunSpecs)
                .status()
                .message(),
            "unknown flag: --");
  r = ParseFlags(std::vector<std::string>{"--", "--weird.wasm", "a"}, kRunSpecs);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->positional, (std::vector<std::string>{"--weird.wasm", "a"}));
  EXPECT_EQ(FlagsHelp(kRunSpecs).find("  -- "), std::string::npos);
}

TEST(FlagsTest, HelpText) {
  const std::string help = FlagsHelp(kSpecs);
  EXPECT_NE(help.find("  --json "), std::string::npos);
  EXPECT_NE(help.find("  --fuel N "), std::string::npos);
  EXPECT_NE(help.find("export to call"), std::string::npos);
}

TEST(FlagsTest, ValueParsers) {
  EXPECT_EQ(*ParseCount("0"), 0u);
  EXPECT_EQ(*ParseCount("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(ParseCount("").ok());
  EXPECT_FALSE(ParseCount("-1").ok());
  EXPECT_FALSE(ParseCount("+1").ok());
  EXPECT_FALSE(ParseCount("1x").ok());
  EXPECT_FALSE(ParseCount("18446744073709551616").ok());

  EXPECT_EQ(*ParseByteSize("65536"), 65536u);
  EXPECT_EQ(*ParseByteSize("64KiB"), 64u * 1024);
  EXPECT_EQ(*ParseByteSize("64MiB"), 64u << 20);
  EXPECT_EQ(*ParseByteSize("1GiB"), 1u << 30);
  EXPECT_EQ(*ParseByteSize("10KB"), 10000u);
  EXPECT_EQ(*ParseByteSize("3MB"), 3000000u);
  EXPECT_FALSE(ParseByteSize("MiB").ok());
  EXPECT_FALSE(ParseByteSize("64mb").ok());
  EXPECT_FALSE(ParseByteSize("-1MiB").ok());
  EXPECT_FALSE(ParseByteSize("18446744073709551615GiB").ok());

  EXPECT_EQ(*ParsePositiveDuration("2s"), absl::Seconds(2));
  EXPECT_EQ(*ParsePositiveDuration("500ms"), absl::Milliseconds(500));
  EXPECT_EQ(*ParsePositiveDuration("1m30s"), absl::Seconds(90));
  EXPECT_FALSE(ParsePositiveDuration("0s").ok());
  EXPECT_FALSE(ParsePositiveDuration("-1s").ok());
  EXPECT_FALSE(ParsePositiveDuration("2").ok());
  EXPECT_FALSE(ParsePositiveDuration("inf").ok());
}

}  // namespace
}  // namespace weft::cli
