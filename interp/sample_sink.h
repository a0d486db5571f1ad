// SampleSink: where a profiler receives the wasm call stacks it asked for.
//
// A profiler's timer calls ExecContext::RequestSample(); the running guest
// sees the request at its next loop back-edge or call (the checks that
// interruption already uses, so profiling adds nothing to the path taken
// when nobody profiles), hands its frame chain to the context's sink, and
// goes on. Samples are therefore taken at those points only: a long
// straight run of code is charged to the back-edge or call that ends it.
//
// A guest blocked in a host call (a WASI read, a sleep) reaches no check;
// with a sink attached, the interpreter times each host call instead and
// reports it on return, for the sink to charge as the samples the timer
// would have taken meanwhile.
#ifndef WEFT_INTERP_SAMPLE_SINK_H_
#define WEFT_INTERP_SAMPLE_SINK_H_

#include <cstdint>

#include "absl/types/span.h"

namespace weft::interp {

struct BacktraceFrame;
struct FunctionInstance;

class SampleSink {
 public:
  virtual ~SampleSink() = default;
  // One sample: the running frames, innermost first (at most
  // kMaxSampleFrames; a deeper stack loses its outermost frames and says
  // so with `truncated`); their code_offset is 0 (a profile counts
  // functions). Runs on the thread running the guest, while it waits:
  // keep it short.
  virtual void Record(absl::Span<const BacktraceFrame> frames, bool truncated) = 0;
  // One host call that took `elapsed_ns`: `frames` as for Record, from
  // the wasm function that made the call; `callee` the host function;
  // `samples_inside` the samples Record already had from wasm code the
  // host called back into meanwhile (time not to charge twice). Runs on
  // the guest's thread after the call returned. True when it charged
  // samples: the timer's pending request then asks for time already
  // counted, and the caller drops it.
  virtual bool RecordHostCall(absl::Span<const BacktraceFrame> frames, bool truncated,
                              const FunctionInstance& callee, int64_t elapsed_ns,
                              uint64_t samples_inside) = 0;
};

// Deep recursion would make every sample walk thousands of frames.
inline constexpr size_t kMaxSampleFrames = 512;

}  // namespace weft::interp

#endif  // WEFT_INTERP_SAMPLE_SINK_H_
