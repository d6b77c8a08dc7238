#include "client/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace gongxin::client {
namespace {

absl::Status CannotWrite(const std::string& path, absl::string_view why) {
  return absl::UnavailableError(absl::StrCat("--out: cannot write ", path, ": ", why));
}

// Creates `path` empty with exactly `mode`; an existing file is emptied and
// narrowed, a symlink refused.
absl::Status CreateEmpty(const std::string& path, mode_t mode) {
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return CannotWrite(path, std::strerror(errno));
  const bool narrowed = ::fchmod(fd, mode) == 0;
  const int error = errno;
  ::close(fd);
  if (!narrowed) return CannotWrite(path, std::strerror(error));
  return absl::OkStatus();
}

absl::Status Sync(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return CannotWrite(path, std::strerror(errno));
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) return CannotWrite(path, std::strerror(error));
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteOutputFile(const std::string& path, mode_t mode,
                             const std::function<absl::Status(std::ostream& out)>& fill) {
  const std::string tmp = path + ".partial";
  absl::Status status = CreateEmpty(tmp, mode);
  if (!status.ok()) return status;
  {
    // Opened after the file exists: the stream keeps its mode.
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    status = out ? fill(out) : CannotWrite(tmp, "cannot open");
    out.close();
    if (status.ok() && !out) status = CannotWrite(tmp, "write failed");
  }
  if (status.ok()) status = Sync(tmp);
  if (status.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    status = absl::UnavailableError(
        absl::StrCat("--out: cannot rename ", tmp, " to ", path, ": ", std::strerror(errno)));
  }
  if (!status.ok()) std::remove(tmp.c_str());
  return status;
}

absl::Status WriteOutputFile(const std::string& path, mode_t mode, absl::string_view text) {
  return WriteOutputFile(path, mode, [text](std::ostream& out) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return absl::OkStatus();
  });
}

}  // namespace gongxin::client
