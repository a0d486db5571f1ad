// Host functions with a Caller: access to the importing instance's memory
// and globals, calls back into it, and the depth limit across host
// re-entry.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/caller.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

class CallerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = testing::CompileTestModule(engine_, "caller");
    ASSERT_TRUE(m.ok()) << m.status();
    module_ = *m;
    ASSERT_TRUE(linker_
                    .Define("env", "log",
                            [this](Caller& caller, int32_t ptr, int32_t len) -> absl::Status {
                              absl::StatusOr<Memory> mem = caller.GetMemory();
                              if (!mem.ok()) return mem.status();
                              std::string text(uint32_t(len), '\0');
                              absl::Status s = mem->Read(
                                  uint32_t(ptr),
                                  absl::MakeSpan(reinterpret_cast<uint8_t*>(text.data()),
                                                 text.size()));
                              if (!s.ok()) return s;
                              absl::StatusOr<Value> tag = caller.GetGlobal("tag");
                              if (!tag.ok()) return tag.status();
                              logged_.push_back(text + "/" + std::to_string(tag->i32()));
                              return absl::OkStatus();
                            })
                    .ok());
    ASSERT_TRUE(linker_
                    .Define("env", "reenter",
                            [](Caller& caller, int32_t x) -> absl::StatusOr<int32_t> {
                              if (x == 0) return 0;
                              absl::StatusOr<int32_t> r = caller.Call<int32_t(int32_t)>("go", x - 1);
                              if (!r.ok()) return r.status();
                              return *r + 1;
                            })
                    .ok());
  }

  Engine engine_;
  Linker linker_{engine_};
  std::shared_ptr<const CompiledModule> module_;
  std::vector<std::string> logged_;
};

TEST_F(CallerTest, HostReadsTheCallingInstancesMemory) {
  auto a = linker_.Instantiate(module_);
  auto b = linker_.Instantiate(module_);
  ASSERT_TRUE(a.ok() && b.ok());
  const uint8_t upper[] = {'H', 'E', 'L', 'L', 'O'};
  ASSERT_TRUE((*b)->GetMemory()->Write(8, upper).ok());
  ASSERT_TRUE((*a)->Call<void()>("say").ok());
  ASSERT_TRUE((*b)->Call<void()>("say").ok());
  EXPECT_EQ(logged_, (std::vector<std::string>{"hello/77", "HELLO/77"}));
}

TEST_F(CallerTest, HostCallsTheCallerBack) {
  auto inst = linker_.Instantiate(module_);
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("go", 0), 0);
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("go", 1), 1);
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("go", 40), 40);
}

TEST_F(CallerTest, ReentryCountsTowardTheDepthLimit) {
  InstanceLimits limits;
  limits.max_call_depth = 60;
  auto inst = linker_.Instantiate(module_, limits);
  ASSERT_TRUE(inst.ok());
  // Each round trip nests two calls (go, reenter): 25 fit in 60, 40 do not.
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("go", 25), 25);
  auto r = (*inst)->Call<int32_t(int32_t)>("go", 40);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kCallStackExhausted);
  EXPECT_THAT(r.status().message(), HasSubstr("<go>"));
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("go", 3), 3);
}

TEST_F(CallerTest, DeepHostRecursionWithDefaultLimitsDoesNotCrash) {
  auto inst = linker_.Instantiate(module_);
  ASSERT_TRUE(inst.ok());
  auto r = (*inst)->Call<int32_t(int32_t)>("go", 1000000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kCallStackExhausted);
  EXPECT_THAT(r.status().message(), HasSubstr("call stack exhausted"));
}

TEST_F(CallerTest, CallerChecksTypesAndNames) {
  Linker linker(engine_);
  ASSERT_TRUE(linker.Define("env", "log", [](Caller& caller, int32_t, int32_t) -> absl::Status {
                      auto wrong = caller.Call<int64_t(int64_t)>("triple", 1);
                      if (wrong.ok()) return absl::InternalError("typed check missed");
                      if (caller.Call("nope", {}).status().code() != absl::StatusCode::kNotFound) {
                        return absl::InternalError("missing export not reported");
                      }
                      if (caller.GetMemory("nope").ok()) return absl::InternalError("memory");
                      auto type = caller.GetFunctionType("triple");
                      if (!type.ok() || FuncTypeToString(*type) != "(i32) -> (i32)") {
                        return absl::InternalError("GetFunctionType");
                      }
                      if (caller.GetFunctionType("memory").status().code() !=
                          absl::StatusCode::kNotFound) {
                        return absl::InternalError("GetFunctionType of a memory");
                      }
                      auto r = caller.Call("triple", {Value::I32(5)});
                      if (!r.ok() || (*r)[0] != Value::I32(15)) return absl::InternalError("triple");
                      return absl::OkStatus();
                    })
                  .ok());
  ASSERT_TRUE(linker.Define("env", "reenter", [](int32_t x) { return x; }).ok());
  auto inst = linker.Instantiate(module_);
  ASSERT_TRUE(inst.ok());
  absl::Status s = (*inst)->Call<void()>("say");
  EXPECT_TRUE(s.ok()) << s;
}

// A guest that spends fuel around a host call, sets a global through the
// host and exposes its memory in place.
constexpr char kFuelGuest[] = R"(
(module
  (import "env" "charge" (func $charge (param i64) (result i64)))
  (memory (export "memory") 1)
  (global $counter (export "counter") (mut i32) (i32.const 5))
  (global (export "fixed") i32 (i32.const 1))
  (func (export "run") (param i64) (result i64)
    (call $charge (local.get 0))))
)";

class CallerFuelTest : public ::testing::Test {
 protected:
  Engine engine_{EngineConfig{.metering = true}};
  Linker linker_{engine_};
  std::shared_ptr<const CompiledModule> Compile() {
    auto m = CompiledModule::Compile(
        engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(kFuelGuest),
                                     sizeof(kFuelGuest) - 1));
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : nullptr;
  }
};

TEST_F(CallerFuelTest, HostReadsAndChargesTheRunningCallsFuel) {
  uint64_t seen_before = 0, seen_after = 0;
  ASSERT_TRUE(linker_
                  .Define("env", "charge",
                          [&](Caller& caller, int64_t amount) -> absl::StatusOr<int64_t> {
                            seen_before = caller.remaining_fuel();
                            absl::Status s = caller.ConsumeFuel(uint64_t(amount));
                            seen_after = caller.remaining_fuel();
                            if (!s.ok()) return s;
                            return int64_t(seen_after);
                          })
                  .ok());
  InstanceLimits limits;
  limits.fuel_per_call = 1000;
  auto inst = linker_.Instantiate(Compile(), limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  auto r = (*inst)->Call<int64_t(int64_t)>("run", 100);
  ASSERT_TRUE(r.ok()) << r.status();
  // The guest spent a little before the call; the charge comes off exactly.
  EXPECT_LT(seen_before, 1000u);
  EXPECT_GT(seen_before, 900u);
  EXPECT_EQ(seen_after, seen_before - 100);
  EXPECT_EQ(uint64_t(*r), seen_after);
  EXPECT_LE((*inst)->remaining_fuel(), seen_after);

  // More than is left: nothing is charged and the call traps kFuelExhausted.
  r = (*inst)->Call<int64_t(int64_t)>("run", 5000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kFuelExhausted) << r.status();
  EXPECT_EQ(seen_after, seen_before);
  EXPECT_EQ((*inst)->remaining_fuel(), seen_before);
}

TEST_F(CallerFuelTest, HostGrantsMoreFuel) {
  ASSERT_TRUE(linker_
                  .Define("env", "charge",
                          [](Caller& caller, int64_t grant) -> int64_t {
                            caller.SetFuel(uint64_t(grant));
                            return int64_t(caller.remaining_fuel());
                          })
                  .ok());
  InstanceLimits limits;
  limits.fuel_per_call = 50;
  auto inst = linker_.Instantiate(Compile(), limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  auto r = (*inst)->Call<int64_t(int64_t)>("run", 123456);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, 123456);
  // The rest of the run after the call was charged up front (fuel is
  // charged per straight-line run), so the grant is what is left.
  EXPECT_EQ((*inst)->remaining_fuel(), 123456u);
}

TEST_F(CallerFuelTest, HostSetsTheCallersGlobalsAndSeesItsBytes) {
  std::string errors;
  ASSERT_TRUE(linker_
                  .Define("env", "charge",
                          [&](Caller& caller, int64_t v) -> int64_t {
                            absl::Status s = caller.SetGlobal("counter", Value::I32(int32_t(v)));
                            if (!s.ok()) errors += s.ToString() + ";";
                            if (caller.SetGlobal("fixed", Value::I32(2)).code() !=
                                absl::StatusCode::kFailedPrecondition) {
                              errors += "immutable global was set;";
                            }
                            if (caller.SetGlobal("counter", Value::I64(1)).code() !=
                                absl::StatusCode::kInvalidArgument) {
                              errors += "type mismatch accepted;";
                            }
                            if (caller.SetGlobal("nope", Value::I32(1)).code() !=
                                absl::StatusCode::kNotFound) {
                              errors += "missing global accepted;";
                            }
                            absl::StatusOr<Memory> mem = caller.GetMemory();
                            if (!mem.ok()) return -1;
                            absl::Span<uint8_t> bytes = mem->UnsafeBytes();
                            if (bytes.size() != 65536) errors += "wrong size;";
                            bytes[100] = 42;
                            return 0;
                          })
                  .ok());
  auto inst = linker_.Instantiate(Compile());
  ASSERT_TRUE(inst.ok()) << inst.status();
  ASSERT_TRUE((*inst)->Call<int64_t(int64_t)>("run", 9).ok());
  EXPECT_EQ(errors, "");
  EXPECT_EQ(*(*inst)->GetGlobal("counter"), Value::I32(9));
  EXPECT_EQ(*(*inst)->GetMemory()->Load<uint8_t>(100), 42);
}

}  // namespace
}  // namespace weft
