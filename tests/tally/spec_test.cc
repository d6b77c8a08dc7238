// Tests of tally/spec.h: meeting spec validation and lookups.
#include "tally/spec.h"

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/kinds/graded.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::kBothPoliciesAndAssessment;
using ::gongxin::testing::SampleSpec;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Chinese(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "字";
  return out;
}

v1::ApprovalQuestion* Head(v1::MeetingSpec& s) {
  return s.mutable_forms(0)->mutable_questions(0)->mutable_approval();
}

// The competency question of the sample's assessment form (4 grades, 不了解 last).
v1::GradedQuestion* Competency(v1::MeetingSpec& s) {
  return s.mutable_forms(2)->mutable_questions(0)->mutable_graded();
}

TEST(ValidateSpecTest, AcceptsSampleSpec) { EXPECT_OK(ValidateSpec(SampleSpec(kBothPolicies))); }

TEST(ValidateSpecTest, AcceptsGradedQuestionsWithAndWithoutDontKnow_C2) {
  EXPECT_OK(ValidateSpec(SampleSpec(kBothPoliciesAndAssessment)));
}

TEST(ValidateSpecTest, AcceptsScalesOfTwoAndOfTenGrades_C2) {
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  v1::GradedQuestion* q = Competency(spec);
  q->mutable_scale()->DeleteSubrange(1, 2);  // 胜任, 不了解
  ASSERT_EQ(q->scale_size(), 2);
  EXPECT_OK(ValidateSpec(spec));
  while (q->scale_size() < kMaxGradesPerScale) {
    v1::Grade* g = q->add_scale();
    g->set_id(absl::StrCat("g", q->scale_size()));
    g->set_label(absl::StrCat("等级", q->scale_size()));
  }
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsDontKnowAfterTheFirstGrade_C2) {
  // Only the first (best) position is refused; "don't know" may sit
  // anywhere after it.
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  Competency(spec)->mutable_scale(3)->set_dont_know(false);
  Competency(spec)->mutable_scale(1)->set_dont_know(true);
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsGradeIdsReusedAcrossQuestionsAndSubjectIds) {
  // Grade ids are unique within a scale only; "basic" is in both scales of
  // the sample, and a subject may share its id with a grade.
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  Competency(spec)->mutable_subjects(0)->set_id("competent");
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsFormMixingApprovalAndGradedQuestions) {
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  *spec.mutable_forms(0)->add_questions() = spec.forms(2).questions(0);
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsAnonymousForm) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsEnglishAndDefaultLocale) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.set_locale("en");
  EXPECT_OK(ValidateSpec(spec));
  spec.clear_locale();
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsTitleOf200ChineseCharacters) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.set_title(Chinese(200));
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsMaxChoicesAboveCandidatesWhenWriteInsAllowed) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Head(spec)->set_allow_write_in(true);
  Head(spec)->set_max_choices(5);  // 3 candidates
  EXPECT_OK(ValidateSpec(spec));
}

TEST(ValidateSpecTest, AcceptsMultilineDescription) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
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
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
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
        BadSpec{"LookAlikeGroupId", [](auto& s) { s.mutable_groups(1)->set_id("Leaders"); },
                "spec.groups[1].id",
                "group id \"Leaders\" differs only in letter case from \"leaders\""},
        BadSpec{"MoreThan100Groups",
                [](auto& s) {
                  for (int i = 0; i < 99; ++i) {
                    v1::VoterGroup* g = s.add_groups();
                    g->set_id(absl::StrCat("g", i));
                    g->set_name("组");
                  }
                },
                "spec.groups", "got 101"},
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
                [](auto& s) { s.mutable_forms(0)->mutable_questions(1)->set_id("head"); },
                "spec.forms[0].questions[1].id", "duplicate question id"},
        BadSpec{"InvalidQuestionId",
                [](auto& s) { s.mutable_forms(0)->mutable_questions(1)->set_id("-q"); },
                "spec.forms[0].questions[1].id", "must not start"},
        BadSpec{"QuestionWithoutKind",
                [](auto& s) { s.mutable_forms(0)->mutable_questions(1)->clear_approval(); },
                "spec.forms[0].questions[1]", "must have a kind (approval, graded, decision, element or checklist)"},
        BadSpec{"EmptyPost", [](auto& s) { Head(s)->clear_post(); },
                "spec.forms[0].questions[0].approval.post", "empty"},
        BadSpec{"ZeroSeats", [](auto& s) { Head(s)->set_seats(0); },
                "spec.forms[0].questions[0].approval.seats", "at least 1"},
        BadSpec{"NoCandidates", [](auto& s) { Head(s)->clear_candidates(); },
                "spec.forms[0].questions[0].approval.candidates", "got 0"},
        BadSpec{"MoreThan1000Candidates",
                [](auto& s) {
                  for (int i = 0; i < 998; ++i) {
                    v1::Candidate* c = Head(s)->add_candidates();
                    c->set_id(absl::StrCat("x", i));
                    c->set_name("某");
                  }
                },
                "spec.forms[0].questions[0].approval.candidates", "got 1001"},
        BadSpec{"DuplicateCandidateId",
                [](auto& s) { Head(s)->mutable_candidates(2)->set_id("c1"); },
                "spec.forms[0].questions[0].approval.candidates[2].id",
                "duplicate candidate id \"c1\" (first at "
                "spec.forms[0].questions[0].approval.candidates[0].id)"},
        BadSpec{"LookAlikeCandidateId",
                [](auto& s) { Head(s)->mutable_candidates(2)->set_id("C1"); },
                "spec.forms[0].questions[0].approval.candidates[2].id",
                "candidate id \"C1\" differs only in letter case from \"c1\""},
        BadSpec{"CandidateProposedPostOver200Characters",
                [](auto& s) { Head(s)->mutable_candidates(0)->set_proposed_post(std::string(201, 'x')); },
                "spec.forms[0].questions[0].approval.candidates[0].proposed_post", "got 201"},
        BadSpec{"InvalidCandidateId",
                [](auto& s) { Head(s)->mutable_candidates(1)->set_id("c 2"); },
                "spec.forms[0].questions[0].approval.candidates[1].id", "not allowed"},
        BadSpec{"EmptyCandidateName",
                [](auto& s) { Head(s)->mutable_candidates(1)->clear_name(); },
                "spec.forms[0].questions[0].approval.candidates[1].name", "empty"},
        BadSpec{"CandidateNameWithNewline",
                [](auto& s) { Head(s)->mutable_candidates(1)->set_name("李\n四"); },
                "spec.forms[0].questions[0].approval.candidates[1].name", "control"},
        BadSpec{"ZeroMaxChoices", [](auto& s) { Head(s)->set_max_choices(0); },
                "spec.forms[0].questions[0].approval.max_choices",
                "between 1 and 100 (got 0)"},
        BadSpec{"MaxChoicesOver100",
                [](auto& s) {
                  Head(s)->set_allow_write_in(true);
                  Head(s)->set_max_choices(101);
                },
                "spec.forms[0].questions[0].approval.max_choices", "got 101"},
        BadSpec{"MaxChoicesAboveCandidatesWithoutWriteIns",
                [](auto& s) {
                  Head(s)->set_allow_write_in(false);
                  Head(s)->set_max_choices(4);
                },
                "spec.forms[0].questions[0].approval.max_choices",
                "number of candidates (3) unless write-ins are allowed (got 4)"},
        BadSpec{"UnknownLocale", [](auto& s) { s.set_locale("fr"); }, "spec.locale",
                "\"fr\""}),
    [](const ::testing::TestParamInfo<BadSpec>& info) { return info.param.name; });

// The same, for the graded questions of the sample's assessment form (rules C2, D2, D3).
class ValidateGradedSpecRefusesTest : public ::testing::TestWithParam<BadSpec> {};

TEST_P(ValidateGradedSpecRefusesTest, WithInvalidArgumentNamingTheField_C2) {
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  GetParam().mutate(spec);
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith(GetParam().path + ": "), HasSubstr(GetParam().detail))));
}

constexpr char kCompetency[] = "spec.forms[2].questions[0].graded";

INSTANTIATE_TEST_SUITE_P(
    Cases, ValidateGradedSpecRefusesTest,
    ::testing::Values(
        BadSpec{"NoSubjects", [](auto& s) { Competency(s)->clear_subjects(); },
                absl::StrCat(kCompetency, ".subjects"), "must list 1 to 1000 subjects (got 0)"},
        BadSpec{"MoreThan1000Subjects",
                [](auto& s) {
                  for (int i = 0; i < 999; ++i) {
                    v1::Candidate* c = Competency(s)->add_subjects();
                    c->set_id(absl::StrCat("x", i));
                    c->set_name("某");
                  }
                },
                absl::StrCat(kCompetency, ".subjects"), "got 1001"},
        BadSpec{"InvalidSubjectId",
                [](auto& s) { Competency(s)->mutable_subjects(1)->set_id("李四"); },
                absl::StrCat(kCompetency, ".subjects[1].id"), "not allowed"},
        BadSpec{"EmptySubjectId", [](auto& s) { Competency(s)->mutable_subjects(1)->clear_id(); },
                absl::StrCat(kCompetency, ".subjects[1].id"), "empty"},
        BadSpec{"DuplicateSubjectId",
                [](auto& s) { Competency(s)->mutable_subjects(1)->set_id("s1"); },
                absl::StrCat(kCompetency, ".subjects[1].id"),
                absl::StrCat("duplicate subject id \"s1\" (first at ", kCompetency,
                             ".subjects[0].id)")},
        BadSpec{"EmptySubjectName",
                [](auto& s) { Competency(s)->mutable_subjects(0)->clear_name(); },
                absl::StrCat(kCompetency, ".subjects[0].name"), "empty"},
        BadSpec{"SubjectPostOver200Chars",
                [](auto& s) { Competency(s)->mutable_subjects(0)->set_current_post(Chinese(201)); },
                absl::StrCat(kCompetency, ".subjects[0].current_post"), "got 201"},
        BadSpec{"SubjectNoteNotUtf8",
                [](auto& s) { Competency(s)->mutable_subjects(1)->set_note("\xFF"); },
                absl::StrCat(kCompetency, ".subjects[1].note"), "UTF-8"},
        BadSpec{"EmptyScale", [](auto& s) { Competency(s)->clear_scale(); },
                absl::StrCat(kCompetency, ".scale"), "must list 2 to 10 grades (got 0)"},
        BadSpec{"ScaleOfOneGrade",
                [](auto& s) { Competency(s)->mutable_scale()->DeleteSubrange(1, 3); },
                absl::StrCat(kCompetency, ".scale"), "must list 2 to 10 grades (got 1)"},
        BadSpec{"ScaleOfElevenGrades",
                [](auto& s) {
                  for (int i = 0; i < 7; ++i) {
                    v1::Grade* g = Competency(s)->add_scale();
                    g->set_id(absl::StrCat("g", i));
                    g->set_label("等级");
                  }
                },
                absl::StrCat(kCompetency, ".scale"), "got 11"},
        BadSpec{"InvalidGradeId",
                [](auto& s) { Competency(s)->mutable_scale(2)->set_id("不胜任"); },
                absl::StrCat(kCompetency, ".scale[2].id"), "not allowed"},
        BadSpec{"DuplicateGradeId",
                [](auto& s) { Competency(s)->mutable_scale(2)->set_id("competent"); },
                absl::StrCat(kCompetency, ".scale[2].id"),
                absl::StrCat("duplicate grade id \"competent\" (first at ", kCompetency,
                             ".scale[0].id)")},
        BadSpec{"EmptyGradeLabel", [](auto& s) { Competency(s)->mutable_scale(1)->clear_label(); },
                absl::StrCat(kCompetency, ".scale[1].label"), "empty"},
        BadSpec{"GradeLabelWithNewline",
                [](auto& s) { Competency(s)->mutable_scale(1)->set_label("基本\n胜任"); },
                absl::StrCat(kCompetency, ".scale[1].label"), "control"},
        BadSpec{"GradeLabelOver100Chars",
                [](auto& s) { Competency(s)->mutable_scale(0)->set_label(Chinese(101)); },
                absl::StrCat(kCompetency, ".scale[0].label"), "got 101"},
        BadSpec{"TwoDontKnowGrades",
                [](auto& s) { Competency(s)->mutable_scale(2)->set_dont_know(true); },
                absl::StrCat(kCompetency, ".scale[3].dont_know"),
                absl::StrCat("only one grade may be don't know (first at ", kCompetency,
                             ".scale[2])")},
        BadSpec{"DontKnowAsTheBestGrade",
                [](auto& s) {
                  Competency(s)->mutable_scale(3)->set_dont_know(false);
                  Competency(s)->mutable_scale(0)->set_dont_know(true);
                },
                absl::StrCat(kCompetency, ".scale[0].dont_know"),
                "the first grade is the best judgement"},
        BadSpec{"SecondGradedQuestionIsCheckedToo",
                [](auto& s) {
                  s.mutable_forms(2)->mutable_questions(1)->mutable_graded()->clear_subjects();
                },
                "spec.forms[2].questions[1].graded.subjects", "got 0"}),
    [](const ::testing::TestParamInfo<BadSpec>& info) { return info.param.name; });

TEST(FindFormTest, FindsFormsById) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  ASSERT_NE(FindForm(spec, "panel"), nullptr);
  EXPECT_EQ(FindForm(spec, "panel")->title(), "评议组组长推荐票");
  EXPECT_EQ(FindForm(spec, "nope"), nullptr);
  EXPECT_EQ(FormIndex(spec, "rec"), 0);
  EXPECT_EQ(FormIndex(spec, "panel"), 1);
  EXPECT_EQ(FormIndex(spec, "nope"), std::nullopt);
}

TEST(FindQuestionTest, FindsQuestionsWithinTheForm) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  ASSERT_NE(FindQuestion(spec.forms(0), "deputy"), nullptr);
  EXPECT_EQ(FindQuestion(spec.forms(0), "deputy")->approval().post(), "副局长");
  EXPECT_EQ(FindQuestion(spec.forms(0), "chair"), nullptr);  // in the other form
}

TEST(GroupsTest, FormWithoutEligibleGroupsIsOpenToEveryGroup) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  EXPECT_TRUE(IsGroupDeclared(spec, "staff"));
  EXPECT_FALSE(IsGroupDeclared(spec, "public"));
  EXPECT_TRUE(IsFormOpenToGroup(spec.forms(0), "staff"));
  EXPECT_TRUE(IsFormOpenToGroup(spec.forms(1), "leaders"));
  EXPECT_FALSE(IsFormOpenToGroup(spec.forms(1), "staff"));
}

}  // namespace
}  // namespace gongxin::tally
