#include "storage/free_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gongxin::storage {

absl::StatusOr<uint64_t> FileSystemFreeBytes(const std::string& dir) {
  struct statvfs fs;
  if (::statvfs(dir.c_str(), &fs) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("measure free space of ", dir));
  }
  return uint64_t{fs.f_bavail} * uint64_t{fs.f_frsize};
}

FreeSpaceGuard::FreeSpaceGuard(std::string dir, uint64_t reserve, FreeSpaceSource source)
    : dir_(std::move(dir)),
      reserve_(reserve),
      source_(source != nullptr ? std::move(source) : FreeSpaceSource(FileSystemFreeBytes)) {}

absl::Status FreeSpaceGuard::Check(uint64_t write_bytes) const {
  if (reserve_ == 0) return absl::OkStatus();
  absl::StatusOr<uint64_t> free = FreeBytes();
  if (!free.ok()) {
    return absl::UnavailableError(
        absl::StrCat(free.status().message(), "; nothing was written"));
  }
  const uint64_t needed = reserve_ + write_bytes;
  if (*free >= needed) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "disk almost full: ", FormatBytes(*free), " free on the file system of ", dir_, ", ",
      FormatBytes(needed), " needed (a reserve of ", FormatBytes(reserve_), " plus ",
      FormatBytes(write_bytes),
      " for this write); nothing was written, and writes resume once space is freed"));
}

std::string FormatBytes(uint64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes) / 1024;
  int unit = 0;
  // 1023.95 and up would print as "1024.0": the next unit then.
  while (value >= 1023.95 && unit + 1 < 6) {
    value /= 1024;
    ++unit;
  }
  return absl::StrFormat("%.1f %s", value, kUnits[unit]);
}

}  // namespace gongxin::storage
