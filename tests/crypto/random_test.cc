#include "crypto/random.h"

#include <climits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;

TEST(RandomBytesTest, ReturnsRequestedLength) {
  for (size_t n : {0, 1, 32, 4096}) {
    ASSERT_OK_AND_ASSIGN(std::string bytes, RandomBytes(n));
    EXPECT_EQ(bytes.size(), n);
  }
}

TEST(RandomBytesTest, SuccessiveCallsDiffer) {
  ASSERT_OK_AND_ASSIGN(std::string a, RandomBytes(32));
  ASSERT_OK_AND_ASSIGN(std::string b, RandomBytes(32));
  EXPECT_NE(a, b);
  EXPECT_NE(a, std::string(32, '\0'));
}

TEST(RandomBytesTest, RejectsSizeAboveIntMax) {
  EXPECT_THAT(RandomBytes(static_cast<size_t>(INT_MAX) + 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gongxin::crypto
