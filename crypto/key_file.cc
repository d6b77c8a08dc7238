#include "crypto/key_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

absl::Status ErrnoError(int error, absl::string_view op,
                        const std::string& path) {
  return absl::ErrnoToStatus(error, absl::StrCat(op, " ", path));
}

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  return absl::Status(status.code(),
                      absl::StrCat(context, ": ", status.message()));
}

// Fd owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Close closes the descriptor and reports whether that succeeded.
  bool Close() { return ::close(std::exchange(fd_, -1)) == 0; }

 private:
  int fd_;
};

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status WriteAll(int fd, absl::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError(errno, "write", path);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// Reads `fd` to the end, sizing the buffer up front so a secret is not left
// behind in discarded buffers as the string grows.
absl::StatusOr<std::string> ReadAll(int fd, const struct stat& st,
                                    const std::string& path) {
  std::string data(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t size = 0;
  while (true) {
    if (size == data.size()) data.resize(data.size() * 2);  // file grew
    ssize_t n = ::read(fd, data.data() + size, data.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError(errno, "read", path);
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  data.resize(size);
  return data;
}

absl::Status FsyncDirectory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(errno, "open directory", dir);
  if (::fsync(fd.get()) != 0) return ErrnoError(errno, "fsync directory", dir);
  return absl::OkStatus();
}

// Writes `data` to a new temporary file beside `path` and publishes it as
// `path`, by rename (replacing) or by link (never replacing).
absl::Status WriteViaTempFile(const std::string& path, absl::string_view data,
                              mode_t mode, bool replace) {
  ASSIGN_OR_RETURN(std::string suffix, RandomBytes(8));
  const std::string temp = absl::StrCat(path, ".tmp-", HexEncode(suffix));
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return ErrnoError(errno, "create", temp);
  absl::Cleanup remove_temp = [&temp] { ::unlink(temp.c_str()); };
  if (::fchmod(fd.get(), mode) != 0) return ErrnoError(errno, "chmod", temp);
  RETURN_IF_ERROR(WriteAll(fd.get(), data, temp));
  if (::fsync(fd.get()) != 0) return ErrnoError(errno, "fsync", temp);
  if (!fd.Close()) return ErrnoError(errno, "close", temp);
  if (replace) {
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      return ErrnoError(errno, "rename " + temp + " to", path);
    }
    std::move(remove_temp).Cancel();
  } else {
    // link, unlike rename, fails with EEXIST (ALREADY_EXISTS) if path exists.
    if (::link(temp.c_str(), path.c_str()) != 0) {
      return ErrnoError(errno, "create", path);
    }
    std::move(remove_temp).Cancel();
    if (::unlink(temp.c_str()) != 0) return ErrnoError(errno, "remove", temp);
  }
  return FsyncDirectory(DirName(path));
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view data, mode_t mode) {
  return WriteViaTempFile(path, data, mode, /*replace=*/true);
}

absl::Status CreateFileAtomically(const std::string& path,
                                  absl::string_view data, mode_t mode) {
  return WriteViaTempFile(path, data, mode, /*replace=*/false);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(errno, "open", path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(errno, "stat", path);
  return ReadAll(fd.get(), st, path);
}

absl::StatusOr<std::string> ReadPrivateFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(errno, "open", path);
  // Checked on the open descriptor, so the file cannot be swapped in between.
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(errno, "stat", path);
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("private file ", path, " is not a regular file"));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "private file %s has mode %04o; group and others must have no "
        "access (chmod 600 %s)",
        path, st.st_mode & 07777, path));
  }
  return ReadAll(fd.get(), st, path);
}

absl::Status EnsurePrivateDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoError(errno, "create directory", path);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoError(errno, "stat", path);
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is not a directory"));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "directory %s has mode %04o; it holds secrets, so group and others must "
        "have no access (chmod 700 %s)",
        path, st.st_mode & 07777, path));
  }
  return absl::OkStatus();
}

absl::StatusOr<Ed25519PrivateKey> LoadOrCreateEd25519KeyFile(
    const std::string& path, bool* created) {
  if (created != nullptr) *created = false;
  absl::StatusOr<std::string> pem = ReadPrivateFile(path);
  if (absl::IsNotFound(pem.status())) {
    ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
    ASSIGN_OR_RETURN(std::string new_pem, key.ToPem());
    absl::Cleanup wipe = [&new_pem] {
      OPENSSL_cleanse(new_pem.data(), new_pem.size());
    };
    absl::Status status = CreateFileAtomically(path, new_pem, 0600);
    if (status.ok()) {
      if (created != nullptr) *created = true;
      return key;
    }
    if (!absl::IsAlreadyExists(status)) return status;
    pem = ReadPrivateFile(path);  // another process created it first
  }
  if (!pem.ok()) return pem.status();
  absl::Cleanup wipe = [&pem] { OPENSSL_cleanse(pem->data(), pem->size()); };
  absl::StatusOr<Ed25519PrivateKey> key = Ed25519PrivateKey::FromPem(*pem);
  if (!key.ok()) return Annotate(key.status(), "Ed25519 key file " + path);
  return key;
}

}  // namespace gongxin::crypto
