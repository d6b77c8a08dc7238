// Graded questions (测评, rules C2, D2, D3): each subject is given at most
// one grade of an ordered scale, best first; the tally gives counts per
// subject and grade, and how many valid ballots left each subject blank.
#ifndef GONGXIN_TALLY_KINDS_GRADED_H_
#define GONGXIN_TALLY_KINDS_GRADED_H_

#include "tally/kinds/kind.h"

namespace gongxin::tally {

inline constexpr int kMaxSubjectsPerQuestion = 1000;
inline constexpr int kMinGradesPerScale = 2;
inline constexpr int kMaxGradesPerScale = 10;

// GradedKind is the kind of v1::Question.graded. Its spec checks and the
// errors of its answers are listed under ValidateSpec (tally/spec.h) and
// ClassifyBallot (tally/ballot.h).
const QuestionKind& GradedKind();

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_GRADED_H_
