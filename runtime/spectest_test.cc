#include "runtime/spectest.h"

#include <cstdio>
#include <cstring>

#include "gtest/gtest.h"

namespace weft::runtime {
namespace {

TEST(SpectestTest, DefinesEveryExportWithHarnessTypes) {
  Store store;
  Linker linker;
  ASSERT_TRUE(DefineSpectest(store, linker, nullptr).ok());
  const Extern* g = linker.Find("spectest", "global_i32");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->global->bits[0], 666u);
  EXPECT_FALSE(g->global->is_mutable);
  const Extern* f64 = linker.Find("spectest", "global_f64");
  double d;
  std::memcpy(&d, &f64->global->bits[0], sizeof d);
  EXPECT_EQ(d, 666.6);
  const Extern* table = linker.Find("spectest", "table");
  EXPECT_EQ(table->table->size(), 10u);
  EXPECT_EQ(table->table->max_size, 20u);
  const Extern* mem = linker.Find("spectest", "memory");
  EXPECT_EQ(mem->memory->pages(), 1u);
  EXPECT_EQ(mem->memory->max_pages(), 2u);
  const Extern* p = linker.Find("spectest", "print_i32_f32");
  EXPECT_EQ(*p->func->type, (FuncType{{ValType::kI32, ValType::kF32}, {}}));
  EXPECT_EQ(*linker.Find("spectest", "print")->func->type, FuncType{});
  EXPECT_EQ(linker.Find("spectest", "nope"), nullptr);
}

TEST(SpectestTest, PrintWritesArguments) {
  Store store;
  Linker linker;
  char buf[256] = {};
  std::FILE* out = fmemopen(buf, sizeof buf, "w");
  ASSERT_TRUE(DefineSpectest(store, linker, out).ok());
  const Extern* p = linker.Find("spectest", "print_i32");
  uint64_t args[1] = {uint32_t(-5)};
  EXPECT_EQ(p->func->host(p->func->host_env, args, nullptr, nullptr),
            interp::TrapCode::kOk);
  std::fclose(out);
  EXPECT_STREQ(buf, "-5:i32\n");
}

}  // namespace
}  // namespace weft::runtime
