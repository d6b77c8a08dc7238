// A fresh directory under ::testing::TempDir(), removed with its contents
// when the object goes out of scope.
#ifndef GONGXIN_TESTS_STORAGE_TEMP_DIR_H_
#define GONGXIN_TESTS_STORAGE_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "gtest/gtest.h"

namespace gongxin::storage {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    std::string pattern = ::testing::TempDir() + "gongxin_storage_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp(" << pattern << ") failed";
      return;
    }
    path_ = pattern;
  }
  ~ScopedTempDir() {
    std::error_code ignored;  // best effort: a leftover dir fails nothing
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory that does not exist yet.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace gongxin::storage

#endif  // GONGXIN_TESTS_STORAGE_TEMP_DIR_H_
