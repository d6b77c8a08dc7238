// `gongxin meeting next-round`: the spec of a progressive recommendation's
// next round (rules S-8, A9), written from the previous meeting's recorded
// count, with the link the server checks at creation.
#ifndef GONGXIN_CLIENT_NEXT_ROUND_H_
#define GONGXIN_CLIENT_NEXT_ROUND_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

struct NextRoundRequest {
  std::string previous_meeting_id;
  v1::MeetingSpec previous_spec;
  v1::TallyResult previous_result;
  uint64_t count_seq = 0;
  std::string count_entry_hash;  // raw bytes
  std::string form_id;
  // Empty: the form's only approval question.
  std::string question_id;
  uint32_t top = 0;
  // Written as `roll:` when not empty (relative to the spec file).
  std::string roll;
};

// NextRoundSpecYaml returns a YAML meeting spec (docs/spec-format.md) for
// the next round: the previous meeting's title, unit, locale and groups;
// one form of the same mode and eligible groups whose one approval
// question has the previous post, seats and max_choices, no write-ins,
// and as candidates the previous round's top `top` (ties at the cut
// included, tally::TopOfRound); and `previous_round:` linking it to the
// count. Fails with NOT_FOUND for an unknown form or question,
// INVALID_ARGUMENT if the form has several approval questions and none is
// named, or if `top` is 0, or if nobody got a vote.
absl::StatusOr<std::string> NextRoundSpecYaml(const NextRoundRequest& request);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_NEXT_ROUND_H_
