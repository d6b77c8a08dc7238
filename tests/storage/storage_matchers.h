// Matchers the storage tests need beyond tests/testing/status_matchers.h.
#ifndef GONGXIN_TESTS_STORAGE_STORAGE_MATCHERS_H_
#define GONGXIN_TESTS_STORAGE_STORAGE_MATCHERS_H_

#include "gmock/gmock.h"

namespace gongxin::storage {

// IsOkAndHolds(m): a StatusOr that is OK and whose value matches m.
MATCHER_P(IsOkAndHolds, matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(matcher, *arg, result_listener);
}

}  // namespace gongxin::storage

#endif  // GONGXIN_TESTS_STORAGE_STORAGE_MATCHERS_H_
