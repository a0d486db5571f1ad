// Loop dispatch copying: a `br` back to a loop whose head is a few ops
// ending in a br_table takes a copy of that head in place of the jump.
//
// This is the shape of a `switch` inside a loop, an interpreter's dispatch
// (`for (;;) switch (code[pc++]) { case ...: ...; break; }`): each case
// ends in a `br` to the loop, whose head computes the next opcode and
// jumps through the table. With the copy, a case goes straight to the
// next case: one dispatch (the Br) fewer per interpreted instruction, and
// each case's own copy of the table jump, whose targets the CPU predicts
// from that case alone (docs/interpreter.md, "Loop dispatch copying").
//
// The copy is exact. It runs the same ops on the same frame: the branch
// has moved the loop's values into its slots first, and every slot above
// them is dead once the branch is taken. What it reports is the head's: a
// trap in the copy names the head's instruction (its pc_offsets entries
// are copied), and with metering its run is charged by a copy of the
// head's Fuel op. The copy never meets another exception handler than the
// head (no try opens between the loop and the `br`) nor holds a call or
// an allocation (no stack map or return address inside it). Stopping is
// kept: every cycle through the code still takes a backward jump, and
// backward jumps check the interrupt flag.
#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "interp/code_printer.h"
#include "interp/compiler.h"

namespace weft::interp {
namespace {

// Ops before the table in a head that is copied (a Fuel op included).
constexpr int kMaxHeadOps = 4;
// Words copied per function at most: this many plus half its code so far,
// so a huge switch does not multiply a module's code size.
constexpr uint64_t kCopyBudgetWords = 4096;

// Whether an op may be in a copied head before its br_table: it reads and
// writes frame slots, memory and globals only. No branch (its targets
// would need moving), no call or allocation, nothing that names a frame's
// header, a handler or a segment.
bool CopyableHeadOp(IrOp op) {
  const IrLayout& layout = LayoutOf(op);
  for (int i = 0; i < layout.count; ++i) {
    switch (layout.kinds[i]) {
      case OperandKind::kDst:
      case OperandKind::kSlot:
      case OperandKind::kBits:
      case OperandKind::kImmI32:
      case OperandKind::kImmI64:
      case OperandKind::kImmF32:
      case OperandKind::kImmF64:
      case OperandKind::kOffset:
      case OperandKind::kK:
      case OperandKind::kShift:
      case OperandKind::kFuel:
      case OperandKind::kFuelEnd:  // relative, and Fuel ops are chained later (LinkFuel)
      case OperandKind::kMemory:
      case OperandKind::kGlobal:
      case OperandKind::kLane:
      case OperandKind::kHex:
        break;
      default:
        return false;
    }
  }
  return true;
}

bool IsTableJump(IrOp op) {
  const IrLayout& layout = LayoutOf(op);
  return layout.count > 0 && layout.kinds[layout.count - 1] == OperandKind::kRelTable;
}

}  // namespace

bool Compiler::TryCopyLoopDispatch(size_t loop) {
  if (!options_.copy_loop_dispatch) return false;
  for (size_t c = loop + 1; c < controls_.size(); ++c) {
    if (controls_[c].handler >= 0) return false;  // a try between: other handlers
  }
  const uint32_t head = controls_[loop].loop_start;
  const auto head_op = std::lower_bound(op_starts_.begin(), op_starts_.end(), head);
  if (head_op == op_starts_.end() || *head_op != head) return false;
  const size_t first_op = size_t(head_op - op_starts_.begin());
  auto it = head_op;
  // The head's ops, each ending where the next starts, up to its table.
  std::optional<IrOp> table_op;
  uint32_t table = 0;
  for (int ops = 0; it != op_starts_.end(); ++it, ++ops) {
    const std::optional<IrOp> op = IrOpForHandler(code_[*it].h);
    if (!op) return false;
    if (IsTableJump(*op)) {
      table_op = op;
      table = *it;
      break;
    }
    const bool last = it + 1 == op_starts_.end();
    if (ops == kMaxHeadOps || !CopyableHeadOp(*op) || last || *it + WordsOf(*op) != *(it + 1)) {
      return false;
    }
  }
  if (!table_op || !stubless_tables_.contains(table)) return false;
  const uint32_t first_entry = table + WordsOf(*table_op);
  const uint32_t end = first_entry + uint32_t(code_[first_entry - 1].u) + 1;  // n + 1 entries
  const uint64_t words = end - head;
  if (copied_words_ + words > kCopyBudgetWords + code_.size() / 2) return false;
  // Entries still waiting for their block's end: the control whose patch
  // each is gets one for the copy too. The rest are resolved already.
  absl::flat_hash_map<uint32_t, size_t> pending;
  for (size_t c = 0; c < controls_.size(); ++c) {
    for (const Patch& p : controls_[c].end_patches) {
      if (p.word >= first_entry && p.word < end) pending[p.word] = c;
    }
  }
  for (uint32_t e = first_entry; e < end; ++e) {
    if (code_[e].i == 0 && !pending.contains(e)) return false;
  }

  const uint32_t to = uint32_t(code_.size());
  const int64_t shift = int64_t(to) - int64_t(head);
  code_.resize(to + words);
  std::copy(code_.begin() + head, code_.begin() + end, code_.begin() + to);
  for (size_t i = first_op; op_starts_[i] <= table; ++i) {
    const uint32_t start = op_starts_[i];
    op_starts_.push_back(uint32_t(start + shift));
  }
  // Traps in the copy name the head's instructions.
  std::vector<std::pair<uint32_t, uint32_t>>& pcs = out_->pc_offsets;
  const size_t from = size_t(std::lower_bound(pcs.begin(), pcs.end(), std::make_pair(head, 0u)) - pcs.begin());
  const size_t before = pcs.size();
  for (size_t i = from; i < before && pcs[i].first < end; ++i) {
    const auto [word, offset] = pcs[i];
    pcs.emplace_back(uint32_t(word + shift), offset);
  }
  for (uint32_t e = first_entry; e < end; ++e) {
    const uint32_t copy = uint32_t(e + shift);
    if (const auto p = pending.find(e); p != pending.end()) {
      code_[copy].i = 0;
      controls_[p->second].end_patches.push_back({copy, copy});
    } else {
      code_[copy].i = int64_t(e) + code_[e].i - int64_t(copy);
    }
  }
  copied_words_ += words;
  last_start_ = uint32_t(table + shift);
  last_op_ = *table_op;
  fusable_ = false;
  return true;
}

}  // namespace weft::interp
