#include "decoder/decoder.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace weft {
namespace {

using Bytes = std::vector<uint8_t>;

// --- Module builders -------------------------------------------------------

Bytes Leb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

void Append(Bytes*) {}
template <typename... Rest>
void Append(Bytes* out, const Bytes& first, const Rest&... rest) {
  out->insert(out->end(), first.begin(), first.end());
  Append(out, rest...);
}
template <typename... Parts>
Bytes Cat(const Parts&... parts) {
  Bytes out;
  Append(&out, parts...);
  return out;
}

Bytes Name(const std::string& s) { return Cat(Leb(s.size()), Bytes(s.begin(), s.end())); }

// A vec: count followed by the already-encoded items.
Bytes Vec(const std::vector<Bytes>& items) {
  Bytes out = Leb(items.size());
  for (const Bytes& item : items) Append(&out, item);
  return out;
}

Bytes Section(uint8_t id, const Bytes& payload) {
  return Cat(Bytes{id}, Leb(payload.size()), payload);
}
Bytes Custom(const std::string& name, const Bytes& payload) {
  return Section(0, Cat(Name(name), payload));
}

const Bytes kHeader = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};

template <typename... Sections>
Bytes Wasm(const Sections&... sections) {
  return Cat(kHeader, sections...);
}

// Encoded pieces.
constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF32 = 0x7D, kF64 = 0x7C,
                  kV128 = 0x7B, kFuncRef = 0x70, kExternRef = 0x6F;
constexpr uint8_t kEnd = 0x0B;

Bytes FuncType(const Bytes& params, const Bytes& results) {
  return Cat(Bytes{0x60}, Leb(params.size()), params, Leb(results.size()), results);
}
Bytes I32Const(int32_t v) {
  // Small non-negative values only (one-byte s32 for v < 64).
  return Bytes{0x41, static_cast<uint8_t>(v)};
}
Bytes Expr(const Bytes& instrs) { return Cat(instrs, Bytes{kEnd}); }
// A body: size, local declarations, instructions (ending in `end`).
Bytes Body(const std::vector<Bytes>& local_decls, const Bytes& instrs) {
  Bytes inner = Cat(Vec(local_decls), instrs);
  return Cat(Leb(inner.size()), inner);
}
Bytes Locals(uint32_t n, uint8_t type) { return Cat(Leb(n), Bytes{type}); }

absl::StatusOr<std::unique_ptr<const Module>> Decode(const Bytes& b,
                                                     const DecodeLimits& l = {}) {
  return DecodeModule(absl::MakeConstSpan(b), l);
}

// Decoding must fail with exactly `message` followed by the offset suffix.
void ExpectMalformed(const Bytes& b, const std::string& message, int line,
                     const DecodeLimits& limits = {}) {
  auto result = Decode(b, limits);
  ASSERT_FALSE(result.ok()) << "line " << line << ": expected " << message;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(result.status().message(), message + " (at byte offset "))
      << "line " << line << ": got " << result.status().message();
}
#define EXPECT_MALFORMED(bytes, msg) ExpectMalformed(bytes, msg, __LINE__)
// The same under non-default decode limits.
#define EXPECT_MALFORMED_WITH(bytes, limits, msg) ExpectMalformed(bytes, msg, __LINE__, limits)

const std::unique_ptr<const Module>& Ok(
    const absl::StatusOr<std::unique_ptr<const Module>>& r) {
  EXPECT_TRUE(r.ok()) << r.status();
  static const std::unique_ptr<const Module> kNull;
  return r.ok() ? *r : kNull;
}

// --- Header ----------------------------------------------------------------

TEST(DecoderTest, EmptyModule) {
  auto r = Decode(kHeader);
  ASSERT_TRUE(r.ok()) << r.status();
  const Module& m = **r;
  EXPECT_EQ(m.bytes, kHeader);
  EXPECT_TRUE(m.types.empty());
  EXPECT_TRUE(m.sections.empty());
  EXPECT_EQ(m.total_funcs(), 0u);
}

TEST(DecoderTest, HeaderErrors) {
  EXPECT_MALFORMED(Bytes{}, "unexpected end of section or function");
  EXPECT_MALFORMED((Bytes{0x00, 'a', 's'}), "unexpected end of section or function");
  EXPECT_MALFORMED((Bytes{0x00, 'a', 's', 'm', 0x01}), "unexpected end of section or function");
  EXPECT_MALFORMED((Bytes{'a', 's', 'm', 0x00, 0x01, 0, 0, 0}), "magic header not detected");
  EXPECT_MALFORMED((Bytes{0x00, 'A', 'S', 'M', 0x01, 0, 0, 0}), "magic header not detected");
  EXPECT_MALFORMED((Bytes{0x00, 'a', 's', 'm', 0x02, 0, 0, 0}), "unknown binary version");
  EXPECT_MALFORMED((Bytes{0x00, 'a', 's', 'm', 0x00, 0, 0, 1}), "unknown binary version");
  auto r = Decode(Bytes{0x00, 'a', 's', 'm', 0x0d, 0, 0, 0});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "unknown binary version (at byte offset 4)");
}

// --- Well-formed sections ----------------------------------------------------

TEST(DecoderTest, TypeSection) {
  auto r = Decode(Wasm(Section(1, Vec({
      FuncType({}, {}),
      FuncType({kI32, kI64}, {kF32}),
      FuncType({kF64, kV128, kFuncRef, kExternRef}, {kI32, kI64}),
  }))));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->types.size(), 3u);
  EXPECT_TRUE(m->types[0].func.params.empty());
  EXPECT_EQ(m->types[1].func.params, (std::vector<ValType>{ValType::kI32, ValType::kI64}));
  EXPECT_EQ(m->types[1].func.results, (std::vector<ValType>{ValType::kF32}));
  EXPECT_EQ(m->types[2].func.params,
            (std::vector<ValType>{ValType::kF64, ValType::kV128, ValType::kFuncRef,
                                  ValType::kExternRef}));
  EXPECT_EQ(m->types[2].func.results.size(), 2u);  // multi-value
  ASSERT_EQ(m->sections.size(), 1u);
  EXPECT_EQ(m->sections[0].id, SectionId::kType);
  EXPECT_EQ(m->sections[0].offset, 8u);
}

TEST(DecoderTest, ImportsOfEveryKindAndJointIndexSpaces) {
  auto r = Decode(Wasm(
      Section(1, Vec({FuncType({}, {}), FuncType({kI32}, {kI32})})),
      Section(2, Vec({
          Cat(Name("env"), Name("f"), Bytes{0x00}, Leb(1)),
          Cat(Name("env"), Name("t"), Bytes{0x01, kExternRef, 0x01}, Leb(2), Leb(10)),
          Cat(Name("env"), Name("m"), Bytes{0x02, 0x00}, Leb(1)),
          Cat(Name("env"), Name("g"), Bytes{0x03, kF64, 0x01}),
          Cat(Name("env"), Name("f2"), Bytes{0x00}, Leb(0)),
      })),
      Section(3, Vec({Leb(1)})),
      Section(4, Vec({Bytes{kFuncRef, 0x00, 0x05}})),
      Section(5, Vec({Bytes{0x01, 0x02, 0x03}})),
      Section(6, Vec({Cat(Bytes{kI32, 0x00}, Expr(I32Const(7)))})),
      Section(10, Vec({Body({}, Expr({0x20, 0x00}))}))));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->imports.size(), 5u);
  EXPECT_EQ(m->imports[0].module, "env");
  EXPECT_EQ(m->imports[0].name, "f");
  EXPECT_EQ(m->imports[1].kind, ExternKind::kTable);
  EXPECT_EQ(m->imports[1].table.elem_type, ValType::kExternRef);
  EXPECT_TRUE(m->imports[1].table.limits.has_max);
  EXPECT_EQ(m->imports[1].table.limits.max, 10u);
  EXPECT_EQ(m->imports[3].global.type, ValType::kF64);
  EXPECT_TRUE(m->imports[3].global.is_mutable);
  EXPECT_EQ(m->num_imported_funcs, 2u);
  EXPECT_EQ(m->num_imported_tables, 1u);
  EXPECT_EQ(m->num_imported_memories, 1u);
  EXPECT_EQ(m->num_imported_globals, 1u);
  EXPECT_EQ(m->total_funcs(), 3u);
  EXPECT_EQ(m->total_tables(), 2u);
  EXPECT_EQ(m->total_memories(), 2u);
  EXPECT_EQ(m->total_globals(), 2u);
  // Imports come first in each index space.
  EXPECT_EQ(m->func_type_index(0), 1u);
  EXPECT_EQ(m->func_type_index(1), 0u);
  EXPECT_EQ(m->func_type_index(2), 1u);
  EXPECT_EQ(m->func_type(0).params.size(), 1u);
  EXPECT_EQ(m->table_type(0).elem_type, ValType::kExternRef);
  EXPECT_EQ(m->table_type(1).elem_type, ValType::kFuncRef);
  EXPECT_EQ(m->table_type(1).limits.min, 5u);
  EXPECT_EQ(m->memory_type(0).limits.min, 1u);
  EXPECT_FALSE(m->memory_type(0).limits.has_max);
  EXPECT_EQ(m->memory_type(1).limits.min, 2u);
  EXPECT_EQ(m->memory_type(1).limits.max, 3u);
  EXPECT_EQ(m->global_type(0).type, ValType::kF64);
  EXPECT_EQ(m->global_type(1).type, ValType::kI32);
  EXPECT_FALSE(m->global_type(1).is_mutable);
}

TEST(DecoderTest, FunctionsCodeLocalsExportsStart) {
  Bytes body0 = Body({Locals(2, kI32), Locals(3, kF64), Locals(1, kV128)},
                     Expr({0x01}));
  Bytes body1 = Body({}, Expr({}));
  Bytes wasm = Wasm(
      Section(1, Vec({FuncType({kI32}, {})})),
      Section(3, Vec({Leb(0), Leb(0)})),
      Section(7, Vec({Cat(Name("run"), Bytes{0x00}, Leb(1)),
                      Cat(Name("mem"), Bytes{0x02}, Leb(0))})),
      Section(8, Leb(1)),
      Section(10, Vec({body0, body1})));
  auto r = Decode(wasm);
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->code.size(), 2u);
  const FunctionBody& f = m->code[0];
  ASSERT_EQ(f.locals.size(), 3u);
  EXPECT_EQ(f.locals[1].count, 3u);
  EXPECT_EQ(f.locals[1].type, ValType::kF64);
  EXPECT_EQ(f.locals[2].type, ValType::kV128);
  EXPECT_EQ(f.local_count, 6u);
  // The range covers the instructions after the locals, final end included.
  ASSERT_EQ(f.code.size(), 2u);
  EXPECT_EQ(m->data_at(f.code)[0], 0x01);
  EXPECT_EQ(m->data_at(f.code)[1], kEnd);
  EXPECT_EQ(m->bytes[f.body_offset], body0[0]);  // the size field
  EXPECT_EQ(m->code[1].code.size(), 1u);
  EXPECT_EQ(m->code[1].code.end, wasm.size());
  ASSERT_EQ(m->exports.size(), 2u);
  EXPECT_EQ(m->exports[0].name, "run");
  EXPECT_EQ(m->exports[0].kind, ExternKind::kFunc);
  EXPECT_EQ(m->exports[0].index, 1u);
  EXPECT_EQ(m->exports[1].kind, ExternKind::kMemory);
  ASSERT_TRUE(m->start.has_value());
  EXPECT_EQ(*m->start, 1u);
  ASSERT_EQ(m->sections.size(), 5u);
  EXPECT_EQ(m->sections[4].id, SectionId::kCode);
}

TEST(DecoderTest, GlobalInitRangeIncludesNestedBlocksAndFinalEnd) {
  // block (result i32) i32.const 1 end end — invalid as a constant
  // expression, but well-formed: the validator rejects it, not the decoder.
  Bytes init = {0x02, kI32, 0x41, 0x01, kEnd, kEnd};
  Bytes wasm = Wasm(Section(6, Vec({Cat(Bytes{kI32, 0x00}, init),
                                    Cat(Bytes{kI64, 0x01}, Expr({0x42, 0x7F}))})));
  auto r = Decode(wasm);
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->globals.size(), 2u);
  EXPECT_EQ(Bytes(m->data_at(m->globals[0].init.code),
                  m->data_at(m->globals[0].init.code) + m->globals[0].init.code.size()),
            init);
  EXPECT_EQ(m->globals[1].init.code.size(), 3u);
  EXPECT_TRUE(m->globals[1].type.is_mutable);
}

TEST(DecoderTest, AllEightElementEncodings) {
  Bytes offset = Expr(I32Const(0));
  Bytes ref_func0 = Expr({0xD2, 0x00});
  Bytes ref_null = Expr({0xD0, kExternRef});
  Bytes wasm = Wasm(Section(9, Vec({
      Cat(Leb(0), offset, Vec({Leb(0), Leb(1)})),                              // 0
      Cat(Leb(1), Bytes{0x00}, Vec({Leb(2)})),                                 // 1
      Cat(Leb(2), Leb(3), offset, Bytes{0x00}, Vec({Leb(4), Leb(5), Leb(6)})),  // 2
      Cat(Leb(3), Bytes{0x00}, Vec({Leb(7)})),                                 // 3
      Cat(Leb(4), offset, Vec({ref_func0})),                                   // 4
      Cat(Leb(5), Bytes{kExternRef}, Vec({ref_null, ref_null})),               // 5
      Cat(Leb(6), Leb(2), offset, Bytes{kFuncRef}, Vec({ref_func0})),          // 6
      Cat(Leb(7), Bytes{kFuncRef}, Vec({})),                                   // 7
  })));
  auto r = Decode(wasm);
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  const auto& e = m->elements;
  ASSERT_EQ(e.size(), 8u);
  const SegmentMode kA = SegmentMode::kActive, kP = SegmentMode::kPassive,
                    kD = SegmentMode::kDeclarative;
  const SegmentMode modes[8] = {kA, kP, kA, kD, kA, kP, kA, kD};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(e[i].mode, modes[i]) << i;
    EXPECT_EQ(e[i].uses_exprs, i >= 4) << i;
  }
  EXPECT_EQ(e[0].func_indices, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(e[0].table_index, 0u);
  EXPECT_EQ(e[0].offset.code.size(), 3u);
  EXPECT_EQ(e[1].func_indices, (std::vector<uint32_t>{2}));
  EXPECT_EQ(e[2].table_index, 3u);
  EXPECT_EQ(e[2].item_count(), 3u);
  EXPECT_EQ(e[3].func_indices, (std::vector<uint32_t>{7}));
  EXPECT_EQ(e[4].elem_type, ValType::kFuncRef);
  ASSERT_EQ(e[4].exprs.size(), 1u);
  EXPECT_EQ(e[4].exprs[0].code.size(), 3u);
  EXPECT_EQ(e[5].elem_type, ValType::kExternRef);
  EXPECT_EQ(e[5].item_count(), 2u);
  EXPECT_EQ(e[6].table_index, 2u);
  EXPECT_EQ(e[6].elem_type, ValType::kFuncRef);
  EXPECT_EQ(e[7].item_count(), 0u);
}

TEST(DecoderTest, DataSegmentsAndDataCount) {
  Bytes wasm = Wasm(
      Section(5, Vec({Bytes{0x00, 0x01}})),
      Section(12, Leb(3)),
      Section(11, Vec({
          Cat(Leb(0), Expr(I32Const(8)), Name("abc")),
          Cat(Leb(1), Name("xy")),
          Cat(Leb(2), Leb(0), Expr(I32Const(1)), Name("")),
      })));
  auto r = Decode(wasm);
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->data.size(), 3u);
  ASSERT_TRUE(m->data_count.has_value());
  EXPECT_EQ(*m->data_count, 3u);
  EXPECT_EQ(m->data[0].mode, SegmentMode::kActive);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(m->data_at(m->data[0].bytes)),
                        m->data[0].bytes.size()),
            "abc");
  EXPECT_EQ(m->data[1].mode, SegmentMode::kPassive);
  EXPECT_EQ(m->data[1].bytes.size(), 2u);
  EXPECT_EQ(m->data[2].mode, SegmentMode::kActive);
  EXPECT_EQ(m->data[2].bytes.size(), 0u);
  EXPECT_EQ(m->data[2].offset.code.size(), 3u);
}

TEST(DecoderTest, CustomSectionsAnywhereAreRecorded) {
  Bytes wasm = Wasm(Custom("first", {1, 2, 3}),
                    Section(1, Vec({FuncType({}, {})})),
                    Custom("", {}),
                    Section(3, Vec({Leb(0)})),
                    Section(10, Vec({Body({}, Expr({}))})),
                    Custom("last", {9}));
  auto r = Decode(wasm);
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->customs.size(), 3u);
  EXPECT_EQ(m->customs[0].name, "first");
  EXPECT_EQ(m->customs[0].bytes.size(), 3u);
  EXPECT_EQ(m->data_at(m->customs[0].bytes)[2], 3);
  EXPECT_EQ(m->customs[1].name, "");
  EXPECT_EQ(m->customs[2].bytes.size(), 1u);
  ASSERT_EQ(m->sections.size(), 6u);
  EXPECT_EQ(m->sections[0].id, SectionId::kCustom);
  EXPECT_EQ(m->sections[0].custom_name, "first");
  EXPECT_EQ(m->sections[0].size, 1u + 5u + 3u);
  EXPECT_EQ(m->sections[5].custom_name, "last");
  EXPECT_STREQ(SectionName(m->sections[4].id), "code");
  EXPECT_STREQ(SectionName(SectionId::kDataCount), "datacount");
}

// --- Name section -----------------------------------------------------------

Bytes NameSub(uint8_t id, const Bytes& content) {
  return Cat(Bytes{id}, Leb(content.size()), content);
}

TEST(DecoderTest, NameSectionDecoded) {
  Bytes names = Cat(
      NameSub(0, Name("mod")),
      NameSub(1, Vec({Cat(Leb(0), Name("imp")), Cat(Leb(2), Name("fn2"))})),
      NameSub(2, Vec({Cat(Leb(2), Vec({Cat(Leb(0), Name("x")), Cat(Leb(1), Name("y"))}))})),
      NameSub(7, Name("unknown subsection is skipped")));
  auto r = Decode(Wasm(Custom("name", names)));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  ASSERT_TRUE(m->names.module_name.has_value());
  EXPECT_EQ(*m->names.module_name, "mod");
  ASSERT_EQ(m->names.function_names.size(), 2u);
  EXPECT_EQ(m->function_name(0), "imp");
  EXPECT_EQ(m->function_name(1), "");
  EXPECT_EQ(m->function_name(2), "fn2");
  EXPECT_EQ(m->function_name(3), "");
  ASSERT_EQ(m->names.local_names.size(), 1u);
  EXPECT_EQ(m->names.local_names[0].func_index, 2u);
  ASSERT_EQ(m->names.local_names[0].locals.size(), 2u);
  EXPECT_EQ(m->names.local_names[0].locals[1].name, "y");
  ASSERT_EQ(m->customs.size(), 1u);  // still listed as a custom section
}

TEST(DecoderTest, MalformedNameSectionIsIgnored) {
  const std::vector<Bytes> bad = {
      NameSub(1, Vec({Cat(Leb(2), Name("b")), Cat(Leb(1), Name("a"))})),  // unsorted
      Cat(NameSub(1, Vec({})), NameSub(0, Name("late"))),               // out of order
      NameSub(0, Bytes{0x02, 0xC0, 0x80}),                               // bad UTF-8
      NameSub(1, Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}),                   // hostile count
      Bytes{0x01, 0x10, 0x00},                                           // truncated
      NameSub(0, Cat(Name("m"), Bytes{0x00})),                           // trailing junk
      Bytes{0x00},                                                       // no size
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    auto r = Decode(Wasm(Custom("name", bad[i])));
    ASSERT_TRUE(r.ok()) << i << ": " << r.status();
    EXPECT_FALSE((*r)->names.module_name.has_value()) << i;
    EXPECT_TRUE((*r)->names.function_names.empty()) << i;
    EXPECT_TRUE((*r)->names.local_names.empty()) << i;
  }
}

// --- Malformations ------------------------------------------------------------

TEST(DecoderTest, SectionIdAndOrder) {
  EXPECT_MALFORMED(Wasm(Bytes{0x0E, 0x00}), "malformed section id");  // 13: tags
  EXPECT_MALFORMED(Wasm(Bytes{0x80, 0x00, 0x01, 0x00}), "malformed section id");
  Bytes type = Section(1, Vec({}));
  EXPECT_MALFORMED(Wasm(type, type), "unexpected content after last section");
  EXPECT_MALFORMED(Wasm(Section(3, Vec({})), type), "unexpected content after last section");
  // Data count goes between element and code.
  EXPECT_MALFORMED(Wasm(Section(10, Vec({})), Section(12, Leb(0))),
                   "unexpected content after last section");
  EXPECT_TRUE(Decode(Wasm(Section(9, Vec({})), Section(12, Leb(0)), Section(10, Vec({})),
                          Section(11, Vec({}))))
                  .ok());
  auto r = Decode(Wasm(Bytes{0x0E, 0x00}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "malformed section id (at byte offset 8)");
}

TEST(DecoderTest, SectionSizes) {
  // One type declared, but the section is one byte longer.
  EXPECT_MALFORMED(Wasm(Bytes{0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00}),
                   "section size mismatch");
  // Size beyond the end of the module.
  EXPECT_MALFORMED(Wasm(Bytes{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}), "length out of bounds");
  EXPECT_MALFORMED(Wasm(Bytes{0x01, 0x80, 0x80, 0x80, 0x80, 0x10}), "integer too large");
  EXPECT_MALFORMED(Wasm(Bytes{0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
                   "integer representation too long");
  // Content shorter than the declared section size.
  EXPECT_MALFORMED(Wasm(Bytes{0x01, 0x03, 0x01, 0x60, 0x00, 0x00}), "section size mismatch");
  // Count larger than the remaining content.
  EXPECT_MALFORMED(Wasm(Bytes{0x05, 0x01, 0x01}), "unexpected end of section or function");
}

TEST(DecoderTest, TypeAndValueTypeMalformations) {
  EXPECT_MALFORMED(Wasm(Section(1, Vec({Bytes{0x61, 0x00, 0x00}}))),
                   "malformed function type");
  EXPECT_MALFORMED(Wasm(Section(1, Vec({Bytes{0x60, 0x01, 0x40, 0x00}}))),
                   "malformed value type");
  EXPECT_MALFORMED(Wasm(Section(1, Vec({Bytes{0x60, 0x01, 0xFF, 0x00}}))),
                   "integer representation too long");
  EXPECT_MALFORMED(Wasm(Section(4, Vec({Bytes{kI32, 0x00, 0x00}}))),
                   "malformed reference type");
  EXPECT_MALFORMED(Wasm(Section(6, Vec({Cat(Bytes{kI32, 0x02}, Expr(I32Const(0)))}))),
                   "malformed mutability");
}

TEST(DecoderTest, LimitsFlags) {
  // 2.0's wording (memory64 off): the flag is a 1-bit LEB128.
  DecodeLimits v2;
  v2.features = WasmFeatures::Wasm20();
  ExpectMalformed(Wasm(Section(5, Vec({Bytes{0x02, 0x00}}))), "integer too large", __LINE__, v2);
  ExpectMalformed(Wasm(Section(4, Bytes{0x01, kFuncRef, 0x02})), "integer too large", __LINE__,
                  v2);
  ExpectMalformed(Wasm(Section(4, Vec({Bytes{kFuncRef, 0x81, 0x00, 0x00, 0x00}}))),
                  "integer representation too long", __LINE__, v2);
  // 3.0's: flags are a byte of bits (max, -, 64-bit, page size).
  EXPECT_MALFORMED(Wasm(Section(5, Vec({Bytes{0x02, 0x00}}))), "malformed limits flags");
  EXPECT_MALFORMED(Wasm(Section(4, Vec({Bytes{kFuncRef, 0x08, 0x00}}))),
                   "malformed limits flags");  // tables have no page size
  EXPECT_MALFORMED(Wasm(Section(5, Vec({Bytes{0x10, 0x00}}))), "malformed limits flags");
  EXPECT_MALFORMED(Wasm(Section(4, Vec({Bytes{kFuncRef, 0x81, 0x00, 0x00, 0x00}}))),
                   "malformed limits flags");
  EXPECT_MALFORMED(Wasm(Section(5, Vec({Bytes{0x00, 0x82, 0x80, 0x80, 0x80, 0x70}}))),
                   "integer too large");
  auto r = Decode(Wasm(Section(5, Vec({Cat(Bytes{0x01}, Leb(0), Leb(65536))}))));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->memories[0].limits.max, 65536u);
}

// memory64: flag bit 2 makes min and max u64s; custom page sizes: bit 3
// adds a u32 log2 page size. The decoder takes them whatever the features
// (refusing a disabled feature is the validator's job).
TEST(DecoderTest, Memory64AndPageSizeLimits) {
  auto r = Decode(Wasm(Section(5, Vec({Cat(Bytes{0x05}, Leb(1), Leb(uint64_t(1) << 40))}))));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->memories[0].is64);
  EXPECT_EQ(m->memories[0].limits.max, uint64_t(1) << 40);
  // A u32 memory's limits stay u32s.
  EXPECT_MALFORMED(Wasm(Section(5, Vec({Cat(Bytes{0x00}, Leb(uint64_t(1) << 33))}))),
                   "integer too large");
  auto t = Decode(Wasm(Section(4, Vec({Cat(Bytes{kFuncRef, 0x04}, Leb(uint64_t(1) << 33))}))));
  const auto& tm = Ok(t);
  ASSERT_TRUE(tm);
  EXPECT_TRUE(tm->tables[0].is64);
  EXPECT_EQ(tm->tables[0].limits.min, uint64_t(1) << 33);
  auto p = Decode(Wasm(Section(5, Vec({Cat(Bytes{0x08}, Leb(3), Leb(0))}))));
  const auto& pm = Ok(p);
  ASSERT_TRUE(pm);
  EXPECT_EQ(pm->memories[0].page_size_log2, 0u);
  EXPECT_EQ(pm->memories[0].limits.min, 3u);
  // Data segment with an explicit memory index (flag 2).
  auto d = Decode(Wasm(Section(11, Vec({Cat(Bytes{0x02}, Leb(3), Expr(I32Const(0)), Leb(0))}))));
  const auto& dm = Ok(d);
  ASSERT_TRUE(dm);
  EXPECT_EQ(dm->data[0].memory_index, 3u);
}

TEST(DecoderTest, ImportExportKindsAndNames) {
  // Kind 4 is a tag (exception handling).
  EXPECT_MALFORMED(Wasm(Section(2, Vec({Cat(Name("a"), Name("b"), Bytes{0x05, 0x00})}))),
                   "malformed import kind");
  EXPECT_MALFORMED(Wasm(Section(7, Vec({Cat(Name("a"), Bytes{0x05, 0x00})}))),
                   "malformed export kind");
  // Overlong, surrogate, truncated and out-of-range names.
  for (const Bytes& bad : {Bytes{0xC0, 0x80}, Bytes{0xED, 0xA0, 0x80}, Bytes{0xE2, 0x82},
                           Bytes{0xF4, 0x90, 0x80, 0x80}, Bytes{0x80}}) {
    Bytes name = Cat(Leb(bad.size()), bad);
    EXPECT_MALFORMED(Wasm(Section(2, Vec({Cat(name, Name("b"), Bytes{0x00, 0x00})}))),
                     "malformed UTF-8 encoding");
    EXPECT_MALFORMED(Wasm(Section(2, Vec({Cat(Name("a"), name, Bytes{0x00, 0x00})}))),
                     "malformed UTF-8 encoding");
    EXPECT_MALFORMED(Wasm(Section(7, Vec({Cat(name, Bytes{0x00, 0x00})}))),
                     "malformed UTF-8 encoding");
    EXPECT_MALFORMED(Wasm(Section(0, Cat(name, Bytes{1, 2}))), "malformed UTF-8 encoding");
  }
  // A name longer than the rest of the module.
  EXPECT_MALFORMED(Wasm(Section(7, Bytes{0x01, 0x0A, 'a'})), "length out of bounds");
}

TEST(DecoderTest, CustomSectionMalformations) {
  EXPECT_MALFORMED(Wasm(Bytes{0x00}), "unexpected end of section or function");
  EXPECT_MALFORMED(Wasm(Bytes{0x00, 0x00}), "unexpected end of section or function");
  // The name runs past the section's size.
  EXPECT_MALFORMED(Wasm(Bytes{0x00, 0x01, 0x03, 'a', 'b', 'c'}),
                   "unexpected end of section or function");
}

TEST(DecoderTest, ElementAndDataMalformations) {
  EXPECT_MALFORMED(Wasm(Section(9, Vec({Cat(Leb(8), Expr(I32Const(0)), Vec({}))}))),
                   "malformed elements segment kind");
  EXPECT_MALFORMED(Wasm(Section(9, Vec({Cat(Leb(1), Bytes{0x01}, Vec({}))}))),
                   "malformed element kind");
  EXPECT_MALFORMED(Wasm(Section(9, Vec({Cat(Leb(5), Bytes{kI32}, Vec({}))}))),
                   "malformed reference type");
  EXPECT_MALFORMED(Wasm(Section(9, Vec({Cat(Leb(5), Bytes{kFuncRef},
                                            Vec({Expr({0xF3, 0x00})}))}))),
                   "illegal opcode");
  EXPECT_MALFORMED(Wasm(Section(11, Vec({Cat(Leb(3), Name(""))}))),
                   "malformed data segment kind");
  // Data bytes longer than the section.
  EXPECT_MALFORMED(Wasm(Bytes{0x0B, 0x07, 0x01, 0x00, 0x41, 0x03, 0x0B, 0x07, 'a'}),
                   "length out of bounds");
  // Constant expression running off the end of the module.
  EXPECT_MALFORMED(Wasm(Section(6, Bytes{0x01, kI32, 0x00, 0x41})),
                   "unexpected end of section or function");
  EXPECT_MALFORMED(Wasm(Section(6, Vec({Cat(Bytes{kI32, 0x00}, Bytes{0x41, 0x80, 0x80, 0x80,
                                                                      0x80, 0x80, 0x00, kEnd})}))),
                   "integer representation too long");
  // `else` at the top of a constant expression.
  EXPECT_MALFORMED(Wasm(Section(6, Vec({Cat(Bytes{kI32, 0x00}, Bytes{0x05, kEnd})}))),
                   "END opcode expected");
}

TEST(DecoderTest, CountConsistency) {
  Bytes type = Section(1, Vec({FuncType({}, {})}));
  EXPECT_MALFORMED(Wasm(type, Section(3, Vec({Leb(0), Leb(0)}))),
                   "function and code section have inconsistent lengths");
  EXPECT_MALFORMED(Wasm(Section(10, Vec({Body({}, Expr({}))}))),
                   "function and code section have inconsistent lengths");
  EXPECT_MALFORMED(Wasm(Section(12, Leb(1))),
                   "data count and data section have inconsistent lengths");
  EXPECT_MALFORMED(Wasm(Section(12, Leb(1)), Section(11, Vec({Cat(Leb(1), Name("")),
                                                              Cat(Leb(1), Name(""))}))),
                   "data count and data section have inconsistent lengths");
  // Without a data count section any number of segments is fine here;
  // "data count section required" is the validator's (it reads bodies).
  auto r = Decode(Wasm(Section(11, Vec({Cat(Leb(1), Name("a"))}))));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE((*r)->data_count.has_value());
}

TEST(DecoderTest, TooManyLocals) {
  Bytes prefix = Cat(Section(1, Vec({FuncType({}, {})})), Section(3, Vec({Leb(0)})));
  EXPECT_MALFORMED(Wasm(prefix, Section(10, Vec({Body({Locals(0xFFFFFFFF, kI32),
                                                       Locals(2, kI64)}, Expr({}))}))),
                   "too many locals");
  DecodeLimits limits;
  limits.max_locals_per_function = 10;
  Bytes ten = Wasm(prefix, Section(10, Vec({Body({Locals(4, kI32), Locals(6, kI64)}, Expr({}))})));
  EXPECT_TRUE(Decode(ten, limits).ok());
  Bytes eleven = Wasm(prefix, Section(10, Vec({Body({Locals(5, kI32), Locals(6, kI64)}, Expr({}))})));
  auto r = Decode(eleven, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "too many locals (at byte offset "))
      << r.status();
  EXPECT_TRUE(Decode(eleven).ok());
}

TEST(DecoderTest, OtherDecodeLimits) {
  DecodeLimits limits;
  limits.max_types = 1;
  limits.max_functions = 1;
  Bytes two_types = Wasm(Section(1, Vec({FuncType({}, {}), FuncType({}, {})})));
  EXPECT_TRUE(Decode(two_types).ok());
  EXPECT_MALFORMED_WITH(two_types, limits, "too many types");
  Bytes two_funcs = Wasm(Section(1, Vec({FuncType({}, {})})), Section(3, Vec({Leb(0), Leb(0)})),
                         Section(10, Vec({Body({}, Expr({})), Body({}, Expr({}))})));
  EXPECT_TRUE(Decode(two_funcs).ok());
  EXPECT_MALFORMED_WITH(two_funcs, limits, "too many functions");
}

TEST(DecoderTest, UnterminatedBodies) {
  Bytes prefix = Cat(Section(1, Vec({FuncType({}, {})})), Section(3, Vec({Leb(0)})));
  // Body without `end` at the end of the module.
  EXPECT_MALFORMED(Wasm(prefix, Bytes{0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1A}),
                   "unexpected end of section or function");
  // Followed by a byte that reads as `end`: the body is then too long.
  EXPECT_MALFORMED(Wasm(prefix, Bytes{0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1A},
                        Bytes{0x0B, 0x03, 0x01, 0x01, 0x00}),
                   "section size mismatch");
  // Followed by something else.
  Bytes two = Cat(Section(1, Vec({FuncType({}, {})})), Section(3, Vec({Leb(0), Leb(0)})));
  EXPECT_MALFORMED(Wasm(two, Bytes{0x0A, 0x0C, 0x02, 0x04, 0x00, 0x41, 0x01, 0x1A,
                                   0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B}),
                   "END opcode expected");
  // Empty body, and locals overrunning the body.
  EXPECT_MALFORMED(Wasm(prefix, Section(10, Vec({Bytes{0x00}}))),
                   "unexpected end of section or function");
  EXPECT_MALFORMED(Wasm(prefix, Bytes{0x0A, 0x05, 0x01, 0x01, 0x01, 0x01, 0x7F}),
                   "section size mismatch");
  // A body size that passes the length rule (which counts its own two
  // bytes) yet reaches past the end of the module.
  EXPECT_MALFORMED(Wasm(prefix, Bytes{0x0A, 0x04, 0x01, 0x83, 0x00, 0x00}),
                   "unexpected end of section or function");
}

TEST(DecoderTest, HostileCountsFailWithoutAllocating) {
  const Bytes huge = Leb(0xFFFFFFFF);
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    EXPECT_MALFORMED(Wasm(Section(id, huge)), "length out of bounds");
  }
  // Counts that fit the "length" rule but not the remaining bytes: with
  // 16 bytes left, a count of 16 items of at least 2 bytes each. Where a
  // zero byte cannot start an item (types, tables, globals), or a body of
  // size 0 has its locals count read past its end (code), the first item
  // fails before the bytes run out; the count was still read and reserved
  // for first.
  Bytes sixteen = Cat(Leb(16), Bytes(15, 0x00));
  const std::pair<uint8_t, const char*> hostile[] = {
      {1, "malformed function type (at byte offset 11)"},
      {2, "unexpected end of section or function (at byte offset 26)"},
      {4, "malformed reference type (at byte offset 11)"},
      {5, "unexpected end of section or function (at byte offset 26)"},
      {6, "malformed value type (at byte offset 11)"},
      {7, "unexpected end of section or function (at byte offset 26)"},
      {9, "unexpected end of section or function (at byte offset 26)"},
      {10, "section size mismatch (at byte offset 12)"},
      {11, "unexpected end of section or function (at byte offset 26)"},
  };
  for (const auto& [id, message] : hostile) {
    auto r = Decode(Wasm(Section(id, sixteen)));
    ASSERT_FALSE(r.ok()) << int(id);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << int(id);
    EXPECT_EQ(r.status().message(), message) << int(id);
  }
  // Inner counts: params, locals, element items, name lengths.
  EXPECT_MALFORMED(Wasm(Section(1, Cat(Leb(1), Bytes{0x60}, huge, Bytes{0x00}))),
                   "length out of bounds");
  EXPECT_MALFORMED(Wasm(Section(3, Vec({Leb(0)})),
                        Section(10, Cat(Leb(1), Leb(6), huge, Bytes{0x0B}))),
                   "length out of bounds");
  EXPECT_MALFORMED(Wasm(Section(9, Cat(Leb(1), Leb(1), Bytes{0x00}, huge))),
                   "length out of bounds");
}

// A module with every section kind, for truncation and mutation sweeps.
Bytes RichModule() {
  return Wasm(
      Custom("first", {1, 2}),
      Section(1, Vec({FuncType({kI32}, {kI32}), FuncType({}, {})})),
      Section(2, Vec({Cat(Name("env"), Name("f"), Bytes{0x00}, Leb(0)),
                      Cat(Name("env"), Name("g"), Bytes{0x03, kI32, 0x00})})),
      Section(3, Vec({Leb(0), Leb(1)})),
      Section(4, Vec({Bytes{kFuncRef, 0x01, 0x01, 0x10}})),
      Section(5, Vec({Bytes{0x01, 0x01, 0x02}})),
      Section(6, Vec({Cat(Bytes{kI64, 0x01}, Expr({0x42, 0x05}))})),
      Section(7, Vec({Cat(Name("f"), Bytes{0x00}, Leb(1)), Cat(Name("m"), Bytes{0x02}, Leb(0))})),
      Section(8, Leb(2)),
      Section(9, Vec({Cat(Leb(0), Expr(I32Const(0)), Vec({Leb(1)})),
                      Cat(Leb(5), Bytes{kFuncRef}, Vec({Expr({0xD2, 0x02})}))})),
      Section(12, Leb(2)),
      Section(10, Vec({Body({Locals(1, kI64)}, Expr({0x20, 0x00})),
                       Body({}, Expr({0x02, 0x40, 0x0B}))})),
      Section(11, Vec({Cat(Leb(0), Expr(I32Const(4)), Name("hi")), Cat(Leb(1), Name("x"))})),
      Custom("name", Cat(NameSub(0, Name("rich")), NameSub(1, Vec({Cat(Leb(1), Name("one"))})))));
}

TEST(DecoderTest, RichModuleDecodes) {
  auto r = Decode(RichModule());
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->sections.size(), 14u);
  EXPECT_EQ(m->total_funcs(), 3u);
  EXPECT_EQ(m->function_name(1), "one");
  EXPECT_EQ(*m->names.module_name, "rich");
  EXPECT_EQ(m->elements.size(), 2u);
  EXPECT_EQ(m->data.size(), 2u);
}

TEST(DecoderTest, EveryTruncationFailsCleanly) {
  Bytes full = RichModule();
  auto r_full = Decode(full);
  ASSERT_TRUE(r_full.ok());
  // Cuts that leave a well-formed module: right after the header, or after
  // a whole section when the function/code and data count/data pairs are
  // either both present or both absent.
  std::vector<size_t> clean_cuts = {8};
  bool func = false, code = false, count = false, data = false;
  for (const SectionInfo& s : (*r_full)->sections) {
    func |= s.id == SectionId::kFunction;
    code |= s.id == SectionId::kCode;
    count |= s.id == SectionId::kDataCount;
    data |= s.id == SectionId::kData;
    size_t header = 1 + Leb(s.size).size();
    size_t end = s.offset + header + s.size;
    if (func == code && count == data && end < full.size()) clean_cuts.push_back(end);
  }
  int ok_count = 0;
  for (size_t len = 0; len < full.size(); ++len) {
    Bytes prefix(full.begin(), full.begin() + len);
    auto r = Decode(prefix);
    if (r.ok()) {
      ++ok_count;
      EXPECT_NE(std::find(clean_cuts.begin(), clean_cuts.end(), len), clean_cuts.end())
          << "prefix of length " << len << " decoded";
      continue;
    }
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << len;
    EXPECT_TRUE(absl::StrContains(r.status().message(), "(at byte offset ")) << len;
  }
  EXPECT_EQ(ok_count, static_cast<int>(clean_cuts.size()));
}

TEST(DecoderTest, SingleByteMutationsNeverCrash) {
  Bytes full = RichModule();
  const uint8_t values[] = {0x00, 0x01, 0x0B, 0x40, 0x60, 0x7F, 0x80, 0xFF};
  int rejected = 0;
  for (size_t i = 0; i < full.size(); ++i) {
    for (uint8_t v : values) {
      Bytes mutated = full;
      mutated[i] = v;
      auto r = Decode(mutated);
      if (!r.ok()) {
        ++rejected;
        EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
      }
    }
  }
  EXPECT_GT(rejected, 0);
}

// Every range a decoded module hands out lies inside its bytes.
void ExpectRangesInside(const Module& m) {
  auto inside = [&](ByteRange r) {
    EXPECT_LE(r.begin, r.end);
    EXPECT_LE(r.end, m.bytes.size());
  };
  for (const Global& g : m.globals) inside(g.init.code);
  for (const ElemSegment& e : m.elements) {
    if (e.mode == SegmentMode::kActive) inside(e.offset.code);
    for (const ConstExpr& x : e.exprs) inside(x.code);
  }
  for (const DataSegment& d : m.data) {
    if (d.mode == SegmentMode::kActive) inside(d.offset.code);
    inside(d.bytes);
  }
  for (const FunctionBody& f : m.code) {
    inside(f.code);
    EXPECT_GE(f.code.size(), 1u);
    EXPECT_EQ(m.bytes[f.code.end - 1], kEnd);
  }
  for (const CustomSection& c : m.customs) inside(c.bytes);
  EXPECT_EQ(m.function_type_indices.size(), m.code.size());
}

TEST(DecoderTest, RandomEditsNeverCrash) {
  std::mt19937 rng(20261122);
  const Bytes base = RichModule();
  int decoded = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b = base;
    int edits = 1 + rng() % 4;
    for (int e = 0; e < edits && !b.empty(); ++e) {
      size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0: b[at] = static_cast<uint8_t>(rng()); break;
        case 1: b.insert(b.begin() + at, static_cast<uint8_t>(rng())); break;
        case 2: b.erase(b.begin() + at); break;
      }
    }
    auto r = Decode(b);
    if (r.ok()) {
      ++decoded;
      ExpectRangesInside(**r);
    } else {
      EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  EXPECT_GT(decoded, 0);  // some edits (e.g. in names or data) stay well-formed
}

// --- Exception handling --------------------------------------------------------

TEST(DecoderTest, TagSectionImportsAndExports) {
  // Types: 0 = (i32) -> (). Tag section (13) sits between memory and global.
  const Bytes types = Section(1, Vec({FuncType({kI32}, {})}));
  const Bytes imports = Section(2, Vec({Cat(Name("m"), Name("t"), Bytes{0x04, 0x00, 0x00})}));
  const Bytes tags = Section(13, Vec({Bytes{0x00, 0x00}, Bytes{0x00, 0x00}}));
  const Bytes exports = Section(7, Vec({Cat(Name("t2"), Bytes{0x04, 0x02})}));
  auto r = Decode(Wasm(types, imports, Section(5, Vec({})), tags, Section(6, Vec({})), exports));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->num_imported_tags, 1u);
  EXPECT_EQ(m->imports[0].kind, ExternKind::kTag);
  EXPECT_EQ(m->tags.size(), 2u);
  EXPECT_EQ(m->total_tags(), 3u);
  EXPECT_EQ(m->tag_type_index(2), 0u);
  EXPECT_EQ(m->exports[0].kind, ExternKind::kTag);
  EXPECT_EQ(m->exports[0].index, 2u);
  // Out of order: after the global section.
  EXPECT_MALFORMED(Wasm(types, Section(6, Vec({})), tags), "unexpected content after last section");
  // The attribute byte must be 0 (exception).
  EXPECT_MALFORMED(Wasm(types, Section(13, Vec({Bytes{0x01, 0x00}}))), "malformed tag attribute");
  EXPECT_MALFORMED(
      Wasm(types, Section(2, Vec({Cat(Name("m"), Name("t"), Bytes{0x04, 0x01, 0x00})}))),
      "malformed tag attribute");
}

TEST(DecoderTest, ExnrefIsAValueAndReferenceType) {
  const Bytes types = Section(1, Vec({FuncType({0x69}, {0x69})}));
  const Bytes table = Section(4, Vec({Bytes{0x69, 0x00, 0x01}}));
  auto r = Decode(Wasm(types, table));
  const auto& m = Ok(r);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->types[0].func.params[0], ValType::kExnRef);
  EXPECT_EQ(m->tables[0].elem_type, ValType::kExnRef);
}

TEST(DecoderTest, TryTableBodiesAreSkippedAsBlocks) {
  // A constant expression is read up to its end; try_table, try and
  // delegate nest like blocks while skipping.
  const Bytes types = Section(1, Vec({FuncType({}, {})}));
  const Bytes funcs = Section(3, Vec({Leb(0)}));
  const Bytes body = Body({}, {0x1F, 0x40, 0x01, 0x02, 0x00, 0x0B,   // try_table (catch_all 0) end
                               0x06, 0x40, 0x06, 0x40, 0x18, 0x00,   // try try delegate 0
                               0x19, 0x0B, kEnd});                   // catch_all end, end
  EXPECT_TRUE(Decode(Wasm(types, funcs, Section(10, Vec({body})))).ok());
}

}  // namespace
}  // namespace weft
