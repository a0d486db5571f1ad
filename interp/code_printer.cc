#include "interp/code_printer.h"

#include <charconv>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/numeric.h"
#include "interp/ir_layout.h"

namespace weft::interp {
namespace {

const absl::flat_hash_map<uintptr_t, IrOp>& OpsByHandler() {
  static const auto* const kMap = [] {
    auto* map = new absl::flat_hash_map<uintptr_t, IrOp>;
    for (size_t i = 0; i < static_cast<size_t>(IrOp::kCount); ++i) {
      const IrOp op = static_cast<IrOp>(i);
      map->try_emplace(reinterpret_cast<uintptr_t>(HandlerFor(op)), op);
    }
    return map;
  }();
  return *kMap;
}

// Shortest text that reads back as the same value.
template <class F>
std::string FloatText(F value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  return ec == std::errc() ? std::string(buf, end) : "?";
}

std::string BitsText(uint64_t bits) {
  return bits <= 0xffff ? absl::StrCat(bits) : absl::StrFormat("0x%x", bits);
}

std::string TargetText(int64_t from, int64_t rel) { return absl::StrCat("-> ", from + rel); }

// One fixed operand; kRelTable is handled by the caller.
std::string OperandText(OperandKind kind, Word w, uint32_t at) {
  switch (kind) {
    case OperandKind::kDst:
    case OperandKind::kSlot: return absl::StrCat("s", w.u);
    case OperandKind::kBits: return BitsText(w.u);
    case OperandKind::kImmI32: return absl::StrCat(static_cast<int32_t>(w.u));
    case OperandKind::kImmI64: return absl::StrCat(w.i);
    case OperandKind::kImmF32:
      return FloatText(numeric::BitCast<float>(static_cast<uint32_t>(w.u)));
    case OperandKind::kImmF64: return FloatText(numeric::BitCast<double>(w.u));
    case OperandKind::kRel: return TargetText(at, w.i);
    case OperandKind::kRelTable: return "?";
    case OperandKind::kCount: return absl::StrCat("n=", w.u);
    case OperandKind::kOffset: return absl::StrCat("off=", w.u);
    case OperandKind::kK: return absl::StrCat("k=", static_cast<int32_t>(w.u));
    case OperandKind::kShift: return absl::StrCat("shift=", w.u);
    case OperandKind::kFuel: return absl::StrCat("cost=", w.i);
    case OperandKind::kFuelEnd: return absl::StrCat("then ", TargetText(at, w.i));
    case OperandKind::kFunc: return absl::StrCat("func=", w.u);
    case OperandKind::kType: return absl::StrCat("type=", w.u);
    case OperandKind::kTable: return absl::StrCat("table=", w.u);
    case OperandKind::kMemory: return absl::StrCat("memory=", w.u);
    case OperandKind::kGlobal: return absl::StrCat("global=", w.u);
    case OperandKind::kData: return absl::StrCat("data=", w.u);
    case OperandKind::kElem: return absl::StrCat("elem=", w.u);
    case OperandKind::kLane: return absl::StrCat("lane=", w.u);
    case OperandKind::kHeader: return absl::StrCat("hdr=s", w.u);
    case OperandKind::kArgs: return absl::StrCat("args=s", w.u);
    case OperandKind::kHex: return absl::StrFormat("0x%016x", w.u);
    case OperandKind::kTag: return absl::StrCat("tag=", w.u);
    case OperandKind::kHandler: return absl::StrCat("handler=", w.u);
  }
  return "?";
}

}  // namespace

std::optional<IrOp> IrOpForHandler(Handler h) {
  const auto& map = OpsByHandler();
  auto it = map.find(reinterpret_cast<uintptr_t>(h));
  if (it == map.end()) return std::nullopt;
  return it->second;
}

std::string PrintOp(absl::Span<const Word> code, uint32_t at, uint32_t* words) {
  const uint32_t left = static_cast<uint32_t>(code.size()) - at;
  *words = left;
  const std::optional<IrOp> op = IrOpForHandler(code[at].h);
  if (!op) return absl::StrFormat("(not a handler: 0x%x)", code[at].u);
  const IrOpInfo& info = GetIrOpInfo(*op);
  const IrLayout& layout = info.layout;
  if (left < 1u + layout.fixed_words) return absl::StrCat(info.name, " (cut short)");
  // Each destination starts a group ("d <- a, b"); a pair op (I32AddPair,
  // Copy2) has two, printed "d1 <- a, b; d2 <- c, e".
  struct Group {
    std::string dst;
    std::vector<std::string> operands;
  };
  std::vector<Group> groups(1);
  uint32_t next = at + 1;
  for (int i = 0; i < layout.count; ++i) {
    const OperandKind kind = layout.kinds[i];
    if (kind == OperandKind::kRelTable) {
      // n + 1 targets; n is the operand before (BrTable's count).
      const uint64_t n = code[next - 1].u;
      if (n >= code.size() - next) return absl::StrCat(info.name, " (cut short)");
      for (uint64_t e = 0; e <= n; ++e, ++next) {
        groups.back().operands.push_back(absl::StrCat(e == n ? "default " : "",
                                                      TargetText(next, code[next].i)));
      }
      continue;
    }
    // (A Fuel op covering only itself says nothing more.)
    if (kind == OperandKind::kFuelEnd && code[next].i == 1 + layout.fixed_words) {
      ++next;
      continue;
    }
    std::string text = OperandText(kind, code[next], at);
    ++next;
    if (kind == OperandKind::kDst) {
      if (i > 0) groups.emplace_back();
      groups.back().dst = std::move(text);
    } else {
      groups.back().operands.push_back(std::move(text));
    }
  }
  *words = next - at;
  if (groups.size() == 1 && groups[0].dst.empty() && groups[0].operands.empty()) return info.name;
  std::vector<std::string> parts;
  for (const Group& g : groups) {
    std::string part = g.dst;
    if (!g.dst.empty() && !g.operands.empty()) absl::StrAppend(&part, " <- ");
    absl::StrAppend(&part, absl::StrJoin(g.operands, ", "));
    parts.push_back(std::move(part));
  }
  return absl::StrFormat("%-17s %s", info.name, absl::StrJoin(parts, "; "));
}

std::string PrintCode(const CompiledFunction& fn) {
  std::string out = absl::StrFormat(
      "slots: params %u, locals %u, results %u, header s%u, frame %u; %u words\n",
      fn.param_slots, fn.local_slots - fn.param_slots, fn.result_slots, fn.header_slot,
      fn.frame_slots, fn.code.size());
  const absl::Span<const Word> code(fn.code);
  uint32_t words = 0;
  for (uint32_t at = 0; at < code.size(); at += words) {
    absl::StrAppendFormat(&out, "%6u  %s\n", at, PrintOp(code, at, &words));
  }
  // Exception handlers (no code marks them): range, enclosing handler,
  // delegate or catches with where their values go and where they land.
  for (size_t i = 0; i < fn.handlers.size(); ++i) {
    const ExceptionHandler& h = fn.handlers[i];
    absl::StrAppendFormat(&out, "handler %u: [%u, %u) parent %d", i, h.begin, h.end, h.parent);
    if (h.delegate != ExceptionHandler::kNoDelegate) {
      absl::StrAppendFormat(&out, ", delegate %d", h.delegate);
    }
    for (const CatchTarget& c : h.catches) {
      static constexpr const char* kKinds[] = {"catch", "catch_ref", "catch_all",
                                               "catch_all_ref"};
      absl::StrAppendFormat(&out, "; %s%s", c.legacy ? "legacy " : "",
                            kKinds[static_cast<int>(c.kind)]);
      if (c.kind == CatchTarget::Kind::kCatch || c.kind == CatchTarget::Kind::kCatchRef) {
        absl::StrAppendFormat(&out, " tag=%u", c.tag);
      }
      absl::StrAppendFormat(&out, " -> s%u @%u", c.dst_slot, c.target);
    }
    out += "\n";
  }
  return out;
}

}  // namespace weft::interp
