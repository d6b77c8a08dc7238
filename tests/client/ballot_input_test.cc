#include "client/ballot_input.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

v1::MeetingSpec TwoForms() {
  v1::MeetingSpec spec = testing::SampleSpec();
  v1::Form* sat = spec.add_forms();
  sat->set_id("sat");
  v1::Question* q = sat->add_questions();
  q->set_id("work");
  v1::Question* dup = sat->add_questions();
  dup->set_id("head");  // also on "rec"
  return spec;
}

TEST(BallotInputTest, RoutesChoicesWriteInsAndGradesToTheirForms) {
  BallotFlags flags;
  flags.choose = {"deputy=d1, d2", "rec:head=c1"};
  flags.write_ins = {"rec:head=孙强"};
  flags.grades = {"work=work:satisfied,p2:basic"};
  ASSERT_OK_AND_ASSIGN(auto ballots, BuildBallots(TwoForms(), {"rec", "sat"}, flags));
  ASSERT_EQ(ballots.size(), 2u);
  const v1::Ballot& rec = ballots["rec"];
  ASSERT_EQ(rec.answers_size(), 2);
  EXPECT_EQ(rec.answers(0).question_id(), "deputy");
  EXPECT_THAT(rec.answers(0).choices(), ::testing::ElementsAre("d1", "d2"));
  EXPECT_THAT(rec.answers(1).choices(), ::testing::ElementsAre("c1"));
  EXPECT_THAT(rec.answers(1).write_ins(), ::testing::ElementsAre("孙强"));
  const v1::Ballot& sat = ballots["sat"];
  ASSERT_EQ(sat.answers(0).grades_size(), 2);
  EXPECT_EQ(sat.answers(0).grades(1).subject_id(), "p2");
  EXPECT_EQ(sat.answers(0).grades(1).grade_id(), "basic");
}

TEST(BallotInputTest, WriteInsAreSentInNfc) {
  // Typed decomposed (e + U+0301) or as a CJK compatibility ideograph
  // (U+F90A): the server takes only NFC, so the kiosk composes first.
  BallotFlags flags;
  flags.write_ins = {"rec:head=Jose\u0301 \uf90a"};
  ASSERT_OK_AND_ASSIGN(auto ballots, BuildBallots(TwoForms(), {"rec"}, flags));
  EXPECT_THAT(ballots["rec"].answers(0).write_ins(),
              ::testing::ElementsAre("Jos\u00e9 \u91d1"));
}

TEST(BallotInputTest, UnmentionedFormsAreCastBlank) {
  ASSERT_OK_AND_ASSIGN(auto ballots, BuildBallots(TwoForms(), {"rec", "sat"}, {}));
  EXPECT_EQ(ballots["sat"].form_id(), "sat");
  EXPECT_EQ(ballots["sat"].answers_size(), 0);
}

TEST(BallotInputTest, RefusesAmbiguousUnknownAndMalformedFlags) {
  BallotFlags ambiguous;
  ambiguous.choose = {"head=c1"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"rec", "sat"}, ambiguous),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("FORM:QUESTION")));
  // Only one form cast: no ambiguity.
  EXPECT_OK(BuildBallots(TwoForms(), {"rec"}, ambiguous));
  BallotFlags unknown;
  unknown.choose = {"treasurer=c1"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"rec"}, unknown),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no question \"treasurer\"")));
  BallotFlags malformed;
  malformed.choose = {"c1"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"rec"}, malformed),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("QUESTION=VALUE")));
  BallotFlags bad_grade;
  bad_grade.grades = {"work=satisfied"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"sat"}, bad_grade),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SUBJECT:GRADE")));
}

TEST(BallotInputTest, RoutesDecisionsElementsAndTicks) {
  BallotFlags flags;
  flags.decide = {"rec:head=c1:agree, c2:不同意,c3:abstain"};
  flags.elements = {"deputy=morals:d1,diligent:d2"};
  flags.ticks = {"work=p1:firm,lax", "work=p2:"};
  ASSERT_OK_AND_ASSIGN(auto ballots, BuildBallots(TwoForms(), {"rec", "sat"}, flags));
  const v1::Answer& head = ballots["rec"].answers(0);
  ASSERT_EQ(head.decisions_size(), 3);
  EXPECT_EQ(head.decisions(0).candidate_id(), "c1");
  EXPECT_EQ(head.decisions(0).vote(), v1::DECISION_VOTE_AGREE);
  EXPECT_EQ(head.decisions(1).vote(), v1::DECISION_VOTE_DISAGREE);
  EXPECT_EQ(head.decisions(2).vote(), v1::DECISION_VOTE_ABSTAIN);
  const v1::Answer& deputy = ballots["rec"].answers(1);
  ASSERT_EQ(deputy.elements_size(), 2);
  EXPECT_EQ(deputy.elements(1).element_id(), "diligent");
  EXPECT_EQ(deputy.elements(1).candidate_id(), "d2");
  const v1::Answer& work = ballots["sat"].answers(0);
  ASSERT_EQ(work.ticks_size(), 2);
  EXPECT_THAT(work.ticks(0).item_ids(), ::testing::ElementsAre("firm", "lax"));
  EXPECT_EQ(work.ticks(1).subject_id(), "p2");
  EXPECT_TRUE(work.ticks(1).item_ids().empty());
}

TEST(BallotInputTest, RefusesMalformedDecisionElementAndTickValues) {
  BallotFlags flags;
  flags.decide = {"rec:head=c1:maybe"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"rec"}, flags),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--decide \"rec:head=c1:maybe\"")));
  flags = {};
  flags.elements = {"deputy=morals"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"rec"}, flags),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ELEMENT:CANDIDATE")));
  flags = {};
  flags.ticks = {"rec:head=firm"};
  EXPECT_THAT(BuildBallots(TwoForms(), {"rec"}, flags),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SUBJECT:ITEM")));
}

}  // namespace
}  // namespace gongxin::client
