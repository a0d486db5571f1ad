// Deterministic Clock and RandomSource for tests: time moves only when
// Sleep or Advance is called; random bytes come from a fixed-seed
// xorshift generator.
#ifndef WEFT_WASI_FAKE_CLOCK_H_
#define WEFT_WASI_FAKE_CLOCK_H_

#include <cstdint>

#include "wasi/os.h"

namespace weft::wasi {

class FakeClock : public Clock {
 public:
  explicit FakeClock(uint64_t start_ns = 1'000'000'000) : now_(start_ns) {}
  Errno Resolution(uint32_t id, uint64_t* out) override {
    if (id > kClockThreadCputime) return Errno::kInval;
    *out = 1000;
    return Errno::kSuccess;
  }
  Errno Now(uint32_t id, uint64_t* out) override {
    if (id > kClockThreadCputime) return Errno::kInval;
    *out = now_;
    return Errno::kSuccess;
  }
  // A requested interrupt ends the sleep before any time passes.
  Errno Sleep(uint64_t ns, const InterruptNotifier& intr) override {
    if (intr.requested()) return Errno::kIntr;
    now_ += ns;
    slept_ += ns;
    return Errno::kSuccess;
  }
  void Advance(uint64_t ns) { now_ += ns; }
  uint64_t slept() const { return slept_; }

 private:
  uint64_t now_;
  uint64_t slept_ = 0;
};

class FakeRandom : public RandomSource {
 public:
  explicit FakeRandom(uint64_t seed = 0x9E3779B97F4A7C15ull) : s_(seed) {}
  Errno Fill(uint8_t* buf, size_t len) override {
    for (size_t i = 0; i < len; ++i) {
      s_ ^= s_ << 13;
      s_ ^= s_ >> 7;
      s_ ^= s_ << 17;
      buf[i] = static_cast<uint8_t>(s_);
    }
    return Errno::kSuccess;
  }

 private:
  uint64_t s_;
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_FAKE_CLOCK_H_
