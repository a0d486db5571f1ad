// Hostile inputs: tiny modules that declare enormous counts. The decoder
// must reject them from the bytes actually present, without first
// allocating for what they claim. A replaced global operator new records
// the largest single request made while decoding each input.
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "validator/validator.h"

namespace {
std::atomic<size_t> g_largest_request{0};
}  // namespace

void* operator new(size_t n) {
  size_t prev = g_largest_request.load(std::memory_order_relaxed);
  while (n > prev && !g_largest_request.compare_exchange_weak(prev, n)) {
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace weft {
namespace {

constexpr uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
// u32 0xFFFFFFFF as LEB128.
constexpr uint8_t kMaxU32[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};

std::vector<uint8_t> ModuleWithSection(uint8_t id, std::vector<uint8_t> payload) {
  std::vector<uint8_t> m(std::begin(kHeader), std::end(kHeader));
  m.push_back(id);
  m.push_back(static_cast<uint8_t>(payload.size()));  // payloads here are < 128 bytes
  m.insert(m.end(), payload.begin(), payload.end());
  return m;
}

std::vector<uint8_t> HugeCount(std::vector<uint8_t> tail = {}) {
  std::vector<uint8_t> p(std::begin(kMaxU32), std::end(kMaxU32));
  p.insert(p.end(), tail.begin(), tail.end());
  return p;
}

void AppendLeb(std::vector<uint8_t>* out, uint32_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out->push_back(v ? (b | 0x80) : b);
  } while (v);
}

// A module with one function of type () -> () whose body (local
// declarations included) is `body`.
std::vector<uint8_t> ModuleWithOneBody(const std::vector<uint8_t>& body) {
  std::vector<uint8_t> m(std::begin(kHeader), std::end(kHeader));
  for (uint8_t b : {0x01, 0x04, 0x01, 0x60, 0x00, 0x00}) m.push_back(b);  // type
  for (uint8_t b : {0x03, 0x02, 0x01, 0x00}) m.push_back(b);              // function
  std::vector<uint8_t> entry;
  AppendLeb(&entry, 1);  // one body
  AppendLeb(&entry, static_cast<uint32_t>(body.size()));
  entry.insert(entry.end(), body.begin(), body.end());
  m.push_back(0x0A);
  AppendLeb(&m, static_cast<uint32_t>(entry.size()));
  m.insert(m.end(), entry.begin(), entry.end());
  return m;
}

// Decodes and (if it decodes) validates; returns whether it was rejected,
// and checks no single allocation exceeded 1 MiB on the way.
bool RejectedCheaply(const std::vector<uint8_t>& bytes) {
  g_largest_request = 0;
  auto module = DecodeModule(absl::MakeConstSpan(bytes));
  bool rejected = !module.ok() || !ValidateModule(**module).ok();
  EXPECT_LT(g_largest_request.load(), size_t{1} << 20) << "allocation driven by a declared count";
  return rejected;
}

TEST(HostileInputTest, HugeCountsInEverySectionAreRejectedWithoutAllocating) {
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    SCOPED_TRACE(static_cast<int>(id));
    EXPECT_TRUE(RejectedCheaply(ModuleWithSection(id, HugeCount({0x00, 0x00}))));
  }
}

TEST(HostileInputTest, HugeLocalCountIsRejected) {
  // A body declaring 2^32-1 locals of i32.
  EXPECT_TRUE(RejectedCheaply(ModuleWithOneBody({0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B})));
}

TEST(HostileInputTest, HugeBrTableIsRejected) {
  // No locals; i32.const 0; br_table declaring 2^32-1 targets; then nothing.
  EXPECT_TRUE(RejectedCheaply(
      ModuleWithOneBody({0x00, 0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B})));
}

TEST(HostileInputTest, TruncatedLeb128sAreRejected) {
  // A LEB128 whose continuation bit is set on the last byte of the input,
  // in the section size, in a section's count, and in an immediate.
  std::vector<uint8_t> m(std::begin(kHeader), std::end(kHeader));
  m.insert(m.end(), {0x01, 0x80});
  EXPECT_TRUE(RejectedCheaply(m));
  EXPECT_TRUE(RejectedCheaply(ModuleWithSection(1, {0xFF, 0xFF})));
  // i32.const with a 2-byte LEB cut to one byte, ending the body early.
  EXPECT_TRUE(RejectedCheaply(ModuleWithOneBody({0x00, 0x41, 0x80})));
  // Overlong u32 (6 bytes) and a 5th byte with bits beyond 32.
  EXPECT_TRUE(RejectedCheaply(ModuleWithSection(1, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00})));
  EXPECT_TRUE(RejectedCheaply(ModuleWithSection(1, {0x80, 0x80, 0x80, 0x80, 0x70})));
}

TEST(HostileInputTest, EveryPrefixOfAModuleIsRejectedCheaply) {
  // A body with multi-byte LEBs everywhere; each strict prefix of the module
  // cuts some LEB or section short and must be rejected.
  std::vector<uint8_t> body = {0x01, 0x83, 0x01, 0x7F,            // 131 i32 locals
                               0x41, 0xC0, 0xBB, 0x78,            // i32.const -123456
                               0x21, 0x82, 0x01,                  // local.set 130
                               0x02, 0x40, 0x20, 0x82, 0x01,      // block; local.get 130
                               0x0D, 0x00, 0x0B, 0x0B};           // br_if 0; end; end
  std::vector<uint8_t> m = ModuleWithOneBody(body);
  {
    auto module = DecodeModule(absl::MakeConstSpan(m));
    ASSERT_TRUE(module.ok()) << module.status();
    ASSERT_TRUE(ValidateModule(**module).ok());
  }
  for (size_t n = 9; n < m.size(); ++n) {
    SCOPED_TRACE(n);
    std::vector<uint8_t> prefix(m.begin(), m.begin() + n);
    // A cut exactly at a section boundary is a valid (shorter) module.
    auto module = DecodeModule(absl::MakeConstSpan(prefix));
    if (module.ok()) continue;
    EXPECT_TRUE(RejectedCheaply(prefix));
  }
}

TEST(HostileInputTest, DeeplyNestedBlocksDoNotOverflowTheStack) {
  // 200k nested `block`s: the validator's control stack is heap-allocated,
  // so this must end in an error or success, not a native stack overflow.
  constexpr int kDepth = 200000;
  std::vector<uint8_t> body = {0x00};
  for (int i = 0; i < kDepth; ++i) body.insert(body.end(), {0x02, 0x40});
  for (int i = 0; i <= kDepth; ++i) body.push_back(0x0B);
  std::vector<uint8_t> m = ModuleWithOneBody(body);
  auto module = DecodeModule(absl::MakeConstSpan(m));
  ASSERT_TRUE(module.ok()) << module.status();
  EXPECT_TRUE(ValidateModule(**module).ok());
}

}  // namespace
}  // namespace weft
