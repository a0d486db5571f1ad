// Development check against the official testsuite: reads a manifest of
// lines "<file.wasm>\t<expectation>\t<text>" (see spec_validate_check.py)
// where expectation is "ok" (must decode and validate), "invalid" (must
// decode, then fail validation with a message starting with <text>) or
// "malformed" (decoding or validation must fail with a message starting
// with <text>). Prints mismatches and a summary per expectation.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "decoder/decoder.h"
#include "validator/validator.h"

int main(int argc, char** argv) {
  std::istream* in = &std::cin;
  std::ifstream file;
  if (argc > 1) {
    file.open(argv[1]);
    in = &file;
  }
  std::map<std::string, std::pair<int, int>> counts;  // expectation -> pass, fail
  std::string line;
  while (std::getline(*in, line)) {
    std::vector<std::string> parts = absl::StrSplit(line, '\t');
    if (parts.size() < 2) continue;
    std::ifstream wasm(parts[0], std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(wasm)),
                               std::istreambuf_iterator<char>());
    const std::string& want = parts[1];
    const std::string text = parts.size() > 2 ? parts[2] : "";
    auto decoded = weft::DecodeModule(bytes);
    absl::Status status = decoded.ok() ? weft::ValidateModule(**decoded) : decoded.status();
    bool good;
    if (want == "ok") {
      good = status.ok();
    } else if (want == "invalid") {
      good = decoded.ok() && !status.ok() && absl::StartsWith(status.message(), text);
    } else {
      good = !status.ok() && absl::StartsWith(status.message(), text);
    }
    auto& c = counts[want];
    if (good) {
      ++c.first;
    } else {
      ++c.second;
      std::printf("FAIL %s want=%s '%s' got=%s\n", parts[0].c_str(), want.c_str(), text.c_str(),
                  status.ok() ? "ok" : std::string(status.message()).c_str());
    }
  }
  int failures = 0;
  for (const auto& [want, c] : counts) {
    std::printf("%s: pass %d fail %d\n", want.c_str(), c.first, c.second);
    failures += c.second;
  }
  return failures == 0 ? 0 : 1;
}
