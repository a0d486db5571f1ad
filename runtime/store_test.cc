#include "runtime/store.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/strings/match.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"

namespace weft::runtime {
namespace {

using interp::TrapCode;

// Assembles `wat` with wabt's wat2wasm (installed with the toolchain) and
// decodes it.
std::shared_ptr<const Module> Wat(const std::string& wat) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = tmp ? tmp : "/tmp";
  std::string in = dir + "/m.wat", out = dir + "/m.wasm";
  std::ofstream(in) << wat;
  std::string cmd = "wat2wasm " + in + " -o " + out;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << wat;
  std::ifstream f(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                             std::istreambuf_iterator<char>());
  auto m = DecodeModule(bytes);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? std::shared_ptr<const Module>(std::move(*m)) : nullptr;
}

interp::TrapCode NoopHost(void*, const uint64_t*, uint64_t*,
                          interp::ExecContext*) {
  return TrapCode::kOk;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Extern f{ExternKind::kFunc};
    f.func = store_.AddHostFunction(FuncType{{ValType::kI32}, {}}, NoopHost,
                                    nullptr);
    linker_.Define("env", "f", f);
    Extern mem{ExternKind::kMemory};
    mem.memory_type = MemoryType{Limits{1, true, 2}};
    mem.memory = store_.AddMemory(mem.memory_type);
    memory_ = mem.memory;
    linker_.Define("env", "mem", mem);
    Extern table{ExternKind::kTable};
    table.table_type = TableType{ValType::kFuncRef, Limits{4, true, 8}};
    table.table = store_.AddTable(table.table_type, interp::kNullRef);
    table_ = table.table;
    linker_.Define("env", "table", table);
    Extern g{ExternKind::kGlobal};
    g.global = store_.AddGlobal(GlobalType{ValType::kI32, false}, 666);
    linker_.Define("env", "g", g);
  }

  absl::StatusOr<Instance*> Inst(const std::string& wat,
                                 InstantiateOptions options = {}) {
    return store_.Instantiate(Wat(wat), nullptr, linker_, options);
  }

  Store store_;
  Linker linker_;
  interp::LinearMemory* memory_ = nullptr;
  interp::Table* table_ = nullptr;
};

TEST_F(StoreTest, LinksImportsAndInitialises) {
  auto inst = Inst(R"(
    (module
      (import "env" "f" (func $f (param i32)))
      (import "env" "mem" (memory 1))
      (import "env" "table" (table 2 funcref))
      (import "env" "g" (global $g i32))
      (global (export "copy") i32 (global.get $g))
      (global (export "fref") funcref (ref.func $h))
      (func $h)
      (elem (i32.const 1) $f $h)
      (data (i32.const 10) "hi")
      (export "h" (func $h)))
  )");
  ASSERT_TRUE(inst.ok()) << inst.status();
  EXPECT_EQ((*inst)->FindExport("copy")->global->bits[0], 666u);
  const Extern* h = (*inst)->FindExport("h");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ((*inst)->FindExport("fref")->global->bits[0], h->func->AsRef());
  EXPECT_EQ(table_->elements[1], linker_.Find("env", "f")->func->AsRef());
  EXPECT_EQ(table_->elements[2], h->func->AsRef());
  EXPECT_EQ(memory_->base()[10], 'h');
  EXPECT_EQ(memory_->base()[11], 'i');
  // Active segments are dropped after instantiation.
  EXPECT_TRUE((*inst)->data.elem_segments[0].empty());
  EXPECT_TRUE((*inst)->data.data_segments[0].empty());
}

TEST_F(StoreTest, UnknownAndIncompatibleImports) {
  auto unknown = Inst(R"((module (import "env" "nope" (func))))");
  EXPECT_TRUE(IsLinkError(unknown.status()));
  EXPECT_TRUE(absl::StartsWith(unknown.status().message(), "unknown import"));
  for (const char* wat : {
           R"((module (import "env" "f" (func (param i64)))))",
           R"((module (import "env" "f" (table 1 funcref))))",
           R"((module (import "env" "mem" (memory 2))))",
           R"((module (import "env" "mem" (memory 1 1))))",
           R"((module (import "env" "table" (table 5 funcref))))",
           R"((module (import "env" "table" (table 1 externref))))",
           R"((module (import "env" "g" (global (mut i32)))))",
           R"((module (import "env" "g" (global i64))))",
       }) {
    auto r = Inst(wat);
    EXPECT_TRUE(IsLinkError(r.status())) << wat << r.status();
    EXPECT_TRUE(absl::StartsWith(r.status().message(),
                                 "incompatible import type"))
        << r.status();
  }
  EXPECT_TRUE(Inst(R"((module (import "env" "mem" (memory 0 2))))").ok());
  EXPECT_TRUE(
      Inst(R"((module (import "env" "table" (table 3 10 funcref))))").ok());
}

TEST_F(StoreTest, SegmentTrapKeepsEarlierEffectsInSharedObjects) {
  auto r = Inst(R"(
    (module
      (import "env" "mem" (memory 1))
      (import "env" "table" (table 1 funcref))
      (func $h)
      (elem (i32.const 0) $h)
      (elem (i32.const 3) $h $h)
      (data (i32.const 0) "x"))
  )");
  EXPECT_EQ(TrapCodeOf(r.status()), TrapCode::kTableOutOfBounds);
  EXPECT_EQ(r.status().message(), "out of bounds table access");
  EXPECT_NE(table_->elements[0], interp::kNullRef);  // first segment applied
  EXPECT_EQ(memory_->base()[0], 0);                   // data never reached

  auto d = Inst(R"(
    (module
      (import "env" "mem" (memory 1))
      (data (i32.const 100) "ab")
      (data (i32.const 65535) "cd"))
  )");
  EXPECT_EQ(TrapCodeOf(d.status()), TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(memory_->base()[100], 'a');
  // An empty segment exactly at the end is in bounds.
  EXPECT_TRUE(Inst(R"((module (memory 1) (data (i32.const 65536) "")))").ok());
}

TEST_F(StoreTest, MemoryLimitIsEnforced) {
  InstantiateOptions opts;
  opts.max_memory_pages = 3;
  auto big = Inst(R"((module (memory 4)))", opts);
  EXPECT_TRUE(absl::IsResourceExhausted(big.status())) << big.status();
  auto ok = Inst(R"((module (memory (export "m") 1)))", opts);
  ASSERT_TRUE(ok.ok()) << ok.status();
  interp::LinearMemory* m = (*ok)->data.memory;
  EXPECT_EQ(m->Grow(3), -1);
  EXPECT_EQ(m->Grow(2), 1);
  EXPECT_EQ(m->pages(), 3u);
}

TEST_F(StoreTest, StartFunctionRunsThroughHookAndTrapsAreReported) {
  InstantiateOptions opts;
  int calls = 0;
  opts.run_start = [&](interp::FunctionInstance* f) {
    ++calls;
    EXPECT_EQ(f->func_index, 0u);
    return TrapCode::kUnreachable;
  };
  auto r = Inst(R"((module (func $s unreachable) (start $s)))", opts);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(TrapCodeOf(r.status()), TrapCode::kUnreachable);
  EXPECT_EQ(r.status().message(), "unreachable");
}

}  // namespace
}  // namespace weft::runtime
