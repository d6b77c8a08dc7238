// 正反向测评 tables (rule S-7): per subject each item's count and exact
// share, its polarity, and the ballots that ticked nothing.
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

v1::Question Checklist() {
  v1::Question q;
  q.set_id("k");
  q.set_title("作风测评");
  auto* k = q.mutable_checklist();
  auto* s = k->add_subjects();
  s->set_id("p1");
  s->set_name("王五");
  auto* lax = k->add_items();
  lax->set_id("lax");
  lax->set_label("作风漂浮");
  lax->set_polarity(v1::ITEM_POLARITY_NEGATIVE);
  auto* keen = k->add_items();
  keen->set_id("keen");
  keen->set_label("敬业奉献");
  keen->set_polarity(v1::ITEM_POLARITY_POSITIVE);
  return q;
}

// 8 ballots: 作风漂浮 ticked 2 (2/8 = 25.0 %), 敬业奉献 5 (62.5 %), nothing
// ticked 1 (12.5 %).
v1::QuestionTally ChecklistTally() {
  v1::QuestionTally t;
  t.set_question_id("k");
  t.set_valid(8);
  t.set_rate_denominator(8);
  v1::ChecklistSubjectTally* s = t.add_checklist();
  s->set_subject_id("p1");
  s->set_blank(1);
  auto* lax = s->add_items();
  lax->set_item_id("lax");
  lax->set_count(2);
  auto* keen = s->add_items();
  keen->set_item_id("keen");
  keen->set_count(5);
  return t;
}

std::string RenderChecklist(const char* locale) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor(locale), spec, IsEnglish(locale)};
  Block root;
  const v1::Question q = Checklist();
  AppendChecklistQuestion(c, &q, ChecklistTally(), &root);
  const std::string out = HtmlOf(root);
  return out;
}

TEST(ChecklistTest, S7_EachItemsCountAndShareWithPolarity) {
  const std::string html = RenderChecklist("zh-CN");
  EXPECT_THAT(html, HasSubstr("<h4>王五</h4>"));
  EXPECT_THAT(html, HasSubstr("<tr data-item=\"lax\"><td>作风漂浮</td><td>反向</td>"
                              "<td class=\"num\">2</td><td class=\"num\">2/8 = 25.0 %</td></tr>"));
  EXPECT_THAT(html, HasSubstr("<td>敬业奉献</td><td>正向</td><td class=\"num\">5</td>"
                              "<td class=\"num\">5/8 = 62.5 %</td>"));
  EXPECT_THAT(html, HasSubstr("<td>未勾选</td><td></td><td class=\"num\">1</td>"
                              "<td class=\"num\">1/8 = 12.5 %</td>"));
}

TEST(ChecklistTest, EnglishWording) {
  const std::string html = RenderChecklist("en");
  EXPECT_THAT(html, HasSubstr("<td>作风漂浮</td><td>negative</td>"));
  EXPECT_THAT(html, HasSubstr("<td>Nothing ticked</td>"));
  EXPECT_THAT(html, HasSubstr("<th>Polarity</th>"));
  EXPECT_THAT(html, Not(HasSubstr("反向")));
}

}  // namespace
}  // namespace gongxin::report::sections
