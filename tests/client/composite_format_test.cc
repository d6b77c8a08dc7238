// The composite part of the printed result: flags in words, exact values
// rounded only for people, Chinese by default and English on request.
#include "client/composite_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/composite.h"
#include "tests/testing/sample.h"

namespace gongxin::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CompositeFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = testing::SampleSpec();
    v1::CompositeRule* rule = spec_.add_composites();
    rule->set_id("s2");
    rule->set_title("考察人选综合得分");
    rule->set_preset("S-2");
    rule->set_form_id("rec");
    rule->set_question_id("head");
    ASSERT_TRUE(tally::ExpandCompositePreset(spec_, *rule).ok());
    v1::CompositeResult* r = result_.add_composites();
    r->set_rule_id("s2");
    r->set_take(3);
    v1::CompositeCandidate* c1 = r->add_candidates();
    c1->set_candidate_id("c1");
    c1->set_rank(1);
    c1->set_composite("200/3");
    c1->set_within_take(true);
    auto* p = c1->add_components();
    p->set_component_id("recommendation");
    p->set_points("200/3");
    v1::CompositeCandidate* c2 = r->add_candidates();
    c2->set_candidate_id("c2");
    c2->set_rank(2);
    c2->set_composite("60");
    c2->set_tied_at_cut(true);
    v1::CompositeCandidate* c3 = r->add_candidates();
    c3->set_candidate_id("c3");
    c3->set_composite("90");
    v1::Veto* veto = c3->add_vetoes();
    veto->set_reason("经查实的举报");
    veto->set_officer("officer-2");
    result_.add_approved_by("officer-1");
    result_.add_approved_by("officer-2");
  }
  v1::MeetingSpec spec_;
  v1::TallyResult result_;
};

TEST_F(CompositeFormatTest, ChineseReportShowsRanksFlagsAndApprovals) {
  std::string out;
  AppendCompositeReport(result_, spec_, /*english=*/false, &out);
  EXPECT_THAT(out, HasSubstr("【综合得分：考察人选综合得分】（S-2）")) << out;
  EXPECT_THAT(out, HasSubstr("按职数 1:3 提出考察人选，共 3 名")) << out;
  EXPECT_THAT(out, HasSubstr("民主推荐得票率(90%)")) << out;
  EXPECT_THAT(out, HasSubstr("66.67")) << out;
  EXPECT_THAT(out, HasSubstr("在 1:3 范围内")) << out;
  EXPECT_THAT(out, HasSubstr("在取用线上并列")) << out;
  EXPECT_THAT(out, HasSubstr("一票否决：经查实的举报（officer-2）")) << out;
  EXPECT_THAT(out, HasSubstr("计票审批：officer-1、officer-2")) << out;
  EXPECT_THAT(out, Not(HasSubstr("200/3"))) << "exact fractions are for machines: " << out;
}

TEST_F(CompositeFormatTest, EnglishReportOnRequest) {
  std::string out;
  AppendCompositeReport(result_, spec_, /*english=*/true, &out);
  EXPECT_THAT(out, HasSubstr("[Composite: 考察人选综合得分] (S-2)")) << out;
  EXPECT_THAT(out, HasSubstr("tied at the cut")) << out;
  EXPECT_THAT(out, HasSubstr("vetoed: 经查实的举报 (officer-2)")) << out;
  EXPECT_THAT(out, HasSubstr("Count approved by: officer-1, officer-2")) << out;
}

TEST_F(CompositeFormatTest, NothingWithoutCompositesOrApprovals) {
  std::string out;
  AppendCompositeReport(v1::TallyResult(), spec_, false, &out);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace gongxin::client
