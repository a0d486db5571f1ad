// The collector (docs/gc.md) through the public API: roots in frames
// (locals and operand stack, across deep recursion), globals, tables and
// host-held references survive collections; cycles and garbage do not;
// the heap limit traps with its own code; a long allocation-heavy loop
// keeps the heap bounded; pristine reset empties the heap.
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/gc.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

std::vector<uint8_t> GcWasm() {
  std::ifstream in("api/testdata_gc/gc.wasm", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct Fixture {
  Engine engine;
  std::unique_ptr<Instance> instance;
  explicit Fixture(InstanceLimits limits = {}) {
    auto module = CompiledModule::Compile(engine, GcWasm());
    EXPECT_TRUE(module.ok()) << module.status();
    Linker linker(engine);
    auto inst = linker.Instantiate(*module, limits);
    EXPECT_TRUE(inst.ok()) << inst.status();
    instance = std::move(*inst);
  }
  Instance& i() { return *instance; }
};

int32_t CallI32(Instance& i, const char* name, std::vector<Value> args = {}) {
  auto r = i.Call(name, args);
  EXPECT_TRUE(r.ok()) << name << ": " << r.status();
  if (!r.ok() || r->empty()) return -1;
  return (*r)[0].i32();
}

void CallVoid(Instance& i, const char* name, std::vector<Value> args = {}) {
  auto r = i.Call(name, args);
  EXPECT_TRUE(r.ok()) << name << ": " << r.status();
}

TEST(GcTest, GarbageIsFreedAndCollectionsHappenByVolume) {
  Fixture f;
  CallVoid(f.i(), "churn", {Value::I32(20000), Value::I32(1000)});  // ~20 MB
  const GcHeapStats s = f.i().gc_heap_stats();
  EXPECT_GT(s.collections, 0u);
  EXPECT_LT(s.bytes, 8u << 20);  // the trigger is ~1 MiB or half the live heap
  auto freed = f.i().CollectGarbage();
  ASSERT_TRUE(freed.ok());
  EXPECT_EQ(f.i().gc_heap_stats().bytes, 0u);
  EXPECT_EQ(f.i().gc_heap_stats().objects, 0u);
}

TEST(GcTest, CyclesAreCollected) {
  Fixture f;
  CallVoid(f.i(), "cycles", {Value::I32(10000)});
  EXPECT_EQ(f.i().gc_heap_stats().objects, 20000u);
  ASSERT_TRUE(f.i().CollectGarbage().ok());
  EXPECT_EQ(f.i().gc_heap_stats().objects, 0u);
}

TEST(GcTest, ObjectsReachableOnlyFromGlobalsAndTablesSurvive) {
  Fixture f;
  CallVoid(f.i(), "keep_in_global", {Value::I32(100)});
  CallVoid(f.i(), "keep_in_table", {Value::I32(200)});
  CallVoid(f.i(), "churn", {Value::I32(5000), Value::I32(1000)});
  ASSERT_TRUE(f.i().CollectGarbage().ok());
  EXPECT_GT(f.i().gc_heap_stats().collections, 1u);
  EXPECT_EQ(f.i().gc_heap_stats().objects, 300u);
  EXPECT_EQ(CallI32(f.i(), "sum_global"), 100 * 101 / 2);
  EXPECT_EQ(CallI32(f.i(), "sum_table"), 200 * 201 / 2);
  CallVoid(f.i(), "clear_roots");
  ASSERT_TRUE(f.i().CollectGarbage().ok());
  EXPECT_EQ(f.i().gc_heap_stats().objects, 0u);
}

TEST(GcTest, FramesKeepTheirReferencesAcrossCollectionsInDeepRecursion) {
  Fixture f;
  // 300 levels, each holding a node in a local (and a 3-node list behind
  // it) and one on its operand stack while 200 KB of garbage per level
  // forces collections above and below it.
  const uint64_t before = f.i().gc_heap_stats().collections;
  EXPECT_EQ(CallI32(f.i(), "deep", {Value::I32(299)}), 300);
  EXPECT_GT(f.i().gc_heap_stats().collections, before + 10);
}

TEST(GcTest, FunctionReferencesBesideGcValuesAreNotTraced) {
  Fixture f;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(CallI32(f.i(), "funcrefs_survive"), 6 + 3);
  EXPECT_GT(f.i().gc_heap_stats().collections, 0u);
}

TEST(GcTest, CallResultsThatAreOperandsOfAnAllocationAreRoots) {
  Fixture f;
  // 20000 chains of 100 nodes (80 MB): collections land on allocations
  // whose tail operand the call just before returned.
  EXPECT_EQ(CallI32(f.i(), "chains", {Value::I32(20000)}), 20000 * 5050);
  EXPECT_GT(f.i().gc_heap_stats().collections, 10u);
}

TEST(GcTest, HostHeldReferencesSurviveCollections) {
  Fixture f;
  auto r = f.i().Call("list", {Value::I32(50)});
  ASSERT_TRUE(r.ok()) << r.status();
  auto held = f.i().Hold((*r)[0]);
  ASSERT_TRUE(held.ok()) << held.status();
  CallVoid(f.i(), "churn", {Value::I32(5000), Value::I32(1000)});
  ASSERT_TRUE(f.i().CollectGarbage().ok());
  EXPECT_EQ(f.i().gc_heap_stats().objects, 50u);
  EXPECT_EQ(CallI32(f.i(), "sum", {held->value()}), 50 * 51 / 2);
  // Fields through the API: the head node holds 1 (the list is built
  // from n down).
  auto v = held->GetField(0);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->i32(), 1);
  ASSERT_TRUE(held->SetField(0, Value::I32(1001)).ok());
  EXPECT_EQ(CallI32(f.i(), "sum", {held->value()}), 50 * 51 / 2 + 1000);
  EXPECT_FALSE(held->GetField(1).ok());  // a reference field
  EXPECT_FALSE(held->GetField(2).ok());  // no such field
  *held = GcRef();  // released
  ASSERT_TRUE(f.i().CollectGarbage().ok());
  EXPECT_EQ(f.i().gc_heap_stats().objects, 0u);
}

TEST(GcTest, StructAndArrayAccessFromTheHost) {
  Fixture f;
  auto p = f.i().Call("make_point", {});
  ASSERT_TRUE(p.ok()) << p.status();
  auto pt = f.i().Hold((*p)[0]);
  ASSERT_TRUE(pt.ok()) << pt.status();
  EXPECT_TRUE(pt->is_struct());
  EXPECT_EQ(pt->GetField(0)->f64(), 1.5);
  EXPECT_EQ(pt->GetField(1, /*sign_extend=*/true)->i32(), -2);
  EXPECT_EQ(pt->GetField(1)->i32(), 0xFFFE);
  EXPECT_EQ(pt->GetField(2)->i64(), 7);
  EXPECT_TRUE(pt->SetField(0, Value::F64(-4.25)).ok());
  EXPECT_EQ(pt->SetField(1, Value::I32(3)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(pt->SetField(2, Value::I32(3)).code(), absl::StatusCode::kInvalidArgument);
  auto x = f.i().Call("point_x", {pt->value()});
  ASSERT_TRUE(x.ok()) << x.status();
  EXPECT_EQ((*x)[0].f64(), -4.25);

  auto a = f.i().Call("make_bytes", {Value::I32(5)});
  ASSERT_TRUE(a.ok()) << a.status();
  auto bytes = f.i().Hold((*a)[0]);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes->ArrayLength(), 5u);
  EXPECT_EQ(bytes->GetElement(4)->i32(), 200);
  EXPECT_EQ(bytes->GetElement(4, true)->i32(), -56);
  ASSERT_TRUE(bytes->SetElement(0, Value::I32(0x101)).ok());  // truncated to 1
  EXPECT_EQ(bytes->GetElement(5).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(CallI32(f.i(), "bytes_sum", {bytes->value()}), 4 * 200 + 1);
}

TEST(GcTest, I31FromAndToTheHost) {
  Fixture f;
  EXPECT_EQ(CallI32(f.i(), "i31_neg", {MakeI31(-77)}), 77);
  EXPECT_EQ(*I31GetS(MakeI31(-1)), -1);
  EXPECT_EQ(*I31GetU(MakeI31(-1)), 0x7FFFFFFFu);
  EXPECT_FALSE(I31GetS(Value::I32(1)).ok());
  auto held = f.i().Hold(MakeI31(5));  // nothing to root, still usable
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(CallI32(f.i(), "i31_neg", {held->value()}), -5);
}

TEST(GcTest, HeapLimitTrapsWithItsOwnCode) {
  InstanceLimits limits;
  limits.max_gc_heap_bytes = 1 << 20;
  Fixture f(limits);
  // 100000 live nodes of 40 bytes cannot fit in 1 MiB.
  auto r = f.i().Call("grow", {Value::I32(100000)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kGcHeapExhausted) << r.status();
  EXPECT_LE(f.i().gc_heap_stats().bytes, 1u << 20);
  // Garbage churned far past the limit is fine: collections free it.
  CallVoid(f.i(), "churn", {Value::I32(50000), Value::I32(1000)});
  // And the instance still works.
  EXPECT_EQ(CallI32(f.i(), "grow", {Value::I32(1000)}), 1000 * 1001 / 2);
}

TEST(GcTest, StressLoopKeepsTheHeapBounded) {
  Fixture f;
  // 2 million iterations, 2 allocations each (~400 MB allocated in all).
  uint64_t peak = 0;
  for (int round = 0; round < 4; ++round) {
    EXPECT_GE(CallI32(f.i(), "stress", {Value::I32(500000)}), 0);
    peak = std::max(peak, f.i().gc_heap_stats().bytes);
  }
  EXPECT_GT(f.i().gc_heap_stats().collections, 100u);
  EXPECT_LT(peak, 4u << 20);
}

TEST(GcTest, PristineResetEmptiesTheHeap) {
  Fixture f;
  ASSERT_TRUE(f.i().SavePristine().ok());
  CallVoid(f.i(), "keep_in_global", {Value::I32(1000)});
  CallVoid(f.i(), "cycles", {Value::I32(100)});
  EXPECT_GT(f.i().gc_heap_stats().bytes, 0u);
  ASSERT_TRUE(f.i().ResetToPristine().ok());
  EXPECT_EQ(f.i().gc_heap_stats().bytes, 0u);
  EXPECT_EQ(f.i().gc_heap_stats().objects, 0u);
  EXPECT_EQ(CallI32(f.i(), "sum_global"), 0);  // the global is null again
  // A reference the host holds survives a reset (and stays usable).
  auto r = f.i().Call("list", {Value::I32(10)});
  ASSERT_TRUE(r.ok());
  auto held = f.i().Hold((*r)[0]);
  ASSERT_TRUE(held.ok());
  ASSERT_TRUE(f.i().ResetToPristine().ok());
  EXPECT_EQ(f.i().gc_heap_stats().objects, 10u);
  EXPECT_EQ(CallI32(f.i(), "sum", {held->value()}), 55);
  *held = GcRef();
  ASSERT_TRUE(f.i().ResetToPristine().ok());
  EXPECT_EQ(f.i().gc_heap_stats().bytes, 0u);
}

}  // namespace
}  // namespace weft
