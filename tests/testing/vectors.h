// The known-answer vectors copied into tests/vectors (RFC 9474, signed
// notes, RFC 6962), read by name. GONGXIN_VECTORS_DIR is defined for every
// test executable (tests/CMakeLists.txt).
#ifndef GONGXIN_TESTS_TESTING_VECTORS_H_
#define GONGXIN_TESTS_TESTING_VECTORS_H_

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongxin::testing {

inline absl::StatusOr<std::string> ReadVectorsFile(absl::string_view name) {
  const std::string path = absl::StrCat(GONGXIN_VECTORS_DIR, "/", name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_VECTORS_H_
