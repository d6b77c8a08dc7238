// Which tables a question gets: by the spec's kind, or by the tally's shape
// when the spec lacks the question, with the counting rules' additions.
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

std::string RenderQuestion(const v1::MeetingSpec& spec, const v1::Form* form,
                   const v1::QuestionTally& tally) {
  const Context c{MessagesFor("zh-CN"), spec, false};
  Block root;
  AppendQuestion(c, form, tally, &root);
  const std::string out = HtmlOf(root);
  return out;
}

TEST(QuestionTest, GradedQuestionGetsItsRatesAndFlags) {
  const v1::MeetingSpec spec = testing::ReportSpec();
  v1::QuestionTally q = testing::ReportResult().forms(1).questions(0);
  v1::Rate* r = q.mutable_subjects(0)->add_rates();
  r->set_id("excellent");
  r->set_num(15);
  r->set_den(27);
  v1::Flag* f = q.add_flags();
  f->set_rule_id("C3");
  f->set_subject_id("s1");
  const std::string html = RenderQuestion(spec, &spec.forms(1), q);
  EXPECT_THAT(html, HasSubstr("<table class=\"grades\">"));
  EXPECT_THAT(html, HasSubstr("15/27 = 55.6 %"));
  EXPECT_THAT(html, HasSubstr("data-rule=\"C3\""));
}

TEST(QuestionTest, WithoutTheSpecTheTallysShapeChoosesTheTables) {
  const v1::MeetingSpec spec;  // knows no form or question
  v1::QuestionTally decision;
  decision.set_question_id("vote");
  decision.mutable_decision()->set_due(5);
  decision.mutable_decision()->add_candidates()->set_candidate_id("p1");
  EXPECT_THAT(RenderQuestion(spec, nullptr, decision), HasSubstr("<table class=\"decision\">"));

  v1::QuestionTally element;
  element.add_elements()->set_element_id("morals");
  EXPECT_THAT(RenderQuestion(spec, nullptr, element), HasSubstr("data-element=\"morals\""));

  v1::QuestionTally checklist;
  checklist.add_checklist()->set_subject_id("p1");
  EXPECT_THAT(RenderQuestion(spec, nullptr, checklist), HasSubstr("<table class=\"checklist\""));

  v1::QuestionTally approval;
  approval.add_candidates()->set_candidate_id("c1");
  const std::string html = RenderQuestion(spec, nullptr, approval);
  EXPECT_THAT(html, HasSubstr("<table class=\"ranking\">"));
  EXPECT_THAT(html, Not(HasSubstr("本版本报告不能显示"))) << "an approval table is known";
}

}  // namespace
}  // namespace gongxin::report::sections
