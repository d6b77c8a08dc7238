// Composite rankings (综合得分, rules S-2, S-3, S-9): per rule its candidates
// by rank with each component's points, the composite, and the flags — a
// veto with its reason and the officer who entered it (or the rule that
// raised it), exclusion below the threshold (S-3), missing officer scores,
// the 1:N cut and a tie at it (S-2). Then who approved running the count.
// Composites and flags are advice (rule A8); the section says so.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"
#include "tally/composite.h"
#include "tally/rational.h"

namespace gongxin::report::sections {
namespace {

// Two decimals for reading ("66.67"), with the exact value the ledger holds
// when that is a fraction ("66.67 (200/3)"); text that does not parse is
// shown as it is.
std::string Points(const std::string& exact) {
  const std::string decimal = tally::DecimalOf(exact, 2);
  if (decimal.empty()) return exact;
  return absl::StrContains(exact, "/") ? absl::StrCat(decimal, " (", exact, ")") : decimal;
}

// The flags of one candidate, each a short phrase.
std::vector<std::string> Flags(const Context& c, const v1::CompositeRule* rule,
                               const v1::CompositeCandidate& cand) {
  std::vector<std::string> flags;
  for (const v1::Veto& v : cand.vetoes()) {
    flags.push_back(absl::Substitute(c.m.vetoed, v.reason(), v.officer()));
  }
  if (cand.excluded()) {
    flags.push_back(absl::Substitute(c.m.excluded_below,
                                     rule != nullptr ? rule->exclude_below() : "?"));
  }
  if (!cand.missing().empty()) {
    flags.push_back(absl::Substitute(c.m.missing_scores, absl::StrJoin(cand.missing(), ", ")));
  }
  if (cand.tied_at_cut()) flags.push_back(c.m.tied_at_cut);
  if (cand.within_take() && rule != nullptr) {
    flags.push_back(absl::Substitute(c.m.within_take, rule->take_ratio()));
  }
  return flags;
}

void AppendRule(const Context& c, const v1::CompositeResult& r, Block* out) {
  const v1::CompositeRule* rule = tally::FindCompositeRule(c.spec, r.rule_id());
  const std::string title = rule != nullptr && !rule->title().empty() ? rule->title() : r.rule_id();
  const std::string tag = rule != nullptr && !rule->preset().empty() ? rule->preset() : r.rule_id();
  Block& section = AddSection(out, "composite",
                              absl::StrCat(title, c.english ? " (" : "（", tag,
                                           c.english ? ")" : "）"));
  section.data.push_back({"rule", r.rule_id()});
  if (r.take() > 0 && rule != nullptr) {
    AddParagraph(&section, "take", absl::Substitute(c.m.take_line, rule->take_ratio(), r.take()));
  }
  if (rule != nullptr && rule->by_panel()) AppendPanelLines(c, *rule, &section);
  const bool graded = rule != nullptr && !rule->grade_bands().empty();
  Block& table = AddTable(&section, "composite");
  table.table.header = {{c.m.rank, true}, {c.m.name}};
  if (graded) table.table.header.push_back({c.m.grade});
  if (rule != nullptr) {
    for (const v1::CompositeComponent& comp : rule->components()) {
      table.table.header.push_back(
          {absl::StrCat(comp.label(), " (", comp.weight(), "%)"), false, "exact"});
    }
  }
  table.table.header.push_back({c.m.composite, false, "exact"});
  table.table.header.push_back({c.m.flags});
  const std::string form_id = rule != nullptr ? rule->form_id() : "";
  const std::string question_id = rule != nullptr ? rule->question_id() : "";
  auto decimal = [](const std::string& exact) { return tally::DecimalOf(exact, 2); };
  for (const v1::CompositeCandidate& cand : r.candidates()) {
    const std::string name = tally::RuleCandidateName(c.spec, rule, cand.candidate_id());
    Row row;
    row.role = cand.excluded() ? "excluded" : "";
    row.data.push_back({"candidate", cand.candidate_id()});
    row.cells = {{cand.rank() == 0 ? "" : absl::StrCat(cand.rank()), true}, {name}};
    if (graded) row.cells.push_back({cand.grade()});
    if (rule != nullptr) {
      for (const v1::CompositeComponent& comp : rule->components()) {
        const auto it = std::find_if(
            cand.components().begin(), cand.components().end(),
            [&](const v1::ComponentScore& s) { return s.component_id() == comp.id(); });
        std::string cell;
        if (it != cand.components().end()) {
          cell = it->inspectors() == 0
                     ? Points(it->points())
                     : absl::Substitute(c.m.panel_cell, Points(it->points()), it->inspectors());
        }
        row.cells.push_back({std::move(cell), true, "exact"});
      }
    }
    Cell composite{cand.composite().empty() ? "" : Points(cand.composite()), true, "exact"};
    composite.strong = true;
    row.cells.push_back(std::move(composite));
    row.cells.push_back({absl::StrJoin(Flags(c, rule, cand), c.english ? "; " : "；")});
    table.table.rows.push_back(std::move(row));

    // For machines: the exact composite and each component, with marks by
    // id, then each veto (post = the officer) and each missing score.
    std::vector<std::string> marks;
    if (cand.within_take()) marks.push_back("within_take");
    if (cand.tied_at_cut()) marks.push_back("tied_at_cut");
    if (cand.excluded()) marks.push_back("excluded");
    if (!cand.vetoes().empty()) marks.push_back("vetoed");
    if (!cand.missing().empty()) marks.push_back("incomplete");
    auto record = [&](std::string kind) {
      Record rec;
      rec.form_id = form_id;
      rec.question_id = question_id;
      rec.kind = std::move(kind);
      rec.candidate_id = cand.candidate_id();
      rec.name = name;
      rec.grade_id = r.rule_id();
      return rec;
    };
    Record total = record("composite");
    total.votes = cand.composite();
    total.vote_rate = cand.composite().empty() ? "" : decimal(cand.composite());
    total.rank = cand.rank() == 0 ? "" : absl::StrCat(cand.rank());
    total.grade = absl::StrJoin(marks, " ");
    table.records.push_back(std::move(total));
    if (!cand.grade().empty()) {
      // 等次 beside the rank: the label in grade, the rank in rank.
      Record grade = record("composite_grade");
      grade.votes = cand.composite();
      grade.rank = cand.rank() == 0 ? "" : absl::StrCat(cand.rank());
      grade.grade = cand.grade();
      table.records.push_back(std::move(grade));
    }
    for (const v1::ComponentScore& s : cand.components()) {
      Record part = record("component");
      part.votes = s.points();
      part.vote_rate = decimal(s.points());
      part.grade = s.component_id();
      // A panel's aggregate: how many inspectors' scores it averages.
      if (s.inspectors() > 0) part.rate_denominator = absl::StrCat(s.inspectors());
      table.records.push_back(std::move(part));
    }
    for (const v1::Veto& v : cand.vetoes()) {
      Record veto = record("veto");
      veto.post = v.officer();
      veto.grade = v.reason();
      table.records.push_back(std::move(veto));
    }
    for (const std::string& m : cand.missing()) {
      Record missing = record("missing");
      missing.grade = m;
      table.records.push_back(std::move(missing));
    }
  }
}

}  // namespace

void AppendComposites(const Context& c, const v1::TallyResult& result, Block* out) {
  if (!result.composites().empty()) {
    Block& section = AddSection(out, "", c.m.composites_heading);
    section.id = "composites";
    for (const v1::CompositeResult& r : result.composites()) AppendRule(c, r, &section);
    AddParagraph(&section, "note", c.m.composite_advice);
  }
  if (!result.approved_by().empty()) {
    std::vector<std::string> officers(result.approved_by().begin(), result.approved_by().end());
    Block& section = AddSection(out, "", c.m.approvals_heading);
    section.id = "approvals";
    Block& line = AddParagraph(
        &section, "approved-by",
        absl::Substitute(c.m.approved_by, absl::StrJoin(officers, c.english ? ", " : "、")));
    for (int i = 0; i < result.approved_by_size(); ++i) {
      Record r;
      r.kind = "approved_by";
      r.name = result.approved_by(i);
      r.rank = absl::StrCat(i + 1);
      line.records.push_back(std::move(r));
    }
  }
}

}  // namespace gongxin::report::sections
