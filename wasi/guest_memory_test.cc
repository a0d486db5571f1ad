#include "wasi/guest_memory.h"

#include <vector>

#include "gtest/gtest.h"

namespace weft::wasi {
namespace {

TEST(GuestMemory, LoadsAndStoresLittleEndianUnaligned) {
  std::vector<uint8_t> buf(64, 0);
  GuestMemory m(buf.data(), buf.size());
  ASSERT_EQ(m.StoreU32(1, 0x11223344), Errno::kSuccess);
  EXPECT_EQ(buf[1], 0x44);
  EXPECT_EQ(buf[4], 0x11);
  uint32_t v32;
  ASSERT_EQ(m.LoadU32(1, &v32), Errno::kSuccess);
  EXPECT_EQ(v32, 0x11223344u);
  ASSERT_EQ(m.StoreU64(56, 0x0102030405060708ull), Errno::kSuccess);
  uint64_t v64;
  ASSERT_EQ(m.LoadU64(56, &v64), Errno::kSuccess);
  EXPECT_EQ(v64, 0x0102030405060708ull);
  uint16_t v16;
  ASSERT_EQ(m.StoreU16(62, 0xBEEF), Errno::kSuccess);
  ASSERT_EQ(m.LoadU16(62, &v16), Errno::kSuccess);
  EXPECT_EQ(v16, 0xBEEF);
}

TEST(GuestMemory, OutOfBoundsIsFault) {
  std::vector<uint8_t> buf(64, 0);
  GuestMemory m(buf.data(), buf.size());
  uint32_t v;
  EXPECT_EQ(m.LoadU32(61, &v), Errno::kFault);
  EXPECT_EQ(m.LoadU32(0xFFFFFFFF, &v), Errno::kFault);
  EXPECT_EQ(m.StoreU64(57, 1), Errno::kFault);
  EXPECT_EQ(m.StoreU8(64, 1), Errno::kFault);
  EXPECT_EQ(m.StoreU8(63, 1), Errno::kSuccess);
  char data[8];
  EXPECT_EQ(m.Read(60, data, 8), Errno::kFault);
  EXPECT_EQ(m.Write(0xFFFFFFF0u, data, 0x20), Errno::kFault);
  // Zero-length ranges at the very end are fine; one past is not.
  EXPECT_EQ(m.Write(64, data, 0), Errno::kSuccess);
  EXPECT_EQ(m.Write(65, data, 0), Errno::kFault);
  EXPECT_EQ(m.Range(0, 65), nullptr);
  EXPECT_NE(m.Range(0, 64), nullptr);
  // No 32-bit wrap-around: ptr + len is computed in 64 bits.
  EXPECT_FALSE(m.InBounds(0xFFFFFFFFu, 2));
  std::string_view s;
  EXPECT_EQ(m.ReadString(60, 5, &s), Errno::kFault);
  ASSERT_EQ(m.ReadString(60, 4, &s), Errno::kSuccess);
  EXPECT_EQ(s.size(), 4u);
}

TEST(GuestMemory, EmptyMemoryFaultsEverything) {
  GuestMemory m(nullptr, 0);
  uint8_t v;
  EXPECT_EQ(m.LoadU8(0, &v), Errno::kFault);
  EXPECT_EQ(m.Range(0, 1), nullptr);
}

}  // namespace
}  // namespace weft::wasi
