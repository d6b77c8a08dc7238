// Meeting spec validation.
#include "tally/spec.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/composite.h"
#include "tally/ids.h"
#include "tally/kinds/registry.h"
#include "tally/posts.h"
#include "tally/sample.h"
#include "tally/follow_up.h"
#include "tally/round.h"
#include "tally/rules_spec.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr TextLimits kDescription{.required = false, .max_chars = 10000, .multiline = true};

// The kinds a question can have, for the error that finds none:
// "approval, graded, decision, element or checklist".
std::string KindNames() {
  const absl::Span<const QuestionKind* const> kinds = AllKinds();
  std::string names;
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (i > 0) absl::StrAppend(&names, i + 1 == kinds.size() ? " or " : ", ");
    absl::StrAppend(&names, kinds[i]->name());
  }
  return names;
}

absl::Status ValidateForm(const std::string& path, const v1::MeetingSpec& spec,
                          const v1::Form& form) {
  RETURN_IF_ERROR(ValidateText(path + ".title", form.title(), kTitleText));
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
    RETURN_IF_ERROR(ValidateText(qpath + ".title", q.title(), kOptionalLineText));
    const QuestionKind* kind = KindFor(q);
    if (kind == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(qpath, ": must have a kind (", KindNames(), ")"));
    }
    RETURN_IF_ERROR(kind->Validate(absl::StrCat(qpath, ".", kind->name()), form, q));
  }
  if (form.has_previous_round()) {
    RETURN_IF_ERROR(ValidateRoundLink(path + ".previous_round", form));
  }
  if (form.has_follow_up()) {
    RETURN_IF_ERROR(ValidateFollowUpLink(path + ".follow_up", form));
  }
  return ValidateFormRules(path, spec, form);
}

}  // namespace

absl::Status ValidateSpec(const v1::MeetingSpec& spec) {
  RETURN_IF_ERROR(ValidateText("spec.title", spec.title(), kTitleText));
  RETURN_IF_ERROR(ValidateText("spec.unit", spec.unit(), kTitleText));
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
    RETURN_IF_ERROR(ValidateText(path + ".name", spec.groups(i).name(), kNameText));
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
  if (spec.text_version() > kTextVersion) {
    // A record from a newer gongxin: counting it with this version's words
    // would report a difference that is only wording.
    return absl::InvalidArgumentError(absl::StrFormat(
        "spec.text_version: %d is newer than this version of gongxin knows (%d); use a newer "
        "gongxin", spec.text_version(), kTextVersion));
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
  // Posts are referred to by the questions checked above.
  RETURN_IF_ERROR(ValidatePosts(spec));
  RETURN_IF_ERROR(ValidateSample(spec));
  // Composite rules refer to the forms and questions checked above.
  RETURN_IF_ERROR(ValidateComposites(spec));
  return absl::OkStatus();
}

}  // namespace gongxin::tally
