// The interpreter's compiler: a consumer of ValidateFunction
// (validator/code_consumer.h) that emits threaded code (compiled_function.h)
// in the validator's single pass over a function body.
//
// Operands are frame-slot indices resolved at compile time; the operand
// stack position p of the validator is slot header_slot + kFrameHeader +
// (slots taken by the entries below p): every value takes one slot except
// v128, which takes two (see compiled_function.h). Locals are laid out the
// same way.
// Forward branches are patched at the label's `end`; branch values are
// moved into the label's slots before jumping.
//
// Copies are avoided three ways:
// - local.get emits nothing: the operand stack entry remembers which local
//   it stands for, and its consumer reads the local's slot directly. Before
//   that local is overwritten (local.set/tee), and at every control-flow
//   boundary, such entries are copied into their own slots ("materialized"),
//   so every basic block starts with the whole operand stack in its slots.
// - an op followed by local.set/local.tee writes straight into the local.
// - an integer op whose right operand is a just-pushed constant becomes an
//   "Imm" op, a compare consumed by br_if/if becomes one fused
//   compare-and-branch op, and `i32.add x, const` feeding a load/store
//   address becomes part of the access.
//
// Each instruction goes to its visitor (one per instruction, or per regular
// family such as the binary ops), picked from a table generated from
// base/opcodes.def; every op is emitted through Put against its layout in
// ir_ops.def. `weft inspect --code` prints the result (code_printer.h).
#ifndef WEFT_INTERP_COMPILER_H_
#define WEFT_INTERP_COMPILER_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "decoder/module.h"
#include "interp/compiled_function.h"
#include "interp/ir_layout.h"
#include "interp/module_code.h"
#include "validator/code_consumer.h"

namespace weft::interp {

class Compiler {
 public:
  // `module` tells the memories' and tables' address types and page sizes
  // (multi-memory, memory64); null means 2.0's single 32-bit memory.
  Compiler(const CompileOptions& options, CompiledFunction* out, const Module* module = nullptr)
      : options_(options), out_(out), code_(out->code), module_(module) {}

  void OnFunctionBegin(uint32_t func_index, const FuncType& type,
                       absl::Span<const ValType> locals);
  void OnInstruction(const Instruction& ins, const OpContext& ctx, const ValidatorView& view);
  absl::Status OnFunctionEnd();

 private:
  struct Patch {
    uint32_t word;  // index of the relative-offset word
    uint32_t base;  // index the offset is relative to
  };
  struct Control {
    FrameKind kind;
    uint32_t height;       // operand height at entry (after params popped)
    uint32_t label_arity;  // values a branch to this label carries
    uint32_t loop_start = 0;
    std::vector<Patch> end_patches;
    bool has_else_patch = false;
    Patch else_patch{};
    // Exception handling: a try_table's or legacy try's handler (index in
    // out_->handlers), and the catch clauses (handler, catch) that land
    // at this label's end, patched there like forward branches.
    int32_t handler = -1;
    std::vector<std::pair<uint32_t, uint32_t>> catch_patches;
  };

  // A stack entry that is in its own slot (not standing for a local).
  static constexpr uint32_t kInSlot = UINT32_MAX;
  // A conditional jump's condition: the top slot, or a compare to fuse.
  struct Condition {
    IrOp compare = IrOp::kCount;  // kCount: test `a` for non-zero
    uint64_t a = 0;
    uint64_t b = 0;
    bool negated = false;  // branch on the compare being false
  };

  uint64_t Slot(uint32_t position) const {
    return header_slot_ + kFrameHeader + pos_off_[position];
  }
  // Whether the value at `position` (below the height) is a two-slot v128.
  bool Wide(uint32_t position) const {
    return pos_off_[position + 1] - pos_off_[position] == 2;
  }
  // Records the slot layout of the entries pushed at [from, to): called
  // once an instruction's results are on the validator's stack.
  void NotePushed(const ValidatorView& view, uint32_t from, uint32_t to);
  // Where the value at stack `position` can be read: a local's slot or its own.
  uint64_t Src(uint32_t position) const {
    return position < where_.size() && where_[position] != kInSlot ? where_[position]
                                                                   : Slot(position);
  }
  void Materialize(uint32_t position);
  void MaterializeAll();
  Condition TakeCondition(uint32_t height);
  Patch EmitCondJump(const Condition& c, bool jump_if_true);
  // A loop's closing step: the `i += k` op just before a compare of its
  // result with a constant joins the branch (IR_STEP_BRANCH); returns the
  // fused op's first word, or -1 when the code before is not such a step.
  int64_t TryStepBranch(const Condition& c, bool jump_if_true, IrOp* op);
  // An i32 compare of the value the plain i32.load just before made: the
  // load joins the branch (IR_CMP_BRANCH_LOAD); returns the
  // fused op's first word, or -1 when the code before is not so.
  int64_t TryLoadBranch(const Condition& c, bool jump_if_true, IrOp* op);
  // With metering, once the function's code is complete: each Fuel op
  // also charges the empty runs whose Fuel ops follow it at once, and each
  // branch to a Fuel op takes the form that charges that run itself
  // (interp/branch_forms.h), so neither is a dispatch of its own.
  void LinkFuel();
  // Once the function's code is complete: each op whose first operand is
  // the result the op just before it left in the accumulator, and that no
  // branch, catch or return enters, takes its ...Acc form
  // (interp/accumulator_forms.h).
  void LinkAccumulator();
  // Then: an `i32.add` of a constant followed by another that does not
  // read its result runs both (I32AddImmThenAddImm).
  void LinkAddImmPairs();
  // The words where code is entered other than from the op before it.
  absl::flat_hash_set<uint32_t> EnteredWords() const;
  // `x[i] op= e`: a load-and-op (IR_BINOP_MEM) just before a store of its
  // result to the load's address becomes one op; false if it is not so.
  bool TryMemUpdate(IrOp store, uint32_t height, uint64_t offset);
  // Within that: the load-and-add's other operand is the product an
  // F64MulMem just before made: both and the store become F64MulAddUpdate.
  bool FuseMulAddUpdate(uint64_t product, uint64_t base, uint64_t offset);
  // `*q = *p`: a plain load just before whose value only this store takes
  // (same width) becomes one op (IR_MEM_MOVE); false if it is not so.
  bool TryMemMove(IrOp store, uint32_t height, uint64_t offset);
  // After an i32.add's result went to a local: an i32.add just before it
  // (same run) joins it as I32AddPair.
  void PairWithAddBefore();
  // global.set g of `value` just made by `a + k`: one op (SetGlobalSum),
  // or with the global.get g that made `a`, StepGlobal (a C function's
  // stack-pointer prologue and epilogue). False if the ops before differ.
  bool TryGlobalStep(uint32_t global, uint64_t value);
  // A jump to label `depth` when `cond` is `jump_if_true`, carrying the
  // label's values that end at position `height`.
  void EmitCondBranch(const Condition& cond, bool jump_if_true, uint32_t depth, uint32_t height);

  // Instruction visitors: one per instruction or regular family of
  // instructions, chosen per opcode from kVisitors, a table generated from
  // base/opcodes.def (compiler.cc), so an opcode without one fails to
  // compile. `ir` is the IR op the table names for the instruction (the
  // one of the same name for the generated families of ir_ops.def,
  // kCount when the visitor chooses). Files by family: compiler_control.cc,
  // compiler_numeric.cc, compiler_memory.cc, compiler_variables.cc,
  // compiler_simd.cc.
  using Visitor = void (Compiler::*)(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // What OnInstruction does after the visitor.
  enum class After : uint8_t {
    kResults,  // record the instruction's results as in their own slots
    kLabel,    // a label (block, loop, if, else, end): the whole stack is in
               // slots; visited in dead code too
    kNothing,  // the visitor kept the stack entries itself
  };
  struct VisitorEntry {
    Visitor visit = nullptr;
    IrOp ir = IrOp::kCount;
    After after = After::kResults;
    // Results pushed (After::kResults): kCalleeResults for calls.
    int8_t results = 0;
  };
  static constexpr int8_t kCalleeResults = -1;
  static constexpr VisitorEntry EntryFor(Opcode op);
  template <Opcode kOp>
  static constexpr VisitorEntry RequireEntry();
  static const VisitorEntry kVisitors[];

  // compiler_control.cc
  void VisitNothing(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBlock(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitLoop(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitIf(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitElse(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitEnd(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBr(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBrIf(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBrTable(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitReturn(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitUnreachable(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitCall(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitCallIndirect(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitReturnCall(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitReturnCallIndirect(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitCallRef(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitReturnCallRef(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitRefAsNonNull(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBrOnNull(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBrOnNonNull(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // compiler_exceptions.cc: try_table, throw, throw_ref and the legacy
  // try/catch/catch_all/delegate/rethrow. Handlers are tables beside the
  // code (CompiledFunction::handlers): no op marks a try's entry or exit.
  void VisitTryTable(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTry(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitCatch(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitDelegate(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitThrow(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitThrowRef(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitRethrow(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // A new handler covering code from here, inside the active one.
  int32_t OpenHandler();
  // The handler a throw at label `controls_[index]` goes to: its own if
  // it is a try_table or a legacy try's body, else the innermost such
  // around it; -1 for none (the caller).
  int32_t HandlerAround(size_t index) const;
  // At a label's `end` (VisitEnd): ends a try body's range, and lands the
  // catch clauses that target the label here.
  void CloseHandler(Control& c);
  void LandCatches(Control& c);
  // compiler_numeric.cc
  void VisitConst(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitBinary(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitUnary(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // compiler_memory.cc
  void VisitLoad(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitStore(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitMemorySize(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitMemoryGrow(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitMemoryCopyOrFill(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitMemoryInit(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitDataDrop(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // Memories other than 32-bit memory 0 (compiler_memory.cc,
  // handlers_memory64.cc). InRegisters: the access may use the ordinary
  // ops, which read memory 0 from the handler registers.
  bool MemoryIs64(uint32_t memory) const;
  bool InRegisters(uint32_t memory) const { return memory == 0 && !MemoryIs64(0); }
  // Opens the bracket around a load or store of a memory not InRegisters:
  // returns the address slot the ordinary op reads and sets *offset to the
  // offset it adds. CloseBracket ends it.
  uint64_t OpenBracket(const Instruction& ins, uint32_t address_position, uint64_t* offset);
  void CloseBracket(const Instruction& ins);
  bool TableIs64(uint32_t table) const;
  bool DefaultPages(uint32_t memory) const;  // 64 KiB pages
  // Before a 64-bit table's op: traps with `code` unless the i64 at
  // `position` fits 32 bits.
  void CheckTableIndex64(uint32_t table, uint32_t position, uint64_t code);
  // compiler_variables.cc: locals, globals, select, tables, references
  void VisitLocalGet(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitLocalSet(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitLocalTee(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitGlobalGet(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitGlobalSet(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitSelect(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableGet(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableSet(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableSize(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableGrow(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableFill(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableCopy(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitTableInit(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitElemDrop(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitRefIsNull(const Instruction& ins, const OpContext& ctx, IrOp ir);
  void VisitRefFunc(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // compiler_gc.cc: structs, arrays, casts, i31, ref.eq
  void VisitGc(const Instruction& ins, const OpContext& ctx, IrOp ir);
  // GC stack maps (CompiledFunction::safepoints): records the safepoint at
  // code word `word` with the locals and the operand entries below
  // position `below` that may hold GC objects, plus `extra` slots.
  void NoteSafepoint(uint32_t word, uint32_t below, absl::Span<const uint32_t> extra = {});
  // Whether a value of (module) type `t` may be a GC object: references
  // of the any and extern hierarchies.
  bool MayHoldGcRef(ValType t) const;
  void NoteAllocation(uint32_t height, uint32_t operands, ValType operand_type);
  uint32_t AllocationSafepoint() const;
  // compiler_simd.cc
  void VisitSimd(const Instruction& ins, const OpContext& ctx, IrOp ir);

  // Emission. Every op goes through Put, whose operands must be the op's
  // layout (ir_ops.def): checked at compile time when the op is a
  // constant, in debug builds when it is chosen at run time. Both return
  // the op's first word.
  template <IrOp kOp, class... A>
  uint32_t Put(A... operands) {
    static_assert(sizeof...(A) == LayoutOf(kOp).fixed_words,
                  "operands differ from the op's layout in ir_ops.def");
    const uint32_t at = Op(kOp);
    (Arg(static_cast<uint64_t>(operands)), ...);
    return at;
  }
  uint32_t Put(IrOp op, absl::Span<const uint64_t> operands);
  // Index of operand `i` of the op `op` at `at`, which the layout says is
  // of kind `kind` (checked in debug builds).
  static uint32_t OperandWord(uint32_t at, IrOp op, int i, OperandKind kind);
  // Operand `i` of the last op emitted, of kind `kind`.
  uint64_t LastOperand(int i, OperandKind kind) const {
    return code_[OperandWord(last_start_, last_op_, i, kind)].u;
  }
  // Index of the branch offset of the op `op` at `at` (its kRel operand).
  static uint32_t RelWord(uint32_t at, IrOp op);
  // The handler word alone (Put), and one operand word (Put, br_table's
  // targets).
  uint32_t Op(IrOp op);
  // Drops the records of the last op (op_starts_, and its pc_offsets
  // entry) after its words were cut off or absorbed: a fusion that puts a
  // new op where an old one started keeps one record for both.
  // Where the op `back` places before the end starts (0: the last op
  // emitted), when it is one of `ops` (kCount entries are ignored), starts
  // at or after the last label (nothing jumps between it and what follows)
  // and ends exactly where the op after it, or the code, begins; else -1.
  // `*which` gets the op it is. The one test every peephole that looks
  // back over emitted ops makes.
  int64_t OpBefore(size_t back, std::initializer_list<IrOp> ops, IrOp* which = nullptr) const;
  // With metering: the current run has no op yet but its Fuel op.
  bool RunHasOnlyItsFuelOp() const {
    return fuel_word_ >= 0 && uint32_t(fuel_word_) + LayoutOf(IrOp::kFuel).fixed_words == code_.size() &&
           code_[fuel_word_ - 1].h == HandlerFor(IrOp::kFuel);
  }
  void ForgetLastOp() {
    op_starts_.pop_back();
    out_->pc_offsets.pop_back();
  }
  void Arg(uint64_t v) { code_.push_back(Word{.u = v}); }
  void StartRun();
  // Emits the op zeroing the function's `declared` (> 0) locals, one that
  // also charges the entry run when `charging`; returns the word of that
  // op's fuel operand (0 when not charging).
  uint32_t PutEnter(uint32_t declared, bool charging);
  // Whether the op just emitted (fusable_: no label or other op since) wrote
  // the value at operand stack `position` into that position's own slot: an
  // op consuming that value may then take the op's place.
  bool LastOpMade(uint32_t position) const {
    return fusable_ && where_[position] == kInSlot && code_[last_dst_word_].u == Slot(position);
  }
  void Label() {
    fusable_ = false;
    label_pos_ = static_cast<uint32_t>(code_.size());
    entered_.push_back(label_pos_);
  }
  void PatchHere(const Patch& p);
  void EmitCopy(uint64_t dst, uint64_t src, bool wide);
  void EmitMoves(uint32_t src_pos, uint32_t dst_pos, uint32_t n);
  void EmitReturn(uint32_t height);
  // A Return (FuelReturn when it is its run's only op).
  uint32_t PutReturn();
  void EmitBranch(uint32_t depth, uint32_t height);
  // A `br` back to the loop controls_[loop] whose head is a few ops ending
  // in a br_table (a `switch` inside a loop: an interpreter's dispatch)
  // emits a copy of that head instead of a jump to it
  // (compiler_loop_dispatch.cc); false, emitting nothing, otherwise.
  bool TryCopyLoopDispatch(size_t loop);
  void EmitBrIf(uint32_t depth, uint32_t height);
  void EmitBinop(IrOp op, IrOp imm_op, uint32_t height);
  // f64.add / f64.sub of a product the op just before made: one op
  // (F64MulAdd and kin); false if it is not so.
  bool TryProductSum(IrOp op, uint32_t height);
  // f64.mul of a product the op just before made into its left operand:
  // one op (F64MulMul); false if it is not so.
  bool TryProductOfThree(uint32_t height);
  // A shifted-operand xor (`shifted`: d = a ^ rot(x, s)) whose running
  // value `a` the op just before made from rotations of the same x: one
  // op (I32RotlXorRotl, then ...XorRotl / ...XorShrU); false if not so.
  bool TryRotationChain(IrOp shifted, uint64_t d, uint64_t a, uint64_t x, uint64_t s);
  void EmitLocalSet(uint32_t local, uint32_t height, bool tee);
  void EmitShuffleSsse3(const Instruction& ins, uint32_t height);
  // A value-producing op (its first operand is a kDst): records that it
  // wrote the top of stack.
  void Produced() {
    last_dst_word_ = OperandWord(last_start_, last_op_, 0, OperandKind::kDst);
    fusable_ = true;
  }
  // Loads and stores; an address made by `i32.add` just before (with a
  // constant or a second operand) is folded into the access (IR_LOAD in
  // ir_ops.def).
  struct Address {
    uint64_t base = 0;
    uint64_t index = 0;   // indexed: second operand slot
    uint64_t shift = 0;   // indexed: index << shift
    uint64_t k = 0;       // else: folded constant
    bool indexed = false;
  };
  Address TakeAddress(uint32_t position, bool allow_indexed = true);
  // When the op just before is `i32.add`/`i32.sub` of a constant that made
  // operand stack `position` into its own slot: removes it and returns its
  // operand and the constant it adds (a subtracted c as the wrapping -c).
  struct AddedConstant {
    uint64_t slot;
    uint32_t k;
  };
  std::optional<AddedConstant> TakeAddedConstant(uint32_t position);
  // When the op just before (after the last label) is `slot = x << s` and
  // `slot` is an operand temporary (so nothing else reads it), drops that
  // op and gives x and s: a load then addresses a table indexed by x.
  bool TakeShift(uint64_t slot, uint64_t* x, uint64_t* s);
  void Fail(absl::Status s) {
    if (status_.ok()) status_ = std::move(s);
  }

  CompileOptions options_;
  CompiledFunction* out_;
  std::vector<Word>& code_;
  const Module* module_ = nullptr;
  uint32_t num_locals_ = 0;
  uint32_t num_results_ = 0;
  const ValidatorView* view_ = nullptr;  // during OnInstruction
  // Slot of each local (index num_locals = slots all locals take).
  std::vector<uint32_t> local_slot_;
  // Slots of the locals that may hold GC objects (every stack map has them).
  std::vector<uint32_t> gc_local_slots_;
  uint32_t header_slot_ = 0;
  // Slot offset of each operand stack position from the operand base;
  // pos_off_[p + 1] is set when position p is pushed.
  std::vector<uint32_t> pos_off_{0};
  uint32_t max_operand_slots_ = 0;
  uint32_t cur_offset_ = 0;
  std::vector<Control> controls_;
  // Per operand stack position: kInSlot, or the slot of the local it
  // stands for.
  std::vector<uint32_t> where_;
  int64_t fuel_word_ = -1;  // operand of the current run's Fuel op
  // Peephole state: the last emitted op produced the top of stack into the
  // slot held in code_[last_dst_word_] and no label intervenes.
  bool fusable_ = false;
  uint32_t last_start_ = 0;
  IrOp last_op_ = IrOp::kCount;
  // Peephole state just before the last Const was emitted, so a store can
  // take that constant as an operand and still fold the address before it.
  struct BeforeConst {
    bool valid = false;
    bool fusable = false;
    uint32_t last_start = 0;
    IrOp last_op = IrOp::kCount;
    uint32_t last_dst_word = 0;
  };
  BeforeConst before_const_;
  uint32_t last_dst_word_ = 0;
  bool last_is_const_ = false;
  // Where each op emitted so far starts, in order (fusions that remove an
  // op remove its entry: ForgetLastOp), so peepholes can look at the ops
  // just before by position. pc_offsets may also hold entries inside an
  // op (a fused op whose parts trap at different instructions).
  std::vector<uint32_t> op_starts_;
  // Where code is entered other than from the op before it (labels,
  // patched branch targets, br_table stubs), for LinkAccumulator.
  std::vector<uint32_t> entered_;
  // br_table ops whose targets are all direct (no stub moves values), so
  // that their table can be copied with its entries (TryCopyLoopDispatch),
  // and the words copied so far, which a budget bounds.
  absl::flat_hash_set<uint32_t> stubless_tables_;
  uint64_t copied_words_ = 0;
  // Where the last label is (code_ index): nothing jumps between ops that
  // all start at or after it, so they may fuse.
  uint32_t label_pos_ = 0;
  // fusable_ as it was before the current instruction: OnInstruction
  // clears fusable_, and visitors that may fuse with the op before restore
  // it from here.
  bool was_fusable_ = false;
  absl::Status status_;
  // Catch clauses (handler, catch) that target the function's label: they
  // land on a Return emitted after the body (OnFunctionEnd).
  std::vector<std::pair<uint32_t, uint32_t>> return_landings_;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_COMPILER_H_
