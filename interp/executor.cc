#include "interp/executor.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "interp/compiled_function.h"
#include "interp/handler_macros.h"
#include "interp/handlers_internal.h"
#include "interp/module_code.h"

namespace weft::interp {

uint32_t CompiledFunction::CodeOffsetAt(const Word* pc) const {
  if (pc_offsets.empty()) return 0;
  uint32_t index = uint32_t(pc - code.data());
  auto it = std::upper_bound(pc_offsets.begin(), pc_offsets.end(),
                             std::make_pair(index, UINT32_MAX));
  if (it == pc_offsets.begin()) return pc_offsets.front().second;
  return std::prev(it)->second;
}

const CompiledFunction* CompileLazily(ExecState* st, FunctionInstance* fn) {
  absl::StatusOr<const CompiledFunction*> code =
      fn->instance->module_code->Get(fn->defined_index);
  if (!code.ok()) {
    st->ctx->trap_detail = std::string(code.status().message());
    return nullptr;
  }
  fn->code.store(*code, std::memory_order_release);
  return *code;
}

namespace {

// The same walk as a trap's backtrace, from `fn` running with frame `fp`,
// bounded: a sample of deep recursion keeps its innermost frames. Returns
// how many were written; *truncated when frames were left.
size_t SampleFrames(FunctionInstance* fn, uint64_t* fp, BacktraceFrame* frames, bool* truncated) {
  size_t n = 0;
  while (fn != nullptr && n < kMaxSampleFrames) {
    const CompiledFunction* code = fn->code.load(std::memory_order_relaxed);
    if (code == nullptr || fp == nullptr) break;
    // No code offset: a profile counts functions, and the lookup would
    // make deep samples slow.
    frames[n++] = {fn->func_index, 0, fn->instance};
    uint64_t* hdr = fp + code->header_slot;
    if (reinterpret_cast<const Word*>(hdr[0]) == nullptr) {  // no return address: outermost
      fn = nullptr;
      break;
    }
    fp = reinterpret_cast<uint64_t*>(hdr[1]);
    fn = reinterpret_cast<FunctionInstance*>(hdr[2]);
  }
  *truncated = fn != nullptr;
  return n;
}

}  // namespace

// Apart from CallHost, whose frame stays small: the frames take 12 KiB.
__attribute__((noinline)) static void ReportHostCall(ExecState* st, uint64_t* caller_fp,
                                              const FunctionInstance& callee, int64_t elapsed_ns,
                                              uint64_t samples_inside) {
  ExecContext& ctx = *st->ctx;
  BacktraceFrame frames[kMaxSampleFrames];
  bool truncated = false;
  const size_t n = SampleFrames(st->fn, caller_fp, frames, &truncated);
  if (ctx.sample_sink->RecordHostCall(absl::MakeConstSpan(frames, n), truncated, callee,
                                     elapsed_ns, samples_inside)) {
    ctx.interrupt_.TakeSample();
  }
}

TrapCode CallHost(ExecState* st, FunctionInstance* callee, uint64_t* args, uint64_t* caller_fp,
                  const Word* ret) {
  ExecContext* ctx = st->ctx;
  const size_t k = SlotCount(callee->type->params);
  const size_t r = SlotCount(callee->type->results);
  // Results overwrite the argument slots, so the host sees a copy.
  uint64_t small[16];
  std::vector<uint64_t> big;
  uint64_t* in = small;
  if (k > 16) {
    big.resize(k);
    in = big.data();
  }
  if (k != 0) std::memcpy(in, args, k * sizeof(uint64_t));
  // A re-entrant Invoke from the host continues above the caller's frame.
  uint64_t* saved_top = ctx->stack_top_;
  uint32_t saved_depth = ctx->call_depth_;
  const CompiledFunction* caller_code = st->fn->code.load(std::memory_order_relaxed);
  ctx->stack_top_ = caller_fp + caller_code->frame_slots;
  ctx->call_depth_ = st->depth + 1;
  ctx->fuel_ = st->fuel;
  uint64_t out_small[16];
  std::vector<uint64_t> out_big;
  uint64_t* out = out_small;
  if (r > 16) {
    out_big.resize(r);
    out = out_big.data();
  }
  // Profiling: a blocked host call reaches no sample check; it is timed.
  const bool timed = ctx->sample_sink != nullptr;
  const auto start = timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  const uint64_t samples_before = ctx->samples_taken;
  // The frames below stay live while the host runs (and may re-enter):
  // the collector finds them here.
  ctx->suspended_.push_back({ret, caller_fp, st->fn, in, callee->type});
  TrapCode t = callee->host(callee->host_env, in, out, ctx);
  ctx->suspended_.pop_back();
  if (timed && ctx->sample_sink != nullptr) {
    const int64_t elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count();
    ReportHostCall(st, caller_fp, *callee, elapsed, ctx->samples_taken - samples_before);
  }
  st->fuel = ctx->fuel_;
  ctx->stack_top_ = saved_top;
  ctx->call_depth_ = saved_depth;
  if (t == TrapCode::kOk && r != 0) std::memcpy(args, out, r * sizeof(uint64_t));
  return t;
}

bool StopAfterSample(ExecState* st, const Word* ip, uint64_t* fp) {
  ExecContext& ctx = *st->ctx;
  if (ctx.interrupt_requested()) return true;
  if (!ctx.interrupt_.TakeSample() || ctx.sample_sink == nullptr || ip == nullptr) return false;
  BacktraceFrame frames[kMaxSampleFrames];
  bool truncated = false;
  const size_t n = SampleFrames(st->fn, fp, frames, &truncated);
  ++ctx.samples_taken;
  ctx.sample_sink->Record(absl::MakeConstSpan(frames, n), truncated);
  return false;
}

__attribute__((noinline)) WEFT_HANDLER_CC TrapCode Refuel(WEFT_HANDLER_ARGS) {
  fuel += st->fuel_needed;  // CHARGE took it
  // A stop ends here; after a sample the op runs again and, still short,
  // comes back.
  if (irq->load(std::memory_order_relaxed) != 0) {
    [[clang::musttail]] return InterruptedAt(ip, fp, mem, msize, fuel, st, acc, facc, irq);
  }
  const int64_t total = TotalFuel(fuel, st);
  if (total < st->fuel_needed) {
    st->exit_code = TrapCode::kFuelExhausted;
    [[clang::musttail]] return Exit(ip, fp, mem, msize, fuel, st, acc, facc, irq);
  }
  fuel = SliceFuel(total, st, st->fuel_needed);
  [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);
}

__attribute__((noinline)) WEFT_HANDLER_CC TrapCode InterruptedAt(WEFT_HANDLER_ARGS) {
  if (StopAfterSample(st, ip, fp)) {
    st->exit_code = TrapCode::kInterrupted;
    [[clang::musttail]] return Exit(ip, fp, mem, msize, fuel, st, acc, facc, irq);
  }
  [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);
}

namespace {

void RecordBacktrace(ExecContext& ctx, const ExecState& st) {
  FunctionInstance* fn = st.fn;
  const Word* pc = st.exit_ip;
  uint64_t* fp = st.exit_fp;
  for (int guard = 0; fn != nullptr && guard < 1000000; ++guard) {
    const CompiledFunction* code = fn->code.load(std::memory_order_relaxed);
    if (code == nullptr || pc == nullptr || fp == nullptr) break;
    ctx.backtrace.push_back({fn->func_index, code->CodeOffsetAt(pc), fn->instance});
    uint64_t* hdr = fp + code->header_slot;
    const Word* ret = reinterpret_cast<const Word*>(hdr[0]);
    if (ret == nullptr) break;
    pc = ret - 1;  // inside the call instruction
    fp = reinterpret_cast<uint64_t*>(hdr[1]);
    fn = reinterpret_cast<FunctionInstance*>(hdr[2]);
  }
}

TrapCode Finish(ExecContext& ctx, TrapCode t) {
  ctx.trap = t;
  return t;
}

}  // namespace

TrapCode Invoke(ExecContext& ctx, FunctionInstance* fn, const uint64_t* args,
                uint64_t* results) {
  ctx.trap = TrapCode::kOk;
  ctx.trap_detail.clear();
  ctx.backtrace.clear();
  ctx.exception = nullptr;
  if (ctx.call_depth_ >= ctx.limits().max_call_depth) {
    return Finish(ctx, TrapCode::kCallStackExhausted);
  }
  if (ctx.interrupt_requested()) return Finish(ctx, TrapCode::kInterrupted);
  if (fn->is_host()) {
    ctx.call_depth_++;
    TrapCode t = fn->host(fn->host_env, args, results, &ctx);
    ctx.call_depth_--;
    return Finish(ctx, t);
  }
  ExecState st;
  st.ctx = &ctx;
  st.interrupt = ctx.interrupt_.flag();
  st.inst = fn->instance;
  st.fn = fn;
  st.stack_end = ctx.stack_end_;
  st.depth = ctx.call_depth_ + 1;
  st.max_depth = ctx.limits().max_call_depth;
  const CompiledFunction* code = fn->code.load(std::memory_order_acquire);
  if (code == nullptr) {
    code = CompileLazily(&st, fn);
    if (code == nullptr) return Finish(ctx, TrapCode::kCompileError);
  }
  uint64_t* fp = ctx.stack_top_;
  if (fp + code->frame_slots > ctx.stack_end_) {
    return Finish(ctx, TrapCode::kCallStackExhausted);
  }
  if (code->param_slots != 0) std::memcpy(fp, args, code->param_slots * sizeof(uint64_t));
  uint64_t* hdr = fp + code->header_slot;
  hdr[0] = hdr[1] = hdr[2] = 0;  // entry frame: Return leaves the chain

  uint64_t* saved_top = ctx.stack_top_;
  uint32_t saved_depth = ctx.call_depth_;
  ctx.call_depth_ = st.depth;
  LinearMemory* m = st.inst->memory;
  const Word* entry = code->code.data();
  TrapCode t = entry->h(entry, fp, m ? m->base() : nullptr, m ? m->size_bytes() : 0,
                        SliceFuel(ctx.fuel_, &st), &st, 0, 0.0, st.interrupt);
  ctx.fuel_ = st.fuel;
  ctx.stack_top_ = saved_top;
  ctx.call_depth_ = saved_depth;
  if (t == TrapCode::kOk) {
    if (code->result_slots != 0) std::memcpy(results, fp, code->result_slots * sizeof(uint64_t));
  } else {
    RecordBacktrace(ctx, st);
  }
  return Finish(ctx, t);
}

}  // namespace weft::interp
