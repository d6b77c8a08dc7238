// Score corrections (issue 14) in the full variant: a corrected score is
// visible as such, with both officers and the reason, so nobody reads the
// composite without knowing a score was changed after it was entered.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "report/sections/sections.h"
#include "report/view.h"
#include "tally/composite.h"

namespace gongxin::report::sections {
namespace {

// The indicator's label in `rule_id`, or its id.
std::string IndicatorLabel(const v1::MeetingSpec& spec, const std::string& rule_id,
                           const std::string& indicator_id) {
  const v1::CompositeRule* rule = tally::FindCompositeRule(spec, rule_id);
  const v1::CompositeComponent* comp =
      rule == nullptr ? nullptr : tally::FindComponent(*rule, indicator_id);
  return comp == nullptr || comp->label().empty() ? indicator_id : comp->label();
}

}  // namespace

void AppendCorrections(const Context& c, const std::vector<ScoreCorrection>& corrections,
                       Block* out) {
  if (corrections.empty()) return;
  Block& section = AddSection(out, "", c.m.corrections_heading);
  section.id = "corrections";
  AddParagraph(&section, "note", c.m.corrections_note);
  Block& table = AddTable(&section, "corrections");
  table.table.header = {{c.m.name},           {c.m.correction_indicator},
                        {c.m.correction_old, false, "exact"},
                        {c.m.correction_new, false, "exact"},
                        {c.m.correction_reason},
                        {c.m.correction_proposer},
                        {c.m.correction_approver}};
  for (const ScoreCorrection& k : corrections) {
    const v1::CompositeRule* rule = tally::FindCompositeRule(c.spec, k.rule_id);
    const std::string name = tally::RuleCandidateName(c.spec, rule, k.candidate_id);
    Row row;
    row.data.push_back({"candidate", k.candidate_id});
    row.cells = {{name},
                 {k.inspector.empty()
                      ? IndicatorLabel(c.spec, k.rule_id, k.indicator_id)
                      : absl::StrCat(IndicatorLabel(c.spec, k.rule_id, k.indicator_id), " · ",
                                     k.inspector)},
                 {k.old_value, true, "exact"},
                 {k.new_value, true, "exact"},
                 {k.reason},
                 {k.proposer},
                 {k.approver}};
    table.table.rows.push_back(std::move(row));
    // For machines: rule in grade_id as for the composite, indicator in
    // question_id, old → new in votes / vote_rate, officers in post, the
    // proposal's ledger entry in rank.
    Record r;
    r.kind = "correction";
    r.candidate_id = k.candidate_id;
    r.name = name;
    r.grade_id = k.rule_id;
    r.question_id = k.indicator_id;
    r.votes = k.old_value;
    r.vote_rate = k.new_value;
    r.grade = k.reason;
    r.post = absl::StrCat(k.proposer, " / ", k.approver);
    r.rank = absl::StrCat(k.proposal_seq);
    table.records.push_back(std::move(r));
  }
}

}  // namespace gongxin::report::sections
