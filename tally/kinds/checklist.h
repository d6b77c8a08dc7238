// Positive/negative checklists (正向/反向测评, rule S-7): for each subject a
// voter ticks the items that apply; the tally gives count and share per
// subject and item.
#ifndef GONGXIN_TALLY_KINDS_CHECKLIST_H_
#define GONGXIN_TALLY_KINDS_CHECKLIST_H_

#include "tally/kinds/kind.h"

namespace gongxin::tally {

inline constexpr int kMaxChecklistItems = 100;
inline constexpr int kMaxChecklistSubjects = 1000;

// ChecklistKind is the kind of v1::Question.checklist.
const QuestionKind& ChecklistKind();

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_CHECKLIST_H_
