#include "validator/type_canon.h"

#include "gtest/gtest.h"

namespace weft {
namespace {

TypeDef Struct(std::vector<FieldType> fields, uint32_t super = kNoSupertype, bool final = true) {
  TypeDef t;
  t.kind = CompositeKind::kStruct;
  t.fields = std::move(fields);
  t.supertype = super;
  t.is_final = final;
  return t;
}
FieldType Field(ValType v, bool mut = false) { return FieldType{v, Packed::kNone, mut}; }
ValType Ref(uint32_t index, bool nullable = true) { return MakeConcreteRefType(nullable, index); }

// Marks types[start, start + size) as one recursion group.
void Group(std::vector<TypeDef>* types, uint32_t start, uint32_t size) {
  for (uint32_t i = start; i < start + size; ++i) {
    (*types)[i].rec_start = start;
    (*types)[i].rec_size = size;
  }
}

TEST(TypeCanonTest, EqualGroupsOfTwoModulesGetEqualIds) {
  TypeCanonicalizer c;
  // Module 1: (rec (struct (ref null 1)) (struct (ref null 0))), then a
  // struct naming the group's first type.
  std::vector<TypeDef> m1 = {Struct({Field(Ref(1))}), Struct({Field(Ref(0))}),
                             Struct({Field(Ref(0))})};
  Group(&m1, 0, 2);
  // Module 2: an unrelated type first, so every index is shifted by one.
  std::vector<TypeDef> m2 = {Struct({Field(ValType::kI32)}), Struct({Field(Ref(2))}),
                             Struct({Field(Ref(1))}), Struct({Field(Ref(1))})};
  Group(&m2, 1, 2);
  auto a = c.AddModuleTypes(m1);
  auto b = c.AddModuleTypes(m2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)[0], (*b)[1]);
  EXPECT_EQ((*a)[1], (*b)[2]);
  EXPECT_EQ((*a)[2], (*b)[3]);
  EXPECT_NE((*b)[0], (*b)[1]);
  EXPECT_EQ(c.size(), 4u);  // the i32 struct, the group's two, the third
}

TEST(TypeCanonTest, GroupsDifferingOnlyInIntraGroupTargetsDiffer) {
  TypeCanonicalizer c;
  std::vector<TypeDef> cross = {Struct({Field(Ref(1))}), Struct({Field(Ref(0))})};
  std::vector<TypeDef> self = {Struct({Field(Ref(0))}), Struct({Field(Ref(0))})};
  Group(&cross, 0, 2);
  Group(&self, 0, 2);
  auto a = c.AddModuleTypes(cross);
  auto b = c.AddModuleTypes(self);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)[0], (*b)[0]);
  // A lone type is not the same as a one-member-of-two group's.
  std::vector<TypeDef> lone = {Struct({Field(Ref(0))})};
  auto l = c.AddModuleTypes(lone);
  ASSERT_TRUE(l.ok());
  EXPECT_NE((*l)[0], (*b)[0]);
}

TEST(TypeCanonTest, SubtypeDisplayAnswersChains) {
  TypeCanonicalizer c;
  std::vector<TypeDef> t = {
      Struct({}, kNoSupertype, false),                                  // 0
      Struct({Field(ValType::kI32)}, 0, false),                         // 1 <: 0
      Struct({Field(ValType::kI32), Field(ValType::kI64)}, 1, false),   // 2 <: 1
      Struct({Field(ValType::kF32)}, 0, false),                         // 3 <: 0
  };
  auto ids = c.AddModuleTypes(t);
  ASSERT_TRUE(ids.ok()) << ids.status();
  const auto& id = *ids;
  EXPECT_TRUE(c.IsSubtypeId(id[2], id[0]));
  EXPECT_TRUE(c.IsSubtypeId(id[2], id[1]));
  EXPECT_FALSE(c.IsSubtypeId(id[1], id[2]));
  EXPECT_FALSE(c.IsSubtypeId(id[3], id[1]));
  EXPECT_EQ(c.type(id[2]).depth, 2u);
  EXPECT_EQ(c.type(id[2]).display, (std::vector<uint32_t>{id[0], id[1], id[2]}));
  // Against the abstract hierarchy.
  const ValType s2 = MakeConcreteRefType(false, id[2]);
  EXPECT_TRUE(c.IsSubtype(s2, MakeRefType(true, HeapType::kStruct)));
  EXPECT_TRUE(c.IsSubtype(s2, MakeRefType(true, HeapType::kEq)));
  EXPECT_TRUE(c.IsSubtype(s2, MakeRefType(false, HeapType::kAny)));
  EXPECT_FALSE(c.IsSubtype(s2, MakeRefType(true, HeapType::kArray)));
  EXPECT_FALSE(c.IsSubtype(s2, ValType::kFuncRef));
  EXPECT_TRUE(c.IsSubtype(MakeRefType(true, HeapType::kNone), MakeConcreteRefType(true, id[2])));
  EXPECT_FALSE(c.IsSubtype(MakeRefType(true, HeapType::kNone), s2));  // nullability
  EXPECT_FALSE(c.IsSubtype(MakeRefType(true, HeapType::kNoFunc), MakeConcreteRefType(true, id[2])));
  EXPECT_TRUE(c.IsSubtype(MakeRefType(true, HeapType::kI31), MakeRefType(true, HeapType::kEq)));
  EXPECT_EQ(c.TopOf(s2), HeapType::kAny);
}

TEST(TypeCanonTest, InvalidSubtypeDeclarationsAreRefused) {
  {
    TypeCanonicalizer c;  // the supertype is final
    std::vector<TypeDef> t = {Struct({}), Struct({}, 0)};
    auto ids = c.AddModuleTypes(t);
    ASSERT_FALSE(ids.ok());
    EXPECT_EQ(ids.status().message(), "sub type");
  }
}

TEST(TypeCanonTest, MutableFieldsAreInvariantImmutableCovariant) {
  TypeCanonicalizer c;
  const ValType any = MakeRefType(true, HeapType::kAny);
  const ValType eq = MakeRefType(true, HeapType::kEq);
  std::vector<TypeDef> ok = {Struct({Field(any)}, kNoSupertype, false), Struct({Field(eq)}, 0)};
  EXPECT_TRUE(c.AddModuleTypes(ok).ok());
  std::vector<TypeDef> bad = {Struct({Field(any, true)}, kNoSupertype, false),
                              Struct({Field(eq, true)}, 0)};
  auto r = c.AddModuleTypes(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "sub type");
  // A narrower struct is no subtype of a wider one.
  std::vector<TypeDef> narrow = {Struct({Field(any), Field(any)}, kNoSupertype, false),
                                 Struct({Field(any)}, 0)};
  EXPECT_FALSE(c.AddModuleTypes(narrow).ok());
}

TEST(TypeCanonTest, OutOfRangeReferencesFailWithoutCrashing) {
  TypeCanonicalizer c;
  std::vector<TypeDef> fwd = {Struct({Field(Ref(1))}), Struct({})};  // forward, no group
  EXPECT_FALSE(c.AddModuleTypes(fwd).ok());
  std::vector<TypeDef> far = {Struct({Field(Ref(1000000))})};
  EXPECT_FALSE(c.AddModuleTypes(far).ok());
  std::vector<TypeDef> self_super = {Struct({}, 0, false)};
  EXPECT_FALSE(c.AddModuleTypes(self_super).ok());
}

TEST(TypeCanonTest, StructLayoutAlignsFields) {
  TypeCanonicalizer c;
  std::vector<TypeDef> t = {Struct({FieldType{ValType::kI32, Packed::kI8, true},
                                    Field(ValType::kI64), FieldType{ValType::kI32, Packed::kI16},
                                    Field(ValType::kF32), Field(MakeRefType(true, HeapType::kAny))})};
  auto ids = c.AddModuleTypes(t);
  ASSERT_TRUE(ids.ok());
  const CanonType& s = c.type((*ids)[0]);
  EXPECT_EQ(s.field_offsets, (std::vector<uint32_t>{0, 8, 16, 20, 24}));
  EXPECT_EQ(s.payload_bytes, 32u);
  EXPECT_TRUE(s.has_refs);
  EXPECT_EQ(s.traced_offsets, (std::vector<uint32_t>{24}));
}

TEST(TypeCanonTest, OnlyAnyAndExternReferencesAreTraced) {
  TypeCanonicalizer c;
  // struct { funcref, (ref null 1), externref, exnref } and a later
  // member 1 of the same group, a function type: neither function nor
  // exception references are ever traced.
  std::vector<TypeDef> t = {Struct({Field(ValType::kFuncRef), Field(Ref(1)),
                                    Field(ValType::kExternRef), Field(ValType::kExnRef)}),
                            TypeDef{}};
  Group(&t, 0, 2);
  auto ids = c.AddModuleTypes(t);
  ASSERT_TRUE(ids.ok()) << ids.status();
  const CanonType& s = c.type((*ids)[0]);
  EXPECT_EQ(s.traced_offsets, (std::vector<uint32_t>{16}));
  TypeDef funcs;
  funcs.kind = CompositeKind::kArray;
  funcs.fields = {Field(ValType::kFuncRef)};
  std::vector<TypeDef> a = {funcs};
  auto aid = c.AddModuleTypes(a);
  ASSERT_TRUE(aid.ok());
  EXPECT_FALSE(c.type((*aid)[0]).has_refs);
}

}  // namespace
}  // namespace weft

namespace weft {
namespace {

TEST(TypeCanonLimitsTest, DeepChainsAndHugeStructsAreRefused) {
  TypeCanonicalizer c;
  std::vector<TypeDef> chain;
  for (uint32_t i = 0; i <= kMaxSubtypeDepth; ++i) {
    TypeDef t;
    t.kind = CompositeKind::kStruct;
    t.is_final = false;
    t.rec_start = i;
    if (i > 0) t.supertype = i - 1;
    chain.push_back(t);
  }
  EXPECT_TRUE(c.AddModuleTypes(chain).ok());  // depth 63: the limit
  TypeDef deeper = chain.back();
  deeper.supertype = kMaxSubtypeDepth;
  deeper.rec_start = kMaxSubtypeDepth + 1;
  chain.push_back(deeper);
  EXPECT_FALSE(c.AddModuleTypes(chain).ok());
  TypeDef wide;
  wide.kind = CompositeKind::kStruct;
  wide.fields.resize(kMaxStructFields + 1);
  std::vector<TypeDef> one = {wide};
  EXPECT_FALSE(c.AddModuleTypes(one).ok());
}

}  // namespace
}  // namespace weft

// Found by the execute fuzzer: a constant expression naming a type index
// past the type section reached the subtype check with it.
#include "validator/test_module_builder.h"

namespace weft {
namespace {

TEST(TypeCanonRegressionTest, RefNullOfAnUnknownTypeInASegmentIsAnError) {
  testing_util::ModuleBuilder b;
  b.AddType({}, {});
  b.AddTable(ValType::kFuncRef, 1);
  // Passive segment, funcref, one expression: ref.null 1 (no type 1).
  b.AddElemRaw({0x05, 0x70, 0x01, 0xD0, 0x01, 0x0B});
  absl::Status s = testing_util::DecodeAndValidate(b.Build());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown type 1"), absl::string_view::npos) << s;
  // And as a segment's declared type: (ref null 5).
  testing_util::ModuleBuilder c;
  c.AddType({}, {});
  c.AddTable(ValType::kFuncRef, 1);
  c.AddElemRaw({0x05, 0x63, 0x05, 0x00});
  EXPECT_FALSE(testing_util::DecodeAndValidate(c.Build()).ok());
}

}  // namespace
}  // namespace weft
