// Tests of tally/diff.h: describing the first difference between messages.
#include "tally/diff.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::ParseText;

v1::TallyResult Result() {
  return ParseText<v1::TallyResult>(R"pb(
    meeting_id: "m1"
    ledger_size: 9
    due: 10
    present: 8
    forms {
      form_id: "rec"
      questions {
        question_id: "q1"
        candidates { candidate_id: "c1" votes: 3 rank: 1 }
        candidates { candidate_id: "c2" votes: 2 rank: 2 }
        candidates { candidate_id: "c3" votes: 7 rank: 3 }
        write_ins { name: "周九" votes: 1 rank: 1 }
      }
    }
  )pb");
}

v1::QuestionTally& Q(v1::TallyResult& r) { return *r.mutable_forms(0)->mutable_questions(0); }

TEST(FirstDifferenceTest, EqualMessagesHaveNone) {
  EXPECT_EQ(FirstDifference(Result(), Result()), std::nullopt);
}

TEST(FirstDifferenceTest, NamesTheNestedFieldAndBothValues) {
  v1::TallyResult other = Result();
  Q(other).mutable_candidates(2)->set_votes(8);
  EXPECT_EQ(FirstDifference(Result(), other), "forms[0].questions[0].candidates[2].votes 7 != 8");
}

TEST(FirstDifferenceTest, ShowsZeroForAFieldAtItsDefault) {
  v1::TallyResult other = Result();
  Q(other).mutable_candidates(2)->set_votes(0);
  EXPECT_EQ(FirstDifference(Result(), other), "forms[0].questions[0].candidates[2].votes 7 != 0");
  EXPECT_EQ(FirstDifference(other, Result()), "forms[0].questions[0].candidates[2].votes 0 != 7");
}

TEST(FirstDifferenceTest, ShowsStringsQuotedAndReadable) {
  v1::TallyResult other = Result();
  Q(other).mutable_write_ins(0)->set_name("吴十");
  EXPECT_EQ(FirstDifference(Result(), other),
            "forms[0].questions[0].write_ins[0].name \"周九\" != \"吴十\"");
}

TEST(FirstDifferenceTest, ReportsAMissingOrExtraElement) {
  v1::TallyResult fewer = Result();
  Q(fewer).mutable_candidates()->RemoveLast();
  EXPECT_THAT(FirstDifference(Result(), fewer),
              ::testing::Optional(::testing::StartsWith(
                  "forms[0].questions[0].candidates[2] candidate_id: \"c3\"")));
  EXPECT_THAT(FirstDifference(Result(), fewer),
              ::testing::Optional(::testing::EndsWith("!= (absent)")));
  EXPECT_THAT(FirstDifference(fewer, Result()),
              ::testing::Optional(::testing::StartsWith(
                  "forms[0].questions[0].candidates[2] (absent) != candidate_id: \"c3\"")));
}

TEST(FirstDifferenceTest, ReportsUnknownFields) {
  v1::TallyResult extra = Result();
  extra.GetReflection()->MutableUnknownFields(&extra)->AddVarint(99, 1);
  EXPECT_THAT(FirstDifference(Result(), extra),
              ::testing::Optional(::testing::StartsWith("(unknown field 99)")));
}

TEST(FirstDifferenceTest, ReportsTopLevelScalars) {
  v1::TallyResult other = Result();
  other.set_ledger_size(10);
  EXPECT_EQ(FirstDifference(Result(), other), "ledger_size 9 != 10");
}

}  // namespace
}  // namespace gongxin::tally
