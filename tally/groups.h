// Per-group tallies (rules A3, S-10, S-11): small-group protection of
// anonymous sub-tallies and weighted figures over groups.
#ifndef GONGXIN_TALLY_GROUPS_H_
#define GONGXIN_TALLY_GROUPS_H_

#include <cstdint>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// Small-group protection (rule A3): a group that returned at least one but
// fewer than `min_size` ballots is suppressed (its questions cleared, the
// reason given). The overall tally minus the shown groups reveals the
// ballots no shown group accounts for — the suppressed groups' and
// `hidden_returned` ballots counted under no group (a form's shared token
// key) — so while those are more than none and fewer than `min_size`, the
// smallest shown group with ballots is suppressed too.
void SuppressSmallGroups(uint32_t min_size, uint32_t hidden_returned, v1::FormTally* ft);

// Marks `g` as not shown because its anonymous ballots share the form's
// common token key (tally/token_keys.h), with the reason.
void MarkPooled(uint32_t min_size, v1::GroupTally* g);

// Weighted figures (Σ w_g × rate_g ÷ Σ w_g over the groups whose rate has a
// non-zero denominator), exact, for every question of `ft`: each graded
// subject's rates and each candidate's vote rate ("votes"). Needs ft.groups
// annotated with rates. When the form has weights but no group breakdown,
// a suppressed group or a sum past 64 bits, `weighted` stays empty and
// weighted_reason_* says why.
void AddWeighted(const v1::Form& form, v1::FormTally* ft);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_GROUPS_H_
