// Score corrections in the full variant (issue 14): each approved correction
// with old and new value, reason, proposer and approver, in both languages;
// the public variant shows none.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/result_report.h"
#include "report/sections/sections.h"
#include "tests/report/report_sample.h"
#include "tests/report/sections/html_of.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ScoreCorrection Sample() {
  ScoreCorrection c;
  c.rule_id = "s2";
  c.candidate_id = "c1";
  c.indicator_id = "basic_quality";
  c.old_value = "80";
  c.new_value = "60";
  c.reason = "录入时把 60 误录为 80";
  c.proposer = "officer-1";
  c.approver = "officer-2";
  c.proposal_seq = 40;
  c.approval_seq = 41;
  return c;
}

// The sample's 局长 question under rule s2 with the officer indicator
// basic_quality (基本素质测评), so the section shows names and labels.
v1::MeetingSpec SpecWithRule() {
  v1::MeetingSpec spec = testing::ReportSpec();
  v1::CompositeRule* rule = spec.add_composites();
  rule->set_id("s2");
  rule->set_form_id("rec");
  rule->set_question_id("head");
  v1::CompositeComponent* quality = rule->add_components();
  quality->set_id("basic_quality");
  quality->set_label("基本素质测评");
  quality->mutable_officer();
  return spec;
}

TEST(CorrectionsTest, FullReportListsOldNewReasonAndBothOfficers) {
  for (const char* locale : {"zh-CN", "en"}) {
    const Messages& m = MessagesFor(locale);
    const v1::MeetingSpec spec = SpecWithRule();
    const Context c{m, spec, IsEnglish(locale)};
    Block root;
    AppendCorrections(c, {Sample()}, &root);
    const std::string html = HtmlOf(root, 1);
    EXPECT_THAT(html, HasSubstr(m.corrections_heading)) << locale;
    EXPECT_THAT(html, HasSubstr(m.correction_approver));
    EXPECT_THAT(html, HasSubstr("<td>张伟</td><td>基本素质测评</td>"));  // c1, by name
    for (const char* text : {">80<", ">60<", "录入时把 60 误录为 80", "officer-1", "officer-2"}) {
      EXPECT_THAT(html, HasSubstr(text)) << locale;
    }
  }
  EXPECT_THAT(std::string(MessagesFor("zh-CN").corrections_heading), HasSubstr("更正"));
}

TEST(CorrectionsTest, OnlyTheFullVariantShowsCorrections) {
  ResultReportInput in = testing::ReportInput();
  in.corrections = {Sample()};
  ASSERT_OK_AND_ASSIGN(std::string pub, RenderResultHtml(in));
  EXPECT_THAT(pub, Not(HasSubstr("误录")));
  in.variant = Variant::kFull;
  ASSERT_OK_AND_ASSIGN(std::string full, RenderResultHtml(in));
  EXPECT_THAT(full, HasSubstr("误录"));
  EXPECT_THAT(full, HasSubstr("id=\"corrections\""));
}

}  // namespace
}  // namespace gongxin::report::sections
