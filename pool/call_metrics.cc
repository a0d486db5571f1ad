#include "pool/call_metrics.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace weft {

const char* CallFailureName(CallFailure f) {
  switch (f) {
    case CallFailure::kOk: return "ok";
    case CallFailure::kTrap: return "trap";
    case CallFailure::kDeadlineExceeded: return "deadline exceeded";
    case CallFailure::kFuelExhausted: return "fuel exhausted";
    case CallFailure::kCapabilityDenied: return "capability denied";
    case CallFailure::kPoolExhausted: return "pool exhausted";
    case CallFailure::kCircuitOpen: return "circuit open";
    case CallFailure::kCancelled: return "cancelled";
    case CallFailure::kOther: return "other error";
    case CallFailure::kCount: break;
  }
  return "?";
}

int CallMetrics::BucketOf(absl::Duration latency) {
  const int64_t ns = std::max<int64_t>(absl::ToInt64Nanoseconds(latency), 1);
  // Position on a log2 scale with kBucketsPerOctave steps per octave.
  const double pos = (std::log2(double(ns)) - kMinLog2Nanos) * kBucketsPerOctave;
  if (pos < 0) return 0;
  return std::min(int(pos), kBuckets - 1);
}

absl::Duration CallMetrics::BucketUpperBound(int bucket) {
  const double log2_ns = kMinLog2Nanos + double(bucket + 1) / kBucketsPerOctave;
  return absl::Nanoseconds(std::exp2(log2_ns));
}

void CallMetrics::RecordCall(CallFailure outcome, absl::Duration latency, uint64_t fuel_used,
                             TrapCode trap) {
  calls_.fetch_add(1, std::memory_order_relaxed);
  by_failure_[size_t(outcome)].fetch_add(1, std::memory_order_relaxed);
  if (trap != TrapCode::kOk && size_t(trap) < by_trap_.size()) {
    by_trap_[size_t(trap)].fetch_add(1, std::memory_order_relaxed);
  }
  latency_[BucketOf(latency)].fetch_add(1, std::memory_order_relaxed);
  const int64_t ns = absl::ToInt64Nanoseconds(latency);
  int64_t seen = max_nanos_.load(std::memory_order_relaxed);
  while (ns > seen && !max_nanos_.compare_exchange_weak(seen, ns, std::memory_order_relaxed)) {
  }
  fuel_used_.fetch_add(fuel_used, std::memory_order_relaxed);
}

CallMetrics::Snapshot CallMetrics::Read() const {
  Snapshot s;
  s.calls = calls_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < by_failure_.size(); ++i) {
    s.by_failure[i] = by_failure_[i].load(std::memory_order_relaxed);
    if (i != size_t(CallFailure::kOk)) s.failures += s.by_failure[i];
  }
  for (size_t i = 0; i < by_trap_.size(); ++i) {
    s.by_trap[i] = by_trap_[i].load(std::memory_order_relaxed);
  }
  std::array<uint64_t, kBuckets> hist;
  uint64_t total = 0;
  for (int i = 0; i < kBuckets; ++i) {
    hist[i] = latency_[i].load(std::memory_order_relaxed);
    total += hist[i];
  }
  // The smallest bucket bound with at least q of the calls at or below it.
  auto percentile = [&](double q) {
    if (total == 0) return absl::ZeroDuration();
    const uint64_t rank = uint64_t(std::ceil(q * double(total)));
    uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += hist[i];
      if (seen >= rank) return BucketUpperBound(i);
    }
    return BucketUpperBound(kBuckets - 1);
  };
  s.p50 = percentile(0.50);
  s.p90 = percentile(0.90);
  s.p99 = percentile(0.99);
  s.max = absl::Nanoseconds(max_nanos_.load(std::memory_order_relaxed));
  s.fuel_used = fuel_used_.load(std::memory_order_relaxed);
  return s;
}

std::string CallMetrics::ToText() const {
  const Snapshot s = Read();
  std::string out =
      absl::StrFormat("calls %d, failures %d, fuel used %d\n", s.calls, s.failures, s.fuel_used);
  for (size_t i = 1; i < s.by_failure.size(); ++i) {
    if (s.by_failure[i] == 0) continue;
    absl::StrAppend(&out, "  ", CallFailureName(CallFailure(i)), ": ", s.by_failure[i], "\n");
  }
  for (size_t i = 1; i < s.by_trap.size(); ++i) {
    if (s.by_trap[i] == 0) continue;
    absl::StrAppend(&out, "  trap \"", TrapCodeMessage(TrapCode(i)), "\": ", s.by_trap[i], "\n");
  }
  absl::StrAppend(&out, "latency p50 ", absl::FormatDuration(s.p50), ", p90 ",
                  absl::FormatDuration(s.p90), ", p99 ", absl::FormatDuration(s.p99), ", max ",
                  absl::FormatDuration(s.max), "\n");
  return out;
}

}  // namespace weft
