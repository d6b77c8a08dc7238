// Dispatch of the decision, element and checklist counts.
#include "tally/kind_count.h"

namespace gongxin::tally {

KindCount KindCount::For(const v1::Question& question) {
  KindCount k;
  switch (question.kind_case()) {
    case v1::Question::kDecision:
      k.count_.emplace<DecisionCount>(question.decision());
      break;
    case v1::Question::kElement:
      k.count_.emplace<ElementCount>(question.element());
      break;
    case v1::Question::kChecklist:
      k.count_.emplace<ChecklistCount>(question.checklist());
      break;
    default:
      break;
  }
  return k;
}

void KindCount::Add(const v1::Answer& answer) {
  if (auto* d = std::get_if<DecisionCount>(&count_)) d->Add(answer);
  if (auto* e = std::get_if<ElementCount>(&count_)) e->Add(answer);
  if (auto* c = std::get_if<ChecklistCount>(&count_)) c->Add(answer);
}

void KindCount::Fill(const KindContext& context, v1::QuestionTally* out) const {
  if (const auto* d = std::get_if<DecisionCount>(&count_)) {
    d->Fill(context.due, context.present, context.valid, out->mutable_decision());
  }
  if (const auto* e = std::get_if<ElementCount>(&count_)) e->Fill(context.valid, out);
  if (const auto* c = std::get_if<ChecklistCount>(&count_)) c->Fill(context.valid, out);
}

}  // namespace gongxin::tally
