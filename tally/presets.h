// Named threshold-rule presets (rules S-1, S-5, S-9 and the local examples
// of C3). A form may reference a preset by name; ExpandPresets spells the
// reference out before the spec is stored, so the ledger freezes the full
// rule and keeps the preset name only for display.
#ifndef GONGXIN_TALLY_PRESETS_H_
#define GONGXIN_TALLY_PRESETS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// The preset names, in table order.
std::vector<std::string> PresetNames();

// The spelled-out rules of preset `name`; NOT_FOUND naming the known
// presets when there is none.
absl::StatusOr<std::vector<v1::ThresholdRule>> PresetRules(absl::string_view name);

// A reference is a rule with `preset` set and no measure. ExpandPresets
// replaces every reference in spec.forms[*].rules by the preset's rules, in
// place. A reference may override the fraction and/or the basis when its
// preset has a single rule, and may restrict it to one question. Fails with
// INVALID_ARGUMENT (unknown preset, or an override on a multi-rule preset),
// naming the field path, e.g. "spec.forms[1].rules[0].preset".
absl::Status ExpandPresets(v1::MeetingSpec* spec);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_PRESETS_H_
