#include "base/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace weft {

absl::StatusOr<std::string> ReadWholeFile(const std::string& path,
                                          size_t max_size) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    }
    if (err == EACCES) {
      return absl::PermissionDeniedError(
          absl::StrCat(path, ": permission denied"));
    }
    return absl::InternalError(
        absl::StrCat(path, ": cannot open: ", std::strerror(err)));
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return absl::InternalError(absl::StrCat(path, ": ", std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory"));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": is not a regular file"));
  }
  if (static_cast<uint64_t>(st.st_size) > max_size) {
    close(fd);
    return absl::ResourceExhaustedError(absl::StrCat(
        path, ": file too large (", st.st_size, " bytes, limit ", max_size, ")"));
  }
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      return absl::InternalError(
          absl::StrCat(path, ": read error: ", std::strerror(err)));
    }
    if (n == 0) break;  // the file shrank meanwhile
    done += static_cast<size_t>(n);
  }
  data.resize(done);
  close(fd);
  return data;
}

absl::StatusOr<std::string> ReadWholeStream(int fd, const std::string& name,
                                            size_t max_size) {
  std::string data;
  size_t done = 0;
  while (true) {
    // Grow geometrically, one byte past the limit at most, so an endless
    // stream is refused after max_size + 1 bytes.
    if (done == data.size()) {
      const size_t want = std::min(max_size + 1, std::max<size_t>(64 * 1024, 2 * data.size()));
      if (want <= done) {
        return absl::ResourceExhaustedError(
            absl::StrCat(name, ": more than ", max_size, " bytes"));
      }
      data.resize(want);
    }
    const ssize_t n = read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::InternalError(absl::StrCat(name, ": read error: ", std::strerror(errno)));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
    if (done > max_size) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name, ": more than ", max_size, " bytes"));
    }
  }
  data.resize(done);
  return data;
}

absl::Status WriteWholeFile(const std::string& path, absl::string_view data) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat(path, ": cannot create: ", std::strerror(errno)));
  }
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      return absl::InternalError(absl::StrCat(path, ": write error: ", std::strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    return absl::InternalError(absl::StrCat(path, ": write error: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace weft
