// Validation of counting rules carried in the spec.
#include "tally/rules_spec.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

absl::Status Invalid(const std::string& path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", why));
}

// A rate threshold: 0 ≤ num ≤ den, den > 0.
absl::Status ValidateFraction(const std::string& path, const v1::Fraction& f) {
  if (f.den() == 0) return Invalid(path + ".den", "must be at least 1");
  if (f.num() > f.den()) {
    return Invalid(path, absl::StrFormat("must not exceed 1 (got %d/%d)", f.num(), f.den()));
  }
  return absl::OkStatus();
}

absl::Status ValidateBasis(const std::string& path, v1::RateBasis basis) {
  if (!v1::RateBasis_IsValid(basis)) return Invalid(path, absl::StrCat("unknown value ", basis));
  return absl::OkStatus();
}

bool ScaleHas(const v1::GradedQuestion& q, absl::string_view grade) {
  return std::any_of(q.scale().begin(), q.scale().end(),
                     [&](const v1::Grade& g) { return g.id() == grade; });
}

// Whether `rule` can be evaluated on `question`.
bool RuleFits(const v1::ThresholdRule& rule, const v1::Question& question) {
  switch (rule.measure()) {
    case v1::MEASURE_VOTES:
      return question.has_approval();
    case v1::MEASURE_EXCELLENT:
    case v1::MEASURE_PASS:
      return question.has_graded();
    case v1::MEASURE_GRADES:
      return question.has_graded() &&
             std::all_of(rule.grades().begin(), rule.grades().end(),
                         [&](const std::string& g) { return ScaleHas(question.graded(), g); });
    default:
      return false;
  }
}

absl::Status ValidateRule(const std::string& path, const v1::Form& form,
                          const v1::ThresholdRule& rule) {
  if (rule.measure() == v1::MEASURE_UNSPECIFIED) {
    if (!rule.preset().empty()) {
      return Invalid(path, absl::StrCat("preset ", Quote(rule.preset()),
                                        " was not expanded (ExpandPresets) before validation"));
    }
    return Invalid(path + ".measure", "must be set (grades, excellent, pass or votes)");
  }
  if (!v1::Measure_IsValid(rule.measure())) {
    return Invalid(path + ".measure", absl::StrCat("unknown value ", rule.measure()));
  }
  RETURN_IF_ERROR(ValidateText(path + ".rule_id", rule.rule_id(), {.max_chars = 50}));
  RETURN_IF_ERROR(
      ValidateText(path + ".preset", rule.preset(), {.required = false, .max_chars = 50}));
  RETURN_IF_ERROR(ValidateText(path + ".text_zh", rule.text_zh(), {.max_chars = 200}));
  RETURN_IF_ERROR(
      ValidateText(path + ".text_en", rule.text_en(), {.required = false, .max_chars = 200}));
  RETURN_IF_ERROR(ValidateId(path + ".flag", rule.flag()));
  if (rule.kind() != v1::FLAG_KIND_ADVICE && rule.kind() != v1::FLAG_KIND_VETO) {
    return Invalid(path + ".kind", absl::StrCat("must be advice or veto (got ", rule.kind(), ")"));
  }
  if (rule.comparator() == v1::COMPARATOR_UNSPECIFIED ||
      !v1::Comparator_IsValid(rule.comparator())) {
    return Invalid(path + ".comparator",
                   absl::StrCat("must be ge, gt, le or lt (got ", rule.comparator(), ")"));
  }
  RETURN_IF_ERROR(ValidateFraction(path + ".fraction", rule.fraction()));
  if (rule.basis() == v1::RATE_BASIS_UNSPECIFIED) {
    return Invalid(path + ".basis", "must be set (due, present, returned, valid or assessed)");
  }
  RETURN_IF_ERROR(ValidateBasis(path + ".basis", rule.basis()));
  if (rule.measure() == v1::MEASURE_GRADES) {
    if (rule.grades().empty()) return Invalid(path + ".grades", "must name at least one grade");
    absl::flat_hash_set<absl::string_view> seen;
    for (int i = 0; i < rule.grades_size(); ++i) {
      if (!seen.insert(rule.grades(i)).second) {
        return Invalid(absl::StrCat(path, ".grades[", i, "]"),
                       absl::StrCat("grade ", Quote(rule.grades(i)), " named twice"));
      }
    }
  } else if (!rule.grades().empty()) {
    return Invalid(path + ".grades", "only a rule that measures grades names grades");
  }
  int fits = 0;
  bool found = rule.question_id().empty();
  for (const v1::Question& q : form.questions()) {
    if (!rule.question_id().empty() && q.id() != rule.question_id()) continue;
    found = true;
    if (RuleFits(rule, q)) ++fits;
  }
  if (!found) {
    return Invalid(path + ".question_id",
                   absl::StrCat("no question ", Quote(rule.question_id()), " in form ", form.id()));
  }
  if (fits == 0) {
    return Invalid(path, absl::StrCat("rule ", rule.rule_id(),
                                      " fits no question of the form (a grades rule needs a graded "
                                      "question whose scale has every grade it names; a votes "
                                      "rule needs an approval question)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateQuorum(const std::string& path, const v1::QuorumRule& quorum) {
  if (quorum.fraction().num() != 0 || quorum.fraction().den() != 0) {
    RETURN_IF_ERROR(ValidateFraction(path + ".fraction", quorum.fraction()));
  }
  if (quorum.comparator() != v1::COMPARATOR_UNSPECIFIED &&
      quorum.comparator() != v1::COMPARATOR_GE && quorum.comparator() != v1::COMPARATOR_GT) {
    return Invalid(path + ".comparator",
                   absl::StrCat("a quorum is ge or gt (got ", quorum.comparator(), ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateApprovalRules(const std::string& path, const v1::ApprovalQuestion& q) {
  if (q.shortlist_ratio() > kMaxShortlistRatio) {
    return Invalid(
        path + ".shortlist_ratio",
        absl::StrFormat("must be 0 to %d (got %d)", kMaxShortlistRatio, q.shortlist_ratio()));
  }
  if (q.min_vote_rate().num() != 0 || q.min_vote_rate().den() != 0) {
    RETURN_IF_ERROR(ValidateFraction(path + ".min_vote_rate", q.min_vote_rate()));
  }
  RETURN_IF_ERROR(ValidateBasis(path + ".min_vote_rate_basis", q.min_vote_rate_basis()));
  RETURN_IF_ERROR(ValidateBasis(path + ".rate_basis", q.rate_basis()));
  return absl::OkStatus();
}

absl::Status ValidateGradedRules(const std::string& path, const v1::GradedQuestion& q) {
  RETURN_IF_ERROR(ValidateBasis(path + ".rate_basis", q.rate_basis()));
  if (!v1::SatisfactionFormula_IsValid(q.satisfaction_formula())) {
    return Invalid(path + ".satisfaction_formula",
                   absl::StrCat("unknown value ", q.satisfaction_formula()));
  }
  bool any_score = false;
  for (int i = 0; i < q.scale_size(); ++i) {
    const v1::Grade& g = q.scale(i);
    if (g.dont_know() && (g.excellent() || g.pass() || g.has_score())) {
      return Invalid(absl::StrCat(path, ".scale[", i, "]"),
                     "a don't-know grade expresses no judgement: it cannot be excellent, pass "
                     "or scored");
    }
    if (g.score() > 100) {
      return Invalid(absl::StrCat(path, ".scale[", i, "].score"),
                     absl::StrCat("must be 0 to 100 (got ", g.score(), ")"));
    }
    any_score |= g.has_score();
  }
  if (q.satisfaction_formula() == v1::SATISFACTION_FORMULA_SCORE && !any_score) {
    return Invalid(path + ".satisfaction_formula",
                   "score (rule C5c) needs a score on the grades of the scale");
  }
  return absl::OkStatus();
}

absl::Status ValidateFormRules(const std::string& path, const v1::MeetingSpec& spec,
                               const v1::Form& form) {
  if (form.rules_size() > kMaxRulesPerForm) {
    return Invalid(path + ".rules", absl::StrFormat("at most %d rules (got %d)", kMaxRulesPerForm,
                                                    form.rules_size()));
  }
  for (int i = 0; i < form.rules_size(); ++i) {
    RETURN_IF_ERROR(ValidateRule(absl::StrCat(path, ".rules[", i, "]"), form, form.rules(i)));
  }
  RETURN_IF_ERROR(ValidateQuorum(path + ".quorum", form.quorum()));
  if (form.group_weights().empty()) return absl::OkStatus();
  absl::flat_hash_set<absl::string_view> weighted;
  for (int i = 0; i < form.group_weights_size(); ++i) {
    const std::string wpath = absl::StrCat(path, ".group_weights[", i, "]");
    const v1::GroupWeight& w = form.group_weights(i);
    if (!IsGroupDeclared(spec, w.group()) || !IsFormOpenToGroup(form, w.group())) {
      return Invalid(wpath + ".group",
                     absl::StrCat(Quote(w.group()), " is not a group this form is given to"));
    }
    if (!weighted.insert(w.group()).second) {
      return Invalid(wpath + ".group", absl::StrCat("group ", w.group(), " weighted twice"));
    }
    if (w.weight() < 1 || w.weight() > kMaxGroupWeight) {
      return Invalid(wpath + ".weight",
                     absl::StrFormat("must be 1 to %d (got %d)", kMaxGroupWeight, w.weight()));
    }
  }
  for (const v1::VoterGroup& g : spec.groups()) {
    if (IsFormOpenToGroup(form, g.id()) && !weighted.contains(g.id())) {
      return Invalid(path + ".group_weights",
                     absl::StrCat("group ", g.id(), " receives the form but has no weight"));
    }
  }
  return absl::OkStatus();
}

v1::QuorumRule EffectiveQuorum(const v1::MeetingSpec& spec, const v1::Form& form) {
  v1::QuorumRule rule = form.has_quorum() ? form.quorum() : spec.quorum();
  if (rule.fraction().den() == 0) {
    // Rule A4 [I] default: 实到 ≥ ⌈2/3 · 应到⌉.
    rule.mutable_fraction()->set_num(2);
    rule.mutable_fraction()->set_den(3);
  }
  if (rule.comparator() == v1::COMPARATOR_UNSPECIFIED) rule.set_comparator(v1::COMPARATOR_GE);
  return rule;
}

uint32_t EffectiveMinGroupSize(const v1::MeetingSpec& spec) {
  return spec.min_group_size() == 0 ? kDefaultMinGroupSize : spec.min_group_size();
}

bool IsExcellentGrade(const v1::GradedQuestion& q, int grade_index) {
  const bool marked = std::any_of(q.scale().begin(), q.scale().end(),
                                  [](const v1::Grade& g) { return g.excellent(); });
  if (marked) return q.scale(grade_index).excellent();
  return grade_index == 0;
}

bool IsPassGrade(const v1::GradedQuestion& q, int grade_index) {
  const bool marked =
      std::any_of(q.scale().begin(), q.scale().end(), [](const v1::Grade& g) { return g.pass(); });
  if (marked) return q.scale(grade_index).pass();
  if (q.scale(grade_index).dont_know()) return false;
  int last_judging = -1;
  for (int i = 0; i < q.scale_size(); ++i) {
    if (!q.scale(i).dont_know()) last_judging = i;
  }
  return grade_index != last_judging;
}

}  // namespace gongxin::tally
