// Files the CLI writes for its user: a document or an export appears whole
// or not at all, with the permissions it needs from the first byte.
#ifndef GONGXIN_CLIENT_OUTPUT_FILE_H_
#define GONGXIN_CLIENT_OUTPUT_FILE_H_

#include <sys/types.h>

#include <functional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongxin::client {

// Mode of a file that says who chose what (a full export, the full report):
// readable by its owner alone.
inline constexpr mode_t kPrivateFileMode = 0600;
inline constexpr mode_t kPublicFileMode = 0644;

// WriteOutputFile makes `path` hold what `fill` writes, with permission bits
// exactly `mode`: it writes PATH.partial (created with `mode`, never through
// a symlink, and chmod-ed in case an older one was wider), fsyncs it and
// renames it over `path`. If `fill` fails, the partial file is removed and
// its status returned. Errors name the file: "--out: cannot write F: why".
absl::Status WriteOutputFile(const std::string& path, mode_t mode,
                             const std::function<absl::Status(std::ostream& out)>& fill);
absl::Status WriteOutputFile(const std::string& path, mode_t mode, absl::string_view text);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_OUTPUT_FILE_H_
