// What a ballot's answer to one question counts as. Its own header because
// every question kind (tally/kinds/) returns it and tally/ballot.h, which
// classifies whole ballots, sits above the kinds.
#ifndef GONGXIN_TALLY_ANSWER_STATUS_H_
#define GONGXIN_TALLY_ANSWER_STATUS_H_

namespace gongxin::tally {

enum class AnswerStatus {
  kValid,    // counted
  kBlank,    // no mark: an abstention, still a valid answer (rule A6 [I])
  kInvalid,  // spoiled by an over-vote under OVERVOTE_POLICY_SPOIL (rule A6a)
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_ANSWER_STATUS_H_
