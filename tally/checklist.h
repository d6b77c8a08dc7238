// Positive/negative checklists (正向/反向测评, rule S-7): for each subject a
// voter ticks the items that apply; the tally gives count and share per
// subject and item.
#ifndef GONGXIN_TALLY_CHECKLIST_H_
#define GONGXIN_TALLY_CHECKLIST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/ballot.h"

namespace gongxin::tally {

inline constexpr int kMaxChecklistItems = 100;
inline constexpr int kMaxChecklistSubjects = 1000;

// ValidateChecklist checks a checklist question at `path`: 1 to 1000 valid
// subjects; 1 to 100 items with valid, unique ids, labels of 1 to 100
// characters and a polarity (positive or negative). INVALID_ARGUMENT
// naming the field.
absl::Status ValidateChecklist(const std::string& path, const v1::ChecklistQuestion& q);

// ClassifyChecklist classifies `answer` to checklist `question`. Blank when
// it ticks nothing. NOT_FOUND for an unknown subject or item;
// INVALID_ARGUMENT for a subject listed twice, an item ticked twice for one
// subject, or fields of another kind. Ticking any number of items is
// allowed, so a checklist answer is never an over-vote.
absl::StatusOr<AnswerStatus> ClassifyChecklist(const std::string& path,
                                               const v1::Question& question,
                                               const v1::Answer& answer);

// ChecklistCount accumulates the valid answers to one checklist question.
class ChecklistCount {
 public:
  explicit ChecklistCount(const v1::ChecklistQuestion& q);
  // Add counts one kValid answer; unknown subjects or items and repeats are
  // ignored.
  void Add(const v1::Answer& answer);
  // Fill appends one ChecklistSubjectTally per subject (spec order) with
  // every item's count (item order, zeros included) and blank = `valid`
  // ballots that ticked nothing for the subject.
  void Fill(uint32_t valid, v1::QuestionTally* out) const;

 private:
  std::vector<std::string> subject_ids_;
  std::vector<std::string> item_ids_;
  std::vector<uint32_t> counts_;   // counts_[s * items + i]
  std::vector<uint32_t> ticked_;   // by subject: ballots ticking any item
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_CHECKLIST_H_
