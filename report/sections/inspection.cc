// Inspectors' scores (考察组逐项打分) and recusals (考察回避), issue 16: under
// a by_panel rule the panel's size and aggregation and who is recused from
// whom; in the full variant each inspector's own sheet, so the aggregate in
// the ranking can be redone by hand from the sheets.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/sections/sections.h"
#include "report/view.h"
#include "tally/composite.h"
#include "tally/inspection.h"
#include "tally/rational.h"

namespace gongxin::report::sections {
namespace {

std::string InspectorLabel(const v1::MeetingSpec& spec, const std::string& name) {
  for (const v1::Inspector& i : spec.inspection().inspectors()) {
    if (i.name() == name && !i.label().empty()) return absl::StrCat(i.label(), " (", name, ")");
  }
  return name;
}

std::string ReasonName(const Context& c, v1::RecusalReason reason) {
  switch (reason) {
    case v1::RECUSAL_REASON_KINSHIP:
      return c.m.recusal_kinship;
    case v1::RECUSAL_REASON_WORK:
      return c.m.recusal_work;
    default:
      return c.m.recusal_other;
  }
}

// Exact values as entered ("87.5"), with two decimals beside a fraction.
std::string Exact(const std::string& value) {
  const std::string decimal = tally::DecimalOf(value, 2);
  return decimal.empty() || value.find('/') == std::string::npos
             ? value
             : absl::StrCat(decimal, " (", value, ")");
}

void AppendSheet(const Context& c, const v1::CompositeRule& rule, const std::string& inspector,
                 const std::map<std::pair<std::string, std::string>, const InspectorScore*>& by,
                 Block* out) {
  Block& section = AddSection(
      out, "inspector-sheet",
      absl::Substitute(c.m.sheet_title, InspectorLabel(c.spec, inspector), rule.title()));
  section.data.push_back({"inspector", inspector});
  Block& table = AddTable(&section, "inspector-sheet");
  table.table.header = {{c.m.name}};
  for (const v1::CompositeComponent& comp : rule.components()) {
    if (comp.has_officer()) table.table.header.push_back({comp.label(), false, "exact"});
  }
  for (const v1::Candidate* cand : tally::RuleCandidates(c.spec, rule)) {
    const bool recused = tally::FindRecusal(c.spec, inspector, cand->id()) != nullptr;
    Row row;
    row.data.push_back({"candidate", cand->id()});
    row.cells = {{cand->name().empty() ? cand->id() : cand->name()}};
    for (const v1::CompositeComponent& comp : rule.components()) {
      if (!comp.has_officer()) continue;
      auto it = by.find({cand->id(), comp.id()});
      if (recused) {
        row.cells.push_back({c.m.sheet_recused});
        continue;
      }
      row.cells.push_back({it == by.end() ? "" : Exact(it->second->value), true, "exact"});
      if (it == by.end()) continue;
      // For machines: rule in grade_id, indicator in question_id, the
      // inspector in post, the value in votes, its ledger entry in rank.
      Record r;
      r.kind = "inspector_score";
      r.candidate_id = cand->id();
      r.name = row.cells.front().text;
      r.grade_id = rule.id();
      r.question_id = comp.id();
      r.post = inspector;
      r.votes = it->second->value;
      r.rank = absl::StrCat(it->second->seq);
      table.records.push_back(std::move(r));
    }
    table.table.rows.push_back(std::move(row));
  }
}

}  // namespace

void AppendPanelLines(const Context& c, const v1::CompositeRule& rule, Block* out) {
  const v1::InspectorPanel& panel = c.spec.inspection();
  std::vector<std::string> names;
  for (const v1::Inspector& i : panel.inspectors()) names.push_back(InspectorLabel(c.spec, i.name()));
  AddParagraph(out, "panel",
               absl::Substitute(c.m.panel_line, panel.inspectors_size(),
                                panel.aggregation() == v1::INSPECTOR_AGGREGATION_TRIMMED_MEAN
                                    ? c.m.aggregation_trimmed
                                    : c.m.aggregation_mean,
                                absl::StrJoin(names, c.english ? ", " : "、")));
  for (const v1::InspectorRecusal& r : panel.recusals()) {
    std::string reason = ReasonName(c, r.reason());
    if (!r.note().empty()) absl::StrAppend(&reason, c.english ? ": " : "：", r.note());
    Block& line = AddParagraph(
        out, "recusal",
        absl::Substitute(c.m.recusal_line, InspectorLabel(c.spec, r.inspector()),
                         tally::RuleCandidateName(c.spec, &rule, r.candidate_id()), reason));
    Record rec;
    rec.kind = "recusal";
    rec.grade_id = rule.id();
    rec.candidate_id = r.candidate_id();
    rec.name = tally::RuleCandidateName(c.spec, &rule, r.candidate_id());
    rec.post = r.inspector();
    rec.grade = std::string(tally::RecusalReasonKey(r.reason()));
    line.records.push_back(std::move(rec));
  }
}

void AppendInspectorSheets(const Context& c, const std::vector<InspectorScore>& scores,
                           Block* out) {
  bool any_panel = false;
  for (const v1::CompositeRule& rule : c.spec.composites()) any_panel |= rule.by_panel();
  if (!any_panel) return;
  Block& section = AddSection(out, "", c.m.sheets_heading);
  section.id = "inspector-sheets";
  AddParagraph(&section, "note", c.m.sheets_note);
  for (const v1::CompositeRule& rule : c.spec.composites()) {
    if (!rule.by_panel()) continue;
    for (const v1::Inspector& inspector : c.spec.inspection().inspectors()) {
      std::map<std::pair<std::string, std::string>, const InspectorScore*> by;
      for (const InspectorScore& s : scores) {
        if (s.rule_id == rule.id() && s.inspector == inspector.name()) {
          by[{s.candidate_id, s.indicator_id}] = &s;
        }
      }
      AppendSheet(c, rule, inspector.name(), by, &section);
    }
  }
}

}  // namespace gongxin::report::sections
