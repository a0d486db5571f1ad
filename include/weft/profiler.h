// weft public API: a sampling profiler of guest (wasm) code.
//
//   weft::Profiler profiler;                 // 1 sample per ms of the call
//   weft::CallOptions options;
//   options.profiler = &profiler;
//   instance->Call("run", {}, options);
//   std::string folded = profiler.FoldedStacks();  // "main;work;hot 812\n..."
//
// While a call runs with it, a timer thread asks the guest for its wasm
// call stack every `interval`; the guest answers at its next loop
// back-edge or call (the points where it already checks for
// interruption), so code run without a profiler pays nothing, and a
// sample is charged to the back-edge or call that ends a straight run of
// code. A host call (WASI I/O, a sleep, the embedder's functions) reaches
// no check, so each is timed instead and charged as the samples the timer
// would have taken during it: the guest's stack with the host function as
// the leaf ("main;read_input;[wasi:fd_read]", "[env:log]"); a call shorter
// than `interval` charges nothing. A host function's nested call into wasm
// is sampled as its own stack, from that call down, and not charged again
// to the host call.
//
// Thread-safety: one profiler may serve several calls on several threads
// at once; FoldedStacks and sample_count may be called at any time. It must
// outlive every call made with it.
#ifndef WEFT_INCLUDE_WEFT_PROFILER_H_
#define WEFT_INCLUDE_WEFT_PROFILER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"

namespace weft {

namespace api {
class ProfilerImpl;
}

class Profiler {
 public:
  // The default rate: 1,000 samples per second of guest time.
  static absl::Duration DefaultInterval() { return absl::Milliseconds(1); }

  // `interval` is clamped to at least 10 microseconds.
  explicit Profiler(absl::Duration interval = DefaultInterval());
  ~Profiler();
  Profiler(const Profiler&) = delete;
  Profiler& operator=(const Profiler&) = delete;

  // Samples taken so far.
  uint64_t sample_count() const;

  // Every distinct stack sampled, one line each, in the "folded" format of
  // flame-graph tools: the frames outermost first, joined by ';', a space
  // and the number of samples ("_start;main;work 812"). Frames are the
  // functions' names from the name section, C++ and Rust names demangled
  // (';' in a name becomes ':' and control characters '_'), or
  // func[N] when unnamed; a stack deeper than 512 frames starts with
  // "[truncated]". Lines sorted by stack.
  std::string FoldedStacks() const;

  // For the implementation (api/profiler.cc).
  api::ProfilerImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<api::ProfilerImpl> impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_PROFILER_H_
