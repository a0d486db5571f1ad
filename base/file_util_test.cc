#include "base/file_util.h"

#include <unistd.h>

#include <string>
#include <csignal>
#include <thread>

#include "gtest/gtest.h"

namespace weft {
namespace {

// Writes `data` into a pipe from another thread and reads it back.
absl::StatusOr<std::string> ThroughPipe(const std::string& data, size_t max_size) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = write(fds[1], data.data() + done, data.size() - done);
      if (n <= 0) break;  // the reader gave up: EPIPE
      done += static_cast<size_t>(n);
    }
    close(fds[1]);
  });
  absl::StatusOr<std::string> r = ReadWholeStream(fds[0], "stdin", max_size);
  close(fds[0]);  // unblocks a writer the reader stopped listening to
  writer.join();
  return r;
}

TEST(ReadWholeStreamTest, ReadsEverythingUpToTheLimit) {
  const std::string big(300 * 1024 + 7, 'x');  // several growth steps
  absl::StatusOr<std::string> r = ThroughPipe(big, big.size());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, big);
  EXPECT_EQ(*ThroughPipe("", 10), "");
}

TEST(ReadWholeStreamTest, RefusesMoreThanTheLimit) {
  signal(SIGPIPE, SIG_IGN);
  absl::StatusOr<std::string> r = ThroughPipe(std::string(100001, 'y'), 100000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(r.status().message(), "stdin: more than 100000 bytes");
}

TEST(ReadWholeFileTest, MissingAndDirectory) {
  EXPECT_EQ(ReadWholeFile("/nonexistent/x").status().message(),
            "/nonexistent/x: no such file");
  EXPECT_EQ(ReadWholeFile("/").status().message(), "/: is a directory");
}

TEST(WriteWholeFileTest, WritesAndTruncatesAndNamesThePath) {
  const std::string path = ::testing::TempDir() + "/write_whole_file_test";
  ASSERT_TRUE(WriteWholeFile(path, "a longer first version").ok());
  ASSERT_TRUE(WriteWholeFile(path, std::string("x\0y", 3)).ok());
  EXPECT_EQ(*ReadWholeFile(path), std::string("x\0y", 3));
  EXPECT_EQ(WriteWholeFile("/nonexistent/dir/f", "x").message(),
            "/nonexistent/dir/f: cannot create: No such file or directory");
}

}  // namespace
}  // namespace weft
