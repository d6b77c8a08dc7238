// Composite rankings (rules S-2, S-3, S-9): components with their weights,
// exact values shown to two decimals with the fraction when there is one,
// vetoes with reason and officer, exclusion below the threshold, the 1:N
// cut, and who approved the count.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "tests/report/sections/html_of.h"
#include "tests/report/report_sample.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Rule "s3" on the sample's 局长 question: 民主推荐 60 % (vote rate) and
// 基本素质测评 40 % (officer), exclusion below 60, take 1:3 of one post.
//   张伟: 80 and 90 → 0.6·80 + 0.4·90 = 84, rank 1, within 1:3
//   王芳: 50 and 200/3 → 30 + 80/3 = 170/3 = 56.67: excluded (< 60)
//   李娜: 100 and 95 → 98, vetoed by officer-2
//   c9:   not on the spec's list, 基本素质测评 not scored yet
class CompositeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = testing::ReportSpec();
    v1::CompositeRule* rule = spec_.add_composites();
    rule->set_id("s3");
    rule->set_title("考察人选综合得分");
    rule->set_preset("S-3");
    rule->set_form_id("rec");
    rule->set_question_id("head");
    rule->set_exclude_below("60");
    rule->set_take_ratio(3);
    v1::CompositeComponent* rec = rule->add_components();
    rec->set_id("recommendation");
    rec->set_label("民主推荐");
    rec->set_weight("60");
    rec->mutable_ballot()->set_form_id("rec");
    rec->mutable_ballot()->set_question_id("head");
    rec->mutable_ballot()->set_kind(v1::BallotFigure::KIND_VOTE_RATE);
    v1::CompositeComponent* quality = rule->add_components();
    quality->set_id("quality");
    quality->set_label("基本素质测评");
    quality->set_weight("40");
    quality->mutable_officer();

    v1::CompositeResult* r = result_.add_composites();
    r->set_rule_id("s3");
    r->set_take(3);
    auto add = [&](const char* id, const char* rec_points, const char* quality_points,
                   const char* composite, uint32_t rank) {
      v1::CompositeCandidate* c = r->add_candidates();
      c->set_candidate_id(id);
      c->set_rank(rank);
      c->set_composite(composite);
      auto* p = c->add_components();
      p->set_component_id("recommendation");
      p->set_points(rec_points);
      if (quality_points[0] != '\0') {
        auto* q = c->add_components();
        q->set_component_id("quality");
        q->set_points(quality_points);
      }
      return c;
    };
    add("c1", "80", "90", "84", 1)->set_within_take(true);
    add("c2", "50", "200/3", "170/3", 0)->set_excluded(true);
    v1::Veto* veto = add("c3", "100", "95", "98", 0)->add_vetoes();
    veto->set_reason("经查实的举报");
    veto->set_officer("officer-2");
    add("c9", "40", "", "", 0)->add_missing("quality");
    result_.add_approved_by("officer-1");
    result_.add_approved_by("officer-2");
  }

  std::string Render(const char* locale) {
    const Context c{MessagesFor(locale), spec_, IsEnglish(locale)};
    Block root;
    AppendComposites(c, result_, &root);
    const std::string out = HtmlOf(root, /*depth=*/1);
    return out;
  }

  v1::MeetingSpec spec_;
  v1::TallyResult result_;
};

TEST_F(CompositeTest, S2_S3_RanksComponentsAndFlagsInChinese) {
  const std::string html = Render("zh-CN");
  EXPECT_THAT(html, HasSubstr("<h2>综合得分</h2>"));
  EXPECT_THAT(html, HasSubstr("<h3>考察人选综合得分（S-3）</h3>"));
  EXPECT_THAT(html, HasSubstr("按职数 1:3 提出考察人选，共 3 名"));
  EXPECT_THAT(html, HasSubstr("<th class=\"exact\">民主推荐 (60%)</th>"
                              "<th class=\"exact\">基本素质测评 (40%)</th>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1</td><td>张伟</td><td class=\"num exact\">"
                              "80.00</td><td class=\"num exact\">90.00</td><td class=\"num "
                              "exact\"><strong>84.00</strong></td><td>在 1:3 范围内</td>"));
  EXPECT_THAT(html, HasSubstr("66.67 (200/3)")) << "an exact fraction is shown beside its decimal";
  EXPECT_THAT(html, HasSubstr("<strong>56.67 (170/3)</strong></td><td>低于 60 分，排除</td>"));
  EXPECT_THAT(html, HasSubstr("一票否决：经查实的举报（officer-2）"));
  EXPECT_THAT(html, HasSubstr("<td>c9</td>")) << "an id the spec lacks is shown as the id";
  EXPECT_THAT(html, HasSubstr("缺少评分：quality"));
  EXPECT_THAT(html, HasSubstr("不简单以票取人"));
  EXPECT_THAT(html, HasSubstr("批准计票的工作人员：officer-1、officer-2"));
}

TEST_F(CompositeTest, EnglishWording) {
  const std::string html = Render("en");
  EXPECT_THAT(html, HasSubstr("<h2>Composite rankings</h2>"));
  EXPECT_THAT(html, HasSubstr("<h3>考察人选综合得分 (S-3)</h3>"));
  EXPECT_THAT(html, HasSubstr("below 60: excluded"));
  EXPECT_THAT(html, HasSubstr("vetoed: 经查实的举报 (officer-2)"));
  EXPECT_THAT(html, HasSubstr("within 1:3"));
  EXPECT_THAT(html, HasSubstr("The count was approved by: officer-1, officer-2"));
  EXPECT_THAT(html, Not(HasSubstr("排除")));
}

TEST_F(CompositeTest, ApprovalsAloneAndNothingWithoutEither) {
  result_.clear_composites();
  std::string html = Render("zh-CN");
  EXPECT_THAT(html, Not(HasSubstr("id=\"composites\"")));
  EXPECT_THAT(html, HasSubstr("id=\"approvals\""));
  result_.clear_approved_by();
  EXPECT_EQ(Render("zh-CN"), "");
}

}  // namespace
}  // namespace gongxin::report::sections
