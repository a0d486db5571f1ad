#include "base/json.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace weft::json {
namespace {

TEST(JsonTest, ParsesScalars) {
  EXPECT_TRUE(Parse("null")->is_null());
  EXPECT_TRUE(Parse(" true ")->bool_value());
  EXPECT_FALSE(Parse("false")->bool_value());
  auto n = Parse("-12.5e1");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->number(), -125.0);
  EXPECT_EQ(n->number_text(), "-12.5e1");
  EXPECT_EQ(Parse("\"hi\"")->string_value(), "hi");
}

TEST(JsonTest, ParsesNestedStructure) {
  auto v = Parse(R"({"commands": [{"type": "module", "line": 5},
                    {"type": "x", "args": []}], "e": {}})");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_TRUE(v->is_object());
  const Value* cmds = v->Find("commands");
  ASSERT_NE(cmds, nullptr);
  ASSERT_EQ(cmds->items().size(), 2u);
  EXPECT_EQ(cmds->items()[0].Find("type")->string_value(), "module");
  EXPECT_EQ(*cmds->items()[0].Find("line")->AsUint64(), 5u);
  EXPECT_TRUE(cmds->items()[1].Find("args")->items().empty());
  EXPECT_EQ(v->Find("missing"), nullptr);
  EXPECT_TRUE(v->Find("e")->is_object());
}

TEST(JsonTest, DecodesEscapes) {
  auto v = Parse(R"("a\"b\\c\/d\b\f\n\r\t\u0000\u00e9\u20ac\ud83d\ude00")");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->string_value(),
            std::string("a\"b\\c/d\b\f\n\r\t") + std::string(1, '\0') +
                "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(JsonTest, AcceptsRawUtf8) {
  auto v = Parse("\"\xe2\x82\xac\xf0\x9f\x98\x80\"");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->string_value(), "\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(JsonTest, RejectsNonStrictInput) {
  const char* bad[] = {
      "",                  // empty
      "   ",               // only whitespace
      "[1,]",              // trailing comma
      "{\"a\":1,}",        // trailing comma in object
      "01",                // leading zero
      "-",                 // sign only
      "1.",                // missing fraction digits
      "1e",                // missing exponent digits
      ".5",                // no integer part
      "+1",                // plus sign
      "'a'",               // single quotes
      "\"a",               // unterminated
      "\"a\nb\"",          // raw control character
      "\"\\x\"",           // bad escape
      "\"\\u12\"",         // short \u
      "\"\\ud800\"",       // lone high surrogate
      "\"\\udc00\"",       // lone low surrogate
      "\"\\ud800\\u0041\"",  // high surrogate + non-surrogate
      "\"\xff\"",          // invalid UTF-8
      "\"\xc0\xaf\"",      // overlong
      "\"\xed\xa0\x80\"",  // encoded surrogate
      "\"\xe2\x82\"",      // truncated sequence
      "{\"a\":1,\"a\":2}",  // duplicate key
      "{1:2}",             // non-string key
      "{\"a\" 1}",         // missing colon
      "[1 2]",             // missing comma
      "nul",               // truncated literal
      "True",              // wrong case
      "1 2",               // two values
      "[] x",              // trailing garbage
      "// c\n1",           // comment
  };
  for (const char* text : bad) {
    EXPECT_FALSE(Parse(text).ok()) << "accepted: " << text;
  }
}

TEST(JsonTest, ErrorNamesLineAndColumn) {
  auto v = Parse("{\n  \"a\": tru\n}");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(std::string(v.status().message()).find("line 2, column 8"),
            std::string::npos)
      << v.status();
}

TEST(JsonTest, DepthIsCapped) {
  std::string deep(kMaxDepth + 10, '[');
  deep += std::string(kMaxDepth + 10, ']');
  EXPECT_FALSE(Parse(deep).ok());
  std::string ok(100, '[');
  ok += std::string(100, ']');
  EXPECT_TRUE(Parse(ok).ok());
  // Far beyond the cap must fail cleanly, not overflow the stack.
  EXPECT_FALSE(Parse(std::string(1000000, '[')).ok());
}

TEST(JsonTest, AsUint64) {
  EXPECT_EQ(*Parse("18446744073709551615")->AsUint64(), UINT64_MAX);
  EXPECT_FALSE(Parse("18446744073709551616")->AsUint64().ok());
  EXPECT_FALSE(Parse("-1")->AsUint64().ok());
  EXPECT_FALSE(Parse("1.0")->AsUint64().ok());
  EXPECT_FALSE(Parse("1e3")->AsUint64().ok());
  EXPECT_FALSE(Parse("\"1\"")->AsUint64().ok());
}

TEST(JsonTest, QuoteEscapesAndRoundTrips) {
  EXPECT_EQ(Quote("plain"), "\"plain\"");
  EXPECT_EQ(Quote("a\"b\\c\n\t\r"), "\"a\\\"b\\\\c\\n\\t\\r\"");
  EXPECT_EQ(Quote(std::string("\0\x01\x1f\x7f", 4)),
            "\"\\u0000\\u0001\\u001f\\u007f\"");
  EXPECT_EQ(Quote("\xe2\x82\xac"), "\"\xe2\x82\xac\"");
  EXPECT_EQ(Quote("\xff"), "\"\\u00ff\"");  // invalid byte stays valid JSON
  const std::string tricky = std::string("x\0y\"\\\n\xc3\xa9", 8);
  auto back = Parse(Quote(tricky));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->string_value(), tricky);
}

TEST(JsonTest, SurvivesRandomEdits) {
  const std::string base =
      R"({"commands": [{"type": "module", "line": 1, "filename": "a.0.wasm",)"
      R"( "args": [{"type": "f32", "value": "nan:canonical"}]}],)"
      R"( "x": [true, false, null, -1.5e3, "\u00e9\ud83d\ude00"]})";
  ASSERT_TRUE(Parse(base).ok());
  std::mt19937 rng(42);
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s = base;
    for (int edits = 1 + rng() % 4; edits > 0 && !s.empty(); --edits) {
      const size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0: s[pos] = static_cast<char>(rng()); break;
        case 1: s.erase(pos, 1); break;
        default: s.insert(pos, 1, static_cast<char>(rng())); break;
      }
    }
    absl::StatusOr<Value> v = Parse(s);
    if (v.ok()) {
      ++accepted;
    } else {
      ++rejected;
      EXPECT_NE(v.status().message().find(" at line "), std::string::npos);
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

TEST(JsonTest, QuoteAlwaysYieldsValidJson) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 16, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    absl::StatusOr<Value> v = Parse(Quote(s));
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_TRUE(v->is_string());
  }
}

}  // namespace
}  // namespace weft::json
