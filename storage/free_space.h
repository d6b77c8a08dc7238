// The free-space reserve of the embedded store: a write is refused, before
// anything reaches RocksDB, while the file system holding the ledger has
// less than the reserve free. A refused write is clean (nothing written, the
// store stays writable), whereas a disk that fills up under RocksDB leaves a
// write whose outcome is unknown and the store read-only until reopened.
#ifndef GONGXIN_STORAGE_FREE_SPACE_H_
#define GONGXIN_STORAGE_FREE_SPACE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::storage {

// kDefaultMinFreeBytes is the default reserve, 256 MiB: RocksDB may still
// need room after the last write it took (a memtable flush of up to 64 MiB
// per column family, the MANIFEST, a new WAL), and it fails writes for good
// once it hits ENOSPC itself. Small next to any disk a ballot server runs on.
inline constexpr uint64_t kDefaultMinFreeBytes = uint64_t{256} << 20;

// Returns the bytes that an unprivileged process may still write to the file
// system holding `dir` (statvfs: f_bavail * f_frsize). Errors name the
// directory and the errno.
absl::StatusOr<uint64_t> FileSystemFreeBytes(const std::string& dir);

// Where a store learns how much space is free; FileSystemFreeBytes unless a
// test injects its own.
using FreeSpaceSource = std::function<absl::StatusOr<uint64_t>(const std::string& dir)>;

// FreeSpaceGuard refuses writes that would leave less than `reserve` bytes
// free on the file system of `dir`. A reserve of 0 turns the check off (and
// never calls `source`). Thread-safe: it holds no mutable state.
class FreeSpaceGuard {
 public:
  FreeSpaceGuard(std::string dir, uint64_t reserve, FreeSpaceSource source = nullptr);

  // OK if at least reserve + write_bytes bytes are free. Otherwise
  // RESOURCE_EXHAUSTED saying how much is free and how much is needed, e.g.
  // "disk almost full: 3.1 MiB free on the file system of /d/ledger, 256.0 MiB
  // needed (a reserve of 256.0 MiB plus 1.2 KiB for this write); nothing was
  // written, and writes resume once space is freed". If the
  // free space cannot be measured, UNAVAILABLE naming the directory. Either
  // way the caller writes nothing.
  absl::Status Check(uint64_t write_bytes) const;

  // The bytes free now, from the source (even with a reserve of 0).
  absl::StatusOr<uint64_t> FreeBytes() const { return source_(dir_); }

  uint64_t reserve() const { return reserve_; }

 private:
  const std::string dir_;
  const uint64_t reserve_;
  const FreeSpaceSource source_;
};

// "512 B", "1.5 KiB", "3.1 MiB", "2.0 GiB": byte counts for messages.
std::string FormatBytes(uint64_t bytes);

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_FREE_SPACE_H_
