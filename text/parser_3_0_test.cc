// The 3.0 text format: expected bytes derived by hand from the spec's
// Binary Format chapter (wat2wasm cannot check these: the differential
// test in parser_test.cc covers 2.0 only).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/parser.h"

namespace weft::text {
namespace {

using Bytes = std::vector<uint8_t>;

// The content of section `id` (sizes below 128 bytes), or {} when the
// module has none.
Bytes Section(absl::string_view wat, uint8_t id) {
  absl::StatusOr<Bytes> bytes = ParseWat(wat);
  EXPECT_TRUE(bytes.ok()) << bytes.status() << "\n" << wat;
  if (!bytes.ok()) return {};
  const Bytes& b = *bytes;
  for (size_t i = 8; i + 1 < b.size(); i += 2 + b[i + 1]) {
    EXPECT_LT(b[i + 1], 0x80) << "section too large for this helper";
    if (b[i] == id) return Bytes(b.begin() + i + 2, b.begin() + i + 2 + b[i + 1]);
  }
  return {};
}

// The body of the last function (after its size), locals included.
Bytes LastBody(absl::string_view wat) {
  Bytes code = Section(wat, 10);
  if (code.empty()) return {};
  size_t i = 1;  // past the count (< 128 functions)
  Bytes body;
  while (i < code.size()) {
    const size_t size = code[i];
    body.assign(code.begin() + i + 1, code.begin() + i + 1 + size);
    i += 1 + size;
  }
  return body;
}

// The instructions of the last function with no locals, without its end.
Bytes Code(absl::string_view wat) {
  Bytes body = LastBody(wat);
  if (body.size() < 2) return {};
  EXPECT_EQ(body[0], 0x00) << "locals";
  return Bytes(body.begin() + 1, body.end() - 1);
}

std::string Error(absl::string_view wat) {
  absl::StatusOr<Bytes> bytes = ParseWat(wat);
  EXPECT_FALSE(bytes.ok()) << "parsed: " << wat;
  return bytes.ok() ? "" : std::string(bytes.status().message());
}

TEST(Parser30Test, ReferenceTypes) {
  // (ref null ht) of an abstract type is its shorthand byte; (ref ht)
  // is 0x64 ht; a type index is an s33.
  EXPECT_EQ(Section("(type $s (struct)) (func (param (ref null $s) (ref $s) anyref "
                    "(ref null any) (ref any) (ref null nofunc) exnref nullexnref "
                    "i31ref))",
                    1),
            (Bytes{0x02, 0x5F, 0x00, 0x60, 0x09, 0x63, 0x00, 0x64, 0x00, 0x6E, 0x6E, 0x64,
                   0x6E, 0x73, 0x69, 0x74, 0x6C, 0x00}));
  const char* kShorthands[] = {"funcref",   "externref",   "anyref",        "eqref",
                               "i31ref",    "structref",   "arrayref",      "nullref",
                               "nullfuncref", "nullexternref", "exnref",   "nullexnref"};
  const uint8_t kBytes[] = {0x70, 0x6F, 0x6E, 0x6D, 0x6C, 0x6B, 0x6A, 0x71, 0x73, 0x72, 0x69, 0x74};
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(Section(absl::StrCat("(func (result ", kShorthands[i], ") unreachable)"), 1),
              (Bytes{0x01, 0x60, 0x00, 0x01, kBytes[i]}))
        << kShorthands[i];
  }
  // Type index 64 needs two bytes as an s33.
  std::string many;
  for (int i = 0; i < 64; ++i) many += "(type (struct)) ";
  absl::StatusOr<Bytes> b = ParseWat(many + "(type (func (param (ref 64))))");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(Bytes(b->end() - 6, b->end()), (Bytes{0x60, 0x01, 0x64, 0xC0, 0x00, 0x00}));
}

TEST(Parser30Test, TypeDefinitions) {
  EXPECT_EQ(Section("(rec (type $a (sub (struct (field i32)))) "
                    "(type $b (sub final $a (struct (field i32) (field $x (mut i8))))))",
                    1),
            (Bytes{0x01, 0x4E, 0x02, 0x50, 0x00, 0x5F, 0x01, 0x7F, 0x00, 0x4F, 0x01, 0x00,
                   0x5F, 0x02, 0x7F, 0x00, 0x78, 0x01}));
  // Multi-field shorthand, arrays, packed i16, an empty rec group, and
  // a forward reference inside a group.
  EXPECT_EQ(Section("(type (struct (field i64 f32))) (type (array (mut i16))) (rec) "
                    "(rec (type $l (struct (field (ref null $r)))) (type $r (array (ref $l))))",
                    1),
            (Bytes{0x04, 0x5F, 0x02, 0x7E, 0x00, 0x7D, 0x00, 0x5E, 0x77, 0x01, 0x4E, 0x00,
                   0x4E, 0x02, 0x5F, 0x01, 0x63, 0x03, 0x00, 0x5E, 0x64, 0x02, 0x00}));
  // `sub final` without supertypes is the bare comptype.
  EXPECT_EQ(Section("(type (sub final (func)))", 1), Section("(type (func))", 1));
}

TEST(Parser30Test, ImplicitTypesMatchOnlyFinalSingletonFuncTypes) {
  // Not final, or not alone in its rec group: a new type is appended.
  EXPECT_EQ(Section("(type (sub (func))) (func)", 1),
            (Bytes{0x02, 0x50, 0x00, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00}));
  EXPECT_EQ(Section("(type (sub (func))) (func)", 3), (Bytes{0x01, 0x01}));
  EXPECT_EQ(Section("(rec (type (func)) (type (struct))) (func)", 3), (Bytes{0x01, 0x02}));
  // A one-type rec group is a singleton: reused.
  EXPECT_EQ(Section("(rec (type (func))) (func)", 3), (Bytes{0x01, 0x00}));
  EXPECT_EQ(Section("(type (sub final (func))) (func)", 3), (Bytes{0x01, 0x00}));
}

TEST(Parser30Test, GcInstructions) {
  const char* kTypes =
      "(type $s (struct (field $a i32) (field $b (mut i8)))) (type $v (array (mut i32))) "
      "(data $d \"\") (elem $e funcref) ";
  auto code = [&](const char* body) { return Code(absl::StrCat(kTypes, "(func ", body, ")")); };
  EXPECT_EQ(code("(struct.new $s (i32.const 1) (i32.const 2)) drop"),
            (Bytes{0x41, 0x01, 0x41, 0x02, 0xFB, 0x00, 0x00, 0x1A}));
  EXPECT_EQ(code("(struct.get_u $s $b (struct.new_default $s)) drop"),
            (Bytes{0xFB, 0x01, 0x00, 0xFB, 0x04, 0x00, 0x01, 0x1A}));
  EXPECT_EQ(code("(struct.set $s 1 (ref.null $s) (i32.const 0))"),
            (Bytes{0xD0, 0x00, 0x41, 0x00, 0xFB, 0x05, 0x00, 0x01}));
  EXPECT_EQ(code("(array.new_fixed $v 2 (i32.const 0) (i32.const 0)) drop"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0xFB, 0x08, 0x01, 0x02, 0x1A}));
  EXPECT_EQ(code("array.new_data $v $d array.new_elem $v $e array.copy $v $v "
                 "array.init_data $v $d array.init_elem $v $e array.len array.fill $v"),
            (Bytes{0xFB, 0x09, 0x01, 0x00, 0xFB, 0x0A, 0x01, 0x00, 0xFB, 0x11, 0x01, 0x01,
                   0xFB, 0x12, 0x01, 0x00, 0xFB, 0x13, 0x01, 0x00, 0xFB, 0x0F, 0xFB, 0x10,
                   0x01}));
  EXPECT_EQ(code("array.get $v array.get_s $v array.get_u $v array.set $v array.new $v "
                 "array.new_default $v"),
            (Bytes{0xFB, 0x0B, 0x01, 0xFB, 0x0C, 0x01, 0xFB, 0x0D, 0x01, 0xFB, 0x0E, 0x01,
                   0xFB, 0x06, 0x01, 0xFB, 0x07, 0x01}));
  // ref.test/ref.cast: the nullable form is the next opcode.
  EXPECT_EQ(code("ref.test (ref $s) ref.test (ref null $s) ref.cast i31ref ref.cast (ref eq)"),
            (Bytes{0xFB, 0x14, 0x00, 0xFB, 0x15, 0x00, 0xFB, 0x17, 0x6C, 0xFB, 0x16, 0x6D}));
  // br_on_cast: flags (bit 0: first type nullable, bit 1: second), label,
  // the two heap types.
  EXPECT_EQ(code("(block $l (result anyref) br_on_cast $l anyref (ref $s) "
                 "br_on_cast_fail 0 (ref any) (ref null i31) unreachable)"),
            (Bytes{0x02, 0x6E, 0xFB, 0x18, 0x01, 0x00, 0x6E, 0x00, 0xFB, 0x19, 0x02, 0x00,
                   0x6E, 0x6C, 0x00, 0x0B}));
  EXPECT_EQ(code("any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u"),
            (Bytes{0xFB, 0x1A, 0xFB, 0x1B, 0xFB, 0x1C, 0xFB, 0x1D, 0xFB, 0x1E}));
  // Data indices in code need the data count section.
  EXPECT_EQ(Section(absl::StrCat(kTypes, "(func array.new_data $v $d drop)"), 12),
            (Bytes{0x01}));
}

TEST(Parser30Test, ReferenceAndTailCallInstructions) {
  EXPECT_EQ(Code("(type $f (func)) (table 1 funcref) (func $g "
                 "ref.eq ref.as_non_null br_on_null 0 br_on_non_null 0 "
                 "call_ref $f return_call_ref $f return_call $g "
                 "return_call_indirect (type $f) return_call_indirect 0 (type $f))"),
            (Bytes{0xD3, 0xD4, 0xD5, 0x00, 0xD6, 0x00, 0x14, 0x00, 0x15, 0x00, 0x12, 0x00,
                   0x13, 0x00, 0x00, 0x13, 0x00, 0x00}));
  // Typed select and block types with reference types.
  EXPECT_EQ(Code("(type $t (func)) (func (select (result (ref null $t))) "
                 "(block (result (ref $t)) unreachable) drop)"),
            (Bytes{0x1C, 0x01, 0x63, 0x00, 0x02, 0x64, 0x00, 0x00, 0x0B, 0x1A}));
  // Non-nullable locals, run-length encoded by their whole encoding.
  EXPECT_EQ(LastBody("(type $t (func)) (func (local (ref $t) (ref $t) (ref null $t)))"),
            (Bytes{0x02, 0x02, 0x64, 0x00, 0x01, 0x63, 0x00, 0x0B}));
}

TEST(Parser30Test, RelaxedSimd) {
  EXPECT_EQ(Code("(func i8x16.relaxed_swizzle i32x4.relaxed_dot_i8x16_i7x16_add_s "
                 "f64x2.relaxed_max)"),
            (Bytes{0xFD, 0x80, 0x02, 0xFD, 0x93, 0x02, 0xFD, 0x90, 0x02}));
}

TEST(Parser30Test, Tags) {
  // Tag section 13 between memory (5) and global (6); attribute 0.
  absl::StatusOr<Bytes> b =
      ParseWat("(memory 1) (tag $e (export \"e\") (param i32)) (global i32 (i32.const 0))");
  ASSERT_TRUE(b.ok()) << b.status();
  std::vector<uint8_t> ids;
  for (size_t i = 8; i + 1 < b->size(); i += 2 + (*b)[i + 1]) ids.push_back((*b)[i]);
  EXPECT_EQ(ids, (Bytes{1, 5, 13, 6, 7}));
  EXPECT_EQ(Section("(tag $e (param i32))", 13), (Bytes{0x01, 0x00, 0x00}));
  EXPECT_EQ(Section("(tag $e (export \"e\"))", 7), (Bytes{0x01, 0x01, 'e', 0x04, 0x00}));
  EXPECT_EQ(Section("(import \"m\" \"t\" (tag (param i64)))", 2),
            (Bytes{0x01, 0x01, 'm', 0x01, 't', 0x04, 0x00, 0x00}));
  EXPECT_EQ(Section("(tag (import \"m\" \"t\") (param i64))", 2),
            Section("(import \"m\" \"t\" (tag (param i64)))", 2));
}

TEST(Parser30Test, Exceptions) {
  const char* kTag = "(tag $e (param i32)) (tag $f) ";
  // try_table: blocktype, vec(catch) with kinds 0-3; catch labels count
  // from outside the try_table.
  EXPECT_EQ(Code(absl::StrCat(kTag,
                              "(func (block $h (try_table (catch $e $h) (catch_ref $f 0) "
                              "(catch_all $h) (catch_all_ref 0) (throw $f)) (throw_ref "
                              "(ref.null exn))))")),
            (Bytes{0x02, 0x40, 0x1F, 0x40, 0x04, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00,
                   0x02, 0x00, 0x03, 0x00, 0x08, 0x01, 0x0B, 0xD0, 0x69, 0x0A, 0x0B}));
  EXPECT_EQ(Code(absl::StrCat(kTag, "(func (try_table (catch_all 0)))")),
            Code(absl::StrCat(kTag, "(func try_table (catch_all 0) end)")));
  // Legacy: try 0x06, catch 0x07 tag, catch_all 0x19, rethrow 0x09,
  // delegate 0x18 with a label counted from outside the try.
  const Bytes legacy = {0x06, 0x40, 0x01, 0x07, 0x00, 0x1A, 0x19, 0x09, 0x00, 0x0B};
  EXPECT_EQ(Code(absl::StrCat(kTag, "(func try nop catch $e drop catch_all rethrow 0 end)")),
            legacy);
  EXPECT_EQ(Code(absl::StrCat(kTag, "(func (try (do nop) (catch $e drop) "
                                    "(catch_all (rethrow 0))))")),
            legacy);
  EXPECT_EQ(Code(absl::StrCat(kTag, "(func (block $b (try (do (throw $f)) (delegate $b))))")),
            (Bytes{0x02, 0x40, 0x06, 0x40, 0x08, 0x01, 0x18, 0x00, 0x0B}));
  EXPECT_EQ(Code(absl::StrCat(kTag, "(func block $b try throw $f delegate $b end)")),
            (Bytes{0x02, 0x40, 0x06, 0x40, 0x08, 0x01, 0x18, 0x00, 0x0B}));
}

TEST(Parser30Test, MultipleMemories) {
  const char* kMems = "(memory $a 1) (memory $b 1) (data $d \"\") ";
  // A memory index other than 0 sets bit 6 of the alignment and follows it.
  EXPECT_EQ(Code(absl::StrCat(kMems, "(func (drop (i32.load $b offset=4 align=2 "
                                     "(i32.const 0))) (i64.store 0 (i32.const 0) (i64.const 0)))")),
            (Bytes{0x41, 0x00, 0x28, 0x41, 0x01, 0x04, 0x1A, 0x41, 0x00, 0x42, 0x00, 0x37,
                   0x03, 0x00}));
  EXPECT_EQ(Code(absl::StrCat(kMems, "(func memory.size $b memory.grow 1 memory.fill $b "
                                     "memory.copy $a $b memory.init $b $d memory.init $d)")),
            (Bytes{0x3F, 0x01, 0x40, 0x01, 0xFC, 0x0B, 0x01, 0xFC, 0x0A, 0x00, 0x01, 0xFC,
                   0x08, 0x00, 0x01, 0xFC, 0x08, 0x00, 0x00}));
  // SIMD lanes: a number is a memory index only if the lane follows.
  EXPECT_EQ(Code(absl::StrCat(kMems, "(func v128.load8_lane 1 v128.load8_lane 1 2 "
                                     "v128.load8_lane $b offset=0 3)")),
            (Bytes{0xFD, 0x54, 0x00, 0x00, 0x01, 0xFD, 0x54, 0x40, 0x01, 0x00, 0x02, 0xFD,
                   0x54, 0x40, 0x01, 0x00, 0x03}));
  EXPECT_EQ(Section(absl::StrCat(kMems, "(data (memory $b) (i32.const 0) \"x\")"), 11),
            (Bytes{0x02, 0x01, 0x00, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x01, 'x'}));
}

TEST(Parser30Test, Memory64AndPageSizes) {
  EXPECT_EQ(Section("(memory i64 1 2)", 5), (Bytes{0x01, 0x05, 0x01, 0x02}));
  EXPECT_EQ(Section("(memory 1 (pagesize 1))", 5), (Bytes{0x01, 0x08, 0x01, 0x00}));
  EXPECT_EQ(Section("(memory i64 0 1 (pagesize 65536))", 5),
            (Bytes{0x01, 0x0D, 0x00, 0x01, 0x10}));
  // Inline data: pages of the given size, an i64 offset for i64.
  EXPECT_EQ(Section("(memory (pagesize 1) (data \"xyz\"))", 5),
            (Bytes{0x01, 0x09, 0x03, 0x03, 0x00}));
  EXPECT_EQ(Section("(memory i64 (data \"x\"))", 11),
            (Bytes{0x01, 0x00, 0x42, 0x00, 0x0B, 0x01, 'x'}));
  // 64-bit offsets, for every memory (the validator bounds i32 ones).
  EXPECT_EQ(Code("(memory i64 1) (func (drop (i64.load offset=0x1_0000_0000 (i64.const 0))))"),
            (Bytes{0x42, 0x00, 0x29, 0x03, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A}));
  EXPECT_EQ(Section("(import \"m\" \"n\" (memory i64 1))", 2),
            (Bytes{0x01, 0x01, 'm', 0x01, 'n', 0x02, 0x04, 0x01}));
}

TEST(Parser30Test, Tables) {
  EXPECT_EQ(Section("(table i64 1 funcref)", 4), (Bytes{0x01, 0x70, 0x04, 0x01}));
  // An init expression: 0x40 0x00 tabletype expr.
  EXPECT_EQ(Section("(func $f) (table 10 (ref func) (ref.func $f))", 4),
            (Bytes{0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x0A, 0xD2, 0x00, 0x0B}));
  // Inline elem of a typed table: expressions, form 6.
  EXPECT_EQ(Section("(type $t (func)) (func $f (type $t)) (table (ref null $t) (elem $f))", 9),
            (Bytes{0x01, 0x06, 0x00, 0x41, 0x00, 0x0B, 0x63, 0x00, 0x01, 0xD2, 0x00, 0x0B}));
  EXPECT_EQ(Section("(func $f) (table i64 funcref (elem $f))", 9),
            (Bytes{0x01, 0x00, 0x42, 0x00, 0x0B, 0x01, 0x00}));
  // Passive segments of any reference type.
  EXPECT_EQ(Section("(type $s (struct)) (elem (ref $s) (struct.new $s))", 9),
            (Bytes{0x01, 0x05, 0x64, 0x00, 0x01, 0xFB, 0x00, 0x00, 0x0B}));
}

TEST(Parser30Test, Errors) {
  EXPECT_EQ(Error("(type $s (struct (field $a i32))) (func (struct.get $s $b))"),
            "1:56: unknown field $b (in func 0)");
  EXPECT_EQ(Error("(type $s (struct (field $a i32) (field $a i64)))"),
            "1:40: duplicate field $a (in type $s)");
  EXPECT_EQ(Error("(type (vector))"),
            "1:7: expected '(func', '(struct' or '(array' but found '(' (in type 0)");
  EXPECT_EQ(Error("(func (ref.test (ref)))"),
            "1:21: expected heap type but found ')' (in func 0)");
  EXPECT_EQ(Error("(func catch_all)"), "1:7: unexpected catch_all (in func 0)");
  EXPECT_EQ(Error("(tag $e) (func try catch $e delegate 0)"),
            "1:29: unexpected delegate (in func 0)");
  EXPECT_EQ(Error("(memory 1 (pagesize 3))"), "1:21: invalid custom page size (in memory 0)");
  EXPECT_EQ(Error("(func (throw $nope))"), "1:14: unknown tag $nope (in func 0)");
}

// Every prefix of a module using most 3.0 forms, and the module with
// bytes replaced by parentheses: an error or a module, never a crash.
TEST(Parser30Test, TruncatedAndCorruptedModules) {
  const std::string wat = R"((module
  (rec (type $s (sub (struct (field $a (mut i8)) (field i64 f32))))
       (type $v (sub final $s (struct (field $a (mut i8)) (field i64 f32) (field (ref null $v))))))
  (type $arr (array (mut i16)))
  (type $f (func (param (ref $s)) (result i32)))
  (tag $e (export "e") (param i32))
  (memory $m0 1) (memory $m1 i64 1 2 (pagesize 1))
  (table $t 2 (ref null $f) (ref.null $f))
  (data $d "abc")
  (elem $el (ref null $s) (item (struct.new_default $s)))
  (func $g (type $f) (local $x (ref null $arr))
    (block $b (result i32)
      (try_table (result i32) (catch $e $b) (catch_all_ref 0)
        (i32.load $m1 offset=8 align=1 (i64.const 0))))
    drop
    (try (do (throw $e (i32.const 1))) (catch $e drop) (catch_all))
    (ref.test (ref null $v) (local.get 0))
    (struct.get_u $s $a (local.get 0)) i32.add
    (array.new_data $arr $d (i32.const 0) (i32.const 1)) local.set $x
    (br_on_cast_fail 0 (ref $s) (ref $v) (local.get 0)) drop
    (return_call_ref $f (local.get 0) (table.get $t (i32.const 0)))))
)";
  ASSERT_TRUE(ParseWat(wat).ok()) << ParseWat(wat).status();
  int parsed = 0;
  for (size_t cut = 0; cut <= wat.size(); ++cut) {
    parsed += ParseWat(absl::string_view(wat).substr(0, cut)).ok();
  }
  for (size_t i = 0; i < wat.size(); ++i) {
    std::string corrupt = wat;
    corrupt[i] = (i % 2) ? '(' : ')';
    parsed += ParseWat(corrupt).ok();
  }
  EXPECT_GT(parsed, 0);
}

}  // namespace
}  // namespace weft::text
