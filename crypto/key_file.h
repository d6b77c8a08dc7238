// Files that hold secrets: atomic writes, reads, and the server's Ed25519
// signing-key file, created on first start and readable by its owner alone.
#ifndef GONGXIN_CRYPTO_KEY_FILE_H_
#define GONGXIN_CRYPTO_KEY_FILE_H_

#include <sys/types.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/ed25519.h"

namespace gongxin::crypto {

// WriteFileAtomically makes `path` hold exactly `data` with permission bits
// exactly `mode` (the umask does not apply), replacing any existing file.
// Readers see the old file or the new one, never a mix, and the new one
// survives a crash once this returns OK: the data goes to a fresh temporary
// file beside `path` (created with O_EXCL and `mode`), which is fsynced,
// renamed over `path`, and then the directory is fsynced.
// Errors (message names the file): the errno-derived code, e.g. NOT_FOUND if
// the directory is missing, PERMISSION_DENIED.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view data, mode_t mode);

// CreateFileAtomically is WriteFileAtomically except that it never replaces:
// if `path` exists (even if it appears concurrently) it returns
// ALREADY_EXISTS and leaves the file alone.
absl::Status CreateFileAtomically(const std::string& path,
                                  absl::string_view data, mode_t mode);

// ReadFile returns the contents of `path`.
// Errors (message names the file): NOT_FOUND if it does not exist, otherwise
// the errno-derived code.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// ReadPrivateFile is ReadFile for secrets (keys): it also returns
// FAILED_PRECONDITION, naming the file and its mode, unless `path` is a
// regular file that grants group and others no permission at all.
absl::StatusOr<std::string> ReadPrivateFile(const std::string& path);

// EnsurePrivateDirectory makes `path` a directory only its owner can enter:
// it creates it with mode 0700 if missing (not its parents), and otherwise
// returns FAILED_PRECONDITION, naming the directory, its mode and the command
// that fixes it ("chmod 700 DIR"), if it grants group or others any access,
// or if it is not a directory. A directory of secrets is refused rather
// than tightened behind the operator's back, as ssh refuses a wide ~/.ssh.
// Other errors: the errno-derived code, naming the directory.
absl::Status EnsurePrivateDirectory(const std::string& path);

// LoadOrCreateEd25519KeyFile returns the Ed25519 private key stored as PKCS#8
// PEM in `path`. If `path` does not exist it generates a key and writes it
// with mode 0600 (CreateFileAtomically); if another process creates the file
// first, that process's key is loaded instead. `*created` (if non-null) tells
// whether this call wrote the file.
// Errors (message names the file): FAILED_PRECONDITION if the existing file
// grants group or others any permission; INVALID_ARGUMENT if it does not hold
// an Ed25519 PEM private key; I/O errors as for ReadFile / WriteFileAtomically.
absl::StatusOr<Ed25519PrivateKey> LoadOrCreateEd25519KeyFile(
    const std::string& path, bool* created = nullptr);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_KEY_FILE_H_
