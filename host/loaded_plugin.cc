#include "host/loaded_plugin.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "host/plugin_error.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

// What kind of failure `s` is, for metrics and the breaker.
CallFailure Classify(const absl::Status& s) {
  if (s.ok()) return CallFailure::kOk;
  if (s.code() == absl::StatusCode::kCancelled) return CallFailure::kCancelled;
  if (s.code() == absl::StatusCode::kDeadlineExceeded) {
    // A guest stopped by the deadline carries kInterrupted; without it,
    // the deadline passed while waiting for an instance.
    return GetTrapCode(s) == TrapCode::kInterrupted ? CallFailure::kDeadlineExceeded
                                                    : CallFailure::kPoolExhausted;
  }
  switch (GetTrapCode(s)) {
    case TrapCode::kOk: return CallFailure::kOther;
    case TrapCode::kFuelExhausted: return CallFailure::kFuelExhausted;
    case TrapCode::kInterrupted: return CallFailure::kDeadlineExceeded;
    default: return CallFailure::kTrap;
  }
}

}  // namespace

LoadedPlugin::LoadedPlugin(const Engine& engine, PluginCapabilities caps, std::string init_bytes,
                           const PluginHostOptions& options)
    : log_(options.log),
      prepared_instances_(options.prepared_instances),
      use_breaker_(options.circuit_failure_threshold != 0),
      breaker_(CircuitBreakerOptions{options.circuit_failure_threshold,
                                     options.circuit_reset_timeout}) {
  config_.engine = &engine;
  config_.caps = std::make_shared<const PluginCapabilities>(std::move(caps));
  config_.denials = &denials_;
  config_.init_bytes = std::move(init_bytes);
  config_.log = [this](absl::string_view line) { Log(line); };
  denials_.sink = [this](absl::string_view, absl::string_view why) {
    Log(absl::StrCat("denied: ", why));
  };
}

void LoadedPlugin::Log(absl::string_view message) const {
  if (log_) log_(name(), message);
}

absl::StatusOr<std::shared_ptr<PluginVersion>> LoadedPlugin::NewVersion(
    absl::Span<const uint8_t> wasm, uint64_t number) const {
  return PluginVersion::Create(config_, wasm, number, prepared_instances_);
}

std::shared_ptr<PluginVersion> LoadedPlugin::current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

void LoadedPlugin::set_current(std::shared_ptr<PluginVersion> version) {
  std::lock_guard<std::mutex> lock(mu_);
  current_ = std::move(version);
}

absl::StatusOr<std::string> LoadedPlugin::Call(absl::string_view input, absl::Time deadline,
                                               const InterruptHandle* cancel) {
  const absl::Time start = absl::Now();
  if (use_breaker_) {
    if (absl::Status open = breaker_.Allow(); !open.ok()) {
      metrics_.RecordCall(CallFailure::kCircuitOpen, absl::Now() - start);
      return PluginError(name(), open);
    }
  }
  // One deadline for the whole call (issue 12): the caller's or the
  // plugin's timeout from now, whichever comes first. Waiting for an
  // instance, creating one and running it all spend it.
  if (caps().timeout_per_call > absl::ZeroDuration()) {
    deadline = std::min(deadline, start + caps().timeout_per_call);
  }
  uint64_t fuel = 0;
  // Held to the end of the call: a reload meanwhile swaps in a new
  // version, and this one (with its instances) stays until its calls end.
  const std::shared_ptr<PluginVersion> version = current();
  absl::StatusOr<std::string> out = CallOnInstance(*version, input, deadline, cancel, &fuel);
  const CallFailure kind = Classify(out.status());
  metrics_.RecordCall(kind, absl::Now() - start, fuel, GetTrapCode(out.status()));
  if (use_breaker_) {
    // Bad input and a caller that gave up are the caller's doing, not
    // the plugin's.
    if (kind == CallFailure::kOk || kind == CallFailure::kCancelled ||
        out.status().code() == absl::StatusCode::kInvalidArgument) {
      breaker_.OnSuccess();
    } else {
      breaker_.OnFailure();
    }
  }
  return out;
}

absl::StatusOr<std::string> LoadedPlugin::CallOnInstance(PluginVersion& v,
                                                         absl::string_view input,
                                                         absl::Time deadline,
                                                         const InterruptHandle* cancel,
                                                         uint64_t* fuel) {
  // The lease gives the instance back when it goes, reset (a failed call
  // included; an interrupted guest comes back as DeadlineExceeded), or
  // discarded when it cannot be reset.
  absl::StatusOr<InstancePool<PluginSession>::Lease> session = v.instances->Acquire(deadline);
  if (!session.ok()) return PluginError(name(), session.status());
  absl::StatusOr<std::string> out = (*session)->Execute(input, deadline, cancel);
  *fuel = (*session)->last_fuel_used();
  if (!out.ok()) return PluginError(name(), out.status());
  return out;
}

PluginMetrics LoadedPlugin::Metrics() const {
  const CallMetrics::Snapshot s = metrics_.Read();
  PluginMetrics m;
  m.calls = s.calls;
  m.failures = s.failures;
  for (size_t i = 1; i < s.by_failure.size(); ++i) {
    if (s.by_failure[i] != 0) {
      m.failures_by_kind.emplace_back(CallFailureName(CallFailure(i)), s.by_failure[i]);
    }
  }
  for (size_t i = 1; i < s.by_trap.size(); ++i) {
    if (s.by_trap[i] != 0) {
      m.failures_by_kind.emplace_back(absl::StrCat("trap: ", TrapCodeMessage(TrapCode(i))),
                                      s.by_trap[i]);
    }
  }
  m.capability_denials = denials();
  m.fuel_used = s.fuel_used;
  m.latency_p50 = s.p50;
  m.latency_p90 = s.p90;
  m.latency_p99 = s.p99;
  m.latency_max = s.max;
  // The current version's instances (a version being replaced finishes
  // its calls unseen).
  InstancePoolGauges pool;
  if (std::shared_ptr<PluginVersion> v = current()) pool = v->instances->gauges();
  m.instances_in_use = pool.in_use;
  m.instances_idle = pool.idle;
  m.circuit = CircuitStateName(breaker_.state());
  m.text = absl::StrCat("plugin ", name(), " (circuit ", m.circuit, ", capability denials ",
                        m.capability_denials, ")\n", metrics_.ToText(), "instances in use ",
                        pool.in_use, ", idle ", pool.idle, ", waiting ", pool.waiting,
                        ", created ", pool.created, ", discarded ", pool.discarded, "\n");
  return m;
}

}  // namespace weft
