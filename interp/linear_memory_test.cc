// LinearMemory storage: the reservation, growth and the pristine image,
// including under an address-space limit (ulimit -v), where the maximum
// cannot be reserved up front and growth relocates the memory.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "gtest/gtest.h"
#include "interp/instance_data.h"

namespace weft::interp {
namespace {

// Fills page `p` with a byte derived from its number and `salt`.
void Stamp(LinearMemory& m, uint32_t p, uint8_t salt) {
  std::memset(m.base() + uint64_t(p) * kPageSize, uint8_t(p * 7 + salt), kPageSize);
}
bool HasStamp(const LinearMemory& m, uint32_t p, uint8_t salt) {
  const uint8_t* at = m.base() + uint64_t(p) * kPageSize;
  return at[0] == uint8_t(p * 7 + salt) && at[kPageSize - 1] == uint8_t(p * 7 + salt);
}

// Runs `body` in a child process whose address space is limited to its
// current size plus `headroom` bytes; the child's exit status is `body`'s
// failure count. A 4 GiB memory reservation cannot fit in that.
int UnderAddressLimit(uint64_t headroom, int (*body)()) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f == nullptr || std::fscanf(f, "%lu", &pages) != 1) _exit(100);
    std::fclose(f);
    const uint64_t vm = uint64_t(pages) * uint64_t(sysconf(_SC_PAGESIZE));
    struct rlimit rl = {vm + headroom, vm + headroom};
    if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(101);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

TEST(LinearMemoryTest, GrowsAndKeepsContents) {
  auto m = LinearMemory::Create(1, 100);
  ASSERT_NE(m, nullptr);
  Stamp(*m, 0, 1);
  EXPECT_EQ(m->Grow(9), 1);
  EXPECT_TRUE(HasStamp(*m, 0, 1));
  EXPECT_EQ(m->base()[5 * kPageSize], 0);  // new pages read as zero
  EXPECT_EQ(m->Grow(91), -1);              // past the maximum
  EXPECT_EQ(m->pages(), 10u);
}

TEST(LinearMemoryTest, UnlimitedMaximumWorksUnderAnAddressSpaceLimit) {
  // 256 MiB of headroom: the 4 GiB maximum cannot be reserved.
  EXPECT_EQ(UnderAddressLimit(256u << 20, [] {
              int failures = 0;
              auto m = LinearMemory::Create(1, kMaxPages);
              if (m == nullptr) return 99;
              Stamp(*m, 0, 3);
              // Grow one page at a time well past any first reservation the
              // limit allowed: every relocation keeps every page.
              for (uint32_t p = 1; p < 1024; ++p) {
                if (m->Grow(1) != int32_t(p)) return 98;
                if (m->base()[uint64_t(p) * kPageSize] != 0) ++failures;
                Stamp(*m, p, 3);
              }
              for (uint32_t p = 0; p < 1024; ++p) failures += !HasStamp(*m, p, 3);
              // Beyond what the limit allows, growth fails cleanly (-1) and
              // the memory stays as it was.
              if (m->Grow(4096 * 4) != -1) ++failures;
              if (m->pages() != 1024 || !HasStamp(*m, 1023, 3)) ++failures;
              return failures;
            }),
            0);
}

TEST(LinearMemoryTest, ImageSurvivesRelocation) {
  EXPECT_EQ(UnderAddressLimit(256u << 20, [] {
              int failures = 0;
              auto m = LinearMemory::Create(4, kMaxPages);
              if (m == nullptr) return 99;
              for (uint32_t p = 0; p < 4; ++p) Stamp(*m, p, 5);
              if (!m->SaveImage()) return 97;
              Stamp(*m, 2, 9);  // written after the image
              // Force relocations while the image is mapped.
              if (m->Grow(2000) != 4) return 98;
              failures += !HasStamp(*m, 0, 5) + !HasStamp(*m, 2, 9);
              Stamp(*m, 1500, 9);
              if (!m->ResetToImage()) return 96;
              if (m->pages() != 4) ++failures;
              for (uint32_t p = 0; p < 4; ++p) failures += !HasStamp(*m, p, 5);
              // And it grows again from the image, new pages zero.
              if (m->Grow(1600) != 4) ++failures;
              if (m->base()[uint64_t(1500) * kPageSize] != 0) ++failures;
              return failures;
            }),
            0);
}

TEST(LinearMemoryTest, NoRoomForTheInitialSizeIsNull) {
  EXPECT_EQ(UnderAddressLimit(64u << 20, [] {
              return LinearMemory::Create(4096, kMaxPages) == nullptr ? 0 : 1;  // 256 MiB
            }),
            0);
}

}  // namespace
}  // namespace weft::interp
