// Validation of multi-memory, memory64/table64 and custom page sizes: memory
// indices of every memory instruction, address operands typed by the
// memory's (table's) address type, memarg offsets, and the feature
// switches' module-level refusals.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "validator/test_module_builder.h"

namespace weft {
namespace {

using testing_util::Bytes;
using testing_util::DecodeAndValidate;
using testing_util::Leb;
using testing_util::ModuleBuilder;

constexpr ValType I32 = ValType::kI32, I64 = ValType::kI64;

// Memories: 0 = i32 (1 page), 1 = i32 (1 page), 2 = i64 (1 page); tables:
// 0 = funcref i32, 1 = funcref i64. One passive data segment. `code` is the
// body of a function of type [] -> results.
absl::Status Module(Bytes code, std::vector<ValType> results = {},
                    WasmFeatures features = {}) {
  ModuleBuilder b;
  const uint32_t t = b.AddType({}, results);
  b.AddType({}, {});
  b.AddFunc(t, {}, code);
  b.AddMemory(1);
  b.AddMemory(1);
  b.AddMemoryRaw({0x04, 0x01});            // i64, min 1
  b.AddTable(ValType::kFuncRef, 1);
  b.AddTableRaw(ValType::kFuncRef, {0x04, 0x01});  // i64, min 1
  b.SetDataCount(1);
  b.AddDataRaw({0x01, 0x01, 'x'});
  return DecodeAndValidate(b.Build(), features);
}

void ExpectError(const absl::Status& s, const std::string& prefix) {
  EXPECT_FALSE(s.ok()) << "expected " << prefix;
  EXPECT_TRUE(absl::StartsWith(s.message(), prefix)) << s.message() << " vs " << prefix;
}
#define EXPECT_VALID(expr)                \
  do {                                    \
    absl::Status s_ = (expr);             \
    EXPECT_TRUE(s_.ok()) << s_.message(); \
  } while (0)

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
const Bytes kI32Zero = {0x41, 0x00};
const Bytes kI64Zero = {0x42, 0x00};
// A memarg naming memory `m` (flags bit 6), alignment 2, offset `offset`.
Bytes MemArg(uint32_t m, uint64_t offset = 0) {
  return Cat({Bytes{0x42}, Leb(m), Leb(offset)});
}

TEST(MultiMemoryValidation, MemoryIndices) {
  // i32.load from memory 1.
  EXPECT_VALID(Module(Cat({kI32Zero, {0x28}, MemArg(1)}), {I32}));
  ExpectError(Module(Cat({kI32Zero, {0x28}, MemArg(3)}), {I32}), "unknown memory 3");
  // i32.store to memory 1.
  EXPECT_VALID(Module(Cat({kI32Zero, kI32Zero, {0x36}, MemArg(1)})));
  // memory.size / grow / fill / copy / init name their memories.
  EXPECT_VALID(Module({0x3F, 0x01}, {I32}));
  ExpectError(Module({0x3F, 0x04}, {I32}), "unknown memory 4");
  EXPECT_VALID(Module(Cat({kI32Zero, {0x40, 0x01}}), {I32}));
  EXPECT_VALID(Module(Cat({kI32Zero, kI32Zero, kI32Zero, {0xFC, 0x0B, 0x01}})));
  EXPECT_VALID(Module(Cat({kI32Zero, kI32Zero, kI32Zero, {0xFC, 0x0A, 0x00, 0x01}})));
  ExpectError(Module(Cat({kI32Zero, kI32Zero, kI32Zero, {0xFC, 0x0A, 0x00, 0x07}})),
              "unknown memory 7");
  EXPECT_VALID(Module(Cat({kI32Zero, kI32Zero, kI32Zero, {0xFC, 0x08, 0x00, 0x01}})));
  ExpectError(Module(Cat({kI32Zero, kI32Zero, kI32Zero, {0xFC, 0x08, 0x00, 0x09}})),
              "unknown memory 9");
  // SIMD lane load from memory 1: v128.load8_lane memarg lane.
  EXPECT_VALID(Module(Cat({kI32Zero, {0xFD, 0x0C}, Bytes(16, 0),
                           {0xFD, 0x54, 0x40, 0x01, 0x00, 0x03}, {0x1A}})));
  // Without multi-memory, bit 6 is an alignment (too large).
  WasmFeatures no_multi;
  no_multi.Set(WasmFeature::kMultiMemory, false);
  ModuleBuilder one;
  one.AddType({}, {I32});
  one.AddFunc(0, {}, Cat({kI32Zero, {0x28}, MemArg(0)}));
  one.AddMemory(1);
  EXPECT_VALID(DecodeAndValidate(one.Build()));
  ExpectError(DecodeAndValidate(one.Build(), no_multi), "alignment must not be larger than natural");
}

TEST(MultiMemoryValidation, DataSegmentMemory) {
  ModuleBuilder b;
  b.AddMemory(1);
  b.AddDataRaw(Cat({Bytes{0x02}, Leb(5), kI32Zero, Bytes{0x0B, 0x00}}));
  ExpectError(DecodeAndValidate(b.Build()), "unknown memory 5");
  // An i64 memory's segment offset is an i64.
  ModuleBuilder c;
  c.AddMemoryRaw({0x04, 0x01});
  c.AddDataRaw(Cat({Bytes{0x00}, kI32Zero, Bytes{0x0B, 0x00}}));
  ExpectError(DecodeAndValidate(c.Build()), "type mismatch");
  ModuleBuilder d;
  d.AddMemoryRaw({0x04, 0x01});
  d.AddDataRaw(Cat({Bytes{0x00}, kI64Zero, Bytes{0x0B, 0x00}}));
  EXPECT_VALID(DecodeAndValidate(d.Build()));
}

TEST(Memory64Validation, AddressTypes) {
  // Memory 2 is i64: its address is an i64.
  EXPECT_VALID(Module(Cat({kI64Zero, {0x28}, MemArg(2)}), {I32}));
  ExpectError(Module(Cat({kI32Zero, {0x28}, MemArg(2)}), {I32}), "type mismatch");
  ExpectError(Module(Cat({kI64Zero, {0x28}, MemArg(1)}), {I32}), "type mismatch");
  EXPECT_VALID(Module(Cat({kI64Zero, kI32Zero, {0x36}, MemArg(2)})));
  // Offsets past 32 bits only for i64 memories.
  EXPECT_VALID(Module(Cat({kI64Zero, {0x28}, MemArg(2, uint64_t(1) << 40)}), {I32}));
  ExpectError(Module(Cat({kI32Zero, {0x28}, MemArg(1, uint64_t(1) << 32)}), {I32}),
              "offset out of range");
  // size and grow are i64; fill takes i64 address and length.
  EXPECT_VALID(Module({0x3F, 0x02}, {I64}));
  ExpectError(Module({0x3F, 0x02}, {I32}), "type mismatch");
  EXPECT_VALID(Module(Cat({kI64Zero, {0x40, 0x02}}), {I64}));
  ExpectError(Module(Cat({kI32Zero, {0x40, 0x02}}), {I32}), "type mismatch");
  EXPECT_VALID(Module(Cat({kI64Zero, kI32Zero, kI64Zero, {0xFC, 0x0B, 0x02}})));
  // copy from i32 memory 0 to i64 memory 2: d i64, s i32, n i32 (smaller).
  EXPECT_VALID(Module(Cat({kI64Zero, kI32Zero, kI32Zero, {0xFC, 0x0A, 0x02, 0x00}})));
  ExpectError(Module(Cat({kI64Zero, kI32Zero, kI64Zero, {0xFC, 0x0A, 0x02, 0x00}})),
              "type mismatch");
  EXPECT_VALID(Module(Cat({kI64Zero, kI64Zero, kI64Zero, {0xFC, 0x0A, 0x02, 0x02}})));
  // init into an i64 memory: d i64, s and n i32 (in the segment).
  EXPECT_VALID(Module(Cat({kI64Zero, kI32Zero, kI32Zero, {0xFC, 0x08, 0x00, 0x02}})));
}

TEST(Memory64Validation, Table64) {
  // table.get / size / grow on table 1 (i64).
  EXPECT_VALID(Module(Cat({kI64Zero, {0x25, 0x01, 0x1A}})));
  ExpectError(Module(Cat({kI32Zero, {0x25, 0x01, 0x1A}})), "type mismatch");
  EXPECT_VALID(Module({0xFC, 0x10, 0x01}, {I64}));
  EXPECT_VALID(Module(Cat({{0xD0, 0x70}, kI64Zero, {0xFC, 0x0F, 0x01}}), {I64}));
  // call_indirect through table 1 takes an i64 index.
  EXPECT_VALID(Module(Cat({kI64Zero, {0x11, 0x01, 0x01}})));
  ExpectError(Module(Cat({kI32Zero, {0x11, 0x01, 0x01}})), "type mismatch");
  // table.copy 1 <- 0: d i64, s i32, n i32.
  EXPECT_VALID(Module(Cat({kI64Zero, kI32Zero, kI32Zero, {0xFC, 0x0E, 0x01, 0x00}})));
}

TEST(Memory64Validation, FeatureSwitchesAndLimits) {
  ModuleBuilder a;
  a.AddMemoryRaw({0x04, 0x00});
  EXPECT_VALID(DecodeAndValidate(a.Build()));
  ExpectError(DecodeAndValidate(a.Build(), WasmFeatures::Wasm20()),
              "64-bit memories and tables are disabled (feature memory64)");
  ModuleBuilder t;
  t.AddTableRaw(ValType::kFuncRef, {0x04, 0x00});
  ExpectError(DecodeAndValidate(t.Build(), WasmFeatures::Wasm20()),
              "64-bit memories and tables are disabled (feature memory64)");
  // An i64 memory may declare up to 2^48 pages.
  ModuleBuilder big;
  big.AddMemoryRaw(Cat({Bytes{0x05, 0x00}, Leb(uint64_t(1) << 48)}));
  EXPECT_VALID(DecodeAndValidate(big.Build()));
  ModuleBuilder too_big;
  too_big.AddMemoryRaw(Cat({Bytes{0x05, 0x00}, Leb((uint64_t(1) << 48) + 1)}));
  ExpectError(DecodeAndValidate(too_big.Build()), "memory size must be at most");
  // Custom page sizes: 1 byte or 64 KiB only.
  ModuleBuilder p;
  p.AddMemoryRaw({0x08, 0x00, 0x00});
  EXPECT_VALID(DecodeAndValidate(p.Build()));
  WasmFeatures no_pages;
  no_pages.Set(WasmFeature::kCustomPageSizes, false);
  ExpectError(DecodeAndValidate(p.Build(), no_pages),
              "custom page sizes are disabled (feature custom-page-sizes)");
  ModuleBuilder q;
  q.AddMemoryRaw({0x08, 0x00, 0x02});
  ExpectError(DecodeAndValidate(q.Build()), "invalid custom page size");
  // With 1-byte pages a 32-bit memory has at most 2^32 of them.
  ModuleBuilder r;
  r.AddMemoryRaw(Cat({Bytes{0x08}, Leb(uint64_t(0xFFFFFFFF)), Bytes{0x00}}));
  EXPECT_VALID(DecodeAndValidate(r.Build()));
}

}  // namespace
}  // namespace weft
