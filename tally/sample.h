// Sampled surveys (抽样调查; seeds 000 "委托县统计局采取抽样调查" and 001's
// yearly 公信度调查 with its 百人问卷 of 30 party deputies, 30 people's
// congress deputies, 30 CPPCC members and 10 others). The roll committed by
// the genesis entry is the population; spec.sample names, per voter group,
// how many of it a public draw takes. This file holds the arithmetic every
// reader shares — what a spec may ask and how many take part — and no
// hashing: the draw itself is ledger::DrawSample, which the server and the
// verifier check each sample_drawn entry against (as they check signatures).
#ifndef GONGXIN_TALLY_SAMPLE_H_
#define GONGXIN_TALLY_SAMPLE_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// The most voters one sample draws, all strata together: the draw is listed
// in one ledger entry, and a survey's sample is counted in hundreds.
inline constexpr uint32_t kMaxSampleSize = 10000;

// ValidateSample checks spec.sample when set (called by ValidateSpec):
// INVALID_ARGUMENT naming the field for no strata, a group that is not
// declared or is listed twice, a size of 0, sizes above kMaxSampleSize
// together, and an empty or over-long (200 characters) beacon_source.
absl::Status ValidateSample(const v1::MeetingSpec& spec);

// The stratum of `group`, or nullptr when the sample takes the group whole
// (or the spec draws no sample).
const v1::SampleStratum* FindStratum(const v1::MeetingSpec& spec, absl::string_view group);

// Voters on `roll`, per group.
absl::flat_hash_map<std::string, uint32_t> GroupCounts(const v1::Roll& roll);

// Who takes part, per group, given the roll's GroupCounts: a stratum's size
// (or the whole group if it has fewer), a group not sampled in full. For a
// spec without a sample, the counts themselves. This is the meeting's 应到:
// the due of every form and the size of every token key's group follow it.
absl::flat_hash_map<std::string, uint32_t> ParticipantsByGroup(
    const v1::MeetingSpec& spec, const absl::flat_hash_map<std::string, uint32_t>& group_counts);

// How many voters of each group receive `form`, given ParticipantsByGroup.
absl::flat_hash_map<std::string, uint32_t> FormDueByGroup(
    const v1::Form& form, const absl::flat_hash_map<std::string, uint32_t>& participants);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_SAMPLE_H_
