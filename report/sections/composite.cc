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

void AppendRule(const Context& c, const v1::CompositeResult& r, std::string* out) {
  const v1::CompositeRule* rule = tally::FindCompositeRule(c.spec, r.rule_id());
  const std::string title = rule != nullptr && !rule->title().empty() ? rule->title() : r.rule_id();
  const std::string tag = rule != nullptr && !rule->preset().empty() ? rule->preset() : r.rule_id();
  absl::StrAppend(out, "<div class=\"composite\" data-rule=\"", Escape(r.rule_id()), "\">\n<h3>",
                  Escape(title), c.english ? " (" : "（", Escape(tag), c.english ? ")" : "）",
                  "</h3>\n");
  if (r.take() > 0 && rule != nullptr) {
    absl::StrAppend(out, "<p class=\"take\">",
                    Escape(absl::Substitute(c.m.take_line, rule->take_ratio(), r.take())),
                    "</p>\n");
  }
  absl::StrAppend(out, "<table class=\"composite\">\n<tr><th class=\"num\">", Escape(c.m.rank),
                  "</th><th>", Escape(c.m.name), "</th>");
  if (rule != nullptr) {
    for (const v1::CompositeComponent& comp : rule->components()) {
      absl::StrAppend(out, "<th class=\"exact\">", Escape(comp.label()), " (",
                      Escape(comp.weight()), "%)</th>");
    }
  }
  absl::StrAppend(out, "<th class=\"exact\">", Escape(c.m.composite), "</th><th>",
                  Escape(c.m.flags), "</th></tr>\n");
  for (const v1::CompositeCandidate& cand : r.candidates()) {
    const std::string name = tally::RuleCandidateName(c.spec, rule, cand.candidate_id());
    absl::StrAppend(out, "<tr data-candidate=\"", Escape(cand.candidate_id()), "\"",
                    cand.excluded() ? " class=\"excluded\"" : "",
                    "><td class=\"num\">", cand.rank() == 0 ? "" : absl::StrCat(cand.rank()),
                    "</td><td>", Escape(name), "</td>");
    if (rule != nullptr) {
      for (const v1::CompositeComponent& comp : rule->components()) {
        const auto it = std::find_if(
            cand.components().begin(), cand.components().end(),
            [&](const v1::ComponentScore& s) { return s.component_id() == comp.id(); });
        absl::StrAppend(out, "<td class=\"num exact\">",
                        it == cand.components().end() ? "" : Escape(Points(it->points())),
                        "</td>");
      }
    }
    absl::StrAppend(out, "<td class=\"num exact\"><strong>",
                    cand.composite().empty() ? "" : Escape(Points(cand.composite())),
                    "</strong></td><td>",
                    Escape(absl::StrJoin(Flags(c, rule, cand), c.english ? "; " : "；")),
                    "</td></tr>\n");
  }
  absl::StrAppend(out, "</table>\n</div>\n");
}

}  // namespace

void AppendComposites(const Context& c, const v1::TallyResult& result, std::string* out) {
  if (!result.composites().empty()) {
    absl::StrAppend(out, "<section id=\"composites\">\n<h2>", Escape(c.m.composites_heading),
                    "</h2>\n");
    for (const v1::CompositeResult& r : result.composites()) AppendRule(c, r, out);
    absl::StrAppend(out, "<p class=\"note\">", Escape(c.m.composite_advice), "</p>\n</section>\n");
  }
  if (!result.approved_by().empty()) {
    std::vector<std::string> officers(result.approved_by().begin(), result.approved_by().end());
    absl::StrAppend(out, "<section id=\"approvals\">\n<h2>", Escape(c.m.approvals_heading),
                    "</h2>\n<p class=\"approved-by\">",
                    Escape(absl::Substitute(c.m.approved_by,
                                            absl::StrJoin(officers, c.english ? ", " : "、"))),
                    "</p>\n</section>\n");
  }
}

}  // namespace gongxin::report::sections
