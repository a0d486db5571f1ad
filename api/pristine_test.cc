// Instance::SavePristine / ResetToPristine: nothing one call leaves behind
// survives a reset.
#include "api/test_util.h"
#include "gtest/gtest.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

class PristineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = testing::CompileTestModule(engine_, "pristine");
    ASSERT_TRUE(m.ok()) << m.status();
    auto inst = linker_.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.status();
    inst_ = *std::move(inst);
  }
  int32_t I32(const char* f) { return *inst_->Call<int32_t()>(f); }

  Engine engine_;
  Linker linker_{engine_};
  std::unique_ptr<Instance> inst_;
};

TEST_F(PristineTest, ResetErasesEverythingACallLeft) {
  ASSERT_TRUE(inst_->SavePristine().ok());
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(inst_->Call<void(int32_t)>("dirty", 4096 * (round + 1)).ok());
    EXPECT_EQ(I32("count_secret"), 2);
    EXPECT_EQ(I32("pages"), 18);
    EXPECT_EQ(inst_->GetGlobal("g")->i32(), 99);
    EXPECT_EQ(I32("table_size"), 5);
    // The element was cleared and the segment dropped again.
    EXPECT_EQ(GetTrapCode(inst_->Call<int32_t()>("table_call").status()),
              TrapCode::kUninitializedElement);
    EXPECT_EQ(GetTrapCode(inst_->Call<void()>("init_data")), TrapCode::kMemoryOutOfBounds);

    ASSERT_TRUE(inst_->ResetToPristine().ok());
    EXPECT_EQ(I32("count_secret"), 0) << "round " << round;
    EXPECT_EQ(I32("pages"), 16);
    EXPECT_EQ(inst_->GetGlobal("g")->i32(), 7);
    EXPECT_EQ(I32("table_size"), 2);
    EXPECT_EQ(I32("table_call"), 8);
    EXPECT_TRUE(inst_->Call<void()>("init_data").ok());
    ASSERT_TRUE(inst_->ResetToPristine().ok());  // undo init_data's write too
  }
}

TEST_F(PristineTest, StateBeforeSaveIsKept) {
  ASSERT_TRUE(inst_->Call<void(int32_t)>("dirty", 64).ok());
  ASSERT_TRUE(inst_->SavePristine().ok());  // the dirty state is now pristine
  ASSERT_TRUE(inst_->SetGlobal("g", Value::I32(5)).ok());
  ASSERT_TRUE(inst_->ResetToPristine().ok());
  EXPECT_EQ(inst_->GetGlobal("g")->i32(), 99);
  EXPECT_EQ(I32("count_secret"), 2);
  EXPECT_EQ(I32("pages"), 18);
}

TEST_F(PristineTest, ResetWithoutSaveIsAnError) {
  EXPECT_EQ(inst_->ResetToPristine().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(PristineImportTest, SharedMemoryCannotBeReset) {
  Engine engine;
  Linker linker(engine);
  auto exporter = testing::CompileTestModule(engine, "pristine");
  ASSERT_TRUE(exporter.ok());
  auto a = linker.Instantiate(*exporter);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(linker.DefineInstance("a", **a).ok());
  auto importer = testing::CompileTestModule(engine, "memory_importer");
  ASSERT_TRUE(importer.ok());
  auto b = linker.Instantiate(*importer);
  ASSERT_TRUE(b.ok()) << b.status();
  absl::Status s = (*b)->SavePristine();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("imports memory \"a\" \"memory\""), absl::string_view::npos) << s;
}

}  // namespace
}  // namespace weft
