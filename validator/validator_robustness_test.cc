// Hostile input: random edits of a module with varied function bodies must
// only ever produce OK or an InvalidArgument error — never a crash, hang or
// sanitizer report (run under --config=asan).
#include <random>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "validator/test_module_builder.h"

namespace weft {
namespace {

using testing_util::Bytes;
using testing_util::DecodeAndValidate;
using testing_util::ModuleBuilder;

Bytes SeedModule() {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({}, {});
  uint32_t t1 = b.AddType({ValType::kI32}, {ValType::kI32});
  uint32_t t2 = b.AddType({ValType::kI32, ValType::kI64}, {ValType::kF64, ValType::kI32});
  b.ImportGlobal(ValType::kI32, false);
  b.AddTable(ValType::kFuncRef, 4);
  b.AddMemory(1, 2);
  b.AddGlobal(ValType::kI64, true, {0x42, 0x05});
  b.AddExport("f", ExternKind::kFunc, 0);
  b.AddElemRaw({0x00, 0x41, 0x00, 0x0B, 0x02, 0x00, 0x01});
  b.SetDataCount(1);
  b.AddFunc(t1, {ValType::kI64, ValType::kF64},
            {0x02, 0x7F, 0x41, 0x01, 0x20, 0x00, 0x0D, 0x00, 0x0B, 0x1A,        // block/br_if
             0x20, 0x00, 0x04, 0x40, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A,        // if + load
             0x05, 0x00, 0x0B,                                                  // else
             0x03, 0x40, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x00, 0x0B,              // br_table
             0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00,        // memory.init
             0xD2, 0x00, 0xD1, 0x1A, 0x41, 0x07, 0x41, 0x00, 0x11, 0x01, 0x00});
  b.AddFunc(t2, {},
            {0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x20, 0x00,                      //
             0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,  //
             0xFD, 0x15, 0x03, 0x6A, 0x23, 0x00, 0x6A, 0x23, 0x00, 0x41, 0x00,   //
             0x1B});
  b.AddFunc(t0, {}, {0x41, 0x00, 0xFD, 0x00, 0x04, 0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0,
                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                     11, 12, 13, 14, 15, 0x1A});
  b.AddDataRaw({0x01, 0x02, 'o', 'k'});
  return b.Build();
}

TEST(ValidatorRobustness, SeedIsValid) {
  absl::Status s = DecodeAndValidate(SeedModule());
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST(ValidatorRobustness, RandomEditsNeverCrash) {
  const Bytes seed = SeedModule();
  std::mt19937 rng(1234);
  int valid = 0, invalid = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes m = seed;
    int edits = 1 + rng() % 4;
    for (int e = 0; e < edits; ++e) {
      size_t pos = 8 + rng() % (m.size() - 8);
      switch (rng() % 4) {
        case 0: m[pos] = static_cast<uint8_t>(rng()); break;
        case 1: m[pos] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 2: m.erase(m.begin() + pos); break;
        default: m.insert(m.begin() + pos, static_cast<uint8_t>(rng())); break;
      }
    }
    absl::Status s = DecodeAndValidate(m);
    if (s.ok()) {
      ++valid;
    } else {
      ++invalid;
      ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
      ASSERT_TRUE(absl::StrContains(s.message(), "(at byte offset ")) << s.message();
    }
  }
  // Both outcomes occur, so the edits reach the validator.
  EXPECT_GT(valid, 0);
  EXPECT_GT(invalid, 0);
}

}  // namespace
}  // namespace weft
