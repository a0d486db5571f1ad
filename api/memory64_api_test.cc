// The embedding API over several memories (multi-memory) and 64-bit ones
// (memory64): every exported memory is reachable by its name, from the
// instance and from a host function's Caller; InstanceLimits caps each
// memory, 64-bit ones too; the pristine image covers every memory.
#include <cstdint>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "weft/caller.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"

namespace weft {
namespace {

constexpr char kWat[] = R"((module
  (import "env" "peek_second" (func $peek (param i32) (result i32)))
  (memory (export "memory") 1)
  (memory $second (export "second") i64 1 3)
  (data (memory $second) (i64.const 16) "\2a")
  (func (export "store_second") (param i64 i32) (i32.store8 $second (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))
  (func (export "grow_second") (param i64) (result i64) (memory.grow $second (local.get 0)))
))";

std::shared_ptr<const CompiledModule> Compile(const Engine& engine, const std::string& wat) {
  auto m = CompiledModule::Compile(
      engine, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(wat.data()), wat.size()));
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : nullptr;
}

class Memory64ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    module_ = Compile(engine_, kWat);
    ASSERT_NE(module_, nullptr);
    ASSERT_TRUE(linker_
                    .Define("env", "peek_second",
                            [](Caller& caller, int32_t at) -> absl::StatusOr<int32_t> {
                              absl::StatusOr<Memory> mem = caller.GetMemory("second");
                              if (!mem.ok()) return mem.status();
                              absl::StatusOr<uint8_t> b = mem->Load<uint8_t>(uint32_t(at));
                              if (!b.ok()) return b.status();
                              return int32_t(*b);
                            })
                    .ok());
  }
  Engine engine_;
  Linker linker_{engine_};
  std::shared_ptr<const CompiledModule> module_;
};

TEST_F(Memory64ApiTest, EveryExportedMemoryByName) {
  auto inst = linker_.Instantiate(module_);
  ASSERT_TRUE(inst.ok()) << inst.status();
  auto first = (*inst)->GetMemory();
  auto second = (*inst)->GetMemory("second");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*second->Load<uint8_t>(16), 42);
  EXPECT_EQ(*first->Load<uint8_t>(16), 0);
  ASSERT_TRUE((*inst)->Call<void(int64_t, int32_t)>("store_second", 100, 7).ok());
  EXPECT_EQ(*second->Load<uint8_t>(100), 7);
  EXPECT_EQ(*first->Load<uint8_t>(100), 0);
  // The host function sees the caller's second memory.
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("peek", 16), 42);
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("peek", 100), 7);
}

TEST_F(Memory64ApiTest, InstanceLimitCapsEveryMemory) {
  InstanceLimits limits;
  limits.max_memory_pages = 2;
  auto inst = linker_.Instantiate(module_, limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  EXPECT_EQ(*(*inst)->Call<int64_t(int64_t)>("grow_second", 1), 1);
  EXPECT_EQ(*(*inst)->Call<int64_t(int64_t)>("grow_second", 1), -1);  // declared max 3, cap 2
  EXPECT_EQ((*inst)->GetMemory("second")->max_pages(), 2u);
  // A 64-bit memory whose minimum exceeds the cap is refused.
  auto big = Compile(engine_, "(module (memory i64 3))");
  ASSERT_NE(big, nullptr);
  auto refused = linker_.Instantiate(big, limits);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(Memory64ApiTest, PristineResetCoversEveryMemory) {
  auto inst = linker_.Instantiate(module_);
  ASSERT_TRUE(inst.ok()) << inst.status();
  ASSERT_TRUE((*inst)->SavePristine().ok());
  ASSERT_TRUE((*inst)->Call<void(int64_t, int32_t)>("store_second", 16, 9).ok());
  EXPECT_EQ(*(*inst)->Call<int64_t(int64_t)>("grow_second", 1), 1);
  ASSERT_TRUE((*inst)->ResetToPristine().ok());
  auto second = (*inst)->GetMemory("second");
  EXPECT_EQ(*second->Load<uint8_t>(16), 42);
  EXPECT_EQ(second->pages(), 1u);
}

}  // namespace
}  // namespace weft
