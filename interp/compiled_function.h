// Threaded code: the compiler's output and the executor's input.
//
// Code is an array of 8-byte Words: a handler address followed by that
// op's operands (layout per op in interp/ir_ops.def). Each handler ends by
// tail-calling the next handler, passing the hot state (ip, frame pointer,
// memory base and size, fuel) as arguments so it stays in registers.
//
// Frame layout (slots are 8 bytes, fp points at slot 0; a v128 value
// takes two consecutive slots, every other value one):
//   [0, param_slots)                parameters
//   [param_slots, local_slots)      declared locals (zeroed by Enter)
//   [header_slot, +kFrameHeader)    call header, written by the caller:
//                                   return ip, caller fp, caller function;
//                                   header_slot = max(local_slots, result_slots)
//                                   so that writing the results to
//                                   [0, results) never clobbers it
//   [header_slot + kFrameHeader, frame_slots)
//                                   operand stack: position p is slot
//                                   header_slot + kFrameHeader + p
// A call's arguments are the caller's top operand slots; the callee's frame
// starts there, so arguments arrive in place and results (left in the
// callee's slots [0, results)) are where the caller expects them. The
// header sits inside the callee's own frame, above everything the caller
// still needs.
#ifndef WEFT_INTERP_COMPILED_FUNCTION_H_
#define WEFT_INTERP_COMPILED_FUNCTION_H_

#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

#include "interp/accumulator_forms.h"
#include "interp/branch_forms.h"
#include "interp/instance_data.h"
#include "interp/trap.h"

namespace weft::interp {

union Word;
struct ExecState;

// The calling convention of handlers and of the functions they tail-call.
// preserve_none (clang 19 and later, x86-64 and AArch64) makes every
// register free for the callee to use: a handler then never saves and
// restores registers on its hot path, as the C convention (six arguments
// pinned, three scratch registers left) made about a fifth of them do.
// Other compilers build the same code with the C convention, and so do
// AddressSanitizer builds (clang 19's backend cannot realign the stack of
// a preserve_none function for ASan's redzones).
#if defined(__clang__) && defined(__has_attribute) && defined(__has_feature)
#if __has_attribute(preserve_none) && (defined(__x86_64__) || defined(__aarch64__)) && \
    !__has_feature(address_sanitizer)
#define WEFT_HANDLER_CC __attribute__((preserve_none))
#endif
#endif
#ifndef WEFT_HANDLER_CC
#define WEFT_HANDLER_CC
#endif

// A handler's parameters: where it is, the frame, the memory, the fuel left
// and the call's state; the previous op's result when it was an integer
// (acc) or an f64 (facc), which the op after it may read from the register
// instead of the frame slot (docs/interpreter.md, "The accumulator"); and
// the interrupt flag (st->interrupt) that loop back-edges and calls check,
// kept in a register rather than loaded from st at each check.
#define WEFT_HANDLER_ARGS                                                                  \
  const Word *ip, uint64_t *fp, uint8_t *mem, uint64_t msize, int64_t fuel, ExecState *st, \
      uint64_t acc, double facc, const std::atomic<uint32_t> *irq
using Handler = TrapCode(WEFT_HANDLER_CC*)(WEFT_HANDLER_ARGS);

union Word {
  Handler h;
  uint64_t u;
  int64_t i;
};
static_assert(sizeof(Word) == 8);

// Internal op identities, generated from ir_ops.def.
enum class IrOp : uint16_t {
#define WEFT_IR_FORM(NAME, ...) k##NAME,
#define IR_SIMD(N) k##N,
#define IR_SIMD_OP(N, L) k##N,
#define IR_V128_OP(N, L) k##N,
#include "interp/ir_op_forms.def"
#undef WEFT_IR_FORM
  kCount,
};

// Handler address of each IrOp (defined in handlers.cc).
Handler HandlerFor(IrOp op);

inline constexpr uint32_t kFrameHeader = 3;  // return ip, caller fp, caller fn

// Exception handlers (exception handling): where a thrown exception goes
// in this function. Emitted by the compiler, read only when something
// throws (interp/exceptions.cc), so the normal path never looks at them.
struct CatchTarget {
  enum class Kind : uint8_t { kCatch, kCatchRef, kCatchAll, kCatchAllRef };
  Kind kind = Kind::kCatch;
  // A legacy try's catch/catch_all: the exception is kept for `rethrow`.
  bool legacy = false;
  uint32_t tag = 0;       // kCatch/kCatchRef: tag index in the instance
  uint32_t dst_slot = 0;  // payload (then the exnref) go to fp[dst_slot...]
  uint32_t target = 0;    // code word index execution continues at
};
struct ExceptionHandler {
  // Code words [begin, end) whose throws (and calls' throws) it covers:
  // a try_table's or legacy try's body. A word is covered by a chain of
  // nested handlers; the innermost is the last entry containing it
  // (entries are in order of their starts).
  uint32_t begin = 0;
  uint32_t end = 0;
  int32_t parent = -1;  // enclosing handler, -1: none in this function
  // Legacy `delegate`: the handler that takes over (-1: the caller);
  // kNoDelegate otherwise.
  static constexpr int32_t kNoDelegate = -2;
  int32_t delegate = kNoDelegate;
  std::vector<CatchTarget> catches;  // tried in order
};

struct CompiledFunction {
  uint32_t func_index = 0;
  // Slot counts (a v128 takes two slots, every other value one).
  uint32_t param_slots = 0;
  uint32_t result_slots = 0;
  uint32_t local_slots = 0;   // params + declared locals
  uint32_t header_slot = 0;   // max(local_slots, result_slots)
  uint32_t frame_slots = 0;   // header_slot + kFrameHeader + max operand height
  std::vector<Word> code;
  // Sorted (code word index, module byte offset) for every emitted
  // instruction: maps a pc back to the wasm instruction for backtraces.
  std::vector<std::pair<uint32_t, uint32_t>> pc_offsets;
  // Exception handlers in order of their starts (empty without any).
  std::vector<ExceptionHandler> handlers;

  // GC stack maps (docs/gc.md): at each safepoint — an allocating op's
  // second word (its first operand: never an op's start, so distinct from
  // a call's), or the word after a call op (the return address a callee
  // frame's header holds) — the frame slots whose values the collector
  // must trace: locals and operand stack entries of types that can hold
  // GC objects (any and extern hierarchies). Sorted by word; empty for
  // functions without such slots, and never read outside a collection.
  struct Safepoint {
    uint32_t word = 0;
    uint32_t begin = 0;  // into safepoint_slots
    uint32_t count = 0;
  };
  std::vector<Safepoint> safepoints;
  std::vector<uint32_t> safepoint_slots;
  // The map at `word`, or null (a safepoint with no reference slots).
  const Safepoint* SafepointAt(uint32_t word) const;

  uint32_t CodeOffsetAt(const Word* pc) const;
};

// Per-Invoke execution state reached through the last handler argument.
struct ExecState {
  ExecContext* ctx = nullptr;
  // ctx->interrupt_.flag(); handlers get it as their `irq` argument.
  const std::atomic<uint32_t>* interrupt = nullptr;
  InstanceData* inst = nullptr;   // instance of the running function
  FunctionInstance* fn = nullptr; // running function
  uint64_t* stack_end = nullptr;
  uint32_t depth = 0;
  uint32_t max_depth = 0;
  // Set on exit from the handler chain.
  TrapCode exit_code = TrapCode::kOk;
  const Word* exit_ip = nullptr;
  uint64_t* exit_fp = nullptr;
  // The fuel left in all when the chain is left (or calls the host).
  int64_t fuel = 0;
  // The part of it the handlers' `fuel` argument does not hold: they carry
  // at most a slice (SliceFuel, handlers_internal.h), so that running out
  // of it, which every charging loop back-edge nears, is where metered
  // code checks for interruption, and those back-edges need not.
  int64_t fuel_reserve = 0;
  // The charge an op short of fuel needs (for Refuel).
  int64_t fuel_needed = 0;
  // A call taking the slow path (handlers.cc CallSlowPath).
  FunctionInstance* call_callee = nullptr;
  uint64_t* call_args = nullptr;
  const Word* call_ret = nullptr;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_COMPILED_FUNCTION_H_
