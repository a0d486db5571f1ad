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

// A refused value: InvalidArgument with exactly `message`.
template <typename T>
void ExpectRefused(const absl::StatusOr<T>& v, const std::string& message) {
  ASSERT_FALSE(v.ok()) << "accepted; expected " << message;
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << v.status();
  EXPECT_EQ(v.status().message(), message);
}

TEST(FlagsTest, ValueParsers) {
  EXPECT_EQ(*ParseCount("0"), 0u);
  EXPECT_EQ(*ParseCount("18446744073709551615"), UINT64_MAX);
  for (std::string text : {"", "-1", "+1", "1x", "18446744073709551616"}) {
    ExpectRefused(ParseCount(text),
                  "expected a non-negative integer, got \"" + text + "\"");
  }

  EXPECT_EQ(*ParseByteSize("65536"), 65536u);
  EXPECT_EQ(*ParseByteSize("64KiB"), 64u * 1024);
  EXPECT_EQ(*ParseByteSize("64MiB"), 64u << 20);
  EXPECT_EQ(*ParseByteSize("1GiB"), 1u << 30);
  EXPECT_EQ(*ParseByteSize("10KB"), 10000u);
  EXPECT_EQ(*ParseByteSize("3MB"), 3000000u);
  for (std::string text : {"MiB", "64mb", "-1MiB", "18446744073709551615GiB"}) {
    ExpectRefused(ParseByteSize(text),
                  "expected a size like 65536, 64KiB, 64MiB or 1GiB, got \"" + text + "\"");
  }

  EXPECT_EQ(*ParsePositiveDuration("2s"), absl::Seconds(2));
  EXPECT_EQ(*ParsePositiveDuration("500ms"), absl::Milliseconds(500));
  EXPECT_EQ(*ParsePositiveDuration("1m30s"), absl::Seconds(90));
  for (std::string text : {"0s", "-1s", "2", "inf"}) {
    ExpectRefused(ParsePositiveDuration(text),
                  "expected a positive duration like 2s, 500ms or 1m, got \"" + text + "\"");
  }
}

}  // namespace
}  // namespace weft::cli
