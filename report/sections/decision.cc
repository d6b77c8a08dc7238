// 票决 / 表决 question (rules B1–B7): who was due and present and whether
// the quorum was met, the passing rule, per candidate the agree, disagree,
// abstain (and defer) votes with the denominator the passing fraction is
// taken of and the agree votes needed, the outcome, and for a competitive
// vote (B7) the winner or the tie. A bar per candidate shows the agree
// share of its own denominator. The outcome is advice (rule A8).
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"
#include "report/view.h"

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

const char* CompetitiveKey(v1::CompetitiveOutcome outcome) {
  switch (outcome) {
    case v1::COMPETITIVE_OUTCOME_WINNER: return "winner";
    case v1::COMPETITIVE_OUTCOME_TIE_REVOTE: return "tie_revote";
    case v1::COMPETITIVE_OUTCOME_NONE_PASSED: return "none_passed";
    case v1::COMPETITIVE_OUTCOME_NO_QUORUM: return "no_quorum";
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
                            const v1::QuestionTally& tally, Block* out) {
  static const v1::DecisionQuestion kNone;
  const v1::DecisionQuestion& q = question != nullptr ? question->decision() : kNone;
  const v1::DecisionTally& d = tally.decision();
  const bool competitive =
      q.competitive() || d.competitive_outcome() != v1::COMPETITIVE_OUTCOME_UNSPECIFIED;
  Block& section = AddQuestionSection(c, question, tally, "decision", out);
  AddParagraph(&section, "decision-turnout",
               absl::Substitute(c.m.decision_turnout, d.due(), d.present(), d.quorum_needed(),
                                d.quorum_met() ? c.m.met : c.m.not_met))
      .data.push_back({"quorum-met", d.quorum_met() ? "true" : "false"});
  AddParagraph(&section, "basis", PassRule(c, q));
  if (q.competitive()) {
    AddParagraph(&section, "post",
                 absl::Substitute(c.m.competitive_line, q.post(),
                                  q.max_agree() == 0 ? 1 : q.max_agree()));
  }
  if (!c.compact && !d.candidates().empty()) {
    Chart chart;
    chart.title = absl::Substitute(c.m.chart_agree, section.heading);
    for (const v1::DecisionCandidateTally& t : d.candidates()) {
      chart.bars.push_back(
          Bar{PersonName(question, t.candidate_id()), t.agree(), t.pass_denominator()});
    }
    chart.unit = c.m.votes_unit;
    AddChart(&section, "agree", std::move(chart));
  }
  Block& table = AddTable(&section, "decision");
  std::vector<Cell>& header = table.table.header;
  if (competitive) header.push_back({c.m.rank, true});
  header.push_back({c.m.name});
  header.push_back({c.m.current_post});
  header.push_back({c.m.proposed_post});
  header.push_back({c.m.agree, true});
  header.push_back({c.m.disagree, true});
  header.push_back({c.m.abstain, true});
  if (q.allow_defer()) header.push_back({c.m.defer, true});
  header.push_back({c.m.unmarked, true});
  header.push_back({c.m.agree_share, true});
  header.push_back({c.m.needed, true});
  header.push_back({c.m.outcome});
  for (const v1::DecisionCandidateTally& t : d.candidates()) {
    const v1::Candidate* p = FindCandidate(q, t.candidate_id());
    const std::string name = PersonName(question, t.candidate_id());
    Row row;
    row.data = {{"candidate", t.candidate_id()}, {"outcome", OutcomeKey(t.outcome())}};
    if (competitive) row.cells.push_back({absl::StrCat(t.rank()), true});
    row.cells.push_back({name});
    row.cells.push_back({p != nullptr ? p->current_post() : ""});
    row.cells.push_back({p != nullptr ? p->proposed_post() : ""});
    row.cells.push_back({absl::StrCat(t.agree()), true});
    row.cells.push_back({absl::StrCat(t.disagree()), true});
    row.cells.push_back({absl::StrCat(t.abstain()), true});
    if (q.allow_defer()) row.cells.push_back({absl::StrCat(t.defer()), true});
    row.cells.push_back({absl::StrCat(t.blank()), true});
    row.cells.push_back({ExactRate(t.agree(), t.pass_denominator()), true, "exact"});
    row.cells.push_back({absl::StrCat(t.pass_needed(), "/", t.pass_denominator()), true});
    row.cells.push_back({OutcomeName(c, t.outcome())});
    table.table.rows.push_back(std::move(row));
    // Per candidate each count over the pass denominator, then the outcome
    // with the agree votes needed.
    auto record = [&](std::string kind, uint32_t votes) {
      Record r = QuestionRecord(c, question, tally, kind);
      r.candidate_id = t.candidate_id();
      r.name = name;
      r.votes = absl::StrCat(votes);
      r.rate_denominator = absl::StrCat(t.pass_denominator());
      r.rank = q.competitive() ? absl::StrCat(t.rank()) : "";
      return r;
    };
    for (const auto& [kind, label, count] :
         {std::tuple<const char*, const char*, uint32_t>{"agree", c.m.agree, t.agree()},
          {"disagree", c.m.disagree, t.disagree()},
          {"abstain", c.m.abstain, t.abstain()},
          {"defer", c.m.defer, t.defer()},
          {"blank", c.m.unmarked, t.blank()}}) {
      if (std::string_view(kind) == "defer" && !q.allow_defer()) continue;
      Record r = record(kind, count);
      r.vote_rate = PercentNumber(count, t.pass_denominator());
      r.grade_id = kind;
      r.grade = label;
      table.records.push_back(std::move(r));
    }
    Record outcome = record("outcome", t.pass_needed());
    outcome.rank.clear();
    outcome.grade_id = OutcomeKey(t.outcome());
    outcome.grade = OutcomeName(c, t.outcome());
    table.records.push_back(std::move(outcome));
  }
  if (const std::string line = CompetitiveLine(c, q, d); !line.empty()) {
    Block& p = AddParagraph(&section, "competitive", line);
    p.strong = true;
  }
  if (competitive) {
    std::vector<std::string> who;
    if (!d.winner_id().empty()) who.push_back(d.winner_id());
    for (const std::string& id : d.tied_ids()) who.push_back(id);
    Record r = QuestionRecord(c, question, tally, "competitive");
    r.candidate_id = absl::StrJoin(who, " ");
    r.grade_id = CompetitiveKey(d.competitive_outcome());
    section.records.push_back(std::move(r));
  }
  AddCountRecords(c, question, tally,
                  &AddParagraph(&section, "validity",
                                absl::Substitute(c.m.validity, tally.valid(), tally.blank(),
                                                 tally.invalid())));
  AddParagraph(&section, "note", c.m.decision_advice);
}

}  // namespace gongxin::report::sections
