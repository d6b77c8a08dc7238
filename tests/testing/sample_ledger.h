// The ledger of the sample meeting (sample_meeting.h), an entry a line: for
// tests that replay a ledger without crypto — the state machine and the
// count (tally/) check no signature — and the entry bodies a benchmark
// seals onto a real chain.
//
// The numbered entries (…Entry(seq, …)) belong to meeting kSampleMeetingId,
// of SampleSpec(kBothPolicies) unless another spec is given, with the roll
// SampleRoll(): voter i checks in into group VoterGroup(i) with the
// stand-in commitment Commitment(i).
#ifndef GONGXIN_TESTS_TESTING_SAMPLE_LEDGER_H_
#define GONGXIN_TESTS_TESTING_SAMPLE_LEDGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {

inline constexpr absl::string_view kSampleMeetingId = "m-2024-01";

// Entry bodies, without the meeting id and seq that ledger::ChainHead::Seal
// fills in. The genesis entry carries a stand-in roll digest and, for each
// anonymous form, a stand-in token key (the state machine checks only that
// there is one per anonymous form).
v1::Entry MeetingCreated(const v1::MeetingSpec& spec, uint32_t roll_size);
v1::Entry StateChanged(v1::MeetingStatus from, v1::MeetingStatus to);
v1::Entry CheckedIn(std::string commitment, std::string group,
                    const std::vector<std::string>& form_ids);
v1::Entry BallotCast(std::string commitment, std::string credential_signature,
                     v1::Ballot ballot);

// A 32-byte stand-in for voter `voter`'s salted commitment.
std::string Commitment(int voter);
// A 64-byte stand-in for a credential signature.
std::string Signature();

// An empty entry of meeting kSampleMeetingId at `seq`.
v1::Entry EntryAt(uint64_t seq);
v1::Entry MeetingCreatedEntry(const v1::MeetingSpec& spec = SampleSpec(kBothPolicies),
                              uint32_t roll_size = kSampleRollSize);
v1::Entry StateChangedEntry(uint64_t seq, v1::MeetingStatus from, v1::MeetingStatus to);
v1::Entry CheckedInEntry(uint64_t seq, int voter, const std::vector<std::string>& form_ids);
v1::Entry BallotCastEntry(uint64_t seq, int voter, v1::Ballot ballot);
v1::Entry CountRecordedEntry(uint64_t seq, v1::TallyResult result);
// Officer `officer`'s score `value` of `indicator` for `candidate` under
// composite rule `rule` (tests/testing/officer_spec.h's S-3 rule by default).
v1::Entry OfficerScoreEntry(uint64_t seq, const std::string& candidate,
                            const std::string& indicator, const std::string& value,
                            const std::string& officer = "officer-1",
                            const std::string& rule = "s3");

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_SAMPLE_LEDGER_H_
