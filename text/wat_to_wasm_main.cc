// wat_to_wasm IN.wat OUT.wasm: weft's text parser as a build tool, for
// modules that use syntax wabt 1.0.32's wat2wasm does not read (3.0).
// Exits 1 with the parser's "line:column: ..." error on bad text.
#include <cstdio>
#include <string>

#include "base/file_util.h"
#include "text/parser.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: wat_to_wasm IN.wat OUT.wasm\n");
    return 2;
  }
  absl::StatusOr<std::string> text = weft::ReadWholeFile(argv[1]);
  if (!text.ok()) {
    std::fprintf(stderr, "%s\n", std::string(text.status().message()).c_str());
    return 2;
  }
  absl::StatusOr<std::vector<uint8_t>> wasm = weft::text::ParseWat(*text);
  if (!wasm.ok()) {
    std::fprintf(stderr, "%s:%s\n", argv[1], std::string(wasm.status().message()).c_str());
    return 1;
  }
  const absl::Status written = weft::WriteWholeFile(
      argv[2], absl::string_view(reinterpret_cast<const char*>(wasm->data()), wasm->size()));
  if (!written.ok()) {
    std::fprintf(stderr, "%s\n", std::string(written.message()).c_str());
    return 1;
  }
  return 0;
}
