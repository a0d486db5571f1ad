// Execution of multi-memory, memory64/table64 and custom page sizes: every
// memory has its own bounds and size, 64-bit addresses and offsets never
// wrap into bounds, and 64-bit tables trap (or fail to grow) on indices
// past 32 bits instead of truncating them. Modules are written in the
// text format and read by weft's own parser (wabt 1.0.32 has no table64).
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "interp/wat_test_fixture.h"

namespace weft::interp {
namespace {

constexpr uint64_t kMinus1 = ~uint64_t(0);

class Memory64Test : public WatTestFixture {
 protected:
  void ExpectTrap(const char* name, std::vector<uint64_t> args, TrapCode code) {
    EXPECT_EQ(Call(name, args), code) << name << " " << (args.empty() ? 0 : args[0]);
  }
};

TEST_F(Memory64Test, TwoMemoriesKeepTheirOwnBytesSizesAndBounds) {
  Load(R"((module
    (memory $a 1)
    (memory $b 2)
    (data (memory $b) (i32.const 70000) "\2a")
    (func (export "load_a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
    (func (export "load_b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
    (func (export "store_b") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
    (func (export "store_a") (param i32 i32) (i32.store $a (local.get 0) (local.get 1)))
    (func (export "size_a") (result i32) (memory.size $a))
    (func (export "size_b") (result i32) (memory.size $b))
    (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
    (func (export "copy_b_to_a") (param i32 i32 i32)
      (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
    (func (export "fill_b") (param i32 i32 i32)
      (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
    ;; memory 0 and memory 1 in one function: the registers come back to 0.
    (func (export "mixed") (param i32) (result i32)
      (i32.store8 $a (local.get 0) (i32.const 7))
      (i32.add (i32.load8_u $b (local.get 0)) (i32.load8_u $a (local.get 0))))
  ))");
  EXPECT_EQ(Run("load_b", {70000}), 42u);           // the segment went to $b
  ExpectTrap("load_a", {70000}, TrapCode::kMemoryOutOfBounds);  // $a is 1 page
  Run("store_b", {100, 0x11223344});
  EXPECT_EQ(Run("load_b", {100}), 0x44u);
  EXPECT_EQ(Run("load_a", {100}), 0u);
  EXPECT_EQ(Run("size_a"), 1u);
  EXPECT_EQ(Run("size_b"), 2u);
  EXPECT_EQ(Run("grow_b", {1}), 2u);
  EXPECT_EQ(Run("size_b"), 3u);
  EXPECT_EQ(Run("size_a"), 1u);
  EXPECT_EQ(Run("load_b", {3 * 65536 - 1}), 0u);
  ExpectTrap("load_b", {3 * 65536}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("store_b", {3 * 65536 - 3, 1}, TrapCode::kMemoryOutOfBounds);
  Run("copy_b_to_a", {8, 100, 4});
  EXPECT_EQ(Run("load_a", {8}), 0x44u);
  EXPECT_EQ(Run("load_a", {11}), 0x11u);
  ExpectTrap("copy_b_to_a", {65535, 100, 2}, TrapCode::kMemoryOutOfBounds);
  Run("fill_b", {150000, 9, 3});
  EXPECT_EQ(Run("load_b", {150002}), 9u);
  ExpectTrap("fill_b", {3 * 65536 - 2, 9, 3}, TrapCode::kMemoryOutOfBounds);
  Run("store_b", {300, 5});
  EXPECT_EQ(Run("mixed", {300}), 12u);
  EXPECT_EQ(Run("load_a", {300}), 7u);
}

TEST_F(Memory64Test, SixtyFourBitAddressesNeverWrap) {
  Load(R"((module
    (memory i64 1 2)
    (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
    (func (export "load_off") (param i64) (result i32)
      (i32.load offset=0xFFFFFFFFFFFFFFFF (local.get 0)))
    (func (export "load_off4g") (param i64) (result i32)
      (i32.load8_u offset=0x100000000 (local.get 0)))
    (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "v128") (param i64) (result i64)
      (i64x2.extract_lane 0 (v128.load (local.get 0))))
    (func (export "size") (result i64) (memory.size))
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
    (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 1) (local.get 1)))
  ))");
  Run("store", {65528, 0x0102030405060708});
  EXPECT_EQ(Run("load", {65532}), 0x01020304u);
  EXPECT_EQ(Run("v128", {65520}), 0u);
  ExpectTrap("load", {65533}, TrapCode::kMemoryOutOfBounds);
  // Past 32 bits: an address that would be in bounds if truncated.
  ExpectTrap("load", {uint64_t(1) << 32}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("load", {(uint64_t(1) << 32) + 8}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("load", {kMinus1}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("store", {(uint64_t(1) << 32) + 16, 1}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("v128", {uint64_t(1) << 32}, TrapCode::kMemoryOutOfBounds);
  // address + offset wraps to 0 in 64 bits: must trap, not read byte 0.
  ExpectTrap("load_off", {1}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("load_off", {0}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("load_off4g", {0}, TrapCode::kMemoryOutOfBounds);
  // A length that would wrap around.
  ExpectTrap("fill", {8, kMinus1}, TrapCode::kMemoryOutOfBounds);
  ExpectTrap("fill", {uint64_t(1) << 32, 0}, TrapCode::kMemoryOutOfBounds);
  Run("fill", {65536, 0});  // zero bytes at the end is in bounds
  EXPECT_EQ(Run("size"), 1u);
  EXPECT_EQ(Run("grow", {uint64_t(1) << 40}), kMinus1);  // -1 as an i64
  EXPECT_EQ(Run("grow", {2}), kMinus1);                  // past the maximum
  EXPECT_EQ(Run("grow", {1}), 1u);
  EXPECT_EQ(Run("size"), 2u);
  EXPECT_EQ(Run("load", {131068}), 0u);
}

TEST_F(Memory64Test, CopyAndInitBetweenI32AndI64Memories) {
  Load(R"((module
    (memory $small 1)
    (memory $big i64 1)
    (data $d "abcd")
    (func (export "init_big") (param i64 i32 i32) (memory.init $big $d (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_to_small") (param i32 i64 i32)
      (memory.copy $small $big (local.get 0) (local.get 1) (local.get 2)))
    (func (export "load_small") (param i32) (result i32) (i32.load8_u $small (local.get 0)))
    (func (export "load_big") (param i64) (result i32) (i32.load8_u $big (local.get 0)))
  ))");
  Run("init_big", {1000, 1, 3});
  EXPECT_EQ(Run("load_big", {1001}), uint64_t('c'));
  ExpectTrap("init_big", {uint64_t(1) << 32, 0, 1}, TrapCode::kMemoryOutOfBounds);
  Run("copy_to_small", {5, 1000, 3});
  EXPECT_EQ(Run("load_small", {5}), uint64_t('b'));
  ExpectTrap("copy_to_small", {5, (uint64_t(1) << 32) + 1000, 3}, TrapCode::kMemoryOutOfBounds);
}

TEST_F(Memory64Test, Table64IndicesPast32BitsTrap) {
  Load(R"((module
    (type $r (func (result i32)))
    (table $t i64 2 10 funcref)
    (elem (table $t) (i64.const 0) func $seven)
    (func $seven (type $r) (i32.const 7))
    (func (export "call") (param i64) (result i32) (call_indirect $t (type $r) (local.get 0)))
    (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "set") (param i64) (table.set $t (local.get 0) (ref.func $seven)))
    (func (export "size") (result i64) (table.size $t))
    (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
    (func (export "fill") (param i64 i64) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
  ))");
  EXPECT_EQ(Run("call", {0}), 7u);
  // 2^32 truncated would be index 0: it must trap instead.
  ExpectTrap("call", {uint64_t(1) << 32}, TrapCode::kUndefinedElement);
  ExpectTrap("is_null", {uint64_t(1) << 32}, TrapCode::kTableOutOfBounds);
  ExpectTrap("set", {(uint64_t(1) << 32) + 1}, TrapCode::kTableOutOfBounds);
  EXPECT_EQ(Run("is_null", {1}), 1u);
  Run("set", {1});
  EXPECT_EQ(Run("is_null", {1}), 0u);
  EXPECT_EQ(Run("size"), 2u);
  EXPECT_EQ(Run("grow", {(uint64_t(1) << 32) + 1}), kMinus1);  // not a grow by 1
  EXPECT_EQ(Run("grow", {3}), 2u);
  EXPECT_EQ(Run("size"), 5u);
  ExpectTrap("fill", {0, (uint64_t(1) << 32) + 1}, TrapCode::kTableOutOfBounds);
  Run("fill", {0, 5});
  EXPECT_EQ(Run("is_null", {1}), 1u);
}

TEST_F(Memory64Test, OneBytePages) {
  Load(R"((module
    (memory 3 10 (pagesize 1))
    (func (export "size") (result i32) (memory.size))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  ))");
  EXPECT_EQ(Run("size"), 3u);
  EXPECT_EQ(Run("load", {2}), 0u);
  ExpectTrap("load", {3}, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Run("grow", {5}), 3u);
  EXPECT_EQ(Run("size"), 8u);
  EXPECT_EQ(Run("load", {7}), 0u);
  ExpectTrap("load", {8}, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(Run("grow", {3}), uint32_t(-1));
}

}  // namespace
}  // namespace weft::interp
