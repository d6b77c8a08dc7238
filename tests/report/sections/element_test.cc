// 要素推荐 tables (rule S-6): per element the candidates by rank with votes
// and rate over the question's denominator, the blank count, and a chart.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "tests/report/sections/html_of.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::Question Element() {
  v1::Question q;
  q.set_id("e");
  q.set_title("要素推荐");
  auto* e = q.mutable_element();
  auto* morals = e->add_elements();
  morals->set_id("morals");
  morals->set_label("道德品行最好");
  for (const auto& [id, name] : {std::pair{"p1", "王五"}, std::pair{"p2", "赵六"}}) {
    auto* c = e->add_candidates();
    c->set_id(id);
    c->set_name(name);
  }
  return q;
}

// 8 ballots returned: 王五 6 (75.0 %, rank 1), 赵六 1 (12.5 %, rank 2), and 1
// ballot naming nobody (12.5 %). The tally lists 赵六 first (pool order
// reversed) to show the table goes by rank.
v1::QuestionTally ElementTally() {
  v1::QuestionTally t;
  t.set_question_id("e");
  t.set_valid(8);
  t.set_rate_denominator(8);
  t.set_rate_basis("returned");
  v1::ElementTally* e = t.add_elements();
  e->set_element_id("morals");
  e->set_blank(1);
  auto add = [&](const char* id, uint32_t votes, uint32_t rank) {
    auto* c = e->add_candidates();
    c->set_candidate_id(id);
    c->set_votes(votes);
    c->set_rank(rank);
  };
  add("p2", 1, 2);
  add("p1", 6, 1);
  return t;
}

std::string RenderElement(const char* locale) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor(locale), spec, IsEnglish(locale)};
  Block root;
  const v1::Question q = Element();
  AppendElementQuestion(c, &q, ElementTally(), &root);
  const std::string out = HtmlOf(root);
  return out;
}

TEST(ElementTest, S6_CandidatesByRankWithVotesRatesAndBlank) {
  const std::string html = RenderElement("zh-CN");
  EXPECT_THAT(html, HasSubstr("<h4>要素：道德品行最好</h4>"));
  EXPECT_THAT(html, HasSubstr("<tr><td class=\"num\">1</td><td>王五</td><td class=\"num\">6</td>"
                              "<td class=\"num\">75.0%</td></tr>\n<tr><td class=\"num\">2</td>"
                              "<td>赵六</td><td class=\"num\">1</td><td class=\"num\">12.5%</td>"))
      << "rank 1 first whatever the tally's order";
  EXPECT_THAT(html, HasSubstr("<tr class=\"blank\"><td></td><td>弃权</td><td class=\"num\">1</td>"
                              "<td class=\"num\">12.5%</td></tr>"));
  EXPECT_THAT(html, HasSubstr("得票率 = 得票 ÷ 收回票数 8"));
  EXPECT_THAT(html, HasSubstr("6 票 · 75.0%")) << "the element's bar chart";
  EXPECT_THAT(html, HasSubstr("要素推荐：道德品行最好 得票条形图"));
}

TEST(ElementTest, EnglishWording) {
  const std::string html = RenderElement("en");
  EXPECT_THAT(html, HasSubstr("<h4>Element: 道德品行最好</h4>"));
  EXPECT_THAT(html, HasSubstr("<td>Blank</td>"));
  EXPECT_THAT(html, HasSubstr("6 votes · 75.0%"));
  EXPECT_THAT(html, Not(HasSubstr("弃权")));
}

}  // namespace
}  // namespace gongxin::report::sections
