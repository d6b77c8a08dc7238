// Exact rate arithmetic: a count over a denominator compared with a
// threshold fraction by cross-multiplication in 128 bits, so that "exactly
// 40 %" and "exactly ⌈2N/3⌉ present" land on the right side of a rule.
#ifndef GONGXIN_TALLY_FRACTION_H_
#define GONGXIN_TALLY_FRACTION_H_

#include <cstdint>
#include <optional>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// Whether num/den `comparator` threshold holds. False when den or
// threshold.den is 0 (no rate, or no threshold: nothing to judge) or the
// comparator is unspecified.
bool Satisfies(uint64_t num, uint64_t den, v1::Comparator comparator,
               const v1::Fraction& threshold);

// The least count x ≤ total for which x/total `comparator` threshold holds
// (GE or GT only), or nullopt if none does. Used for "at least ⌈2N/3⌉".
std::optional<uint64_t> LeastSatisfying(uint64_t total, v1::Comparator comparator,
                                        const v1::Fraction& threshold);

// "≥", "＞", "≤", "＜" for display.
const char* ComparatorSymbol(v1::Comparator comparator);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_FRACTION_H_
