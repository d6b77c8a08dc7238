// 票决 tables (rules B1–B7): turnout and quorum, the passing rule, per
// candidate the votes, the agree share of its own denominator, the agree
// votes needed and the outcome; a competitive vote's winner or tie.
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

v1::Question Decision() {
  v1::Question q;
  q.set_id("vote");
  q.set_title("拟任人选表决");
  auto* d = q.mutable_decision();
  auto* p1 = d->add_candidates();
  p1->set_id("p1");
  p1->set_name("张三");
  p1->set_current_post("副局长");
  p1->set_proposed_post("局长");
  auto* p2 = d->add_candidates();
  p2->set_id("p2");
  p2->set_name("李四");
  return q;
}

v1::DecisionCandidateTally* Add(v1::DecisionTally* d, const char* id, uint32_t agree,
                                uint32_t disagree, uint32_t abstain, uint32_t den, uint32_t needed,
                                v1::DecisionOutcome outcome) {
  auto* t = d->add_candidates();
  t->set_candidate_id(id);
  t->set_agree(agree);
  t->set_disagree(disagree);
  t->set_abstain(abstain);
  t->set_pass_denominator(den);
  t->set_pass_needed(needed);
  t->set_outcome(outcome);
  return t;
}

// 11 due, 9 present, quorum ⌈2/3·11⌉ = 8: met. 张三 6 agree of 11 due, more
// than half needs 6: 6/11 = 54.5 %, passed. 李四 recused by one member: 3 of
// 10 = 30.0 %, needs 6, not passed.
v1::QuestionTally DecisionTally() {
  v1::QuestionTally t;
  t.set_question_id("vote");
  t.set_valid(9);
  v1::DecisionTally* d = t.mutable_decision();
  d->set_due(11);
  d->set_present(9);
  d->set_quorum_needed(8);
  d->set_quorum_met(true);
  Add(d, "p1", 6, 2, 1, 11, 6, v1::DECISION_OUTCOME_PASSED);
  Add(d, "p2", 3, 5, 1, 10, 6, v1::DECISION_OUTCOME_NOT_PASSED);
  return t;
}

std::string RenderDecision(const char* locale, const v1::Question& q, const v1::QuestionTally& t,
                   bool compact = false) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor(locale), spec, IsEnglish(locale), compact};
  Block root;
  AppendDecisionQuestion(c, &q, t, &root);
  const std::string out = HtmlOf(root);
  return out;
}

TEST(DecisionTest, B1_B2_TurnoutQuorumPassingRuleAndOutcomesInChinese) {
  const std::string html = RenderDecision("zh-CN", Decision(), DecisionTally());
  EXPECT_THAT(html, HasSubstr("应到会 11 人，实到 9 人；法定人数 8 人（已达到）"));
  EXPECT_THAT(html, HasSubstr("通过条件：同意票 &gt; 1/2 应到会人数"))
      << "rule B2's default when the spec leaves the fraction unset";
  EXPECT_THAT(html, HasSubstr("<tr data-candidate=\"p1\" data-outcome=\"passed\"><td>张三</td>"
                              "<td>副局长</td><td>局长</td><td class=\"num\">6</td>"
                              "<td class=\"num\">2</td><td class=\"num\">1</td>"
                              "<td class=\"num\">0</td><td class=\"num exact\">6/11 = 54.5 %</td>"
                              "<td class=\"num\">6/11</td><td>通过</td></tr>"));
  EXPECT_THAT(html, HasSubstr("3/10 = 30.0 %</td><td class=\"num\">6/10</td><td>未通过</td>"))
      << "李四's share is of his own denominator (one member recused)";
  EXPECT_THAT(html, HasSubstr("有效票 9 张（含弃权 0 张），废票 0 张"));
  EXPECT_THAT(html, HasSubstr("规则 A8"));
  EXPECT_THAT(html, Not(HasSubstr(">缓议<"))) << "no defer column unless allowed (B3)";
}

TEST(DecisionTest, AgreeBarsAreScaledToEachCandidatesDenominator) {
  const std::string html = RenderDecision("zh-CN", Decision(), DecisionTally());
  EXPECT_THAT(html, HasSubstr("<figure class=\"chart agree\">"));
  EXPECT_THAT(html, HasSubstr("6 票 · 54.5%"));
  EXPECT_THAT(html, HasSubstr("3 票 · 30.0%"));
  EXPECT_THAT(RenderDecision("zh-CN", Decision(), DecisionTally(), /*compact=*/true), Not(HasSubstr("<svg")))
      << "per-group (compact) tables carry no charts";
}

TEST(DecisionTest, EnglishWordingAndPresentBasisWithDefer) {
  v1::Question q = Decision();
  q.mutable_decision()->set_allow_defer(true);
  q.mutable_decision()->set_pass_basis(v1::DECISION_BASIS_PRESENT);
  q.mutable_decision()->mutable_pass()->set_numerator(2);
  q.mutable_decision()->mutable_pass()->set_denominator(3);
  q.mutable_decision()->mutable_pass()->set_inclusive(true);
  v1::QuestionTally t = DecisionTally();
  t.mutable_decision()->set_quorum_met(false);
  t.mutable_decision()->mutable_candidates(0)->set_defer(2);
  t.mutable_decision()->mutable_candidates(0)->set_outcome(v1::DECISION_OUTCOME_NO_QUORUM);
  const std::string html = RenderDecision("en", q, t);
  EXPECT_THAT(html, HasSubstr("Due 11, present 9; quorum 8 present (NOT met)"));
  EXPECT_THAT(html, HasSubstr("Passing: agree ≥ 2/3 of those present"));
  EXPECT_THAT(html, HasSubstr("<th class=\"num\">Defer</th>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1</td><td class=\"num\">2</td>"
                              "<td class=\"num\">0</td>"))
      << "abstain 1, defer 2, unmarked 0 in that order";
  EXPECT_THAT(html, HasSubstr("<td>no quorum</td>"));
  EXPECT_THAT(html, Not(HasSubstr("通过")));
}

TEST(DecisionTest, B7_CompetitiveTieAndWinner) {
  v1::Question q = Decision();
  q.mutable_decision()->set_competitive(true);
  q.mutable_decision()->set_post("局长");
  v1::QuestionTally t = DecisionTally();
  t.mutable_decision()->mutable_candidates(0)->set_rank(1);
  t.mutable_decision()->mutable_candidates(1)->set_rank(1);
  t.mutable_decision()->set_competitive_outcome(v1::COMPETITIVE_OUTCOME_TIE_REVOTE);
  t.mutable_decision()->add_tied_ids("p1");
  t.mutable_decision()->add_tied_ids("p2");
  std::string html = RenderDecision("zh-CN", q, t);
  EXPECT_THAT(html, HasSubstr("差额票决：局长，每票最多同意 1 人"));
  EXPECT_THAT(html, HasSubstr("<th class=\"num\">排名</th>"));
  EXPECT_THAT(html, HasSubstr("张三、李四 得票相同并列第一，应在并列者中再次投票"));
  EXPECT_THAT(RenderDecision("en", q, t), HasSubstr("Tied at the top: 张三, 李四 — revote among them"));
  t.mutable_decision()->clear_tied_ids();
  t.mutable_decision()->set_competitive_outcome(v1::COMPETITIVE_OUTCOME_WINNER);
  t.mutable_decision()->set_winner_id("p1");
  EXPECT_THAT(RenderDecision("zh-CN", q, t), HasSubstr("得票最多且达到通过票数：张三"));
}

}  // namespace
}  // namespace gongxin::report::sections
