// Per-group tallies (rules A3, S-10, S-11): small-group protection of
// anonymous sub-tallies and weighted figures over groups.
#ifndef GONGXIN_TALLY_GROUPS_H_
#define GONGXIN_TALLY_GROUPS_H_

#include <cstdint>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// Small-group protection for an anonymous form: a group that returned at
// least one but fewer than `min_size` ballots is suppressed (its questions
// cleared, the reason given). If exactly one group is suppressed, the
// smallest other group with ballots is suppressed too, since the overall
// tally minus the shown groups would otherwise reveal it.
void SuppressSmallGroups(uint32_t min_size, v1::FormTally* ft);

// Weighted figures (Σ w_g × rate_g ÷ Σ w_g over the groups whose rate has a
// non-zero denominator), exact, for every question of `ft`: each graded
// subject's rates and each candidate's vote rate ("votes"). Needs ft.groups
// annotated with rates. When the form has weights but no group breakdown,
// a suppressed group or a sum past 64 bits, `weighted` stays empty and
// weighted_reason_* says why.
void AddWeighted(const v1::Form& form, v1::FormTally* ft);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_GROUPS_H_
