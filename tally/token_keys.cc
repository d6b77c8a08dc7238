#include "tally/token_keys.h"

#include <algorithm>

#include "tally/rules_spec.h"
#include "tally/spec_lookup.h"

namespace gongxin::tally {
std::vector<std::string> FormGroups(const v1::MeetingSpec& spec, const v1::Form& form) {
  std::vector<std::string> groups;
  for (const v1::VoterGroup& g : spec.groups()) {
    if (IsFormOpenToGroup(form, g.id())) groups.push_back(g.id());
  }
  return groups;
}

std::vector<std::string> TokenKeyGroups(
    const v1::MeetingSpec& spec, const v1::Form& form,
    const absl::flat_hash_map<std::string, uint32_t>& due_by_group) {
  const std::vector<std::string> groups = FormGroups(spec, form);
  if (groups.size() <= 1) return {""};
  const uint64_t min_size = EffectiveMinGroupSize(spec);
  auto due = [&](const std::string& g) -> uint64_t {
    auto it = due_by_group.find(g);
    return it == due_by_group.end() ? 0 : it->second;
  };
  std::vector<std::string> keyed;
  uint64_t shared = 0;
  for (const std::string& g : groups) {
    if (due(g) >= min_size) {
      keyed.push_back(g);
    } else {
      shared += due(g);
    }
  }
  while (shared > 0 && shared < min_size && !keyed.empty()) {
    // The smallest keyed group; on a tie the later one in spec order.
    auto smallest = keyed.begin();
    for (auto it = keyed.begin(); it != keyed.end(); ++it) {
      if (due(*it) <= due(*smallest)) smallest = it;
    }
    shared += due(*smallest);
    keyed.erase(smallest);
  }
  if (keyed.empty()) return {""};
  if (shared > 0) keyed.push_back("");
  return keyed;
}

std::vector<std::string> PooledGroups(const v1::MeetingSpec& spec, const v1::Form& form,
                                      const std::vector<std::string>& key_groups) {
  const std::vector<std::string> groups = FormGroups(spec, form);
  if (groups.size() <= 1) return {};
  std::vector<std::string> pooled;
  for (const std::string& g : groups) {
    if (std::find(key_groups.begin(), key_groups.end(), g) == key_groups.end()) {
      pooled.push_back(g);
    }
  }
  return pooled;
}

}  // namespace gongxin::tally
