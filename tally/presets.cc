// The preset table. Grade ids are those of the named scales of the spec
// loader: competency (competent/basic/incompetent), annual_review
// (excellent/competent/basic/incompetent), satisfaction
// (satisfied/basic/dissatisfied).
#include "tally/presets.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tally/text.h"

namespace gongxin::tally {
namespace {

struct RuleRow {
  const char* rule_id;
  const char* text_zh;
  const char* text_en;
  v1::Measure measure;
  std::initializer_list<const char*> grades;
  v1::Comparator comparator;
  uint64_t num;
  uint64_t den;
  v1::RateBasis basis;
  const char* flag;
  v1::FlagKind kind;
};

struct Preset {
  const char* name;
  std::initializer_list<RuleRow> rules;
};

using v1::COMPARATOR_GE;
using v1::COMPARATOR_GT;
using v1::COMPARATOR_LT;
using v1::FLAG_KIND_ADVICE;
using v1::FLAG_KIND_VETO;
using v1::MEASURE_EXCELLENT;
using v1::MEASURE_GRADES;
using v1::MEASURE_PASS;
using v1::RATE_BASIS_PRESENT;
using v1::RATE_BASIS_VALID;

const Preset kPresets[] = {
    // S-1 (seed 000; the 40 %/20 % rule was not found in published texts, C3):
    // dismissal review when (基本胜任 + 不胜任) ≥ 40 % or 不胜任 ≥ 20 % of the ballots.
    {"S-1",
     {{"S-1a",
       "基本胜任和不胜任票合计达到40%，建议启动免职审查",
       "basically competent + incompetent ≥ 40 %: dismissal review advised",
       MEASURE_GRADES,
       {"basic", "incompetent"},
       COMPARATOR_GE,
       2,
       5,
       RATE_BASIS_VALID,
       "dismissal-review",
       FLAG_KIND_ADVICE},
      {"S-1b",
       "不胜任票达到20%，建议启动免职审查",
       "incompetent ≥ 20 %: dismissal review advised",
       MEASURE_GRADES,
       {"incompetent"},
       COMPARATOR_GE,
       1,
       5,
       RATE_BASIS_VALID,
       "dismissal-review",
       FLAG_KIND_ADVICE}}},
    // S-5 (seed 004): 不满意 > 1/3 → admonishment talk; > 1/2 → demotion or removal.
    {"S-5",
     {{"S-5a",
       "不满意票超过三分之一，建议诫勉谈话",
       "dissatisfied > 1/3: admonishment talk advised",
       MEASURE_GRADES,
       {"dissatisfied"},
       COMPARATOR_GT,
       1,
       3,
       RATE_BASIS_VALID,
       "admonishment",
       FLAG_KIND_ADVICE},
      {"S-5b",
       "不满意票超过二分之一，建议启动降职或免职程序",
       "dissatisfied > 1/2: demotion or removal proceedings advised",
       MEASURE_GRADES,
       {"dissatisfied"},
       COMPARATOR_GT,
       1,
       2,
       RATE_BASIS_VALID,
       "removal",
       FLAG_KIND_ADVICE}}},
    // S-9 (seed 002): excellent or pass rate below the required level vetoes.
    // The seed gives no level; [I] defaults: excellent < 1/3, pass < 2/3.
    {"S-9",
     {{"S-9a",
       "优秀率低于三分之一，一票否决（建议）",
       "excellent rate < 1/3: veto (advice)",
       MEASURE_EXCELLENT,
       {},
       COMPARATOR_LT,
       1,
       3,
       RATE_BASIS_VALID,
       "veto",
       FLAG_KIND_VETO},
      {"S-9b",
       "合格率低于三分之二，一票否决（建议）",
       "pass rate < 2/3: veto (advice)",
       MEASURE_PASS,
       {},
       COMPARATOR_LT,
       2,
       3,
       RATE_BASIS_VALID,
       "veto",
       FLAG_KIND_VETO}}},
    // C3 Beijing 2001: incompetent ≥ 1/3 → removal.
    {"C3-beijing-2001",
     {{"C3-beijing-2001",
       "不称职票达到三分之一，建议免职",
       "incompetent ≥ 1/3: removal advised",
       MEASURE_GRADES,
       {"incompetent"},
       COMPARATOR_GE,
       1,
       3,
       RATE_BASIS_VALID,
       "removal",
       FLAG_KIND_ADVICE}}},
    // C3 Zhejiang: incompetent share > 1/3 → unfit for the current post.
    {"C3-zhejiang",
     {{"C3-zhejiang",
       "不称职票超过三分之一，建议认定为不适宜担任现职",
       "incompetent > 1/3: unfit for the current post (advice)",
       MEASURE_GRADES,
       {"incompetent"},
       COMPARATOR_GT,
       1,
       3,
       RATE_BASIS_VALID,
       "unfit",
       FLAG_KIND_ADVICE}}},
    // C3 a county, 2010.
    {"C3-county-2010",
     {{"C3-county-2010a",
       "优秀和称职票合计低于三分之二，建议诫勉谈话或调整",
       "excellent + competent < 2/3: warning talk or adjustment advised",
       MEASURE_GRADES,
       {"excellent", "competent"},
       COMPARATOR_LT,
       2,
       3,
       RATE_BASIS_VALID,
       "warning-talk",
       FLAG_KIND_ADVICE},
      {"C3-county-2010b",
       "不称职票超过三分之一，建议免职或降职",
       "incompetent > 1/3: removal or demotion advised",
       MEASURE_GRADES,
       {"incompetent"},
       COMPARATOR_GT,
       1,
       3,
       RATE_BASIS_VALID,
       "removal",
       FLAG_KIND_ADVICE}}},
    // C3 probation: of those present.
    {"C3-probation",
     {{"C3-probation-a",
       "不称职票达到到会人数三分之一，建议认定试用期不合格",
       "incompetent ≥ 1/3 of those present: not fit (probation, advice)",
       MEASURE_GRADES,
       {"incompetent"},
       COMPARATOR_GE,
       1,
       3,
       RATE_BASIS_PRESENT,
       "probation-unfit",
       FLAG_KIND_ADVICE},
      {"C3-probation-b",
       "优秀和称职票合计低于到会人数50%，建议认定试用期不合格",
       "excellent + competent < 50 % of those present: not fit (probation, advice)",
       MEASURE_GRADES,
       {"excellent", "competent"},
       COMPARATOR_LT,
       1,
       2,
       RATE_BASIS_PRESENT,
       "probation-unfit",
       FLAG_KIND_ADVICE}}},
};

v1::ThresholdRule ToRule(const char* preset, const RuleRow& row) {
  v1::ThresholdRule rule;
  rule.set_rule_id(row.rule_id);
  rule.set_preset(preset);
  rule.set_text_zh(row.text_zh);
  rule.set_text_en(row.text_en);
  rule.set_measure(row.measure);
  for (const char* grade : row.grades) rule.add_grades(grade);
  rule.set_comparator(row.comparator);
  rule.mutable_fraction()->set_num(row.num);
  rule.mutable_fraction()->set_den(row.den);
  rule.set_basis(row.basis);
  rule.set_flag(row.flag);
  rule.set_kind(row.kind);
  return rule;
}

}  // namespace

std::vector<std::string> PresetNames() {
  std::vector<std::string> names;
  for (const Preset& p : kPresets) names.push_back(p.name);
  return names;
}

absl::StatusOr<std::vector<v1::ThresholdRule>> PresetRules(absl::string_view name) {
  for (const Preset& p : kPresets) {
    if (name != p.name) continue;
    std::vector<v1::ThresholdRule> rules;
    for (const RuleRow& row : p.rules) rules.push_back(ToRule(p.name, row));
    return rules;
  }
  return absl::NotFoundError(absl::StrCat("no preset ", Quote(name),
                                          " (known: ", absl::StrJoin(PresetNames(), ", "), ")"));
}

absl::Status ExpandPresets(v1::MeetingSpec* spec) {
  for (int f = 0; f < spec->forms_size(); ++f) {
    v1::Form* form = spec->mutable_forms(f);
    google::protobuf::RepeatedPtrField<v1::ThresholdRule> expanded;
    for (int r = 0; r < form->rules_size(); ++r) {
      const v1::ThresholdRule& ref = form->rules(r);
      if (ref.preset().empty() || ref.measure() != v1::MEASURE_UNSPECIFIED) {
        *expanded.Add() = ref;
        continue;
      }
      const std::string path = absl::StrCat("spec.forms[", f, "].rules[", r, "]");
      absl::StatusOr<std::vector<v1::ThresholdRule>> rules = PresetRules(ref.preset());
      if (!rules.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ".preset: ", rules.status().message()));
      }
      const bool overrides = ref.fraction().den() != 0 || ref.basis() != v1::RATE_BASIS_UNSPECIFIED;
      if (overrides && rules->size() != 1) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": preset ", ref.preset(), " holds ", rules->size(),
            " rules, so its fraction or basis cannot be overridden; spell the rules out instead"));
      }
      for (v1::ThresholdRule& rule : *rules) {
        if (ref.fraction().den() != 0) *rule.mutable_fraction() = ref.fraction();
        if (ref.basis() != v1::RATE_BASIS_UNSPECIFIED) rule.set_basis(ref.basis());
        rule.set_question_id(ref.question_id());
        *expanded.Add() = std::move(rule);
      }
    }
    form->mutable_rules()->Swap(&expanded);
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
