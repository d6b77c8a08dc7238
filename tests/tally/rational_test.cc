// Exact numbers for composite scores: parsing, arithmetic, printing.
#include "tally/rational.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

TEST(RationalTest, ParsesIntegersDecimalsAndFractions) {
  ASSERT_OK_AND_ASSIGN(Rational a, ParseRational("v", "60"));
  EXPECT_EQ(a, Rational(60));
  ASSERT_OK_AND_ASSIGN(Rational b, ParseRational("v", "87.5"));
  EXPECT_EQ(b, Rational(175, 2));
  ASSERT_OK_AND_ASSIGN(Rational c, ParseRational("v", "100/3"));
  EXPECT_EQ(c, Rational(100, 3));
  ASSERT_OK_AND_ASSIGN(Rational d, ParseRational("v", "0.000001"));
  EXPECT_EQ(d, Rational(1, 1000000));
}

TEST(RationalTest, RefusesSignsExponentsSpacesAndTooManyDecimals) {
  for (const char* bad : {"", "-1", "+1", "1e3", " 1", "1.", ".5", "1.1234567", "1/0", "1/",
                          "abc", "1234567890123"}) {
    EXPECT_THAT(ParseRational("weight", bad),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("weight: ")))
        << "accepted \"" << bad << "\"";
  }
}

TEST(RationalTest, ThirdsSumToExactlyOneHundred) {
  // 100/3 three times is 100, where 33.333333 as a double would not be.
  const Rational third(100, 3);
  EXPECT_EQ(third + third + third, Rational(100));
}

TEST(RationalTest, PrintsExactlyAndRoundsOnlyForPeople) {
  EXPECT_EQ(Rational(60).ToString(), "60");
  EXPECT_EQ(Rational(175, 2).ToString(), "87.5");
  EXPECT_EQ(Rational(200, 3).ToString(), "200/3");
  EXPECT_EQ(Rational(200, 3).ToDecimal(2), "66.67");
  EXPECT_EQ(Rational(1, 200).ToDecimal(2), "0.01");  // half up
  EXPECT_EQ(Rational(60).ToDecimal(2), "60.00");
}

TEST(RationalTest, OverflowIsStickyAndNeverACleanNumber) {
  const Rational big(Rational::Int(1) << 120, 3);
  const Rational product = big * big;
  EXPECT_TRUE(product.overflow());
  EXPECT_TRUE((product + 1).overflow());
  EXPECT_TRUE((Rational(1) - product).overflow());
  EXPECT_FALSE(product == Rational(0));
  EXPECT_EQ(product.ToString(), "?");
}

TEST(RationalTest, ComparesHugeValuesWithoutOverflow) {
  const Rational::Int huge = Rational::Int(1) << 125;
  // (2^125 + 1)/2^125 > (2^125 - 1)/(2^125 - 2)? The second is larger.
  EXPECT_LT(Rational(huge + 1, huge), Rational(huge - 1, huge - 2));
  EXPECT_EQ(Rational(huge + 1, huge).ToDecimal(2), "1.00");
}

TEST(RationalTest, ComparesExactly) {
  EXPECT_LT(Rational(5999999, 100000), Rational(60));
  EXPECT_FALSE(Rational(60) < Rational(60));
  EXPECT_EQ(Rational(120, 2), Rational(60));
}

TEST(RationalTest, DecimalOfReadsTheLedgersTextAndRoundsForPeople) {
  EXPECT_EQ(DecimalOf("200/3", 2), "66.67");  // 66.666… rounds up
  EXPECT_EQ(DecimalOf("87.5", 2), "87.50");
  EXPECT_EQ(DecimalOf("60", 1), "60.0");
  EXPECT_EQ(DecimalOf("not a number", 2), "") << "unparsable text must not become a figure";
}

}  // namespace
}  // namespace gongxin::tally
