// A flame graph as a standalone SVG, drawn from folded stacks (the
// "a;b;c N" lines of weft::Profiler::FoldedStacks): each function a box
// as wide as its share of the samples, callers below their callees, the
// whole run at the bottom. Hovering a box shows its name, samples and
// share (an SVG <title>); no script, so any viewer shows it.
#ifndef WEFT_CLI_FLAME_GRAPH_H_
#define WEFT_CLI_FLAME_GRAPH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace weft::cli {

// `title` heads the picture (e.g. the module's file name). Lines of
// `folded` that do not end in " COUNT" are skipped. Text is escaped for
// XML, and bytes that are not valid UTF-8 become '?'.
std::string FlameGraphSvg(absl::string_view folded, absl::string_view title);

}  // namespace weft::cli

#endif  // WEFT_CLI_FLAME_GRAPH_H_
