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

}  // namespace
}  // namespace weft
