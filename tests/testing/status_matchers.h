// gMock matchers for absl::Status / absl::StatusOr (Debian's Abseil has none).
#ifndef GONGXIN_TESTS_TESTING_STATUS_MATCHERS_H_
#define GONGXIN_TESTS_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace gongxin::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = ::gongxin::testing::GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

// StatusIs(code) or StatusIs(code, HasSubstr("field"))
MATCHER_P(StatusIs, code, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = ::gongxin::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code;
}
MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = ::gongxin::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(s.message()),
                                       result_listener);
}

}  // namespace gongxin::testing

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::gongxin::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::gongxin::testing::IsOk())
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  GX_ASSERT_OK_AND_ASSIGN_IMPL_(GX_CONCAT_(gx_sor_, __LINE__), lhs, expr)
#define GX_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  ASSERT_OK(tmp);                                      \
  lhs = std::move(tmp).value()

#include "util/status_macros.h"

#endif  // GONGXIN_TESTS_TESTING_STATUS_MATCHERS_H_
