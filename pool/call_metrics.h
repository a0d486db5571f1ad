// Per-plugin call metrics: calls, failures by kind, a latency histogram
// with percentiles, fuel used. (Capability denials are counted where they
// happen, by the host; instance gauges by the pool, pool/instance_pool.h.)
// Recording is lock-free (relaxed atomic counters), so every call can
// record without contending with readers; a Snapshot is a
// consistent-enough read for monitoring (counters may be mid-update
// relative to each other, each one is exact).
#ifndef WEFT_POOL_CALL_METRICS_H_
#define WEFT_POOL_CALL_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "weft/trap_code.h"

namespace weft {

// Why a call failed (or kOk). A trap other than fuel/deadline is kTrap
// with its TrapCode.
enum class CallFailure : uint8_t {
  kOk = 0,
  kTrap,               // the guest trapped (see the TrapCode)
  kDeadlineExceeded,   // stopped by its deadline
  kFuelExhausted,      // ran out of fuel
  kCapabilityDenied,   // a capability check refused the call
  kPoolExhausted,      // no instance before the deadline
  kCircuitOpen,        // refused by the circuit breaker
  kCancelled,          // the caller gave up (its cancel handle)
  kOther,              // any other error (bad input, ABI violation, ...)
  kCount,
};
const char* CallFailureName(CallFailure f);

class CallMetrics {
 public:
  // Latency buckets: 8 per power of two from 64 ns up, so a percentile is
  // reported within 9% of the true value; slower calls share the last one.
  static constexpr int kBucketsPerOctave = 8;
  static constexpr int kMinLog2Nanos = 6;
  static constexpr int kOctaves = 32;  // up to ~2^38 ns = 4.6 minutes
  static constexpr int kBuckets = kBucketsPerOctave * kOctaves;

  void RecordCall(CallFailure outcome, absl::Duration latency, uint64_t fuel_used = 0,
                  TrapCode trap = TrapCode::kOk);

  struct Snapshot {
    uint64_t calls = 0;
    uint64_t failures = 0;
    std::array<uint64_t, size_t(CallFailure::kCount)> by_failure{};
    std::array<uint64_t, 16> by_trap{};  // indexed by TrapCode
    uint64_t fuel_used = 0;
    absl::Duration p50, p90, p99, max;
  };
  Snapshot Read() const;
  // Multi-line human-readable form of Read().
  std::string ToText() const;

  // The bucket a latency falls in and the bucket's upper bound; public for
  // tests.
  static int BucketOf(absl::Duration latency);
  static absl::Duration BucketUpperBound(int bucket);

 private:
  std::atomic<uint64_t> calls_{0};
  std::array<std::atomic<uint64_t>, size_t(CallFailure::kCount)> by_failure_{};
  std::array<std::atomic<uint64_t>, 16> by_trap_{};
  std::array<std::atomic<uint64_t>, kBuckets> latency_{};
  std::atomic<int64_t> max_nanos_{0};
  std::atomic<uint64_t> fuel_used_{0};
};

}  // namespace weft

#endif  // WEFT_POOL_CALL_METRICS_H_
