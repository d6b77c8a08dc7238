// Tests of tally/kinds/checklist.h: positive/negative checklists (rule S-7).
#include "tally/kinds/checklist.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/ballot.h"
#include "tally/count.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::ParseText;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::MeetingSpec ChecklistSpec(const std::string& mode = "FORM_MODE_ANONYMOUS") {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "正反向测评" unit: "某局"
    groups { id: "all" name: "全体干部" }
    forms {
      id: "chk" title: "正向反向测评表" mode: )pb" + mode + R"pb(
      questions {
        id: "q"
        checklist {
          subjects { id: "s1" name: "甲" }
          subjects { id: "s2" name: "乙" }
          items { id: "firm" label: "政治坚定" polarity: ITEM_POLARITY_POSITIVE }
          items { id: "clean" label: "清正廉洁" polarity: ITEM_POLARITY_POSITIVE }
          items { id: "lax" label: "作风漂浮" polarity: ITEM_POLARITY_NEGATIVE }
        }
      }
    })pb");
}

// {"s1:firm+lax", "s2:"} → one answer.
v1::Ballot TickBallot(const std::vector<std::string>& per_subject) {
  v1::Ballot b;
  b.set_form_id("chk");
  v1::Answer* a = b.add_answers();
  a->set_question_id("q");
  for (const std::string& s : per_subject) {
    const size_t colon = s.find(':');
    v1::Ticks* t = a->add_ticks();
    t->set_subject_id(s.substr(0, colon));
    std::string rest = s.substr(colon + 1);
    while (!rest.empty()) {
      const size_t plus = rest.find('+');
      t->add_item_ids(rest.substr(0, plus));
      rest = plus == std::string::npos ? "" : rest.substr(plus + 1);
    }
  }
  return b;
}

TEST(ChecklistTest, S7_CountPerSubjectAndItemWithReturnedBallotsAsDenominator) {
  const v1::MeetingSpec spec = ChecklistSpec();
  Counter counter(spec);
  // Four ballots; the fourth leaves the whole question blank.
  for (const v1::Ballot& b :
       {TickBallot({"s1:firm+clean", "s2:lax"}), TickBallot({"s1:firm", "s2:firm+lax"}),
        TickBallot({"s1:lax"}), TickBallot({})}) {
    ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> s, ClassifyBallot(spec.forms(0), b));
    ASSERT_OK(counter.AddBallot(b, s));
  }
  const v1::QuestionTally t = counter.Tally("m", 1, {}).forms(0).questions(0);
  EXPECT_EQ(t.valid(), 4u);
  EXPECT_EQ(t.blank(), 1u);
  EXPECT_EQ(t.rate_denominator(), 4u);  // share = count / ballots returned
  ASSERT_EQ(t.checklist_size(), 2);
  const v1::ChecklistSubjectTally& s1 = t.checklist(0);
  EXPECT_EQ(s1.subject_id(), "s1");
  EXPECT_EQ(s1.items(0).item_id(), "firm");
  EXPECT_EQ(s1.items(0).count(), 2u);  // 2/4 = 50 %
  EXPECT_EQ(s1.items(1).count(), 1u);
  EXPECT_EQ(s1.items(2).count(), 1u);
  EXPECT_EQ(s1.blank(), 1u);
  const v1::ChecklistSubjectTally& s2 = t.checklist(1);
  EXPECT_EQ(s2.items(0).count(), 1u);
  EXPECT_EQ(s2.items(1).count(), 0u);
  EXPECT_EQ(s2.items(2).count(), 2u);
  EXPECT_EQ(s2.blank(), 2u);
}

TEST(ChecklistTest, S7_TickingNothingIsBlankAndAnyNumberOfItemsIsValid) {
  const v1::MeetingSpec spec = ChecklistSpec();
  ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> none,
                       ClassifyBallot(spec.forms(0), TickBallot({"s1:"})));
  EXPECT_THAT(none, ElementsAre(AnswerStatus::kBlank));
  ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> all,
                       ClassifyBallot(spec.forms(0), TickBallot({"s1:firm+clean+lax"})));
  EXPECT_THAT(all, ElementsAre(AnswerStatus::kValid));
}

TEST(ChecklistTest, RepeatedOrUnknownTicksAreRefused) {
  const v1::MeetingSpec spec = ChecklistSpec();
  EXPECT_THAT(ClassifyBallot(spec.forms(0), TickBallot({"s1:firm+firm"})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("ballot.answers[0].ticks[0].item_ids[1]"),
                             HasSubstr("ticked twice"))));
  EXPECT_THAT(ClassifyBallot(spec.forms(0), TickBallot({"s1:firm", "s1:lax"})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ticks[1].subject_id: subject s1 listed twice")));
  EXPECT_THAT(ClassifyBallot(spec.forms(0), TickBallot({"s9:firm"})),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("unknown subject \"s9\"")));
  EXPECT_THAT(ClassifyBallot(spec.forms(0), TickBallot({"s1:brave"})),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("unknown item \"brave\"")));
}

TEST(ChecklistTest, S7_EveryItemNeedsAPolarity) {
  v1::MeetingSpec spec = ChecklistSpec("FORM_MODE_NAMED");
  EXPECT_OK(ValidateSpec(spec));
  spec.mutable_forms(0)->mutable_questions(0)->mutable_checklist()->mutable_items(2)
      ->clear_polarity();
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("questions[0].checklist.items[2].polarity: must be positive or "
                                 "negative")));
}

TEST(ChecklistTest, GradesOnAChecklistAndTicksOnAnApprovalAreRefused) {
  const v1::MeetingSpec spec = ChecklistSpec();
  v1::Ballot b = TickBallot({"s1:firm"});
  v1::GradeChoice* g = b.mutable_answers(0)->add_grades();
  g->set_subject_id("s1");
  g->set_grade_id("x");
  EXPECT_THAT(ClassifyBallot(spec.forms(0), b),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ballot.answers[0].grades: question q is a checklist question")));
  const v1::MeetingSpec approval = testing::SampleSpec(kBothPolicies);
  v1::Ballot a;
  a.set_form_id(approval.forms(0).id());
  v1::Answer* answer = a.add_answers();
  answer->set_question_id(approval.forms(0).questions(0).id());
  answer->add_ticks()->set_subject_id("s1");
  EXPECT_THAT(ClassifyBallot(approval.forms(0), a),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(".ticks: question head is an approval question")));
}

}  // namespace
}  // namespace gongxin::tally
