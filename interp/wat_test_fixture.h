// Test-only: a gtest fixture that loads one module (written in the text
// format, weft's own parser, or as bytes) into a TestInstance and calls its
// exports, for the interpreter's tests.
#ifndef WEFT_INTERP_WAT_TEST_FIXTURE_H_
#define WEFT_INTERP_WAT_TEST_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "interp/code_printer.h"
#include "interp/executor.h"
#include "interp/test_instance.h"
#include "text/parser.h"

namespace weft::interp {

class WatTestFixture : public ::testing::Test {
 protected:
  void Load(const std::string& wat, CompileOptions options = {}) {
    auto bytes = text::ParseWat(wat);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    LoadBytes(*bytes, options);
  }
  void LoadBytes(const std::vector<uint8_t>& bytes, CompileOptions options = {}) {
    auto t = MakeTestInstance(bytes, options);
    ASSERT_TRUE(t.ok()) << t.status();
    inst_ = std::move(*t);
  }
  // Calls export `name` in `ctx`; its results are in results_.
  TrapCode Call(ExecContext& ctx, const char* name, std::vector<uint64_t> args) {
    FunctionInstance* f = inst_->Func(name);
    EXPECT_NE(f, nullptr) << name;
    if (f == nullptr) return TrapCode::kUnreachable;
    results_.assign(SlotCount(f->type->results) + 1, 0xDEAD);
    return Invoke(ctx, f, args.data(), results_.data());
  }
  TrapCode Call(const char* name, std::vector<uint64_t> args = {}) {
    return Call(ctx_, name, std::move(args));
  }
  // Calls export `name`, which must not trap; its first result.
  uint64_t Run(const char* name, std::vector<uint64_t> args = {}) {
    TrapCode t = Call(name, std::move(args));
    EXPECT_EQ(t, TrapCode::kOk) << name << ": " << TrapMessage(t);
    return results_[0];
  }

  // The compiled code of export `name` as `weft inspect --code` prints it
  // (the function must have run, so that it is compiled).
  std::string Code(const char* name) {
    const CompiledFunction* code = inst_->Func(name)->code.load();
    return code == nullptr ? "(not compiled)" : PrintCode(*code);
  }

  std::unique_ptr<TestInstance> inst_;
  ExecContext ctx_;
  std::vector<uint64_t> results_;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_WAT_TEST_FIXTURE_H_
