// weft::Profiler: samples requested on a timer, stacks counted by label.
#include <algorithm>
#include <chrono>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/profiler_impl.h"
#include "base/demangle.h"
#include "decoder/module.h"
#include "weft/profiler.h"

namespace weft {
namespace api {
namespace {

std::string RawLabel(const interp::BacktraceFrame& f) {
  const Module* m = f.instance != nullptr ? f.instance->module : nullptr;
  std::string name = m != nullptr ? m->function_name(f.func_index) : "";
  if (name.empty()) return absl::StrCat("func[", f.func_index, "]");
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
  }
  return name;
}

// "[wasi:fd_read]": the import of `caller` that `callee` was linked to,
// WASI's long module name shortened; "[host]" when the caller does not
// import it (a host function reached through a table).
std::string HostLabel(const interp::InstanceData* caller, const interp::FunctionInstance& callee) {
  const Module* m = caller != nullptr ? caller->module : nullptr;
  if (m == nullptr) return "[host]";
  uint32_t func = 0;
  for (const Import& import : m->imports) {
    if (import.kind != ExternKind::kFunc) continue;
    if (func < caller->functions.size() && caller->functions[func] == &callee) {
      const bool wasi = import.module == "wasi_snapshot_preview1" || import.module == "wasi_unstable";
      return absl::StrCat("[", wasi ? "wasi" : import.module, ":", import.name, "]");
    }
    ++func;
  }
  return "[host]";
}

// A readable frame for the folded format, where ';' separates frames and
// the last space precedes the count (spaces inside names are fine).
std::string FoldedLabel(const std::string& raw) {
  std::string label = DemangleSymbol(raw);
  for (char& c : label) {
    if (c == ';') c = ':';
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
  }
  return label;
}

}  // namespace

ProfilerImpl::ProfilerImpl(absl::Duration interval)
    : interval_(std::max(interval, absl::Microseconds(10))), labels_{"[truncated]"} {}

ProfilerImpl::~ProfilerImpl() {
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    stopping_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
}

void ProfilerImpl::Attach(interp::ExecContext* ctx) {
  std::lock_guard<std::mutex> lock(timer_mu_);
  attached_.push_back(ctx);
  if (!timer_.joinable()) timer_ = std::thread([this] { TimerLoop(); });
  timer_cv_.notify_all();
}

void ProfilerImpl::Detach(interp::ExecContext* ctx) {
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    attached_.erase(std::find(attached_.begin(), attached_.end(), ctx));
  }
  std::lock_guard<std::mutex> lock(samples_mu_);
  function_labels_.clear();
  last_count_ = nullptr;
}

void ProfilerImpl::TimerLoop() {
  const auto interval = absl::ToChronoNanoseconds(interval_);
  std::unique_lock<std::mutex> lock(timer_mu_);
  while (!stopping_) {
    if (attached_.empty()) {
      timer_cv_.wait(lock, [this] { return stopping_ || !attached_.empty(); });
      continue;
    }
    // Ticks against a fixed schedule would pile up after a stall; the
    // next sample is simply one interval after this one.
    timer_cv_.wait_for(lock, interval, [this] { return stopping_; });
    for (interp::ExecContext* ctx : attached_) ctx->RequestSample();
  }
}

uint32_t ProfilerImpl::LabelId(const interp::BacktraceFrame& frame) {
  auto [it, added] = function_labels_.try_emplace({frame.instance, frame.func_index}, 0);
  if (added) {
    auto [label, new_label] = label_ids_.try_emplace(RawLabel(frame), uint32_t(labels_.size()));
    if (new_label) labels_.push_back(label->first);
    it->second = label->second;
  }
  return it->second;
}

uint32_t ProfilerImpl::HostLabelId(const interp::InstanceData* caller,
                                   const interp::FunctionInstance& callee) {
  // Keyed apart from wasm functions: no function index is UINT32_MAX.
  auto [it, added] = function_labels_.try_emplace({&callee, UINT32_MAX}, 0);
  if (added) {
    auto [label, new_label] =
        label_ids_.try_emplace(HostLabel(caller, callee), uint32_t(labels_.size()));
    if (new_label) labels_.push_back(label->first);
    it->second = label->second;
  }
  return it->second;
}

void ProfilerImpl::StackIds(absl::Span<const interp::BacktraceFrame> frames, bool truncated) {
  scratch_.clear();
  if (truncated) scratch_.push_back(0);
  for (size_t i = frames.size(); i-- > 0;) scratch_.push_back(LabelId(frames[i]));
}

bool ProfilerImpl::RecordHostCall(absl::Span<const interp::BacktraceFrame> frames,
                                  bool truncated, const interp::FunctionInstance& callee,
                                  int64_t elapsed_ns, uint64_t samples_inside) {
  const uint64_t intervals = uint64_t(elapsed_ns / absl::ToInt64Nanoseconds(interval_));
  if (intervals <= samples_inside) return false;
  std::lock_guard<std::mutex> lock(samples_mu_);
  samples_ += intervals - samples_inside;
  StackIds(frames, truncated);
  scratch_.push_back(HostLabelId(frames.empty() ? nullptr : frames[0].instance, callee));
  // Stacks are nodes: last_count_ stays valid for the next Record.
  stacks_[scratch_] += intervals - samples_inside;
  return true;
}

void ProfilerImpl::Record(absl::Span<const interp::BacktraceFrame> frames, bool truncated) {
  std::lock_guard<std::mutex> lock(samples_mu_);
  ++samples_;
  bool same = last_count_ != nullptr && truncated == last_truncated_ &&
              frames.size() == last_frames_.size();
  for (size_t i = 0; same && i < frames.size(); ++i) {
    same = last_frames_[i].first == frames[i].instance &&
           last_frames_[i].second == frames[i].func_index;
  }
  if (same) {
    ++*last_count_;
    return;
  }
  StackIds(frames, truncated);
  last_count_ = &stacks_[scratch_];
  ++*last_count_;
  last_truncated_ = truncated;
  last_frames_.clear();
  for (const interp::BacktraceFrame& f : frames) last_frames_.push_back({f.instance, f.func_index});
}

uint64_t ProfilerImpl::sample_count() const {
  std::lock_guard<std::mutex> lock(samples_mu_);
  return samples_;
}

std::string ProfilerImpl::FoldedStacks() const {
  std::vector<std::string> labels;
  std::vector<std::pair<std::vector<uint32_t>, uint64_t>> stacks;
  {
    std::lock_guard<std::mutex> lock(samples_mu_);
    labels = labels_;
    stacks.assign(stacks_.begin(), stacks_.end());
  }
  for (std::string& label : labels) label = FoldedLabel(label);
  labels[0] = "[truncated]";
  std::map<std::string, uint64_t> folded;  // sorted; two stacks may read alike
  for (const auto& [ids, count] : stacks) {
    std::string line;
    for (uint32_t id : ids) absl::StrAppend(&line, line.empty() ? "" : ";", labels[id]);
    folded[line] += count;
  }
  std::string out;
  for (const auto& [line, count] : folded) absl::StrAppend(&out, line, " ", count, "\n");
  return out;
}

ProfilerScope::ProfilerScope(ProfilerImpl* profiler, interp::ExecContext* ctx)
    : profiler_(profiler), ctx_(ctx) {
  ctx_->sample_sink = profiler_;
  profiler_->Attach(ctx_);
}

ProfilerScope::~ProfilerScope() {
  profiler_->Detach(ctx_);
  ctx_->sample_sink = nullptr;
}

}  // namespace api

Profiler::Profiler(absl::Duration interval)
    : impl_(std::make_unique<api::ProfilerImpl>(interval)) {}
Profiler::~Profiler() = default;

uint64_t Profiler::sample_count() const { return impl_->sample_count(); }
std::string Profiler::FoldedStacks() const { return impl_->FoldedStacks(); }

}  // namespace weft
