// The largest a ballot can be: an upper bound on the encoded size of any
// ballot ClassifyBallot accepts for a form. The server pads every sealed
// anonymous ballot to it, so a record's length says nothing of the choices,
// and ClassifyBallot refuses anything larger, so the bound is also the
// ballot-size limit of the API.
#ifndef GONGXIN_TALLY_BALLOT_BOUND_H_
#define GONGXIN_TALLY_BALLOT_BOUND_H_

#include <cstddef>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// MaxBallotBytes returns the protobuf-encoded size of the largest ballot
// for `form`: one answer per question, each marking everything its kind can
// mark once (QuestionKind::MaxMarkBytes: every candidate chosen, every
// subject graded with the longest grade id, every candidate given a
// decision, every element filled with the longest candidate id, every item
// ticked for every subject) and MaxWriteIns write-ins of kMaxWriteInChars
// four-byte characters (tally/kinds/approval.h). `form` must pass
// ValidateSpec. The bound is attained by that ballot
// (tests/tally/ballot_bound_test.cc builds it), so it is exact, not a guess.
size_t MaxBallotBytes(const v1::Form& form);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_BALLOT_BOUND_H_
