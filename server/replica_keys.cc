#include "server/replica_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/key_file.h"
#include "crypto/random.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

constexpr absl::string_view kMagic = "gongxin replica keys v1\n";
constexpr size_t kPoolIdBytes = 16;
constexpr size_t kHeaderBytes = kMagic.size() + kPoolIdBytes;
constexpr size_t kFileBytes = kHeaderBytes + size_t{ReplicaKeys::kSlots} * crypto::kAeadKeySize;

absl::Status PoolErrno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat("replica keys: cannot ", what, " ", path, ": ", std::strerror(errno)));
}

off_t SlotOffset(uint32_t slot) {
  return static_cast<off_t>(kHeaderBytes + size_t{slot} * crypto::kAeadKeySize);
}

}  // namespace

std::string ReplicaKeys::PathIn(const std::string& data_dir) {
  return absl::StrCat(data_dir, "/replica-keys");
}

absl::StatusOr<std::unique_ptr<ReplicaKeys>> ReplicaKeys::OpenOrCreate(const std::string& path,
                                                                       bool* created) {
  if (created != nullptr) *created = false;
  if (::access(path.c_str(), F_OK) != 0) {
    ASSIGN_OR_RETURN(std::string bytes, crypto::RandomBytes(kFileBytes - kMagic.size()));
    bytes.insert(0, std::string(kMagic));
    absl::Status written = crypto::CreateFileAtomically(path, bytes, 0600);
    std::fill(bytes.begin(), bytes.end(), '\0');
    // Another process made it meanwhile: use that one.
    if (!written.ok() && !absl::IsAlreadyExists(written)) return written;
    if (written.ok() && created != nullptr) *created = true;
  }
  // The mode check of a private key file, then one descriptor kept open.
  {
    ASSIGN_OR_RETURN(std::string checked, crypto::ReadPrivateFile(path));
    std::fill(checked.begin(), checked.end(), '\0');
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return PoolErrno("open", path);
  struct stat st;
  std::string header(kHeaderBytes, '\0');
  if (::fstat(fd, &st) != 0 || static_cast<size_t>(st.st_size) != kFileBytes ||
      ::pread(fd, header.data(), header.size(), 0) != static_cast<ssize_t>(header.size()) ||
      !absl::StartsWith(header, kMagic)) {
    ::close(fd);
    return absl::DataLossError(absl::StrCat(
        "replica keys ", path, ": not a pool of ", kSlots, " keys (", kFileBytes,
        " bytes starting \"gongxin replica keys v1\"); copy it again from another replica"));
  }
  return std::unique_ptr<ReplicaKeys>(
      new ReplicaKeys(fd, path, crypto::HexEncode(header.substr(kMagic.size()))));
}

ReplicaKeys::~ReplicaKeys() { ::close(fd_); }

absl::StatusOr<crypto::SecretData> ReplicaKeys::Key(uint32_t slot) const {
  if (slot >= kSlots) {
    return absl::OutOfRangeError(
        absl::StrCat("replica keys: slot ", slot, " is past the pool's ", kSlots));
  }
  crypto::SecretData key = crypto::SecretData::OfSize(crypto::kAeadKeySize);
  absl::MutexLock lock(&mu_);
  if (::pread(fd_, key.data(), key.size(), SlotOffset(slot)) !=
      static_cast<ssize_t>(key.size())) {
    return PoolErrno("read", path_);
  }
  const absl::string_view bytes = key.AsStringView();
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; })) {
    return absl::NotFoundError(absl::StrCat("replica keys ", pool_id_, ": slot ", slot,
                                            " is destroyed (its meeting closed)"));
  }
  return key;
}

absl::Status ReplicaKeys::Destroy(uint32_t slot) {
  if (slot >= kSlots) {
    return absl::OutOfRangeError(
        absl::StrCat("replica keys: slot ", slot, " is past the pool's ", kSlots));
  }
  const std::string zeros(crypto::kAeadKeySize, '\0');
  absl::MutexLock lock(&mu_);
  // In place, then synced: on a file system that writes in place the key's
  // bytes are gone, not merely unreferenced (docs/threat-model.md).
  if (::pwrite(fd_, zeros.data(), zeros.size(), SlotOffset(slot)) !=
          static_cast<ssize_t>(zeros.size()) ||
      ::fdatasync(fd_) != 0) {
    return PoolErrno("overwrite", path_);
  }
  return absl::OkStatus();
}

}  // namespace gongxin::server
