// Tests of client/follow_up.h: the follow-up evaluation's spec (整改后复评,
// rule S-5) reads back through the spec loader and passes the server's
// link check.
#include "client/follow_up.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "client/spec_loader.h"
#include "tally/follow_up.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

v1::MeetingSpec FollowUpClientPrevious() {
  v1::MeetingSpec spec = testing::SampleSpec({.assessment = true});
  v1::ThresholdRule* rule = spec.mutable_forms(1)->add_rules();
  rule->set_rule_id("S-5a");
  rule->set_preset("S-5");
  return spec;
}

FollowUpRequest FollowUpClientRequest() {
  FollowUpRequest r;
  r.previous_meeting_id = "m1";
  r.previous_spec = FollowUpClientPrevious();
  r.count_seq = 17;
  r.count_entry_hash = std::string(32, '\x5a');
  r.form_id = "assess";
  r.question_id = "work";
  r.months = 6;
  r.roll = "voters.csv";
  return r;
}

TEST(FollowUpSpecTest, S5_SpecReadsBackWithTheSameSubjectsAndAValidLink) {
  ASSERT_OK_AND_ASSIGN(std::string yaml, FollowUpSpecYaml(FollowUpClientRequest()));
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "follow_up_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "voters.csv") << "voter_id,name,group\nv001,张三,leaders\n";
  std::ofstream(dir / "next.yaml") << yaml;
  ASSERT_OK_AND_ASSIGN(LoadedMeeting next, LoadMeetingSpec((dir / "next.yaml").string()));
  ASSERT_OK(tally::ValidateSpec(next.spec));
  EXPECT_THAT(next.spec.title(), HasSubstr("（整改后复评）"));
  ASSERT_EQ(next.spec.forms_size(), 1);
  const v1::Form& form = next.spec.forms(0);
  ASSERT_EQ(form.questions_size(), 1);
  EXPECT_EQ(form.questions(0).graded().subjects(0).id(), "work");
  EXPECT_EQ(form.questions(0).graded().scale(2).label(), "不满意");
  EXPECT_EQ(form.follow_up().months(), 6u);
  EXPECT_EQ(form.follow_up().count_entry_hash(), std::string(32, '\x5a'));
  ASSERT_GE(form.rules_size(), 2);  // the S-5 preset, expanded again
  EXPECT_EQ(form.rules(0).preset(), "S-5");
  tally::PreviousRound previous;
  previous.status = v1::MEETING_STATUS_PUBLISHED;
  previous.spec = FollowUpClientPrevious();
  previous.count_seq = 17;
  previous.count_entry_hash = std::string(32, '\x5a');
  EXPECT_OK(tally::CheckFollowUpLink("spec.forms[0].follow_up", form, previous));
}

TEST(FollowUpSpecTest, OnlyAGradedQuestionHasAFollowUp) {
  FollowUpRequest r = FollowUpClientRequest();
  r.form_id = "rec";
  r.question_id = "";
  EXPECT_THAT(FollowUpSpecYaml(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no graded question")));
  r = FollowUpClientRequest();
  r.question_id = "";
  EXPECT_THAT(FollowUpSpecYaml(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("several graded")));
  r = FollowUpClientRequest();
  r.form_id = "nope";
  EXPECT_THAT(FollowUpSpecYaml(r), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace gongxin::client
