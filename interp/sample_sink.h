// SampleSink: where a profiler receives the wasm call stacks it asked for.
//
// A profiler's timer calls ExecContext::RequestSample(); the running guest
// sees the request at its next loop back-edge or call (the checks that
// interruption already uses, so profiling adds nothing to the path taken
// when nobody profiles), hands its frame chain to the context's sink, and
// goes on. Samples are therefore taken at those points only: a long
// straight run of code is charged to the back-edge or call that ends it.
#ifndef WEFT_INTERP_SAMPLE_SINK_H_
#define WEFT_INTERP_SAMPLE_SINK_H_

#include "absl/types/span.h"

namespace weft::interp {

struct BacktraceFrame;

class SampleSink {
 public:
  virtual ~SampleSink() = default;
  // One sample: the running frames, innermost first (at most
  // kMaxSampleFrames; a deeper stack loses its outermost frames and says
  // so with `truncated`); their code_offset is 0 (a profile counts
  // functions). Runs on the thread running the guest, while it waits:
  // keep it short.
  virtual void Record(absl::Span<const BacktraceFrame> frames, bool truncated) = 0;
};

// Deep recursion would make every sample walk thousands of frames.
inline constexpr size_t kMaxSampleFrames = 512;

}  // namespace weft::interp

#endif  // WEFT_INTERP_SAMPLE_SINK_H_
