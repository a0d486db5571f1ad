// Exceptions through the public API: an uncaught exception is its own
// outcome (TrapCode::kUncaughtException, "uncaught exception: tag ..."
// with the payload and a backtrace), and it crosses host functions as an
// exception: a host function that returns the failed nested call's status
// rethrows it into the calling wasm code, where it can be caught.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/caller.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

constexpr char kModule[] = R"(
(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (tag $e (export "e") (param i32))
  (func $thrower (export "thrower") (param i32) (result i32)
    (throw $e (local.get 0)))
  ;; wasm -> host -> wasm (throws): caught back in wasm.
  (func (export "outer") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $host (local.get 0)))
      (return))
    (i32.add (i32.const 1000)))
  ;; The same without a catch: the exception leaves the outermost call.
  (func (export "outer_uncaught") (param i32) (result i32)
    (call $host (local.get 0))))
)";

class ApiExceptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = CompiledModule::Compile(
        engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kModule),
                                     sizeof(kModule) - 1));
    ASSERT_TRUE(m.ok()) << m.status();
    Linker linker(engine_);
    ASSERT_TRUE(linker
                    .Define("env", "host",
                            [this](Caller& caller, int32_t x) -> absl::StatusOr<int32_t> {
                              absl::StatusOr<std::vector<Value>> r =
                                  caller.Call("thrower", {Value::I32(x)});
                              if (r.ok()) return (*r)[0].i32();
                              seen_ = GetTrapCode(r.status());
                              // Something else may run in between; returning
                              // the status still rethrows its exception.
                              (void)caller.Call("thrower", {Value::I32(-1)});
                              return r.status();
                            })
                    .ok());
    auto inst = linker.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.status();
    inst_ = std::move(*inst);
  }

  Engine engine_;
  std::unique_ptr<Instance> inst_;
  TrapCode seen_ = TrapCode::kOk;
};

TEST_F(ApiExceptionsTest, UncaughtIsReportedWithTagPayloadAndBacktrace) {
  auto r = inst_->Call("thrower", {Value::I32(5)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kUncaughtException);
  EXPECT_THAT(r.status().message(), HasSubstr("uncaught exception: tag 0 \"e\" (i32:5)"));
  EXPECT_THAT(r.status().message(), HasSubstr("wasm backtrace:"));
  EXPECT_STREQ(TrapCodeMessage(TrapCode::kUncaughtException), "uncaught exception");
}

TEST_F(ApiExceptionsTest, HostRethrowsIntoWasmWhichCatches) {
  auto r = inst_->Call("outer", {Value::I32(7)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), 1007);
  EXPECT_EQ(seen_, TrapCode::kUncaughtException);
}

TEST_F(ApiExceptionsTest, ThroughAHostFunctionUncaughtStaysAnException) {
  auto r = inst_->Call("outer_uncaught", {Value::I32(3)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kUncaughtException);
  EXPECT_THAT(r.status().message(), HasSubstr("(i32:3)"));
}

}  // namespace
}  // namespace weft
