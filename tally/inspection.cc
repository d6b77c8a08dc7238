// The inspector panel: validation, recusal lookups and the aggregation.
#include "tally/inspection.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

bool RuleListsCandidate(const v1::MeetingSpec& spec, const v1::CompositeRule& rule,
                        absl::string_view id) {
  for (const v1::Candidate* c : RuleCandidates(spec, rule)) {
    if (c->id() == id) return true;
  }
  return false;
}

}  // namespace

bool IsInspector(const v1::MeetingSpec& spec, absl::string_view name) {
  for (const v1::Inspector& i : spec.inspection().inspectors()) {
    if (i.name() == name) return true;
  }
  return false;
}

const v1::InspectorRecusal* FindRecusal(const v1::MeetingSpec& spec, absl::string_view inspector,
                                        absl::string_view candidate_id) {
  for (const v1::InspectorRecusal& r : spec.inspection().recusals()) {
    if (r.inspector() == inspector && r.candidate_id() == candidate_id) return &r;
  }
  return nullptr;
}

std::vector<std::string> ScoringInspectors(const v1::MeetingSpec& spec,
                                           absl::string_view candidate_id) {
  std::vector<std::string> out;
  for (const v1::Inspector& i : spec.inspection().inspectors()) {
    if (FindRecusal(spec, i.name(), candidate_id) == nullptr) out.push_back(i.name());
  }
  return out;
}

int MinScoringInspectors(v1::InspectorAggregation aggregation) {
  return aggregation == v1::INSPECTOR_AGGREGATION_TRIMMED_MEAN ? 3 : 1;
}

Rational AggregateScores(v1::InspectorAggregation aggregation, std::vector<Rational> scores) {
  if (aggregation == v1::INSPECTOR_AGGREGATION_TRIMMED_MEAN && scores.size() >= 3) {
    std::sort(scores.begin(), scores.end());
    scores = std::vector<Rational>(scores.begin() + 1, scores.end() - 1);
  }
  if (scores.empty()) return 0;
  Rational sum = 0;
  for (const Rational& s : scores) sum = sum + s;
  return sum / Rational(static_cast<int64_t>(scores.size()));
}

absl::string_view RecusalReasonKey(v1::RecusalReason reason) {
  switch (reason) {
    case v1::RECUSAL_REASON_KINSHIP:
      return "kinship";
    case v1::RECUSAL_REASON_WORK:
      return "work";
    case v1::RECUSAL_REASON_OTHER:
      return "other";
    default:
      return "";
  }
}

absl::Status ValidateInspection(const v1::MeetingSpec& spec) {
  const v1::InspectorPanel& panel = spec.inspection();
  constexpr absl::string_view kPath = "spec.inspection";
  if (panel.inspectors_size() > kMaxInspectors) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.inspectors: at most %d (got %d)", kPath,
                                                      kMaxInspectors, panel.inspectors_size()));
  }
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < panel.inspectors_size(); ++i) {
    const v1::Inspector& inspector = panel.inspectors(i);
    const std::string path = absl::StrCat(kPath, ".inspectors[", i, "]");
    RETURN_IF_ERROR(ValidateText(path + ".name", inspector.name(),
                                 {.required = true, .max_chars = kMaxInspectorNameChars}));
    RETURN_IF_ERROR(ValidateText(path + ".label", inspector.label(),
                                 {.required = false, .max_chars = 100}));
    if (!names.insert(inspector.name()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".name: ", Quote(inspector.name()), " is listed twice"));
    }
  }
  std::vector<const v1::CompositeRule*> panel_rules;
  for (const v1::CompositeRule& rule : spec.composites()) {
    if (rule.by_panel()) panel_rules.push_back(&rule);
  }
  if (panel.inspectors().empty()) {
    if (!panel_rules.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "spec.composites: rule ", panel_rules.front()->id(),
          " is scored by the inspectors' panel (by_panel), but spec.inspection names no inspector"));
    }
    if (!panel.recusals().empty() ||
        panel.aggregation() != v1::INSPECTOR_AGGREGATION_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat(kPath, ".inspectors: required when the panel sets anything else"));
    }
    return absl::OkStatus();
  }
  if (panel_rules.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        kPath, ": no composite rule is scored by the panel; set by_panel on the rule it scores"));
  }
  if (panel.aggregation() != v1::INSPECTOR_AGGREGATION_MEAN &&
      panel.aggregation() != v1::INSPECTOR_AGGREGATION_TRIMMED_MEAN) {
    return absl::InvalidArgumentError(
        absl::StrCat(kPath, ".aggregation: must be MEAN or TRIMMED_MEAN"));
  }
  absl::flat_hash_set<std::string> pairs;
  for (int i = 0; i < panel.recusals_size(); ++i) {
    const v1::InspectorRecusal& r = panel.recusals(i);
    const std::string path = absl::StrCat(kPath, ".recusals[", i, "]");
    if (!names.contains(r.inspector())) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".inspector: ", Quote(r.inspector()),
                                                     " is not an inspector of the panel"));
    }
    bool known = false;
    for (const v1::CompositeRule* rule : panel_rules) {
      known |= RuleListsCandidate(spec, *rule, r.candidate_id());
    }
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".candidate_id: ", Quote(r.candidate_id()),
          " is not a candidate of a rule the panel scores"));
    }
    if (RecusalReasonKey(r.reason()).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".reason: must be KINSHIP, WORK or OTHER"));
    }
    RETURN_IF_ERROR(ValidateText(
        path + ".note", r.note(),
        {.required = r.reason() == v1::RECUSAL_REASON_OTHER, .max_chars = kMaxRecusalNoteChars}));
    if (!pairs.insert(absl::StrCat(r.inspector(), "\n", r.candidate_id())).second) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", r.inspector(),
                                                     " is already recused from ",
                                                     r.candidate_id()));
    }
  }
  const int need = MinScoringInspectors(panel.aggregation());
  for (const v1::CompositeRule* rule : panel_rules) {
    for (const v1::Candidate* c : RuleCandidates(spec, *rule)) {
      const size_t scoring = ScoringInspectors(spec, c->id()).size();
      if (scoring < static_cast<size_t>(need)) {
        return absl::InvalidArgumentError(absl::StrCat(
            kPath, ": candidate ", c->id(), " of rule ", rule->id(), " keeps ", scoring,
            " inspector(s) after recusals; ",
            need == 3 ? "the trimmed mean drops the highest and the lowest score, so it needs 3"
                      : "the mean needs 1"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
