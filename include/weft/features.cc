#include "weft/features.h"

namespace weft {
namespace {

struct FeatureText {
  const char* name;
  const char* description;
  const char* verb;  // "is" / "are", as the description needs
};

constexpr FeatureText kFeatures[] = {
    {"tail-call", "tail calls", "are"},
    {"extended-const", "extended constant expressions", "are"},
    {"relaxed-simd", "relaxed SIMD instructions", "are"},
    {"multi-memory", "multiple memories", "are"},
    {"memory64", "64-bit memories and tables", "are"},
    {"exceptions", "exception handling", "is"},
    {"function-references", "typed function references", "are"},
    {"gc", "garbage collection", "is"},
    {"custom-page-sizes", "custom page sizes", "are"},
};
static_assert(sizeof(kFeatures) / sizeof(kFeatures[0]) ==
              static_cast<size_t>(WasmFeature::kCount));

std::string KnownNames() {
  std::string out = "all, 2.0, 3.0";
  for (const FeatureText& f : kFeatures) {
    out += ", ";
    out += f.name;
  }
  return out;
}

}  // namespace

const char* WasmFeatureName(WasmFeature f) {
  return f < WasmFeature::kCount ? kFeatures[static_cast<int>(f)].name : "?";
}

const char* WasmFeatureDescription(WasmFeature f) {
  return f < WasmFeature::kCount ? kFeatures[static_cast<int>(f)].description : "?";
}

std::string WasmFeatureDisabledMessage(WasmFeature f) {
  if (f >= WasmFeature::kCount) return "?";
  const FeatureText& t = kFeatures[static_cast<int>(f)];
  return std::string(t.description) + " " + t.verb + " disabled (feature " + t.name + ")";
}

bool ParseWasmFeatures(std::string_view spec, WasmFeatures* features, std::string* error) {
  WasmFeatures result = *features;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view item = spec.substr(start, comma - start);
    start = comma + 1;
    if (item == "all" || item == "3.0") {
      result = WasmFeatures::All();
      continue;
    }
    if (item == "2.0") {
      result = WasmFeatures::Wasm20();
      continue;
    }
    bool on = true;
    std::string_view name = item;
    if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
      on = name[0] == '+';
      name.remove_prefix(1);
    }
    bool found = false;
    for (int i = 0; i < static_cast<int>(WasmFeature::kCount); ++i) {
      if (name == kFeatures[i].name) {
        result.Set(static_cast<WasmFeature>(i), on);
        found = true;
      }
    }
    if (!found) {
      *error = "unknown WebAssembly feature \"" + std::string(item) + "\" (known: " +
               KnownNames() + ")";
      return false;
    }
  }
  *features = result;
  return true;
}

}  // namespace weft
