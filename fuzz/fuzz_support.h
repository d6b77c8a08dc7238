// Helpers shared by the libFuzzer targets in this folder (deploy/fuzz.sh):
// fixed inputs from the repository, property checks that stop the run, and
// files for loaders that take a path.
//
// A target's properties are checked with FUZZ_CHECK: a violation prints what
// was expected and aborts, which libFuzzer reports as a crash and saves the
// input, exactly like a sanitizer report.
#ifndef GONGXIN_FUZZ_FUZZ_SUPPORT_H_
#define GONGXIN_FUZZ_FUZZ_SUPPORT_H_

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

#define FUZZ_CHECK(condition, message)                                    \
  do {                                                                    \
    if (!(condition)) {                                                   \
      ::gongxin::fuzz::Fail(__FILE__, __LINE__, #condition, (message));   \
    }                                                                     \
  } while (0)

namespace gongxin::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* condition,
                              absl::string_view message) {
  std::fprintf(stderr, "%s:%d: property violated: %s\n  %.*s\n", file, line,
               condition, static_cast<int>(message.size()), message.data());
  std::abort();
}

// A value a target's setup cannot do without (a key, the sample spec):
// failing here is a broken build, not a finding.
template <typename T>
T Require(absl::StatusOr<T> value, absl::string_view what) {
  if (!value.ok()) {
    std::fprintf(stderr, "fuzz setup: %.*s: %s\n",
                 static_cast<int>(what.size()), what.data(),
                 value.status().ToString().c_str());
    std::abort();
  }
  return *std::move(value);
}

// The path of `relative` in the source tree (GONGXIN_SOURCE_DIR is set by
// fuzz/CMakeLists.txt).
inline std::string SourcePath(absl::string_view relative) {
  return absl::StrCat(GONGXIN_SOURCE_DIR, "/", relative);
}

// The bytes of a file of the source tree; aborts if it cannot be read.
inline std::string ReadSourceFile(absl::string_view relative) {
  const std::string path = SourcePath(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz setup: cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline absl::string_view AsView(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// An in-memory file with a path (/proc/self/fd/N), for loaders that read a
// path: each input is written over the last, so nothing touches the disk.
class MemoryFile {
 public:
  explicit MemoryFile(const char* name) : fd_(memfd_create(name, MFD_CLOEXEC)) {
    if (fd_ < 0) {
      std::perror("fuzz setup: memfd_create");
      std::abort();
    }
    path_ = absl::StrCat("/proc/self/fd/", fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the file's content with `bytes`; returns its path.
  const std::string& Write(absl::string_view bytes) {
    if (::ftruncate(fd_, 0) != 0 ||
        ::pwrite(fd_, bytes.data(), bytes.size(), 0) !=
            static_cast<ssize_t>(bytes.size())) {
      std::perror("fuzz: writing the memory file");
      std::abort();
    }
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

// The first byte of an input chooses what a target does with the rest, so
// one target covers several entry points of one parser.
struct Selected {
  uint8_t selector = 0;
  absl::string_view rest;
};
inline Selected Select(const uint8_t* data, size_t size) {
  if (size == 0) return {};
  return {data[0], AsView(data + 1, size - 1)};
}

// Gives the rest of the input to handlers[byte 0 % handlers.size()].
inline void Dispatch(const uint8_t* data, size_t size,
                     std::initializer_list<void (*)(absl::string_view)> handlers) {
  const Selected input = Select(data, size);
  handlers.begin()[input.selector % handlers.size()](input.rest);
}

}  // namespace gongxin::fuzz

#endif  // GONGXIN_FUZZ_FUZZ_SUPPORT_H_
