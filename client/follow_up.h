// `gongxin meeting follow-up`: the spec of a follow-up evaluation after a
// rectification period (整改后复评, rule S-5), written from the earlier
// evaluation's recorded count, with the link the server checks at creation.
#ifndef GONGXIN_CLIENT_FOLLOW_UP_H_
#define GONGXIN_CLIENT_FOLLOW_UP_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

struct FollowUpRequest {
  std::string previous_meeting_id;
  v1::MeetingSpec previous_spec;
  uint64_t count_seq = 0;
  std::string count_entry_hash;  // raw bytes
  std::string form_id;
  // Empty: the form's only graded question.
  std::string question_id;
  uint32_t months = 0;  // the 整改 period; 0 = not given
  // Written as `roll:` when not empty (relative to the spec file).
  std::string roll;
};

// FollowUpSpecYaml returns a YAML meeting spec (docs/spec-format.md) for
// the follow-up evaluation: the previous meeting's title marked
// "（整改后复评）" (" (follow-up after rectification)" in English), unit,
// locale and groups; one form of the same mode and eligible groups with
// the previous graded question — same subjects, grades, rate basis,
// satisfaction formula — and the form's preset rules (S-5 …); and
// `follow_up:` linking it to the count. Fails with NOT_FOUND for an
// unknown form or question, INVALID_ARGUMENT if the question is not graded
// or the form has several graded questions and none is named.
absl::StatusOr<std::string> FollowUpSpecYaml(const FollowUpRequest& request);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_FOLLOW_UP_H_
