// Exceptions through the public API: an uncaught exception is its own
// outcome (TrapCode::kUncaughtException, "uncaught exception: tag ..."
// with the payload and a backtrace), and it crosses host functions as an
// exception: a host function that returns the failed nested call's status
// rethrows it into the calling wasm code, where it can be caught; a host
// function throws a new one with Caller::Throw; GetExceptionPayload reads
// the payload of an uncaught one.
#include <functional>
#include <memory>
#include <optional>
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

TEST_F(ApiExceptionsTest, UncaughtPayloadIsReadableAfterTheStoreIsGone) {
  absl::Status status;
  {
    auto r = inst_->Call("thrower", {Value::I32(11)});
    ASSERT_FALSE(r.ok());
    status = r.status();
  }
  inst_.reset();  // the store goes with its last instance
  std::optional<std::vector<Value>> payload = GetExceptionPayload(status);
  ASSERT_TRUE(payload.has_value());
  ASSERT_EQ(payload->size(), 1u);
  EXPECT_EQ((*payload)[0].i32(), 11);
  EXPECT_FALSE(GetExceptionPayload(absl::InternalError("x")).has_value());
}

// A host function that throws a new exception of the caller's tag.
class HostThrowTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::vector<Value>> RunOuter(
      std::function<absl::Status(Caller&, int32_t)> host, int32_t arg) {
    auto m = CompiledModule::Compile(
        engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kModule),
                                     sizeof(kModule) - 1));
    if (!m.ok()) return m.status();
    Linker linker(engine_);
    absl::Status defined = linker.Define(
        "env", "host", [host](Caller& caller, int32_t x) -> absl::StatusOr<int32_t> {
          absl::Status s = host(caller, x);
          if (!s.ok()) return s;
          return x;
        });
    if (!defined.ok()) return defined;
    auto inst = linker.Instantiate(*m);
    if (!inst.ok()) return inst.status();
    return (*inst)->Call("outer", {Value::I32(arg)});
  }
  Engine engine_;
};

TEST_F(HostThrowTest, CallerThrowIsCaughtByTheCallingCode) {
  auto r = RunOuter([](Caller& c, int32_t x) { return c.Throw("e", {Value::I32(x + 1)}); }, 4);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].i32(), 1005);
}

TEST_F(HostThrowTest, WrongTagOrPayloadTrapsWithTheReason) {
  auto r = RunOuter([](Caller& c, int32_t) { return c.Throw("nope", {}); }, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kHostTrap);
  EXPECT_THAT(r.status().message(), HasSubstr("no exported tag \"nope\""));
  r = RunOuter([](Caller& c, int32_t) { return c.Throw("e", {Value::F32(1)}); }, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("tag \"e\" carries (i32) -> () but the payload is (f32:"));
}

TEST_F(HostThrowTest, UncaughtHostExceptionKeepsItsPayload) {
  // "outer_uncaught" has no catch: the host's exception leaves the call.
  auto m = CompiledModule::Compile(
      engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kModule), sizeof(kModule) - 1));
  ASSERT_TRUE(m.ok());
  Linker linker(engine_);
  ASSERT_TRUE(linker
                  .Define("env", "host",
                          [](Caller& c, int32_t x) -> absl::StatusOr<int32_t> {
                            return c.Throw("e", {Value::I32(-x)});
                          })
                  .ok());
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok());
  auto r = (*inst)->Call("outer_uncaught", {Value::I32(8)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kUncaughtException);
  auto payload = GetExceptionPayload(r.status());
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ((*payload)[0].i32(), -8);
}

}  // namespace
}  // namespace weft
