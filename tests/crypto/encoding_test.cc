#include "crypto/encoding.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(HexTest, EncodeKnownAnswerIsLowercase) {
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(HexTest, DecodeAcceptsBothCases) {
  ASSERT_OK_AND_ASSIGN(std::string lower, HexDecode("00abff"));
  ASSERT_OK_AND_ASSIGN(std::string upper, HexDecode("00ABFF"));
  EXPECT_EQ(lower, std::string("\x00\xab\xff", 3));
  EXPECT_EQ(upper, lower);
}

TEST(HexTest, RoundTripsEveryByteValue) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  ASSERT_OK_AND_ASSIGN(std::string decoded, HexDecode(HexEncode(all)));
  EXPECT_EQ(decoded, all);
}

TEST(HexTest, DecodeRejectsOddLength) {
  EXPECT_THAT(HexDecode("abc"), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("odd length")));
}

TEST(HexTest, DecodeRejectsNonHexCharacterNamingOffsetNotInput) {
  EXPECT_THAT(HexDecode("00zz"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("offset 2"), Not(HasSubstr("zz")))));
  EXPECT_THAT(HexDecode("0g"), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("offset 1")));
  EXPECT_THAT(HexDecode(" 0"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HexDecode("0x"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ConstantTimeEqualsTest, EqualStringsAreEqual) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(
      ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
}

TEST(ConstantTimeEqualsTest, EveryDifferingByteMakesThemUnequal) {
  const std::string a = "0123456789abcdef";
  for (size_t i = 0; i < a.size(); ++i) {
    std::string b = a;
    b[i] ^= 0x01;
    EXPECT_FALSE(ConstantTimeEquals(a, b)) << "byte " << i;
  }
}

TEST(ConstantTimeEqualsTest, DifferentLengthsAreUnequal) {
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0", 2), "a"));
}

}  // namespace
}  // namespace gongxin::crypto
