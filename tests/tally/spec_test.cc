// Tests of tally/spec.h: meeting spec validation and lookups.
#include "tally/spec.h"

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tally/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::tally::testing::SampleSpec;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Chinese(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "字";
  return out;
}

v1::ApprovalQuestion* Director(v1::MeetingSpec& s) {
  return s.mutable_forms(0)->mutable_questions(0)->mutable_approval();
}

TEST(ValidateSpecTest, AcceptsSampleSpec) { EXPECT_OK(ValidateSpec(SampleSpec())); }

TEST(ValidateSpecTest, AcceptsAnonymousForm) {
  v1::MeetingSpec spec = SampleSpec();
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsEnglishAndDefaultLocale) {
  v1::MeetingSpec spec = SampleSpec();
  spec.set_locale("en");
  EXPECT_OK(ValidateSpec(spec));
  spec.clear_locale();
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsTitleOf200ChineseCharacters) {
  v1::MeetingSpec spec = SampleSpec();
  spec.set_title(Chinese(200));
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsMaxChoicesAboveCandidatesWhenWriteInsAllowed) {
  v1::MeetingSpec spec = SampleSpec();
  Director(spec)->set_allow_write_in(true);
  Director(spec)->set_max_choices(5);  // 3 candidates
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsMultilineDescription) {
  v1::MeetingSpec spec = SampleSpec();
  spec.set_description("第一段\n第二段");
  EXPECT_OK(ValidateSpec(spec));
}

// One way to break the sample spec, and what the refusal must say.
struct BadSpec {
  std::string name;
  std::function<void(v1::MeetingSpec&)> mutate;
  std::string path;         // the message starts with "<path>: "
  std::string detail = "";  // and contains this
};

class ValidateSpecRefusesTest : public ::testing::TestWithParam<BadSpec> {};

TEST_P(ValidateSpecRefusesTest, WithInvalidArgumentNamingTheField) {
  v1::MeetingSpec spec = SampleSpec();
  GetParam().mutate(spec);
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith(GetParam().path + ": "), HasSubstr(GetParam().detail))));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ValidateSpecRefusesTest,
    ::testing::Values(
        BadSpec{"EmptyTitle", [](auto& s) { s.clear_title(); }, "spec.title", "empty"},
        BadSpec{"TitleOver200Chars", [](auto& s) { s.set_title(Chinese(201)); }, "spec.title",
                "got 201"},
        BadSpec{"TitleNotUtf8", [](auto& s) { s.set_title("\xC0\x80"); }, "spec.title",
                "UTF-8"},
        BadSpec{"EmptyUnit", [](auto& s) { s.clear_unit(); }, "spec.unit", "empty"},
        BadSpec{"DescriptionNotUtf8", [](auto& s) { s.set_description("\xFF"); },
                "spec.description", "UTF-8"},
        BadSpec{"NoGroups", [](auto& s) { s.clear_groups(); }, "spec.groups", "at least one"},
        BadSpec{"InvalidGroupId", [](auto& s) { s.mutable_groups(1)->set_id("中层"); },
                "spec.groups[1].id", "not allowed"},
        BadSpec{"DuplicateGroupId", [](auto& s) { s.mutable_groups(1)->set_id("leaders"); },
                "spec.groups[1].id", "duplicate group id \"leaders\" (first at spec.groups[0].id)"},
        BadSpec{"EmptyGroupName", [](auto& s) { s.mutable_groups(0)->clear_name(); },
                "spec.groups[0].name", "empty"},
        BadSpec{"NoForms", [](auto& s) { s.clear_forms(); }, "spec.forms", "got 0"},
        BadSpec{"MoreThan64Forms",
                [](auto& s) {
                  for (int i = 0; i < 63; ++i) {
                    v1::Form* f = s.add_forms();
                    *f = s.forms(0);
                    f->set_id(absl::StrCat("f", i));
                  }
                },
                "spec.forms", "got 65"},
        BadSpec{"InvalidFormId", [](auto& s) { s.mutable_forms(0)->set_id(""); },
                "spec.forms[0].id", "empty"},
        BadSpec{"DuplicateFormId", [](auto& s) { s.mutable_forms(1)->set_id("rec"); },
                "spec.forms[1].id", "duplicate form id"},
        BadSpec{"EmptyFormTitle", [](auto& s) { s.mutable_forms(1)->clear_title(); },
                "spec.forms[1].title", "empty"},
        BadSpec{"UnspecifiedMode", [](auto& s) { s.mutable_forms(0)->clear_mode(); },
                "spec.forms[0].mode", "FORM_MODE_NAMED or FORM_MODE_ANONYMOUS"},
        BadSpec{"UnknownOvervotePolicy",
                [](auto& s) {
                  s.mutable_forms(0)->set_overvote_policy(static_cast<v1::OvervotePolicy>(7));
                },
                "spec.forms[0].overvote_policy", "unknown value 7"},
        BadSpec{"UndeclaredEligibleGroup",
                [](auto& s) { s.mutable_forms(1)->add_eligible_groups("public"); },
                "spec.forms[1].eligible_groups[1]", "not a group declared"},
        BadSpec{"RepeatedEligibleGroup",
                [](auto& s) { s.mutable_forms(1)->add_eligible_groups("leaders"); },
                "spec.forms[1].eligible_groups[1]", "duplicate group id"},
        BadSpec{"NoQuestions", [](auto& s) { s.mutable_forms(1)->clear_questions(); },
                "spec.forms[1].questions", "got 0"},
        BadSpec{"MoreThan100Questions",
                [](auto& s) {
                  v1::Form* f = s.mutable_forms(1);
                  for (int i = 0; i < 100; ++i) {
                    v1::Question* q = f->add_questions();
                    *q = f->questions(0);
                    q->set_id(absl::StrCat("q", i));
                  }
                },
                "spec.forms[1].questions", "got 101"},
        BadSpec{"DuplicateQuestionId",
                [](auto& s) { s.mutable_forms(0)->mutable_questions(1)->set_id("director"); },
                "spec.forms[0].questions[1].id", "duplicate question id"},
        BadSpec{"InvalidQuestionId",
                [](auto& s) { s.mutable_forms(0)->mutable_questions(1)->set_id("-q"); },
                "spec.forms[0].questions[1].id", "must not start"},
        BadSpec{"QuestionWithoutKind",
                [](auto& s) { s.mutable_forms(0)->mutable_questions(1)->clear_approval(); },
                "spec.forms[0].questions[1]", "kind"},
        BadSpec{"EmptyPost", [](auto& s) { Director(s)->clear_post(); },
                "spec.forms[0].questions[0].approval.post", "empty"},
        BadSpec{"ZeroSeats", [](auto& s) { Director(s)->set_seats(0); },
                "spec.forms[0].questions[0].approval.seats", "at least 1"},
        BadSpec{"NoCandidates", [](auto& s) { Director(s)->clear_candidates(); },
                "spec.forms[0].questions[0].approval.candidates", "got 0"},
        BadSpec{"MoreThan1000Candidates",
                [](auto& s) {
                  for (int i = 0; i < 998; ++i) {
                    v1::Candidate* c = Director(s)->add_candidates();
                    c->set_id(absl::StrCat("x", i));
                    c->set_name("某");
                  }
                },
                "spec.forms[0].questions[0].approval.candidates", "got 1001"},
        BadSpec{"DuplicateCandidateId",
                [](auto& s) { Director(s)->mutable_candidates(2)->set_id("c1"); },
                "spec.forms[0].questions[0].approval.candidates[2].id",
                "duplicate candidate id \"c1\" (first at "
                "spec.forms[0].questions[0].approval.candidates[0].id)"},
        BadSpec{"InvalidCandidateId",
                [](auto& s) { Director(s)->mutable_candidates(1)->set_id("c 2"); },
                "spec.forms[0].questions[0].approval.candidates[1].id", "not allowed"},
        BadSpec{"EmptyCandidateName",
                [](auto& s) { Director(s)->mutable_candidates(1)->clear_name(); },
                "spec.forms[0].questions[0].approval.candidates[1].name", "empty"},
        BadSpec{"CandidateNameWithNewline",
                [](auto& s) { Director(s)->mutable_candidates(1)->set_name("李\n四"); },
                "spec.forms[0].questions[0].approval.candidates[1].name", "control"},
        BadSpec{"ZeroMaxChoices", [](auto& s) { Director(s)->set_max_choices(0); },
                "spec.forms[0].questions[0].approval.max_choices",
                "between 1 and 100 (got 0)"},
        BadSpec{"MaxChoicesOver100",
                [](auto& s) {
                  Director(s)->set_allow_write_in(true);
                  Director(s)->set_max_choices(101);
                },
                "spec.forms[0].questions[0].approval.max_choices", "got 101"},
        BadSpec{"MaxChoicesAboveCandidatesWithoutWriteIns",
                [](auto& s) { Director(s)->set_max_choices(4); },
                "spec.forms[0].questions[0].approval.max_choices",
                "number of candidates (3) unless write-ins are allowed (got 4)"},
        BadSpec{"UnknownLocale", [](auto& s) { s.set_locale("fr"); }, "spec.locale",
                "\"fr\""}),
    [](const ::testing::TestParamInfo<BadSpec>& info) { return info.param.name; });

TEST(FindFormTest, FindsFormsById) {
  const v1::MeetingSpec spec = SampleSpec();
  ASSERT_NE(FindForm(spec, "panel"), nullptr);
  EXPECT_EQ(FindForm(spec, "panel")->title(), "评议组组长推荐票");
  EXPECT_EQ(FindForm(spec, "nope"), nullptr);
  EXPECT_EQ(FormIndex(spec, "rec"), 0);
  EXPECT_EQ(FormIndex(spec, "panel"), 1);
  EXPECT_EQ(FormIndex(spec, "nope"), std::nullopt);
}

TEST(FindQuestionTest, FindsQuestionsWithinTheForm) {
  const v1::MeetingSpec spec = SampleSpec();
  ASSERT_NE(FindQuestion(spec.forms(0), "deputy"), nullptr);
  EXPECT_EQ(FindQuestion(spec.forms(0), "deputy")->approval().post(), "副局长");
  EXPECT_EQ(FindQuestion(spec.forms(0), "head"), nullptr);  // in the other form
}

TEST(GroupsTest, FormWithoutEligibleGroupsIsOpenToEveryGroup) {
  const v1::MeetingSpec spec = SampleSpec();
  EXPECT_TRUE(IsGroupDeclared(spec, "staff"));
  EXPECT_FALSE(IsGroupDeclared(spec, "public"));
  EXPECT_TRUE(IsFormOpenToGroup(spec.forms(0), "staff"));
  EXPECT_TRUE(IsFormOpenToGroup(spec.forms(1), "leaders"));
  EXPECT_FALSE(IsFormOpenToGroup(spec.forms(1), "staff"));
}

}  // namespace
}  // namespace gongxin::tally
