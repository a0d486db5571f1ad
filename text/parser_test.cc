#include "text/parser.h"

#include <algorithm>
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

constexpr char kWat2Wasm[] = "/usr/bin/wat2wasm";

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

// A funcref segment of ref.func items keeps the expression form (flag 4):
// the index form would be typed (ref func) in 3.0 and fit tables a funcref
// segment must not (wat2wasm 1.0.32 writes indices here). Indices stay
// indices.
TEST(ParserTest, FuncrefSegmentsKeepTheirType) {
  EXPECT_EQ(Body("(module (func $f) (table 1 funcref) (elem (i32.const 0) funcref (ref.func $f)))"),
            Body("(module (func $f) (table 1 funcref) (elem (i32.const 0) funcref (item ref.func $f)))"));
  const Bytes exprs = Body("(module (func $f) (table 1 funcref) (elem (i32.const 0) funcref (ref.func $f)))");
  const Bytes elem_exprs = {0x09, 0x09, 0x01, 0x04, 0x41, 0x00, 0x0B, 0x01, 0xD2, 0x00, 0x0B};
  EXPECT_NE(std::search(exprs.begin(), exprs.end(), elem_exprs.begin(), elem_exprs.end()),
            exprs.end());
  const Bytes indices = Body("(module (func $f) (table 1 funcref) (elem (i32.const 0) func $f))");
  const Bytes elem_indices = {0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00};
  EXPECT_NE(std::search(indices.begin(), indices.end(), elem_indices.begin(), elem_indices.end()),
            indices.end());
}

TEST(ParserTest, PlainAndFoldedAgree) {
  EXPECT_EQ(Body("(func (drop (i32.add (i32.const 1) (i32.const 2))))"),
            Body("(func i32.const 1 i32.const 2 i32.add drop)"));
  EXPECT_EQ(Body("(func (nop))"), OneVoidFunc({0x01}));
}


// Each abbreviation encodes exactly like its expansion.
struct Equivalence {
  const char* abbreviated;
  const char* expanded;
};

class AbbreviationTest : public ::testing::TestWithParam<Equivalence> {};

TEST_P(AbbreviationTest, EncodesLikeExpansion) {
  EXPECT_EQ(Body(GetParam().abbreviated), Body(GetParam().expanded));
}

INSTANTIATE_TEST_SUITE_P(
    Spec, AbbreviationTest,
    ::testing::Values(
        // Bare fields are a module.
        Equivalence{"(func)", "(module (func))"},
        // Implicit type definitions: reuse a matching one, else append.
        Equivalence{"(type (func (param i32))) (func (param i32))",
                    "(type (func (param i32))) (func (type 0))"},
        Equivalence{"(func (param i32)) (type (func))",
                    "(type (func)) (type (func (param i32))) (func (type 1))"},
        Equivalence{"(type $t (func (param i32))) (func (type $t) (param i32))",
                    "(type (func (param i32))) (func (type 0))"},
        Equivalence{"(func (param i32 i64) (result f32 f64) unreachable)",
                    "(func (param i32) (param i64) (result f32) (result f64) unreachable)"},
        // Named and unnamed locals share one index space.
        Equivalence{"(func (param $a i32) (local $b i64) (local.set $b (i64.extend_i32_u "
                    "(local.get $a))))",
                    "(func (param i32) (local i64) (local.set 1 (i64.extend_i32_u "
                    "(local.get 0))))"},
        Equivalence{"(type $t (func (param i32))) (func (type $t) (local $x i32) "
                    "(local.set $x (local.get 0)))",
                    "(type (func (param i32))) (func (type 0) (local i32) "
                    "(local.set 1 (local.get 0)))"},
        // Labels by name and depth, shadowing.
        Equivalence{"(func (block $a (block $b (br $a) (br $b))))",
                    "(func (block (block (br 1) (br 0))))"},
        Equivalence{"(func (block $a (block $a (br $a))))", "(func (block (block (br 0))))"},
        Equivalence{"(func (loop $l (br_if $l (i32.const 0))))",
                    "(func loop $l i32.const 0 br_if $l end)"},
        Equivalence{"(func (if (i32.const 1) (then nop) (else nop)))",
                    "(func i32.const 1 if nop else nop end)"},
        Equivalence{"(func (if $x (i32.const 1) (then (br $x))))",
                    "(func i32.const 1 if $x br $x end $x)"},
        // Block types: [] -> [t] inline, anything else a (possibly new) type.
        Equivalence{"(func (block (result i32 i32) unreachable) drop drop)",
                    "(type (func)) (type (func (result i32 i32))) "
                    "(func (type 0) (block (type 1) unreachable) drop drop)"},
        // A block's (type x) of [] -> [t?] takes the short form (wat2wasm's).
        Equivalence{"(type (func (result i32))) (type (func)) (func (block (type 0) "
                    "unreachable) drop (block (type 1)))",
                    "(type (func (result i32))) (type (func)) (func (block (result i32) "
                    "unreachable) drop (block))"},
        // An empty else is dropped (wat2wasm's encoding).
        Equivalence{"(func (if (i32.const 0) (then nop) (else)))",
                    "(func (if (i32.const 0) (then nop)))"},
        Equivalence{"(func i32.const 0 if nop else end)", "(func i32.const 0 if nop end)"},
        // Omitted indices are 0; memarg defaults are natural alignment.
        Equivalence{"(table 1 funcref) (func (drop (table.size)))",
                    "(table 1 funcref) (func (drop (table.size 0)))"},
        Equivalence{"(table 1 funcref) (type (func)) (func (call_indirect (i32.const 0)))",
                    "(table 1 funcref) (type (func)) (func (call_indirect 0 (type 0) "
                    "(i32.const 0)))"},
        Equivalence{"(memory 1) (func (drop (i64.load (i32.const 0))))",
                    "(memory 1) (func (drop (i64.load offset=0 align=8 (i32.const 0))))"},
        Equivalence{"(table 1 funcref) (elem funcref) (func (table.init 0 "
                    "(i32.const 0) (i32.const 0) (i32.const 0)))",
                    "(table 1 funcref) (elem funcref) (func (table.init 0 0 "
                    "(i32.const 0) (i32.const 0) (i32.const 0)))"},
        Equivalence{"(table 1 funcref) (func (table.copy (i32.const 0) (i32.const 0) "
                    "(i32.const 0)))",
                    "(table 1 funcref) (func (table.copy 0 0 (i32.const 0) (i32.const 0) "
                    "(i32.const 0)))"},
        // Inline exports and imports.
        Equivalence{"(func (export \"a\") (export \"b\"))",
                    "(func) (export \"a\" (func 0)) (export \"b\" (func 0))"},
        Equivalence{"(func $f (export \"e\") (import \"m\" \"n\") (param i32))",
                    "(import \"m\" \"n\" (func $f (param i32))) (export \"e\" (func $f))"},
        Equivalence{"(table (import \"m\" \"t\") 1 2 externref)",
                    "(import \"m\" \"t\" (table 1 2 externref))"},
        Equivalence{"(memory (export \"m\") (import \"m\" \"n\") 1)",
                    "(import \"m\" \"n\" (memory 1)) (export \"m\" (memory 0))"},
        Equivalence{"(global (import \"m\" \"n\") (mut i32))",
                    "(import \"m\" \"n\" (global (mut i32)))"},
        Equivalence{"(global $g (export \"g\") i32 (i32.const 1))",
                    "(global i32 (i32.const 1)) (export \"g\" (global 0))"},
        // Inline segments.
        Equivalence{"(memory (data \"ab\" \"c\"))",
                    "(memory 1 1) (data (memory 0) (i32.const 0) \"abc\")"},
        Equivalence{"(memory (data))", "(memory 0 0) (data (i32.const 0))"},
        Equivalence{"(table funcref (elem $f $f)) (func $f)",
                    "(table 2 2 funcref) (elem (table 0) (i32.const 0) func 0 0) (func)"},
        Equivalence{"(table funcref (elem (ref.func $f))) (func $f)",
                    "(table 1 1 funcref) (elem (i32.const 0) funcref (ref.func $f)) (func $f)"},
        // Offsets: (offset e*) or one folded instruction.
        Equivalence{"(memory 1) (data (i32.const 8) \"x\")",
                    "(memory 1) (data (offset i32.const 8) \"x\")"},
        Equivalence{"(func $f) (table 1 funcref) (elem (i32.const 0) $f)",
                    "(func $f) (table 1 funcref) (elem (table 0) (offset (i32.const 0)) "
                    "func $f)"},
        Equivalence{"(func $f) (table 1 funcref) (elem (i32.const 0) funcref (item "
                    "ref.func $f))",
                    "(func $f) (table 1 funcref) (elem (i32.const 0) funcref (ref.func $f))"},
        // Identifiers may be used before their definition, in every space.
        Equivalence{"(func (call $g) (global.get $x) drop (data.drop $d) (elem.drop $e) "
                    "(drop (table.size $t))) (func $g) (global $x i32 (i32.const 0)) "
                    "(data $d \"\") (elem $e func) (table $t 0 funcref) (memory 0)",
                    "(func (call 1) (global.get 0) drop (data.drop 0) (elem.drop 0) "
                    "(drop (table.size 0))) (func) (global i32 (i32.const 0)) "
                    "(data \"\") (elem func) (table 0 funcref) (memory 0)"},
        Equivalence{"(type $a (func)) (func (type $a))", "(type (func)) (func (type 0))"},
        // Annotations are white space.
        Equivalence{"(func (@hint x (y)) nop)", "(func nop)"},
        // Typed and untyped select.
        Equivalence{"(func (result i32) (select (result i32) (i32.const 1) (i32.const 2) "
                    "(i32.const 3)))",
                    "(func (result i32) i32.const 1 i32.const 2 i32.const 3 select "
                    "(result i32))"}));

TEST(ParserTest, ImmediateEncodings) {
  // i32/i64 as signed LEB128, floats as little-endian bits.
  EXPECT_EQ(Body("(func (drop (i32.const 0xffffffff)))"),
            OneVoidFunc({0x41, 0x7F, 0x1A}));
  EXPECT_EQ(Body("(func (drop (i32.const -128)))"), OneVoidFunc({0x41, 0x80, 0x7F, 0x1A}));
  EXPECT_EQ(Body("(func (drop (i64.const 64)))"), OneVoidFunc({0x42, 0xC0, 0x00, 0x1A}));
  EXPECT_EQ(Body("(func (drop (f32.const -0)))"),
            OneVoidFunc({0x43, 0x00, 0x00, 0x00, 0x80, 0x1A}));
  EXPECT_EQ(Body("(func (drop (f64.const 1)))"),
            OneVoidFunc({0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x1A}));
  // br_table: count of targets, targets, default.
  EXPECT_EQ(Body("(func (block (block (br_table 0 1 0 (i32.const 0)))))"),
            OneVoidFunc({0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x00, 0x01,
                         0x00, 0x0B, 0x0B}));
  // Prefixed opcodes: prefix byte then LEB128 sub-opcode.
  EXPECT_EQ(Body("(func (drop (i32.trunc_sat_f32_s (f32.const 0))))"),
            OneVoidFunc({0x43, 0, 0, 0, 0, 0xFC, 0x00, 0x1A}));
  EXPECT_EQ(Body("(func (drop (i8x16.abs (v128.const i64x2 0 0))))"),
            OneVoidFunc({0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                         0xFD, 0x60, 0x1A}));
  EXPECT_EQ(Body("(func (drop (ref.null extern)))"), OneVoidFunc({0xD0, 0x6F, 0x1A}));
  EXPECT_EQ(Body("(func (select (result i32 f32)))"),
            OneVoidFunc({0x1C, 0x02, 0x7F, 0x7D}));
}

TEST(ParserTest, MemArg) {
  Bytes body = Body("(memory 1) (func (drop (i32.load offset=0x100 align=1 (i32.const 0))))");
  const Bytes expected = {0x41, 0x00, 0x28, 0x00, 0x80, 0x02, 0x1A, 0x0B};
  ASSERT_GE(body.size(), expected.size());
  EXPECT_EQ(Bytes(body.end() - expected.size(), body.end()), expected);
}

TEST(ParserTest, LocalsAreRunLengthEncoded) {
  Bytes body = Body("(func (local i32 i32) (local $x i64) (local i32))");
  const Bytes expected = {0x03, 0x02, 0x7F, 0x01, 0x7E, 0x01, 0x7F, 0x0B};
  ASSERT_GE(body.size(), expected.size());
  EXPECT_EQ(Bytes(body.end() - expected.size(), body.end()), expected);
}

TEST(ParserTest, ElemSegmentForms) {
  // The smallest binary form: 0 (table 0, indices), 2 (other table),
  // 1 passive, 3 declarative, 5 passive expressions, 6 externref.
  auto elem_section = [](absl::string_view wat) {
    Bytes b = Body(wat);
    for (size_t i = 0; i + 1 < b.size(); i += 2 + b[i + 1]) {
      if (b[i] == 0x09) return Bytes(b.begin() + i + 2, b.begin() + i + 2 + b[i + 1]);
    }
    return Bytes{};
  };
  EXPECT_EQ(elem_section("(table 1 funcref) (func) (elem (i32.const 0) 0)"),
            (Bytes{0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00}));
  EXPECT_EQ(elem_section("(table 1 funcref) (table 1 funcref) (func) "
                         "(elem (table 1) (i32.const 0) func 0)"),
            (Bytes{0x01, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem_section("(func) (elem func 0)"), (Bytes{0x01, 0x01, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem_section("(func) (elem declare func 0)"),
            (Bytes{0x01, 0x03, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem_section("(elem funcref (ref.null func))"),
            (Bytes{0x01, 0x05, 0x70, 0x01, 0xD0, 0x70, 0x0B}));
  EXPECT_EQ(elem_section("(table 1 externref) (elem (i32.const 0) externref "
                         "(ref.null extern))"),
            (Bytes{0x01, 0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x01, 0xD0, 0x6F, 0x0B}));
}

TEST(ParserTest, DataCountOnlyWhenInstructionsNeedIt) {
  auto has_section = [](const Bytes& b, uint8_t id) {
    for (size_t i = 0; i + 1 < b.size(); i += 2 + b[i + 1]) {
      if (b[i] == id) return true;
    }
    return false;
  };
  EXPECT_FALSE(has_section(Body("(memory 1) (data (i32.const 0) \"a\")"), 12));
  EXPECT_TRUE(has_section(Body("(memory 1) (data \"a\") (func (data.drop 0))"), 12));
}

TEST(ParserTest, DeepNestingIsBounded) {
  std::string ok = "(func ";
  for (int i = 0; i < kMaxFoldedNesting; ++i) ok += "(block ";
  ok += std::string(kMaxFoldedNesting, ')') + ")";
  EXPECT_TRUE(ParseWat(ok).ok());

  std::string deep = "(func ";
  for (int i = 0; i <= kMaxFoldedNesting; ++i) deep += "(nop ";
  deep += std::string(kMaxFoldedNesting + 1, ')') + ")";
  EXPECT_THAT(Error(deep), HasSubstr("folded instructions nested more than 1000 deep"));

  std::string plain = "(func ";
  for (int i = 0; i <= kMaxNesting; ++i) plain += "block ";
  EXPECT_THAT(Error(plain), HasSubstr("nested more than 10000 deep"));

  // Deep input that is not instructions: rejected without recursion.
  EXPECT_THAT(Error(std::string(100000, '(')), HasSubstr("expected"));
}

struct ErrorCase {
  const char* wat;
  const char* message;  // the whole message
};

class ParserErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParserErrorTest, Reports) { EXPECT_EQ(Error(GetParam().wat), GetParam().message); }

INSTANTIATE_TEST_SUITE_P(
    Errors, ParserErrorTest,
    ::testing::Values(
        ErrorCase{"(module", "1:8: expected ')' but found end of input"},
        ErrorCase{"(module) x", "1:10: expected end of input but found keyword \"x\""},
        ErrorCase{"(func) 1", "1:8: expected '(' but found number 1"},
        ErrorCase{"(modul)", "1:2: expected module field but found keyword \"modul\""},
        ErrorCase{"(module binary \"\")",
                  "1:9: (module binary/quote) is WAST, not supported here"},
        ErrorCase{"(module \"a)", "1:9: unterminated string"},
        ErrorCase{"(func (param $x i32) (local $x i32))",
                  "1:29: duplicate local $x (in func 0)"},
        ErrorCase{"(func $f) (func $f)", "1:17: duplicate func $f"},
        ErrorCase{"(type $t (func)) (type $t (func))", "1:24: duplicate type $t"},
        ErrorCase{"(func (call $g))", "1:13: unknown func $g (in func 0)"},
        ErrorCase{"(func $f (local.get $y))", "1:21: unknown local $y (in func $f)"},
        ErrorCase{"(func (br $l))", "1:11: unknown label $l (in func 0)"},
        ErrorCase{"(func (global.get $g))", "1:19: unknown global $g (in func 0)"},
        ErrorCase{"(func (type $t))", "1:13: unknown type $t (in func 0)"},
        ErrorCase{"(func (type 3) (param i32))", "1:7: unknown type 3 (in func 0)"},
        ErrorCase{"(global i32 (i32.const 0)) (import \"m\" \"n\" (memory 1))",
                  "1:45: import after global (in import)"},
        ErrorCase{"(type (func)) (func (type 0) (param i32))",
                  "1:21: inline function type does not match type 0 (in func 0)"},
        ErrorCase{"(func) (import \"m\" \"n\" (func))",
                  "1:25: import after func (in import)"},
        ErrorCase{"(memory 1) (memory (import \"m\" \"n\") 1)",
                  "1:12: import after memory (in memory 1)"},
        // Across kinds too: any definition ends the imports.
        ErrorCase{"(global i32 (i32.const 0)) (import \"m\" \"n\" (table 0 funcref))",
                  "1:45: import after global (in import)"},
        ErrorCase{"(func) (@x (y)", "1:8: unclosed annotation"},
        ErrorCase{"(func $f) (start $f) (start $f)",
                  "1:22: multiple start fields (in start)"},
        ErrorCase{"(func i32.ad)",
                  "1:7: expected instruction but found keyword \"i32.ad\" (in func 0)"},
        ErrorCase{"(func (local i32) (result i32))",
                  "1:20: expected instruction but found keyword \"result\" (in func 0)"},
        ErrorCase{"(func block)", "1:12: expected 'end' but found ')' (in func 0)"},
        ErrorCase{"(func end)", "1:7: unexpected end (in func 0)"},
        ErrorCase{"(func block else end)", "1:13: unexpected else (in func 0)"},
        ErrorCase{"(func (else))", "1:8: unexpected else (in func 0)"},
        ErrorCase{"(func block $a end $b)",
                  "1:20: mismatching label $b after end (in func 0)"},
        ErrorCase{"(func (if (i32.const 0) (else)))",
                  "1:25: expected '(then' but found '(' (in func 0)"},
        ErrorCase{"(func (i32.const 1.5))",
                  "1:18: expected i32 literal but found number 1.5 (in func 0)"},
        ErrorCase{"(func (i32.const 0x1_0000_0000))",
                  "1:18: constant out of range: 0x1_0000_0000 (in func 0)"},
        ErrorCase{"(func (f32.const x))",
                  "1:18: expected f32 literal but found keyword \"x\" (in func 0)"},
        ErrorCase{"(func (f32.const 1e99))", "1:18: constant out of range: 1e99 (in func 0)"},
        ErrorCase{"(memory 1) (func (i32.load align=3 (i32.const 0)))",
                  "1:28: alignment must be a power of two (in func 0)"},
        ErrorCase{"(memory 1) (func (i32.load offset=0x1_0000_0000_0000_0000 (i32.const 0)))",
                  "1:28: constant out of range: 0x1_0000_0000_0000_0000 (in func 0)"},
        ErrorCase{"(func (v128.const i33x4 0))",
                  "1:19: expected v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2) "
                  "but found keyword \"i33x4\" (in func 0)"},
        ErrorCase{"(func (v128.const i32x4 1 2 3))",
                  "1:30: expected i32x4 lane value but found ')' (in func 0)"},
        ErrorCase{"(func (i8x16.extract_lane_s 256))",
                  "1:29: constant out of range: 256 (in func 0)"},
        ErrorCase{"(func (i8x16.extract_lane_s))",
                  "1:28: expected lane index but found ')' (in func 0)"},
        ErrorCase{"(func (br_table))", "1:16: expected label but found ')' (in func 0)"},
        ErrorCase{"(func (ref.null anyref))",
                  "1:17: expected heap type but found keyword \"anyref\" (in func 0)"},
        ErrorCase{"(func (param i33))",
                  "1:14: expected value type but found keyword \"i33\" (in func 0)"},
        ErrorCase{"(table 1 i32)",
                  "1:10: expected reference type but found keyword \"i32\" (in table 0)"},
        ErrorCase{"(memory)", "1:8: expected limits but found ')' (in memory 0)"},
        ErrorCase{"(import \"m\" \"n\" (event))",
                  "1:18: expected import kind (func, table, memory, global or tag) but found "
                  "keyword \"event\" (in import)"},
        ErrorCase{"(export \"e\" (func $nope))", "1:19: unknown func $nope (in export)"},
        ErrorCase{"(export \"\\ff\" (func 0))",
                  "1:9: malformed UTF-8 encoding in name at byte 0 (in export)"},
        ErrorCase{"(elem 0)",
                  "1:8: expected offset expression but found ')' (in elem 0)"},
        ErrorCase{"(elem $e)", "1:9: expected 'func' or reference type but found ')' (in elem $e)"},
        ErrorCase{"(table 1 funcref) (elem (i32.const 0) funcref 1)",
                  "1:47: expected element expression but found number 1 (in elem 0)"},
        ErrorCase{"(data (memory $m) (i32.const 0))", "1:15: unknown memory $m (in data 0)"},
        ErrorCase{"(func (call_indirect (param $x i32)))",
                  "1:29: expected value type but found identifier $x (in func 0)"}));

// Every prefix of every testdata module, and the module with each byte
// replaced by a parenthesis: an error or a module, never a crash.
TEST(ParserRobustnessTest, TruncatedAndCorruptedModules) {
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator("text/testdata")) {
    if (entry.path().extension() != ".wat") continue;
    std::ifstream in(entry.path());
    const std::string wat((std::istreambuf_iterator<char>(in)), {});
    for (size_t cut = 0; cut <= wat.size(); ++cut) {
      parsed += ParseWat(absl::string_view(wat).substr(0, cut)).ok();
    }
    for (size_t i = 0; i < wat.size(); i += 3) {
      std::string corrupt = wat;
      corrupt[i] = (i % 2) ? '(' : ')';
      parsed += ParseWat(corrupt).ok();
    }
  }
  EXPECT_GT(parsed, 0);
}

// Runs wat2wasm on `path` and compares its bytes with ParseWat's. Returns
// false (and compares nothing) when wat2wasm rejects the file and
// `wat2wasm_may_fail`.
bool CompareWithWat2Wasm(const std::filesystem::path& path, bool wat2wasm_may_fail) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string tmpdir = tmp != nullptr ? tmp : "/tmp";
  SCOPED_TRACE(path.string());
  std::ifstream in(path);
  const std::string wat((std::istreambuf_iterator<char>(in)), {});
  const std::string out = absl::StrCat(tmpdir, "/", path.stem().string(), ".wasm");
  const std::string command = absl::StrCat(kWat2Wasm, " '", path.string(), "' -o '", out,
                                           "'", wat2wasm_may_fail ? " 2>/dev/null" : "");
  const int rc = std::system(command.c_str());
  if (rc != 0 && wat2wasm_may_fail) return false;
  EXPECT_EQ(rc, 0) << command;
  std::ifstream wasm(out, std::ios::binary);
  const Bytes expected((std::istreambuf_iterator<char>(wasm)), {});
  absl::StatusOr<Bytes> actual = ParseWat(wat);
  EXPECT_TRUE(actual.ok()) << actual.status();
  if (actual.ok()) EXPECT_EQ(*actual, expected);
  return true;
}

// Every .wat under text/testdata encodes to the bytes wat2wasm (wabt)
// produces for it.
TEST(ParserDifferentialTest, MatchesWat2Wasm) {
  ASSERT_TRUE(std::filesystem::exists(kWat2Wasm))
      << kWat2Wasm << " is missing: install Debian's wabt package to run this test";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator("text/testdata")) {
    if (entry.path().extension() != ".wat") continue;
    checked += CompareWithWat2Wasm(entry.path(), /*wat2wasm_may_fail=*/false);
  }
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace weft::text
