// The validator's pre-reader must agree with InstructionReader on every
// encoding it accepts: same opcode, immediates and length.
#include "validator/fast_reader.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace weft {
namespace validator_internal {
namespace {

void ExpectSameAsReader(const std::vector<uint8_t>& bytes, int* accepted) {
  ByteReader fast_in(bytes.data(), bytes.size(), 100);
  Instruction fast;
  if (!FastRead(fast_in, FastReadTable(), &fast)) return;
  ++*accepted;
  ByteReader slow_in(bytes.data(), bytes.size(), 100);
  InstructionReader reader(&slow_in);
  Instruction slow;
  ASSERT_TRUE(reader.Read(&slow)) << "pre-reader accepted malformed bytes";
  ASSERT_EQ(fast.op, slow.op);
  ASSERT_EQ(fast.offset, slow.offset);
  ASSERT_EQ(fast_in.offset(), slow_in.offset()) << OpcodeName(slow.op);
  switch (GetOpcodeInfo(slow.op).imm) {
    case ImmKind::LabelIdx:
    case ImmKind::FuncIdx:
    case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx:
    case ImmKind::TableIdx:
      EXPECT_EQ(fast.index, slow.index);
      break;
    case ImmKind::I32:
    case ImmKind::F32:
    case ImmKind::F64:
      EXPECT_EQ(fast.bits, slow.bits) << OpcodeName(slow.op);
      break;
    case ImmKind::MemArg:
      EXPECT_EQ(fast.memarg.align_log2, slow.memarg.align_log2);
      EXPECT_EQ(fast.memarg.offset, slow.memarg.offset);
      break;
    case ImmKind::BlockType:
      EXPECT_EQ(fast.block_type.kind, slow.block_type.kind);
      EXPECT_EQ(fast.block_type.value, slow.block_type.value);
      break;
    case ImmKind::None:
      break;
    default:
      ADD_FAILURE() << "pre-reader accepted " << OpcodeName(slow.op);
  }
}

TEST(FastReader, AgreesWithInstructionReaderOnRandomBytes) {
  std::mt19937 rng(99);
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::vector<uint8_t> bytes(3 + rng() % 10);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    // Bias continuation bits so multi-byte LEB128s are common.
    if (rng() % 2) bytes[1] |= 0x80;
    if (rng() % 3 == 0) bytes[2] |= 0x80;
    ExpectSameAsReader(bytes, &accepted);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(accepted, 10000);
}

TEST(FastReader, DeclinesNearTheEndOfTheBody) {
  const std::vector<uint8_t> end_only = {0x0B};
  ByteReader in(end_only.data(), end_only.size());
  Instruction ins;
  EXPECT_FALSE(FastRead(in, FastReadTable(), &ins));
  EXPECT_EQ(in.offset(), 0u);
}

TEST(FastReader, SignedConstants) {
  for (int32_t v : {0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, -8193, 1048575, -1048576}) {
    std::vector<uint8_t> bytes = {0x41};
    int64_t x = v;
    for (;;) {
      uint8_t b = x & 0x7F;
      x >>= 7;
      bool done = (x == 0 && !(b & 0x40)) || (x == -1 && (b & 0x40));
      bytes.push_back(done ? b : (b | 0x80));
      if (done) break;
    }
    bytes.resize(bytes.size() + 8, 0x01);
    ByteReader in(bytes.data(), bytes.size());
    Instruction ins;
    ASSERT_TRUE(FastRead(in, FastReadTable(), &ins)) << v;
    EXPECT_EQ(static_cast<int64_t>(ins.bits), v);
  }
}

}  // namespace
}  // namespace validator_internal
}  // namespace weft
