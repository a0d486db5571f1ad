// Proves the code-consumer contract: the exact sequence of callbacks and
// OpContext values ValidateFunction produces for small functions.
#include "validator/function_validator.h"

#include <vector>

#include "absl/strings/match.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "validator/module_context.h"
#include "validator/test_module_builder.h"

namespace weft {
namespace {

using testing_util::Bytes;
using testing_util::ModuleBuilder;

struct Record {
  Opcode op;
  uint32_t before, after;
  bool unreachable;
  bool has_frame;
  ControlFrame frame;
  const FuncType* func_type;
  uint32_t depth;       // view.control_depth() during the call
  ValType bottom_type;  // view.stack_type(0) when the stack is non-empty
};

class RecordingConsumer {
 public:
  void OnFunctionBegin(uint32_t func_index, const FuncType& type,
                       absl::Span<const ValType> locals) {
    begun_index = func_index;
    begun_type = &type;
    begun_locals.assign(locals.begin(), locals.end());
  }
  void OnInstruction(const Instruction& ins, const OpContext& ctx, const ValidatorView& view) {
    Record r{ins.op, ctx.height_before, ctx.height_after, ctx.unreachable,
             ctx.frame != nullptr, ctx.frame ? *ctx.frame : ControlFrame{}, ctx.func_type,
             view.control_depth(), ctx.height_after > 0 ? view.stack_type(0) : kUnknownType};
    records.push_back(r);
    num_locals = view.num_locals();
  }
  absl::Status OnFunctionEnd() {
    ++ends;
    return end_status;
  }

  uint32_t begun_index = 0;
  const FuncType* begun_type = nullptr;
  std::vector<ValType> begun_locals;
  std::vector<Record> records;
  uint32_t num_locals = 0;
  int ends = 0;
  absl::Status end_status;
};

struct Loaded {
  std::unique_ptr<const Module> module;
  ModuleContext ctx;
};

Loaded Load(const Bytes& bytes) {
  auto m = DecodeModule(bytes);
  EXPECT_TRUE(m.ok()) << m.status();
  auto ctx = BuildModuleContext(**m);
  EXPECT_TRUE(ctx.ok()) << ctx.status();
  return Loaded{std::move(*m), std::move(*ctx)};
}

TEST(FunctionValidatorContract, ReportsEveryInstructionWithHeightsAndFrames) {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({ValType::kI32}, {ValType::kI32});
  b.ImportFunc(t0);  // function 0 is imported; ours is function 1
  b.AddFunc(t0, {ValType::kI64},
            {0x20, 0x00,        // local.get 0            0 -> 1
             0x02, 0x7F,        // block (result i32)     1 -> 1
             0x41, 0x05,        //   i32.const 5          1 -> 2
             0x20, 0x00,        //   local.get 0          2 -> 3
             0x0D, 0x00,        //   br_if 0              3 -> 2
             0x0B,              // end                    2 -> 2
             0x6A,              // i32.add                2 -> 1
             0x04, 0x7F,        // if (result i32)        1 -> 0
             0x41, 0x01,        //   i32.const 1          0 -> 1
             0x05,              // else                   1 -> 0
             0x00,              //   unreachable          0 -> 0
             0x6A,              //   i32.add (dead)       0 -> 1
             0x0B,              // end                    1 -> 1
             0x10, 0x00});      // call 0                 1 -> 1
                                // end (function)         1 -> 1
  Loaded l = Load(b.Build());
  RecordingConsumer c;
  ASSERT_TRUE(ValidateFunction(*l.module, l.ctx, 0, c).ok());

  EXPECT_EQ(c.begun_index, 1u);
  EXPECT_EQ(c.begun_type, &l.module->types[0].func);
  EXPECT_EQ(c.begun_locals, (std::vector<ValType>{ValType::kI32, ValType::kI64}));
  EXPECT_EQ(c.num_locals, 2u);
  EXPECT_EQ(c.ends, 1);

  const std::vector<Record>& r = c.records;
  ASSERT_EQ(r.size(), 15u);  // 14 listed + the function's final end
  struct Want {
    Opcode op;
    uint32_t before, after;
    bool unreachable;
    bool has_frame;
    uint32_t depth;
  };
  const Want want[] = {
      {Opcode::kLocalGet, 0, 1, false, false, 1},
      {Opcode::kBlock, 1, 1, false, true, 2},
      {Opcode::kI32Const, 1, 2, false, false, 2},
      {Opcode::kLocalGet, 2, 3, false, false, 2},
      {Opcode::kBrIf, 3, 2, false, false, 2},
      {Opcode::kEnd, 2, 2, false, true, 1},
      {Opcode::kI32Add, 2, 1, false, false, 1},
      {Opcode::kIf, 1, 0, false, true, 2},
      {Opcode::kI32Const, 0, 1, false, false, 2},
      {Opcode::kElse, 1, 0, false, true, 2},
      {Opcode::kUnreachable, 0, 0, false, false, 2},
      {Opcode::kI32Add, 0, 1, true, false, 2},
      {Opcode::kEnd, 1, 1, true, true, 1},
      {Opcode::kCall, 1, 1, false, false, 1},
      {Opcode::kEnd, 1, 1, false, true, 0},
  };
  for (size_t i = 0; i < 15; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r[i].op, want[i].op);
    EXPECT_EQ(r[i].before, want[i].before);
    EXPECT_EQ(r[i].after, want[i].after);
    EXPECT_EQ(r[i].unreachable, want[i].unreachable);
    EXPECT_EQ(r[i].has_frame, want[i].has_frame);
    EXPECT_EQ(r[i].depth, want[i].depth);
  }
  // The block frame: pushed at height 1, one i32 result, no params.
  EXPECT_EQ(r[1].frame.kind, FrameKind::kBlock);
  EXPECT_EQ(r[1].frame.height, 1u);
  ASSERT_EQ(r[1].frame.results.size(), 1u);
  EXPECT_EQ(r[1].frame.results[0], ValType::kI32);
  EXPECT_TRUE(r[1].frame.params.empty());
  // `end` reports the frame it closed.
  EXPECT_EQ(r[5].frame.kind, FrameKind::kBlock);
  EXPECT_EQ(r[5].frame.height, 1u);
  // if pops its condition: frame height 0.
  EXPECT_EQ(r[7].frame.kind, FrameKind::kIf);
  EXPECT_EQ(r[7].frame.height, 0u);
  EXPECT_EQ(r[9].frame.kind, FrameKind::kElse);
  EXPECT_EQ(r[12].frame.kind, FrameKind::kElse);
  EXPECT_TRUE(r[12].frame.unreachable);
  EXPECT_EQ(r[14].frame.kind, FrameKind::kFunction);
  EXPECT_EQ(r[13].func_type, &l.module->types[0].func);
  EXPECT_EQ(r[0].bottom_type, ValType::kI32);
  EXPECT_EQ(r[0].func_type, nullptr);
}

TEST(FunctionValidatorContract, FinalEndClosesTheFunctionFrame) {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({}, {ValType::kI64});
  b.AddFunc(t0, {}, {0x42, 0x07});  // i64.const 7; end
  Loaded l = Load(b.Build());
  RecordingConsumer c;
  ASSERT_TRUE(ValidateFunction(*l.module, l.ctx, 0, c).ok());
  ASSERT_EQ(c.records.size(), 2u);
  const Record& end = c.records[1];
  EXPECT_EQ(end.op, Opcode::kEnd);
  EXPECT_TRUE(end.has_frame);
  EXPECT_EQ(end.frame.kind, FrameKind::kFunction);
  EXPECT_EQ(end.before, 1u);
  EXPECT_EQ(end.depth, 0u);  // control stack empty after the final end
}

TEST(FunctionValidatorContract, BlockTypeIndexAndLoopLabels) {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({}, {ValType::kI32});
  uint32_t t1 = b.AddType({ValType::kI32, ValType::kI32}, {ValType::kI32});
  b.AddFunc(t0, {},
            {0x41, 0x01, 0x41, 0x02,              // two i32s            0 -> 2
             0x03, static_cast<uint8_t>(t1),      // loop (type 1)       2 -> 2
             0x6A,                                //   i32.add           2 -> 1
             0x0B});                              // end                 1 -> 1
  Loaded l = Load(b.Build());
  RecordingConsumer c;
  ASSERT_TRUE(ValidateFunction(*l.module, l.ctx, 0, c).ok());
  const Record& loop = c.records[2];
  EXPECT_EQ(loop.op, Opcode::kLoop);
  EXPECT_EQ(loop.func_type, &l.module->types[t1].func);
  EXPECT_EQ(loop.frame.kind, FrameKind::kLoop);
  EXPECT_EQ(loop.frame.height, 0u);  // params popped
  EXPECT_EQ(loop.before, 2u);
  EXPECT_EQ(loop.after, 2u);         // params pushed back
  EXPECT_EQ(loop.frame.label_types().size(), 2u);  // a loop's label takes params
}

TEST(FunctionValidatorContract, ErrorsStopTheWalkAndNameFunctionAndOffset) {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({}, {});
  b.AddFunc(t0, {}, {0x01, 0x6A});  // nop; i32.add on an empty stack
  Bytes bytes = b.Build();
  Loaded l = Load(bytes);
  RecordingConsumer c;
  absl::Status s = ValidateFunction(*l.module, l.ctx, 0, c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StartsWith(s.message(), "type mismatch: i32.add expected [i32 i32] but got [] "
                                            "in function 0 (at byte offset "))
      << s.message();
  // The offset names the i32.add byte.
  uint32_t offset = l.module->code[0].code.begin + 1;
  EXPECT_TRUE(absl::EndsWith(s.message(), absl::StrCat("offset ", offset, ")"))) << s.message();
  ASSERT_EQ(c.records.size(), 1u);  // only the nop was reported
  EXPECT_EQ(c.ends, 0);
}

TEST(FunctionValidatorContract, ConsumerEndErrorAbortsValidation) {
  ModuleBuilder b;
  b.AddFunc(b.AddType({}, {}), {}, {});
  Loaded l = Load(b.Build());
  RecordingConsumer c;
  c.end_status = absl::ResourceExhaustedError("too big");
  EXPECT_EQ(ValidateFunction(*l.module, l.ctx, 0, c).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(FunctionValidatorContract, CheckerIsReusableAcrossFunctions) {
  ModuleBuilder b;
  uint32_t t0 = b.AddType({}, {ValType::kI32});
  b.AddFunc(t0, {}, {0x41, 0x01});
  b.AddFunc(t0, {}, {0x6A});  // invalid
  b.AddFunc(t0, {}, {0x41, 0x02});
  Loaded l = Load(b.Build());
  FunctionChecker checker;
  RecordingConsumer c;
  EXPECT_TRUE(ValidateFunction(*l.module, l.ctx, 0, c, checker).ok());
  absl::Status s = ValidateFunction(*l.module, l.ctx, 1, c, checker);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StartsWith(s.message(), "type mismatch: i32.add expected [i32 i32] but got [] "
                                            "in function 1 (at byte offset "))
      << s.message();
  EXPECT_TRUE(ValidateFunction(*l.module, l.ctx, 2, c, checker).ok());
}

}  // namespace
}  // namespace weft
