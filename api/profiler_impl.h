// The sampling profiler behind weft::Profiler (weft/profiler.h): a timer
// thread that asks the attached execution contexts for samples, and the
// sink (interp/sample_sink.h) that counts the stacks they report.
#ifndef WEFT_API_PROFILER_IMPL_H_
#define WEFT_API_PROFILER_IMPL_H_

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/time/time.h"
#include "interp/instance_data.h"
#include "interp/sample_sink.h"

namespace weft::api {

class ProfilerImpl : public interp::SampleSink {
 public:
  explicit ProfilerImpl(absl::Duration interval);
  ~ProfilerImpl() override;

  // While attached, `ctx` is asked for a sample every interval. Detach
  // returns only once the timer can no longer touch `ctx`.
  void Attach(interp::ExecContext* ctx);
  void Detach(interp::ExecContext* ctx);

  void Record(absl::Span<const interp::BacktraceFrame> frames, bool truncated) override;
  // Charges a host call one sample per interval it lasted (less the
  // samples taken inside it), with the host function as the leaf:
  // "[wasi:fd_read]", "[env:log]".
  bool RecordHostCall(absl::Span<const interp::BacktraceFrame> frames, bool truncated,
                      const interp::FunctionInstance& callee, int64_t elapsed_ns,
                      uint64_t samples_inside) override;

  uint64_t sample_count() const;
  std::string FoldedStacks() const;

 private:
  void TimerLoop();
  uint32_t LabelId(const interp::BacktraceFrame& frame);  // samples_mu_ held
  uint32_t HostLabelId(const interp::InstanceData* caller,
                       const interp::FunctionInstance& callee);  // samples_mu_ held
  // The folded stack of `frames` (outermost first) in scratch_.
  void StackIds(absl::Span<const interp::BacktraceFrame> frames, bool truncated);  // samples_mu_ held

  const absl::Duration interval_;

  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  std::vector<interp::ExecContext*> attached_;  // guarded by timer_mu_
  bool stopping_ = false;                       // guarded by timer_mu_
  std::thread timer_;                           // started on the first Attach

  // Stacks as lists of label ids, outermost first (id 0: "[truncated]").
  // A label is a function's name as stored, or func[N]; demangled on
  // output. Functions are looked up by (instance, index) only while
  // attached: an instance cannot go away during a call, but its address
  // may be reused after it, so Detach forgets them.
  mutable std::mutex samples_mu_;
  std::vector<std::string> labels_;                              // guarded by samples_mu_
  absl::flat_hash_map<std::string, uint32_t> label_ids_;         // guarded by samples_mu_
  absl::flat_hash_map<std::pair<const void*, uint32_t>, uint32_t>
      function_labels_;                                          // guarded by samples_mu_
  // Node-based: last_count_ points into it.
  absl::node_hash_map<std::vector<uint32_t>, uint64_t> stacks_;  // guarded by samples_mu_
  std::vector<uint32_t> scratch_;                                // guarded by samples_mu_
  // A hot loop is sampled in the same stack again and again: the last
  // sample's frames and counter skip the lookups (guarded by samples_mu_).
  std::vector<std::pair<const void*, uint32_t>> last_frames_;
  bool last_truncated_ = false;
  uint64_t* last_count_ = nullptr;
  uint64_t samples_ = 0;                                         // guarded by samples_mu_
};

// Attaches a profiler to a context for one outermost call: the context's
// sample sink, and the timer's list.
class ProfilerScope {
 public:
  ProfilerScope(ProfilerImpl* profiler, interp::ExecContext* ctx);
  ~ProfilerScope();
  ProfilerScope(const ProfilerScope&) = delete;
  ProfilerScope& operator=(const ProfilerScope&) = delete;

 private:
  ProfilerImpl* profiler_;
  interp::ExecContext* ctx_;
};

}  // namespace weft::api

#endif  // WEFT_API_PROFILER_IMPL_H_
