// Validation of a meeting spec (groups, forms, questions, candidates) and,
// through tally/spec_lookup.h, lookups into it. A spec that passes
// ValidateSpec is what every other part of tally/ assumes.
#ifndef GONGXIN_TALLY_SPEC_H_
#define GONGXIN_TALLY_SPEC_H_

#include <cstdint>

#include "absl/status/status.h"
#include "gongxin/v1/meeting.pb.h"
// The lookups were declared here first and callers of ValidateSpec mostly
// use both, so this header still brings them.
#include "tally/spec_lookup.h"

namespace gongxin::tally {

inline constexpr int kMaxForms = 64;
// MeetingSpec.text_version of the meetings this version creates: 1 words a
// rate veto's reason with both figures as decimals ("S-9: 优秀率 30.00 <
// 33.33"); 0 kept the threshold as written ("… 30.00 < 100/3").
inline constexpr uint32_t kTextVersion = 1;
inline constexpr int kMaxGroups = 100;
inline constexpr int kMaxQuestionsPerForm = 100;

// ValidateSpec checks `spec` and fails with INVALID_ARGUMENT naming the first
// offending field path (e.g. "spec.forms[0].questions[1].approval.seats") when:
// - title (≤ 200 characters) or unit (≤ 200) is empty; description is over
//   10000 characters; any human string is not well-formed UTF-8 or holds
//   control characters (newlines and tabs are allowed in description only);
// - there is no group or more than 100, a group id is invalid or repeated, a
//   group name is empty or over 100 characters;
// - (everywhere) an id "repeated" includes one differing from another of the
//   same scope only in letter case ("c1", "C1": tally::DistinctIds);
// - there is no form or more than 64; a form id is invalid or repeated; a
//   form title is empty; mode is neither NAMED nor ANONYMOUS; overvote_policy
//   is not a known value; eligible_groups names an undeclared group or one
//   twice; a form has no question or more than 100;
// - a question id is invalid or repeated within its form; a question has no
//   kind; its kind's own checks fail (tally/kinds/, where the checks of
//   decision, element and checklist questions are listed), e.g. an
//   approval question has an empty post,
//   seats 0, no candidate or more than 1000, a candidate id invalid or
//   repeated within the question, an empty candidate name, or max_choices
//   outside 1..100 or above the number of candidates without write-ins;
// - a graded question (rules C2, D2, D3) has no subject or more than 1000,
//   a subject id invalid or repeated within the question, a subject name,
//   current_post or note failing the candidate limits; a scale of fewer
//   than 2 or more than 10 grades, a grade id invalid or repeated within the
//   scale, an empty grade label (≤ 100 characters), more than one dont_know
//   grade, or a dont_know grade first (the first grade is the best
//   judgement), e.g. "spec.forms[1].questions[0].graded.scale[2].id";
// - locale is not "", "zh-CN" or "en".
absl::Status ValidateSpec(const v1::MeetingSpec& spec);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_SPEC_H_
