#include "client/scratch_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gongxin::client {

absl::StatusOr<ScratchDir> ScratchDir::Create() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/gongxin-XXXXXX");
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {  // mode 0700
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot make a scratch directory ", pattern));
  }
  return ScratchDir(std::string(buffer.data()));
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept : path_(std::exchange(other.path_, "")) {}

ScratchDir::~ScratchDir() {
  if (path_.empty()) return;
  std::error_code ignored;  // nothing to do about it in a destructor
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace gongxin::client
