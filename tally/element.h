// Best-per-element recommendation (要素推荐, rule S-6): for each element
// (道德品行最好, 工作最敬业, …) a voter names at most one person of a shared
// pool; the tally ranks the pool per element.
#ifndef GONGXIN_TALLY_ELEMENT_H_
#define GONGXIN_TALLY_ELEMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/ballot.h"

namespace gongxin::tally {

inline constexpr int kMaxElements = 100;

// ValidateElement checks an element question at `path`: 1 to 100 elements
// with valid, unique ids and labels of 1 to 100 characters; a pool of 1 to
// 1000 valid people. INVALID_ARGUMENT naming the field.
absl::Status ValidateElement(const std::string& path, const v1::ElementQuestion& q);

// ClassifyElement classifies `answer` to element `question`. Blank when it
// names nobody. NOT_FOUND for an unknown element or candidate;
// INVALID_ARGUMENT for fields of another kind and — unless the form's
// overvote policy is SPOIL, which makes the answer kInvalid — for a second
// person named for one element (rule S-6: one person per element; A6a).
absl::StatusOr<AnswerStatus> ClassifyElement(const std::string& path, const v1::Form& form,
                                             const v1::Question& question,
                                             const v1::Answer& answer);

// ElementCount accumulates the valid answers to one element question.
class ElementCount {
 public:
  explicit ElementCount(const v1::ElementQuestion& q);
  // Add counts one kValid answer; unknown elements or candidates are ignored.
  void Add(const v1::Answer& answer);
  // Fill appends one ElementTally per element (spec order): votes and
  // competition rank per pool candidate (pool order), and blank = `valid`
  // ballots that named nobody for the element.
  void Fill(uint32_t valid, v1::QuestionTally* out) const;

 private:
  std::vector<std::string> element_ids_;
  std::vector<std::string> candidate_ids_;
  // votes_[e * candidates + c]
  std::vector<uint32_t> votes_;
  std::vector<uint32_t> named_;  // by element: ballots naming someone
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_ELEMENT_H_
