// Approval questions (推荐 / 选举, rules A1–A7): the voter marks up to
// max_choices listed candidates and, when allowed, writes names in
// (另推他人); the tally gives votes and competition ranks over candidates and
// written-in names together.
#ifndef GONGXIN_TALLY_KINDS_APPROVAL_H_
#define GONGXIN_TALLY_KINDS_APPROVAL_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/kinds/kind.h"

namespace gongxin::tally {

inline constexpr int kMaxCandidatesPerQuestion = 1000;
inline constexpr uint32_t kMaxChoicesLimit = 100;
inline constexpr int kMaxWriteInChars = 100;
inline constexpr int kMaxWriteInsPerAnswer = 100;

// ApprovalKind is the kind of v1::Question.approval. Its spec checks and
// the errors of its answers are listed under ValidateSpec (tally/spec.h)
// and ClassifyBallot (tally/ballot.h).
const QuestionKind& ApprovalKind();

// NormalizeWriteIn returns `name` without leading and trailing ASCII
// whitespace and ideographic spaces (U+3000). Nothing else is changed.
std::string NormalizeWriteIn(absl::string_view name);

// MaxWriteIns returns how many names an answer to `question` may write in:
// none unless the question allows write-ins; otherwise its max_choices, and
// never more than kMaxWriteInsPerAnswer. (A write-in beyond max_choices
// could only over-vote the answer; refusing it keeps ballots bounded by
// what the voter may mark.)
int MaxWriteIns(const v1::Question& question);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_APPROVAL_H_
