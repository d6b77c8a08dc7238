// Progressive recommendation (rules S-8, A9): a form's approval question
// can be the next round of an earlier meeting's question, with the earlier
// round's top N as its candidates. The link is part of the spec, so the
// genesis entry commits to it; these functions say what a valid link is and
// build the next round's list from a result.
#ifndef GONGXIN_TALLY_ROUND_H_
#define GONGXIN_TALLY_ROUND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

inline constexpr size_t kCountEntryHashSize = 32;

// ValidateRoundLink checks form.previous_round on its own (INVALID_ARGUMENT
// naming the field under `path`): the previous meeting, form and question
// ids are valid ids; question_id names an approval question of `form`;
// round is at least 2; top is at least 1; count_entry_hash is 32 bytes.
absl::Status ValidateRoundLink(const std::string& path, const v1::Form& form);

// TopOfRound returns the candidates of the round after question
// `question_id` of form `form_id`, from `spec` and its count `result`:
// everyone — listed candidate or write-in (另推他人) — whose competition
// rank is at most `top` and who got at least one vote, so a tie at the cut
// takes all the tied. Listed candidates come first in the earlier round's
// order, with their id, name, current post and note; then write-ins in
// tally order, with ids "w1", "w2", …. Fails with NOT_FOUND for an
// unknown form or question (in spec or result), INVALID_ARGUMENT if the
// question is not an approval question or `top` is 0.
absl::StatusOr<std::vector<v1::Candidate>> TopOfRound(const v1::MeetingSpec& spec,
                                                      const v1::TallyResult& result,
                                                      absl::string_view form_id,
                                                      absl::string_view question_id,
                                                      uint32_t top);

// What the server (or an auditor holding both exports) knows of the
// meeting a round link names.
struct PreviousRound {
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  v1::MeetingSpec spec;
  v1::TallyResult result;  // of its count_recorded entry
  uint64_t count_seq = 0;
  std::string count_entry_hash;
};

// CheckLinkedCount is what every link to an earlier meeting's count needs
// (a next round, a follow-up evaluation — `what` in the message):
// FAILED_PRECONDITION naming `path`.previous_meeting_id unless `previous`
// is COUNTED or PUBLISHED; INVALID_ARGUMENT naming `path`.count_entry_hash
// unless count_seq and count_entry_hash are its count entry's.
absl::Status CheckLinkedCount(const std::string& path, absl::string_view what,
                              absl::string_view previous_meeting_id, uint64_t count_seq,
                              absl::string_view count_entry_hash, const PreviousRound& previous);

// CheckRoundLink checks `form`'s previous_round (which must pass
// ValidateRoundLink) against `previous`, naming fields under `path`:
// FAILED_PRECONDITION unless the previous meeting is COUNTED or PUBLISHED;
// INVALID_ARGUMENT if count_seq or count_entry_hash is not its count
// entry's, if round is not one more than the previous round's (2 when the
// previous form has no link), or if the linked question's candidates are
// not exactly TopOfRound(previous, top) — same ids and names for listed
// candidates, same names for write-ins — naming the first one missing or
// extra; NOT_FOUND for a previous form or question that does not exist.
absl::Status CheckRoundLink(const std::string& path, const v1::Form& form,
                            const PreviousRound& previous);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_ROUND_H_
