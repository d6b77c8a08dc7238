// A fresh directory per test, removed afterwards.
#ifndef GONGXIN_TESTS_TESTING_TEMP_DIR_H_
#define GONGXIN_TESTS_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"

namespace gongxin::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "gongxin-XXXXXX";
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// ReadWholeFileForTest returns a file's bytes ("" if unreadable).
inline std::string ReadWholeFileForTest(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_TEMP_DIR_H_
