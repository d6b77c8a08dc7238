// One interface for every question kind, i.e. every case of the oneof
// v1::Question.kind: how its spec is checked, how an answer to it is
// classified, how large an answer can be, and how valid answers are counted
// into the tally. ValidateSpec, ClassifyBallot, MaxBallotBytes and Counter
// reach each kind only through it (tally/kinds/registry.h), so a new kind
// is one file pair in this folder (docs/design.md, "Adding a question kind").
#ifndef GONGXIN_TALLY_KINDS_KIND_H_
#define GONGXIN_TALLY_KINDS_KIND_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/answer_status.h"

namespace gongxin::tally {

// What a kind's tally may need besides its own answers.
struct KindContext {
  uint32_t due = 0;      // 应到: roll voters receiving the form
  uint32_t present = 0;  // 实到: of those, checked in with the form (issued)
  uint32_t valid = 0;    // ballots answering the question validly, blank included
};

// The count of one question: its valid answers, accumulated. Memory grows
// with the question's spec (and an approval question's distinct write-ins),
// never with the number of ballots.
class KindCount {
 public:
  virtual ~KindCount() = default;

  // Add counts one answer that ClassifyBallot found kValid. Anything it
  // would have refused is a caller bug: unknown marks are ignored, and a
  // mark repeated within the answer is counted once.
  virtual void Add(const v1::Answer& answer) = 0;

  // Fill writes the kind's part of the question's tally; Counter writes the
  // parts every kind shares (question_id, valid, blank, invalid, rate basis).
  virtual void Fill(const KindContext& context, v1::QuestionTally* out) const = 0;

  // Clone copies the count: a Counter is copied whole (a trial MeetingState)
  // and each copy must count on its own.
  virtual std::unique_ptr<KindCount> Clone() const = 0;
};

// A field of v1::Answer that holds one kind's marks.
struct AnswerField {
  absl::string_view name;                     // as in the proto: "write_ins"
  bool (*present)(const v1::Answer& answer);  // whether `answer` sets it
};

// One question kind. Implementations are stateless singletons.
class QuestionKind {
 public:
  virtual ~QuestionKind() = default;

  // The oneof case this kind implements, and that case's field name
  // ("approval"), which is also its part of every spec path.
  virtual v1::Question::KindCase kind_case() const = 0;
  virtual absl::string_view name() const = 0;

  // How error messages name the kind, article included: "a checklist", as
  // in "question q1 is a checklist question".
  virtual absl::string_view phrase() const = 0;

  // The fields of v1::Answer that hold this kind's marks. An answer to a
  // question of another kind that sets one is refused (ClassifyBallot).
  virtual absl::Span<const AnswerField> answer_fields() const = 0;

  // Whether ClassifyBallot refuses other kinds' fields before calling
  // Classify (true) or after it succeeds (false). Which error a ballot
  // with several faults gets depends on it, and recorded refusals must not
  // change, so approval and graded, which check some foreign fields
  // themselves with their own wording, keep "after". A new kind: true.
  virtual bool foreign_fields_first() const = 0;

  // Validate checks question.<name()> of `form`, naming fields under `path`
  // (e.g. "spec.forms[0].questions[1].decision"). INVALID_ARGUMENT. The
  // question's id and title are checked by ValidateSpec.
  virtual absl::Status Validate(const std::string& path, const v1::Form& form,
                                const v1::Question& question) const = 0;

  // Classify classifies `answer`, found at `path` ("ballot.answers[2]"), to
  // `question` of `form` (which passed ValidateSpec): kBlank when it marks
  // nothing, kInvalid for an over-vote the form's overvote policy spoils
  // (rule A6a), kValid otherwise. Fails, naming the field, for marks the
  // question does not list (NOT_FOUND) or cannot take (INVALID_ARGUMENT).
  virtual absl::StatusOr<AnswerStatus> Classify(const std::string& path, const v1::Form& form,
                                                const v1::Question& question,
                                                const v1::Answer& answer) const = 0;

  // MaxMarkBytes returns the encoded size of this kind's fields in the
  // largest answer to `question` that Classify accepts (everything it can
  // mark, marked once): what MaxBallotBytes adds to the answer's
  // question_id. Exact, since sealed anonymous ballots are padded to it.
  virtual size_t MaxMarkBytes(const v1::Question& question) const = 0;

  // NewCount returns an empty count for `question`, which passed
  // ValidateSpec and is of this kind.
  virtual std::unique_ptr<KindCount> NewCount(const v1::Question& question) const = 0;
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_KIND_H_
