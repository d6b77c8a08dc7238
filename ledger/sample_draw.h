// The draw of a sampled survey (MeetingSpec.sample, tally/sample.h): a
// seed fixed after the population — the chain so far, whose genesis commits
// to the roll — and after a public value nobody could know when the spec
// named it, then a deterministic order of each group's voters under that
// seed. Anyone with an export and this page redraws the sample; the known
// answers in docs/export-format.md were computed without this code.
#ifndef GONGXIN_LEDGER_SAMPLE_DRAW_H_
#define GONGXIN_LEDGER_SAMPLE_DRAW_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::ledger {

// SampleSeed returns crypto::DomainHash("gongxin/v1/sample-seed",
// {prev_hash, beacon}): `prev_hash` is the sample_drawn entry's prev_hash
// (the hash of the entry before it) and `beacon` its beacon as UTF-8.
std::string SampleSeed(absl::string_view prev_hash, absl::string_view beacon);

// DrawSample returns, for each stratum of `sample` in order, the voters of
// its group on `population` sorted by crypto::DomainHash(
// "gongxin/v1/sample-order", {seed, group, voter_id}) ascending (then by id,
// should two hashes ever be equal), the first `size` of them (all of them if
// the group has fewer): the ids in that order.
std::vector<std::string> DrawSample(const v1::SurveySample& sample, const v1::Roll& population,
                                    absl::string_view seed);

// CheckSampleDrawn checks that a sample_drawn entry is the draw: its seed is
// SampleSeed(entry.prev_hash, beacon) and its voter_ids are DrawSample's.
// INVALID_ARGUMENT naming the first difference otherwise.
absl::Status CheckSampleDrawn(const v1::Entry& entry, const v1::MeetingSpec& spec,
                              const v1::Roll& population);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_SAMPLE_DRAW_H_
