// Decision votes (票决 / 表决, rules B1–B7, D4): spec checks, ballot
// classification, recusal, and the count with its quorum and passing
// outcome per candidate. Outcomes are advice (rule A8), never appointments.
#ifndef GONGXIN_TALLY_KINDS_DECISION_H_
#define GONGXIN_TALLY_KINDS_DECISION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/kinds/kind.h"

namespace gongxin::tally {

// DecisionKind is the kind of v1::Question.decision.
const QuestionKind& DecisionKind();

// Rule B1 default: at least two thirds of the members present.
v1::PassFraction DefaultQuorum();
// Rule B2 default: more than half of the members due to attend.
v1::PassFraction DefaultPass();

// FewestMeeting returns the smallest count c with c/base meeting `f`
// (c·den ≥ num·base when inclusive, > otherwise). `f` must have a nonzero
// denominator. E.g. at least 2/3 of 11 → 8; more than 1/2 of 11 → 6.
uint32_t FewestMeeting(const v1::PassFraction& f, uint32_t base);

// FormHasRecusals returns whether any decision candidate of `form` lists a
// recused voter.
bool FormHasRecusals(const v1::Form& form);

// CheckRecusal refuses (INVALID_ARGUMENT, naming the mark, rule B4) a
// ballot of `form` cast by `voter_id` that marks a decision candidate the
// voter is recused on, whatever the vote. Leaving the candidate blank is
// what a recused member does.
absl::Status CheckRecusal(const v1::Form& form, const v1::Ballot& ballot,
                          absl::string_view voter_id);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_DECISION_H_
