// The follow-up evaluation's spec, as YAML the spec loader reads back.
#include "client/follow_up.h"

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/linked_question.h"
#include "client/yaml_text.h"
#include "tally/annotate.h"
#include "tally/spec_lookup.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

constexpr absl::string_view kFollowUpMarkZh = "（整改后复评）";
constexpr absl::string_view kFollowUpMarkEn = " (follow-up after rectification)";

// The title with the follow-up mark, once: a follow-up of a follow-up keeps
// one mark.
std::string FollowUpTitle(absl::string_view title, bool en) {
  if (absl::EndsWith(title, kFollowUpMarkZh) || absl::EndsWith(title, kFollowUpMarkEn)) {
    return std::string(title);
  }
  return absl::StrCat(title, en ? kFollowUpMarkEn : kFollowUpMarkZh);
}

}  // namespace

absl::StatusOr<std::string> FollowUpSpecYaml(const FollowUpRequest& r) {
  const auto Q = YamlQuoted;
  ASSIGN_OR_RETURN(const LinkedQuestion linked,
                   FindLinkedQuestion(r.previous_spec, r.previous_meeting_id, r.form_id,
                                      r.question_id,
                                      [](const v1::Question& q) { return q.has_graded(); },
                                      "graded"));
  const v1::Form* form = linked.form;
  const v1::Question* question = linked.question;
  if (!question->has_graded()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--question: question ", r.question_id,
        " is not a graded question; only an evaluation (测评) has a follow-up"));
  }
  if (r.months > 24) {
    return absl::InvalidArgumentError("--months: the rectification period is at most 24 months");
  }
  const bool en = r.previous_spec.locale() == "en";
  const v1::GradedQuestion& g = question->graded();
  std::string y;
  absl::StrAppend(&y, "# Follow-up evaluation (rule S-5) of meeting ", r.previous_meeting_id,
                  ", form ", r.form_id, ", question ", question->id(), ".\n");
  absl::StrAppend(&y, "title: ", Q(FollowUpTitle(r.previous_spec.title(), en)), "\n");
  absl::StrAppend(&y, "unit: ", Q(r.previous_spec.unit()), "\n");
  if (!r.previous_spec.locale().empty()) {
    absl::StrAppend(&y, "locale: ", r.previous_spec.locale(), "\n");
  }
  if (!r.roll.empty()) absl::StrAppend(&y, "roll: ", Q(r.roll), "\n");
  absl::StrAppend(&y, "groups:\n");
  for (const v1::VoterGroup& grp : r.previous_spec.groups()) {
    absl::StrAppend(&y, "  - {id: ", Q(grp.id()), ", name: ", Q(grp.name()), "}\n");
  }
  absl::StrAppend(&y, "forms:\n");
  absl::StrAppend(&y, "  - id: ", Q(form->id()), "\n");
  absl::StrAppend(&y, "    title: ", Q(FollowUpTitle(form->title(), en)), "\n");
  absl::StrAppend(&y, "    mode: ",
                  form->mode() == v1::FORM_MODE_ANONYMOUS ? "anonymous" : "named", "\n");
  if (!form->eligible_groups().empty()) {
    absl::StrAppend(&y, "    eligible_groups: [");
    for (int i = 0; i < form->eligible_groups_size(); ++i) {
      absl::StrAppend(&y, i == 0 ? "" : ", ", Q(form->eligible_groups(i)));
    }
    absl::StrAppend(&y, "]\n");
  }
  // The same threshold presets (S-5: 不满意 > 1/3, > 1/2), so the flags
  // before and after are raised by the same rules. Rules spelled out
  // without a preset are not copied; add them by hand if wanted.
  std::set<std::string> presets;
  std::string rules;
  for (const v1::ThresholdRule& rule : form->rules()) {
    if (rule.preset().empty()) continue;
    if (!rule.question_id().empty() && rule.question_id() != question->id()) continue;
    if (!presets.insert(rule.preset()).second) continue;
    absl::StrAppend(&rules, "      - preset: ", rule.preset(), "\n");
  }
  if (!rules.empty()) absl::StrAppend(&y, "    rules:\n", rules);
  absl::StrAppend(&y, "    questions:\n");
  absl::StrAppend(&y, "      - id: ", Q(question->id()), "\n");
  if (!question->title().empty()) {
    absl::StrAppend(&y, "        title: ", Q(question->title()), "\n");
  }
  absl::StrAppend(&y, "        kind: graded\n");
  if (g.rate_basis() != v1::RATE_BASIS_UNSPECIFIED) {
    absl::StrAppend(&y, "        rate_basis: ", tally::BasisName(g.rate_basis()), "\n");
  }
  switch (g.satisfaction_formula()) {
    case v1::SATISFACTION_FORMULA_EXCELLENT:
      absl::StrAppend(&y, "        satisfaction: excellent\n");
      break;
    case v1::SATISFACTION_FORMULA_PASS:
      absl::StrAppend(&y, "        satisfaction: pass\n");
      break;
    case v1::SATISFACTION_FORMULA_SCORE:
      absl::StrAppend(&y, "        satisfaction: score\n");
      break;
    default:
      break;
  }
  absl::StrAppend(&y, "        scale:\n");
  for (const v1::Grade& grade : g.scale()) {
    absl::StrAppend(&y, "          - {id: ", Q(grade.id()), ", label: ", Q(grade.label()));
    if (grade.dont_know()) absl::StrAppend(&y, ", dont_know: true");
    if (grade.excellent()) absl::StrAppend(&y, ", excellent: true");
    if (grade.pass()) absl::StrAppend(&y, ", pass: true");
    if (grade.has_score()) absl::StrAppend(&y, ", score: ", grade.score());
    absl::StrAppend(&y, "}\n");
  }
  absl::StrAppend(&y, "        subjects:\n");
  for (const v1::Candidate& c : g.subjects()) {
    absl::StrAppend(&y, "          - {id: ", Q(c.id()), ", name: ", Q(c.name()));
    if (!c.current_post().empty()) absl::StrAppend(&y, ", current_post: ", Q(c.current_post()));
    if (!c.note().empty()) absl::StrAppend(&y, ", note: ", Q(c.note()));
    absl::StrAppend(&y, "}\n");
  }
  absl::StrAppend(&y, "    follow_up:\n");
  absl::StrAppend(&y, "      previous_meeting_id: ", Q(r.previous_meeting_id), "\n");
  absl::StrAppend(&y, "      previous_form_id: ", Q(form->id()), "\n");
  absl::StrAppend(&y, "      previous_question_id: ", Q(question->id()), "\n");
  absl::StrAppend(&y, "      question_id: ", Q(question->id()), "\n");
  absl::StrAppend(&y, "      count_seq: ", r.count_seq, "\n");
  absl::StrAppend(&y, "      count_entry_hash: ", absl::BytesToHexString(r.count_entry_hash),
                  "\n");
  if (r.months != 0) absl::StrAppend(&y, "      months: ", r.months, "\n");
  return y;
}

}  // namespace gongxin::client
