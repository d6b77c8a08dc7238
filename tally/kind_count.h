// The count of the question kinds added after approval and graded —
// decision, best-per-element, checklist — behind one small interface, so
// Counter needs only three hooks for all of them.
#ifndef GONGXIN_TALLY_KIND_COUNT_H_
#define GONGXIN_TALLY_KIND_COUNT_H_

#include <cstdint>
#include <variant>

#include "gongxin/v1/meeting.pb.h"
#include "tally/checklist.h"
#include "tally/decision.h"
#include "tally/element.h"

namespace gongxin::tally {

// What a kind's tally may need besides its own answers.
struct KindContext {
  uint32_t due = 0;      // 应到: roll voters receiving the form
  uint32_t present = 0;  // 实到: of those, checked in with the form (issued)
  uint32_t valid = 0;    // ballots answering the question validly, blank included
};

class KindCount {
 public:
  KindCount() = default;
  // For returns the count for `question`'s kind; inactive for approval and
  // graded questions, which Counter counts itself.
  static KindCount For(const v1::Question& question);

  bool active() const { return !std::holds_alternative<std::monostate>(count_); }
  // Add counts one kValid answer.
  void Add(const v1::Answer& answer);
  // Fill writes the kind's part of the question's tally.
  void Fill(const KindContext& context, v1::QuestionTally* out) const;

 private:
  std::variant<std::monostate, DecisionCount, ElementCount, ChecklistCount> count_;
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KIND_COUNT_H_
