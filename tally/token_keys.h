// Which RSA blind-signature keys an anonymous form gets (rules A3, S-10,
// S-11): one per voter group large enough to be counted on its own, so its
// anonymous ballots can be counted per group, and one shared key for the
// rest. A group's key is visible on every ballot it signed, so a group with
// fewer voters on the roll than spec.min_group_size never gets one: its
// ballots would stand out on the public ledger even where the tally hides
// them. See docs/threat-model.md, "Per-group tallies of anonymous forms".
#ifndef GONGXIN_TALLY_TOKEN_KEYS_H_
#define GONGXIN_TALLY_TOKEN_KEYS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// The TokenKey.group of each key of anonymous `form`, in order: the groups
// with their own key in spec order, then "" (the shared key) if any voter
// of the form is left to it. `due_by_group` is the form's 应到 per group on
// the roll. Always at least one key; a single "" when the form goes to one
// group only (the group is implied) or no group is large enough.
//
// A group gets its own key when it has at least min_group_size voters for
// the form, and the voters left to the shared key are none or at least
// min_group_size too — otherwise the smallest keyed group (the later one in
// spec order on a tie) joins the shared key until they are, since the
// overall tally minus the keyed groups would reveal the shared key's few.
std::vector<std::string> TokenKeyGroups(
    const v1::MeetingSpec& spec, const v1::Form& form,
    const absl::flat_hash_map<std::string, uint32_t>& due_by_group);

// The groups of `spec` that receive `form`, in spec order.
std::vector<std::string> FormGroups(const v1::MeetingSpec& spec, const v1::Form& form);

// The groups the form is given to that have no key of their own, given the
// key groups of the form's TokenKeys (in spec order). Empty when the form
// has a single group or a key for every group.
std::vector<std::string> PooledGroups(const v1::MeetingSpec& spec, const v1::Form& form,
                                      const std::vector<std::string>& key_groups);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_TOKEN_KEYS_H_
