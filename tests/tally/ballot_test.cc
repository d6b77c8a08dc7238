// Tests of tally/ballot.h: classification of ballots (rules A6, A6a) and the
// refusals of malformed ones.
#include "tally/ballot.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/kinds/approval.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::MakeBallot;
using ::gongxin::testing::MakeGradedBallot;
using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::kBothPoliciesAndAssessment;
using ::gongxin::testing::SampleSpec;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Matches an OK StatusOr whose value matches `matcher`.
MATCHER_P(IsOkAndHolds, matcher, "") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(matcher, *arg, result_listener);
}

constexpr AnswerStatus kValid = AnswerStatus::kValid;
constexpr AnswerStatus kBlank = AnswerStatus::kBlank;
constexpr AnswerStatus kInvalid = AnswerStatus::kInvalid;

class ClassifyBallotTest : public ::testing::Test {
 protected:
  const v1::MeetingSpec spec_ = SampleSpec(kBothPolicies);
  const v1::Form& rec_ = spec_.forms(0);    // SPOIL; head max 1, deputy max 2, write-ins
  const v1::Form& panel_ = spec_.forms(1);  // REJECT; chair max 1, no write-ins
};

TEST_F(ClassifyBallotTest, MarkedQuestionsAreValidInFormOrder) {
  // Answers in the opposite order to the form's questions.
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {"d1", "d2"}}, {"head", {"c3"}}})),
      IsOkAndHolds(ElementsAre(kValid, kValid)));
}

TEST_F(ClassifyBallotTest, UnansweredQuestionIsBlank_A6) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {"d1"}}})),
              IsOkAndHolds(ElementsAre(kBlank, kValid)));
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {})),
              IsOkAndHolds(ElementsAre(kBlank, kBlank)));
}

TEST_F(ClassifyBallotTest, AnswerWithoutMarksIsBlank_A6) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"head", {}}, {"deputy", {}, {}}})),
              IsOkAndHolds(ElementsAre(kBlank, kBlank)));
}

TEST_F(ClassifyBallotTest, WriteInAloneIsAValidAnswer) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"周九"}}})),
              IsOkAndHolds(ElementsAre(kBlank, kValid)));
}

TEST_F(ClassifyBallotTest, ExactlyMaxChoicesIsValid) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {"d3"}, {"周九"}}})),
              IsOkAndHolds(ElementsAre(kBlank, kValid)));
}

TEST_F(ClassifyBallotTest, OvervoteSpoilsQuestionUnderSpoilPolicy_A6a) {
  // Only the over-voted section is void; the other stays valid.
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("rec", {{"head", {"c1", "c2"}}, {"deputy", {"d1"}}})),
      IsOkAndHolds(ElementsAre(kInvalid, kValid)));
}

TEST_F(ClassifyBallotTest, WriteInsCountTowardTheOvervote_A6a) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {"d1"}, {"周九", "吴十"}}})),
              IsOkAndHolds(ElementsAre(kBlank, kInvalid)));
}

TEST_F(ClassifyBallotTest, OvervoteIsRefusedUnderRejectPolicy_A6a) {
  EXPECT_THAT(ClassifyBallot(panel_, MakeBallot("panel", {{"chair", {"p1", "p2"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ballot.answers[0]: 2 choices exceed max_choices 1 for question chair"));
}

TEST_F(ClassifyBallotTest, OvervoteIsRefusedWhenPolicyUnspecified_A6a) {
  v1::Form form = rec_;
  form.clear_overvote_policy();
  EXPECT_THAT(ClassifyBallot(form, MakeBallot("rec", {{"head", {"c1"}},
                                                      {"deputy", {"d1", "d2"}, {"周九"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ballot.answers[1]: 3 choices (2 listed, 1 written in) exceed "
                       "max_choices 2 for question deputy"));
}

TEST_F(ClassifyBallotTest, RefusesBallotForAnotherForm) {
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("panel", {})),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("ballot.form_id: "), HasSubstr("\"panel\""), HasSubstr("rec"))));
}

TEST_F(ClassifyBallotTest, RefusesUnknownQuestionNamingIt) {
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("rec", {{"head", {"c1"}}, {"chair", {"p1"}}})),
      StatusIs(absl::StatusCode::kNotFound, AllOf(StartsWith("ballot.answers[1].question_id: "),
                                                  HasSubstr("unknown question \"chair\""))));
}

TEST_F(ClassifyBallotTest, RefusesTwoAnswersForOneQuestion) {
  EXPECT_THAT(
      ClassifyBallot(rec_,
                     MakeBallot("rec", {{"head", {"c1"}}, {"deputy", {}}, {"head", {}}})),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("ballot.answers[2].question_id: "),
                     HasSubstr("first at ballot.answers[0]"))));
}

TEST_F(ClassifyBallotTest, RefusesUnknownCandidateNamingIt) {
  // d1 is a candidate of the other question.
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"head", {"d1"}}})),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(StartsWith("ballot.answers[0].choices[0]: "),
                             HasSubstr("unknown candidate \"d1\" for question head"))));
}

TEST_F(ClassifyBallotTest, RefusesCandidateChosenTwice) {
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {"d2", "d2"}}})),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("ballot.answers[0].choices[1]: "), HasSubstr("chosen twice"))));
}

TEST_F(ClassifyBallotTest, RefusesWriteInWhereNotAllowed) {
  EXPECT_THAT(ClassifyBallot(panel_, MakeBallot("panel", {{"chair", {}, {"周九"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins: "),
                             HasSubstr("does not allow write-ins"))));
}

TEST_F(ClassifyBallotTest, RefusesEmptyOrBlankWriteIn) {
  for (const char* name : {"", "  ", "\u3000", " \u3000\t"}) {
    EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"周九", name}}})),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(StartsWith("ballot.answers[0].write_ins[1]: "), HasSubstr("empty"))))
        << "\"" << name << "\"";
  }
}

TEST_F(ClassifyBallotTest, RefusesWriteInOver100Characters) {
  std::string name;
  for (int i = 0; i < 100; ++i) name += "名";
  EXPECT_OK(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {name}}})));
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {name + "名"}}})),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("ballot.answers[0].write_ins[0]: "), HasSubstr("got 101"))));
}

TEST_F(ClassifyBallotTest, BoundsTheWriteInAsSentNotOnlyAsTrimmed) {
  // What is stored and signed is the write-in as sent: 100 characters and
  // two spaces would be 102 code points on the ledger.
  std::string name;
  for (int i = 0; i < 100; ++i) name += "名";
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"  " + name}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins[0]: "), HasSubstr("got 102"))));
  // A newline at the end was trimmed away before, and stored all the same.
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"周九\n"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control")));
}

TEST_F(ClassifyBallotTest, RefusesAWriteInNotInNfc) {
  // 金 as the compatibility ideograph U+F90A: it reads as 金三 (U+91D1) and
  // would count as another name.
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"\uf90a\u4e09"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins[0]: "),
                             HasSubstr("normalization form C"))));
  EXPECT_OK(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"\u91d1\u4e09"}}})));
}

TEST_F(ClassifyBallotTest, RefusesMalformedWriteIn) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"周\xE4"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins[0]: "), HasSubstr("UTF-8"))));
  EXPECT_THAT(
      ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"周\n九"}}})),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("ballot.answers[0].write_ins[0]: "), HasSubstr("control"))));
}

TEST_F(ClassifyBallotTest, RefusesWriteInOfAListedCandidate) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"\u3000陈静 "}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins[0]: "),
                             HasSubstr("candidate d2"), HasSubstr("choose the candidate"))));
}

TEST_F(ClassifyBallotTest, RefusesTheSameWriteInTwiceAfterTrimming) {
  EXPECT_THAT(ClassifyBallot(rec_, MakeBallot("rec", {{"deputy", {}, {"周九", " 周九\u3000"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins[1]: "),
                             HasSubstr("same name as write_ins[0]"))));
}

TEST_F(ClassifyBallotTest, RefusesMoreWriteInsThanMaxChoices) {
  // deputy: max_choices 2, so at most 2 names written in (even where an
  // over-vote only spoils the answer).
  v1::Ballot ballot = MakeBallot("rec", {{"deputy", {}}});
  for (int i = 0; i < 3; ++i) ballot.mutable_answers(0)->add_write_ins(absl::StrCat("名", i));
  EXPECT_THAT(ClassifyBallot(rec_, ballot),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins: "), HasSubstr("at most 2"),
                             HasSubstr("got 3"))));
}

// Graded questions (rules C2, D2, D3): the assess form of the sample,
// competency (s1, s2; competent / basic / incompetent / unknown = 不了解) and
// work (work; satisfied / basic / dissatisfied).
class ClassifyGradedBallotTest : public ::testing::Test {
 protected:
  const v1::MeetingSpec spec_ = SampleSpec(kBothPoliciesAndAssessment);
  const v1::Form& assess_ = spec_.forms(2);
};

TEST_F(ClassifyGradedBallotTest, EverySubjectGradedIsValid_D2) {
  EXPECT_THAT(ClassifyBallot(
                  assess_, MakeGradedBallot(
                               "assess", {{"work", {{"work", "satisfied"}}},
                                          {"competency", {{"s2", "basic"}, {"s1", "competent"}}}})),
              IsOkAndHolds(ElementsAre(kValid, kValid)));
}

TEST_F(ClassifyGradedBallotTest, PartlyGradedAnswerIsValid_D3) {
  // s2 left out is blank for s2 only; the answer as a whole counts.
  EXPECT_THAT(
      ClassifyBallot(assess_, MakeGradedBallot("assess", {{"competency", {{"s1", "basic"}}}})),
      IsOkAndHolds(ElementsAre(kValid, kBlank)));
}

TEST_F(ClassifyGradedBallotTest, DontKnowIsAValidGrade_C2) {
  EXPECT_THAT(
      ClassifyBallot(assess_, MakeGradedBallot("assess", {{"competency", {{"s1", "unknown"}}}})),
      IsOkAndHolds(ElementsAre(kValid, kBlank)));
}

TEST_F(ClassifyGradedBallotTest, NoGradeIsBlank_D3) {
  EXPECT_THAT(
      ClassifyBallot(assess_, MakeGradedBallot("assess", {{"competency", {}}, {"work", {}}})),
      IsOkAndHolds(ElementsAre(kBlank, kBlank)));
  EXPECT_THAT(ClassifyBallot(assess_, MakeGradedBallot("assess", {})),
              IsOkAndHolds(ElementsAre(kBlank, kBlank)));
}

TEST_F(ClassifyGradedBallotTest, RefusesUnknownSubjectNamingIt) {
  // "work" is the subject of the other question.
  EXPECT_THAT(
      ClassifyBallot(assess_,
                     MakeGradedBallot(
                         "assess", {{"competency", {{"s1", "competent"}, {"work", "competent"}}}})),
      StatusIs(absl::StatusCode::kNotFound,
               AllOf(StartsWith("ballot.answers[0].grades[1].subject_id: "),
                     HasSubstr("unknown subject \"work\" for question competency"))));
}

TEST_F(ClassifyGradedBallotTest, RefusesGradeOutsideTheScaleNamingIt) {
  // "satisfied" is a grade of the other question's scale.
  EXPECT_THAT(
      ClassifyBallot(assess_, MakeGradedBallot("assess", {{"work", {{"work", "satisfied"}}},
                                                          {"competency", {{"s1", "satisfied"}}}})),
      StatusIs(absl::StatusCode::kNotFound,
               AllOf(StartsWith("ballot.answers[1].grades[0].grade_id: "),
                     HasSubstr("unknown grade \"satisfied\" for question competency"))));
  EXPECT_THAT(ClassifyBallot(assess_, MakeGradedBallot("assess", {{"competency", {{"s1", ""}}}})),
              StatusIs(absl::StatusCode::kNotFound,
                       StartsWith("ballot.answers[0].grades[0].grade_id: unknown grade \"\"")));
}

TEST_F(ClassifyGradedBallotTest, RefusesSubjectGradedTwice_D3) {
  // Whether the second grade differs or repeats the first.
  for (const char* second : {"incompetent", "competent"}) {
    EXPECT_THAT(
        ClassifyBallot(
            assess_, MakeGradedBallot(
                         "assess",
                         {{"competency", {{"s1", "competent"}, {"s2", "basic"}, {"s1", second}}}})),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 "ballot.answers[0].grades[2].subject_id: subject s1 graded twice "
                 "(first at grades[0])"))
        << second;
  }
}

TEST_F(ClassifyGradedBallotTest, RefusesChoicesOrWriteInsOnAGradedAnswer) {
  v1::Ballot with_choice = MakeGradedBallot("assess", {{"competency", {{"s1", "competent"}}}});
  with_choice.mutable_answers(0)->add_choices("s2");
  EXPECT_THAT(ClassifyBallot(assess_, with_choice),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].choices: "),
                             HasSubstr("competency is a graded question"))));
  v1::Ballot with_write_in = MakeGradedBallot("assess", {{"work", {}}});
  with_write_in.mutable_answers(0)->add_write_ins("周九");
  EXPECT_THAT(ClassifyBallot(assess_, with_write_in),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins: "),
                             HasSubstr("work is a graded question"))));
}

TEST_F(ClassifyGradedBallotTest, RefusesGradesOnAnApprovalAnswer) {
  v1::Ballot ballot = MakeBallot("rec", {{"head", {"c1"}}});
  v1::GradeChoice* grade = ballot.mutable_answers(0)->add_grades();
  grade->set_subject_id("c1");
  grade->set_grade_id("competent");
  EXPECT_THAT(ClassifyBallot(spec_.forms(0), ballot),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].grades: "),
                             HasSubstr("head is an approval question"))));
}

TEST_F(ClassifyGradedBallotTest, OvervotePolicyLeavesGradedQuestionsAlone_A6a) {
  // A form mixing both kinds under SPOIL: the over-voted approval question
  // is spoiled, the graded question beside it stays valid.
  v1::Form form = spec_.forms(0);  // rec: SPOIL, head max 1
  *form.add_questions() = assess_.questions(0);
  v1::Ballot ballot = MakeBallot("rec", {{"head", {"c1", "c2"}}});
  ballot.MergeFrom(MakeGradedBallot("rec", {{"competency", {{"s1", "incompetent"}}}}));
  EXPECT_THAT(ClassifyBallot(form, ballot), IsOkAndHolds(ElementsAre(kInvalid, kBlank, kValid)));
}

TEST(NormalizeWriteInTest, TrimsAsciiAndIdeographicSpacesAtBothEnds) {
  EXPECT_EQ(NormalizeWriteIn("周九"), "周九");
  EXPECT_EQ(NormalizeWriteIn("  周九\t\n"), "周九");
  EXPECT_EQ(NormalizeWriteIn("\u3000\u3000周九\u3000"), "周九");
  EXPECT_EQ(NormalizeWriteIn(" \u3000 周九 \u3000 "), "周九");
  EXPECT_EQ(NormalizeWriteIn("   "), "");
}

TEST(NormalizeWriteInTest, ChangesNothingInside) {
  EXPECT_EQ(NormalizeWriteIn(" 欧阳  修 "), "欧阳  修");
  EXPECT_EQ(NormalizeWriteIn("周\u3000九"), "周\u3000九");
  EXPECT_EQ(NormalizeWriteIn("ＡＢ"), "ＡＢ");  // full-width letters are not folded
}

}  // namespace
}  // namespace gongxin::tally
