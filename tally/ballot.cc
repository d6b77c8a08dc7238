// Ballot classification: each answer to the question it names, by the
// question's kind (tally/kinds/), then the ballot's size.
#include "tally/ballot.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "tally/ballot_bound.h"
#include "tally/kinds/registry.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {

absl::StatusOr<std::vector<AnswerStatus>> ClassifyBallot(const v1::Form& form,
                                                         const v1::Ballot& ballot) {
  if (ballot.form_id() != form.id()) {
    return absl::InvalidArgumentError(absl::StrCat("ballot.form_id: ", Quote(ballot.form_id()),
                                                   " does not match form ", form.id()));
  }
  std::vector<AnswerStatus> statuses(form.questions_size(), AnswerStatus::kBlank);
  std::vector<int> answered_at(form.questions_size(), -1);
  for (int i = 0; i < ballot.answers_size(); ++i) {
    const v1::Answer& answer = ballot.answers(i);
    const std::string path = absl::StrCat("ballot.answers[", i, "]");
    int q = 0;
    while (q < form.questions_size() && form.questions(q).id() != answer.question_id()) ++q;
    if (q == form.questions_size()) {
      return absl::NotFoundError(absl::StrCat(path, ".question_id: unknown question ",
                                              Quote(answer.question_id()), " in form ", form.id()));
    }
    if (answered_at[q] >= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".question_id: second answer for question ", answer.question_id(),
                       " (first at ballot.answers[", answered_at[q], "])"));
    }
    answered_at[q] = i;
    const v1::Question& question = form.questions(q);
    const QuestionKind* kind = KindFor(question);
    if (kind == nullptr) {
      // ValidateSpec refuses such a form; never count what it cannot mean.
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": question ", question.id(), " has no kind this version counts"));
    }
    if (kind->foreign_fields_first()) {
      RETURN_IF_ERROR(ForeignAnswerFields(path, *kind, question, answer));
    }
    ASSIGN_OR_RETURN(statuses[q], kind->Classify(path, form, question, answer));
    if (!kind->foreign_fields_first()) {
      RETURN_IF_ERROR(ForeignAnswerFields(path, *kind, question, answer));
    }
  }
  // Every part is checked, so only bytes no field accounts for (unknown
  // fields) can make a ballot larger than the form's largest.
  const size_t size = ballot.ByteSizeLong();
  if (const size_t max = MaxBallotBytes(form); size > max) {
    return absl::InvalidArgumentError(absl::StrCat("ballot: ", size,
                                                   " bytes, more than the largest ballot form ",
                                                   form.id(), " can take (", max, " bytes)"));
  }
  return statuses;
}

}  // namespace gongxin::tally
