// Development check against the official testsuite: reads a manifest of
// lines "<file.wasm>\t<expectation>\t<text>" where expectation is "ok"
// (module must decode), "malformed" (decoding must fail with a message that
// starts with <text>, as the reference interpreter's runner checks) or
// "any" (invalid/unlinkable modules: must not crash; result reported only
// when decoding fails). Prints mismatches and a summary.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "decoder/decoder.h"

int main(int argc, char** argv) {
  std::istream* in = &std::cin;
  std::ifstream file;
  if (argc > 1) {
    file.open(argv[1]);
    in = &file;
  }
  int pass = 0, fail = 0, decoded_any = 0, rejected_any = 0;
  std::string line;
  while (std::getline(*in, line)) {
    std::vector<std::string> parts = absl::StrSplit(line, '\t');
    if (parts.size() < 2) continue;
    std::ifstream wasm(parts[0], std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(wasm)),
                               std::istreambuf_iterator<char>());
    auto result = weft::DecodeModule(bytes);
    const std::string& want = parts[1];
    if (want == "any") {
      if (result.ok()) {
        ++decoded_any;
      } else {
        ++rejected_any;
        std::printf("NOTE decode failed for invalid-module test %s: %s (%s)\n",
                    parts[0].c_str(), std::string(result.status().message()).c_str(),
                    parts.size() > 2 ? parts[2].c_str() : "");
      }
      continue;
    }
    bool good;
    if (want == "ok") {
      good = result.ok();
    } else {
      std::string expected = parts.size() > 2 ? parts[2] : "";
      good = !result.ok() &&
             absl::StartsWith(result.status().message(), expected);
    }
    if (good) {
      ++pass;
    } else {
      ++fail;
      std::printf("FAIL %s want=%s '%s' got=%s\n", parts[0].c_str(), want.c_str(),
                  parts.size() > 2 ? parts[2].c_str() : "",
                  result.ok() ? "ok" : std::string(result.status().message()).c_str());
    }
  }
  std::printf("pass %d fail %d (invalid-module tests: %d decoded, %d rejected)\n",
              pass, fail, decoded_any, rejected_any);
  return fail == 0 ? 0 : 1;
}
