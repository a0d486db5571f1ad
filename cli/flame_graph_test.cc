#include "cli/flame_graph.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weft::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Every tag opened is closed, in order: a structural check of the XML.
bool TagsBalance(const std::string& svg) {
  std::vector<std::string> open;
  for (size_t at = svg.find('<'); at != std::string::npos; at = svg.find('<', at + 1)) {
    const size_t end = svg.find('>', at);
    if (end == std::string::npos || end == at + 1) return false;
    const std::string tag = svg.substr(at + 1, end - at - 1);
    if (tag[0] == '?' || tag.back() == '/') continue;
    const bool closing = tag[0] == '/';
    const std::string body = tag.substr(closing ? 1 : 0);
    const std::string name = body.substr(0, body.find(' '));
    if (!closing) {
      open.push_back(name);
    } else {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    }
  }
  return open.empty();
}

TEST(FlameGraphTest, BoxesForEveryFrameWithShares) {
  const std::string svg = FlameGraphSvg("main;work;hot 75\nmain;work 5\nmain;idle 20\n", "g.wasm");
  EXPECT_TRUE(TagsBalance(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("Flame graph: g.wasm (100 samples)"));
  EXPECT_THAT(svg, HasSubstr("<title>all (100 samples, 100.00%)</title>"));
  EXPECT_THAT(svg, HasSubstr("<title>work (80 samples, 80.00%)</title>"));
  EXPECT_THAT(svg, HasSubstr("<title>hot (75 samples, 75.00%)</title>"));
  EXPECT_THAT(svg, HasSubstr("<title>idle (20 samples, 20.00%)</title>"));
}

TEST(FlameGraphTest, NamesAreEscapedAndBadLinesSkipped) {
  const std::string svg =
      FlameGraphSvg("main;std::vector<int>::push_back(int const&) 3\nno count\nx;y -1\n"
                    "bad\xff\x01name 1\n",
                    "a<b>&\"c\"");
  EXPECT_TRUE(TagsBalance(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("std::vector&lt;int&gt;::push_back(int const&amp;)"));
  EXPECT_THAT(svg, HasSubstr("a&lt;b&gt;&amp;&quot;c&quot;"));
  EXPECT_THAT(svg, HasSubstr("bad??name"));
  EXPECT_THAT(svg, HasSubstr("(4 samples)"));
  EXPECT_THAT(svg, Not(HasSubstr("no count")));
}

TEST(FlameGraphTest, EmptyProfileIsStillAPicture) {
  const std::string svg = FlameGraphSvg("", "empty.wasm");
  EXPECT_TRUE(TagsBalance(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("(0 samples)"));
}

}  // namespace
}  // namespace weft::cli
