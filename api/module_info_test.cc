// ModuleInfo::Inspect: modules that validate, modules that only decode
// (out-of-range indices stay unresolved), and bytes that do not decode.
#include "weft/module_info.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<ModuleInfo> Inspect(const std::vector<uint8_t>& bytes) {
  return ModuleInfo::Inspect(absl::MakeConstSpan(bytes));
}

// (module (type (func (param i32) (result i32)))
//   (import "env" "f" (func (type 0)))
//   (memory 1 2) (export "mem" (memory 0)) (export "f" (func 0)))
const std::vector<uint8_t> kValid = {
    0, 'a', 's', 'm', 1, 0, 0, 0,
    1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f,                // type
    2, 9, 1, 3, 'e', 'n', 'v', 1, 'f', 0, 0,        // import
    5, 4, 1, 1, 1, 2,                               // memory
    7, 11, 2, 3, 'm', 'e', 'm', 2, 0, 1, 'f', 0, 0  // export
};

TEST(ModuleInfoTest, DescribesAValidModule) {
  absl::StatusOr<ModuleInfo> info = Inspect(kValid);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(info->validation.ok()) << info->validation;
  EXPECT_EQ(info->size, kValid.size());
  ASSERT_EQ(info->sections.size(), 4u);
  EXPECT_EQ(info->sections[0].name, "type");
  EXPECT_EQ(info->sections[0].offset, 8u);
  EXPECT_EQ(info->counts.imported_functions, 1u);
  EXPECT_EQ(info->counts.memories, 1u);
  ASSERT_EQ(info->imports.size(), 1u);
  EXPECT_EQ(info->imports[0].module, "env");
  ASSERT_TRUE(info->imports[0].type.has_value());
  EXPECT_EQ(info->imports[0].type->func, (FuncType{{ValType::kI32}, {ValType::kI32}}));
  ASSERT_EQ(info->exports.size(), 2u);
  EXPECT_EQ(info->exports[0].kind, ExternKind::kMemory);
  ASSERT_TRUE(info->exports[0].type.has_value());
  EXPECT_EQ(info->exports[0].type->memory.limits.max, 2u);
  EXPECT_EQ(info->exports[1].func_type_index, 0u);
}

TEST(ModuleInfoTest, DescribesAModuleThatOnlyDecodes) {
  // (export "f" (func 5)) with no functions at all.
  const std::vector<uint8_t> bytes = {0, 'a', 's', 'm', 1, 0, 0, 0, 7, 5, 1, 1, 'f', 0, 5};
  absl::StatusOr<ModuleInfo> info = Inspect(bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->validation.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(info->validation.message(), HasSubstr("unknown function 5"));
  ASSERT_EQ(info->exports.size(), 1u);
  EXPECT_EQ(info->exports[0].index, 5u);
  EXPECT_FALSE(info->exports[0].func_type_index.has_value());
  EXPECT_FALSE(info->exports[0].type.has_value());
}

TEST(ModuleInfoTest, BytesThatDoNotDecodeAreAnError) {
  absl::StatusOr<ModuleInfo> info = Inspect({0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1});
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("(at byte offset"));
  info = Inspect({'n', 'o'});
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("unexpected end"));
}

TEST(ModuleInfoTest, TextInputIsEncodedFirst) {
  const std::string wat = R"((module (memory (export "m") 1 2)))";
  absl::StatusOr<ModuleInfo> info =
      ModuleInfo::Inspect(absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(wat.data()), wat.size()));
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_EQ(info->exports.size(), 1u);
  EXPECT_EQ(info->exports[0].kind, ExternKind::kMemory);
  const std::string bad = "(module\n  (memory 1 2 3))";
  info = ModuleInfo::Inspect(absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("2:"));
}

}  // namespace
}  // namespace weft
