// The earlier meeting's question a next round or a follow-up links to.
#include "client/linked_question.h"

#include "absl/strings/str_cat.h"
#include "tally/spec_lookup.h"

namespace gongxin::client {

absl::StatusOr<LinkedQuestion> FindLinkedQuestion(
    const v1::MeetingSpec& spec, absl::string_view meeting_id, absl::string_view form_id,
    absl::string_view question_id, const std::function<bool(const v1::Question&)>& of_kind,
    absl::string_view kind) {
  LinkedQuestion found;
  found.form = tally::FindForm(spec, form_id);
  if (found.form == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("--form: meeting ", meeting_id, " has no form \"", form_id, "\""));
  }
  if (!question_id.empty()) {
    found.question = tally::FindQuestion(*found.form, question_id);
    if (found.question == nullptr) {
      return absl::NotFoundError(absl::StrCat("--question: form ", form_id,
                                              " has no question \"", question_id, "\""));
    }
    return found;
  }
  for (const v1::Question& q : found.form->questions()) {
    if (!of_kind(q)) continue;
    if (found.question != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("--question: form ", form_id,
                                                     " has several ", kind,
                                                     " questions; name one"));
    }
    found.question = &q;
  }
  if (found.question == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--form: form ", form_id, " has no ", kind, " question"));
  }
  return found;
}

}  // namespace gongxin::client
