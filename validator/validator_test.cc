// Valid and invalid cases for each instruction family and each module-level
// rule, on hand-assembled binaries.
#include "validator/validator.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "decoder/decoder.h"
#include "validator/test_module_builder.h"

namespace weft {
namespace {

using testing_util::Bytes;
using testing_util::DecodeAndValidate;
using testing_util::ModuleBuilder;

constexpr ValType I32 = ValType::kI32;
constexpr ValType I64 = ValType::kI64;
constexpr ValType F32 = ValType::kF32;
constexpr ValType F64 = ValType::kF64;
constexpr ValType V128 = ValType::kV128;
constexpr ValType FuncRef = ValType::kFuncRef;
constexpr ValType ExternRef = ValType::kExternRef;

// What the module around the function under test provides.
struct Env {
  bool memory = true;
  bool data_count = true;
};

// Module layout:
//   imported globals: 0 = i32 immutable, 1 = i64 mutable
//   defined global 2 = f32 mutable
//   function 0 = the body under test, 1 = declared (in an elem segment),
//   2 = undeclared; both () -> ()
//   table 0 = funcref[10], table 1 = externref[1]
//   memory 0 (unless !env.memory), one passive data segment, one passive
//   funcref elem segment [1]; type 0 = () -> (), type 1 = (i32) -> (i32)
absl::Status Body(std::vector<ValType> params, std::vector<ValType> results, Bytes code,
                  std::vector<ValType> locals = {}, Env env = {}) {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({}, {});
  b.AddType({I32}, {I32});
  uint32_t tf = b.AddType(params, results);
  b.ImportGlobal(I32, false);
  b.ImportGlobal(I64, true);
  b.AddFunc(tf, locals, code);
  b.AddFunc(t0, {}, {});
  b.AddFunc(t0, {}, {});
  b.AddTable(FuncRef, 10);
  b.AddTable(ExternRef, 1);
  if (env.memory) b.AddMemory(1);
  b.AddGlobal(F32, true, {0x43, 0, 0, 0, 0});
  b.AddElemRaw({0x01, 0x00, 0x01, 0x01});  // passive, elemkind funcref, [1]
  if (env.data_count) b.SetDataCount(1);
  b.AddDataRaw({0x01, 0x02, 'h', 'i'});    // passive, "hi"
  return DecodeAndValidate(b.Build());
}

void ExpectError(const absl::Status& s, const std::string& prefix) {
  EXPECT_FALSE(s.ok()) << "expected " << prefix;
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s << " vs " << prefix;
  EXPECT_TRUE(absl::StartsWith(s.message(), prefix)) << s.message() << " vs " << prefix;
}

#define EXPECT_VALID(expr)                    \
  do {                                        \
    absl::Status s_ = (expr);                 \
    EXPECT_TRUE(s_.ok()) << s_.message();     \
  } while (0)

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes Simd(uint32_t code) {
  Bytes b = {0xFD};
  Bytes l = testing_util::Leb(code);
  b.insert(b.end(), l.begin(), l.end());
  return b;
}

Bytes V128Const() {
  Bytes b = Simd(12);
  b.insert(b.end(), 16, 0);
  return b;
}

TEST(ValidatorNumeric, FixedSignatures) {
  EXPECT_VALID(Body({}, {I32}, {0x41, 1, 0x41, 2, 0x6A}));
  ExpectError(Body({}, {I32}, {0x42, 1, 0x41, 2, 0x6A}), "type mismatch");
  ExpectError(Body({}, {I32}, {0x41, 1, 0x6A}), "type mismatch");
  EXPECT_VALID(Body({F64}, {I64}, {0x20, 0, 0xB0}));        // i64.trunc_f64_s
  ExpectError(Body({F32}, {I64}, {0x20, 0, 0xB0}), "type mismatch");
  EXPECT_VALID(Body({}, {I64}, {0x42, 1, 0xC4}));          // i64.extend32_s
  EXPECT_VALID(Body({F32}, {I32}, {0x20, 0, 0xFC, 0x00}));  // i32.trunc_sat_f32_s
  // Leftover values at the end of the function.
  ExpectError(Body({}, {}, {0x41, 1}), "type mismatch");
  ExpectError(Body({}, {I32}, {}), "type mismatch");
}

TEST(ValidatorControl, BlocksAndBranches) {
  EXPECT_VALID(Body({}, {I32}, {0x02, 0x7F, 0x41, 1, 0x0B}));
  ExpectError(Body({}, {I32}, {0x02, 0x7F, 0x0B}), "type mismatch");
  ExpectError(Body({}, {}, {0x02, 0x40, 0x41, 1, 0x0B}), "type mismatch");
  // br carries the label's values; the rest of the block is dead.
  EXPECT_VALID(Body({}, {I32}, {0x02, 0x7F, 0x41, 1, 0x0C, 0, 0x6A, 0x0B}));
  ExpectError(Body({}, {I32}, {0x02, 0x7F, 0x42, 1, 0x0C, 0, 0x0B}), "type mismatch");
  ExpectError(Body({}, {}, {0x0C, 1}), "unknown label");
  // Loop labels take the loop's params (none here), not its results.
  EXPECT_VALID(Body({}, {I32}, {0x03, 0x7F, 0x0C, 0, 0x0B}));
  // br_if keeps the label's values on the stack.
  EXPECT_VALID(Body({}, {I32}, {0x02, 0x7F, 0x41, 1, 0x41, 0, 0x0D, 0, 0x0B}));
  ExpectError(Body({}, {I32}, {0x02, 0x7F, 0x41, 1, 0x0D, 0, 0x0B}), "type mismatch");
  // return.
  EXPECT_VALID(Body({}, {I32}, {0x41, 1, 0x0F}));
  ExpectError(Body({}, {I32}, {0x42, 1, 0x0F}), "type mismatch");
}

TEST(ValidatorControl, IfElse) {
  EXPECT_VALID(Body({}, {I32}, {0x41, 1, 0x04, 0x7F, 0x41, 1, 0x05, 0x41, 2, 0x0B}));
  ExpectError(Body({}, {I32}, {0x41, 1, 0x04, 0x7F, 0x41, 1, 0x0B}), "type mismatch");
  ExpectError(Body({}, {}, {0x42, 1, 0x04, 0x40, 0x0B}), "type mismatch");
  ExpectError(Body({}, {I32}, {0x41, 1, 0x04, 0x7F, 0x41, 1, 0x05, 0x0B}), "type mismatch");
  // An if with params [i32] -> [i32] needs no else.
  EXPECT_VALID(Body({}, {I32}, {0x41, 5, 0x41, 1, 0x04, 0x01, 0x0B}));
  // else outside an if is malformed.
  ExpectError(Body({}, {}, {0x02, 0x40, 0x05, 0x0B}), "END opcode expected");
}

TEST(ValidatorControl, MultiValueBlocks) {
  // block (type 1) = [i32] -> [i32]
  EXPECT_VALID(Body({}, {I32}, {0x41, 1, 0x02, 0x01, 0x41, 1, 0x6A, 0x0B}));
  ExpectError(Body({}, {I32}, {0x02, 0x01, 0x0B}), "type mismatch");
  ExpectError(Body({}, {}, {0x02, 0x33, 0x0B}), "unknown type");
  // Function returning two values.
  EXPECT_VALID(Body({}, {I32, I64}, {0x41, 1, 0x42, 2}));
  ExpectError(Body({}, {I32, I64}, {0x42, 2, 0x41, 1}), "type mismatch");
}

TEST(ValidatorControl, BrTable) {
  EXPECT_VALID(Body({}, {I32},
                    {0x02, 0x7F, 0x41, 1, 0x41, 0, 0x0E, 1, 0, 1, 0x0B}));
  // Targets of different arity.
  ExpectError(Body({}, {},
                   {0x02, 0x7F, 0x41, 1, 0x41, 0, 0x0E, 1, 0, 1, 0x0B, 0x1A}),
              "type mismatch");
  // Same arity, different types.
  ExpectError(Body({}, {I32},
                   {0x02, 0x7F, 0x02, 0x7E, 0x41, 1, 0x41, 0, 0x0E, 1, 0, 1, 0x0B, 0x1A,
                    0x41, 0, 0x0B}),
              "type mismatch");
  ExpectError(Body({}, {}, {0x41, 0, 0x0E, 0, 5}), "unknown label");
  // In dead code the operands are polymorphic.
  EXPECT_VALID(Body({}, {I32},
                    {0x02, 0x7F, 0x02, 0x7E, 0x00, 0x0E, 1, 0, 1, 0x0B, 0x1A, 0x41, 0, 0x0B}));
}

TEST(ValidatorControl, DeadCodeIsPolymorphicButTyped) {
  EXPECT_VALID(Body({}, {I32}, {0x00, 0x6A}));
  EXPECT_VALID(Body({}, {}, {0x00, 0x6A, 0x1A}));
  ExpectError(Body({}, {}, {0x00, 0x42, 0, 0x6A, 0x1A}), "type mismatch");
  // A block opened in dead code starts with a real (empty) stack.
  ExpectError(Body({}, {}, {0x00, 0x02, 0x40, 0x6A, 0x1A, 0x0B}), "type mismatch");
  ExpectError(Body({}, {}, {0x00, 0x41, 0}), "type mismatch");
}

TEST(ValidatorParametric, Select) {
  EXPECT_VALID(Body({}, {I64}, {0x42, 1, 0x42, 2, 0x41, 0, 0x1B}));
  ExpectError(Body({}, {I64}, {0x42, 1, 0x41, 2, 0x41, 0, 0x1B}), "type mismatch");
  // Untyped select is for numbers and vectors only.
  ExpectError(Body({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0, 0x1B, 0x1A}), "type mismatch");
  EXPECT_VALID(Body({}, {V128}, Cat({V128Const(), V128Const(), {0x41, 0, 0x1B}})));
  // select t.
  EXPECT_VALID(Body({}, {FuncRef}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0, 0x1C, 1, 0x70}));
  ExpectError(Body({}, {I32}, {0x41, 1, 0x41, 1, 0x41, 0, 0x1C, 2, 0x7F, 0x7F}),
              "invalid result arity");
  ExpectError(Body({}, {}, {0x41, 0, 0x1C, 0}), "invalid result arity");
  EXPECT_VALID(Body({}, {I32}, {0x00, 0x1B}));  // dead code
  ExpectError(Body({}, {}, {0x1A}), "type mismatch");
}

TEST(ValidatorVariables, LocalsAndGlobals) {
  EXPECT_VALID(Body({I32}, {I64}, {0x20, 1, 0x22, 1}, {I64}));
  ExpectError(Body({I32}, {}, {0x20, 2, 0x1A}, {I64}), "unknown local 2");
  ExpectError(Body({I32}, {}, {0x42, 0, 0x21, 0}), "type mismatch");
  EXPECT_VALID(Body({}, {I32}, {0x23, 0}));
  EXPECT_VALID(Body({}, {}, {0x42, 0, 0x24, 1}));           // mutable import
  EXPECT_VALID(Body({}, {}, {0x43, 0, 0, 0, 0, 0x24, 2}));  // mutable defined
  ExpectError(Body({}, {}, {0x41, 0, 0x24, 0}), "global is immutable");
  ExpectError(Body({}, {}, {0x23, 3, 0x1A}), "unknown global 3");
  ExpectError(Body({}, {}, {0x41, 0, 0x24, 1}), "type mismatch");
}

TEST(ValidatorMemory, LoadsStoresAndAlignment) {
  EXPECT_VALID(Body({}, {I64}, {0x41, 0, 0x29, 3, 0}));
  ExpectError(Body({}, {I64}, {0x41, 0, 0x29, 4, 0}), "alignment must not be larger than natural");
  ExpectError(Body({}, {}, {0x41, 0, 0x2C, 1, 0, 0x1A}), "alignment must not be larger");
  EXPECT_VALID(Body({}, {}, {0x41, 0, 0x42, 0, 0x37, 3, 8}));
  ExpectError(Body({}, {}, {0x41, 0, 0x41, 0, 0x37, 3, 8}), "type mismatch");
  ExpectError(Body({}, {I32}, {0x41, 0, 0x28, 2, 0}, {}, Env{.memory = false}),
              "unknown memory 0");
  EXPECT_VALID(Body({}, {I32}, {0x3F, 0, 0x40, 0}));  // memory.size; memory.grow
  ExpectError(Body({}, {I32}, {0x3F, 0}, {}, Env{.memory = false}), "unknown memory");
}

TEST(ValidatorMemory, BulkMemory) {
  Bytes args = {0x41, 0, 0x41, 0, 0x41, 0};
  EXPECT_VALID(Body({}, {}, Cat({args, {0xFC, 8, 0, 0}})));  // memory.init 0
  ExpectError(Body({}, {}, Cat({args, {0xFC, 8, 1, 0}})), "unknown data segment 1");
  ExpectError(Body({}, {}, Cat({args, {0xFC, 8, 0, 0}}), {}, Env{.data_count = false}),
              "data count section required");
  EXPECT_VALID(Body({}, {}, {0xFC, 9, 0}));  // data.drop 0
  ExpectError(Body({}, {}, {0xFC, 9, 0}, {}, Env{.data_count = false}),
              "data count section required");
  EXPECT_VALID(Body({}, {}, Cat({args, {0xFC, 10, 0, 0}})));  // memory.copy
  EXPECT_VALID(Body({}, {}, Cat({args, {0xFC, 11, 0}})));     // memory.fill
  ExpectError(Body({}, {}, Cat({args, {0xFC, 11, 0}}), {}, Env{.memory = false}),
              "unknown memory 0");
  ExpectError(Body({}, {}, {0x41, 0, 0x41, 0, 0xFC, 11, 0}), "type mismatch");
}

TEST(ValidatorTables, TableInstructions) {
  EXPECT_VALID(Body({}, {FuncRef}, {0x41, 0, 0x25, 0}));      // table.get 0
  EXPECT_VALID(Body({}, {ExternRef}, {0x41, 0, 0x25, 1}));
  ExpectError(Body({}, {FuncRef}, {0x41, 0, 0x25, 1}), "type mismatch");
  ExpectError(Body({}, {FuncRef}, {0x41, 0, 0x25, 2}), "unknown table 2");
  EXPECT_VALID(Body({}, {}, {0x41, 0, 0xD0, 0x6F, 0x26, 1}));  // table.set 1
  ExpectError(Body({}, {}, {0x41, 0, 0xD0, 0x6F, 0x26, 0}), "type mismatch");
  EXPECT_VALID(Body({}, {I32}, {0xFC, 16, 1}));                 // table.size
  ExpectError(Body({}, {I32}, {0xFC, 16, 7}), "unknown table 7");
  EXPECT_VALID(Body({}, {I32}, {0xD0, 0x70, 0x41, 1, 0xFC, 15, 0}));  // table.grow
  EXPECT_VALID(Body({}, {}, {0x41, 0, 0xD0, 0x70, 0x41, 1, 0xFC, 17, 0}));  // table.fill
  Bytes args = {0x41, 0, 0x41, 0, 0x41, 0};
  EXPECT_VALID(Body({}, {}, Cat({args, {0xFC, 14, 0, 0}})));   // table.copy 0 0
  ExpectError(Body({}, {}, Cat({args, {0xFC, 14, 0, 1}})), "type mismatch");
  EXPECT_VALID(Body({}, {}, Cat({args, {0xFC, 12, 0, 0}})));   // table.init 0 (elem 0)
  ExpectError(Body({}, {}, Cat({args, {0xFC, 12, 0, 1}})), "type mismatch");
  ExpectError(Body({}, {}, Cat({args, {0xFC, 12, 4, 0}})), "unknown elem segment 4");
  EXPECT_VALID(Body({}, {}, {0xFC, 13, 0}));  // elem.drop 0
  ExpectError(Body({}, {}, {0xFC, 13, 1}), "unknown elem segment 1");
}

TEST(ValidatorCalls, CallAndCallIndirect) {
  EXPECT_VALID(Body({}, {}, {0x10, 1}));
  ExpectError(Body({}, {}, {0x10, 9}), "unknown function 9");
  ExpectError(Body({}, {}, {0x41, 0, 0x10, 1}), "type mismatch");
  // call_indirect (type 1) on table 0: [i32 arg, i32 index] -> [i32].
  EXPECT_VALID(Body({}, {I32}, {0x41, 7, 0x41, 0, 0x11, 1, 0}));
  ExpectError(Body({}, {I32}, {0x41, 0, 0x11, 1, 0}), "type mismatch");
  ExpectError(Body({}, {}, {0x41, 0, 0x11, 0, 1}), "type mismatch");  // externref table
  ExpectError(Body({}, {}, {0x41, 0, 0x11, 0, 5}), "unknown table");
  ExpectError(Body({}, {}, {0x41, 0, 0x11, 9, 0}), "unknown type");
}

TEST(ValidatorReferences, RefInstructions) {
  EXPECT_VALID(Body({}, {FuncRef}, {0xD2, 1}));
  ExpectError(Body({}, {FuncRef}, {0xD2, 2}), "undeclared function reference");
  ExpectError(Body({}, {FuncRef}, {0xD2, 7}), "unknown function 7");
  EXPECT_VALID(Body({}, {I32}, {0xD0, 0x6F, 0xD1}));
  ExpectError(Body({}, {I32}, {0x41, 0, 0xD1}), "type mismatch");
  EXPECT_VALID(Body({}, {I32}, {0x00, 0xD1}));
  ExpectError(Body({}, {ExternRef}, {0xD0, 0x70}), "type mismatch");
}

TEST(ValidatorSimd, LanesShufflesAndMemory) {
  EXPECT_VALID(Body({}, {I32}, Cat({V128Const(), Simd(21), {15}})));
  ExpectError(Body({}, {I32}, Cat({V128Const(), Simd(21), {16}})), "invalid lane index");
  EXPECT_VALID(Body({}, {V128}, Cat({V128Const(), {0x44}, Bytes(8, 0), Simd(34), {1}})));
  ExpectError(Body({}, {V128}, Cat({V128Const(), {0x44}, Bytes(8, 0), Simd(34), {2}})),
              "invalid lane index");
  ExpectError(Body({}, {V128}, Cat({V128Const(), {0x41, 0}, Simd(34), {1}})),
              "type mismatch");
  Bytes lanes(16, 31);
  EXPECT_VALID(Body({}, {V128}, Cat({V128Const(), V128Const(), Simd(13), lanes})));
  lanes[3] = 32;
  ExpectError(Body({}, {V128}, Cat({V128Const(), V128Const(), Simd(13), lanes})),
              "invalid lane index");
  EXPECT_VALID(Body({}, {V128}, Cat({{0x41, 0}, Simd(0), {4, 0}})));  // v128.load
  ExpectError(Body({}, {V128}, Cat({{0x41, 0}, Simd(0), {5, 0}})),
              "alignment must not be larger than natural");
  // v128.load16_lane: align <= 1, lane < 8.
  EXPECT_VALID(Body({}, {V128}, Cat({{0x41, 0}, V128Const(), Simd(85), {1, 0, 7}})));
  ExpectError(Body({}, {V128}, Cat({{0x41, 0}, V128Const(), Simd(85), {1, 0, 8}})),
              "invalid lane index");
  ExpectError(Body({}, {V128}, Cat({{0x41, 0}, V128Const(), Simd(85), {2, 0, 0}})),
              "alignment must not be larger than natural");
  ExpectError(Body({}, {V128}, Cat({{0x41, 0}, Simd(0), {4, 0}}), {}, Env{.memory = false}),
              "unknown memory 0");
  EXPECT_VALID(Body({}, {V128}, Cat({V128Const(), V128Const(), Simd(110)})));
  ExpectError(Body({}, {V128}, Cat({V128Const(), {0x41, 0}, Simd(110)})), "type mismatch");
  EXPECT_VALID(Body({}, {V128}, Cat({V128Const(), {0x41, 1}, Simd(107)})));  // i8x16.shl
}

// Relaxed SIMD (0xFD 0x100-0x113, two-byte LEB sub-opcodes): unary, binary
// and ternary v128 -> v128 signatures.
TEST(ValidatorSimd, RelaxedSimdSignatures) {
  const Bytes v = V128Const();
  const Bytes i = {0x41, 0};
  for (uint32_t code : {0x101u, 0x102u, 0x103u, 0x104u}) {  // relaxed_trunc_*
    EXPECT_VALID(Body({}, {V128}, Cat({v, Simd(code)})));
    ExpectError(Body({}, {V128}, Cat({i, Simd(code)})), "type mismatch");
    ExpectError(Body({}, {I32}, Cat({v, Simd(code)})), "type mismatch");
  }
  for (uint32_t code : {0x100u, 0x10Du, 0x10Eu, 0x10Fu, 0x110u, 0x111u, 0x112u}) {
    EXPECT_VALID(Body({}, {V128}, Cat({v, v, Simd(code)})));
    ExpectError(Body({}, {V128}, Cat({v, i, Simd(code)})), "type mismatch");
    ExpectError(Body({}, {V128}, Cat({v, Simd(code)})), "type mismatch");
  }
  for (uint32_t code : {0x105u, 0x106u, 0x107u, 0x108u, 0x109u, 0x10Au, 0x10Bu, 0x10Cu, 0x113u}) {
    EXPECT_VALID(Body({}, {V128}, Cat({v, v, v, Simd(code)})));
    ExpectError(Body({}, {V128}, Cat({i, v, v, Simd(code)})), "type mismatch");
    ExpectError(Body({}, {V128}, Cat({v, v, {0x43, 0, 0, 0, 0}, Simd(code)})), "type mismatch");
    ExpectError(Body({}, {V128}, Cat({v, v, Simd(code)})), "type mismatch");
  }
  // The next code after relaxed SIMD's is no instruction.
  ExpectError(Body({}, {V128}, Cat({v, v, Simd(0x114)})), "illegal opcode");
}

TEST(ValidatorMalformed, BodyBytes) {
  ExpectError(Body({}, {}, {0x27}), "illegal opcode");
  ExpectError(Body({}, {}, {0xFD, 0x94, 0x02}), "illegal opcode");  // 0xFD 0x114
  ExpectError(Body({}, {}, {0xFD, 0x80, 0x04}), "illegal opcode");  // 0xFD 512
  // Bytes after the final end.
  ModuleBuilder b;
  b.AddFuncRaw(b.AddType({}, {}), {}, {0x0B, 0x01, 0x0B});
  ExpectError(DecodeAndValidate(b.Build()), "section size mismatch");
  // A malformed instruction later in the body wins over an earlier type error.
  ModuleBuilder c;
  c.AddFuncRaw(c.AddType({}, {}), {}, {0x6A, 0x27, 0x0B});
  ExpectError(DecodeAndValidate(c.Build()), "illegal opcode");
}

TEST(ValidatorErrors, MessageNamesFunctionAndOffset) {
  absl::Status s = Body({}, {}, {0x01, 0x6A});
  EXPECT_TRUE(absl::StartsWith(
      s.message(), "type mismatch: i32.add expected [i32 i32] but got [] in function 0 (at byte offset "))
      << s.message();
}

// Type mismatches say what the instruction expected and what it found,
// after the spec's words (which the spec runner matches).
TEST(ValidatorErrors, TypeMismatchNamesExpectedAndActualTypes) {
  auto message = [](absl::Status s) { return std::string(s.message()); };
  using ::testing::HasSubstr;
  // i64.const 1; i32.const 2; i32.add
  EXPECT_THAT(message(Body({}, {}, {0x42, 0x01, 0x41, 0x02, 0x6A, 0x1A})),
              HasSubstr("type mismatch: i32.add expected [i32 i32] but got [i64 i32] in function 0"));
  // f32.const 0; local.set 0 (an i32 local)
  EXPECT_THAT(message(Body({I32}, {}, {0x43, 0, 0, 0, 0, 0x21, 0x00})),
              HasSubstr("type mismatch: local.set expected [i32] but got [f32]"));
  // An i64 left at the end of a function returning i32.
  EXPECT_THAT(message(Body({}, {I32}, {0x42, 0x07})),
              HasSubstr("type mismatch: end expected [i32] but got [i64]"));
  // Two values where one is expected at the end.
  EXPECT_THAT(message(Body({}, {I32}, {0x41, 0x01, 0x41, 0x02})),
              HasSubstr("type mismatch: end expected [i32] but got [i32 i32]"));
  // br_if 0 with an i64 condition.
  EXPECT_THAT(message(Body({}, {}, {0x42, 0x00, 0x0D, 0x00})),
              HasSubstr("type mismatch: br_if expected [i32] but got [i64]"));
  // global.set 0 on the imported immutable i32 is a different error.
  EXPECT_THAT(message(Body({}, {}, {0x41, 0x00, 0x24, 0x00})),
              ::testing::StartsWith("global is immutable"));
}

// --- Module-level rules ------------------------------------------------------

TEST(ValidatorModule, MemoriesAndTables) {
  ModuleBuilder a;
  a.AddMemory(1);
  a.AddMemory(1);
  // Several memories are multi-memory's (3.0); refused by name without it.
  EXPECT_VALID(DecodeAndValidate(a.Build()));
  ExpectError(DecodeAndValidate(a.Build(), WasmFeatures::Wasm20()),
              "multiple memories are disabled (feature multi-memory)");
  ModuleBuilder b;
  b.ImportMemory(1);
  b.AddMemory(1);
  EXPECT_VALID(DecodeAndValidate(b.Build()));
  ExpectError(DecodeAndValidate(b.Build(), WasmFeatures::Wasm20()), "multiple memories");
  ModuleBuilder c;
  c.AddMemory(65537);
  ExpectError(DecodeAndValidate(c.Build()), "memory size must be at most 65536 pages (4GiB)");
  ModuleBuilder d;
  d.AddMemory(0, 65537);
  ExpectError(DecodeAndValidate(d.Build()), "memory size must be at most 65536 pages (4GiB)");
  ModuleBuilder e;
  e.AddMemory(2, 1);
  ExpectError(DecodeAndValidate(e.Build()), "size minimum must not be greater than maximum");
  ModuleBuilder f;
  f.AddTable(FuncRef, 2, 1);
  ExpectError(DecodeAndValidate(f.Build()), "size minimum must not be greater than maximum");
  ModuleBuilder g;
  g.AddMemory(65536, 65536);
  g.AddTable(FuncRef, 0xFFFFFFFFu, 0xFFFFFFFFu);
  g.AddTable(ExternRef, 1);  // several tables are fine in 2.0
  EXPECT_VALID(DecodeAndValidate(g.Build()));
}

TEST(ValidatorModule, FunctionsExportsStart) {
  ModuleBuilder a;
  a.AddFunc(3, {}, {});
  ExpectError(DecodeAndValidate(a.Build()), "unknown type 3");
  ModuleBuilder b;
  b.ImportFunc(5);
  ExpectError(DecodeAndValidate(b.Build()), "unknown type 5");

  ModuleBuilder c;
  uint32_t t = c.AddType({}, {});
  c.AddFunc(t, {}, {});
  c.AddExport("a", ExternKind::kFunc, 0);
  c.AddExport("a", ExternKind::kFunc, 0);
  ExpectError(DecodeAndValidate(c.Build()), "duplicate export name");

  ModuleBuilder d;
  d.AddExport("m", ExternKind::kMemory, 0);
  ExpectError(DecodeAndValidate(d.Build()), "unknown memory 0");
  ModuleBuilder e;
  e.AddExport("f", ExternKind::kFunc, 2);
  ExpectError(DecodeAndValidate(e.Build()), "unknown function 2");

  ModuleBuilder f;
  uint32_t ti = f.AddType({I32}, {});
  f.AddFunc(ti, {}, {});
  f.SetStart(0);
  ExpectError(DecodeAndValidate(f.Build()), "start function");
  ModuleBuilder g;
  g.AddFunc(g.AddType({}, {}), {}, {});
  g.SetStart(0);
  EXPECT_VALID(DecodeAndValidate(g.Build()));
  g.SetStart(1);
  ExpectError(DecodeAndValidate(g.Build()), "unknown function 1");
}

TEST(ValidatorModule, GlobalsAndConstantExpressions) {
  auto one_global = [](ValType type, Bytes init, bool import_mutable = false) {
    ModuleBuilder b;
    b.ImportGlobal(I32, import_mutable);
    b.AddGlobal(type, false, std::move(init));
    return DecodeAndValidate(b.Build());
  };
  EXPECT_VALID(one_global(I32, {0x41, 5}));
  EXPECT_VALID(one_global(I32, {0x23, 0}));
  EXPECT_VALID(one_global(V128, V128Const()));
  EXPECT_VALID(one_global(FuncRef, {0xD0, 0x70}));
  ExpectError(one_global(I64, {0x41, 5}), "type mismatch");
  ExpectError(one_global(I32, {}), "type mismatch");
  ExpectError(one_global(I32, {0x41, 5, 0x41, 6}), "type mismatch");
  ExpectError(one_global(I32, {0x01}), "constant expression required");
  ExpectError(one_global(I32, {0x23, 0}, true), "constant expression required");
  ExpectError(one_global(I32, {0x23, 1}), "unknown global 1");  // defined: not in scope
  ExpectError(one_global(FuncRef, {0xD2, 0}), "unknown function 0");
}

// Extended constant expressions: i32/i64 add, sub, mul over constants and
// immutable globals, typed as a stack.
TEST(ValidatorModule, DisabledFeaturesAreRefusedByName) {
  ModuleBuilder b;
  b.ImportGlobal(I32, false);
  b.AddGlobal(I32, false, {0x23, 0, 0x41, 1, 0x6A});  // imported + 1
  const Bytes ext = b.Build();
  auto m = DecodeModule(ext);
  ASSERT_TRUE(m.ok()) << m.status();
  ValidationOptions no_ext;
  no_ext.features.Set(WasmFeature::kExtendedConst, false);
  ExpectError(ValidateModule(**m, no_ext), "constant expression required");
  EXPECT_VALID(ValidateModule(**m));
}

TEST(ValidatorModule, ExtendedConstantExpressions) {
  auto one_global = [](ValType type, Bytes init, bool import_mutable = false) {
    ModuleBuilder b;
    b.ImportGlobal(I32, import_mutable);
    b.ImportGlobal(I64, false);
    b.AddGlobal(type, false, std::move(init));
    return DecodeAndValidate(b.Build());
  };
  // (i32.add (global.get $imported) (i32.const 1))
  EXPECT_VALID(one_global(I32, {0x23, 0, 0x41, 1, 0x6A}));
  EXPECT_VALID(one_global(I32, {0x41, 20, 0x41, 2, 0x6C, 0x41, 2, 0x6B, 0x41, 4, 0x6A}));
  EXPECT_VALID(one_global(I64, {0x23, 1, 0x42, 42, 0x7C, 0x42, 3, 0x7E, 0x42, 1, 0x7D}));
  // Operand types.
  ExpectError(one_global(I32, {0x23, 1, 0x41, 1, 0x6A}), "type mismatch");  // i64 + i32
  ExpectError(one_global(I64, {0x41, 1, 0x41, 1, 0x7C}), "type mismatch");  // i64.add of i32s
  ExpectError(one_global(I64, {0x41, 1, 0x41, 1, 0x6A}), "type mismatch");  // result i32
  ExpectError(one_global(I32, {0x41, 1, 0x6A}), "type mismatch");           // one operand
  ExpectError(one_global(I32, {0x41, 1, 0x41, 1, 0x41, 1, 0x6A}), "type mismatch");  // two left
  // A mutable global is not constant, even under add.
  ExpectError(one_global(I32, {0x23, 0, 0x41, 1, 0x6A}, true), "constant expression required");
  // Other arithmetic is not constant: div, and, shl, eqz, i32.wrap_i64, f32.add.
  ExpectError(one_global(I32, {0x41, 1, 0x41, 1, 0x6D}), "constant expression required");
  ExpectError(one_global(I32, {0x41, 1, 0x41, 1, 0x71}), "constant expression required");
  ExpectError(one_global(I32, {0x41, 1, 0x41, 1, 0x74}), "constant expression required");
  ExpectError(one_global(I32, {0x41, 1, 0x45}), "constant expression required");
  ExpectError(one_global(I32, {0x42, 1, 0xA7}), "constant expression required");
  ExpectError(one_global(F32, {0x43, 0, 0, 0, 0, 0x43, 0, 0, 0, 0, 0x92}),
              "constant expression required");

  // Segment offsets take them too.
  ModuleBuilder d;
  d.ImportGlobal(I32, false);
  d.AddMemory(1);
  d.AddDataRaw({0x00, 0x23, 0x00, 0x41, 0x10, 0x6B, 0x0B, 0x00});  // g0 - 16
  EXPECT_VALID(DecodeAndValidate(d.Build()));
  ModuleBuilder e;
  e.AddTable(FuncRef, 1);
  e.AddElemRaw({0x00, 0x41, 0x01, 0x41, 0x02, 0x6C, 0x0B, 0x00});  // 1 * 2, no items
  EXPECT_VALID(DecodeAndValidate(e.Build()));
}

// Which globals global.get may read: 2.0 (the default) only imported ones;
// 3.0 also the defined globals before the one being initialised, and every
// global in segments.
TEST(ValidatorModule, ConstExprGlobalVisibility) {
  ModuleBuilder b;
  b.ImportGlobal(I32, false);
  b.AddGlobal(I32, false, {0x41, 8});                    // global 1
  b.AddGlobal(I32, false, {0x23, 1, 0x41, 1, 0x6A});     // global 2 = g1 + 1
  b.AddMemory(1);
  b.AddDataRaw({0x00, 0x23, 0x02, 0x0B, 0x00});          // offset g2
  const Bytes module = b.Build();
  auto m = DecodeModule(module);
  ASSERT_TRUE(m.ok()) << m.status();
  // 2.0 (extended-const off): imported globals only, and no arithmetic.
  const ValidationOptions v2{WasmFeatures::Wasm20()};
  ExpectError(ValidateModule(**m, v2), "unknown global 1");
  const ValidationOptions v3;  // the default: 3.0
  EXPECT_VALID(ValidateModule(**m, v3));

  ModuleBuilder fwd;  // a later global is never visible
  fwd.AddGlobal(I32, false, {0x23, 1});
  fwd.AddGlobal(I32, false, {0x41, 0});
  m = DecodeModule(fwd.Build());
  ASSERT_TRUE(m.ok()) << m.status();
  ExpectError(ValidateModule(**m, v3), "unknown global 1");
  ModuleBuilder self;  // nor the global itself
  self.AddGlobal(I32, false, {0x23, 0});
  m = DecodeModule(self.Build());
  ASSERT_TRUE(m.ok()) << m.status();
  ExpectError(ValidateModule(**m, v3), "unknown global 0");
  ModuleBuilder mut;  // defined and visible, but mutable
  mut.AddGlobal(I32, true, {0x41, 0});
  mut.AddMemory(1);
  mut.AddDataRaw({0x00, 0x23, 0x00, 0x0B, 0x00});
  m = DecodeModule(mut.Build());
  ASSERT_TRUE(m.ok()) << m.status();
  ExpectError(ValidateModule(**m, v3), "constant expression required");
}

TEST(ValidatorModule, ElementAndDataSegments) {
  // Active elem segment (flags 0: table 0, funcref, func indices).
  ModuleBuilder a;
  a.AddFunc(a.AddType({}, {}), {}, {});
  a.AddTable(FuncRef, 1);
  a.AddElemRaw({0x00, 0x41, 0x00, 0x0B, 0x01, 0x00});
  EXPECT_VALID(DecodeAndValidate(a.Build()));
  a.AddElemRaw({0x00, 0x41, 0x00, 0x0B, 0x01, 0x03});
  ExpectError(DecodeAndValidate(a.Build()), "unknown function 3");

  ModuleBuilder b;  // elem offset of the wrong type
  b.AddTable(FuncRef, 1);
  b.AddElemRaw({0x00, 0x42, 0x00, 0x0B, 0x00});
  ExpectError(DecodeAndValidate(b.Build()), "type mismatch");

  ModuleBuilder c;  // externref segment (flags 6: table 0, exprs) into a funcref table
  c.AddTable(FuncRef, 1);
  c.AddElemRaw({0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x01, 0xD0, 0x6F, 0x0B});
  ExpectError(DecodeAndValidate(c.Build()), "type mismatch");

  ModuleBuilder d;  // elem into a missing table
  d.AddElemRaw({0x00, 0x41, 0x00, 0x0B, 0x00});
  ExpectError(DecodeAndValidate(d.Build()), "unknown table 0");

  ModuleBuilder e;  // item expression of the wrong type (flags 5: passive exprs)
  e.AddElemRaw({0x05, 0x70, 0x01, 0xD0, 0x6F, 0x0B});
  ExpectError(DecodeAndValidate(e.Build()), "type mismatch");

  ModuleBuilder f;  // active data without a memory
  f.AddDataRaw({0x00, 0x41, 0x00, 0x0B, 0x00});
  ExpectError(DecodeAndValidate(f.Build()), "unknown memory 0");
  f.AddMemory(1);
  EXPECT_VALID(DecodeAndValidate(f.Build()));

  ModuleBuilder g;  // data offset must be i32
  g.AddMemory(1);
  g.AddDataRaw({0x00, 0x42, 0x00, 0x0B, 0x00});
  ExpectError(DecodeAndValidate(g.Build()), "type mismatch");
}

TEST(ValidatorModule, DeclaredFunctionReferences) {
  // ref.func in a body is allowed for functions exported or used in globals.
  ModuleBuilder a;
  uint32_t t = a.AddType({}, {});
  uint32_t tr = a.AddType({}, {FuncRef});
  a.AddFunc(tr, {}, {0xD2, 1});
  a.AddFunc(t, {}, {});
  a.AddExport("f", ExternKind::kFunc, 1);
  EXPECT_VALID(DecodeAndValidate(a.Build()));

  ModuleBuilder b;
  b.AddType({}, {});
  uint32_t tr2 = b.AddType({}, {FuncRef});
  b.AddFunc(tr2, {}, {0xD2, 1});
  b.AddFunc(0, {}, {});
  b.AddGlobal(FuncRef, false, {0xD2, 1});
  EXPECT_VALID(DecodeAndValidate(b.Build()));

  ModuleBuilder c;  // only named by the start section: not declared
  c.AddType({}, {});
  uint32_t tr3 = c.AddType({}, {FuncRef});
  c.AddFunc(tr3, {}, {0xD2, 1});
  c.AddFunc(0, {}, {});
  c.SetStart(1);
  ExpectError(DecodeAndValidate(c.Build()), "undeclared function reference");
}

}  // namespace
}  // namespace weft
