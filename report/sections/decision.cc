// 票决 / 表决 question (rules B1–B7): who was due and present and whether
// the quorum was met, the passing rule, per candidate the agree, disagree,
// abstain (and defer) votes with the denominator the passing fraction is
// taken of and the agree votes needed, the outcome, and for a competitive
// vote (B7) the winner or the tie. A bar per candidate shows the agree
// share of its own denominator. The outcome is advice (rule A8).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"

namespace gongxin::report::sections {
namespace {

std::string OutcomeName(const Context& c, v1::DecisionOutcome outcome) {
  switch (outcome) {
    case v1::DECISION_OUTCOME_PASSED: return c.m.outcome_passed;
    case v1::DECISION_OUTCOME_NOT_PASSED: return c.m.outcome_not_passed;
    case v1::DECISION_OUTCOME_NO_QUORUM: return c.m.outcome_no_quorum;
    default: return "";
  }
}

const char* OutcomeKey(v1::DecisionOutcome outcome) {
  switch (outcome) {
    case v1::DECISION_OUTCOME_PASSED: return "passed";
    case v1::DECISION_OUTCOME_NOT_PASSED: return "not_passed";
    case v1::DECISION_OUTCOME_NO_QUORUM: return "no_quorum";
    default: return "";
  }
}

const v1::Candidate* FindCandidate(const v1::DecisionQuestion& q, absl::string_view id) {
  for (const v1::Candidate& p : q.candidates()) {
    if (p.id() == id) return &p;
  }
  return nullptr;
}

// The question's passing rule, rule B2's default (more than 1/2 of those
// due) when the spec leaves it unset.
std::string PassRule(const Context& c, const v1::DecisionQuestion& q) {
  v1::PassFraction pass = q.pass();
  if (pass.denominator() == 0) {
    pass.set_numerator(1);
    pass.set_denominator(2);
    pass.set_inclusive(false);
  }
  return absl::Substitute(
      c.m.decision_pass_rule,
      absl::StrCat(pass.inclusive() ? "≥" : ">", " ", pass.numerator(), "/", pass.denominator()),
      q.pass_basis() == v1::DECISION_BASIS_PRESENT ? c.m.decision_of_present
                                                   : c.m.decision_of_due);
}

std::string CompetitiveLine(const Context& c, const v1::DecisionQuestion& q,
                            const v1::DecisionTally& d) {
  auto name = [&](const std::string& id) {
    const v1::Candidate* p = FindCandidate(q, id);
    return p != nullptr && !p->name().empty() ? p->name() : id;
  };
  switch (d.competitive_outcome()) {
    case v1::COMPETITIVE_OUTCOME_WINNER:
      return absl::Substitute(c.m.competitive_winner, name(d.winner_id()));
    case v1::COMPETITIVE_OUTCOME_TIE_REVOTE: {
      std::vector<std::string> tied;
      for (const std::string& id : d.tied_ids()) tied.push_back(name(id));
      return absl::Substitute(c.m.competitive_tie, absl::StrJoin(tied, c.english ? ", " : "、"));
    }
    case v1::COMPETITIVE_OUTCOME_NONE_PASSED: return c.m.competitive_none;
    case v1::COMPETITIVE_OUTCOME_NO_QUORUM: return c.m.competitive_no_quorum;
    default: return "";
  }
}

}  // namespace

void AppendDecisionQuestion(const Context& c, const v1::Question* question,
                            const v1::QuestionTally& tally, std::string* out) {
  static const v1::DecisionQuestion kNone;
  const v1::DecisionQuestion& q = question != nullptr ? question->decision() : kNone;
  const v1::DecisionTally& d = tally.decision();
  const bool competitive =
      q.competitive() || d.competitive_outcome() != v1::COMPETITIVE_OUTCOME_UNSPECIFIED;
  AppendQuestionHeading(c, question, tally, "decision", out);
  absl::StrAppend(out, "<p class=\"decision-turnout\" data-quorum-met=\"",
                  d.quorum_met() ? "true" : "false", "\">",
                  Escape(absl::Substitute(c.m.decision_turnout, d.due(), d.present(),
                                          d.quorum_needed(), d.quorum_met() ? c.m.met
                                                                            : c.m.not_met)),
                  "</p>\n<p class=\"basis\">", Escape(PassRule(c, q)), "</p>\n");
  if (q.competitive()) {
    absl::StrAppend(out, "<p class=\"post\">",
                    Escape(absl::Substitute(c.m.competitive_line, q.post(),
                                            q.max_agree() == 0 ? 1 : q.max_agree())),
                    "</p>\n");
  }
  if (!c.compact && !d.candidates().empty()) {
    std::vector<Bar> bars;
    for (const v1::DecisionCandidateTally& t : d.candidates()) {
      bars.push_back(Bar{PersonName(question, t.candidate_id()), t.agree(), t.pass_denominator()});
    }
    const std::string title = question != nullptr ? question->title() : tally.question_id();
    absl::StrAppend(out, "<figure class=\"chart agree\">\n",
                    BarChart(absl::Substitute(c.m.chart_agree, title), bars, 0, c.m.votes_unit),
                    "</figure>\n");
  }
  absl::StrAppend(out, "<table class=\"decision\">\n<tr>");
  auto th = [&](const char* label, bool num) {
    absl::StrAppend(out, num ? "<th class=\"num\">" : "<th>", Escape(label), "</th>");
  };
  if (competitive) th(c.m.rank, true);
  th(c.m.name, false);
  th(c.m.current_post, false);
  th(c.m.proposed_post, false);
  th(c.m.agree, true);
  th(c.m.disagree, true);
  th(c.m.abstain, true);
  if (q.allow_defer()) th(c.m.defer, true);
  th(c.m.unmarked, true);
  th(c.m.agree_share, true);
  th(c.m.needed, true);
  th(c.m.outcome, false);
  absl::StrAppend(out, "</tr>\n");
  for (const v1::DecisionCandidateTally& t : d.candidates()) {
    const v1::Candidate* p = FindCandidate(q, t.candidate_id());
    absl::StrAppend(out, "<tr data-candidate=\"", Escape(t.candidate_id()), "\" data-outcome=\"",
                    OutcomeKey(t.outcome()), "\">");
    if (competitive) absl::StrAppend(out, "<td class=\"num\">", t.rank(), "</td>");
    absl::StrAppend(out, "<td>", Escape(PersonName(question, t.candidate_id())), "</td><td>",
                    Escape(p != nullptr ? p->current_post() : ""), "</td><td>",
                    Escape(p != nullptr ? p->proposed_post() : ""), "</td><td class=\"num\">",
                    t.agree(), "</td><td class=\"num\">", t.disagree(), "</td><td class=\"num\">",
                    t.abstain(), "</td>");
    if (q.allow_defer()) absl::StrAppend(out, "<td class=\"num\">", t.defer(), "</td>");
    absl::StrAppend(out, "<td class=\"num\">", t.blank(), "</td><td class=\"num exact\">",
                    Escape(ExactRate(t.agree(), t.pass_denominator())), "</td><td class=\"num\">",
                    t.pass_needed(), "/", t.pass_denominator(), "</td><td>",
                    Escape(OutcomeName(c, t.outcome())), "</td></tr>\n");
  }
  absl::StrAppend(out, "</table>\n");
  if (const std::string line = CompetitiveLine(c, q, d); !line.empty()) {
    absl::StrAppend(out, "<p class=\"competitive\"><strong>", Escape(line), "</strong></p>\n");
  }
  absl::StrAppend(out, "<p class=\"validity\">",
                  Escape(absl::Substitute(c.m.validity, tally.valid(), tally.blank(),
                                          tally.invalid())),
                  "</p>\n<p class=\"note\">", Escape(c.m.decision_advice), "</p>\n</section>\n");
}

}  // namespace gongxin::report::sections
