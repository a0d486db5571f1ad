#include "runtime/import_match.h"

#include "validator/type_canon.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace weft::runtime {
namespace {

// Every mismatch is a link error with the spec's wording.
void ExpectIncompatible(const absl::Status& s) {
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_NE(s.message().find("incompatible import type"), absl::string_view::npos) << s;
}

Limits L(uint64_t min) { return Limits{min, false, 0}; }
Limits L(uint64_t min, uint64_t max) { return Limits{min, true, max}; }

TEST(LimitsMatchTest, MinMustBeAtLeastRequired) {
  EXPECT_TRUE(LimitsMatch(L(1), L(1)));
  EXPECT_TRUE(LimitsMatch(L(2), L(1)));
  EXPECT_FALSE(LimitsMatch(L(0), L(1)));
}

TEST(LimitsMatchTest, RequiredMaxNeedsActualMaxWithinIt) {
  EXPECT_TRUE(LimitsMatch(L(1, 2), L(1)));     // no required max
  EXPECT_FALSE(LimitsMatch(L(1), L(1, 2)));    // actual unbounded
  EXPECT_TRUE(LimitsMatch(L(1, 2), L(1, 2)));
  EXPECT_TRUE(LimitsMatch(L(1, 1), L(0, 2)));
  EXPECT_FALSE(LimitsMatch(L(1, 3), L(1, 2)));
  EXPECT_TRUE(LimitsMatch(L(5, 5), L(0, 0xFFFFFFFF)));
}

TEST(ImportMatchTest, FuncTypesMustBeEqual) {
  FuncType a{{ValType::kI32}, {}};
  FuncType b{{ValType::kI32}, {ValType::kI32}};
  EXPECT_TRUE(CheckFuncImport("m", "f", a, a, true).ok());
  absl::Status s = CheckFuncImport("m", "f", a, b, false);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(s.message(), "incompatible import type"))
      << s.message();
  EXPECT_TRUE(absl::StrContains(s.message(), "m.f")) << s.message();
}

TEST(ImportMatchTest, ImmutableGlobalsMayBeSubtypes) {
  // Two distinct function types, canonicalised process-wide as the
  // runtime's types are.
  std::vector<TypeDef> types(2);
  types[1].func.params.push_back(ValType::kI32);
  const std::vector<uint32_t> ids = *TypeCanonicalizer::Global().AddModuleTypes(types);
  const ValType ref3 = MakeConcreteRefType(false, ids[0]);
  EXPECT_TRUE(GlobalTypeMatches({ref3, false}, {ValType::kFuncRef, false}));
  EXPECT_TRUE(GlobalTypeMatches({ref3, false}, {MakeConcreteRefType(true, ids[0]), false}));
  EXPECT_FALSE(GlobalTypeMatches({ref3, false}, {MakeConcreteRefType(false, ids[1]), false}));
  EXPECT_FALSE(GlobalTypeMatches({ValType::kFuncRef, false}, {ref3, false}));
  // Mutable: exactly the type.
  EXPECT_FALSE(GlobalTypeMatches({ref3, true}, {ValType::kFuncRef, true}));
  EXPECT_TRUE(GlobalTypeMatches({ref3, true}, {ref3, true}));
}

TEST(ImportMatchTest, TableElemTypeAndLimits) {
  TableType funcs{ValType::kFuncRef, L(10, 20)};
  TableType externs{ValType::kExternRef, L(10, 20)};
  EXPECT_TRUE(TableTypeMatches(funcs, TableType{ValType::kFuncRef, L(10)}));
  EXPECT_TRUE(TableTypeMatches(funcs, TableType{ValType::kFuncRef, L(5, 20)}));
  EXPECT_FALSE(TableTypeMatches(funcs, TableType{ValType::kFuncRef, L(11)}));
  EXPECT_FALSE(
      TableTypeMatches(funcs, TableType{ValType::kFuncRef, L(10, 15)}));
  EXPECT_FALSE(TableTypeMatches(externs, TableType{ValType::kFuncRef, L(10)}));
  ExpectIncompatible(CheckTableImport("spectest", "table", externs,
                                     TableType{ValType::kFuncRef, L(1)}));
}

TEST(ImportMatchTest, MemoryLimits) {
  MemoryType spectest{L(1, 2)};
  EXPECT_TRUE(CheckMemoryImport("s", "m", spectest, MemoryType{L(0)}).ok());
  EXPECT_TRUE(CheckMemoryImport("s", "m", spectest, MemoryType{L(1, 2)}).ok());
  ExpectIncompatible(CheckMemoryImport("s", "m", spectest, MemoryType{L(2)}));
  ExpectIncompatible(
      CheckMemoryImport("s", "m", spectest, MemoryType{L(1, 1)}));
  ExpectIncompatible(CheckMemoryImport("s", "m", MemoryType{L(1)},
                                 MemoryType{L(0, 65536)}));
}

TEST(ImportMatchTest, GlobalTypeAndMutabilityMustBeEqual) {
  GlobalType i32{ValType::kI32, false};
  GlobalType mut_i32{ValType::kI32, true};
  GlobalType i64{ValType::kI64, false};
  EXPECT_TRUE(CheckGlobalImport("s", "g", i32, i32).ok());
  ExpectIncompatible(CheckGlobalImport("s", "g", mut_i32, i32));
  ExpectIncompatible(CheckGlobalImport("s", "g", i32, mut_i32));
  ExpectIncompatible(CheckGlobalImport("s", "g", i64, i32));
}

TEST(ImportMatchTest, ErrorsUseTestsuiteWording) {
  absl::Status unknown = UnknownImportError("spectest", "nope");
  EXPECT_TRUE(absl::StartsWith(unknown.message(), "unknown import"));
  EXPECT_TRUE(absl::StrContains(unknown.message(), "spectest.nope"));
  absl::Status kind =
      KindMismatchError("m", "x", ExternKind::kTable, ExternKind::kFunc);
  EXPECT_TRUE(absl::StartsWith(kind.message(), "incompatible import type"));
  EXPECT_TRUE(absl::StrContains(kind.message(), "expected func, got table"))
      << kind.message();
}

TEST(ImportMatchTest, EveryUnknownImportIsNamedWithItsType) {
  Module m;
  m.types.push_back(TypeDef{.func = FuncType{{ValType::kI32}, {}}});
  Import log{"env", "log", ExternKind::kFunc};
  log.func_type_index = 0;
  Import mem{"env", "mem", ExternKind::kMemory};
  mem.memory = MemoryType{L(1, 2)};
  Import g{"env", "g", ExternKind::kGlobal};
  g.global = GlobalType{ValType::kI64, true};
  Import there{"host", "ok", ExternKind::kFunc};
  m.imports = {there, log, mem, g};
  auto has = [](absl::string_view module, absl::string_view) { return module == "host"; };
  absl::Status s = UnknownImports(m, has);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(),
            "unknown import: import 1 \"env\".\"log\" (expected func (i32) -> ()); "
            "import 2 \"env\".\"mem\" (expected memory {min 1, max 2}); "
            "import 3 \"env\".\"g\" (expected global (mut i64))");
  // Beyond ten, a count.
  m.imports.assign(13, log);
  s = UnknownImports(m, has);
  EXPECT_TRUE(absl::EndsWith(s.message(), "; and 3 more")) << s;
  EXPECT_TRUE(UnknownImports(m, [](absl::string_view, absl::string_view) { return true; }).ok());
}

}  // namespace
}  // namespace weft::runtime
