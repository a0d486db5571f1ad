#include "base/demangle.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace weft {
namespace {

TEST(DemangleTest, CxxItanium) {
  EXPECT_EQ(DemangleSymbol("_Z6divideii"), "divide(int, int)");
  EXPECT_EQ(DemangleSymbol("_ZN5shape4area3runEv"), "shape::area::run()");
  EXPECT_EQ(DemangleSymbol("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int, std::allocator<int> >::push_back(int const&)");
}

TEST(DemangleTest, RustLegacyDropsTheHashAndDecodesEscapes) {
  EXPECT_EQ(DemangleSymbol("_ZN3std9panicking11begin_panic17h0123456789abcdefE"),
            "std::panicking::begin_panic");
  EXPECT_EQ(DemangleSymbol("_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$"
                           "$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h3f1b0e4b8b3a2c1dE"),
            "core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>");
  // A C++ name whose last component merely looks like a hash is not Rust's
  // unless it is exactly "h" and 16 hex digits.
  EXPECT_EQ(DemangleSymbol("_ZN1a5h1234E"), "a::h1234");
}

// Rust v0 symbols built by hand from the v0 grammar ("_R" path, N<ns>
// nested, C crate root with an s<base62>_ disambiguator, I...E generic
// arguments, B<base62>_ back-references, u-prefixed Punycode).
TEST(DemangleTest, RustV0) {
  EXPECT_EQ(DemangleSymbol("_RNvCs1234_7mycrate3foo"), "mycrate::foo");
  EXPECT_EQ(DemangleSymbol("_RNvNtCs1234_7mycrate3bar3foo"), "mycrate::bar::foo");
  EXPECT_EQ(DemangleSymbol("_RINvCs1234_7mycrate3fooaE"), "mycrate::foo::<i8>");
  EXPECT_EQ(DemangleSymbol("_RINvCs1234_7mycrate3fooRmE"), "mycrate::foo::<&u32>");
  // B5_ points back at byte 5 of the symbol minus "_R": the crate root.
  EXPECT_EQ(DemangleSymbol("_RINvCs1234_7mycrate3fooNtB2_3BarE"),
            "mycrate::foo::<mycrate::Bar>");
  EXPECT_EQ(DemangleSymbol("_RNvCs1234_7mycrateu7caf_dma"), "mycrate::café");
  // A closure inside a function: the C namespace prints as {closure#N}.
  EXPECT_EQ(DemangleSymbol("_RNCNvCs1234_7mycrate4main0"), "mycrate::main::{closure#0}");
}

TEST(DemangleTest, PlainAndBrokenNamesStayAsTheyAre) {
  for (const char* s : {"main", "", "_start", "__original_main", "_Z", "_R", "_ZN3fooE_junk(",
                        "_RNvC", "_RNvCs1234_7mycrate99foo", "_Zzz"}) {
    EXPECT_EQ(DemangleSymbol(s), s) << s;
  }
  EXPECT_EQ(DemangleSymbol(std::string("_Z3f\0oov", 7)), std::string("_Z3f\0oov", 7));
}

TEST(DemangleTest, OverlongInputIsLeftAlone) {
  std::string huge = "_ZN";
  while (huge.size() <= kMaxMangledBytes) huge += "1a";
  huge += "E";
  EXPECT_EQ(DemangleSymbol(huge), huge);
}

TEST(DemangleTest, OutputIsBounded) {
  // Within the input limit, template arguments expand past the output one.
  // (S0_ names abc::def again: 4 bytes of input, 10 of output.)
  std::string s = "_Z1fIN3abc3defE";
  for (int i = 0; i < 300; ++i) s += "S0_";
  s += "EvT_";
  const std::string out = DemangleSymbol(s);
  EXPECT_LE(out.size(), kMaxDemangledBytes + 3);
  EXPECT_EQ(out.substr(0, 5), "void ");
}

// Deep nesting: each demangler bounds its recursion, so these return
// (demangled or not) instead of overflowing the stack.
TEST(DemangleTest, DeepNestingTerminates) {
  std::string v0 = "_R";
  for (int i = 0; i < 1000; ++i) v0 += "RR";
  v0 += "l";
  DemangleSymbol(v0);
  std::string v0_paths = "_R";
  for (int i = 0; i < 1300; ++i) v0_paths += "Nv";
  v0_paths += "C1a";
  DemangleSymbol(v0_paths);
  std::string cxx = "_Z1fI";
  for (int i = 0; i < 1300; ++i) cxx += "PF";
  cxx += "vE";
  DemangleSymbol(cxx);
}

// Random and truncated input never crashes, hangs or overruns the bound.
TEST(DemangleTest, FuzzRandomAndTruncated) {
  std::mt19937 rng(19);
  const std::string alphabet = "_ZRNvCsEIBK0123456789abcdefhjlmnopstuxyzSTPFL$.";
  const std::string seeds[] = {
      "_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h3f1b0e4b8b3a2c1dE",
      "_RINvCs1234_7mycrate3fooNtB2_3BarE", "_ZNSt6vectorIiSaIiEE9push_backERKi",
      "_RNCNvCs1234_7mycrate4main0", "_RNvCs1234_7mycrateu7caf_dma"};
  for (const std::string& seed : seeds) {
    for (size_t n = 0; n <= seed.size(); ++n) {
      EXPECT_LE(DemangleSymbol(seed.substr(0, n)).size(), kMaxMangledBytes + 3);
    }
  }
  for (int i = 0; i < 20000; ++i) {
    std::string s = (i % 2) ? "_R" : "_Z";
    const int n = int(rng() % 40);
    for (int j = 0; j < n; ++j) s += alphabet[rng() % alphabet.size()];
    // Also mutate valid symbols: one byte replaced.
    if (i % 5 == 0) {
      s = seeds[rng() % 5];
      s[2 + rng() % (s.size() - 2)] = alphabet[rng() % alphabet.size()];
    }
    const std::string out = DemangleSymbol(s);
    EXPECT_LE(out.size(), std::max(s.size(), kMaxDemangledBytes + 3));
  }
}

}  // namespace
}  // namespace weft
