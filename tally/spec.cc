// Meeting spec validation.
#include "tally/spec.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/checklist.h"
#include "tally/decision.h"
#include "tally/element.h"
#include "tally/composite.h"
#include "tally/ids.h"
#include "tally/rules_spec.h"
#include "tally/round.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr TextLimits kTitle{.required = true, .max_chars = 200};
constexpr TextLimits kName{.required = true, .max_chars = 100};
constexpr TextLimits kOptionalLine{.required = false, .max_chars = 200};
constexpr TextLimits kNote{.required = false, .max_chars = 1000};
constexpr TextLimits kDescription{.required = false, .max_chars = 10000, .multiline = true};

// A listed person: an approval question's candidate or a graded question's
// subject.
absl::Status ValidatePerson(const std::string& path, const v1::Candidate& c, DistinctIds& ids) {
  RETURN_IF_ERROR(ValidateId(path + ".id", c.id()));
  RETURN_IF_ERROR(ids.Add(path + ".id", c.id()));
  RETURN_IF_ERROR(ValidateText(path + ".name", c.name(), kName));
  RETURN_IF_ERROR(ValidateText(path + ".current_post", c.current_post(), kOptionalLine));
  RETURN_IF_ERROR(ValidateText(path + ".proposed_post", c.proposed_post(), kOptionalLine));
  RETURN_IF_ERROR(ValidateText(path + ".note", c.note(), kNote));
  if (!c.recused_voter_ids().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".recused_voter_ids: recusal (rule B4) is for decision candidates"));
  }
  return absl::OkStatus();
}

absl::Status ValidateApproval(const std::string& path, const v1::ApprovalQuestion& q) {
  RETURN_IF_ERROR(ValidateText(path + ".post", q.post(), kTitle));
  if (q.seats() < 1) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".seats: must be at least 1 (got 0)"));
  }
  if (q.candidates().empty() || q.candidates_size() > kMaxCandidatesPerQuestion) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.candidates: must list 1 to %d candidates (got %d)", path,
                        kMaxCandidatesPerQuestion, q.candidates_size()));
  }
  DistinctIds ids("candidate");
  for (int i = 0; i < q.candidates_size(); ++i) {
    RETURN_IF_ERROR(
        ValidatePerson(absl::StrCat(path, ".candidates[", i, "]"), q.candidates(i), ids));
  }
  if (q.max_choices() < 1 || q.max_choices() > kMaxChoicesLimit) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.max_choices: must be between 1 and %d (got %d)", path, kMaxChoicesLimit,
                        q.max_choices()));
  }
  if (!q.allow_write_in() && q.max_choices() > static_cast<uint32_t>(q.candidates_size())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.max_choices: must not exceed the number of candidates (%d) unless write-ins "
        "are allowed (got %d)",
        path, q.candidates_size(), q.max_choices()));
  }
  return ValidateApprovalRules(path, q);
}

// Rules C2, D2, D3: subjects graded on an ordered scale, best first, with at
// most one "don't know" (不了解) grade, which is never the best.
absl::Status ValidateGraded(const std::string& path, const v1::GradedQuestion& q) {
  if (q.subjects().empty() || q.subjects_size() > kMaxSubjectsPerQuestion) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.subjects: must list 1 to %d subjects (got %d)", path,
                        kMaxSubjectsPerQuestion, q.subjects_size()));
  }
  DistinctIds subject_ids("subject");
  for (int i = 0; i < q.subjects_size(); ++i) {
    RETURN_IF_ERROR(
        ValidatePerson(absl::StrCat(path, ".subjects[", i, "]"), q.subjects(i), subject_ids));
  }
  if (q.scale_size() < kMinGradesPerScale || q.scale_size() > kMaxGradesPerScale) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.scale: must list %d to %d grades (got %d)", path, kMinGradesPerScale,
                        kMaxGradesPerScale, q.scale_size()));
  }
  DistinctIds grade_ids("grade");
  int dont_know_at = -1;
  for (int i = 0; i < q.scale_size(); ++i) {
    const v1::Grade& g = q.scale(i);
    const std::string gpath = absl::StrCat(path, ".scale[", i, "]");
    RETURN_IF_ERROR(ValidateId(gpath + ".id", g.id()));
    RETURN_IF_ERROR(grade_ids.Add(gpath + ".id", g.id()));
    RETURN_IF_ERROR(ValidateText(gpath + ".label", g.label(), kName));
    if (!g.dont_know()) continue;
    if (i == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          gpath, ".dont_know: the first grade is the best judgement and cannot be don't know"));
    }
    if (dont_know_at >= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(gpath, ".dont_know: only one grade may be don't know (first at ", path,
                       ".scale[", dont_know_at, "])"));
    }
    dont_know_at = i;
  }
  return ValidateGradedRules(path, q);
}

absl::Status ValidateForm(const std::string& path, const v1::MeetingSpec& spec,
                          const v1::Form& form) {
  RETURN_IF_ERROR(ValidateText(path + ".title", form.title(), kTitle));
  if (form.mode() != v1::FORM_MODE_NAMED && form.mode() != v1::FORM_MODE_ANONYMOUS) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".mode: must be FORM_MODE_NAMED or FORM_MODE_ANONYMOUS (got ", form.mode(), ")"));
  }
  if (!v1::OvervotePolicy_IsValid(form.overvote_policy())) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".overvote_policy: unknown value ", form.overvote_policy()));
  }
  DistinctIds groups("group");
  for (int i = 0; i < form.eligible_groups_size(); ++i) {
    const std::string gpath = absl::StrCat(path, ".eligible_groups[", i, "]");
    const std::string& group = form.eligible_groups(i);
    if (!IsGroupDeclared(spec, group)) {
      return absl::InvalidArgumentError(
          absl::StrCat(gpath, ": ", Quote(group), " is not a group declared in spec.groups"));
    }
    RETURN_IF_ERROR(groups.Add(gpath, group));
  }
  if (form.questions().empty() || form.questions_size() > kMaxQuestionsPerForm) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.questions: must list 1 to %d questions (got %d)", path,
                        kMaxQuestionsPerForm, form.questions_size()));
  }
  DistinctIds ids("question");
  for (int i = 0; i < form.questions_size(); ++i) {
    const v1::Question& q = form.questions(i);
    const std::string qpath = absl::StrCat(path, ".questions[", i, "]");
    RETURN_IF_ERROR(ValidateId(qpath + ".id", q.id()));
    RETURN_IF_ERROR(ids.Add(qpath + ".id", q.id()));
    RETURN_IF_ERROR(ValidateText(qpath + ".title", q.title(), kOptionalLine));
    switch (q.kind_case()) {
      case v1::Question::kApproval:
        RETURN_IF_ERROR(ValidateApproval(qpath + ".approval", q.approval()));
        break;
      case v1::Question::kGraded:
        RETURN_IF_ERROR(ValidateGraded(qpath + ".graded", q.graded()));
        break;
      case v1::Question::kDecision:
        RETURN_IF_ERROR(ValidateDecision(qpath + ".decision", form, q.decision()));
        break;
      case v1::Question::kElement:
        RETURN_IF_ERROR(ValidateElement(qpath + ".element", q.element()));
        break;
      case v1::Question::kChecklist:
        RETURN_IF_ERROR(ValidateChecklist(qpath + ".checklist", q.checklist()));
        break;
      case v1::Question::KIND_NOT_SET:
        return absl::InvalidArgumentError(absl::StrCat(
            qpath, ": must have a kind (approval, graded, decision, element or checklist)"));
    }
  }
  if (form.has_previous_round()) {
    RETURN_IF_ERROR(ValidateRoundLink(path + ".previous_round", form));
  }
  return ValidateFormRules(path, spec, form);
}

}  // namespace

absl::Status ValidateSpec(const v1::MeetingSpec& spec) {
  RETURN_IF_ERROR(ValidateText("spec.title", spec.title(), kTitle));
  RETURN_IF_ERROR(ValidateText("spec.unit", spec.unit(), kTitle));
  RETURN_IF_ERROR(ValidateText("spec.description", spec.description(), kDescription));
  if (spec.groups().empty()) {
    return absl::InvalidArgumentError("spec.groups: must declare at least one voter group");
  }
  if (spec.groups_size() > kMaxGroups) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "spec.groups: must declare at most %d voter groups (got %d)", kMaxGroups,
        spec.groups_size()));
  }
  DistinctIds group_ids("group");
  for (int i = 0; i < spec.groups_size(); ++i) {
    const std::string path = absl::StrCat("spec.groups[", i, "]");
    RETURN_IF_ERROR(ValidateId(path + ".id", spec.groups(i).id()));
    RETURN_IF_ERROR(group_ids.Add(path + ".id", spec.groups(i).id()));
    RETURN_IF_ERROR(ValidateText(path + ".name", spec.groups(i).name(), kName));
  }
  if (spec.forms().empty() || spec.forms_size() > kMaxForms) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "spec.forms: must list 1 to %d forms (got %d)", kMaxForms, spec.forms_size()));
  }
  DistinctIds form_ids("form");
  for (int i = 0; i < spec.forms_size(); ++i) {
    const std::string path = absl::StrCat("spec.forms[", i, "]");
    RETURN_IF_ERROR(ValidateId(path + ".id", spec.forms(i).id()));
    RETURN_IF_ERROR(form_ids.Add(path + ".id", spec.forms(i).id()));
    RETURN_IF_ERROR(ValidateForm(path, spec, spec.forms(i)));
  }
  if (spec.locale() != "" && spec.locale() != "zh-CN" && spec.locale() != "en") {
    return absl::InvalidArgumentError(absl::StrCat(
        "spec.locale: must be \"zh-CN\", \"en\" or empty (got ", Quote(spec.locale()), ")"));
  }
  RETURN_IF_ERROR(ValidateQuorum("spec.quorum", spec.quorum()));
  if (spec.min_group_size() > kMaxMinGroupSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "spec.min_group_size: must be 0 (default %d) to %d (got %d)", kDefaultMinGroupSize,
        kMaxMinGroupSize, spec.min_group_size()));
  }
  // Composite rules refer to the forms and questions checked above.
  RETURN_IF_ERROR(ValidateComposites(spec));
  return absl::OkStatus();
}

}  // namespace gongxin::tally
