// Which renderer a question gets: as the spec says its kind is or, for a
// question the spec lacks, as the tally's shape says; then what the
// counting rules add to it (rates, shortlist, flags). The overall and the
// per-group tables both come through here, so a group shows the same
// figures as the whole form.
#include "report/sections/sections.h"

namespace gongxin::report::sections {
namespace {

enum class Kind { kApproval, kGraded, kDecision, kElement, kChecklist, kOther };

Kind KindOf(const v1::Question* question, const v1::QuestionTally& tally) {
  if (question != nullptr) {
    switch (question->kind_case()) {
      case v1::Question::kApproval: return Kind::kApproval;
      case v1::Question::kGraded: return Kind::kGraded;
      case v1::Question::kDecision: return Kind::kDecision;
      case v1::Question::kElement: return Kind::kElement;
      case v1::Question::kChecklist: return Kind::kChecklist;
      default: return Kind::kOther;
    }
  }
  if (tally.has_decision()) return Kind::kDecision;
  if (tally.elements_size() > 0) return Kind::kElement;
  if (tally.checklist_size() > 0) return Kind::kChecklist;
  if (tally.subjects_size() > 0) return Kind::kGraded;
  return Kind::kApproval;
}

}  // namespace

void AppendQuestion(const Context& c, const v1::Form* form, const v1::QuestionTally& tally,
                    Block* out) {
  const v1::Question* question = FindQuestion(form, tally.question_id());
  switch (KindOf(question, tally)) {
    case Kind::kApproval:
      AppendApprovalQuestion(c, question, tally, out);
      AppendShortlist(c, question, tally, &out->children.back());
      break;
    case Kind::kGraded:
      AppendGradedQuestion(c, question, tally, out);
      AppendRates(c, question, tally, &out->children.back());
      break;
    case Kind::kDecision:
      AppendDecisionQuestion(c, question, tally, out);
      break;
    case Kind::kElement:
      AppendElementQuestion(c, question, tally, out);
      break;
    case Kind::kChecklist:
      AppendChecklistQuestion(c, question, tally, out);
      break;
    case Kind::kOther:
      AppendOtherQuestion(c, question, tally, out);
      return;
  }
  // Flags sit under the question they are about.
  AppendFlags(c, question, tally, &out->children.back());
}

}  // namespace gongxin::report::sections
