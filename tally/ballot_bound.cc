// The ballot-size bound: the form's id and, per question, its id and what
// the question's kind can mark.
#include "tally/ballot_bound.h"

#include "tally/kinds/registry.h"
#include "tally/wire_size.h"

namespace gongxin::tally {
namespace {

// The encoded Answer (without its own tag and length) that marks all of
// `question`.
size_t MaxAnswerBytes(const v1::Question& question) {
  size_t bytes = Delimited(question.id().size());
  if (const QuestionKind* kind = KindFor(question)) bytes += kind->MaxMarkBytes(question);
  return bytes;
}

}  // namespace

size_t MaxBallotBytes(const v1::Form& form) {
  size_t bytes = Delimited(form.id().size());
  for (const v1::Question& question : form.questions()) {
    bytes += Delimited(MaxAnswerBytes(question));
  }
  return bytes;
}

}  // namespace gongxin::tally
