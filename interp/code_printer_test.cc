#include "interp/code_printer.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "interp/ir_layout.h"
#include "interp/module_code.h"
#include "interp/test_instance.h"

namespace weft::interp {
namespace {

constexpr size_t kOpCount = static_cast<size_t>(IrOp::kCount);

Word H(IrOp op) { return Word{.h = HandlerFor(op)}; }
Word U(uint64_t u) { return Word{.u = u}; }
Word I(int64_t i) { return Word{.i = i}; }

std::string Print(const std::vector<Word>& code, uint32_t at = 0) {
  uint32_t words = 0;
  return PrintOp(code, at, &words);
}

// Every op has a name, a handler that maps back to it (or to an op with
// the same layout when the toolchain merged identical handlers), and
// prints as exactly the words its layout says.
TEST(CodePrinterTest, EveryOpHasAPrinterEntry) {
  std::set<std::string> names;
  for (size_t i = 0; i < kOpCount; ++i) {
    const IrOp op = static_cast<IrOp>(i);
    const IrOpInfo& info = GetIrOpInfo(op);
    ASSERT_NE(info.name, nullptr);
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;

    const std::optional<IrOp> back = IrOpForHandler(HandlerFor(op));
    ASSERT_TRUE(back.has_value()) << info.name;
    const IrLayout& mine = LayoutOf(op);
    const IrLayout& theirs = LayoutOf(*back);
    ASSERT_EQ(mine.count, theirs.count) << info.name;
    for (int k = 0; k < mine.count; ++k) EXPECT_EQ(mine.kinds[k], theirs.kinds[k]) << info.name;

    // The op, then operands 1, 2, ... (a table of 2 targets for BrTable),
    // then a second op: the first spans exactly its layout's words.
    std::vector<Word> code = {H(op)};
    uint32_t table_words = 0;
    for (int k = 0; k < mine.count; ++k) {
      if (mine.kinds[k] == OperandKind::kRelTable) {
        code.back() = U(1);  // n: two entries
        code.push_back(I(0));
        code.push_back(I(0));
        table_words = 2;
      } else {
        code.push_back(U(k + 1));
      }
    }
    const uint32_t expected_words = static_cast<uint32_t>(code.size());
    EXPECT_EQ(WordsOf(op) + table_words, expected_words) << info.name;
    code.push_back(H(IrOp::kUnreachable));
    uint32_t words = 0;
    const std::string text = PrintOp(code, 0, &words);
    EXPECT_EQ(words, expected_words) << text;
    EXPECT_TRUE(absl::StartsWith(text, GetIrOpInfo(*back).name)) << text;
  }
}

TEST(CodePrinterTest, OperandKinds) {
  EXPECT_EQ(Print({H(IrOp::kI32AddImm), U(5), U(3), U(uint32_t(-7))}),
            "I32AddImm         s5 <- s3, -7");
  EXPECT_EQ(Print({H(IrOp::kF64MulImm), U(1), U(2), U(0x3ff8000000000000)}),
            "F64MulImm         s1 <- s2, 1.5");
  EXPECT_EQ(Print({H(IrOp::kConst), U(4), U(0xffff)}), "Const             s4 <- 65535");
  EXPECT_EQ(Print({H(IrOp::kConst), U(4), U(0x10000)}), "Const             s4 <- 0x10000");
  EXPECT_EQ(Print({H(IrOp::kI32LoadIdx), U(6), U(4), U(5), U(8), U(2)}),
            "I32LoadIdx        s6 <- s4, s5, off=8, shift=2");
  EXPECT_EQ(Print({H(IrOp::kI32Store8Val), U(0), U(255), U(1), U(uint32_t(-4))}),
            "I32Store8Val      s0, 255, off=1, k=-4");
  EXPECT_EQ(Print({H(IrOp::kCall), U(3), U(9)}), "Call              func=3, args=s9");
  EXPECT_EQ(Print({H(IrOp::kMemorySize), U(2)}), "MemorySize        s2");
  EXPECT_EQ(Print({H(IrOp::kUnreachable)}), "Unreachable");
}

// Branch targets print as the word they reach: kRel from the op's first
// word, br_table entries from their own.
TEST(CodePrinterTest, BranchTargets) {
  std::vector<Word> code = {H(IrOp::kFuel), U(3), H(IrOp::kBrIfI32LtS), U(1), U(2), I(-2)};
  EXPECT_EQ(Print(code, 2), "BrIfI32LtS        s1, s2, -> 0");
  code = {H(IrOp::kBrTable), U(0), U(1), I(2), I(-4)};
  EXPECT_EQ(Print(code), "BrTable           s0, n=1, -> 5, default -> 0");
}

TEST(CodePrinterTest, MalformedCode) {
  uint32_t words = 0;
  std::vector<Word> code = {U(12345), U(1)};
  EXPECT_EQ(PrintOp(code, 0, &words), "(not a handler: 0x3039)");
  EXPECT_EQ(words, 2u);
  code = {H(IrOp::kI32Add), U(1)};
  EXPECT_EQ(PrintOp(code, 0, &words), "I32Add (cut short)");
  code = {H(IrOp::kBrTable), U(0), U(5), I(0)};
  EXPECT_EQ(PrintOp(code, 0, &words), "BrTable (cut short)");
}

// Whatever the compiler emits decodes op by op to the end of the code.
TEST(CodePrinterTest, CompiledCodeDecodes) {
  for (const char* file : {"interp/testdata/basic.wasm", "interp/testdata/operand_reuse.wasm",
                           "interp/testdata/v128_frames.wasm"}) {
    for (bool metering : {false, true}) {
      CompileOptions options;
      options.metering = metering;
      const std::vector<uint8_t> bytes = ReadFileBytes(file);
      auto code = ModuleCode::Load(bytes, options);
      ASSERT_TRUE(code.ok()) << file << ": " << code.status();
      for (uint32_t i = 0; i < (*code)->module().code.size(); ++i) {
        auto fn = (*code)->Get(i);
        ASSERT_TRUE(fn.ok()) << fn.status();
        const std::string text = PrintCode(**fn);
        EXPECT_FALSE(absl::StrContains(text, "not a handler")) << file << "\n" << text;
        EXPECT_FALSE(absl::StrContains(text, "cut short")) << file << "\n" << text;
      }
    }
  }
}

}  // namespace
}  // namespace weft::interp
