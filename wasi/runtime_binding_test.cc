#include "wasi/runtime_binding.h"

#include "gtest/gtest.h"
#include "wasi/mem_os.h"

namespace weft::wasi {
namespace {

constexpr absl::string_view kModule = "wasi_snapshot_preview1";

TEST(WasiBinding, DefinesAllFunctionsAndCallsThrough) {
  runtime::Store store;
  runtime::Linker linker;
  auto stdout_buf = std::make_shared<MemoryStream>();
  WasiConfig c;
  c.os = std::make_shared<MemOs>();
  c.args = {"prog"};
  c.stdout_config = StdioConfig::Buffer(stdout_buf);
  auto ctx = WasiContext::Create(std::move(c));
  ASSERT_TRUE(ctx.ok());
  auto binding = WasiBinding::Define(store, linker, **ctx);
  for (const WasiFunction& f : WasiFunctions()) {
    const runtime::Extern* e = linker.Find(kModule, f.name);
    ASSERT_NE(e, nullptr) << f.name;
    ASSERT_NE(e->func, nullptr);
    EXPECT_TRUE(e->func->is_host());
    EXPECT_EQ(*e->func->type, WasiFunctionType(f)) << f.name;
  }
  MemoryType mt;
  mt.limits.min = 1;
  interp::LinearMemory* mem = store.AddMemory(mt);
  ASSERT_NE(mem, nullptr);
  binding->SetMemory(mem);
  interp::ExecContext ectx;
  // fd_write(1, iovs=16, 1, nwritten=32) writing "hi" from offset 64.
  std::memcpy(mem->base() + 64, "hi", 2);
  uint32_t iov[2] = {64, 2};
  std::memcpy(mem->base() + 16, iov, 8);
  const runtime::Extern* w = linker.Find(kModule, "fd_write");
  uint64_t args[4] = {1, 16, 1, 32};
  uint64_t results[1] = {99};
  ASSERT_EQ(w->func->host(w->func->host_env, args, results, &ectx),
            interp::TrapCode::kOk);
  EXPECT_EQ(results[0], 0u);
  EXPECT_EQ(stdout_buf->data, "hi");
  // A wild pointer is EFAULT, not a trap.
  args[1] = 0xFFFFFFF0u;
  ASSERT_EQ(w->func->host(w->func->host_env, args, results, &ectx),
            interp::TrapCode::kOk);
  EXPECT_EQ(results[0], static_cast<uint64_t>(Errno::kFault));
  // proc_exit unwinds as a host trap carrying the code.
  const runtime::Extern* x = linker.Find(kModule, "proc_exit");
  uint64_t code[1] = {5};
  EXPECT_EQ(x->func->host(x->func->host_env, code, results, &ectx),
            interp::TrapCode::kHostTrap);
  EXPECT_EQ(ectx.trap_detail, "proc_exit(5)");
  ASSERT_TRUE((*ctx)->exit_code().has_value());
  EXPECT_EQ(*(*ctx)->exit_code(), 5u);
}

}  // namespace
}  // namespace weft::wasi
