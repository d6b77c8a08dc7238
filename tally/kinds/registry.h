// The question kinds this build implements, one per case of the oneof
// v1::Question.kind, and the checks that need all of them at once.
#ifndef GONGXIN_TALLY_KINDS_REGISTRY_H_
#define GONGXIN_TALLY_KINDS_REGISTRY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/kinds/kind.h"

namespace gongxin::tally {

// AllKinds returns every kind, in the order of the oneof's fields: the
// order in which errors list them and look for foreign answer fields.
absl::Span<const QuestionKind* const> AllKinds();

// KindFor returns the kind of `question`, or nullptr when it has none
// (KIND_NOT_SET, also what a kind unknown to this build parses as).
const QuestionKind* KindFor(const v1::Question& question);
const QuestionKind* KindFor(v1::Question::KindCase kind_case);

// ForeignAnswerFields refuses, naming the field, any part of `answer` that
// belongs to a kind other than `kind`, the kind of `question` (e.g.
// write-ins on a decision question: "ballot.answers[0].write_ins: question
// q1 is a decision question; it takes no write_ins"). INVALID_ARGUMENT.
absl::Status ForeignAnswerFields(const std::string& path, const QuestionKind& kind,
                                 const v1::Question& question, const v1::Answer& answer);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_REGISTRY_H_
