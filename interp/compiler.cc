// The compiler's core: the per-instruction driver (OnInstruction), the
// table that picks each instruction's visitor, emission, and the operand
// stack's bookkeeping. The visitors live in compiler_<family>.cc.
#include "interp/compiler.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <iterator>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "base/numeric.h"
#include "interp/mirrored_compares.h"

namespace weft::interp {
namespace {

// A branch op's forms that charge fuel (interp/branch_forms.h): the one
// that also charges the run it falls into (`next`) and the one that also
// charges the run it jumps to (`taken`); kCount where there is none.
struct ChargingForms {
  IrOp next = IrOp::kCount;
  IrOp taken = IrOp::kCount;
};
ChargingForms ChargingFormsOf(Handler h) {
  static const auto* const forms = [] {
    auto* m = new absl::flat_hash_map<uintptr_t, ChargingForms>();
    auto add = [m](IrOp op, IrOp next, IrOp taken) {
      m->emplace(reinterpret_cast<uintptr_t>(HandlerFor(op)), ChargingForms{next, taken});
    };
    add(IrOp::kBr, IrOp::kCount, IrOp::kBrFuel);
#define WEFT_CHARGING_FORMS(IF, UNLESS)                          \
  add(IrOp::k##IF, IrOp::k##IF##Next, IrOp::k##IF##Fuel);        \
  add(IrOp::k##UNLESS, IrOp::k##UNLESS##Next, IrOp::k##UNLESS##Fuel); \
  add(IrOp::k##IF##Next, IrOp::kCount, IrOp::k##IF##Both);       \
  add(IrOp::k##UNLESS##Next, IrOp::kCount, IrOp::k##UNLESS##Both);
    WEFT_CHARGING_FORMS(BrIf, BrUnless)
#define IR_CMP_BRANCH(N, T, F) WEFT_CHARGING_FORMS(BrIf##N, BrUnless##N)
#define IR_CMP_BRANCH_IMM(N, T, F) WEFT_CHARGING_FORMS(BrIf##N##Imm, BrUnless##N##Imm)
#define IR_CMP_BRANCH_LOAD(N, T, F) WEFT_CHARGING_FORMS(BrIf##N##Load, BrUnless##N##Load)
#define IR_STEP_BRANCH(N, T, F)                                   \
  WEFT_CHARGING_FORMS(StepBrIf##N, StepBrUnless##N)               \
  WEFT_CHARGING_FORMS(StepBrIf##N##ByVar, StepBrUnless##N##ByVar) \
  WEFT_CHARGING_FORMS(StepBrIf##N##ToVar, StepBrUnless##N##ToVar)
#include "interp/ir_ops.def"
#undef WEFT_CHARGING_FORMS
    return m;
  }();
  const auto it = forms->find(reinterpret_cast<uintptr_t>(h));
  return it == forms->end() ? ChargingForms{} : it->second;
}

constexpr uint32_t kFuelWords = 1 + LayoutOf(IrOp::kFuel).fixed_words;

// Frames above this many slots are refused (keeps slot indices and the
// value stack sane for hostile modules with huge local counts).
constexpr uint64_t kMaxFrameSlots = 1u << 22;

}  // namespace

uint32_t Compiler::Op(IrOp op) {
  uint32_t at = static_cast<uint32_t>(code_.size());
  out_->pc_offsets.emplace_back(at, cur_offset_);
  op_starts_.push_back(at);
  code_.push_back(Word{.h = HandlerFor(op)});
  last_start_ = at;
  last_op_ = op;
  last_is_const_ = false;  // the Const case sets it again after this
  return at;
}

uint32_t Compiler::Put(IrOp op, absl::Span<const uint64_t> operands) {
  assert(operands.size() == LayoutOf(op).fixed_words);
  const uint32_t at = Op(op);
  for (uint64_t v : operands) Arg(v);
  return at;
}

uint32_t Compiler::OperandWord(uint32_t at, IrOp op, int i, OperandKind kind) {
  assert(i < LayoutOf(op).fixed_words && LayoutOf(op).kinds[i] == kind);
  (void)op;
  (void)kind;
  return at + 1 + uint32_t(i);
}

uint32_t Compiler::RelWord(uint32_t at, IrOp op) {
  const IrLayout& layout = LayoutOf(op);
  for (int i = 0; i < layout.count; ++i) {
    if (layout.kinds[i] == OperandKind::kRel) return at + 1 + uint32_t(i);
  }
  assert(false && "op has no branch offset");
  return at;
}

void Compiler::StartRun() {
  Label();
  if (!options_.metering) return;
  // Its charge is counted up as the run's instructions come; LinkFuel
  // may make it cover more.
  const uint32_t at = Put<IrOp::kFuel>(0, kFuelWords);
  fuel_word_ = static_cast<int64_t>(OperandWord(at, IrOp::kFuel, 0, OperandKind::kFuel));
}

void Compiler::LinkFuel() {
  const Handler fuel = HandlerFor(IrOp::kFuel), chain = HandlerFor(IrOp::kFuelChain);
  const auto op_at = [&](int64_t at) {
    return at >= 0 && at < int64_t(code_.size()) ? code_[at].h : nullptr;
  };
  // An empty run's Fuel op followed at once by another's: it charges both
  // (and so on down the chain), backwards so its successor is final.
  for (auto it = op_starts_.rbegin(); it != op_starts_.rend(); ++it) {
    const uint32_t at = *it, next = at + kFuelWords;
    if (op_at(at) != fuel || (op_at(next) != fuel && op_at(next) != chain)) continue;
    code_[at].h = chain;
    code_[at + 1].i += code_[next + 1].i;
    code_[at + 2].i = kFuelWords + code_[next + 2].i;
  }
  // A branch next to a run's lone Fuel op charges that run itself and
  // steps over the op (by its fixed length: a chain's variable one would
  // put a load on the path to the next handler).
  for (size_t i = 0; i < op_starts_.size(); ++i) {
    const uint32_t at = op_starts_[i];
    if (at >= code_.size()) continue;
    const ChargingForms forms = ChargingFormsOf(code_[at].h);
    const bool next_is_fuel = i + 1 < op_starts_.size() && op_at(op_starts_[i + 1]) == fuel;
    IrOp form = IrOp::kCount;
    if (forms.next != IrOp::kCount && next_is_fuel &&
        at + 1 + LayoutOf(forms.next).fixed_words == op_starts_[i + 1]) {
      form = forms.next;
    }
    const ChargingForms after = form == IrOp::kCount ? forms : ChargingFormsOf(HandlerFor(form));
    if (after.taken != IrOp::kCount &&
        op_at(int64_t(at) + code_[RelWord(at, after.taken)].i) == fuel) {
      form = after.taken;
    }
    if (form != IrOp::kCount) code_[at].h = HandlerFor(form);
  }
}

// What an op does with the accumulator (interp/accumulator_forms.h): its
// ...Acc form (kCount if none) and whether that form's first operand is
// an f64 (read from facc) or not (acc); whether the op leaves its result
// there (every op whose handler writes its one result with PUT), and
// whether that result is an f64. A reinterpret between the two emits no op,
// so the classes of a result and of the operand taking it can differ.
struct AccumulatorRole {
  IrOp acc_form = IrOp::kCount;
  bool operand_f64 = false;
  bool leaves_result = false;
  bool result_f64 = false;
  IrOp acc_right_form = IrOp::kCount;  // ...AccRight: the second slot operand
  IrOp mirror_acc_form = IrOp::kCount;  // or the mirrored op's ...Acc, operands swapped
  // The word holding the slot of the operand its ...Acc form takes (the
  // layouts start `d a ...`, or `a ...` for branches).
  uint8_t operand_word = 2;
};
template <class T> constexpr bool kIsF64 = std::is_same_v<T, double>;
#define WEFT_RESULT_F64(...) kIsF64<decltype(__VA_ARGS__)>
AccumulatorRole AccumulatorRoleOf(Handler h) {
  using namespace ::weft::numeric;  // NOLINT: the families' functions, for their result types
  static const auto* const roles = [] {
    auto* m = new absl::flat_hash_map<uintptr_t, AccumulatorRole>();
    auto add = [m](IrOp op, AccumulatorRole role) {
      m->emplace(reinterpret_cast<uintptr_t>(HandlerFor(op)), role);
    };
#define WEFT_ACC_ROLES(NAME, T, RESULT_F64, ACC_RIGHT)                              \
  add(IrOp::k##NAME, {IrOp::k##NAME##Acc, kIsF64<T>, true, RESULT_F64, ACC_RIGHT}); \
  add(IrOp::k##NAME##Acc, {IrOp::kCount, false, true, RESULT_F64});
#define WEFT_BINOP_ACC_ROLES(NAME, T, RESULT_F64)                       \
  WEFT_ACC_ROLES(NAME, T, RESULT_F64, IrOp::k##NAME##AccRight)         \
  add(IrOp::k##NAME##AccRight, {IrOp::kCount, false, true, RESULT_F64});
#define IR_BINOP(N, T, F) WEFT_BINOP_ACC_ROLES(N, T, WEFT_RESULT_F64(F(T(), T())))
#define IR_BINOP_IMM(N, T, F) WEFT_ACC_ROLES(N##Imm, T, WEFT_RESULT_F64(F(T(), T())), IrOp::kCount)
#define IR_BINOP_TRAP(N, T, F) \
  WEFT_BINOP_ACC_ROLES(N, T, false) WEFT_ACC_ROLES(N##Imm, T, false, IrOp::kCount)
#define IR_UNOP(N, T, F) WEFT_ACC_ROLES(N, T, WEFT_RESULT_F64(F(T())), IrOp::kCount)
#define IR_TRUNC(N, I, F) WEFT_ACC_ROLES(N, F, false, IrOp::kCount)
#define IR_LOAD(N, M, R)                                      \
  add(IrOp::k##N, {IrOp::k##N##Acc, false, true, kIsF64<R>});      \
  add(IrOp::k##N##Acc, {IrOp::kCount, false, true, kIsF64<R>});    \
  add(IrOp::k##N##Idx, {IrOp::k##N##IdxAcc, false, true, kIsF64<R>, IrOp::k##N##IdxAccRight}); \
  add(IrOp::k##N##IdxAcc, {IrOp::kCount, false, true, kIsF64<R>});   \
  add(IrOp::k##N##IdxAccRight, {IrOp::kCount, false, true, kIsF64<R>}); \
  add(IrOp::k##N##Shl, {IrOp::k##N##ShlAcc, false, true, kIsF64<R>}); \
  add(IrOp::k##N##ShlAcc, {IrOp::kCount, false, true, kIsF64<R>});
#define IR_BINOP_MEM(N, T, F, L, M)                                             \
  add(IrOp::k##N##Mem, {IrOp::k##N##MemAcc, kIsF64<T>, true, kIsF64<T>});       \
  add(IrOp::k##N##MemAcc, {IrOp::kCount, false, true, kIsF64<T>});             \
  add(IrOp::k##N##Mem2, {IrOp::k##N##Mem2Acc, kIsF64<T>, true, kIsF64<T>});     \
  add(IrOp::k##N##Mem2Acc, {IrOp::kCount, false, true, kIsF64<T>});
#define WEFT_OP_ITEM(NAME, ...) IrOp::k##NAME,
#define WEFT_BRANCH_ACC_ROLES(IF, UNLESS, T, WORD)                                    \
  {                                                                                   \
    const IrOp plain[] = {WEFT_COND_BRANCH_FORMS(WEFT_OP_ITEM, IF, UNLESS)};          \
    const IrOp acc[] = {WEFT_COND_BRANCH_FORMS(WEFT_OP_ITEM, IF##Acc, UNLESS##Acc)};  \
    for (size_t i = 0; i < std::size(plain); ++i) {                                   \
      add(plain[i], {.acc_form = acc[i], .operand_f64 = kIsF64<T>, .operand_word = WORD});    \
    }                                                                                 \
  }
#define IR_CMP_BRANCH(N, T, F) WEFT_BRANCH_ACC_ROLES(BrIf##N, BrUnless##N, T, 1)
#define IR_CMP_BRANCH_IMM(N, T, F) WEFT_BRANCH_ACC_ROLES(BrIf##N##Imm, BrUnless##N##Imm, T, 1)
// (The operand the accumulator may give is the load's address, an i32.)
#define IR_CMP_BRANCH_LOAD(N, T, F) \
  WEFT_BRANCH_ACC_ROLES(BrIf##N##Load, BrUnless##N##Load, uint32_t, 2)
#define IR_STORE(N, M) \
  add(IrOp::k##N, {.acc_form = IrOp::k##N##Acc, .operand_f64 = IrOp::k##N == IrOp::kF64Store});
#include "interp/ir_ops.def"
    WEFT_BRANCH_ACC_ROLES(BrIf, BrUnless, uint32_t, 1)
    // A compare-and-branch whose right operand is the previous result
    // takes the mirrored compare's ...Acc form, its operands swapped
    // (a < b is b > a, NaN included).
    auto mirror = [m](IrOp op, IrOp mirrored_acc_form) {
      (*m)[reinterpret_cast<uintptr_t>(HandlerFor(op))].mirror_acc_form = mirrored_acc_form;
    };
#define WEFT_MIRRORED_BRANCHES(A, B)                                                         \
  {                                                                                          \
    const IrOp a[] = {WEFT_COND_BRANCH_FORMS(WEFT_OP_ITEM, BrIf##A, BrUnless##A)};           \
    const IrOp b[] = {WEFT_COND_BRANCH_FORMS(WEFT_OP_ITEM, BrIf##B, BrUnless##B)};           \
    const IrOp a_acc[] = {WEFT_COND_BRANCH_FORMS(WEFT_OP_ITEM, BrIf##A##Acc, BrUnless##A##Acc)}; \
    const IrOp b_acc[] = {WEFT_COND_BRANCH_FORMS(WEFT_OP_ITEM, BrIf##B##Acc, BrUnless##B##Acc)}; \
    for (size_t i = 0; i < std::size(a); ++i) {                                              \
      mirror(a[i], b_acc[i]);                                                                \
      mirror(b[i], a_acc[i]);                                                                \
    }                                                                                        \
  }
    WEFT_MIRRORED_COMPARES(WEFT_MIRRORED_BRANCHES)
#undef WEFT_MIRRORED_BRANCHES
#undef WEFT_BRANCH_ACC_ROLES
#undef WEFT_OP_ITEM
#undef WEFT_BINOP_ACC_ROLES
#undef WEFT_ACC_ROLES
#define WEFT_F64_THREE_OPERANDS_ROLES(NAME)                     \
  add(IrOp::k##NAME, {IrOp::k##NAME##Acc, true, true, true}); \
  add(IrOp::k##NAME##Acc, {IrOp::kCount, false, true, true});
    WEFT_F64_THREE_OPERANDS_ROLES(F64MulAdd)
    WEFT_F64_THREE_OPERANDS_ROLES(F64AddMul)
    WEFT_F64_THREE_OPERANDS_ROLES(F64MulSub)
    WEFT_F64_THREE_OPERANDS_ROLES(F64SubMul)
    WEFT_F64_THREE_OPERANDS_ROLES(F64MulMul)
#undef WEFT_F64_THREE_OPERANDS_ROLES
    // The shifted-operand ops and SHA-2's sigma ops (all i32).
    for (const auto& [op, acc_form] : {std::pair{IrOp::kI32AddShl, IrOp::kI32AddShlAcc},
                                       {IrOp::kI32AddShrU, IrOp::kI32AddShrUAcc},
                                       {IrOp::kI32AddRotl, IrOp::kI32AddRotlAcc},
                                       {IrOp::kI32OrShl, IrOp::kI32OrShlAcc},
                                       {IrOp::kI32OrShrU, IrOp::kI32OrShrUAcc},
                                       {IrOp::kI32OrRotl, IrOp::kI32OrRotlAcc},
                                       {IrOp::kI32XorShl, IrOp::kI32XorShlAcc},
                                       {IrOp::kI32XorShrU, IrOp::kI32XorShrUAcc},
                                       {IrOp::kI32XorRotl, IrOp::kI32XorRotlAcc},
                                       {IrOp::kI32RotlXorRotl, IrOp::kCount},
                                       {IrOp::kI32RotlXorRotlXorRotl, IrOp::kCount},
                                       {IrOp::kI32RotlXorRotlXorShrU, IrOp::kCount}}) {
      add(op, {.acc_form = acc_form, .leaves_result = true});
      if (acc_form != IrOp::kCount) add(acc_form, {.leaves_result = true});
    }
    return m;
  }();
  const auto it = roles->find(reinterpret_cast<uintptr_t>(h));
  return it == roles->end() ? AccumulatorRole{} : it->second;
}
#undef WEFT_RESULT_F64

absl::flat_hash_set<uint32_t> Compiler::EnteredWords() const {
  absl::flat_hash_set<uint32_t> entered(entered_.begin(), entered_.end());
  for (const auto& handler : out_->handlers) {
    for (const auto& c : handler.catches) entered.insert(c.target);
  }
  return entered;
}

void Compiler::LinkAccumulator() {
  const absl::flat_hash_set<uint32_t> entered = EnteredWords();
  for (size_t i = 1; i < op_starts_.size(); ++i) {
    const uint32_t before = op_starts_[i - 1], at = op_starts_[i];
    if (at >= code_.size() || entered.contains(at)) continue;
    const AccumulatorRole made = AccumulatorRoleOf(code_[before].h);
    const AccumulatorRole taking = AccumulatorRoleOf(code_[at].h);
    if (!made.leaves_result || taking.acc_form == IrOp::kCount ||
        made.result_f64 != taking.operand_f64) {
      continue;
    }
    // The op before wrote its d, its layout's first word.
    const uint64_t made_slot = code_[before + 1].u;
    const uint32_t operand = at + taking.operand_word;
    if (code_[operand].u == made_slot) {
      code_[at].h = HandlerFor(taking.acc_form);
    } else if (taking.acc_right_form != IrOp::kCount && code_[operand + 1].u == made_slot) {
      code_[at].h = HandlerFor(taking.acc_right_form);
    } else if (taking.mirror_acc_form != IrOp::kCount && code_[operand + 1].u == made_slot) {
      std::swap(code_[operand], code_[operand + 1]);
      code_[at].h = HandlerFor(taking.mirror_acc_form);
    }
  }
}

void Compiler::LinkAddImmPairs() {
  const absl::flat_hash_set<uint32_t> entered = EnteredWords();
  // An i32.add or i32.sub of a constant (x - k is x + -k, wrapping alike);
  // whether it reads its operand from the accumulator.
  struct AddOfConstant {
    bool is = false, from_acc = false, negated = false;
  };
  const auto add_of_constant = [this](uint32_t at) {
    const Handler h = code_[at].h;
    if (h == HandlerFor(IrOp::kI32AddImm)) return AddOfConstant{true, false, false};
    if (h == HandlerFor(IrOp::kI32AddImmAcc)) return AddOfConstant{true, true, false};
    if (h == HandlerFor(IrOp::kI32SubImm)) return AddOfConstant{true, false, true};
    if (h == HandlerFor(IrOp::kI32SubImmAcc)) return AddOfConstant{true, true, true};
    return AddOfConstant{};
  };
  for (size_t i = 1; i < op_starts_.size(); ++i) {
    const uint32_t first = op_starts_[i - 1], second = op_starts_[i];
    if (second >= code_.size() || entered.contains(second)) continue;
    const AddOfConstant a = add_of_constant(first), b = add_of_constant(second);
    // (Their layout: d a k.) The second must not take the first's result.
    if (!a.is || !b.is || b.from_acc || code_[second + 2].u == code_[first + 1].u) continue;
    for (const auto& [at, op] : {std::pair{first, a}, std::pair{second, b}}) {
      if (op.negated) code_[at + 3].u = uint32_t(0u - uint32_t(code_[at + 3].u));
    }
    code_[first].h = HandlerFor(a.from_acc ? IrOp::kI32AddImmAccThenAddImm
                                           : IrOp::kI32AddImmThenAddImm);
    code_[second].h = HandlerFor(IrOp::kI32AddImm);
    ++i;  // the second is run by the first
  }
}

uint32_t Compiler::PutReturn() {
  // With metering, a run that is nothing but this return charges itself.
  if (options_.metering && options_.fuse_fuel_charges && RunHasOnlyItsFuelOp()) {
    static_assert(LayoutOf(IrOp::kFuelReturn).fixed_words == LayoutOf(IrOp::kFuel).fixed_words);
    code_[fuel_word_ - 1].h = HandlerFor(IrOp::kFuelReturn);
    code_[fuel_word_ + 1].u = header_slot_;
    last_start_ = uint32_t(fuel_word_ - 1);
    last_op_ = IrOp::kFuelReturn;
    return last_start_;
  }
  return Put<IrOp::kReturn>(header_slot_);
}

void Compiler::PatchHere(const Patch& p) {
  code_[p.word].i = int64_t(code_.size()) - int64_t(p.base);
  entered_.push_back(uint32_t(code_.size()));
}

void Compiler::Materialize(uint32_t position) {
  if (where_[position] == kInSlot) return;
  EmitCopy(Slot(position), where_[position], Wide(position));
  where_[position] = kInSlot;
  fusable_ = false;  // the last op no longer produced the top value
}

int64_t Compiler::OpBefore(size_t back, std::initializer_list<IrOp> ops, IrOp* which) const {
  if (op_starts_.size() <= back) return -1;
  const uint32_t start = op_starts_[op_starts_.size() - 1 - back];
  const size_t end = back == 0 ? code_.size() : op_starts_[op_starts_.size() - back];
  if (start < label_pos_) return -1;
  for (IrOp op : ops) {
    if (op == IrOp::kCount || code_[start].h != HandlerFor(op)) continue;
    if (start + 1 + LayoutOf(op).fixed_words != end) return -1;
    if (which != nullptr) *which = op;
    return start;
  }
  return -1;
}

void Compiler::MaterializeAll() {
  for (uint32_t p = 0; p < where_.size(); ++p) Materialize(p);
}

void Compiler::EmitCopy(uint64_t dst, uint64_t src, bool wide) {
  // `Copy src <- dst` just before, with no label between: dst already
  // holds src's value (a value moved out and straight back, as a block's
  // result that is returned from where it came).
  if (const int64_t start = wide ? -1 : OpBefore(0, {IrOp::kCopy});
      start >= 0 && code_[start + 1].u == src && code_[start + 2].u == dst) {
    return;
  }
  // A copy just after another (no label between) joins it: Copy2 runs the
  // two in order (locals rotated one into the next, as hash rounds do).
  if (const int64_t start = wide ? -1 : OpBefore(0, {IrOp::kCopy}); start >= 0) {
    const uint64_t first_dst = code_[start + 1].u, first_src = code_[start + 2].u;
    code_.resize(start);
    ForgetLastOp();
    Put<IrOp::kCopy2>(first_dst, first_src, dst, src);
    return;
  }
  Put(wide ? IrOp::kV128Copy : IrOp::kCopy, {dst, src});
}

void Compiler::NotePushed(const ValidatorView& view, uint32_t from, uint32_t to) {
  if (pos_off_.size() < size_t(to) + 1) pos_off_.resize(size_t(to) + 1);
  for (uint32_t p = from; p < to; ++p) {
    pos_off_[p + 1] = pos_off_[p] + (view.stack_type(p) == ValType::kV128 ? 2 : 1);
  }
  max_operand_slots_ = std::max(max_operand_slots_, pos_off_[to]);
}

// ---- The visitor table -----------------------------------------------------

// The visitor of each instruction and what follows it. The generated
// families of ir_ops.def are listed by their own X-macros, with the IR op
// of the same name; the rest one by one. Results: how many values the
// instruction pushes (after the operands are popped): the callee's for
// calls, otherwise its fixed signature in opcodes.def.
constexpr Compiler::VisitorEntry Compiler::EntryFor(Opcode op) {
  const char* results = opcode_internal::kInfo[static_cast<int>(op)].results;
  const int8_t fixed =
      results[0] == '*' ? 0 : static_cast<int8_t>(std::char_traits<char>::length(results));
  const auto visitor = [fixed](Visitor visit, IrOp ir = IrOp::kCount) {
    return VisitorEntry{visit, ir, After::kResults, fixed};
  };
  switch (op) {
#define IR_BINOP(N, T, F) \
  case Opcode::k##N:      \
    return visitor(&Compiler::VisitBinary, IrOp::k##N);
#define IR_BINOP_TRAP(N, T, F) IR_BINOP(N, T, F)
#define IR_UNOP(N, T, F) \
  case Opcode::k##N:     \
    return visitor(&Compiler::VisitUnary, IrOp::k##N);
#define IR_TRUNC(N, I, F) IR_UNOP(N, I, F)
#define IR_LOAD(N, M, R) \
  case Opcode::k##N:     \
    return visitor(&Compiler::VisitLoad, IrOp::k##N);
#define IR_STORE(N, M) \
  case Opcode::k##N:   \
    return visitor(&Compiler::VisitStore, IrOp::k##N);
#define IR_SIMD(N)   \
  case Opcode::k##N: \
    return visitor(&Compiler::VisitSimd, IrOp::k##N);
#define IR_SIMD_OP(N, L) IR_SIMD(N)
#include "interp/ir_ops.def"

    // Control (compiler_control.cc).
    case Opcode::kNop:
    case Opcode::kDrop:
      return visitor(&Compiler::VisitNothing);
    case Opcode::kBlock:
      return {&Compiler::VisitBlock, IrOp::kCount, After::kLabel};
    case Opcode::kLoop:
      return {&Compiler::VisitLoop, IrOp::kCount, After::kLabel};
    case Opcode::kIf:
      return {&Compiler::VisitIf, IrOp::kCount, After::kLabel};
    case Opcode::kElse:
      return {&Compiler::VisitElse, IrOp::kCount, After::kLabel};
    case Opcode::kEnd:
      return {&Compiler::VisitEnd, IrOp::kCount, After::kLabel};
    case Opcode::kBr:
      return visitor(&Compiler::VisitBr);
    case Opcode::kBrIf:
      return visitor(&Compiler::VisitBrIf);
    case Opcode::kBrTable:
      return visitor(&Compiler::VisitBrTable);
    case Opcode::kReturn:
      return visitor(&Compiler::VisitReturn);
    case Opcode::kUnreachable:
      return visitor(&Compiler::VisitUnreachable);
    case Opcode::kCall:
      return {&Compiler::VisitCall, IrOp::kCount, After::kResults, kCalleeResults};
    case Opcode::kCallIndirect:
      return {&Compiler::VisitCallIndirect, IrOp::kCount, After::kResults, kCalleeResults};
    case Opcode::kCallRef:
      return {&Compiler::VisitCallRef, IrOp::kCount, After::kResults, kCalleeResults};
    case Opcode::kReturnCallRef:
      return visitor(&Compiler::VisitReturnCallRef);
    case Opcode::kRefAsNonNull:
      return {&Compiler::VisitRefAsNonNull, IrOp::kCount, After::kResults, 1};
    case Opcode::kBrOnNull:
      return {&Compiler::VisitBrOnNull, IrOp::kCount, After::kResults, 1};
    case Opcode::kBrOnNonNull:
      return {&Compiler::VisitBrOnNonNull, IrOp::kCount, After::kResults, 0};
    case Opcode::kReturnCall:
      return visitor(&Compiler::VisitReturnCall);
    case Opcode::kReturnCallIndirect:
      return visitor(&Compiler::VisitReturnCallIndirect);

    // Exception handling (compiler_exceptions.cc).
    case Opcode::kTryTable:
      return {&Compiler::VisitTryTable, IrOp::kCount, After::kLabel};
    case Opcode::kTry:
      return {&Compiler::VisitTry, IrOp::kCount, After::kLabel};
    case Opcode::kCatch:
    case Opcode::kCatchAll:
      return {&Compiler::VisitCatch, IrOp::kCount, After::kLabel};
    case Opcode::kDelegate:
      return {&Compiler::VisitDelegate, IrOp::kCount, After::kLabel};
    case Opcode::kThrow:
      return visitor(&Compiler::VisitThrow);
    case Opcode::kThrowRef:
      return visitor(&Compiler::VisitThrowRef);
    case Opcode::kRethrow:
      return visitor(&Compiler::VisitRethrow);

    // Numeric (compiler_numeric.cc). Reinterprets change no bits (slots
    // hold floats as their raw bits): the top entry stays where it is.
    case Opcode::kI32Const:
    case Opcode::kI64Const:
    case Opcode::kF32Const:
    case Opcode::kF64Const:
      return visitor(&Compiler::VisitConst);
    case Opcode::kI32ReinterpretF32:
    case Opcode::kI64ReinterpretF64:
    case Opcode::kF32ReinterpretI32:
    case Opcode::kF64ReinterpretI64:
      return {&Compiler::VisitNothing, IrOp::kCount, After::kNothing};

    // Memory (compiler_memory.cc).
    case Opcode::kMemorySize:
      return visitor(&Compiler::VisitMemorySize);
    case Opcode::kMemoryGrow:
      return visitor(&Compiler::VisitMemoryGrow);
    case Opcode::kMemoryCopy:
      return visitor(&Compiler::VisitMemoryCopyOrFill, IrOp::kMemoryCopy);
    case Opcode::kMemoryFill:
      return visitor(&Compiler::VisitMemoryCopyOrFill, IrOp::kMemoryFill);
    case Opcode::kMemoryInit:
      return visitor(&Compiler::VisitMemoryInit);
    case Opcode::kDataDrop:
      return visitor(&Compiler::VisitDataDrop);

    // Variables, tables, references (compiler_variables.cc).
    case Opcode::kLocalGet:
      return {&Compiler::VisitLocalGet, IrOp::kCount, After::kNothing};
    case Opcode::kLocalSet:
      return {&Compiler::VisitLocalSet, IrOp::kCount, After::kResults, 0};
    case Opcode::kLocalTee:
      return {&Compiler::VisitLocalTee, IrOp::kCount, After::kNothing};
    case Opcode::kGlobalGet:
      return {&Compiler::VisitGlobalGet, IrOp::kCount, After::kResults, 1};
    case Opcode::kGlobalSet:
      return {&Compiler::VisitGlobalSet, IrOp::kCount, After::kResults, 0};
    case Opcode::kSelect:
    case Opcode::kSelectT:
      return {&Compiler::VisitSelect, IrOp::kCount, After::kResults, 1};
    case Opcode::kTableGet:
      return {&Compiler::VisitTableGet, IrOp::kCount, After::kResults, 1};
    case Opcode::kTableSet:
      return {&Compiler::VisitTableSet, IrOp::kCount, After::kResults, 0};
    case Opcode::kTableSize:
      return visitor(&Compiler::VisitTableSize);
    case Opcode::kTableGrow:
      return {&Compiler::VisitTableGrow, IrOp::kCount, After::kResults, 1};
    case Opcode::kTableFill:
      return {&Compiler::VisitTableFill, IrOp::kCount, After::kResults, 0};
    case Opcode::kTableCopy:
      return {&Compiler::VisitTableCopy, IrOp::kCount, After::kResults, 0};
    case Opcode::kTableInit:
      return {&Compiler::VisitTableInit, IrOp::kCount, After::kResults, 0};
    case Opcode::kElemDrop:
      return visitor(&Compiler::VisitElemDrop);
    case Opcode::kRefNull:
      return {&Compiler::VisitConst, IrOp::kCount, After::kResults, 1};
    case Opcode::kRefIsNull:
      return {&Compiler::VisitRefIsNull, IrOp::kCount, After::kResults, 1};
    case Opcode::kRefFunc:
      return {&Compiler::VisitRefFunc, IrOp::kCount, After::kResults, 1};

    // GC (compiler_gc.cc). The conversions between any and extern change
    // no bits (gc_heap.h): the entry stays where it is.
    case Opcode::kAnyConvertExtern:
    case Opcode::kExternConvertAny:
      return {&Compiler::VisitNothing, IrOp::kCount, After::kNothing};
    case Opcode::kStructSet:
    case Opcode::kArraySet:
    case Opcode::kArrayFill:
    case Opcode::kArrayCopy:
    case Opcode::kArrayInitData:
    case Opcode::kArrayInitElem:
      return {&Compiler::VisitGc, IrOp::kCount, After::kResults, 0};
    case Opcode::kRefEq:
    case Opcode::kStructNew:
    case Opcode::kStructNewDefault:
    case Opcode::kStructGet:
    case Opcode::kStructGetS:
    case Opcode::kStructGetU:
    case Opcode::kArrayNew:
    case Opcode::kArrayNewDefault:
    case Opcode::kArrayNewFixed:
    case Opcode::kArrayNewData:
    case Opcode::kArrayNewElem:
    case Opcode::kArrayGet:
    case Opcode::kArrayGetS:
    case Opcode::kArrayGetU:
    case Opcode::kArrayLen:
    case Opcode::kRefTest:
    case Opcode::kRefTestNull:
    case Opcode::kRefCast:
    case Opcode::kRefCastNull:
    case Opcode::kBrOnCast:
    case Opcode::kBrOnCastFail:
    case Opcode::kRefI31:
    case Opcode::kI31GetS:
    case Opcode::kI31GetU:
      return {&Compiler::VisitGc, IrOp::kCount, After::kResults, 1};
    default:
      return {};
  }
}

// A compile error naming the opcode if it has no visitor.
template <Opcode kOp>
constexpr Compiler::VisitorEntry Compiler::RequireEntry() {
  constexpr VisitorEntry entry = EntryFor(kOp);
  static_assert(entry.visit != nullptr, "an opcode of base/opcodes.def has no visitor");
  return entry;
}

// Indexed by Opcode (the enum follows opcodes.def's order).
constexpr Compiler::VisitorEntry Compiler::kVisitors[] = {
#define WEFT_OP(Name, prefix, code, text, imm, align, params, results) \
  RequireEntry<Opcode::k##Name>(),
#include "base/opcodes.def"
#undef WEFT_OP
};

void Compiler::OnFunctionBegin(uint32_t func_index, const FuncType& type,
                               absl::Span<const ValType> locals) {
  out_->func_index = func_index;
  num_locals_ = uint32_t(locals.size());
  num_results_ = uint32_t(type.results.size());
  local_slot_.assign(num_locals_ + 1, 0);
  for (uint32_t i = 0; i < num_locals_; ++i) {
    local_slot_[i + 1] = local_slot_[i] + (locals[i] == ValType::kV128 ? 2 : 1);
  }
  gc_local_slots_.clear();
  for (uint32_t i = 0; i < num_locals_; ++i) {
    if (MayHoldGcRef(locals[i])) gc_local_slots_.push_back(local_slot_[i]);
  }
  out_->param_slots = SlotCount(type.params);
  out_->result_slots = SlotCount(type.results);
  out_->local_slots = local_slot_[num_locals_];
  header_slot_ = std::max(out_->local_slots, out_->result_slots);
  out_->header_slot = header_slot_;
  Control fn{FrameKind::kFunction, 0, uint32_t(type.results.size())};
  controls_.push_back(std::move(fn));
  const uint32_t declared = out_->local_slots - out_->param_slots;
  if (declared > 0 && options_.metering && options_.fuse_fuel_charges) {
    // One op zeroes the locals and charges the entry run.
    Label();
    fuel_word_ = static_cast<int64_t>(PutEnter(declared, /*charging=*/true));
    return;
  }
  if (declared > 0) PutEnter(declared, /*charging=*/false);
  StartRun();
}

uint32_t Compiler::PutEnter(uint32_t declared, bool charging) {
  static constexpr IrOp kSmall[] = {IrOp::kEnter1, IrOp::kEnter2, IrOp::kEnter3, IrOp::kEnter4};
  static constexpr IrOp kSmallFuel[] = {IrOp::kEnterFuel1, IrOp::kEnterFuel2, IrOp::kEnterFuel3,
                                        IrOp::kEnterFuel4};
  const uint64_t first = out_->param_slots;
  if (declared <= std::size(kSmall)) {
    const IrOp op = (charging ? kSmallFuel : kSmall)[declared - 1];
    if (!charging) return Put(op, {first}), 0;
    return OperandWord(Put(op, {first, 0}), op, 1, OperandKind::kFuel);
  }
  if (!charging) return Put<IrOp::kEnter>(first, declared), 0;
  return OperandWord(Put<IrOp::kEnterFuel>(first, declared, 0), IrOp::kEnterFuel, 2,
                     OperandKind::kFuel);
}

void Compiler::OnInstruction(const Instruction& ins, const OpContext& ctx,
                             const ValidatorView& view) {
  static_assert(std::size(kVisitors) == kOpcodeCount, "one visitor entry per opcode");
  const VisitorEntry& entry = kVisitors[static_cast<int>(ins.op)];
  view_ = &view;
  // The ops emitted before the body's first instruction (Enter, the entry
  // run's Fuel) are charged to it: a trap there (fuel exhausted on entry)
  // reports where the function starts. Offsets are never 0 otherwise (the
  // module header comes first).
  if (cur_offset_ == 0) {
    for (auto& [word, offset] : out_->pc_offsets) offset = ins.offset;
  }
  cur_offset_ = ins.offset;
  const uint32_t h = ctx.height_before;
  const bool dead = ctx.unreachable;
  if (dead && entry.after != After::kLabel) return;
  if (!dead && fuel_word_ >= 0) code_[fuel_word_].i++;
  where_.resize(h, kInSlot);
  was_fusable_ = fusable_;
  fusable_ = false;
  (this->*entry.visit)(ins, ctx, entry.ir);
  switch (entry.after) {
    case After::kNothing:
      return;
    case After::kLabel:
      // Every label starts with the whole operand stack in its slots.
      where_.assign(ctx.height_after, kInSlot);
      // The frame's values (params or results) are now above its height.
      NotePushed(view, std::min(ctx.frame->height, ctx.height_after), ctx.height_after);
      return;
    case After::kResults: {
      const uint32_t after = ctx.height_after;
      const uint32_t pushed = entry.results == kCalleeResults
                                  ? uint32_t(ctx.func_type->results.size())
                                  : uint32_t(entry.results);
      const uint32_t results = std::min(pushed, after);
      where_.resize(after, kInSlot);
      for (uint32_t p = after - results; p < after; ++p) where_[p] = kInSlot;
      NotePushed(view, after - results, after);
      return;
    }
  }
}

absl::Status Compiler::OnFunctionEnd() {
  uint64_t slots = uint64_t(header_slot_) + kFrameHeader + max_operand_slots_ + 1;
  if (slots > kMaxFrameSlots) {
    Fail(absl::ResourceExhaustedError("function frame too large"));
  }
  out_->frame_slots = uint32_t(slots);
  if (!return_landings_.empty()) {
    // Catches whose label is the function's: their values are already in
    // the result slots, so they only return.
    const uint32_t at = Put<IrOp::kReturn>(header_slot_);  // a landing: its own run
    for (const auto& [h, c] : return_landings_) out_->handlers[h].catches[c].target = at;
  }
  if (options_.metering && options_.fuse_fuel_charges) LinkFuel();
  if (options_.use_accumulator) LinkAccumulator();
  if (options_.pair_ops) LinkAddImmPairs();
  return status_;
}

}  // namespace weft::interp
