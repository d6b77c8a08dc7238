// Follow-up evaluations (rule S-5, seed 004, 监督评议): a cadre whose
// satisfaction evaluation has 不满意 > 1/3 gets 诫勉谈话, > 1/2 demotion;
// after a 3- or 6-month 整改 (rectification) period a later evaluation
// meeting re-evaluates the same cadre. A form's graded question links to
// the earlier meeting's question (Form.follow_up) as progressive rounds
// link today (tally/round.h); the link is part of the spec, so the genesis
// entry commits to it. These functions say what a valid link is and what
// changed between the two evaluations.
#ifndef GONGXIN_TALLY_FOLLOW_UP_H_
#define GONGXIN_TALLY_FOLLOW_UP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/rational.h"
#include "tally/round.h"

namespace gongxin::tally {

// At most two years between an evaluation and its follow-up.
inline constexpr uint32_t kMaxFollowUpMonths = 24;

// ValidateFollowUpLink checks form.follow_up on its own (INVALID_ARGUMENT
// naming the field under `path`): the previous meeting, form and question
// ids are valid ids; question_id names a graded question of `form`;
// count_entry_hash is 32 bytes; months is at most kMaxFollowUpMonths.
absl::Status ValidateFollowUpLink(const std::string& path, const v1::Form& form);

// CheckFollowUpLink checks `form`'s follow_up (which must pass
// ValidateFollowUpLink) against the meeting it names, naming fields under
// `path`: FAILED_PRECONDITION unless that meeting is COUNTED or PUBLISHED;
// INVALID_ARGUMENT if count_seq or count_entry_hash is not its count
// entry's, if the previous form or question does not exist or is not
// graded, if the grades differ (ids, in order), or if a subject of this
// question is not a subject of the previous one with the same id and name
// (naming the first that is not).
absl::Status CheckFollowUpLink(const std::string& path, const v1::Form& form,
                               const PreviousRound& previous);

// One grade of one subject, before and after rectification. A share is
// count ÷ the question's rate basis (GradedQuestion.rate_basis, VALID by
// default) for that subject; 0 when the basis is 0.
struct FollowUpGradeChange {
  std::string grade_id;
  std::string label;
  uint32_t before_count = 0;
  uint64_t before_den = 0;
  Rational before_share;
  uint32_t after_count = 0;
  uint64_t after_den = 0;
  Rational after_share;
  // after_share − before_share, in percentage points (exact).
  Rational ChangePoints() const;
};

struct FollowUpSubjectChange {
  std::string subject_id;
  std::string name;
  std::vector<FollowUpGradeChange> grades;  // in scale order
  // The S-5 flags (rule ids such as "S-5a", "S-5b") the counts raised for
  // this subject, as recorded in each result (tally/annotate.h RaiseFlags);
  // s5_before / s5_after say whether that form has S-5 rules at all.
  bool s5_before = false;
  bool s5_after = false;
  std::vector<std::string> flags_before;
  std::vector<std::string> flags_after;
};

struct FollowUpComparison {
  std::string previous_meeting_id;
  std::string form_id;
  std::string question_id;
  uint32_t months = 0;
  std::vector<FollowUpSubjectChange> subjects;  // this question's order
};

// FollowUpChanges compares form `form_id`'s follow-up question (the form
// must have a follow_up link) of `spec` and its count `result` with the
// question it links to in `previous_spec` and `previous_result`. NOT_FOUND
// for an unknown form, question or tally; INVALID_ARGUMENT if the form has
// no link or the two questions do not match (CheckFollowUpLink's terms).
absl::StatusOr<FollowUpComparison> FollowUpChanges(const v1::MeetingSpec& previous_spec,
                                                   const v1::TallyResult& previous_result,
                                                   const v1::MeetingSpec& spec,
                                                   const v1::TallyResult& result,
                                                   absl::string_view form_id);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_FOLLOW_UP_H_
