// A small stack-machine interpreter running a nested counting loop: the
// classic indirect-dispatch workload (switch over opcodes, operand stack).
#include "kernel_support.h"

enum { kPush, kLoad, kStore, kAdd, kSub, kMul, kXor, kLt, kJz, kJmp, kHalt };

// locals: 0 = i, 1 = acc, 2 = j
static const i32 kProgram[] = {
    kPush, 0, kStore, 0,                 // i = 0
    kPush, 1, kStore, 1,                 // acc = 1
    /* 8: outer */ kLoad, 0, kPush, 3000, kLt, kJz, 55,
    kPush, 0, kStore, 2,                 // j = 0
    /* 19: inner */ kLoad, 2, kPush, 100, kLt, kJz, 45,
    kLoad, 1, kPush, 31, kMul, kLoad, 2, kXor, kStore, 1,  // acc = acc*31 ^ j
    kLoad, 2, kPush, 1, kAdd, kStore, 2, kJmp, 19,        // j++
    /* 45: */ kLoad, 0, kPush, 1, kAdd, kStore, 0, kJmp, 8,  // i++
    /* 54: */ kHalt,
    /* 55: */ kLoad, 1, kHalt};

static i32 Execute(const i32* code) {
  i32 stack[64];
  i32 locals[4] = {0, 0, 0, 0};
  i32 sp = 0, pc = 0;
  for (;;) {
    switch (code[pc++]) {
      case kPush: stack[sp++] = code[pc++]; break;
      case kLoad: stack[sp++] = locals[code[pc++]]; break;
      case kStore: locals[code[pc++]] = stack[--sp]; break;
      case kAdd: --sp; stack[sp - 1] = stack[sp - 1] + stack[sp]; break;
      case kSub: --sp; stack[sp - 1] = stack[sp - 1] - stack[sp]; break;
      case kMul: --sp; stack[sp - 1] = (i32)((u32)stack[sp - 1] * (u32)stack[sp]); break;
      case kXor: --sp; stack[sp - 1] = stack[sp - 1] ^ stack[sp]; break;
      case kLt: --sp; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case kJz: { i32 target = code[pc++]; if (!stack[--sp]) pc = target; break; }
      case kJmp: pc = code[pc]; break;
      case kHalt: return sp > 0 ? stack[sp - 1] : 0;
      default: return -1;
    }
  }
}

KERNEL_EXPORT u32 run(void) {
  u32 h = 0;
  for (i32 r = 0; r < 4; ++r) h = KernelMix(h, (u32)Execute(kProgram));
  return h;
}
