// A private directory for the files a tool we run needs (the page Chromium
// prints, the workbook libxlsxwriter writes before we read it back),
// removed with everything in it when the object goes.
#ifndef GONGXIN_CLIENT_SCRATCH_DIR_H_
#define GONGXIN_CLIENT_SCRATCH_DIR_H_

#include <string>

#include "absl/status/statusor.h"

namespace gongxin::client {

class ScratchDir {
 public:
  // Create makes a fresh directory, mode 0700, under $TMPDIR (else /tmp):
  // the full report's page names who chose what, so no one else may read it.
  static absl::StatusOr<ScratchDir> Create();
  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ScratchDir(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;  // empty once moved from
};

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SCRATCH_DIR_H_
