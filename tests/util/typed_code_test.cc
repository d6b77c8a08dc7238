// Tests of util/typed_code.h: the format receipt codes and verification
// codes share. (tests/kiosk/receipt_code_test.cc covers the receipt's use.)
#include "util/typed_code.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::util {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

TEST(TypedCodeTest, RoundTripsTheFirstTenBytes) {
  const std::string bytes("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\xff\xff", 12);
  const std::string code = EncodeTypedCode(bytes);
  EXPECT_EQ(code.size(), 17u + 4u) << code;
  ASSERT_OK_AND_ASSIGN(std::string back, ParseTypedCode(code, "test code"));
  EXPECT_EQ(back, bytes.substr(0, kTypedCodeBytes));
}

TEST(TypedCodeTest, ErrorsStartWithWhatTheCodeIs) {
  EXPECT_THAT(ParseTypedCode("AAAA", "verification code"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("verification code: 4 characters; a verification code has 17")));
  EXPECT_THAT(ParseTypedCode("AAAA-AAAA-AAAA-AAA9-A", "receipt code"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("receipt code: \"9\" is not one of its characters")));
  EXPECT_THAT(ParseTypedCode("AAAA-AAAA-AAAA-AAA码", "receipt code"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("receipt code: a non-ASCII character")));
}

}  // namespace
}  // namespace gongxin::util
