// Inspectors' scores, their recusal and grades (issue 16): the panel and
// the grade bands as the spec states them, the exact aggregation (mean, or
// trimmed mean dropping the highest and the lowest, 去掉一个最高分和一个最低分)
// and the grade of a composite at and around each threshold.
#include "tally/inspection.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/composite.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::InspectionSpec;
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

constexpr v1::InspectorAggregation kMean = v1::INSPECTOR_AGGREGATION_MEAN;
constexpr v1::InspectorAggregation kTrimmed = v1::INSPECTOR_AGGREGATION_TRIMMED_MEAN;

Rational R(const char* text) { return *ParseRational("test", text); }

absl::Status Refusal(const v1::MeetingSpec& spec) { return ValidateSpec(spec); }

TEST(InspectionTest, APanelWithARecusalIsValid) {
  EXPECT_OK(ValidateSpec(InspectionSpec(kMean)));
  EXPECT_OK(ValidateSpec(InspectionSpec(kTrimmed, /*fourth_inspector=*/true)));
}

TEST(InspectionTest, TrimmedMeanNeedsThreeInspectorsLeftAfterRecusals) {
  // officer-3 is recused from c2, leaving two: nothing would be left to
  // average once the highest and the lowest are dropped.
  EXPECT_THAT(Refusal(InspectionSpec(kTrimmed)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("candidate c2 of rule ability keeps 2 inspector(s)")));
}

TEST(InspectionTest, RefusesAPanelThatDoesNotFitTheRules) {
  v1::MeetingSpec spec = InspectionSpec(kMean);
  spec.mutable_inspection()->mutable_recusals(0)->set_inspector("officer-9");
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("spec.inspection.recusals[0].inspector: "
                                                "\"officer-9\" is not an inspector")));

  spec = InspectionSpec(kMean);
  spec.mutable_inspection()->mutable_recusals(0)->set_candidate_id("d1");
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("recusals[0].candidate_id: \"d1\" is not a "
                                                "candidate of a rule the panel scores")));

  spec = InspectionSpec(kMean);
  spec.mutable_inspection()->mutable_recusals(0)->set_reason(v1::RECUSAL_REASON_OTHER);
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("recusals[0].note")));

  spec = InspectionSpec(kMean);
  *spec.mutable_inspection()->add_recusals() = spec.inspection().recusals(0);
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("officer-3 is already recused from c2")));

  spec = InspectionSpec(kMean);
  spec.mutable_inspection()->add_inspectors()->set_name("officer-2");
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("\"officer-2\" is listed twice")));

  spec = InspectionSpec(kMean);
  spec.mutable_inspection()->set_aggregation(v1::INSPECTOR_AGGREGATION_UNSPECIFIED);
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("spec.inspection.aggregation")));

  spec = InspectionSpec(kMean);
  spec.clear_inspection();
  EXPECT_THAT(Refusal(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("rule ability is scored by the inspectors' panel (by_panel), "
                                 "but spec.inspection names no inspector")));

  spec = InspectionSpec(kMean);
  spec.mutable_composites(0)->set_by_panel(false);
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("no composite rule is scored by the panel")));
}

TEST(InspectionTest, RefusesGradeBandsThatDoNotStrictlyDecrease) {
  v1::MeetingSpec spec = InspectionSpec(kMean);
  spec.mutable_composites(0)->mutable_grade_bands(1)->set_at_least("90");
  EXPECT_THAT(Refusal(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.composites[0].grade_bands[1].at_least: 90 must be below "
                                 "the band before it (90)")));

  spec = InspectionSpec(kMean);
  spec.mutable_composites(0)->mutable_grade_bands(2)->set_label("");
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("grade_bands[2].label")));

  spec = InspectionSpec(kMean);
  spec.mutable_composites(0)->mutable_grade_bands(0)->set_at_least("100.5");
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("grade_bands[0].at_least")));

  spec = InspectionSpec(kMean);
  spec.mutable_composites(0)->clear_grade_below();
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("spec.composites[0].grade_below")));

  spec = InspectionSpec(kMean);
  spec.mutable_composites(0)->clear_grade_bands();
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("grade_below: only with grade_bands")));
}

TEST(InspectionTest, FourteenAbilityStandardsFitOneComposite) {
  // 十四项能力标准: fourteen indicators of 100/14 % each, all on the panel.
  v1::MeetingSpec spec = InspectionSpec(kMean);
  v1::CompositeRule* rule = spec.mutable_composites(0);
  rule->clear_components();
  for (int i = 1; i <= 14; ++i) {
    v1::CompositeComponent* c = rule->add_components();
    c->set_id("standard" + std::to_string(i));
    c->set_label("能力标准" + std::to_string(i));
    c->set_weight("100/14");
    c->mutable_officer()->set_scale_max("10");
  }
  EXPECT_OK(ValidateSpec(spec));
  while (rule->components_size() <= kMaxComponents) *rule->add_components() = rule->components(0);
  EXPECT_THAT(Refusal(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("must list 1 to 32 components")));
}

TEST(InspectionTest, MeanIsExact) {
  EXPECT_EQ(AggregateScores(kMean, {R("80"), R("85"), R("90")}), R("85"));
  EXPECT_EQ(AggregateScores(kMean, {R("80"), R("81")}).ToString(), "80.5");
  EXPECT_EQ(AggregateScores(kMean, {R("80"), R("80"), R("81")}).ToString(), "241/3");
}

TEST(InspectionTest, TrimmedMeanDropsOneHighestAndOneLowest) {
  // 60 and 100 dropped: (70 + 90) / 2.
  EXPECT_EQ(AggregateScores(kTrimmed, {R("100"), R("60"), R("90"), R("70")}), R("80"));
  // Equal extremes: only one of each is dropped.
  EXPECT_EQ(AggregateScores(kTrimmed, {R("90"), R("90"), R("60"), R("60"), R("75")}).ToString(),
            "75");
  EXPECT_EQ(AggregateScores(kTrimmed, {R("8.5"), R("9"), R("7"), R("9.25")}).ToString(),
            "8.75");
}

TEST(InspectionTest, GradeFollowsTheBandsExactlyAtEachThreshold) {
  const v1::MeetingSpec spec = InspectionSpec(kMean);
  const v1::CompositeRule& rule = spec.composites(0);
  EXPECT_EQ(GradeOf(rule, R("100")), "优秀");
  EXPECT_EQ(GradeOf(rule, R("90")), "优秀");
  EXPECT_EQ(GradeOf(rule, R("269999/3000")), "称职");  // 89.9997 — never rounded up
  EXPECT_EQ(GradeOf(rule, R("80")), "称职");
  EXPECT_EQ(GradeOf(rule, R("60")), "基本称职");
  EXPECT_EQ(GradeOf(rule, R("179/3")), "不称职");  // 59.67
  EXPECT_EQ(GradeOf(rule, R("0")), "不称职");
  v1::CompositeRule ungraded = rule;
  ungraded.clear_grade_bands();
  EXPECT_EQ(GradeOf(ungraded, R("95")), "");
}

TEST(InspectionTest, ScoringInspectorsLeaveOutTheRecused) {
  const v1::MeetingSpec spec = InspectionSpec(kMean);
  EXPECT_EQ(ScoringInspectors(spec, "c1"),
            (std::vector<std::string>{"officer-1", "officer-2", "officer-3"}));
  EXPECT_EQ(ScoringInspectors(spec, "c2"), (std::vector<std::string>{"officer-1", "officer-2"}));
  ASSERT_NE(FindRecusal(spec, "officer-3", "c2"), nullptr);
  EXPECT_EQ(FindRecusal(spec, "officer-3", "c1"), nullptr);
}

}  // namespace
}  // namespace gongxin::tally
