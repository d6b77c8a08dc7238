// A graded question's rate table: each rate as the exact fraction with its
// percentage worked out by hand, points for a score, and the basis the
// denominator counts, in Chinese and in English.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/html.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "tests/report/sections/html_of.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::Question Graded() {
  v1::Question q;
  q.set_id("work");
  q.set_title("班子成员测评");
  auto* g = q.mutable_graded();
  auto* s1 = g->add_subjects();
  s1->set_id("s1");
  s1->set_name("赵敏");
  auto* s2 = g->add_subjects();
  s2->set_id("s2");
  s2->set_name("孙强");
  return q;
}

v1::Rate* AddRate(v1::SubjectTally* s, const char* id, uint64_t num, uint64_t den,
                  v1::RateBasis basis) {
  v1::Rate* r = s->add_rates();
  r->set_id(id);
  r->set_num(num);
  r->set_den(den);
  r->set_basis(basis);
  return r;
}

// s1 over 27 valid ballots: excellent 12/27 = 44.4 %, pass 25/27 = 92.6 %,
// score 680 points over 10 = 68.0; s2 over the 7 ballots that assessed it
// (ASSESSED basis): excellent 3/7 = 42.9 %, pass over nobody, no score.
v1::QuestionTally RatesTally() {
  v1::QuestionTally t;
  t.set_question_id("work");
  v1::SubjectTally* s1 = t.add_subjects();
  s1->set_subject_id("s1");
  AddRate(s1, "excellent", 12, 27, v1::RATE_BASIS_VALID);
  AddRate(s1, "pass", 25, 27, v1::RATE_BASIS_VALID);
  AddRate(s1, "score", 680, 10, v1::RATE_BASIS_VALID);
  v1::SubjectTally* s2 = t.add_subjects();
  s2->set_subject_id("s2");
  AddRate(s2, "excellent", 3, 7, v1::RATE_BASIS_ASSESSED);
  AddRate(s2, "pass", 0, 0, v1::RATE_BASIS_ASSESSED);
  return t;
}

std::string RenderRates(const char* locale, const v1::Question& q, const v1::QuestionTally& t) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor(locale), spec, IsEnglish(locale)};
  Block root;
  AppendRates(c, &q, t, &root);
  const std::string out = HtmlOf(root, /*depth=*/3);
  return out;
}

TEST(RatesTest, ExactRateShowsTheFractionAndTheRoundedPercentage) {
  EXPECT_EQ(ExactRate(3, 7), "3/7 = 42.9 %");     // 42.857… rounds up
  EXPECT_EQ(ExactRate(1, 8), "1/8 = 12.5 %");     // exactly 12.5
  EXPECT_EQ(ExactRate(1, 16), "1/16 = 6.3 %");    // 6.25 rounds half up
  EXPECT_EQ(ExactRate(0, 0), "0/0 = —") << "nothing to divide by must not print a number";
  EXPECT_EQ(ExactPoints(680, 10), "680/10 = 68.0");
  EXPECT_EQ(ExactPoints(200, 3), "200/3 = 66.7");
}

TEST(RatesTest, C5_EachSubjectsRatesAreExactWithTheirBasisInChinese) {
  const std::string html = RenderRates("zh-CN", Graded(), RatesTally());
  EXPECT_THAT(html, HasSubstr("<h4>各项比率</h4>"));
  EXPECT_THAT(html, HasSubstr("<th class=\"num\">优秀率</th><th class=\"num\">合格率</th>"
                              "<th class=\"num\">加权得分</th><th>分母</th>"))
      << "columns: the rate ids in the tally's order, then the basis";
  EXPECT_THAT(html, HasSubstr("<td>赵敏</td><td class=\"num\" data-rate=\"excellent\">"
                              "12/27 = 44.4 %</td>"));
  EXPECT_THAT(html, HasSubstr("25/27 = 92.6 %"));
  EXPECT_THAT(html, HasSubstr("680/10 = 68.0 分")) << "a score is points per ballot, not a %";
  EXPECT_THAT(html, HasSubstr("<td class=\"basis\">有效票数</td>"));
  // s2's rates are over the ballots that assessed it, and it has no score.
  EXPECT_THAT(html, HasSubstr("<td>孙强</td><td class=\"num\" data-rate=\"excellent\">"
                              "3/7 = 42.9 %</td><td class=\"num\" data-rate=\"pass\">"
                              "0/0 = —</td><td class=\"num\"></td>"));
  EXPECT_THAT(html, HasSubstr("实际测评票数（不含不了解和空白）"));
}

TEST(RatesTest, C5_EnglishLabelsAndBasis) {
  const std::string html = RenderRates("en", Graded(), RatesTally());
  EXPECT_THAT(html, HasSubstr("<h4>Rates</h4>"));
  EXPECT_THAT(html, HasSubstr(">Excellent</th>"));
  EXPECT_THAT(html, HasSubstr("680/10 = 68.0 points"));
  EXPECT_THAT(html, HasSubstr("<td class=\"basis\">valid ballots</td>"));
  EXPECT_THAT(html, HasSubstr("ballots assessed (excluding don&#39;t know and blank)"));
  EXPECT_THAT(html, Not(HasSubstr("优秀率")));
}

TEST(RatesTest, C5c_SatisfactionFromTheScoreIsPoints) {
  v1::Question q = Graded();
  q.mutable_graded()->set_satisfaction_formula(v1::SATISFACTION_FORMULA_SCORE);
  v1::QuestionTally t;
  v1::SubjectTally* s = t.add_subjects();
  s->set_subject_id("s1");
  AddRate(s, "satisfaction", 170, 2, v1::RATE_BASIS_VALID);
  EXPECT_THAT(RenderRates("zh-CN", q, t), HasSubstr(">170/2 = 85.0 分</td>"));
  q.mutable_graded()->set_satisfaction_formula(v1::SATISFACTION_FORMULA_PASS);
  s->mutable_rates(0)->set_num(17);
  s->mutable_rates(0)->set_den(20);
  EXPECT_THAT(RenderRates("zh-CN", q, t), HasSubstr(">17/20 = 85.0 %</td>"))
      << "a satisfaction rate from the pass grades is a share";
}

TEST(RatesTest, NothingWhenTheTallyHasNoRates) {
  v1::QuestionTally t;
  t.add_subjects()->set_subject_id("s1");
  EXPECT_EQ(RenderRates("zh-CN", Graded(), t), "");
}

TEST(RatesTest, A7_ApprovalBasisFromTheEnumWhenTheNameIsUnset) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor("zh-CN"), spec, false};
  v1::QuestionTally t;
  t.set_valid(27);
  t.set_rate_denominator(27);
  t.set_basis(v1::RATE_BASIS_PRESENT);
  Block by_enum;
  AppendValidity(c, nullptr, t, /*graded=*/false, &by_enum);
  EXPECT_THAT(HtmlOf(by_enum), HasSubstr("得票率 = 得票 ÷ 实到人数 27"));
  t.set_rate_basis("returned");
  Block by_name;
  AppendValidity(c, nullptr, t, /*graded=*/false, &by_name);
  EXPECT_THAT(HtmlOf(by_name), HasSubstr("得票率 = 得票 ÷ 收回票数 27"))
      << "the name wins when both are set";
}

}  // namespace
}  // namespace gongxin::report::sections
