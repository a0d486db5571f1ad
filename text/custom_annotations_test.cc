// Custom annotations through ParseWat: expected bytes derived by hand from
// the spec's Binary Format chapter, its custom sections appendix (name
// section) and the code metadata document (branch hints).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/encoder.h"
#include "text/parser.h"

namespace weft::text {
namespace {

using Bytes = std::vector<uint8_t>;
using ::testing::ElementsAre;
using namespace std::string_literals;

Bytes B(std::initializer_list<int> bytes) { return Bytes(bytes.begin(), bytes.end()); }

Bytes Parse(absl::string_view wat) {
  absl::StatusOr<Bytes> bytes = ParseWat(wat);
  EXPECT_TRUE(bytes.ok()) << bytes.status() << "\n" << wat;
  return bytes.ok() ? *bytes : Bytes{};
}

// The module's sections in order: a known one as its id ("1", "10"), a
// custom one as "name:content" (sizes below 128 bytes).
std::vector<std::string> SectionOrder(absl::string_view wat) {
  const Bytes b = Parse(wat);
  std::vector<std::string> out;
  for (size_t i = 8; i + 1 < b.size(); i += 2 + b[i + 1]) {
    EXPECT_LT(b[i + 1], 0x80) << "section too large for this helper";
    if (b[i] != 0) {
      out.push_back(absl::StrCat(b[i]));
      continue;
    }
    const size_t name_size = b[i + 2];
    const std::string content(b.begin() + i + 2, b.begin() + i + 2 + b[i + 1]);
    out.push_back(absl::StrCat(content.substr(1, name_size), ":", content.substr(1 + name_size)));
  }
  return out;
}

// The content (after its name) of the custom section `name`.
Bytes CustomContent(absl::string_view wat, absl::string_view name) {
  const Bytes b = Parse(wat);
  for (size_t i = 8; i + 1 < b.size(); i += 2 + b[i + 1]) {
    EXPECT_LT(b[i + 1], 0x80) << "section too large for this helper";
    if (b[i] != 0 || b[i + 2] != name.size()) continue;
    const std::string found(b.begin() + i + 3, b.begin() + i + 3 + name.size());
    if (found == name) return Bytes(b.begin() + i + 3 + name.size(), b.begin() + i + 2 + b[i + 1]);
  }
  ADD_FAILURE() << "no custom section " << name << " in " << wat;
  return {};
}

struct Failure {
  std::string message;
  AnnotationError kind;
};

Failure Fails(absl::string_view wat) {
  absl::StatusOr<Bytes> bytes = ParseWat(wat);
  EXPECT_FALSE(bytes.ok()) << "parsed: " << wat;
  if (bytes.ok()) return {"", AnnotationError::kNone};
  return {std::string(bytes.status().message()), GetAnnotationError(bytes.status())};
}

void ExpectMalformed(absl::string_view wat, absl::string_view message) {
  const Failure f = Fails(wat);
  EXPECT_EQ(f.message, message) << wat;
  EXPECT_EQ(f.kind, AnnotationError::kMalformed) << wat;
}

TEST(CustomAnnotationTest, WholeModuleByteExact) {
  EXPECT_EQ(Parse(R"((module (@custom "x" (before first) "\01" "\02") (func)))"),
            B({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,  //
               0x00, 0x04, 0x01, 'x', 0x01, 0x02,                // custom, before type
               0x01, 0x04, 0x01, 0x60, 0x00, 0x00,               // type
               0x03, 0x02, 0x01, 0x00,                           // func
               0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B}));            // code
  // Alone, and in a bare module: the section is all there is.
  EXPECT_EQ(Parse(R"((@custom "" "ab"))"),
            B({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 'a', 'b'}));
}

TEST(CustomAnnotationTest, PlacementsAndOrder) {
  // Each custom section before or after the known one it names, written
  // or not (no table, no data count here), and in text order at one place.
  EXPECT_THAT(SectionOrder(R"((module
      (@custom "a" (after last) "1")
      (@custom "b" (before first) "2")
      (@custom "c" (after type) "3")
      (type (func))
      (@custom "d" (before code) "4")
      (@custom "e" "5")
      (@custom "f" (before type) "6")
      (func)
      (@custom "g" (after data) "7")
      (@custom "h" (before datacount))
      (@custom "i" (after table) "8")
      (@custom "j" (before memory) "9")))"),
              ElementsAre("b:2", "f:6", "1", "c:3", "3", "i:8", "j:9", "h:", "d:4", "10",
                          "a:1", "e:5", "g:7"));
  // Every section kind a placement may name, in the binary order.
  EXPECT_THAT(SectionOrder(R"(
      (@custom "data" (after data)) (@custom "code" (after code))
      (@custom "datacount" (after datacount)) (@custom "elem" (after elem))
      (@custom "start" (after start)) (@custom "export" (after export))
      (@custom "global" (after global)) (@custom "tag" (after tag))
      (@custom "memory" (after memory)) (@custom "table" (after table))
      (@custom "func" (after func)) (@custom "import" (after import))
      (@custom "type" (after type)))"),
              ElementsAre("type:", "import:", "func:", "table:", "memory:", "tag:", "global:",
                          "export:", "start:", "elem:", "datacount:", "code:", "data:"));
}

TEST(CustomAnnotationTest, TheSuiteModule) {
  // custom_annot.wast's first module.
  EXPECT_THAT(SectionOrder(R"((module
      (type $t (func))
      (@custom "my-section1" "contents-bytes1")
      (@custom "my-section2" "more-contents-bytes0")
      (@custom "my-section1" "contents-bytes2")
      (@custom "my-section2" (before global) "more-contents-bytes1")
      (@custom "my-section2" (after func) "more-contents-bytes2")
      (@custom "my-section2" (after func) "more-contents-bytes3")
      (@custom "my-section2" (before global) "more-contents-bytes4")
      (func)
      (@custom "my-section2" "more-contents-bytes5")
      (global $g i32 (i32.const 0))
      (@custom "my-section3")
      (@custom "my-section4" "" "1" "" "2" "3" "")
      (@custom "")))"),
              ElementsAre("1", "3", "my-section2:more-contents-bytes2",
                          "my-section2:more-contents-bytes3", "my-section2:more-contents-bytes1",
                          "my-section2:more-contents-bytes4", "6", "10",
                          "my-section1:contents-bytes1", "my-section2:more-contents-bytes0",
                          "my-section1:contents-bytes2", "my-section2:more-contents-bytes5",
                          "my-section3:", "my-section4:123", ":"));
}

TEST(NameAnnotationTest, NameSectionByteExact) {
  // Function indices count imports; local indices count params first.
  const char* wat = R"((module $m (@name "M")
      (import "i" "f" (func $imp (@name "I")))
      (func $f (@name "F") (param $p (@name "P") i32) (param i64) (local (@name "L") f32))
      (tag $t (@name "T"))))";
  EXPECT_EQ(CustomContent(wat, "name"),
            B({0x00, 0x02, 0x01, 'M',                                  // module
               0x01, 0x07, 0x02, 0x00, 0x01, 'I', 0x01, 0x01, 'F',     // functions
               0x02, 0x09, 0x01, 0x01, 0x02, 0x00, 0x01, 'P', 0x02, 0x01, 'L',  // locals
               0x0B, 0x04, 0x01, 0x00, 0x01, 'T'}));                   // tags
  // After everything else, UTF-8 kept as written.
  EXPECT_THAT(SectionOrder(R"((module (@name "λ") (func)))"),
              ElementsAre("1", "3", "10", "name:\x00\x03\x02\xCE\xBB"s));
  // Identifiers alone give no names.
  EXPECT_THAT(SectionOrder("(module $m (func $f))"), ElementsAre("1", "3", "10"));
  // Imported tags, and a bare module's name before its first field.
  EXPECT_EQ(CustomContent(R"((@name "B") (import "m" "t" (tag $x (@name "X"))))", "name"),
            B({0x00, 0x02, 0x01, 'B', 0x0B, 0x04, 0x01, 0x00, 0x01, 'X'}));
}

TEST(BranchHintTest, SectionByteExact) {
  // Offsets count from the function's locals declaration (just after the
  // body size): 01 02 7F | 20 00 | 04 40 ... The folded if's and br_if's
  // opcodes follow their operands; the else is encoded apart and moved.
  const char* wat = R"((module
      (func $a)
      (func (param i32) (local i32 i32)
        (@metadata.code.branch_hint "\01")
        (if (local.get 0)
          (then
            (@metadata.code.branch_hint "\00")
            (br_if 0 (local.get 1)))
          (else
            local.get 0
            (@metadata.code.branch_hint "\01") br_if 0)))))";
  EXPECT_EQ(CustomContent(wat, "metadata.code.branch_hint"),
            B({0x01,                // one function
               0x01, 0x03,          // function 1, three hints
               0x05, 0x01, 0x01,    // if at 5: likely
               0x09, 0x01, 0x00,    // br_if at 9: unlikely
               0x0E, 0x01, 0x01}));  // br_if at 14 (in the else): likely
  // Just before the code section.
  EXPECT_THAT(SectionOrder(R"((func i32.const 1 (@metadata.code.branch_hint "\00") if end)
                              (data ""))"),
              ElementsAre("1", "3", "metadata.code.branch_hint:\x01\x00\x01\x03\x01\x00"s,
                          "10", "11"));
  // Several functions, increasing index; a hint on a folded br_if nested
  // in another one's operands comes first in the bytes.
  EXPECT_EQ(CustomContent(R"(
      (func (@metadata.code.branch_hint "\01") (br_if 0 (i32.const 0)))
      (func (block
        (@metadata.code.branch_hint "\00")
        (br_if 0 (i32.const 1)
          (@metadata.code.branch_hint "\01")
          (if (result i32) (i32.const 2) (then (i32.const 3)) (else (i32.const 4)))))))",
                          "metadata.code.branch_hint"),
            B({0x02,                                  //
               0x00, 0x01, 0x03, 0x01, 0x01,          // func 0: 00 | 41 00 | 0D at 3
               0x01, 0x02, 0x07, 0x01, 0x01,          // func 1: 00 | 02 40 | 41 01 | 41 02 | 04 at 7
               0x0F, 0x01, 0x00}));                   // 7F 41 03 05 41 04 0B | 0D at 15
}

TEST(CustomAnnotationTest, UnknownAnnotationsAreIgnored) {
  EXPECT_EQ(Parse(R"((module (@x) (func (@y "s" (z)) (@name.not "n") nop) (@customs "q")))"),
            Parse("(module (func nop))"));
}

TEST(CustomAnnotationTest, MalformedCustom) {
  ExpectMalformed("(@custom)", "1:1: @custom annotation: missing section name");
  ExpectMalformed("(@custom 4)", "1:10: @custom annotation: missing section name");
  ExpectMalformed("(@custom bla)", "1:10: @custom annotation: missing section name");
  ExpectMalformed(R"((@custom "\df"))", "1:10: @custom annotation: malformed UTF-8 encoding");
  ExpectMalformed(R"((@custom "a" here))", "1:14: @custom annotation: unexpected token");
  ExpectMalformed(R"((@custom "a" "x" (before type)))",
                  "1:18: @custom annotation: unexpected token");
  ExpectMalformed(R"((@custom "a" (after)))", "1:20: @custom annotation: malformed section kind");
  ExpectMalformed(R"((@custom "a" (before types)))",
                  "1:22: @custom annotation: malformed section kind");
  ExpectMalformed(R"((@custom "a" (type)))", "1:15: @custom annotation: malformed placement");
  ExpectMalformed(R"((@custom "a" ()))", "1:15: @custom annotation: malformed placement");
  ExpectMalformed(R"((@custom "a" (before type code)))",
                  "1:27: @custom annotation: unexpected token");
  ExpectMalformed(R"((@custom "a" (@inner)))", "1:14: @custom annotation: unexpected token");
  ExpectMalformed("(module\n  (func\n    (@custom \"a\")))", "3:5: misplaced @custom annotation");
  ExpectMalformed(R"((type (@custom "a") (func)))", "1:7: misplaced @custom annotation");
  ExpectMalformed(R"((func (block (@custom "a"))))", "1:14: misplaced @custom annotation");
  ExpectMalformed(R"((@custom "a") (module))", "1:1: misplaced @custom annotation");
  ExpectMalformed(R"((module) (@custom "a"))", "1:10: misplaced @custom annotation");
}

TEST(NameAnnotationTest, Malformed) {
  ExpectMalformed(R"((module (@name "M1") (@name "M2")))",
                  "1:22: @name annotation: multiple module names");
  ExpectMalformed(R"((func (@name "a") (@name "b")))",
                  "1:19: @name annotation: multiple function names");
  ExpectMalformed(R"((tag $t (@name "a") (@name "b")))",
                  "1:21: @name annotation: multiple tag names");
  ExpectMalformed(R"((func (@name 1)))", "1:14: @name annotation: missing name string");
  ExpectMalformed(R"((func (@name)))", "1:7: @name annotation: missing name string");
  ExpectMalformed(R"((func (@name "a" "b")))", "1:18: @name annotation: unexpected token");
  ExpectMalformed(R"((func (@name "\ff")))", "1:14: @name annotation: malformed UTF-8 encoding");
  ExpectMalformed(R"((module (func) (@name "M")))", "1:16: misplaced @name annotation");
  ExpectMalformed(R"((module (start $f (@name "M")) (func $f)))",
                  "1:19: misplaced @name annotation");
  ExpectMalformed(R"((global i32 (@name "g") (i32.const 0)))", "1:13: misplaced @name annotation");
  ExpectMalformed(R"((func (param (@name "p") i32 i32)))", "1:14: misplaced @name annotation");
  ExpectMalformed(R"((func nop (@name "f")))", "1:11: misplaced @name annotation");
}

TEST(BranchHintTest, MalformedAndInvalid) {
  ExpectMalformed(R"((func i32.const 0 (@metadata.code.branch_hint "\02") if end))",
                  "1:19: @metadata.code.branch_hint annotation: invalid hint value "
                  "(\"\\00\" or \"\\01\")");
  ExpectMalformed(R"((func i32.const 0 (@metadata.code.branch_hint) if end))",
                  "1:19: @metadata.code.branch_hint annotation: invalid hint value "
                  "(\"\\00\" or \"\\01\")");
  ExpectMalformed(R"((func i32.const 0 (@metadata.code.branch_hint 1) if end))",
                  "1:47: @metadata.code.branch_hint annotation: unexpected token");
  ExpectMalformed(
      "(func i32.const 0\n (@metadata.code.branch_hint \"\\01\")\n"
      " (@metadata.code.branch_hint \"\\01\") if end)",
      "3:2: @metadata.code.branch_hint annotation: duplicate annotation");
  ExpectMalformed(R"((module (@metadata.code.branch_hint "\01") (func i32.const 0 br_if 0)))",
                  "1:9: @metadata.code.branch_hint annotation: not in a function");
  ExpectMalformed(R"((global i32 (@metadata.code.branch_hint "\01") (i32.const 0)))",
                  "1:13: @metadata.code.branch_hint annotation: not in a function");
  ExpectMalformed(R"((func (import "m" "f") (@metadata.code.branch_hint "\01")) (func))",
                  "1:24: @metadata.code.branch_hint annotation: not in a function");
  ExpectMalformed(R"((func i32.const 0 (@metadata.code.branch_hint "\01")))",
                  "1:19: @metadata.code.branch_hint annotation: misplaced, no instruction "
                  "follows");
  // Well-formed, but only if and br_if take a hint: invalid.
  const Failure f = Fails(
      "(func (param i32)\n  local.get 0\n  (@metadata.code.branch_hint \"\\01\")\n"
      "  i32.eqz drop)");
  EXPECT_EQ(f.message,
            "3:3: @metadata.code.branch_hint annotation: invalid target i32.eqz (only if and "
            "br_if take a hint)");
  EXPECT_EQ(f.kind, AnnotationError::kInvalid);
  EXPECT_EQ(Fails(R"((func (@metadata.code.branch_hint "\01") (block)))").kind,
            AnnotationError::kInvalid);
}

TEST(CustomAnnotationTest, OtherErrorsAreNotAnnotationErrors) {
  EXPECT_EQ(Fails("(func (@custom-ish) bogus)").kind, AnnotationError::kNone);
  const Failure unclosed = Fails(R"((module (@custom "a")");
  EXPECT_EQ(unclosed.message, "1:9: unclosed annotation");
}

TEST(CustomAnnotationTest, EveryTruncationFailsCleanly) {
  // Each prefix of an annotated module: an error or a module, never a crash.
  const std::string wat = R"((module $m (@name "M")
      (@custom "c" (before code) "x" "y")
      (func $f (@name "f") (param $p (@name "p") i32) (local (@name "l") i64)
        (@metadata.code.branch_hint "\01")
        (if (local.get 0) (then (@metadata.code.branch_hint "\00") (br_if 0 (i32.const 1)))))
      (tag (@name "t"))))";
  ASSERT_TRUE(ParseWat(wat).ok());
  for (size_t n = 0; n < wat.size(); ++n) {
    absl::StatusOr<Bytes> bytes = ParseWat(wat.substr(0, n));
    if (!bytes.ok()) EXPECT_FALSE(bytes.status().message().empty());
  }
}

TEST(EncoderMarkTest, MarksMoveWithTheBytes) {
  Encoder inner;
  inner.Byte(0xAA);
  inner.Mark(7);
  inner.Byte(0xBB);
  Encoder outer;
  outer.Mark(1);
  outer.Byte(0x01);
  outer.Byte(0x02);
  outer.Append(inner);
  ASSERT_EQ(outer.marks().size(), 2u);
  EXPECT_EQ(outer.marks()[0].offset, 0u);
  EXPECT_EQ(outer.marks()[1].offset, 3u);
  EXPECT_EQ(outer.marks()[1].id, 7u);
  outer.Truncate(3);
  ASSERT_EQ(outer.marks().size(), 1u);
  EXPECT_EQ(outer.marks()[0].id, 1u);
}

}  // namespace
}  // namespace weft::text
