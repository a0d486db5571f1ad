#include "base/json.h"

#include <random>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

// A refused document: InvalidArgument "JSON: <what> at line L, column C".
void ExpectRefused(absl::string_view text, absl::string_view what) {
  absl::StatusOr<Value> v = Parse(text);
  ASSERT_FALSE(v.ok()) << "accepted: " << text;
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << v.status();
  EXPECT_TRUE(absl::StartsWith(v.status().message(), absl::StrCat("JSON: ", what, " at line ")))
      << text << " -> " << v.status();
}

TEST(JsonTest, RejectsNonStrictInput) {
  struct Case {
    const char* text;
    const char* what;  // the refusal, before " at line L, column C"
  };
  const Case bad[] = {
      {"", "unexpected end of input"},                    // empty
      {"   ", "unexpected end of input"},                 // only whitespace
      {"[1,]", "unexpected character"},                   // trailing comma
      {"{\"a\":1,}", "expected a string key"},            // trailing comma in object
      {"01", "leading zero in number"},                   // leading zero
      {"-", "expected digits"},                           // sign only
      {"1.", "expected digits after '.'"},                // missing fraction digits
      {"1e", "expected exponent digits"},                 // missing exponent digits
      {".5", "unexpected character"},                     // no integer part
      {"+1", "unexpected character"},                     // plus sign
      {"'a'", "unexpected character"},                    // single quotes
      {"\"a", "unterminated string"},                     // unterminated
      {"\"a\nb\"", "control character in string"},        // raw control character
      {"\"\\x\"", "invalid escape"},                      // bad escape
      {"\"\\u12\"", "expected 4 hex digits in \\u escape"},  // short \u
      {"\"\\ud800\"", "high surrogate not followed by a low surrogate"},  // lone high
      {"\"\\udc00\"", "lone low surrogate in \\u escape"},  // lone low surrogate
      {"\"\\ud800\\u0041\"",                              // high surrogate + non-surrogate
       "high surrogate not followed by a low surrogate"},
      {"\"\xff\"", "invalid UTF-8 in string"},            // invalid UTF-8
      {"\"\xc0\xaf\"", "invalid UTF-8 in string"},        // overlong
      {"\"\xed\xa0\x80\"", "invalid UTF-8 in string"},    // encoded surrogate
      {"\"\xe2\x82\"", "invalid UTF-8 in string"},        // truncated sequence
      {"{\"a\":1,\"a\":2}", "duplicate key \"a\""},       // duplicate key
      {"{1:2}", "expected a string key"},                 // non-string key
      {"{\"a\" 1}", "expected ':'"},                      // missing colon
      {"[1 2]", "expected ',' or ']'"},                   // missing comma
      {"nul", "unexpected character"},                    // truncated literal
      {"True", "unexpected character"},                   // wrong case
      {"1 2", "unexpected content after the JSON value"},   // two values
      {"[] x", "unexpected content after the JSON value"},  // trailing garbage
      {"// c\n1", "unexpected character"},                // comment
  };
  for (const Case& c : bad) ExpectRefused(c.text, c.what);
}

TEST(JsonTest, ErrorNamesLineAndColumn) {
  auto v = Parse("{\n  \"a\": tru\n}");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(v.status().message(), "JSON: unexpected character at line 2, column 8");
}

TEST(JsonTest, DepthIsCapped) {
  std::string deep(kMaxDepth + 10, '[');
  deep += std::string(kMaxDepth + 10, ']');
  ExpectRefused(deep, "nesting too deep");
  std::string ok(100, '[');
  ok += std::string(100, ']');
  EXPECT_TRUE(Parse(ok).ok());
  // Far beyond the cap must fail cleanly, not overflow the stack.
  ExpectRefused(std::string(1000000, '['), "nesting too deep");
}

TEST(JsonTest, AsUint64) {
  EXPECT_EQ(*Parse("18446744073709551615")->AsUint64(), UINT64_MAX);
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"18446744073709551616", "integer out of range: 18446744073709551616"},
           Case{"-1", "expected a non-negative integer, got -1"},
           Case{"1.0", "expected a non-negative integer, got 1.0"},
           Case{"1e3", "expected a non-negative integer, got 1e3"},
           Case{"\"1\"", "expected a number"},
       }) {
    absl::StatusOr<Value> v = Parse(c.text);
    ASSERT_TRUE(v.ok()) << c.text << ": " << v.status();
    absl::StatusOr<uint64_t> n = v->AsUint64();
    ASSERT_FALSE(n.ok()) << c.text << " -> " << *n;
    EXPECT_EQ(n.status().code(), absl::StatusCode::kInvalidArgument) << n.status();
    EXPECT_EQ(n.status().message(), c.message);
  }
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
