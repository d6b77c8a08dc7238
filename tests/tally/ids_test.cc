// Tests of tally/ids.h: identifier syntax.
#include "tally/ids.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(ValidateIdTest, AcceptsLettersDigitsAndInnerPunctuation) {
  EXPECT_OK(ValidateId("id", "v001"));
  EXPECT_OK(ValidateId("id", "A"));
  EXPECT_OK(ValidateId("id", "_x"));
  EXPECT_OK(ValidateId("id", "m-2024.01_a"));
  EXPECT_OK(ValidateId("id", std::string(64, 'z')));
}

TEST(ValidateIdTest, RefusesEmpty) {
  EXPECT_THAT(ValidateId("spec.groups[0].id", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("spec.groups[0].id: "), HasSubstr("empty"))));
}

TEST(ValidateIdTest, RefusesMoreThan64Characters) {
  EXPECT_THAT(
      ValidateId("roll.voters[2].id", std::string(65, 'a')),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("roll.voters[2].id: "), HasSubstr("64"), HasSubstr("got 65"))));
}

TEST(ValidateIdTest, RefusesCharactersOutsideTheAllowedSet) {
  for (const char* id : {"a b", "a/b", "a:b", "张三", "a\nb", "a\"b"}) {
    EXPECT_THAT(ValidateId("f.id", id),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(StartsWith("f.id: "), HasSubstr("not allowed"))))
        << id;
  }
}

TEST(ValidateIdTest, NamesTheOffendingByte) {
  EXPECT_THAT(ValidateId("f.id", "ab/c"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte 3 of \"ab/c\"")));
}

TEST(ValidateIdTest, RefusesLeadingDotOrDash) {
  EXPECT_THAT(ValidateId("f.id", ".hidden"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("f.id: "), HasSubstr("must not start"))));
  EXPECT_THAT(ValidateId("f.id", "-x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must not start")));
}

}  // namespace
}  // namespace gongxin::tally
