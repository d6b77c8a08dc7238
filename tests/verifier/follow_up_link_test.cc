// Tests of verifier::CheckFollowUpLinks: an auditor holding the export of a
// follow-up evaluation (整改后复评, rule S-5) and of the earlier evaluation
// checks the link the genesis committed to.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "verifier/verifier.h"

namespace gongxin::verifier {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

Verdict FollowUpEarlierVerdict() {
  Verdict v;
  v.meeting_id = "aaaaaaaaaaaaaaaa";
  v.status = v1::MEETING_STATUS_PUBLISHED;
  v.spec = testing::SampleSpec({.assessment = true});
  v.count = v1::TallyResult();
  v.count_seq = 42;
  v.count_entry_hash = std::string(32, 'c');
  return v;
}

Verdict FollowUpLaterVerdict() {
  Verdict v;
  v.meeting_id = "bbbbbbbbbbbbbbbb";
  v.status = v1::MEETING_STATUS_COUNTED;
  v.spec = testing::SampleSpec({.assessment = true});
  v.spec.mutable_forms()->DeleteSubrange(0, 1);
  v1::FollowUpLink* link = v.spec.mutable_forms(0)->mutable_follow_up();
  link->set_previous_meeting_id("aaaaaaaaaaaaaaaa");
  link->set_previous_form_id("assess");
  link->set_previous_question_id("competency");
  link->set_question_id("competency");
  link->set_count_seq(42);
  link->set_count_entry_hash(std::string(32, 'c'));
  link->set_months(6);
  return v;
}

TEST(FollowUpLinkTest, S5_TheLinkToTheEarlierExportsCountPasses) {
  EXPECT_TRUE(HasFollowUpLink(FollowUpLaterVerdict(), "aaaaaaaaaaaaaaaa"));
  EXPECT_OK(CheckFollowUpLinks(FollowUpLaterVerdict(), FollowUpEarlierVerdict()));
}

TEST(FollowUpLinkTest, S5_ARecountOrAnotherMeetingFails) {
  Verdict recounted = FollowUpEarlierVerdict();
  recounted.count_entry_hash = std::string(32, 'd');
  EXPECT_THAT(CheckFollowUpLinks(FollowUpLaterVerdict(), recounted),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.forms[0].follow_up.count_entry_hash")));
  Verdict other = FollowUpEarlierVerdict();
  other.meeting_id = "cccccccccccccccc";
  EXPECT_FALSE(HasFollowUpLink(FollowUpLaterVerdict(), other.meeting_id));
  EXPECT_THAT(CheckFollowUpLinks(FollowUpLaterVerdict(), other),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no follow-up form")));
}

TEST(FollowUpLinkTest, S5_ACadreNotInTheEarlierEvaluationFails) {
  Verdict later = FollowUpLaterVerdict();
  v1::Candidate* s = later.spec.mutable_forms(0)->mutable_questions(0)->mutable_graded()
                         ->add_subjects();
  s->set_id("s9");
  s->set_name("赵六");
  EXPECT_THAT(CheckFollowUpLinks(later, FollowUpEarlierVerdict()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("subject s9")));
}

}  // namespace
}  // namespace gongxin::verifier
