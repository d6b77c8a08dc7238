// The question of an earlier meeting that a next round (rules S-8, A9) or a
// follow-up evaluation (rule S-5) starts from: the one `--question` names,
// or else the form's only question of the kind the link needs. Shared by
// `meeting next-round` and `meeting follow-up`.
#ifndef GONGXIN_CLIENT_LINKED_QUESTION_H_
#define GONGXIN_CLIENT_LINKED_QUESTION_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

struct LinkedQuestion {
  const v1::Form* form = nullptr;
  const v1::Question* question = nullptr;
};

// NOT_FOUND naming --form or --question for a form or question `spec`
// (of meeting `meeting_id`) lacks; with no `question_id`, INVALID_ARGUMENT
// if the form has none or several questions of which `of_kind` holds
// (`kind` names them in the message, e.g. "graded"). A named question is
// returned whatever its kind: the caller says why another kind will not do.
absl::StatusOr<LinkedQuestion> FindLinkedQuestion(
    const v1::MeetingSpec& spec, absl::string_view meeting_id, absl::string_view form_id,
    absl::string_view question_id, const std::function<bool(const v1::Question&)>& of_kind,
    absl::string_view kind);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_LINKED_QUESTION_H_
