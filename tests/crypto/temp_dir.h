// A test fixture giving each test a fresh, private directory, removed after.
#ifndef GONGXIN_TESTS_CRYPTO_TEMP_DIR_H_
#define GONGXIN_TESTS_CRYPTO_TEMP_DIR_H_

#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace gongxin::crypto {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        absl::StrCat(::testing::TempDir(), "/gongxin-crypto-XXXXXX");
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr)
        << pattern << ": " << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  // Path returns dir_/name.
  std::string Path(absl::string_view name) const {
    return absl::StrCat(dir_, "/", name);
  }

  // FileMode returns the permission bits of `path`, or -1 if it is missing.
  static int FileMode(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
  }

  std::string dir_;
};

}  // namespace gongxin::crypto

#endif  // GONGXIN_TESTS_CRYPTO_TEMP_DIR_H_
