// Counts of executed ops and of op pairs and triples, for choosing fusions
// and superinstructions from what programs run (issue 17, step 2) rather
// than from guesses. Measurement only: compiled in when the build defines
// WEFT_INTERP_COUNT_DISPATCH (tools/count_dispatch.sh), absent otherwise,
// so the shipped hot path has no trace of it. Not thread-safe: run one
// guest at a time. At exit the counts go to the file named by
// WEFT_DISPATCH_COUNTS, one line each:
//   1 <count> <op>
//   2 <count> <op> <next op>
//   3 <count> <op> <next op> <op after>
// Every transfer between handlers is counted: straight-line, branches,
// calls and returns, so the sequences are the ones the machine dispatches.
#ifndef WEFT_INTERP_DISPATCH_COUNTER_H_
#define WEFT_INTERP_DISPATCH_COUNTER_H_

namespace weft::interp {

union Word;

// Records that the handler at `target` is about to run.
void CountDispatch(const Word* target);

}  // namespace weft::interp

#endif  // WEFT_INTERP_DISPATCH_COUNTER_H_
