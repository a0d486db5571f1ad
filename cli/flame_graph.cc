#include "cli/flame_graph.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "base/utf8.h"

namespace weft::cli {
namespace {

constexpr double kWidth = 1200;
constexpr double kFrameHeight = 16;
constexpr double kMargin = 10;
constexpr double kTitleHeight = 30;
constexpr double kCharWidth = 7;  // of the 12px monospace font, roughly
constexpr double kMinBoxWidth = 0.1;

struct Node {
  uint64_t samples = 0;
  std::map<std::string, std::unique_ptr<Node>> children;  // by name: stable layout
};

std::string XmlText(absl::string_view text) {
  std::string valid(text);
  if (!IsValidUtf8(valid)) {
    for (char& c : valid) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
  }
  std::string out;
  for (char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab and newlines.
        out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
    }
  }
  return out;
}

// Warm colours, the same for the same name in every graph.
std::string ColorOf(absl::string_view name) {
  uint32_t h = 2166136261u;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return absl::StrFormat("rgb(%d,%d,%d)", 205 + h % 50, 80 + (h >> 8) % 150, (h >> 16) % 60);
}

// The name cut to what fits in `width` pixels ("" when nothing useful does).
std::string FittedLabel(absl::string_view name, double width) {
  const size_t fits = size_t(std::max(0.0, (width - 6) / kCharWidth));
  if (fits < 3) return "";
  if (name.size() <= fits) return std::string(name);
  std::string cut(name.substr(0, fits - 2));
  // Never end inside a UTF-8 sequence.
  while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
  if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
  return cut + "..";
}

int Depth(const Node& node) {
  int deepest = 0;
  for (const auto& [name, child] : node.children) deepest = std::max(deepest, 1 + Depth(*child));
  return deepest;
}

class Drawer {
 public:
  Drawer(uint64_t total, double bottom, std::string* out)
      : total_(total), bottom_(bottom), out_(out) {}

  void Box(absl::string_view name, const Node& node, double x, int level) {
    const double width = (kWidth - 2 * kMargin) * double(node.samples) / double(total_);
    if (width < kMinBoxWidth) return;
    const double y = bottom_ - (level + 1) * kFrameHeight;
    const std::string text = XmlText(name);
    absl::StrAppendFormat(out_,
                          "<g><title>%s (%d samples, %.2f%%)</title>"
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                          "fill=\"%s\" rx=\"2\"/>",
                          text, node.samples, 100.0 * double(node.samples) / double(total_), x,
                          y, width, kFrameHeight - 1, ColorOf(name));
    const std::string label = FittedLabel(name, width);
    if (!label.empty()) {
      absl::StrAppendFormat(out_, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 3,
                            y + kFrameHeight - 4, XmlText(label));
    }
    absl::StrAppend(out_, "</g>\n");
    double child_x = x;
    for (const auto& [child_name, child] : node.children) {
      Box(child_name, *child, child_x, level + 1);
      child_x += (kWidth - 2 * kMargin) * double(child->samples) / double(total_);
    }
  }

 private:
  uint64_t total_;
  double bottom_;
  std::string* out_;
};

}  // namespace

std::string FlameGraphSvg(absl::string_view folded, absl::string_view title) {
  Node root;
  for (absl::string_view line : absl::StrSplit(folded, '\n', absl::SkipEmpty())) {
    const size_t space = line.rfind(' ');
    uint64_t count = 0;
    if (space == absl::string_view::npos || !absl::SimpleAtoi(line.substr(space + 1), &count) ||
        count == 0) {
      continue;
    }
    root.samples += count;
    Node* node = &root;
    for (absl::string_view frame : absl::StrSplit(line.substr(0, space), ';')) {
      std::unique_ptr<Node>& child = node->children[std::string(frame)];
      if (child == nullptr) child = std::make_unique<Node>();
      child->samples += count;
      node = child.get();
    }
  }
  const int levels = Depth(root) + 1;  // the frames and the "all" box
  const double height = kTitleHeight + levels * kFrameHeight + 2 * kMargin;
  std::string out = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
      "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\" font-size=\"12\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"rgb(250,250,245)\"/>\n"
      "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" font-size=\"16\">%s</text>\n",
      kWidth, height, kWidth, height, kWidth / 2,
      XmlText(absl::StrCat("Flame graph: ", title, " (", root.samples, " samples)")));
  if (root.samples != 0) {
    Drawer(root.samples, height - kMargin, &out).Box("all", root, kMargin, 0);
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

}  // namespace weft::cli
