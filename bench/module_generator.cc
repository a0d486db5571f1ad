#include "bench/module_generator.h"

#include <cstring>

#include "base/opcode.h"

namespace weft::bench {
namespace {

constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF64 = 0x7C;
constexpr int kTypes = 3;  // (i32 x (t+1)) -> i32 for t = 0..2
// With a start function, one more type: () -> () (the import and _start).
constexpr uint32_t kVoidType = kTypes;
constexpr int kStartCallees = 4;  // generated functions _start calls

void PutU32(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

void PutS64(std::vector<uint8_t>& out, int64_t v) {
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return;
  }
}

void PutSection(std::vector<uint8_t>& out, uint8_t id,
                const std::vector<uint8_t>& body) {
  out.push_back(id);
  PutU32(out, static_cast<uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

// Writes one function body. Locals: params [0, p), then 4 i32, 2 f64, 1 i64.
// `func_index` counts generated functions only; `imported_funcs` shifts the
// indices that calls encode.
class BodyWriter {
 public:
  BodyWriter(uint32_t* rng, uint32_t func_index, int params, uint32_t imported_funcs)
      : rng_(rng), func_index_(func_index), params_(params), imported_funcs_(imported_funcs) {}

  std::vector<uint8_t> Write(size_t statements) {
    out_.clear();
    out_.push_back(3);  // local groups
    PutU32(out_, 4); out_.push_back(kI32);
    PutU32(out_, 2); out_.push_back(kF64);
    PutU32(out_, 1); out_.push_back(kI64);
    for (size_t i = 0; i < statements; ++i) Statement(0);
    I32Expr(0);
    Op(Opcode::kEnd);
    return out_;
  }

 private:
  uint32_t Rand(uint32_t n) {
    *rng_ = *rng_ * 1664525u + 1013904223u;
    return (*rng_ >> 8) % n;
  }
  void Op(Opcode op) { out_.push_back(static_cast<uint8_t>(GetOpcodeInfo(op).code)); }
  void U32(uint32_t v) { PutU32(out_, v); }
  uint32_t I32Local() { return Rand(2) ? Rand(params_) : params_ + Rand(4); }
  uint32_t F64Local() { return params_ + 4 + Rand(2); }
  uint32_t I64Local() { return params_ + 6; }
  void MemArg(uint32_t align) { U32(align); U32(Rand(64) * 4); }

  // Leaves an in-bounds-ish address on the stack.
  void Address(int depth) {
    I32Expr(depth + 1);
    Op(Opcode::kI32Const); PutS64(out_, 0xFFF0);
    Op(Opcode::kI32And);
  }

  void I32Expr(int depth) {
    uint32_t pick = depth >= 4 ? Rand(2) : Rand(10);
    switch (pick) {
      case 0: Op(Opcode::kI32Const); PutS64(out_, static_cast<int32_t>(Rand(1u << 20)) - 4096); break;
      case 1: Op(Opcode::kLocalGet); U32(I32Local()); break;
      case 2: case 3: {
        static constexpr Opcode kBin[] = {
            Opcode::kI32Add, Opcode::kI32Sub, Opcode::kI32Mul, Opcode::kI32And,
            Opcode::kI32Or, Opcode::kI32Xor, Opcode::kI32Shl, Opcode::kI32ShrU,
            Opcode::kI32LtS, Opcode::kI32GtU, Opcode::kI32Eq, Opcode::kI32DivU,
            Opcode::kI32RemU};
        I32Expr(depth + 1); I32Expr(depth + 1);
        Op(kBin[Rand(sizeof(kBin) / sizeof(kBin[0]))]);
        break;
      }
      case 4: Address(depth); Op(Rand(2) ? Opcode::kI32Load : Opcode::kI32Load8U); MemArg(0); break;
      case 5: Call(depth); break;
      case 6: F64Expr(depth + 1); F64Expr(depth + 1); Op(Opcode::kF64Lt); break;
      case 7: I64Expr(depth + 1); Op(Opcode::kI32WrapI64); break;
      case 8: I32Expr(depth + 1); I32Expr(depth + 1); I32Expr(depth + 1); Op(Opcode::kSelect); break;
      default: I32Expr(depth + 1); Op(Opcode::kLocalTee); U32(I32Local()); Op(Opcode::kI32Eqz); break;
    }
  }

  void F64Expr(int depth) {
    switch (depth >= 4 ? Rand(2) : Rand(5)) {
      case 0: {
        Op(Opcode::kF64Const);
        double d = Rand(100000) / 64.0;
        uint8_t raw[8];
        std::memcpy(raw, &d, 8);
        out_.insert(out_.end(), raw, raw + 8);
        break;
      }
      case 1: Op(Opcode::kLocalGet); U32(F64Local()); break;
      case 2: {
        static constexpr Opcode kBin[] = {Opcode::kF64Add, Opcode::kF64Sub,
                                          Opcode::kF64Mul, Opcode::kF64Div};
        F64Expr(depth + 1); F64Expr(depth + 1); Op(kBin[Rand(4)]);
        break;
      }
      case 3: I32Expr(depth + 1); Op(Opcode::kF64ConvertI32S); break;
      default: Address(depth); Op(Opcode::kF64Load); MemArg(3); break;
    }
  }

  void I64Expr(int depth) {
    switch (depth >= 4 ? Rand(2) : Rand(4)) {
      case 0: Op(Opcode::kI64Const); PutS64(out_, static_cast<int64_t>(Rand(1u << 30)) << 8); break;
      case 1: Op(Opcode::kLocalGet); U32(I64Local()); break;
      case 2: I32Expr(depth + 1); Op(Opcode::kI64ExtendI32U); break;
      default: {
        static constexpr Opcode kBin[] = {Opcode::kI64Add, Opcode::kI64Mul, Opcode::kI64Rotl};
        I64Expr(depth + 1); I64Expr(depth + 1); Op(kBin[Rand(3)]);
        break;
      }
    }
  }

  // Calls an earlier function (or itself) of a random type.
  void Call(int depth) {
    uint32_t callee = Rand(func_index_ + 1);
    int args = static_cast<int>(callee % kTypes) + 1;
    for (int i = 0; i < args; ++i) I32Expr(depth + 1);
    Op(Opcode::kCall); U32(imported_funcs_ + callee);
  }

  void Statement(int depth) {
    switch (depth >= 3 ? Rand(4) : Rand(9)) {
      case 0: I32Expr(0); Op(Opcode::kLocalSet); U32(I32Local()); break;
      case 1: F64Expr(0); Op(Opcode::kLocalSet); U32(F64Local()); break;
      case 2: Address(0); I32Expr(0); Op(Rand(2) ? Opcode::kI32Store : Opcode::kI32Store8); MemArg(0); break;
      case 3: I64Expr(0); Op(Opcode::kLocalSet); U32(I64Local()); break;
      case 4: {  // block with an early exit
        Op(Opcode::kBlock); out_.push_back(0x40);
        Statement(depth + 1);
        I32Expr(1); Op(Opcode::kBrIf); U32(0);
        Statement(depth + 1);
        Op(Opcode::kEnd);
        break;
      }
      case 5: {  // counted loop on an i32 local
        uint32_t counter = params_ + Rand(4);
        Op(Opcode::kI32Const); PutS64(out_, 1 + Rand(16));
        Op(Opcode::kLocalSet); U32(counter);
        Op(Opcode::kLoop); out_.push_back(0x40);
        Statement(depth + 1);
        Statement(depth + 1);
        Op(Opcode::kLocalGet); U32(counter);
        Op(Opcode::kI32Const); PutS64(out_, 1);
        Op(Opcode::kI32Sub);
        Op(Opcode::kLocalTee); U32(counter);
        Op(Opcode::kBrIf); U32(0);
        Op(Opcode::kEnd);
        break;
      }
      case 6: {  // if/else producing an i32
        I32Expr(1);
        Op(Opcode::kIf); out_.push_back(kI32);
        I32Expr(1);
        Op(Opcode::kElse);
        I32Expr(1);
        Op(Opcode::kEnd);
        Op(Opcode::kLocalSet); U32(I32Local());
        break;
      }
      case 7: Call(0); Op(Opcode::kDrop); break;
      default: {  // global counter
        Op(Opcode::kGlobalGet); U32(0);
        I32Expr(1); Op(Opcode::kI32Add);
        Op(Opcode::kGlobalSet); U32(0);
        break;
      }
    }
  }

  uint32_t* rng_;
  uint32_t func_index_;
  uint32_t params_;
  uint32_t imported_funcs_;
  std::vector<uint8_t> out_;
};

// _start: calls the import (function 0) first, then a few generated
// functions with constant arguments, dropping their results.
std::vector<uint8_t> StartBody(uint32_t generated_funcs) {
  std::vector<uint8_t> out = {0};  // no locals
  auto op = [&](Opcode o) { out.push_back(static_cast<uint8_t>(GetOpcodeInfo(o).code)); };
  op(Opcode::kCall); PutU32(out, 0);
  for (uint32_t callee = 0; callee < generated_funcs && callee < kStartCallees; ++callee) {
    for (uint32_t arg = 0; arg <= callee % kTypes; ++arg) {
      op(Opcode::kI32Const); PutS64(out, 1);
    }
    op(Opcode::kCall); PutU32(out, 1 + callee);
    op(Opcode::kDrop);
  }
  op(Opcode::kEnd);
  return out;
}

void PutName(std::vector<uint8_t>& out, const char* name) {
  PutU32(out, static_cast<uint32_t>(std::strlen(name)));
  out.insert(out.end(), name, name + std::strlen(name));
}

}  // namespace

std::vector<uint8_t> GenerateModule(size_t target_bytes, uint32_t seed,
                                    GeneratorOptions options) {
  const uint32_t imported_funcs = options.with_start ? 1 : 0;
  uint32_t rng = seed;
  std::vector<std::vector<uint8_t>> bodies;
  size_t total = 0;
  while (total < target_bytes) {
    uint32_t index = static_cast<uint32_t>(bodies.size());
    BodyWriter writer(&rng, index, static_cast<int>(index % kTypes) + 1, imported_funcs);
    size_t statements = 4 + (rng >> 12) % 40;
    bodies.push_back(writer.Write(statements));
    total += bodies.back().size() + 3;
  }
  const uint32_t count = static_cast<uint32_t>(bodies.size());

  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  std::vector<uint8_t> s;
  PutU32(s, kTypes + (options.with_start ? 1 : 0));
  for (int t = 0; t < kTypes; ++t) {
    s.push_back(0x60);
    PutU32(s, t + 1);
    for (int i = 0; i <= t; ++i) s.push_back(kI32);
    PutU32(s, 1); s.push_back(kI32);
  }
  if (options.with_start) s.insert(s.end(), {0x60, 0, 0});  // kVoidType
  PutSection(out, 1, s);
  if (options.with_start) {
    s = {1};
    PutName(s, "bench");
    PutName(s, "first_instruction");
    s.push_back(0x00);  // a function
    PutU32(s, kVoidType);
    PutSection(out, 2, s);
  }
  s.clear();
  PutU32(s, count + (options.with_start ? 1 : 0));
  for (uint32_t i = 0; i < count; ++i) PutU32(s, i % kTypes);
  if (options.with_start) PutU32(s, kVoidType);
  PutSection(out, 3, s);
  s = {1, 0x00, 1};  // one memory, min 1 page
  PutSection(out, 5, s);
  s = {1, kI32, 1};  // one mutable i32 global = 0
  s.push_back(static_cast<uint8_t>(GetOpcodeInfo(Opcode::kI32Const).code));
  s.push_back(0);
  s.push_back(static_cast<uint8_t>(GetOpcodeInfo(Opcode::kEnd).code));
  PutSection(out, 6, s);
  if (options.with_start) {
    s = {1};
    PutName(s, "_start");
    s.push_back(0x00);  // a function
    PutU32(s, imported_funcs + count);
    PutSection(out, 7, s);
    bodies.push_back(StartBody(count));
  }
  s.clear();
  PutU32(s, static_cast<uint32_t>(bodies.size()));
  for (const auto& body : bodies) {
    PutU32(s, static_cast<uint32_t>(body.size()));
    s.insert(s.end(), body.begin(), body.end());
  }
  PutSection(out, 10, s);
  return out;
}

}  // namespace weft::bench
