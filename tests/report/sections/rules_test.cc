// Per-group tables (small-group protection): a shown group's questions are
// rendered with the same tables as the whole form, compact and with the
// group's own flags; a suppressed group shows only its reason, never its
// questions; a form without a per-group tally says why.
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

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// The sample's assessment form split in two groups: 领导班子成员 (10 ballots:
// 赵敏 6/3/1 → 6/10 = 60.0 % 胜任, with a flag) and 一般干部, suppressed (3
// ballots), whose tally still carries a question with a telltale subject
// count of 3 — it must never reach the page.
class GroupTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = testing::ReportSpec();
    form_ = testing::ReportResult().forms(1);
    v1::GroupTally* leaders = form_.add_groups();
    leaders->set_group("leaders");
    leaders->set_due(12);
    leaders->set_issued(10);
    leaders->set_returned(10);
    v1::QuestionTally* q = leaders->add_questions();
    q->set_question_id("work");
    q->set_valid(10);
    q->set_rate_denominator(10);
    q->set_rate_basis("valid");
    v1::SubjectTally* s = q->add_subjects();
    s->set_subject_id("s1");
    for (const auto& [grade, n] : {std::pair{"good", 6u}, {"fair", 3u}, {"poor", 1u}}) {
      auto* g = s->add_grades();
      g->set_grade_id(grade);
      g->set_count(n);
    }
    v1::Rate* pass = s->add_rates();
    pass->set_id("pass");
    pass->set_num(9);
    pass->set_den(10);
    pass->set_basis(v1::RATE_BASIS_VALID);
    v1::Flag* f = q->add_flags();
    f->set_rule_id("S-1b");
    f->set_subject_id("s1");
    f->set_observed_num(4);
    f->set_observed_den(10);
    f->set_comparator(v1::COMPARATOR_GE);
    f->mutable_threshold()->set_num(1);
    f->mutable_threshold()->set_den(3);
    f->set_text_zh("本组基本胜任和不胜任合计达到三分之一");
    v1::GroupTally* staff = form_.add_groups();
    staff->set_group("staff");
    staff->set_suppressed(true);
    staff->set_returned(3);
    staff->set_reason_zh("该组仅 3 张选票，少于 5 张，不公布分组结果");
    staff->set_reason_en("only 3 ballots, fewer than 5: not shown");
    v1::QuestionTally* hidden = staff->add_questions();
    hidden->set_question_id("work");
    hidden->add_subjects()->set_subject_id("secret-subject");
  }

  std::string Render(const char* locale) {
    const Context c{MessagesFor(locale), spec_, IsEnglish(locale)};
    Block root;
    AppendGroups(c, form_, &root);
    const std::string out = HtmlOf(root);
    return out;
  }

  v1::MeetingSpec spec_;
  v1::FormTally form_;
};

TEST_F(GroupTablesTest, ShownGroupHasTheFormsTablesCompactWithItsFlags) {
  const std::string html = Render("zh-CN");
  const size_t at = html.find("<section class=\"group-questions compact\" data-group=\"leaders\">");
  ASSERT_NE(at, std::string::npos) << "the shown group's tables are missing:\n" << html;
  const std::string group = html.substr(at);
  EXPECT_THAT(group, HasSubstr("<h4>领导班子成员（收回 10 张）</h4>"));
  EXPECT_THAT(group, HasSubstr("<table class=\"grades\">"));
  EXPECT_THAT(group, HasSubstr("<td class=\"num\">6 (60.0%)</td>"));
  EXPECT_THAT(group, HasSubstr("9/10 = 90.0 %")) << "the group's rates";
  EXPECT_THAT(group, HasSubstr("data-rule=\"S-1b\"")) << "the group's own flag";
  EXPECT_THAT(group, HasSubstr("40.0% (4/10)"));
  EXPECT_THAT(group, Not(HasSubstr("<svg"))) << "compact group tables carry no charts";
}

TEST_F(GroupTablesTest, SuppressedGroupsQuestionsNeverAppear) {
  for (const char* locale : {"zh-CN", "en"}) {
    const std::string html = Render(locale);
    EXPECT_THAT(html, Not(HasSubstr("secret-subject"))) << locale << ": suppressed tally shown";
    EXPECT_THAT(html, Not(HasSubstr("data-group=\"staff\"><h4>")))
        << locale << ": a suppressed group got a table section";
    EXPECT_EQ(Count(html, "<section class=\"question"), 1)
        << locale << ": only the shown group's question is rendered";
  }
  EXPECT_THAT(Render("en"), HasSubstr("Not shown: only 3 ballots, fewer than 5: not shown"));
}

TEST_F(GroupTablesTest, GroupsReasonIsShownWhenThereIsNoBreakdown) {
  form_.clear_groups();
  form_.set_groups_reason_zh("无记名表发给多个类别，不分组计票");
  form_.set_groups_reason_en("anonymous form given to several groups: no per-group tally");
  EXPECT_THAT(Render("zh-CN"), HasSubstr("无记名表发给多个类别，不分组计票"));
  EXPECT_THAT(Render("en"), HasSubstr("anonymous form given to several groups"));
}

}  // namespace
}  // namespace gongxin::report::sections
