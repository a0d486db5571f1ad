#include "base/byte_reader.h"

#include <vector>

#include "gtest/gtest.h"

namespace weft {
namespace {

ByteReader Reader(const std::vector<uint8_t>& v) { return ByteReader(v.data(), v.size()); }

TEST(ByteReaderTest, ReadsUnsignedLeb) {
  std::vector<uint8_t> b = {0xE5, 0x8E, 0x26};
  auto r = Reader(b);
  EXPECT_EQ(r.ReadU32(), 624485u);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
}

TEST(ByteReaderTest, RejectsOverlongU32) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  auto r = Reader(b);
  r.ReadU32();
  EXPECT_EQ(r.error_message(), "integer representation too long");
}

TEST(ByteReaderTest, RejectsUnusedBitsInU32) {
  std::vector<uint8_t> b = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  auto r = Reader(b);
  r.ReadU32();
  EXPECT_EQ(r.error_message(), "integer too large");
  std::vector<uint8_t> max = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  auto r2 = Reader(max);
  EXPECT_EQ(r2.ReadU32(), 0xFFFFFFFFu);
  EXPECT_TRUE(r2.ok());
}

TEST(ByteReaderTest, SignedRanges) {
  std::vector<uint8_t> minus_one = {0x7F};
  EXPECT_EQ(Reader(minus_one).ReadS32(), -1);
  std::vector<uint8_t> min32 = {0x80, 0x80, 0x80, 0x80, 0x78};
  auto r = Reader(min32);
  EXPECT_EQ(r.ReadS32(), INT32_MIN);
  EXPECT_TRUE(r.ok());
  std::vector<uint8_t> bad = {0x80, 0x80, 0x80, 0x80, 0x70};
  auto r2 = Reader(bad);
  r2.ReadS32();
  EXPECT_EQ(r2.error_message(), "integer too large");
  std::vector<uint8_t> min64 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  auto r3 = Reader(min64);
  EXPECT_EQ(r3.ReadS64(), INT64_MIN);
  EXPECT_TRUE(r3.ok());
}

TEST(ByteReaderTest, UnexpectedEndCarriesOffset) {
  std::vector<uint8_t> b = {0x01, 0x80};
  ByteReader r(b.data(), b.size(), 100);
  r.ReadByte();
  r.ReadU32();
  EXPECT_EQ(r.error_message(), "unexpected end");
  EXPECT_EQ(r.error_offset(), 102u);
  EXPECT_EQ(r.status().message(), "unexpected end (at byte offset 102)");
}

TEST(ByteReaderTest, CountBeyondRemainingBytesIsRejectedBeforeUse) {
  std::vector<uint8_t> b = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00};
  auto r = Reader(b);
  EXPECT_EQ(r.ReadCount(1), 0u);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "unexpected end of section or function (at byte offset 0)");
}

}  // namespace
}  // namespace weft
