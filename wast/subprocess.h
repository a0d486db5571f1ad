// Running the wabt tools (wast2json, wat2wasm) from the spec runner, and
// the scratch directories they write into.
#ifndef WEFT_WAST_SUBPROCESS_H_
#define WEFT_WAST_SUBPROCESS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weft::wast {

// The first executable named `name` in $PATH, or nullopt.
std::optional<std::string> FindOnPath(absl::string_view name);

struct ProcessResult {
  int exit_code = 0;   // 128 + signal number when killed by a signal
  std::string output;  // stdout and stderr interleaved, capped at 64 KiB
};

// Runs argv[0] (a path) with the arguments, stdin from /dev/null, waits.
// Fails only when the process cannot be started.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv);

// A fresh directory from mkdtemp under $TMPDIR (or /tmp), removed with all
// its contents when the object dies — on every path out, errors included.
class TempDir {
 public:
  static absl::StatusOr<TempDir> Create();
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The first line of `text` (without the newline), for short error reasons.
std::string FirstLine(absl::string_view text);

}  // namespace weft::wast

#endif  // WEFT_WAST_SUBPROCESS_H_
