#include "validator/function_checker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"
#include "decoder/instruction_reader.h"
#include "validator/function_checker_step.h"

namespace weft {
namespace {

// Storage for single-value block types, so a frame's spans can point at it.
absl::Span<const ValType> SingleType(ValType t) {
  static constexpr ValType kTypes[] = {ValType::kI32,  ValType::kI64,     ValType::kF32,
                                       ValType::kF64,  ValType::kV128,    ValType::kFuncRef,
                                       ValType::kExternRef, ValType::kExnRef};
  for (const ValType& k : kTypes) {
    if (k == t) return absl::Span<const ValType>(&k, 1);
  }
  return {};
}

bool IsNumOrVec(ValType t) { return IsNumType(t) || t == ValType::kV128; }

}  // namespace

absl::Status FunctionChecker::Begin(const Module& module, const ModuleContext& ctx,
                                    uint32_t defined_index) {
  module_ = &module;
  mctx_ = &ctx;
  typing_ = validator_internal::OpTypingTable();
  has_memory_ = ctx.num_memories() > 0 && !ctx.memory_is64(0);
  error_.clear();
  stack_.clear();
  ctrl_.clear();
  if (defined_index >= module.function_type_indices.size() ||
      defined_index >= module.code.size() ||
      module.function_type_indices[defined_index] >= module.types.size()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown function ", defined_index));
  }
  func_index_ = module.num_imported_funcs + defined_index;
  func_type_ = &module.types[module.function_type_indices[defined_index]].func;
  locals_.assign(func_type_->params.begin(), func_type_->params.end());
  track_init_ = false;
  single_types_.clear();
  inits_.clear();
  for (const LocalDecl& d : module.code[defined_index].locals) {
    const std::string why = RefTypes::CheckValType(
        d.type, static_cast<uint32_t>(module.types.size()), ctx.features());
    if (!why.empty()) return MalformedError(why, module.code[defined_index].body_offset);
    if (!IsDefaultable(d.type)) track_init_ = true;
    locals_.insert(locals_.end(), d.count, d.type);
  }
  if (track_init_) {
    // Parameters and defaultable locals start set.
    local_set_.assign(locals_.size(), false);
    for (size_t i = 0; i < locals_.size(); ++i) {
      local_set_[i] = i < func_type_->params.size() || IsDefaultable(locals_[i]);
    }
  }
  ControlFrame f;
  f.kind = FrameKind::kFunction;
  f.results = func_type_->results;
  ctrl_.push_back(f);
  return absl::OkStatus();
}

absl::Status FunctionChecker::error() const {
  if (error_ == "type mismatch") {
    const std::string detail = DescribeMismatch();
    if (!detail.empty()) return MalformedError(absl::StrCat(error_, ": ", detail), error_offset_);
  }
  return MalformedError(error_, error_offset_);
}

absl::Status FunctionChecker::MalformedError(absl::string_view message, size_t offset) const {
  const std::string name = module_ != nullptr ? module_->function_name(func_index_) : "";
  return absl::InvalidArgumentError(absl::StrCat(
      message, " in function ", func_index_, name.empty() ? "" : absl::StrCat(" \"", name, "\""),
      AtByteOffset(offset)));
}

bool FunctionChecker::Fail(absl::string_view message) {
  if (error_.empty()) {
    error_ = std::string(message);
    error_offset_ = offset_;
  }
  return false;
}

bool FunctionChecker::FailDisabled(WasmFeature feature) {
  return Fail(WasmFeatureDisabledMessage(feature));
}

bool FunctionChecker::FailIndex(absl::string_view what, uint32_t index) {
  return Fail(absl::StrCat(what, " ", index));
}

absl::Status ScanFunctionBody(const Module& module, uint32_t defined_index,
                              WasmFeatures features) {
  if (defined_index >= module.code.size()) return absl::OkStatus();
  const ByteRange code = module.code[defined_index].code;
  ByteReader in(module.data_at(code), code.size(), code.begin);
  InstructionReader reader(&in, features);
  Instruction ins;
  uint32_t depth = 1;  // the function's own block
  const uint32_t func_index = module.num_imported_funcs + defined_index;
  auto error = [&](absl::string_view message, size_t offset) {
    return absl::InvalidArgumentError(
        absl::StrCat(message, " in function ", func_index, AtByteOffset(offset)));
  };
  while (depth > 0) {
    if (!reader.Read(&ins)) return error(in.error_message(), in.error_offset());
    switch (ins.op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kIf:
      case Opcode::kTry:
      case Opcode::kTryTable:
        ++depth;
        break;
      case Opcode::kEnd:
      case Opcode::kDelegate:  // ends a legacy try
        --depth;
        break;
      default:
        break;
    }
  }
  if (!in.at_end()) return error("section size mismatch", in.offset());
  return absl::OkStatus();
}

// --- Operand stack -------------------------------------------------------

inline bool FunctionChecker::PopExpect(ValType expected) {
  const ControlFrame& f = ctrl_.back();
  if (stack_.size() == f.height) {
    return f.unreachable ? true : Fail("type mismatch");
  }
  ValType t = stack_.back();
  stack_.pop_back();
  if (t != expected && t != kUnknownType && !mctx_->types().IsSubtype(t, expected)) {
    return Fail("type mismatch");
  }
  return true;
}

inline bool FunctionChecker::PopAny(ValType* out) {
  const ControlFrame& f = ctrl_.back();
  if (stack_.size() == f.height) {
    *out = kUnknownType;
    return f.unreachable ? true : Fail("type mismatch");
  }
  *out = stack_.back();
  stack_.pop_back();
  return true;
}

bool FunctionChecker::PopTypes(absl::Span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) {
    if (!PopExpect(types[i])) return false;
  }
  return true;
}

bool FunctionChecker::PeekTypes(absl::Span<const ValType> types) {
  const ControlFrame& f = ctrl_.back();
  int64_t base = static_cast<int64_t>(stack_.size()) - static_cast<int64_t>(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    int64_t pos = base + static_cast<int64_t>(i);
    if (pos < static_cast<int64_t>(f.height)) {
      if (!f.unreachable) return Fail("type mismatch");
      continue;
    }
    ValType t = stack_[pos];
    if (t != types[i] && t != kUnknownType && !mctx_->types().IsSubtype(t, types[i])) {
      return Fail("type mismatch");
    }
  }
  return true;
}

void FunctionChecker::SetUnreachable() {
  ControlFrame& f = ctrl_.back();
  stack_.resize(f.height);
  f.unreachable = true;
}

// --- Dispatch --------------------------------------------------------------


bool FunctionChecker::CheckMemArg(const Instruction& ins, const OpTyping& t) {
  if (t.has_memarg) {
    // 2.0 has no memory index: there bit 6 would be an alignment.
    if (ins.memarg.explicit_memory && !mctx_->features().Has(WasmFeature::kMultiMemory)) {
      return Fail("alignment must not be larger than natural");
    }
    if (ins.memarg.memory >= mctx_->num_memories()) {
      return FailIndex("unknown memory", ins.memarg.memory);
    }
    if (ins.memarg.align_log2 > t.max_align) {
      return Fail("alignment must not be larger than natural");
    }
    if (ins.memarg.offset > UINT32_MAX && !MemoryIs64(ins.memarg.memory)) {
      return Fail("offset out of range");
    }
  } else if (t.uses_memory) {
    // memory.size/grow/fill: index; memory.init: index2; memory.copy: both.
    const bool init = ins.op == Opcode::kMemoryInit;
    const uint32_t first = init ? ins.index2 : ins.index;
    if (first >= mctx_->num_memories()) return FailIndex("unknown memory", first);
    if (ins.op == Opcode::kMemoryCopy && ins.index2 >= mctx_->num_memories()) {
      return FailIndex("unknown memory", ins.index2);
    }
  }
  if (t.lanes && ins.lane >= t.lanes) return Fail("invalid lane index");
  return true;
}

bool FunctionChecker::AddressTypes(const Instruction& ins, const OpTyping& t, ValType params[3],
                                   ValType* result) {
  std::copy(t.params, t.params + 3, params);
  *result = t.result;
  constexpr ValType kI64 = ValType::kI64;
  if (t.has_memarg) {
    if (MemoryIs64(ins.memarg.memory)) params[0] = kI64;  // the address
    return true;
  }
  switch (ins.op) {
    case Opcode::kMemorySize:
      if (MemoryIs64(ins.index)) *result = kI64;
      break;
    case Opcode::kMemoryGrow:
      if (MemoryIs64(ins.index)) params[0] = *result = kI64;
      break;
    case Opcode::kMemoryFill:  // d val n
      if (MemoryIs64(ins.index)) params[0] = params[2] = kI64;
      break;
    case Opcode::kMemoryInit:  // d (in the memory) s n (in the segment)
      if (MemoryIs64(ins.index2)) params[0] = kI64;
      break;
    case Opcode::kMemoryCopy: {  // d s n; n fits both: the smaller type
      const bool d64 = MemoryIs64(ins.index), s64 = MemoryIs64(ins.index2);
      if (d64) params[0] = kI64;
      if (s64) params[1] = kI64;
      if (d64 && s64) params[2] = kI64;
      break;
    }
    case Opcode::kTableSize:
      if (TableIs64(ins.index)) *result = kI64;
      break;
    default:
      break;
  }
  return true;
}

bool FunctionChecker::StepSimple(const Instruction& ins, const OpTyping& t) {
  if (t.uses_memory || t.lanes) {
    if (!CheckMemArg(ins, t)) return false;
  }
  // Simple-signature ops that still carry an index or lane immediates.
  switch (ins.op) {
    case Opcode::kMemoryInit:
    case Opcode::kDataDrop:
      // An index beyond the segments is reported as invalid before the
      // (malformed) missing data count section, so a module written in the
      // text format gets the text format's error.
      if (ins.index >= (module_->data_count ? *module_->data_count : module_->data.size())) {
        return FailIndex("unknown data segment", ins.index);
      }
      if (!module_->data_count) return Fail("data count section required");
      break;
    case Opcode::kElemDrop:
      if (ins.index >= module_->elements.size()) {
        return FailIndex("unknown elem segment", ins.index);
      }
      break;
    case Opcode::kTableSize:
      if (ins.index >= mctx_->num_tables()) return FailIndex("unknown table", ins.index);
      break;
    case Opcode::kI8x16Shuffle:
      for (uint8_t lane : ins.bytes16) {
        if (lane >= 32) return Fail("invalid lane index");
      }
      break;
    default:
      break;
  }
  ValType params[3];
  ValType result;
  if (!AddressTypes(ins, t, params, &result)) return false;
  // Fast path: operands present with exactly the expected types.
  const size_t n = t.num_params;
  const ControlFrame& f = ctrl_.back();
  if (stack_.size() >= f.height + n) {
    ValType* top = stack_.data() + stack_.size() - n;
    bool match = true;
    for (size_t i = 0; i < n; ++i) match &= top[i] == params[i];
    if (match) {
      stack_.resize(stack_.size() - n);
      if (t.num_results) stack_.push_back(result);
      return true;
    }
  }
  for (size_t i = n; i-- > 0;) {
    if (!PopExpect(params[i])) return false;
  }
  if (t.num_results) Push(result);
  return true;
}

bool FunctionChecker::StepSpecial(const Instruction& ins, OpContext* ctx) {
  switch (ins.op) {
    case Opcode::kDrop: {
      ValType t;
      return PopAny(&t);
    }
    case Opcode::kSelect: {
      ValType t1, t2;
      if (!PopExpect(ValType::kI32) || !PopAny(&t1) || !PopAny(&t2)) return false;
      if (t1 != kUnknownType && !IsNumOrVec(t1)) return Fail("type mismatch");
      if (t2 != kUnknownType && !IsNumOrVec(t2)) return Fail("type mismatch");
      if (t1 != kUnknownType && t2 != kUnknownType && t1 != t2) return Fail("type mismatch");
      Push(t1 == kUnknownType ? t2 : t1);
      return true;
    }
    case Opcode::kSelectT: {
      if (ins.select_arity != 1) return Fail("invalid result arity");
      ValType t = ins.value_type;
      if (!CheckType(t)) return false;
      if (!PopExpect(ValType::kI32) || !PopExpect(t) || !PopExpect(t)) return false;
      Push(t);
      return true;
    }
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet:
      return StepVariable(ins);
    case Opcode::kTableGet:
    case Opcode::kTableSet:
    case Opcode::kTableInit:
    case Opcode::kTableCopy:
    case Opcode::kTableGrow:
    case Opcode::kTableFill:
      return StepTable(ins);
    case Opcode::kRefNull:
      if (!CheckType(ins.value_type)) return false;
      Push(ins.value_type);
      return true;
    case Opcode::kRefIsNull: {
      ValType t;
      if (!PopAny(&t)) return false;
      if (t != kUnknownType && !IsRefType(t)) return Fail("type mismatch");
      Push(ValType::kI32);
      return true;
    }
    case Opcode::kRefFunc:
      if (ins.index >= mctx_->num_funcs()) return FailIndex("unknown function", ins.index);
      if (!mctx_->IsDeclaredFunc(ins.index)) return Fail("undeclared function reference");
      // 3.0: the function's own type, non-null; 2.0: funcref.
      Push(mctx_->features().Has(WasmFeature::kFunctionReferences)
               ? MakeConcreteRefType(false, module_->func_type_index(ins.index))
               : ValType::kFuncRef);
      return true;
    case Opcode::kCallRef:
    case Opcode::kReturnCallRef:
    case Opcode::kRefAsNonNull:
    case Opcode::kBrOnNull:
    case Opcode::kBrOnNonNull:
      return StepRefs(ins, ctx);
    default:
      if (GetOpcodeInfo(ins.op).prefix == kPrefixGc || ins.op == Opcode::kRefEq) {
        return StepGc(ins);
      }
      return StepControl(ins, ctx);
  }
}

// --- Control -------------------------------------------------------------

bool FunctionChecker::LabelTypes(uint32_t depth, absl::Span<const ValType>* out) {
  if (depth >= ctrl_.size()) return FailIndex("unknown label", depth);
  *out = ctrl_[ctrl_.size() - 1 - depth].label_types();
  return true;
}

bool FunctionChecker::PushFrame(FrameKind kind, const BlockType& bt, OpContext* ctx) {
  ControlFrame f;
  f.kind = kind;
  switch (bt.kind) {
    case BlockType::Kind::kEmpty:
      break;
    case BlockType::Kind::kValue:
      if (bt.value == ValType::kExnRef && !ExceptionsOn()) {
        return FailDisabled(WasmFeature::kExceptions);
      }
      f.results = SingleType(bt.value);
      if (f.results.empty()) {  // a 3.0 reference type
        if (!CheckType(bt.value)) return false;
        single_types_.push_back(bt.value);
        f.results = absl::Span<const ValType>(&single_types_.back(), 1);
      }
      break;
    case BlockType::Kind::kTypeIndex: {
      if (bt.type_index >= module_->types.size()) return FailIndex("unknown type", bt.type_index);
      if (!module_->types[bt.type_index].is_func()) return Fail("type mismatch");
      const FuncType& ft = module_->types[bt.type_index].func;
      f.params = ft.params;
      f.results = ft.results;
      ctx->func_type = &ft;
      break;
    }
  }
  if (!PopTypes(f.params)) return false;
  f.height = static_cast<uint32_t>(stack_.size());
  f.init_height = static_cast<uint32_t>(inits_.size());
  PushTypes(f.params);
  ctrl_.push_back(f);
  ctx->frame = &ctrl_.back();
  return true;
}

bool FunctionChecker::StepElse(OpContext* ctx) {
  ControlFrame& f = ctrl_.back();
  // Outside an `if` the reference decoder stops the block at `else` and
  // then misses its `end`: a malformed body.
  if (f.kind != FrameKind::kIf) return Fail("END opcode expected");
  if (!PopTypes(f.results)) return false;
  if (stack_.size() != f.height) return Fail("type mismatch");
  f.kind = FrameKind::kElse;
  f.unreachable = false;
  ResetInits(f);
  PushTypes(f.params);
  ctx->frame = &f;
  return true;
}

bool FunctionChecker::StepEnd(OpContext* ctx) {
  ControlFrame& f = ctrl_.back();
  bool was_unreachable = f.unreachable;
  if (!PopTypes(f.results)) return false;
  if (stack_.size() != f.height) return Fail("type mismatch");
  if (f.kind == FrameKind::kIf) {
    // No else: the implicit empty else-branch must turn params into results.
    f.unreachable = false;
    PushTypes(f.params);
    if (!PopTypes(f.results)) return false;
    if (stack_.size() != f.height) return Fail("type mismatch");
    f.unreachable = was_unreachable;
  }
  ResetInits(f);
  popped_ = f;
  ctrl_.pop_back();
  PushTypes(popped_.results);
  ctx->frame = &popped_;
  return true;
}

bool FunctionChecker::TailCallResults(const FuncType& callee) {
  const std::vector<ValType>& mine = func_type_->results;
  if (callee.results.size() != mine.size()) return Fail("type mismatch");
  for (size_t i = 0; i < mine.size(); ++i) {
    if (!mctx_->types().IsSubtype(callee.results[i], mine[i])) return Fail("type mismatch");
  }
  SetUnreachable();
  return true;
}

bool FunctionChecker::CheckType(ValType t) {
  const std::string why =
      RefTypes::CheckValType(t, static_cast<uint32_t>(module_->types.size()), mctx_->features());
  return why.empty() ? true : Fail(why);
}

void FunctionChecker::ResetInits(const ControlFrame& f) {
  while (inits_.size() > f.init_height) {
    local_set_[inits_.back()] = false;
    inits_.pop_back();
  }
}

bool FunctionChecker::StepRefs(const Instruction& ins, OpContext* ctx) {
  switch (ins.op) {
    case Opcode::kCallRef:
    case Opcode::kReturnCallRef: {
      if (ins.op == Opcode::kReturnCallRef && !mctx_->features().Has(WasmFeature::kTailCall)) {
        return FailDisabled(WasmFeature::kTailCall);
      }
      if (ins.index >= module_->types.size()) return FailIndex("unknown type", ins.index);
      if (!module_->types[ins.index].is_func()) return Fail("type mismatch");
      const FuncType& ft = module_->types[ins.index].func;
      ctx->func_type = &ft;
      if (!PopExpect(MakeConcreteRefType(true, ins.index)) || !PopTypes(ft.params)) return false;
      if (ins.op == Opcode::kReturnCallRef) return TailCallResults(ft);
      PushTypes(ft.results);
      return true;
    }
    case Opcode::kRefAsNonNull: {
      ValType t;
      if (!PopAny(&t)) return false;
      if (t == kUnknownType) {
        Push(kUnknownType);
        return true;
      }
      if (!IsRefType(t)) return Fail("type mismatch");
      Push(WithNullability(t, false));
      return true;
    }
    case Opcode::kBrOnNull: {
      // [t* (ref null ht)] -> [t* (ref ht)], branching to $l with t* on null.
      ValType t;
      absl::Span<const ValType> lt;
      if (!PopAny(&t)) return false;
      if (t != kUnknownType && !IsRefType(t)) return Fail("type mismatch");
      if (!LabelTypes(ins.index, &lt) || !PopTypes(lt)) return false;
      PushTypes(lt);
      Push(t == kUnknownType ? kUnknownType : WithNullability(t, false));
      return true;
    }
    default: {  // kBrOnNonNull
      // [t* (ref null ht)] -> [t*], branching to $l with [t* (ref ht)]
      // when not null: $l's last type must take the non-null reference.
      ValType t;
      absl::Span<const ValType> lt;
      if (!PopAny(&t)) return false;
      if (t != kUnknownType && !IsRefType(t)) return Fail("type mismatch");
      if (!LabelTypes(ins.index, &lt)) return false;
      if (lt.empty() || !IsRefType(lt.back())) return Fail("type mismatch");
      if (t != kUnknownType && !mctx_->types().IsSubtype(WithNullability(t, false), lt.back())) {
        return Fail("type mismatch");
      }
      const absl::Span<const ValType> rest = lt.subspan(0, lt.size() - 1);
      if (!PopTypes(rest)) return false;
      PushTypes(rest);
      return true;
    }
  }
}

bool FunctionChecker::StepBrTable(const Instruction& ins) {
  if (!PopExpect(ValType::kI32)) return false;
  const std::vector<uint32_t>& targets = *ins.br_targets;
  absl::Span<const ValType> def;
  if (!LabelTypes(targets.back(), &def)) return false;
  for (size_t i = 0; i + 1 < targets.size(); ++i) {
    absl::Span<const ValType> lt;
    if (!LabelTypes(targets[i], &lt)) return false;
    if (lt.size() != def.size()) return Fail("type mismatch");
    if (!PeekTypes(lt)) return false;
  }
  if (!PopTypes(def)) return false;
  SetUnreachable();
  return true;
}

bool FunctionChecker::StepControl(const Instruction& ins, OpContext* ctx) {
  absl::Span<const ValType> lt;
  switch (ins.op) {
    case Opcode::kUnreachable:
      SetUnreachable();
      return true;
    case Opcode::kBlock:
      return PushFrame(FrameKind::kBlock, ins.block_type, ctx);
    case Opcode::kLoop:
      return PushFrame(FrameKind::kLoop, ins.block_type, ctx);
    case Opcode::kIf:
      return PopExpect(ValType::kI32) && PushFrame(FrameKind::kIf, ins.block_type, ctx);
    case Opcode::kElse:
      return StepElse(ctx);
    case Opcode::kEnd:
      ctx->unreachable = ctrl_.back().unreachable;
      return StepEnd(ctx);
    case Opcode::kBr:
      if (!LabelTypes(ins.index, &lt) || !PopTypes(lt)) return false;
      SetUnreachable();
      return true;
    case Opcode::kBrIf:
      if (!PopExpect(ValType::kI32) || !LabelTypes(ins.index, &lt) || !PopTypes(lt)) return false;
      PushTypes(lt);
      return true;
    case Opcode::kBrTable:
      return StepBrTable(ins);
    case Opcode::kReturn:
      if (!PopTypes(func_type_->results)) return false;
      SetUnreachable();
      return true;
    case Opcode::kCall:
    case Opcode::kReturnCall: {
      if (ins.index >= mctx_->num_funcs()) return FailIndex("unknown function", ins.index);
      const FuncType& ft = mctx_->func_type(ins.index);
      ctx->func_type = &ft;
      if (!PopTypes(ft.params)) return false;
      return ins.op == Opcode::kCall ? (PushTypes(ft.results), true) : TailCallResults(ft);
    }
    case Opcode::kCallIndirect:
    case Opcode::kReturnCallIndirect: {
      ValType et;
      if (!TableElemType(ins.index2, &et)) return false;
      if (ins.index >= module_->types.size()) return FailIndex("unknown type", ins.index);
      if (!mctx_->types().IsSubtype(et, ValType::kFuncRef)) return Fail("type mismatch");
      if (!module_->types[ins.index].is_func()) return Fail("type mismatch");
      const FuncType& ft = module_->types[ins.index].func;
      ctx->func_type = &ft;
      if (!PopExpect(TableIndexType(ins.index2)) || !PopTypes(ft.params)) return false;
      return ins.op == Opcode::kCallIndirect ? (PushTypes(ft.results), true)
                                             : TailCallResults(ft);
    }
    case Opcode::kTry:
    case Opcode::kCatch:
    case Opcode::kCatchAll:
    case Opcode::kDelegate:
    case Opcode::kThrow:
    case Opcode::kRethrow:
    case Opcode::kThrowRef:
    case Opcode::kTryTable:
      return StepException(ins, ctx);
    default:
      // Every opcode marked "*" in opcodes.def is handled above.
      return Fail("illegal opcode");
  }
}

// --- Exception handling ----------------------------------------------------

bool FunctionChecker::StepException(const Instruction& ins, OpContext* ctx) {
  switch (ins.op) {
    case Opcode::kThrow: {
      if (ins.index >= mctx_->num_tags()) return FailIndex("unknown tag", ins.index);
      const FuncType& ft = mctx_->tag_type(ins.index);
      ctx->func_type = &ft;
      if (!PopTypes(ft.params)) return false;
      SetUnreachable();
      return true;
    }
    case Opcode::kThrowRef:
      if (!PopExpect(ValType::kExnRef)) return false;
      SetUnreachable();
      return true;
    case Opcode::kTryTable: {
      // Catch labels are counted from outside the try_table, so they are
      // checked before its frame is pushed.
      for (const CatchClause& c : *ins.catches) {
        std::vector<ValType>& want = catch_types_;
        want.clear();
        if (c.has_tag()) {
          if (c.tag >= mctx_->num_tags()) return FailIndex("unknown tag", c.tag);
          const FuncType& ft = mctx_->tag_type(c.tag);
          want.assign(ft.params.begin(), ft.params.end());
        }
        // catch_ref / catch_all_ref also pass the exception: (ref exn).
        if (c.has_ref()) want.push_back(MakeRefType(false, HeapType::kExn));
        absl::Span<const ValType> lt;
        if (!LabelTypes(c.label, &lt)) return false;
        if (lt.size() != want.size()) return Fail("type mismatch");
        for (size_t i = 0; i < want.size(); ++i) {
          if (!mctx_->types().IsSubtype(want[i], lt[i])) return Fail("type mismatch");
        }
      }
      return PushFrame(FrameKind::kTryTable, ins.block_type, ctx);
    }
    case Opcode::kTry:
      return PushFrame(FrameKind::kTry, ins.block_type, ctx);
    case Opcode::kCatch:
    case Opcode::kCatchAll: {
      ControlFrame& f = ctrl_.back();
      if (f.kind != FrameKind::kTry && f.kind != FrameKind::kCatch) {
        // catch outside a try, or after catch_all: the reference decoder
        // cannot place it.
        return Fail(ins.op == Opcode::kCatch ? "catch without try" : "catch_all without try");
      }
      const FuncType* tag = nullptr;
      if (ins.op == Opcode::kCatch) {
        if (ins.index >= mctx_->num_tags()) return FailIndex("unknown tag", ins.index);
        tag = &mctx_->tag_type(ins.index);
      }
      if (!PopTypes(f.results)) return false;
      if (stack_.size() != f.height) return Fail("type mismatch");
      f.kind = ins.op == Opcode::kCatch ? FrameKind::kCatch : FrameKind::kCatchAll;
      f.unreachable = false;
      if (tag != nullptr) {
        PushTypes(tag->params);
        ctx->func_type = tag;
      }
      ctx->frame = &f;
      return true;
    }
    case Opcode::kDelegate: {
      ControlFrame& f = ctrl_.back();
      if (f.kind != FrameKind::kTry) return Fail("delegate without try");
      if (!PopTypes(f.results)) return false;
      if (stack_.size() != f.height) return Fail("type mismatch");
      popped_ = f;
      ctrl_.pop_back();
      // The label counts from outside the try.
      if (ins.index >= ctrl_.size()) return FailIndex("unknown label", ins.index);
      PushTypes(popped_.results);
      ctx->frame = &popped_;
      return true;
    }
    default: {  // kRethrow
      if (ins.index >= ctrl_.size()) return FailIndex("unknown label", ins.index);
      const FrameKind k = ctrl_[ctrl_.size() - 1 - ins.index].kind;
      if (k != FrameKind::kCatch && k != FrameKind::kCatchAll) {
        return Fail("invalid rethrow label");
      }
      SetUnreachable();
      return true;
    }
  }
}

// --- Variables and tables --------------------------------------------------

bool FunctionChecker::StepVariable(const Instruction& ins) {
  const uint32_t x = ins.index;
  switch (ins.op) {
    case Opcode::kLocalGet:
      if (x >= locals_.size()) return FailIndex("unknown local", x);
      if (track_init_ && !local_set_[x]) return Fail("uninitialized local");
      Push(locals_[x]);
      return true;
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      if (x >= locals_.size()) return FailIndex("unknown local", x);
      if (!PopExpect(locals_[x])) return false;
      if (track_init_ && !local_set_[x]) {
        local_set_[x] = true;
        inits_.push_back(x);
      }
      if (ins.op == Opcode::kLocalTee) Push(locals_[x]);
      return true;
    case Opcode::kGlobalGet:
      if (x >= mctx_->num_globals()) return FailIndex("unknown global", x);
      Push(mctx_->global_type(x).type);
      return true;
    default: {  // kGlobalSet
      if (x >= mctx_->num_globals()) return FailIndex("unknown global", x);
      GlobalType g = mctx_->global_type(x);
      if (!g.is_mutable) return Fail("global is immutable");
      return PopExpect(g.type);
    }
  }
}

bool FunctionChecker::TableElemType(uint32_t table, ValType* out) {
  if (table >= mctx_->num_tables()) return FailIndex("unknown table", table);
  *out = mctx_->table_elem_type(table);
  return true;
}

bool FunctionChecker::StepTable(const Instruction& ins) {
  ValType t;
  // Index and size operands are i64 for a 64-bit table (memory64).
  const ValType x = TableIndexType(ins.op == Opcode::kTableInit ? ins.index2 : ins.index);
  switch (ins.op) {
    case Opcode::kTableGet:
      if (!TableElemType(ins.index, &t) || !PopExpect(x)) return false;
      Push(t);
      return true;
    case Opcode::kTableSet:
      return TableElemType(ins.index, &t) && PopExpect(t) && PopExpect(x);
    case Opcode::kTableGrow:
      if (!TableElemType(ins.index, &t) || !PopExpect(x) || !PopExpect(t)) {
        return false;
      }
      Push(x);
      return true;
    case Opcode::kTableFill:
      return TableElemType(ins.index, &t) && PopExpect(x) && PopExpect(t) && PopExpect(x);
    case Opcode::kTableCopy: {
      ValType src;
      if (!TableElemType(ins.index, &t) || !TableElemType(ins.index2, &src)) return false;
      if (!mctx_->types().IsSubtype(src, t)) return Fail("type mismatch");
      // n fits both tables: the smaller index type.
      const ValType s = TableIndexType(ins.index2);
      const ValType n = x == ValType::kI64 && s == ValType::kI64 ? ValType::kI64 : ValType::kI32;
      return PopExpect(n) && PopExpect(s) && PopExpect(x);
    }
    default: {  // kTableInit: index = elem segment, index2 = table
      if (!TableElemType(ins.index2, &t)) return false;
      if (ins.index >= module_->elements.size()) {
        return FailIndex("unknown elem segment", ins.index);
      }
      if (!mctx_->types().IsSubtype(
              RefTypes::ElemSegmentType(module_->elements[ins.index], mctx_->features()), t)) {
        return Fail("type mismatch");
      }
      return PopExpect(ValType::kI32) && PopExpect(ValType::kI32) && PopExpect(x);
    }
  }
}


// --- Describing a type mismatch (cold path) -------------------------------

namespace {

std::string TypeList(absl::Span<const ValType> types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += " ";
    out += types[i] == kUnknownType ? "any" : std::string(ValTypeName(types[i]));
  }
  return out + "]";
}

}  // namespace

// The operand types `ins` takes, for the instructions whose inputs the
// checker knows before popping; false for the few it types piecewise
// (select, table and reference instructions), which then report only what
// they found. `whole_frame` asks to show everything above the frame: the
// instruction requires the stack to hold exactly its operands.
bool FunctionChecker::ExpectedOperands(const Instruction& ins, std::vector<ValType>* out,
                                       bool* whole_frame) {
  *whole_frame = false;
  const OpTyping& t = typing_[static_cast<int>(ins.op)];
  if (!t.special) {
    ValType params[3];
    ValType result;
    AddressTypes(ins, t, params, &result);
    out->assign(params, params + t.num_params);
    return true;
  }
  absl::Span<const ValType> label;
  auto block_params = [&](const BlockType& bt) -> absl::Span<const ValType> {
    if (bt.kind == BlockType::Kind::kTypeIndex && bt.type_index < module_->types.size()) {
      return module_->types[bt.type_index].func.params;
    }
    return {};
  };
  switch (ins.op) {
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      if (ins.index >= locals_.size()) return false;
      *out = {locals_[ins.index]};
      return true;
    case Opcode::kGlobalSet:
      if (ins.index >= mctx_->num_globals()) return false;
      *out = {mctx_->global_type(ins.index).type};
      return true;
    case Opcode::kDrop:
      *out = {kUnknownType};
      return true;
    case Opcode::kCall:
    case Opcode::kReturnCall:
      if (ins.index >= mctx_->num_funcs()) return false;
      out->assign(mctx_->func_type(ins.index).params.begin(),
                  mctx_->func_type(ins.index).params.end());
      return true;
    case Opcode::kCallIndirect:
    case Opcode::kReturnCallIndirect:
      if (ins.index >= module_->types.size()) return false;
      out->assign(module_->types[ins.index].func.params.begin(),
                  module_->types[ins.index].func.params.end());
      out->push_back(TableIndexType(ins.index2));
      return true;
    case Opcode::kBlock:
    case Opcode::kLoop:
      label = block_params(ins.block_type);
      out->assign(label.begin(), label.end());
      return true;
    case Opcode::kIf:
      label = block_params(ins.block_type);
      out->assign(label.begin(), label.end());
      out->push_back(ValType::kI32);
      return true;
    case Opcode::kBr:
    case Opcode::kBrIf:
      if (ins.index >= ctrl_.size()) return false;
      label = ctrl_[ctrl_.size() - 1 - ins.index].label_types();
      out->assign(label.begin(), label.end());
      if (ins.op == Opcode::kBrIf) out->push_back(ValType::kI32);
      return true;
    case Opcode::kBrTable:
      if (ins.br_targets->back() >= ctrl_.size()) return false;
      label = ctrl_[ctrl_.size() - 1 - ins.br_targets->back()].label_types();
      out->assign(label.begin(), label.end());
      out->push_back(ValType::kI32);
      return true;
    case Opcode::kReturn:
      out->assign(func_type_->results.begin(), func_type_->results.end());
      return true;
    case Opcode::kEnd:
    case Opcode::kElse:
      out->assign(ctrl_.back().results.begin(), ctrl_.back().results.end());
      *whole_frame = true;
      return true;
    default:
      return false;
  }
}

std::string FunctionChecker::DescribeMismatch() const {
  FunctionChecker replay;
  const uint32_t defined = func_index_ - module_->num_imported_funcs;
  if (!replay.Begin(*module_, *mctx_, defined).ok()) return "";
  const ByteRange code = module_->code[defined].code;
  ByteReader in(module_->data_at(code), code.size(), code.begin);
  InstructionReader reader(&in, mctx_->features());
  Instruction ins;
  OpContext ctx;
  while (!replay.done() && reader.Read(&ins)) {
    if (ins.offset == error_offset_) return replay.DescribeOperands(ins);
    if (!replay.Step(ins, &ctx)) return "";
  }
  return "";
}

std::string FunctionChecker::DescribeOperands(const Instruction& ins) {
  std::vector<ValType> expected;
  bool whole_frame = false;
  const bool known = ExpectedOperands(ins, &expected, &whole_frame);
  const size_t above = stack_.size() - ctrl_.back().height;
  const size_t shown = whole_frame || !known ? above : std::min(above, expected.size());
  absl::Span<const ValType> got(stack_.data() + stack_.size() - shown, shown);
  const std::string name(OpcodeName(ins.op));
  if (!known) return absl::StrCat(name, " found ", TypeList(got));
  return absl::StrCat(name, " expected ", TypeList(expected), " but got ", TypeList(got));
}

}  // namespace weft
