// Sampled surveys: what spec.sample may ask, and who takes part.
#include "tally/sample.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "tally/ids.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {

absl::Status ValidateSample(const v1::MeetingSpec& spec) {
  if (!spec.has_sample()) return absl::OkStatus();
  const v1::SurveySample& sample = spec.sample();
  if (sample.strata().empty()) {
    return absl::InvalidArgumentError(
        "spec.sample.strata: must name at least one group to draw from");
  }
  absl::flat_hash_set<std::string> seen;
  uint64_t total = 0;
  for (int i = 0; i < sample.strata_size(); ++i) {
    const v1::SampleStratum& stratum = sample.strata(i);
    const std::string path = absl::StrCat("spec.sample.strata[", i, "]");
    if (!IsGroupDeclared(spec, stratum.group())) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".group: ", Quote(stratum.group()),
                                                     " is not a group declared in the spec"));
    }
    if (!seen.insert(stratum.group()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".group: ", Quote(stratum.group()), " is listed twice"));
    }
    if (stratum.size() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".size: must be at least 1 (leave a group out to take it whole)"));
    }
    total += stratum.size();
  }
  if (total > kMaxSampleSize) {
    return absl::InvalidArgumentError(absl::StrCat("spec.sample.strata: draws ", total,
                                                   " voters in all; at most ", kMaxSampleSize));
  }
  return ValidateText("spec.sample.beacon_source", sample.beacon_source(), kTitleText);
}

const v1::SampleStratum* FindStratum(const v1::MeetingSpec& spec, absl::string_view group) {
  for (const v1::SampleStratum& stratum : spec.sample().strata()) {
    if (stratum.group() == group) return &stratum;
  }
  return nullptr;
}

absl::flat_hash_map<std::string, uint32_t> GroupCounts(const v1::Roll& roll) {
  absl::flat_hash_map<std::string, uint32_t> counts;
  for (const v1::Voter& voter : roll.voters()) ++counts[voter.group()];
  return counts;
}

absl::flat_hash_map<std::string, uint32_t> ParticipantsByGroup(
    const v1::MeetingSpec& spec, const absl::flat_hash_map<std::string, uint32_t>& group_counts) {
  absl::flat_hash_map<std::string, uint32_t> participants;
  for (const auto& [group, count] : group_counts) {
    const v1::SampleStratum* stratum = FindStratum(spec, group);
    participants[group] = stratum == nullptr ? count : std::min(count, stratum->size());
  }
  return participants;
}

absl::flat_hash_map<std::string, uint32_t> FormDueByGroup(
    const v1::Form& form, const absl::flat_hash_map<std::string, uint32_t>& participants) {
  absl::flat_hash_map<std::string, uint32_t> due;
  for (const auto& [group, count] : participants) {
    if (count > 0 && IsFormOpenToGroup(form, group)) due[group] = count;
  }
  return due;
}

}  // namespace gongxin::tally
