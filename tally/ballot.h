// Classification of one filled ballot against its form: which questions are
// valid, blank (弃权) or invalid (废票), and which ballots must be refused.
#ifndef GONGXIN_TALLY_BALLOT_H_
#define GONGXIN_TALLY_BALLOT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/answer_status.h"

namespace gongxin::tally {

// ClassifyBallot returns one status per question of `form`, in form order.
// `form` must pass ValidateSpec. A question without an answer, an approval
// question answered with no choice and no write-in, or a graded question
// answered with no grade, is kBlank. A graded question with at least one
// subject graded is kValid (subjects left out are blank for that subject,
// rule D3); it is never kInvalid, since one grade per subject leaves nothing
// to over-vote.
//
// Fails, naming the field path, with:
// - INVALID_ARGUMENT: ballot.form_id is not form.id; two answers for one
//   question; a candidate chosen twice; write-ins on a question that does not
//   allow them, or more than MaxWriteIns (the question's max_choices, at
//   most 100; tally/kinds/approval.h); a write-in that is not well-formed
//   UTF-8, empty after trimming, over 100 code points as sent (spaces
//   included), holds control characters, is not in Unicode NFC
//   (tally::CheckNfc), equals a listed candidate's name (the voter must
//   choose the candidate) or another write-in of the same answer (both
//   compared after NormalizeWriteIn); an over-vote (choices plus write-ins above
//   max_choices) when form.overvote_policy is not SPOIL, e.g.
//   "ballot.answers[0]: 4 choices exceed max_choices 3 for question q1";
//   grades on an approval answer; choices or write-ins on a graded answer; a
//   subject graded twice ("ballot.answers[0].grades[2].subject_id: subject
//   p1 graded twice (first at grades[0])"); a ballot whose encoding is
//   larger than MaxBallotBytes(form) (only bytes of no known field can make
//   it so), naming "ballot"; a field of another kind's answer
//   ("ballot.answers[0].write_ins: question q1 is a decision question; it
//   takes no write_ins"); or what the question's kind refuses
//   (tally/kinds/).
// - NOT_FOUND: an answer names a question not in the form, a choice names
//   a candidate not listed for the question, or a grade names a subject not
//   listed for the question (ballot.answers[i].grades[j].subject_id) or a
//   grade not in its scale (ballot.answers[i].grades[j].grade_id), or
//   another kind's mark names something its question does not list.
absl::StatusOr<std::vector<AnswerStatus>> ClassifyBallot(const v1::Form& form,
                                                         const v1::Ballot& ballot);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_BALLOT_H_
