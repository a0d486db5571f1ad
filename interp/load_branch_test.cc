// Load branches (IR_CMP_BRANCH_LOAD): an i32 compare of the value an
// i32.load just before made branches with the load as one op. Each test
// loads its module as compiled and with CompileOptions::load_branches off,
// and requires every call to end the same way: same results, same trap at
// the same instruction, and, metered, the same fuel left.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

constexpr const char* kCompares[] = {"eq",   "ne",   "lt_s", "lt_u", "gt_s",
                                     "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
// Values with edges of both signednesses.
constexpr uint32_t kValues[] = {0, 1, 7, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};

class LoadBranchTest : public WatTestFixture {
 protected:
  void LoadBoth(const std::string& wat, bool metering = false) {
    LoadWithPassOff(wat, &CompileOptions::load_branches, metering);
  }
  // Stores v at address p in both instances.
  void Poke(uint32_t p, uint32_t v) {
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(Call("poke", {p, v}), TrapCode::kOk);
      std::swap(inst_, reference_);
    }
  }
};

// Per compare: `if` on the loaded value as the left operand, and as the
// right one (the mirrored compare), and a br_if whose loaded value is kept
// in a local (the fused op still writes it).
std::string Module() {
  std::string wat =
      "(module (memory 1)"
      "(func (export \"poke\") (param i32 i32) (i32.store (local.get 0) (local.get 1)))";
  for (const char* c : kCompares) {
    absl::StrAppendFormat(&wat, R"(
      (func (export "%1$s_left") (param $p i32) (param $b i32) (result i32)
        (if (result i32) (i32.%1$s (i32.load offset=4 (local.get $p)) (local.get $b))
          (then (i32.const 1)) (else (i32.const 2))))
      (func (export "%1$s_right") (param $p i32) (param $b i32) (result i32)
        (if (result i32) (i32.%1$s (local.get $b) (i32.load (local.get $p)))
          (then (i32.const 1)) (else (i32.const 2))))
      (func (export "%1$s_kept") (param $p i32) (param $b i32) (result i32) (local $v i32)
        (block $out
          (br_if $out (i32.%1$s (local.tee $v (i32.load (local.get $p))) (local.get $b)))
          (local.set $v (i32.add (local.get $v) (i32.const 100))))
        (local.get $v)))",
                          c);
  }
  return wat + ")";
}

TEST_F(LoadBranchTest, EveryCompareOnEitherSideBranchesAsTheLoadThenTheCompare) {
  LoadBoth(Module());
  for (uint32_t stored : kValues) {
    Poke(16, stored);
    Poke(20, stored);
    for (const char* c : kCompares) {
      for (uint32_t b : kValues) {
        for (const char* form : {"left", "right", "kept"}) {
          const std::string f = absl::StrCat(c, "_", form);
          EXPECT_EQ(ExpectSameAsReference(f.c_str(), {16, b}), TrapCode::kOk);
        }
      }
    }
  }
  for (const char* c : kCompares) {
    for (const char* form : {"left", "right", "kept"}) {
      const std::string f = absl::StrCat(c, "_", form);
      EXPECT_NE(Code(f.c_str()).find("Load "), std::string::npos) << f << Code(f.c_str());
    }
  }
}

TEST_F(LoadBranchTest, AnOutOfBoundsLoadTrapsAtTheLoad) {
  LoadBoth(Module());
  // The last word in memory loads; one byte further, or an address that
  // wraps past 2^32 with the offset, traps.
  for (uint32_t p : {65532u, 65533u, 65536u, 0xfffffffcu}) {
    for (const char* c : kCompares) {
      for (const char* form : {"left", "right", "kept"}) {
        const std::string f = absl::StrCat(c, "_", form);
        const TrapCode t = ExpectSameAsReference(f.c_str(), {p, 1});
        EXPECT_EQ(t, p == 65532u && std::string(form) != "left" ? TrapCode::kOk
                                                               : TrapCode::kMemoryOutOfBounds)
            << f << " " << p;
      }
    }
  }
}

// A search loop (`while (v[i] < key) i++`): the address is the step just
// before, so the fused op takes it from the accumulator; metered, the
// fuel left is the same at every budget.
TEST_F(LoadBranchTest, ASearchLoopTakesItsAddressFromTheAccumulator) {
  const std::string wat = R"((module (memory 1)
    (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "find") (param $p i32) (param $key i32) (result i32)
      (loop $scan
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br_if $scan (i32.lt_s (i32.load (local.get $p)) (local.get $key))))
      (local.get $p))))";
  for (bool metering : {false, true}) {
    LoadBoth(wat, metering);
    for (uint32_t i = 0; i < 64; ++i) Poke(4 * i, i * 3);
    const uint64_t plenty = metering ? uint64_t{1} << 40 : 0;
    for (uint32_t key : {0u, 5u, 60u, 188u, 189u}) {
      EXPECT_EQ(ExpectSameAsReference("find", {0, key}, plenty), TrapCode::kOk) << key;
      if (metering) {
        for (uint64_t fuel = 1; fuel <= 120; ++fuel) ExpectSameAsReference("find", {0, key}, fuel);
      }
    }
    // Runs off the end of memory: the trap is the load's.
    EXPECT_EQ(ExpectSameAsReference("find", {0, 0x7fffffff}, plenty), TrapCode::kMemoryOutOfBounds);
    EXPECT_NE(Code("find").find("BrIfI32LtSLoadAcc"), std::string::npos) << Code("find");
  }
}

}  // namespace
}  // namespace weft::interp
