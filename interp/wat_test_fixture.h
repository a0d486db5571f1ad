// Test-only: a gtest fixture that loads one module (written in the text
// format, weft's own parser, or as bytes) into a TestInstance and calls its
// exports, for the interpreter's tests.
#ifndef WEFT_INTERP_WAT_TEST_FIXTURE_H_
#define WEFT_INTERP_WAT_TEST_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
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

  // Loads `wat` twice: into reference_ with `reference` options (a pass
  // of the compiler turned off, say) and into inst_ with `options`, for
  // ExpectSameAsReference.
  void LoadWithReference(const std::string& wat, CompileOptions reference,
                         CompileOptions options = {}) {
    Load(wat, reference);
    reference_ = std::move(inst_);
    Load(wat, options);
  }
  // LoadWithReference with one pass of the compiler (a CompileOptions
  // flag) off in the reference, both metered or neither.
  void LoadWithPassOff(const std::string& wat, bool CompileOptions::*pass, bool metering = false) {
    CompileOptions reference;
    reference.*pass = false;
    reference.metering = metering;
    CompileOptions options;
    options.metering = metering;
    LoadWithReference(wat, reference, options);
  }
  // Calls `name` in both (with `fuel` set first when not 0): both must end
  // the same way, with the same result bits and the same fuel left.
  // Returns how inst_'s call ended.
  TrapCode ExpectSameAsReference(const char* name, std::vector<uint64_t> args, uint64_t fuel = 0) {
    std::swap(inst_, reference_);
    if (fuel != 0) ctx_.set_fuel(fuel);
    const TrapCode want = Call(name, args);
    const std::vector<uint64_t> want_results = results_;
    const uint64_t want_fuel = ctx_.fuel();
    const uint32_t want_at = TrapOffset();
    std::swap(inst_, reference_);
    if (fuel != 0) ctx_.set_fuel(fuel);
    const TrapCode got = Call(name, args);
    std::string shown;
    for (uint64_t a : args) shown += " " + std::to_string(a);
    EXPECT_EQ(got, want) << name << shown;
    if (want == TrapCode::kOk) EXPECT_EQ(results_, want_results) << name << shown;
    if (want != TrapCode::kOk) EXPECT_EQ(TrapOffset(), want_at) << name << shown << " trap's offset";
    if (fuel != 0) EXPECT_EQ(ctx_.fuel(), want_fuel) << name << shown << " fuel " << fuel;
    return got;
  }

  // The module byte offset of the instruction the last call trapped at
  // (0 when it did not trap).
  uint32_t TrapOffset() const {
    return ctx_.backtrace.empty() ? 0 : ctx_.backtrace.front().code_offset;
  }

  // The compiled code of export `name` as `weft inspect --code` prints it
  // (the function must have run, so that it is compiled).
  std::string Code(const char* name) {
    const CompiledFunction* code = inst_->Func(name)->code.load();
    return code == nullptr ? "(not compiled)" : PrintCode(*code);
  }

  std::unique_ptr<TestInstance> inst_;
  std::unique_ptr<TestInstance> reference_;  // LoadWithReference
  ExecContext ctx_;
  std::vector<uint64_t> results_;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_WAT_TEST_FIXTURE_H_
