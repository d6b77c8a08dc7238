// The kinds this build implements. A new kind is added to AllKinds here,
// in the position of its field in the oneof.
#include "tally/kinds/registry.h"

#include "absl/strings/str_cat.h"
#include "tally/kinds/approval.h"
#include "tally/kinds/checklist.h"
#include "tally/kinds/decision.h"
#include "tally/kinds/element.h"
#include "tally/kinds/graded.h"

namespace gongxin::tally {

absl::Span<const QuestionKind* const> AllKinds() {
  static const QuestionKind* const kKinds[] = {
      &ApprovalKind(), &GradedKind(), &DecisionKind(), &ElementKind(), &ChecklistKind(),
  };
  return kKinds;
}

const QuestionKind* KindFor(v1::Question::KindCase kind_case) {
  for (const QuestionKind* kind : AllKinds()) {
    if (kind->kind_case() == kind_case) return kind;
  }
  return nullptr;
}

const QuestionKind* KindFor(const v1::Question& question) {
  return KindFor(question.kind_case());
}

absl::Status ForeignAnswerFields(const std::string& path, const QuestionKind& kind,
                                 const v1::Question& question, const v1::Answer& answer) {
  for (const QuestionKind* other : AllKinds()) {
    if (other == &kind) continue;
    for (const AnswerField& field : other->answer_fields()) {
      if (field.present(answer)) {
        return absl::InvalidArgumentError(absl::StrCat(path, ".", field.name, ": question ",
                                                       question.id(), " is ", kind.phrase(),
                                                       " question; it takes no ", field.name));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
