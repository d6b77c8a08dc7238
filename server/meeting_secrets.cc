#include "server/meeting_secrets.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "crypto/key_file.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

absl::Status SecretsErrno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status SyncDirectoryOf(const std::string& path) {
  const std::string dir = path.substr(0, path.rfind('/'));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return SecretsErrno("cannot open directory", dir);
  absl::Cleanup closer = [fd] { ::close(fd); };
  if (::fsync(fd) != 0) return SecretsErrno("cannot sync directory", dir);
  return absl::OkStatus();
}

}  // namespace

std::string MeetingSecretsPath(const std::string& data_dir, const std::string& meeting_id) {
  return absl::StrCat(data_dir, "/secrets/", meeting_id, ".secrets");
}

std::string UrnDirFor(const std::string& secrets_path) {
  absl::string_view base = secrets_path;
  absl::ConsumeSuffix(&base, ".secrets");
  return absl::StrCat(base, ".urn");
}

absl::Status WriteMeetingSecrets(const std::string& path, const v1::MeetingSecrets& secrets) {
  const std::string dir = path.substr(0, path.rfind('/'));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return SecretsErrno("cannot create", dir);
  }
  std::string bytes = secrets.SerializeAsString();
  absl::Status s = crypto::CreateFileAtomically(path, bytes, 0600);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return s;
}

absl::StatusOr<v1::MeetingSecrets> ReadMeetingSecrets(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, crypto::ReadPrivateFile(path));
  v1::MeetingSecrets secrets;
  const bool parsed = secrets.ParseFromString(bytes);
  std::fill(bytes.begin(), bytes.end(), '\0');
  if (!parsed) return absl::DataLossError(absl::StrCat(path, ": does not parse"));
  return secrets;
}

absl::Status DestroyMeetingSecrets(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return SecretsErrno("cannot open", path);
  }
  {
    absl::Cleanup closer = [fd] { ::close(fd); };
    struct stat st;
    if (::fstat(fd, &st) != 0) return SecretsErrno("cannot stat", path);
    // Overwrite in place before unlinking: on a file system that writes in
    // place the key bytes are gone, not merely unreferenced. (Copy-on-write
    // file systems and SSD wear levelling may keep old blocks: see
    // docs/threat-model.md for why the data directory belongs on an
    // encrypted volume.)
    const std::string zeros(static_cast<size_t>(st.st_size), '\0');
    if (::pwrite(fd, zeros.data(), zeros.size(), 0) != static_cast<ssize_t>(zeros.size()) ||
        ::fsync(fd) != 0) {
      return SecretsErrno("cannot overwrite", path);
    }
  }
  if (::unlink(path.c_str()) != 0) return SecretsErrno("cannot unlink", path);
  return SyncDirectoryOf(path);
}

}  // namespace gongxin::server
