// Peak resident set size of a command run as a child process: what the
// operating system reports for it alone (wait4's rusage, ru_maxrss), so the
// measuring process's own memory never counts.
#ifndef WEFT_BENCH_CHILD_PEAK_RSS_H_
#define WEFT_BENCH_CHILD_PEAK_RSS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace weft::bench {

// Runs `argv` (argv[0] a path to an executable, not searched in PATH) with
// its standard output and error sent to /dev/null, waits for it and
// returns its peak RSS in KiB. Errors: the executable missing or not
// runnable, the child not exiting with status 0 (the figure of a failed
// run would mean nothing).
absl::StatusOr<uint64_t> ChildPeakRssKib(const std::vector<std::string>& argv);

}  // namespace weft::bench

#endif  // WEFT_BENCH_CHILD_PEAK_RSS_H_
