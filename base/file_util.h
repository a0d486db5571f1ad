// Reading whole files with error messages fit for a command line.
#ifndef WEFT_BASE_FILE_UTIL_H_
#define WEFT_BASE_FILE_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weft {

// The contents of `path`. Errors: NotFound ("<path>: no such file"),
// FailedPrecondition ("<path>: is a directory" / "is not a regular file"),
// PermissionDenied or Internal for unreadable files, ResourceExhausted when
// larger than `max_size`.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path,
                                          size_t max_size = size_t{1} << 30);

// Everything readable from `fd` until end of file (a pipe, a terminal,
// stdin), at most `max_size` bytes: more is ResourceExhausted ("<name>:
// more than N bytes"), never a partial result. `name` is for messages.
// `fd` is not closed.
absl::StatusOr<std::string> ReadWholeStream(int fd, const std::string& name,
                                            size_t max_size = size_t{1} << 30);

// Creates or truncates `path` (mode 0644 before the umask) and writes
// `data` to it. Errors name the path: "<path>: cannot create: ...".
absl::Status WriteWholeFile(const std::string& path, absl::string_view data);

}  // namespace weft

#endif  // WEFT_BASE_FILE_UTIL_H_
