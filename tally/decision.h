// Decision votes (票决 / 表决, rules B1–B7, D4): spec checks, ballot
// classification, recusal, and the count with its quorum and passing
// outcome per candidate. Outcomes are advice (rule A8), never appointments.
#ifndef GONGXIN_TALLY_DECISION_H_
#define GONGXIN_TALLY_DECISION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/ballot.h"

namespace gongxin::tally {

// Rule B1 default: at least two thirds of the members present.
v1::PassFraction DefaultQuorum();
// Rule B2 default: more than half of the members due to attend.
v1::PassFraction DefaultPass();

// FewestMeeting returns the smallest count c with c/base meeting `f`
// (c·den ≥ num·base when inclusive, > otherwise). `f` must have a nonzero
// denominator. E.g. at least 2/3 of 11 → 8; more than 1/2 of 11 → 6.
uint32_t FewestMeeting(const v1::PassFraction& f, uint32_t base);

// ValidateDecision checks a decision question at `path` (e.g.
// "spec.forms[0].questions[1].decision") of `form`. INVALID_ARGUMENT, naming
// the field, when: candidates are not 1 to 1000 valid people; a fraction is
// set with a zero denominator or is above 1 (numerator > denominator);
// pass_basis is unknown; a recused voter id is invalid or repeated on a
// candidate; recusals are listed on an anonymous form (rule B4 cannot be
// enforced at cast without linking the ballot to its voter); recusals leave
// the denominator with pass_basis PRESENT (who of the recused attended is
// not on the ledger); max_agree or post is set on a non-competitive
// question; a competitive question has fewer than 2 candidates, allows
// defer, or max_agree not below the number of candidates; post is over
// 200 characters.
absl::Status ValidateDecision(const std::string& path, const v1::Form& form,
                              const v1::DecisionQuestion& q);

// ClassifyDecision classifies `answer` to decision `question` of `form`.
// Blank when it marks nothing. Fails with NOT_FOUND for an unknown
// candidate, INVALID_ARGUMENT for a candidate marked twice, a vote that is
// unspecified or unknown, DEFER where not allowed, any mark other than
// agree on a competitive question, fields of another kind (write-ins are
// never allowed, rules B5, B6, D4), and — unless the form's overvote policy
// is SPOIL, which makes the answer kInvalid — more agree marks than
// max_agree on a competitive question (rule B7.1).
absl::StatusOr<AnswerStatus> ClassifyDecision(const std::string& path, const v1::Form& form,
                                              const v1::Question& question,
                                              const v1::Answer& answer);

// FormHasRecusals returns whether any decision candidate of `form` lists a
// recused voter.
bool FormHasRecusals(const v1::Form& form);

// CheckRecusal refuses (INVALID_ARGUMENT, naming the mark, rule B4) a
// ballot of `form` cast by `voter_id` that marks a decision candidate the
// voter is recused on, whatever the vote. Leaving the candidate blank is
// what a recused member does.
absl::Status CheckRecusal(const v1::Form& form, const v1::Ballot& ballot,
                          absl::string_view voter_id);

// DecisionCount accumulates the valid answers to one decision question.
class DecisionCount {
 public:
  explicit DecisionCount(const v1::DecisionQuestion& q);

  // Add counts one kValid answer; marks on unknown candidates are ignored.
  void Add(const v1::Answer& answer);

  // Fill writes the question's DecisionTally: `due` members receive the
  // form (应到会), `present` were checked in with it (实到), `valid` ballots
  // answered the question validly (including blank).
  void Fill(uint32_t due, uint32_t present, uint32_t valid, v1::DecisionTally* out) const;

 private:
  struct Row {
    std::string id;
    uint32_t recused = 0;  // recused voters leaving the denominator
    uint32_t agree = 0, disagree = 0, abstain = 0, defer = 0;
  };
  v1::DecisionQuestion question_;  // settings only: candidates cleared
  std::vector<Row> rows_;          // spec order
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_DECISION_H_
